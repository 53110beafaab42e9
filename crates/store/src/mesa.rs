//! The mesa diretora: cargos (configurable) and its members per sessão legislativa, with history.
