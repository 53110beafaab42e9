//! Database rules of mesa_comissoes.
