//! Integration tests of the job queue, against the test binary's private PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod fila;
