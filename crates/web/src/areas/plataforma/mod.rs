//! The master panel, on the platform host only: câmaras, their status and placement,
//! security events, schema versions, the platform audit log. Platform administrators log
//! in with password and TOTP code together.
//!
//! Its routes are data, like the câmaras' ones: [`tabela`] lists them, the router below
//! puts them behind the host check and the login, and `web::routes::plataforma_route_info`
//! gives them to the isolation suite.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::infra::catalog::{self, Tenant};
use store::plataforma::{self, Admin};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth;
use crate::routes::Routes;
use crate::state::AppState;

mod acoes;
pub mod alertas;
mod camaras;
mod dominios;
mod fila;
mod limites;
mod login;
mod monitoramento;
mod relatorios;
mod senha;
mod usuarios;

const COOKIE: &str = "plenario_plataforma";
const CSRF_COOKIE: &str = "plenario_plataforma_csrf";
const POR_PAGINA: i64 = 50;

/// The one master-panel page open without a session.
pub const LOGIN: &str = "/admin-master/login";

/// The master panel's routes: (open ones, the ones behind the login).
pub(crate) fn tabela() -> (Routes, Routes) {
    let abertas = Routes::new()
        .get(LOGIN, login::login_form)
        .post(LOGIN, login::login);
    let protegidas = Routes::new()
        .get("/admin-master", camaras::camaras)
        .post("/admin-master/sair", login::sair)
        .get("/admin-master/senha", senha::form)
        .post("/admin-master/senha", senha::trocar)
        .get("/admin-master/camaras/nova", camaras::nova_form)
        .post("/admin-master/camaras/nova", camaras::nova)
        .get("/admin-master/camaras/{slug}", camaras::detalhe)
        .get("/admin-master/camaras/{slug}/usuarios", usuarios::usuarios)
        .post("/admin-master/camaras/{slug}/usuarios", usuarios::criar)
        .post(
            "/admin-master/camaras/{slug}/usuarios/{id}/papel",
            usuarios::papel,
        )
        .get(
            "/admin-master/camaras/{slug}/usuarios/{id}/senha",
            usuarios::senha_confirmar,
        )
        .post(
            "/admin-master/camaras/{slug}/usuarios/{id}/senha",
            usuarios::senha,
        )
        .get(
            "/admin-master/camaras/{slug}/usuarios/{id}/desativar",
            usuarios::desativar_confirmar,
        )
        .post(
            "/admin-master/camaras/{slug}/usuarios/{id}/desativar",
            usuarios::desativar,
        )
        .get(
            "/admin-master/camaras/{slug}/usuarios/{id}/reativar",
            usuarios::reativar_confirmar,
        )
        .post(
            "/admin-master/camaras/{slug}/usuarios/{id}/reativar",
            usuarios::reativar,
        )
        .post(
            "/admin-master/camaras/{slug}/dominios",
            dominios::dominio_adicionar,
        )
        .post(
            "/admin-master/camaras/{slug}/dominios/remover",
            dominios::dominio_remover,
        )
        .post("/admin-master/camaras/{slug}/limites", limites::salvar)
        .get("/admin-master/relatorios", relatorios::relatorios)
        .get("/admin-master/monitoramento", monitoramento::monitoramento)
        .get("/admin-master/camaras/{slug}/{acao}", acoes::confirmar)
        .post("/admin-master/camaras/{slug}/{acao}", acoes::executar)
        .get("/admin-master/seguranca", monitoramento::seguranca)
        .get("/admin-master/versoes", monitoramento::versoes)
        .get("/admin-master/auditoria", relatorios::auditoria)
        .get("/admin-master/fila", fila::fila)
        .get(
            "/admin-master/camaras/{slug}/jobs/{id}/{acao}",
            fila::confirmar,
        )
        .post("/admin-master/camaras/{slug}/jobs/{id}/{acao}", fila::acao);
    (abertas, protegidas)
}

