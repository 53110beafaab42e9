//! Integration tests of the HTTP layer, against the test binary's private PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod auth;
mod browser;
mod configuracoes;
mod isolation;
mod parlamentares;
mod plataforma;
mod routing;
mod segundo_fator;
mod senha_reset;
