//! Login to a câmara's admin (the password step; the second step is
//! [`super::segundo_fator`]) and logout.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::auditoria::{self, Autor};
use store::conta::sessoes_login;
use store::conta::usuarios;
use store::{Access, TenantTx};

use crate::error::WebError;
use crate::http::auth::{self, Logado, SESSION_COOKIE};
use crate::http::entrada::{Form, Query};
use crate::http::pedido;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "conta/login.html")]
pub(super) struct LoginPage {
    camara: String,
    csrf: String,
    email: String,
    volta: String,
    erro: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct VoltaQuery {
    volta: Option<String>,
}

pub(super) async fn login_form(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    Query(q): Query<VoltaQuery>,
) -> Result<Response, WebError> {
    if let Some(s) = auth::current_session(
        &state,
        &current,
        &jar,
        None,
        pedido::request_id(&headers).as_deref(),
    )
    .await?
    {
        let to = if s.pendente_2fa {
            "/admin/login/2fa".to_owned()
        } else {
            auth::safe_return(q.volta.as_deref())
        };
        return Ok(Redirect::to(&to).into_response());
    }
    let csrf = sessoes_login::token_aleatorio(24)?;
    let page = LoginPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: csrf.clone(),
        email: String::new(),
        volta: auth::safe_return(q.volta.as_deref()),
        erro: None,
    };
    Ok((jar.add(auth::login_csrf_cookie(&state, csrf)), page).into_response())
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    email: String,
    senha: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
    volta: Option<String>,
}

pub(super) async fn login(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    auth::check_login_csrf(&jar, &f.csrf)?;
    let ip = pedido::client_ip(&state.config.trusted_proxies, &ext, &headers);
    let rid = pedido::request_id(&headers);
    let volta = auth::safe_return(f.volta.as_deref());
    let page = |erro: String, email: &str| LoginPage {
        camara: current.tenant.nome_oficial.clone(),
        csrf: f.csrf.clone(),
        email: email.to_owned(),
        volta: volta.clone(),
        erro: Some(erro),
    };
    let Ok(email) = domain::auth::parse_email(&f.email) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page("Informe um e-mail válido.".into(), &f.email),
        )
            .into_response());
    };
    let mut tx = TenantTx::begin(&state.store, &current.tenant, Access::Write).await?;
    // Throttled per (e-mail, client), known account or not (the same answer either way).
    let limite = state.config.limite_login;
    if let Some(espera) =
        sessoes_login::espera(&mut tx, &email, ip, sessoes_login::Etapa::Senha, limite).await?
    {
        tx.commit().await?;
        let msg = sessoes_login::mensagem_espera(espera);
        return Ok((StatusCode::TOO_MANY_REQUESTS, page(msg, &email)).into_response());
    }
    let found = usuarios::por_email_com_hash(&mut tx, &email).await?;
    let ok =
        usuarios::verificar_senha_ou_simular(found.as_ref().map(|(_, h)| h.as_str()), &f.senha)
            .await;
    let autor = Autor {
        usuario_id: found.as_ref().map(|(u, _)| u.id),
        email: Some(email.clone()),
        ip,
        request_id: rid.clone(),
    };
    let usuario = match found {
        Some((u, _)) if ok && u.ativo => u,
        _ => {
            let conhecida = found.is_some();
            sessoes_login::registrar_falha_de(
                &mut tx,
                &email,
                ip,
                sessoes_login::Etapa::Senha,
                conhecida,
            )
            .await?;
            auditoria::evento(&mut tx, &autor, "sessao", None, "login_falhou").await?;
            tx.commit().await?;
            return Ok((
                StatusCode::UNAUTHORIZED,
                page("E-mail ou senha incorretos.".into(), &email),
            )
                .into_response());
        }
    };
    sessoes_login::limpar_falhas_do_cliente(&mut tx, &email, ip, sessoes_login::Etapa::Senha)
        .await?;
    // Rotation: whatever session this browser had ends now.
    if let Some((tid, secret)) = jar
        .get(SESSION_COOKIE)
        .and_then(|c| sessoes_login::parse_cookie(c.value()).map(|(t, s)| (t, s.to_owned())))
        && tid == current.tenant.id
        && let Some(old) =
            sessoes_login::validar(&mut tx, &secret, state.config.sessao, true).await?
    {
        sessoes_login::encerrar(&mut tx, old.id).await?;
    }
    let user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let nova = sessoes_login::criar(
        &mut tx,
        &usuario,
        ip,
        user_agent,
        state.config.sessao,
        usuario.totp_ativo,
    )
    .await?;
    let acao = if usuario.totp_ativo {
        "login_senha"
    } else {
        "login"
    };
    let id = nova.id.to_string();
    auditoria::evento(&mut tx, &autor, "sessao", Some(&id), acao).await?;
    tx.commit().await?;
    let destino = if usuario.totp_ativo {
        let volta: String = form_urlencoded::byte_serialize(volta.as_bytes()).collect();
        format!("/admin/login/2fa?volta={volta}")
    } else if usuario.trocar_senha {
        "/admin/senha".to_owned()
    } else {
        volta
    };
    let jar = jar
        .add(auth::session_cookie(&state, nova.cookie))
        .remove(auth::login_csrf_removal());
    Ok((jar, Redirect::to(&destino)).into_response())
}

pub(super) async fn logout(
    Tx(mut tx): Tx,
    logado: Logado,
    jar: CookieJar,
) -> Result<Response, WebError> {
    sessoes_login::encerrar(&mut tx, logado.sessao.id).await?;
    let id = logado.sessao.id.to_string();
    auditoria::evento(&mut tx, &logado.autor, "sessao", Some(&id), "logout").await?;
    tx.commit().await?;
    Ok((
        jar.remove(auth::session_removal()),
        Redirect::to("/admin/login"),
    )
        .into_response())
}
