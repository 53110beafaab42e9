//! Sessions, permissions and CSRF for the câmara's admin.
//!
//! Every admin route is registered with a [`Permissao`] (see `routes::Routes::admin_get`);
//! the [`guard`] middleware runs before the handler: it finds the session from the cookie,
//! sends unauthenticated visitors to the login page, enforces the first-login password
//! change, checks the permission and, on writes, the form's CSRF token.

use std::net::IpAddr;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use domain::auth::Permissao;
use store::auditoria::Autor;
use store::conta::sessoes_login::{self, Sessao};
use store::{Access, TenantTx};

use crate::error::WebError;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::state::AppState;

pub use crate::http::pedido::SESSION_COOKIE;
pub const LOGIN_CSRF_COOKIE: &str = "plenario_csrf";
/// The path of [`LOGIN_CSRF_COOKIE`].
const LOGIN_CSRF_PATH: &str = "/admin";
/// Largest admin form body read for the CSRF check.
const FORM_LIMIT: usize = 1024 * 1024;

/// The logged-in user of this request (set by [`guard`]).
#[derive(Clone)]
pub struct Logado {
    pub sessao: Sessao,
    pub autor: Autor,
}

impl FromRequestParts<AppState> for Logado {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, WebError> {
        parts
            .extensions
            .get::<Logado>()
            .cloned()
            .ok_or(WebError::NotFound)
    }
}

/// What nearly every admin handler takes, as one extractor: the câmara's transaction, the
/// câmara and who is logged in, extracted in that order (as `Tx`, `CurrentTenant` and
/// [`Logado`] would be one by one). Handlers take it as
/// `Admin(mut tx, current, logado): Admin`.
pub struct Admin(pub TenantTx, pub CurrentTenant, pub Logado);

impl FromRequestParts<AppState> for Admin {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let Tx(tx) = Tx::from_request_parts(parts, state).await?;
        let current = CurrentTenant::from_request_parts(parts, state).await?;
        let logado = Logado::from_request_parts(parts, state).await?;
        Ok(Admin(tx, current, logado))
    }
}

/// Builds a session cookie (HttpOnly, SameSite=Lax, Secure behind TLS).
pub fn session_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure)
        .build()
}

/// A cookie that deletes `name`: browsers only delete a cookie of the same path, so it
/// must be the path the cookie was set with.
pub fn removal(name: &'static str, path: &'static str) -> Cookie<'static> {
    Cookie::build((name, "")).path(path).build()
}

/// Deletes the login CSRF cookie ([`login_csrf_cookie`], path `/admin`).
pub fn login_csrf_removal() -> Cookie<'static> {
    removal(LOGIN_CSRF_COOKIE, LOGIN_CSRF_PATH)
}

/// Deletes the session cookie ([`session_cookie`], path `/`).
pub fn session_removal() -> Cookie<'static> {
    removal(SESSION_COOKIE, "/")
}

/// Looks up the session named by the cookie, if valid for this câmara. A cookie issued by
/// another câmara is recorded as a security event.
pub async fn current_session(
    state: &AppState,
    current: &CurrentTenant,
    jar: &CookieJar,
    ip: Option<IpAddr>,
    request_id: Option<&str>,
) -> Result<Option<Sessao>, WebError> {
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let Some((tenant_id, secret)) = sessoes_login::parse_cookie(cookie.value()) else {
        return Ok(None);
    };
    if tenant_id != current.tenant.id {
        state.metrics.evento_de_seguranca(
            current.tenant.id,
            &current.tenant.slug,
            "cookie_de_outra_camara",
        );
        state
            .store
            .security_event(
                "cookie_de_outra_camara",
                Some(current.tenant.id),
                Some(tenant_id),
                ip,
                request_id,
                serde_json::json!({ "host": current.host }),
            )
            .await?;
        return Ok(None);
    }
    // Touching the session is a write; during a move, validate read-only.
    let (mut tx, can_write) =
        match TenantTx::begin(&state.store, &current.tenant, Access::Write).await {
            Ok(tx) => (tx, true),
            Err(store::Error::Frozen) => (
                TenantTx::begin(&state.store, &current.tenant, Access::Read).await?,
                false,
            ),
            Err(e) => return Err(e.into()),
        };
    let sessao = sessoes_login::validar(&mut tx, secret, state.config.sessao, can_write).await?;
    tx.commit().await?;
    Ok(sessao)
}

/// The admin guard for a route that needs `permissao`.
pub async fn guard(permissao: Permissao, req: Request, next: Next) -> Response {
    match guard_inner(permissao, req, next).await {
        Ok(r) | Err(r) => r,
    }
}

