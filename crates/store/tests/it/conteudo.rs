//! Database rules of conteudo.