pub fn router(state: AppState) -> Router<AppState> {
    let (abertas, protegidas) = tabela();
    Router::new()
        .merge(abertas.router)
        .merge(
            protegidas
                .router
                .route_layer(axum::middleware::from_fn_with_state(state.clone(), guard)),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            platform_host_only,
        ))
}

/// The master panel exists only on the platform host; elsewhere it is a plain 404.
async fn platform_host_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(domain::host::normalize);
    if host.as_deref() != Some(state.config.platform_host.as_str()) {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "404 Not Found\n",
        )
            .into_response();
    }
    next.run(req).await
}

#[derive(Clone)]
pub(super) struct Logado {
    admin: Admin,
    csrf: String,
    sessao: Uuid,
}

impl Logado {
    pub(super) fn actor(&self) -> String {
        format!("plataforma:{}", self.admin.email)
    }

    /// Records that the platform read `o_que` inside câmara `t`.
    async fn leu(&self, state: &AppState, t: &Tenant, o_que: &str) -> Result<(), WebError> {
        self.registrou(
            state,
            "platform.read",
            Some(t),
            serde_json::json!({ "o_que": o_que }),
        )
        .await
    }

    /// Records `acao` (about câmara `t`, if any) in the platform audit log.
    async fn registrou(
        &self,
        state: &AppState,
        acao: &str,
        t: Option<&Tenant>,
        detalhes: serde_json::Value,
    ) -> Result<(), WebError> {
        state
            .store
            .audit_platform(
                &self.actor(),
                acao,
                t.map(|t| (t.id, t.slug.as_str())),
                detalhes,
            )
            .await?;
        Ok(())
    }
}

async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let sessao = match jar.get(COOKIE) {
        Some(c) => match plataforma::sessao(&state.store, c.value()).await {
            Ok(s) => s,
            Err(e) => return WebError::Store(e).into_response(),
        },
        None => None,
    };
    let Some((admin, csrf, sessao)) = sessao else {
        return Redirect::to("/admin-master/login").into_response();
    };
    crate::http::registro::anotar_usuario(&admin.id);
    // On the one-time password: nothing but changing it, or leaving.
    let path = req.uri().path();
    if admin.trocar_senha && path != "/admin-master/senha" && path != "/admin-master/sair" {
        return Redirect::to("/admin-master/senha").into_response();
    }
    let mut req = req;
    if req.method() != axum::http::Method::GET {
        req = match auth::check_csrf(req, &csrf).await {
            Ok(r) => r,
            Err(resp) => return resp,
        };
    }
    req.extensions_mut().insert(Logado {
        admin,
        csrf,
        sessao,
    });
    next.run(req).await
}

/// The câmara a panel URL names.
async fn camara(state: &AppState, slug: &str) -> Result<Tenant, WebError> {
    catalog::find_by_slug(state.store.control(), slug)
        .await?
        .ok_or(WebError::NotFound)
}

fn logado(ext: &axum::http::Extensions) -> Result<Logado, WebError> {
    ext.get::<Logado>().cloned().ok_or(WebError::Unauthorized)
}

#[derive(Deserialize)]
struct PaginaQuery {
    pagina: Option<i64>,
}

/// (page, pages) of a list of `total` rows, `POR_PAGINA` a page, for the page asked for.
fn paginas(total: i64, pedida: Option<i64>) -> (i64, i64) {
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    (pedida.unwrap_or(1).clamp(1, paginas), paginas)
}

/// One page of the catalog: (câmaras, page, pages, total).
async fn pagina_de_camaras(
    state: &AppState,
    pedida: Option<i64>,
) -> Result<(Vec<Tenant>, i64, i64, i64), WebError> {
    let total = catalog::count(state.store.control()).await?;
    let (pagina, paginas) = paginas(total, pedida);
    let camaras =
        catalog::list(state.store.control(), POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    Ok((camaras, pagina, paginas, total))
}
