//! The `plenario` binary, run as an operator would.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod acessibilidade;
mod backup;
mod cli;
mod comum;
mod dev;
mod pgbouncer;
mod processos;
mod proxy;
mod queda;
mod servicos;
mod supervisor;
