//! Login to the master panel (password and TOTP code together) and logout.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::Deserialize;
use store::conta::sessoes_login;
use store::plataforma::{self, Falha};

use super::{COOKIE, CSRF_COOKIE, logado};
use crate::error::WebError;
use crate::http::entrada::Form;
use crate::http::pedido;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/login.html")]
pub(super) struct LoginPage {
    csrf: String,
    email: String,
    erro: Option<String>,
}

pub(super) async fn login_form(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let csrf = sessoes_login::token_aleatorio(24)?;
    let cookie = Cookie::build((CSRF_COOKIE, csrf.clone()))
        .path("/admin-master")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.secure)
        .build();
    Ok((
        jar.add(cookie),
        LoginPage {
            csrf,
            email: String::new(),
            erro: None,
        },
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    email: String,
    senha: String,
    codigo: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

pub(super) async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: axum::http::HeaderMap,
    ext: axum::http::Extensions,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    if f.csrf.is_empty() || jar.get(CSRF_COOKIE).map(|c| c.value()) != Some(f.csrf.as_str()) {
        return Err(WebError::Csrf);
    }
    let ip = pedido::client_ip(&state.config.trusted_proxies, &ext, &headers);
    let limite = state.config.limite_login;
    match plataforma::entrar(&state.store, &f.email, &f.senha, &f.codigo, ip, limite).await? {
        Ok((admin, cookie, _)) => {
            let c = Cookie::build((COOKIE, cookie))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(state.config.secure)
                .build();
            Ok((
                jar.add(c).remove(
                    Cookie::build((CSRF_COOKIE, ""))
                        .path("/admin-master")
                        .build(),
                ),
                Redirect::to(if admin.trocar_senha {
                    "/admin-master/senha"
                } else {
                    "/admin-master"
                }),
            )
                .into_response())
        }
        Err(falha) => {
            let (status, msg) = match falha {
                Falha::Espera(espera) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    sessoes_login::mensagem_espera(espera),
                ),
                Falha::Credenciais => (
                    StatusCode::UNAUTHORIZED,
                    "E-mail, senha ou código incorretos.".to_owned(),
                ),
                Falha::SenhaExpirada => (
                    StatusCode::UNAUTHORIZED,
                    "A senha provisória expirou sem ser usada (ela vale 24 horas). Peça uma nova \
                     ao operador: plenario platform-admin reset-password --email …"
                        .to_owned(),
                ),
            };
            Ok((
                status,
                LoginPage {
                    csrf: f.csrf,
                    email: f.email,
                    erro: Some(msg),
                },
            )
                .into_response())
        }
    }
}

pub(super) async fn sair(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    plataforma::sair(&state.store, l.sessao).await?;
    Ok((
        jar.remove(Cookie::build((COOKIE, "")).path("/").build()),
        Redirect::to("/admin-master/login"),
    )
        .into_response())
}
