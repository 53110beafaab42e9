//! Integration tests of the store, against the test binary's private PostgreSQL.

mod contador;
mod migrate;
mod moves;
mod provision;
mod tenancy;
