//! The câmara's own address, for absolute links printed in pages, feeds, calendars and
//! e-mails. Built from the catalog's host and the configuration only, never from what the
//! request carries (`Host` with a port, `X-Forwarded-*`): a page kept by the page cache is
//! shared between visitors, so no visitor may shape the links the next one receives.

use crate::http::tenant::CurrentTenant;
use crate::state::AppState;

/// `http[s]://<câmara host>[:<public port>]`.
pub fn da_camara(state: &AppState, current: &CurrentTenant) -> String {
    de_host(state, &current.host)
}

/// The same for any host this deployment serves (the master panel's, say).
pub fn de_host(state: &AppState, host: &str) -> String {
    let (esquema, padrao) = if state.config.secure {
        ("https", 443)
    } else {
        ("http", 80)
    };
    match state.config.public_port {
        Some(p) if p != padrao => format!("{esquema}://{host}:{p}"),
        _ => format!("{esquema}://{host}"),
    }
}
