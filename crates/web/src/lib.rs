//! Plenário's HTTP surface.
//!
//! Every request on a câmara's host goes through [`http::tenant::resolve`], which names the
//! câmara from the Host header, and reaches its rows only through the [`http::tenant::Tx`]
//! extractor. The route table ([`routes::table`]) is data: the isolation suite walks it.
//!
//! - [`http`]: what happens to every request before a page: tenant resolution, the guard,
//!   the page cache, headers, bodies, metrics.
//! - [`kit`]: what pages share: the public and admin frames, formatting, form helpers.
//! - [`areas`]: one module per domain area, the same word as in `domain` and `store`.

pub mod app;
pub mod areas;
pub mod error;
pub mod http;
pub mod kit;
pub mod mail;
pub mod routes;
pub mod state;

pub use app::app;
pub use routes::RouteInfo;
pub use state::{AppState, WebConfig};
