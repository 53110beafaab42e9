//! The users of a câmara, seen from the platform: the list (an audited read) and a
//! one-time password for any of them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use uuid::Uuid;

use super::{Logado, camara, logado};
use crate::error::WebError;
use crate::http::entrada::Path;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/usuarios.html")]
pub(super) struct UsuariosPage {
    admin: String,
    csrf: String,
    t: Tenant,
    usuarios: Vec<store::conta::usuarios::Usuario>,
    total: i64,
    nova_senha: Option<(String, String)>,
}

pub(super) async fn usuarios_page(
    state: &AppState,
    l: &Logado,
    t: Tenant,
) -> Result<UsuariosPage, WebError> {
    let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
    let (usuarios, total) = store::conta::usuarios::listar(&mut tx, 200, 0).await?;
    drop(tx);
    l.leu(state, &t, "usuários").await?;
    Ok(UsuariosPage {
        admin: l.admin.nome.clone(),
        csrf: l.csrf.clone(),
        t,
        usuarios,
        total,
        nova_senha: None,
    })
}

pub(super) async fn usuarios(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
) -> Result<UsuariosPage, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    usuarios_page(&state, &l, t).await
}

/// Gives a user of the câmara (typically its first administrator) a one-time password.
pub(super) async fn redefinir_senha(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, id)): Path<(String, String)>,
) -> Result<UsuariosPage, WebError> {
    let l = logado(&ext)?;
    // The platform is above the câmara's roles: it may give any account, ADMIN included,
    // a one-time password (docs/identity.md, "Who manages whom"); audited below.
    domain::auth::pode_gerir_como_plataforma(domain::auth::AcaoUsuario::RedefinirSenha)
        .map_err(|_| WebError::Forbidden)?;
    let t = camara(&state, &slug).await?;
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let mut tx = TenantTx::begin(&state.store, &t, Access::Write).await?;
    let u = store::conta::usuarios::por_id(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let senha = store::conta::usuarios::senha_provisoria()?;
    let autor = store::auditoria::Autor::cli(&l.actor());
    store::conta::usuarios::definir_senha(&mut tx, &autor, &u, &senha, true, None).await?;
    tx.commit().await?;
    l.registrou(
        &state,
        "user.reset_password",
        Some(&t),
        serde_json::json!({ "email": u.email }),
    )
    .await?;
    let mut page = usuarios_page(&state, &l, t).await?;
    page.nova_senha = Some((u.email, senha));
    Ok(page)
}
