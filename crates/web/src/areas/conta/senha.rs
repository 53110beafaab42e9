//! The logged-in user's own password change (required after a provisional one).

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::ValidationError;
use serde::Deserialize;
use store::conta::usuarios;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::formulario::{Erros, invalido, redirecionar};
use crate::kit::shell::Shell;

#[derive(Template, WebTemplate)]
#[template(path = "conta/senha.html")]
pub(super) struct SenhaPage {
    shell: Shell,
    obrigatoria: bool,
    /// Just changed (the redirect after a change): the confirmation.
    trocada: bool,
    erros: Erros,
}

/// `?trocada=1`, where a successful change lands.
#[derive(Deserialize)]
pub(super) struct SenhaQuery {
    trocada: Option<String>,
}

/// Where a successful change lands: the form again, with the confirmation.
pub(super) const TROCADA: &str = "/admin/senha?trocada=1";

pub(super) async fn senha_form(
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<SenhaQuery>,
) -> SenhaPage {
    SenhaPage {
        trocada: q.trocada.is_some() && !logado.sessao.usuario.trocar_senha,
        obrigatoria: logado.sessao.usuario.trocar_senha,
        shell: Shell::new(&current, &logado, ""),
        erros: Erros::default(),
    }
}

#[derive(Deserialize)]
pub(super) struct SenhaForm {
    atual: String,
    nova: String,
    confirmacao: String,
}

/// Every problem of the form at once: the current password, the confirmation, a new one
/// equal to the current one.
fn conferir(f: &SenhaForm, atual_confere: bool) -> Erros {
    let mut erros = Erros::default();
    if !atual_confere {
        erros.push(ValidationError::new("atual", "A senha atual não confere."));
    }
    if f.nova != f.confirmacao {
        erros.push(ValidationError::new(
            "confirmacao",
            "A nova senha e a confirmação são diferentes.",
        ));
    }
    if f.nova == f.atual {
        erros.push(ValidationError::new(
            "nova",
            "A nova senha deve ser diferente da atual.",
        ));
    }
    erros
}

pub(super) async fn trocar_senha(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<SenhaForm>,
) -> Result<Response, WebError> {
    let usuario = &logado.sessao.usuario;
    let pagina = |erros: Erros| {
        invalido(SenhaPage {
            trocada: false,
            obrigatoria: usuario.trocar_senha,
            shell: Shell::new(&current, &logado, ""),
            erros,
        })
    };
    let Some((_, hash)) = usuarios::por_email_com_hash(&mut tx, &usuario.email).await? else {
        return Err(WebError::Unauthorized);
    };
    let erros = conferir(&f, usuarios::verificar_senha(&hash, &f.atual).await);
    if !erros.vazio() {
        return Ok(pagina(erros));
    }
    match usuarios::definir_senha(
        &mut tx,
        &logado.autor,
        usuario,
        &f.nova,
        false,
        Some(logado.sessao.id),
    )
    .await
    {
        Ok(()) => {}
        Err(store::Error::Validation(v)) => return Ok(pagina(Erros::de_lista(vec![v]))),
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(redirecionar(TROCADA))
}
