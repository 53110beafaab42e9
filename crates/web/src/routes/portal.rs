//! The câmara's public home page and its theme.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::header;
use axum::response::IntoResponse;
use store::camara::{self, CamaraConfig, RedeSocial};

use super::Routes;
use crate::error::WebError;
use crate::tenant::Tx;

pub fn routes() -> Routes {
    Routes::new()
        .get("/", home)
        .get("/tema.css", tema)
        .get("/static/plenario.css", stylesheet)
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct Home {
    /// Stands in for the brasão until one is uploaded.
    inicial: String,
    camara: CamaraConfig,
    redes: Vec<RedeSocial>,
}

async fn home(Tx(mut tx): Tx) -> Result<Home, WebError> {
    let camara = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
    let redes = camara::redes_sociais(&mut tx).await?;
    tx.commit().await?;
    let inicial = camara.municipio.chars().take(1).collect();
    Ok(Home {
        inicial,
        camara,
        redes,
    })
}

/// The câmara's colours as CSS custom properties (kept out of the HTML so the Content
/// Security Policy needs no inline styles).
async fn tema(Tx(mut tx): Tx) -> Result<impl IntoResponse, WebError> {
    let camara = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let css = format!(
        ":root {{ --cor-primaria: {}; --cor-secundaria: {}; }}\n",
        camara.cor_primaria, camara.cor_secundaria
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        css,
    ))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/plenario.css"),
    )
}