async fn guard_inner(permissao: Permissao, req: Request, next: Next) -> Result<Response, Response> {
    let state = req
        .extensions()
        .get::<AppState>()
        .cloned()
        .ok_or_else(|| WebError::NotFound.into_response())?;
    let current = req
        .extensions()
        .get::<CurrentTenant>()
        .cloned()
        .ok_or_else(|| WebError::NotFound.into_response())?;
    let jar = CookieJar::from_headers(req.headers());
    let ip = crate::http::pedido::client_ip(
        &state.config.trusted_proxies,
        req.extensions(),
        req.headers(),
    );
    let rid = crate::http::pedido::request_id(req.headers());
    let sessao = current_session(&state, &current, &jar, ip, rid.as_deref())
        .await
        .map_err(IntoResponse::into_response)?;
    let Some(sessao) = sessao else {
        if req.method() == Method::GET {
            let volta = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/admin");
            let to = format!("/admin/login?volta={}", encode(volta));
            return Err(Redirect::to(&to).into_response());
        }
        return Err(WebError::Unauthorized.into_response());
    };
    let path = req.uri().path().to_owned();
    if sessao.pendente_2fa && path != "/admin/sair" {
        // Password given, code still due: not logged in yet (but may leave).
        if req.method() == Method::GET {
            return Err(Redirect::to("/admin/login/2fa").into_response());
        }
        return Err(WebError::Unauthorized.into_response());
    }
    if sessao.usuario.trocar_senha && path != "/admin/senha" && path != "/admin/sair" {
        return Err(Redirect::to("/admin/senha").into_response());
    }
    let falta_2fa =
        sessao.exigir_2fa && sessao.usuario.papel.sensivel() && !sessao.usuario.totp_ativo;
    if falta_2fa
        && !sessao.usuario.trocar_senha
        && !path.starts_with("/admin/2fa")
        && path != "/admin/sair"
    {
        return Err(Redirect::to("/admin/2fa").into_response());
    }
    if !sessao.usuario.papel.pode(permissao) {
        return Err(WebError::Forbidden.into_response());
    }
    crate::http::registro::anotar_usuario(&sessao.usuario.id);
    let autor = Autor {
        usuario_id: Some(sessao.usuario.id),
        email: Some(sessao.usuario.email.clone()),
        ip,
        request_id: rid,
    };
    let mut req = req;
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if multipart {
            // File uploads carry the token in the form's action (`?_csrf=`), so the
            // handler parses the (already buffered, see `corpo`) body only once.
            let token = req
                .uri()
                .query()
                .and_then(|q| form_field(q.as_bytes(), "_csrf"));
            if token.as_deref() != Some(sessao.csrf.as_str()) {
                return Err(WebError::Csrf.into_response());
            }
        } else {
            req = check_csrf(req, &sessao.csrf).await?;
        }
    }
    req.extensions_mut().insert(Logado { sessao, autor });
    Ok(next.run(req).await)
}

/// Reads the form body, checks its `_csrf` field against `expected`, and puts the body
/// back for the handler. The body is already in memory (`corpo::buffer` read it, bounded
/// and on a clock, before any connection was taken); this only bounds a form's size.
pub async fn check_csrf(req: Request, expected: &str) -> Result<Request, Response> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| WebError::TooLarge.into_response())?;
    let token = form_field(&bytes, "_csrf");
    if token.as_deref() != Some(expected) || expected.is_empty() {
        return Err(WebError::Csrf.into_response());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// One field of an urlencoded form.
pub fn form_field(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A safe place to return to after login: a local admin path only, without control
/// characters (it goes into a Location header).
pub fn safe_return(volta: Option<&str>) -> String {
    match volta {
        Some(v)
            if v.starts_with("/admin")
                && !v.starts_with("//")
                && !v.contains('\\')
                && !v.chars().any(char::is_control) =>
        {
            v.to_owned()
        }
        _ => "/admin".to_owned(),
    }
}

/// Whether a request accepts the HTML admin (used to pick redirect vs status).
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|a| a.contains("text/html") || a.contains("*/*"))
}

/// The CSRF cookie of the forms shown before a session exists (login, password reset):
/// double-submit, SameSite=Strict, limited to /admin.
pub fn login_csrf_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build((LOGIN_CSRF_COOKIE, value))
        .path(LOGIN_CSRF_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.secure)
        .build()
}

/// Checks a pre-session form's `_csrf` field against its cookie.
pub fn check_login_csrf(jar: &CookieJar, field: &str) -> Result<(), WebError> {
    let expected = jar.get(LOGIN_CSRF_COOKIE).map(|c| c.value());
    if field.is_empty() || expected != Some(field) {
        return Err(WebError::Csrf);
    }
    Ok(())
}
