//! Conta: login, the câmara's users, two-factor login and password reset.

pub mod admin;
pub mod segundo_fator;
pub mod senha_reset;
