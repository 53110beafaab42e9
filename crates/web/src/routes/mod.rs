//! The route table. Câmara routes are registered through [`Routes`], which records each
//! method and path, so the isolation suite can walk every route without a hand-kept list.

mod admin;
mod busca;
mod comissoes;
mod configuracoes;
mod dados_abertos;
mod formato;
mod health;
mod institucional;
mod mesa;
mod noticias;
pub(crate) mod openapi;
mod parlamentares;
mod parlamentares_admin;
mod plataforma;
mod portal;
pub(crate) mod publico;
mod segundo_fator;
mod senha_reset;
mod sessoes;
mod transparencia;

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, on};
use domain::auth::Permissao;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// A route as the isolation suite and the permission test see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    /// The permission an admin route demands (checked by `auth::guard`).
    pub permissao: Option<Permissao>,
}

/// Admin paths reachable without a session (the login itself).
pub const ADMIN_PUBLIC: &[&str] = &[
    "/admin/login",
    "/admin/login/2fa",
    "/admin/senha/esqueci",
    "/admin/senha/redefinir",
];

/// Collects routes and their metadata together.
pub struct Routes {
    info: Vec<RouteInfo>,
    router: Router<AppState>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

impl Routes {
    pub fn new() -> Self {
        Self {
            info: Vec::new(),
            router: Router::new(),
        }
    }

    fn add(mut self, method: Method, path: &'static str, mr: MethodRouter<AppState>) -> Self {
        self.info.push(RouteInfo {
            method,
            path,
            permissao: None,
        });
        self.router = self.router.route(path, mr);
        self
    }

    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(
            Method::GET,
            path,
            on(axum::routing::MethodFilter::GET, handler),
        )
    }

    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(
            Method::POST,
            path,
            on(axum::routing::MethodFilter::POST, handler),
        )
    }

    fn add_admin(
        mut self,
        method: Method,
        path: &'static str,
        permissao: Permissao,
        mr: MethodRouter<AppState>,
    ) -> Self {
        self.info.push(RouteInfo {
            method,
            path,
            permissao: Some(permissao),
        });
        let mr = mr
            .route_layer(axum::middleware::from_fn(crate::alheio::registrar))
            .route_layer(axum::middleware::from_fn(move |req, next| {
                crate::auth::guard(permissao, req, next)
            }));
        self.router = self.router.route(path, mr);
        self
    }

    /// An admin page: only for logged-in users whose role grants `permissao`.
    pub fn admin_get<H, T>(self, path: &'static str, permissao: Permissao, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add_admin(
            Method::GET,
            path,
            permissao,
            on(axum::routing::MethodFilter::GET, handler),
        )
    }

    /// An admin form submission: as [`admin_get`](Self::admin_get), plus the CSRF check.
    pub fn admin_post<H, T>(self, path: &'static str, permissao: Permissao, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add_admin(
            Method::POST,
            path,
            permissao,
            on(axum::routing::MethodFilter::POST, handler),
        )
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.info.extend(other.info);
        self.router = self.router.merge(other.router);
        self
    }
}

/// Every route served on a câmara's host, with its metadata.
pub fn table() -> Routes {
    Routes::new()
        .merge(portal::routes())
        .merge(publico::routes())
        .merge(parlamentares::routes())
        .merge(admin::routes())
        .merge(configuracoes::routes())
        .merge(senha_reset::routes())
        .merge(parlamentares_admin::routes())
        .merge(mesa::routes())
        .merge(comissoes::routes())
        .merge(sessoes::routes())
        .merge(noticias::routes())
        .merge(institucional::routes())
        .merge(transparencia::routes())
        .merge(openapi::routes())
        .merge(busca::routes())
}

/// The routes the table holds (for the isolation suite and for documentation).
pub fn route_info() -> Vec<RouteInfo> {
    table().info
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let camara = table()
        .router
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::cache::camada,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::tenant::resolve,
        ));
    Router::new()
        .merge(health::router())
        .merge(plataforma::router(state.clone()))
        .route("/static/plataforma.css", axum::routing::get(platform_css))
        .merge(camara)
        // Bodies are read whole before any handler takes a database connection.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::corpo::buffer,
        ))
        // Input the câmara never stores (NUL, control characters, invalid UTF-8): refused here.
        .layer(axum::middleware::from_fn(crate::entrada::borda))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            axum::http::HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::REFERRER_POLICY,
            axum::http::HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'self'; base-uri 'self'",
            ),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::cabecalhos::camada,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(axum::middleware::from_fn(crate::cabecalhos::limpar_pedido))
        .with_state(state)
}

/// The stylesheet of the master panel (the câmaras' one, without a câmara's theme).
async fn platform_css() -> impl axum::response::IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/plenario.css"),
    )
}
