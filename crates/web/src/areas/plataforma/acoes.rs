//! The actions on a câmara behind a confirmation page: suspend, resume, move, export, and
//! delete (typing the câmara's identifier to confirm).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{PlacementTarget, TenantStatus};
use serde::Deserialize;
use store::infra::catalog::{self, Tenant};

use super::{Logado, camara, logado};
use crate::error::WebError;
use crate::http::entrada::{Form, Path};
use crate::kit::formato::de_camara;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/confirmar.html")]
pub(super) struct ConfirmarPage {
    admin: String,
    csrf: String,
    titulo: String,
    texto: String,
    acao: String,
    /// Where "Cancelar" leads.
    voltar: String,
    /// The identifier to type to confirm (deletion), if any.
    digitar: Option<String>,
}

impl ConfirmarPage {
    pub(super) fn new(
        l: &Logado,
        titulo: &str,
        texto: String,
        acao: String,
        voltar: String,
    ) -> Self {
        Self {
            admin: l.admin.nome.clone(),
            csrf: l.csrf.clone(),
            titulo: titulo.into(),
            texto,
            acao,
            voltar,
            digitar: None,
        }
    }
}

fn acao_texto(acao: &str, t: &Tenant) -> Option<(&'static str, String)> {
    let da = de_camara(&t.nome_oficial);
    match acao {
        "suspender" => Some((
            "Suspender câmara",
            format!("O portal {da} passará a mostrar a página de manutenção."),
        )),
        "reativar" => Some(("Reativar câmara", format!("O portal {da} voltará ao ar."))),
        "mover-dedicado" => Some((
            "Mover para banco próprio",
            format!(
                "Os dados {da} serão copiados para um banco próprio; as alterações ficam suspensas durante a cópia."
            ),
        )),
        "mover-pool" => Some((
            "Mover para o pool",
            format!(
                "Os dados {da} serão copiados para o banco compartilhado; as alterações ficam suspensas durante a cópia."
            ),
        )),
        "exportar" => Some((
            "Exportar os dados da câmara",
            format!(
                "Um arquivo JSON com todas as linhas {da}, sem segredos (hashes de senha, segredos TOTP e tokens omitidos; CPFs mascarados). A exportação é registrada na auditoria da plataforma."
            ),
        )),
        "excluir" => Some((
            "Excluir câmara",
            format!(
                "Todos os dados {da} serão apagados ({}) e o portal sairá do ar. Isto não pode ser desfeito. Para confirmar, digite o identificador da câmara: {}.",
                t.placement, t.slug
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
    let mut page = ConfirmarPage::new(
        &l,
        titulo,
        texto,
        format!("/admin-master/camaras/{}/{acao}", t.slug),
        format!("/admin-master/camaras/{}", t.slug),
    );
    if acao == "excluir" {
        page.digitar = Some(t.slug.clone());
    }
    Ok(page)
}

#[derive(Deserialize, Default)]
pub(super) struct AcaoForm {
    #[serde(default)]
    confirmacao: String,
}

pub(super) async fn executar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, acao)): Path<(String, String)>,
    Form(f): Form<AcaoForm>,
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
        "exportar" => return exportar(&state, &l, &t).await,
        "excluir" => {
            if f.confirmacao.trim() != t.slug {
                return Err(store::Error::from(domain::ValidationError::new(
                    "confirmacao",
                    format!(
                        "Para excluir a câmara, digite exatamente o identificador \"{}\".",
                        t.slug
                    ),
                ))
                .into());
            }
            store::infra::provision::delete(&state.store, &t, &l.actor()).await?;
            return Ok(Redirect::to("/admin-master?excluida=1").into_response());
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

/// The câmara's rows as a JSON download, secrets left out (as `plenario tenant export`).
async fn exportar(state: &AppState, l: &Logado, t: &Tenant) -> Result<Response, WebError> {
    use store::plataforma::backup::segredos;
    let mut data = store::infra::moves::export(&state.store, t).await?;
    segredos::aplicar(&mut data, segredos::Modo::Exportacao);
    l.registrou(
        state,
        "tenant.export",
        Some(t),
        serde_json::json!({ "segredos": false }),
    )
    .await?;
    let corpo = serde_json::to_vec_pretty(&data).map_err(|e| {
        WebError::Store(store::Error::Migration(format!("exportação em JSON: {e}")))
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.json\"", t.slug),
            ),
        ],
        corpo,
    )
        .into_response())
}
