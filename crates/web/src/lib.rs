//! Plenário's HTTP surface.
//!
//! Every request on a câmara's host goes through [`tenant::resolve`], which names the câmara
//! from the Host header, and reaches its rows only through the [`tenant::Tx`] extractor.
//! The route table ([`routes::table`]) is data: the isolation suite walks it.

pub mod alheio;
pub mod auth;
pub mod cabecalhos;
pub mod cache;
pub mod corpo;
pub mod entrada;
pub mod error;
pub mod mail;
pub mod metrics;
pub mod origem;
pub mod routes;
pub mod state;
pub mod tenant;

pub use routes::{RouteInfo, app};
pub use state::{AppState, WebConfig};
