//! Conta: the câmara's users, their login sessions, two-factor login and password reset.

pub mod segundo_fator;
pub mod senha_reset;
pub mod sessoes_login;
pub mod usuarios;
