//! "Esqueci minha senha": a link by e-mail, valid for one hour, used once.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::auditoria::{self, Autor};
use store::conta::senha_reset;
use store::conta::sessoes_login;
use store::{Access, TenantTx};

use crate::error::WebError;
use crate::http::auth;
use crate::http::entrada::{Form, Query};
use crate::http::pedido;
use crate::http::tenant::CurrentTenant;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/senha/esqueci", pedido_form)
        .post("/admin/senha/esqueci", pedido)
        .get("/admin/senha/redefinir", redefinir_form)
        .post("/admin/senha/redefinir", redefinir)
}

#[derive(Template, WebTemplate)]
#[template(path = "conta/esqueci.html")]
struct PedidoPage {
    camara: String,
    csrf: String,
    enviado: bool,
    erro: Option<String>,
}

async fn pedido_form(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let csrf = sessoes_login::token_aleatorio(24)?;
    let page = PedidoPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: csrf.clone(),
        enviado: false,
        erro: None,
    };
    Ok((jar.add(auth::login_csrf_cookie(&state, csrf)), page).into_response())
}

#[derive(Deserialize)]
struct PedidoForm {
    email: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// Always the same answer, whether the e-mail exists or not (no enumeration).
async fn pedido(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<PedidoForm>,
) -> Result<Response, WebError> {
    auth::check_login_csrf(&jar, &f.csrf)?;
    let page = |enviado: bool, erro: Option<String>| PedidoPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: f.csrf.clone(),
        enviado,
        erro,
    };
    let Ok(email) = domain::auth::parse_email(&f.email) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(false, Some("Informe um e-mail válido.".into())),
        )
            .into_response());
    };
    let ip = pedido::client_ip(&state.config.trusted_proxies, &ext, &headers);
    let mut tx = TenantTx::begin(&state.store, &current.tenant, Access::Write).await?;
    let pedido = senha_reset::solicitar(&mut tx, &email, ip).await?;
    let autor = Autor {
        usuario_id: pedido.as_ref().map(|(u, _)| u.id),
        email: Some(email.clone()),
        ip,
        request_id: pedido::request_id(&headers),
    };
    auditoria::evento(&mut tx, &autor, "usuario", None, "pedir_redefinicao_senha").await?;
    tx.commit().await?;
    if let Some((u, token)) = pedido {
        let link = format!(
            "{}/admin/senha/redefinir?token={token}",
            crate::http::origem::da_camara(&state, &current)
        );
        let body = format!(
            "Olá, {}.\n\nRecebemos um pedido para redefinir a sua senha de acesso à administração da {}.\n\n\
             Para escolher uma nova senha, abra o endereço abaixo (válido por uma hora, uma única vez):\n\n{link}\n\n\
             Se você não fez este pedido, ignore esta mensagem: sua senha atual continua valendo.\n",
            u.nome, current.tenant.nome_oficial
        );
        if let Err(e) = state
            .config
            .mailer
            .send(
                &u.email,
                &format!("Redefinição de senha — {}", current.tenant.nome_oficial),
                body,
            )
            .await
        {
            tracing::error!(error = %e, "could not send the password reset e-mail");
        }
    }
    Ok(page(true, None).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "conta/redefinir.html")]
struct RedefinirPage {
    camara: String,
    csrf: String,
    token: String,
    valido: bool,
    concluido: bool,
    erro: Option<String>,
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn redefinir_form(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let token = q.token.unwrap_or_default();
    let mut tx = TenantTx::begin(&state.store, &current.tenant, Access::Read).await?;
    let valido = senha_reset::validar(&mut tx, &token).await?.is_some();
    drop(tx);
    let csrf = sessoes_login::token_aleatorio(24)?;
    let page = RedefinirPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: csrf.clone(),
        token,
        valido,
        concluido: false,
        erro: None,
    };
    let status = if valido {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok((status, jar.add(auth::login_csrf_cookie(&state, csrf)), page).into_response())
}

#[derive(Deserialize)]
struct RedefinirForm {
    token: String,
    nova: String,
    confirmacao: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

async fn redefinir(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<RedefinirForm>,
) -> Result<Response, WebError> {
    auth::check_login_csrf(&jar, &f.csrf)?;
    let page = |valido: bool, concluido: bool, erro: Option<String>| RedefinirPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: f.csrf.clone(),
        token: f.token.clone(),
        valido,
        concluido,
        erro,
    };
    let mut tx = TenantTx::begin(&state.store, &current.tenant, Access::Write).await?;
    let Some((id, usuario)) = senha_reset::validar(&mut tx, &f.token).await? else {
        return Ok((StatusCode::GONE, page(false, false, None)).into_response());
    };
    if f.nova != f.confirmacao {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(
                true,
                false,
                Some("A nova senha e a confirmação são diferentes.".into()),
            ),
        )
            .into_response());
    }
    let autor = Autor {
        usuario_id: Some(usuario.id),
        email: Some(usuario.email.clone()),
        ip: pedido::client_ip(&state.config.trusted_proxies, &ext, &headers),
        request_id: pedido::request_id(&headers),
    };
    match senha_reset::concluir(&mut tx, &autor, id, &usuario, &f.nova).await {
        // The owner is back in: earlier failed guesses (of the old password) are forgiven,
        // so a throttled connection may log in with the new one at once.
        Ok(()) => sessoes_login::limpar_falhas(&mut tx, &usuario.email).await?,
        Err(store::Error::Validation(v)) => {
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                page(true, false, Some(v.message)),
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok((
        jar.remove(auth::login_csrf_removal()),
        page(false, true, None),
    )
        .into_response())
}
