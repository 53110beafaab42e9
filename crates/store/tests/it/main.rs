//! Integration tests of the store, against the test binary's private PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod contador;
mod migrate;
mod moves;
mod provision;
mod tenancy;
