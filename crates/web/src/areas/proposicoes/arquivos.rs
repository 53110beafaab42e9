//! The files of a proposição as served: the one response both the secretaria's download and
//! the public one give (PDFs and images open in the browser, office files download), and the
//! public route `/legislativo/proposicoes/anexos/{id}` the proposição's page links to.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use store::proposicoes::anexos::{self, AnexoProposicao};

use crate::error::WebError;
use crate::http::entrada::Path;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::formulario::id_de;
use crate::state::AppState;

/// The stored bytes of `a` with its type, name and `cache` policy.
pub(super) async fn servir(
    state: &AppState,
    current: &CurrentTenant,
    a: &AnexoProposicao,
    cache: &'static str,
) -> Result<Response, WebError> {
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, &a.arquivo_key)
        .await?
        .ok_or(WebError::NotFound)?;
    let abre = a.content_type == "application/pdf" || a.content_type.starts_with("image/");
    let disposicao = if abre { "inline" } else { "attachment" };
    Ok((
        [
            (header::CONTENT_TYPE, a.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao(disposicao, &a.nome_arquivo),
            ),
            (header::CACHE_CONTROL, cache.to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// A proposição's anexo for anyone: every proposição registered is public, and so are its
/// documents (PNTP). Cached briefly, since the secretaria may remove a file sent by mistake.
pub(super) async fn publico(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = anexos::por_id(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    servir(&state, &current, &a, "public, max-age=300").await
}
