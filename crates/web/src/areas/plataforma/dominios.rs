//! A câmara's custom domains, added and removed from the master panel.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::infra::catalog;

use super::{camara, logado};
use crate::error::WebError;
use crate::http::entrada::{Form, Path};
use crate::state::AppState;

#[derive(Deserialize)]
pub(super) struct DominioForm {
    dominio: String,
    #[serde(default)]
    principal: Option<String>,
}

pub(super) async fn dominio_adicionar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
    Form(f): Form<DominioForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let host = domain::host::parse_domain(&f.dominio).map_err(store::Error::from)?;
    if host == state.config.platform_host {
        return Err(store::Error::from(domain::ValidationError::new(
            "dominio",
            format!("O domínio \"{host}\" é o endereço do painel da plataforma."),
        ))
        .into());
    }
    catalog::add_domain(
        state.store.control(),
        &t,
        &host,
        f.principal.is_some(),
        &state.config.base_domain,
    )
    .await?;
    l.registrou(
        &state,
        "tenant.domain_add",
        Some(&t),
        serde_json::json!({ "dominio": host }),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin-master/camaras/{}", t.slug)).into_response())
}

pub(super) async fn dominio_remover(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
    Form(f): Form<DominioForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    catalog::remove_domain(state.store.control(), &t, f.dominio.trim()).await?;
    l.registrou(
        &state,
        "tenant.domain_remove",
        Some(&t),
        serde_json::json!({ "dominio": f.dominio.trim() }),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin-master/camaras/{}", t.slug)).into_response())
}
