//! The public pages of the notícias: the list, one notícia, its cover image.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::conteudo::noticias::{self, CATEGORIAS, FiltroPublico, NoticiaPublica, NoticiaResumo};

use super::POR_PAGINA;
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Leitor, Tx};
use crate::kit::portal::Portal;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    q: Option<String>,
    categoria: Option<String>,
    pagina: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/noticias/lista.html")]
pub(super) struct Lista {
    portal: Portal,
    noticias: Vec<NoticiaResumo>,
    q: String,
    categoria: String,
    categorias: &'static [(&'static str, &'static str)],
    pagina: i64,
    paginas: i64,
    total: i64,
    /// The query string of the filters, for the pagination links.
    filtros: String,
}

pub(super) async fn lista(
    leitor: Leitor,
    jar: CookieJar,
    Query(q): Query<ListaQuery>,
) -> Result<Lista, WebError> {
    let busca = q.q.as_deref().unwrap_or("").trim().to_owned();
    let categoria = q
        .categoria
        .as_deref()
        .filter(|c| CATEGORIAS.iter().any(|(s, _)| s == c))
        .unwrap_or("")
        .to_owned();
    let filtro = FiltroPublico {
        busca: Some(busca.clone()),
        categoria: Some(categoria.clone()),
    };
    let pagina = q.pagina.unwrap_or(1).clamp(1, 10_000);
    let p = crate::ler!(leitor, |store, tenant| noticias::pagina_publica(
        store,
        tenant,
        &filtro,
        POR_PAGINA,
        (pagina - 1) * POR_PAGINA
    ))?;
    let portal = Portal::de(&p.identidade, &jar);
    let (noticias, total) = (p.noticias, p.total);
    let filtros = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &busca)
        .append_pair("categoria", &categoria)
        .finish();
    Ok(Lista {
        portal,
        noticias,
        q: busca,
        categoria,
        categorias: CATEGORIAS,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        filtros,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/noticias/detalhe.html")]
pub(super) struct Detalhe {
    pub(super) portal: Portal,
    pub(super) n: NoticiaPublica,
    /// The body, Markdown rendered and sanitised.
    pub(super) corpo: String,
    /// Where the cover image is served from (the admin's preview uses its own route).
    pub(super) capa_src: Option<String>,
    /// Absolute URLs for the OpenGraph tags.
    pub(super) og_url: String,
    pub(super) og_imagem: Option<String>,
    pub(super) previa: bool,
}

pub(super) async fn detalhe(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(slug): Path<String>,
) -> Result<Detalhe, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let n = noticias::publicada_por_slug(&mut tx, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let base = crate::http::origem::da_camara(&state, &current);
    Ok(Detalhe {
        portal,
        corpo: domain::texto::markdown_seguro(&n.corpo),
        capa_src: n.capa_url(),
        og_url: format!("{base}{}", n.url()),
        og_imagem: n.capa_url().map(|c| format!("{base}{c}")),
        n,
        previa: false,
    })
}

/// A JPEG stored under the câmara's prefix.
pub(super) async fn servir_jpeg(
    state: &AppState,
    current: &CurrentTenant,
    key: &str,
    privado: bool,
) -> Result<Response, WebError> {
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, key)
        .await?
        .ok_or(WebError::NotFound)?;
    let cache = if privado {
        "private, no-store"
    } else {
        "public, max-age=300"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// The cover image of a published notícia (drafts' and scheduled ones' are not served).
pub(super) async fn capa_publica(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let key = noticias::capa_por_slug(&mut tx, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    servir_jpeg(&state, &current, &key, false).await
}
