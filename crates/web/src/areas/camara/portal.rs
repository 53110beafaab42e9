//! The câmara's public home page and its theme.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use store::camara;

use crate::kit::portal::Portal;

use crate::error::WebError;
use crate::http::tenant::{Leitor, Tx};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/", home)
        .get("/tema.css", tema)
        .get("/static/plenario.css", stylesheet)
}

#[derive(Template, WebTemplate)]
#[template(path = "camara/home.html")]
struct Home {
    portal: Portal,
    legislatura: Option<i32>,
    vereadores: Vec<store::composicao::ParlamentarPublico>,
    sessoes: Vec<store::sessoes_plenarias::SessaoPlenaria>,
    noticias: Vec<store::conteudo::noticias::NoticiaResumo>,
    /// TV Câmara's player (`super::tv`).
    tv: Option<domain::tv::Player>,
}

async fn home(leitor: Leitor, jar: CookieJar) -> Result<Response, WebError> {
    let p = crate::ler!(leitor, |store, tenant| camara::pagina_inicial(
        store, tenant
    ))?;
    let portal = Portal::de(&p.identidade, &jar);
    let (leg, vereadores, sessoes, noticias) = (p.legislatura, p.vereadores, p.sessoes, p.noticias);
    let tv = super::tv::player(&portal.camara);
    Ok(super::tv::com_politica(
        Home {
            legislatura: leg,
            vereadores,
            sessoes,
            noticias,
            tv: tv.clone(),
            portal,
        },
        tv.as_ref(),
    ))
}

/// The câmara's colours as CSS custom properties (kept out of the HTML so the Content
/// Security Policy needs no inline styles). Revalidated on every use (`no-cache` + ETag), so
/// a change of colours shows at once and an unchanged theme costs a 304.
async fn tema(Tx(mut tx): Tx, headers: HeaderMap) -> Result<Response, WebError> {
    let ident = camara::identidade(&mut tx)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let camara = &ident.config;
    let css = format!(
        ":root {{ --cor-primaria: {}; --cor-secundaria: {}; }}\n",
        camara.cor_primaria, camara.cor_secundaria
    );
    let etag = format!(
        "\"{}{}\"",
        &camara.cor_primaria[1..],
        &camara.cor_secundaria[1..]
    );
    let cache = [
        (header::CACHE_CONTROL, "no-cache".to_owned()),
        (header::ETAG, etag.clone()),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    Ok((
        cache,
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        css,
    )
        .into_response())
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../../static/plenario.css"),
    )
}
