//! `/dados-abertos`: the open data for people. Every collection of the API (from the same
//! list the OpenAPI document is built from, so the page cannot miss one), with its formats,
//! filters, licence, update frequency, an example and the OpenAPI link.

use askama::Template;
use askama_web::WebTemplate;
use axum_extra::extract::cookie::CookieJar;

use super::openapi::{COLECOES, Colecao};
use crate::error::WebError;
use crate::http::tenant::Tx;
use crate::kit::portal::Portal;
use crate::routes::Routes;

/// The licence of the open data, as the page and the OpenAPI document state it.
pub const LICENCA: &str = "Creative Commons Atribuição 4.0 Internacional (CC BY 4.0)";
pub const LICENCA_URL: &str = "https://creativecommons.org/licenses/by/4.0/deed.pt-br";

pub fn routes() -> Routes {
    Routes::new().get("/dados-abertos", pagina)
}

#[derive(Template, WebTemplate)]
#[template(path = "dados_abertos/publico/pagina.html")]
struct DadosAbertos {
    portal: Portal,
    colecoes: &'static [Colecao],
    licenca: &'static str,
    licenca_url: &'static str,
}

impl Colecao {
    /// The anchor of the collection on the page (`parlamentares`).
    pub fn ancora(&self) -> String {
        self.caminho
            .trim_start_matches("/api/v1/")
            .replace('/', "-")
    }

    /// The filters' names and descriptions, for the page.
    pub fn filtros_descritos(&self) -> Vec<(&'static str, &'static str)> {
        self.filtros.iter().map(|(n, d, _)| (*n, *d)).collect()
    }
}

async fn pagina(Tx(mut tx): Tx, jar: CookieJar) -> Result<DadosAbertos, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    tx.commit().await?;
    Ok(DadosAbertos {
        portal,
        colecoes: COLECOES,
        licenca: LICENCA,
        licenca_url: LICENCA_URL,
    })
}
