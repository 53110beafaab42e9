//! Error pages in the câmara's own clothes: a 403, 404 or 500 of a public page comes back
//! inside the portal's frame (its identity, menu, search and a way home), under `/api/` as
//! an `application/problem+json` in Portuguese, and an unknown path of a câmara's host is a
//! 404 page like any other (never an empty body).
//!
//! Handlers keep returning [`WebError`]: its page marks itself with [`PaginaDeErro`], and
//! [`vestir`], inside tenant resolution, dresses it. The admin keeps the plain page (with a
//! link home): its frame needs the logged-in user.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use store::{Access, TenantTx};

use crate::error::WebError;
use crate::http::pedido::CurrentTenant;
use crate::kit::portal::Portal;
use crate::state::AppState;

/// What an error page said, for [`vestir`] to say again in the portal's frame.
#[derive(Clone, Debug)]
pub struct PaginaDeErro {
    pub titulo: String,
    pub mensagem: String,
}

#[derive(Template)]
#[template(path = "kit/erro_portal.html")]
struct ErroNoPortal<'a> {
    portal: Portal,
    titulo: &'a str,
    mensagem: &'a str,
}

/// The câmara's answer to a path it has no page for.
pub async fn nao_encontrada() -> WebError {
    WebError::NotFound
}

/// The layer: dresses the error pages of a câmara's public paths and API.
pub async fn vestir(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let jar = CookieJar::from_headers(req.headers());
    let current = req.extensions().get::<CurrentTenant>().cloned();
    let resp = next.run(req).await;
    let Some(erro) = resp.extensions().get::<PaginaDeErro>().cloned() else {
        return resp;
    };
    if path == "/api" || path.starts_with("/api/") {
        let mut problema = crate::error::problema(resp.status(), &erro.titulo, &erro.mensagem);
        if let Some(v) = resp.headers().get(header::RETRY_AFTER) {
            problema
                .headers_mut()
                .insert(header::RETRY_AFTER, v.clone());
        }
        return problema;
    }
    let vestivel = matches!(
        resp.status(),
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::INTERNAL_SERVER_ERROR
    );
    if !vestivel || path == "/admin" || path.starts_with("/admin/") {
        return resp;
    }
    let Some(current) = current else {
        return resp;
    };
    // The frame needs the câmara's identity; when even that fails, the plain page stands.
    let portal = async {
        let mut tx = TenantTx::begin(&state.store, &current.tenant, Access::Read).await?;
        Portal::carregar(&mut tx, &jar).await
    };
    let Ok(portal) = portal.await else {
        return resp;
    };
    let pagina = ErroNoPortal {
        portal,
        titulo: &erro.titulo,
        mensagem: &erro.mensagem,
    };
    let Ok(corpo) = pagina.render() else {
        return resp;
    };
    let (mut parts, _) = resp.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut novo = (parts.status, Html(corpo)).into_response();
    for (nome, valor) in &parts.headers {
        if nome != header::CONTENT_TYPE {
            novo.headers_mut().insert(nome.clone(), valor.clone());
        }
    }
    *novo.extensions_mut() = parts.extensions;
    novo
}
