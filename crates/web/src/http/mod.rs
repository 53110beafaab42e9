//! What every request goes through before a page: the câmara named by the Host header and
//! its transaction ([`tenant`]), login and permission ([`auth`]), the record of another
//! câmara's ids ([`alheio`]), the public page cache ([`cache`]), headers ([`cabecalhos`]),
//! buffered bodies ([`corpo`]), the input rule at the edge ([`entrada`]), absolute links
//! ([`origem`]), rate limits ([`limite`]), metrics ([`metrics`], served by [`prometheus`]), logs ([`registro`]) and health
//! probes.

pub mod alheio;
pub mod auth;
pub mod cabecalhos;
pub mod cache;
pub mod corpo;
pub mod entrada;
pub mod erros;
pub mod health;
pub mod limite;
pub mod metrics;
pub mod origem;
pub mod pedido;
pub mod prometheus;
pub mod registro;
pub mod tenant;
