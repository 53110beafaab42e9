//! Integration tests of the HTTP layer, against the test binary's private PostgreSQL.

mod isolation;
mod routing;
