//! Database rules of perfil.
