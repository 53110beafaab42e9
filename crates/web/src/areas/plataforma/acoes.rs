//! The actions on a câmara behind a confirmation page: suspend, resume, move.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{PlacementTarget, TenantStatus};
use store::infra::catalog::{self, Tenant};

use super::{camara, logado};
use crate::error::WebError;
use crate::http::entrada::Path;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/confirmar.html")]
pub(super) struct ConfirmarPage {
    admin: String,
    csrf: String,
    titulo: String,
    texto: String,
    acao: String,
}

fn acao_texto(acao: &str, t: &Tenant) -> Option<(&'static str, String)> {
    match acao {
        "suspender" => Some((
            "Suspender câmara",
            format!(
                "O portal de {} passará a mostrar a página de manutenção.",
                t.nome_oficial
            ),
        )),
        "reativar" => Some((
            "Reativar câmara",
            format!("O portal de {} voltará ao ar.", t.nome_oficial),
        )),
        "mover-dedicado" => Some((
            "Mover para banco próprio",
            format!(
                "Os dados de {} serão copiados para um banco próprio; as alterações ficam suspensas durante a cópia.",
                t.nome_oficial
            ),
        )),
        "mover-pool" => Some((
            "Mover para o pool",
            format!(
                "Os dados de {} serão copiados para o banco compartilhado; as alterações ficam suspensas durante a cópia.",
                t.nome_oficial
            ),
        )),
        _ => None,
    }
}

pub(super) async fn confirmar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, acao)): Path<(String, String)>,
) -> Result<ConfirmarPage, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let (titulo, texto) = acao_texto(&acao, &t).ok_or(WebError::NotFound)?;
    Ok(ConfirmarPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        titulo: titulo.into(),
        texto,
        acao: format!("/admin-master/camaras/{}/{acao}", t.slug),
    })
}

pub(super) async fn executar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, acao)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    acao_texto(&acao, &t).ok_or(WebError::NotFound)?;
    match acao.as_str() {
        "suspender" | "reativar" => {
            let to = if acao == "suspender" {
                TenantStatus::Suspended
            } else {
                TenantStatus::Active
            };
            catalog::set_status(state.store.control(), &t, to).await?;
            let registro = if to == TenantStatus::Suspended {
                "tenant.suspend"
            } else {
                "tenant.resume"
            };
            l.registrou(&state, registro, Some(&t), serde_json::json!({}))
                .await?;
        }
        _ => {
            let target = PlacementTarget::parse(if acao == "mover-dedicado" {
                "dedicated"
            } else {
                "pool"
            })
            .map_err(store::Error::from)?;
            store::infra::moves::move_tenant(&state.store, &t.slug, &target, &l.actor(), None)
                .await?;
        }
    }
    Ok(Redirect::to(&format!("/admin-master/camaras/{}", t.slug)).into_response())
}
