//! The platform administrator's own password: replaced at the first login (the printed
//! one is one-time), changed at will afterwards. Audited in `control.platform_audit`.

use crate::http::entrada::{Form, Query};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use store::plataforma;

use super::logado;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/senha.html")]
pub(super) struct SenhaPage {
    admin: String,
    csrf: String,
    obrigatoria: bool,
    /// Just changed (the redirect after a change): the confirmation.
    trocada: bool,
    erro: Option<String>,
}

/// `?trocada=1`, where a successful change lands.
#[derive(Deserialize)]
pub(super) struct SenhaQuery {
    trocada: Option<String>,
}

pub(super) async fn form(
    ext: axum::http::Extensions,
    Query(q): Query<SenhaQuery>,
) -> Result<SenhaPage, WebError> {
    let l = logado(&ext)?;
    Ok(SenhaPage {
        trocada: q.trocada.is_some() && !l.admin.trocar_senha,
        obrigatoria: l.admin.trocar_senha,
        admin: l.admin.nome,
        csrf: l.csrf,
        erro: None,
    })
}

#[derive(Deserialize)]
pub(super) struct SenhaForm {
    atual: String,
    nova: String,
    confirmacao: String,
}

pub(super) async fn trocar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Form(f): Form<SenhaForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let erro = |msg: String| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            SenhaPage {
                admin: l.admin.nome.clone(),
                csrf: l.csrf.clone(),
                obrigatoria: l.admin.trocar_senha,
                trocada: false,
                erro: Some(msg),
            },
        )
            .into_response()
    };
    if f.nova != f.confirmacao {
        return Ok(erro("A nova senha e a confirmação são diferentes.".into()));
    }
    match plataforma::trocar_senha(&state.store, &l.admin, l.sessao, &f.atual, &f.nova).await {
        Ok(()) => Ok(Redirect::to("/admin-master/senha?trocada=1").into_response()),
        Err(store::Error::Validation(v)) => Ok(erro(v.message)),
        Err(e) => Err(e.into()),
    }
}
