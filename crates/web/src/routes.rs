//! The route table. Câmara routes are registered through [`Routes`], which records each
//! method and path, so the isolation suite can walk every route without a hand-kept list.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodRouter, on};
use domain::auth::Permissao;

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
    pub(crate) router: Router<AppState>,
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
            .route_layer(axum::middleware::from_fn(crate::http::alheio::registrar))
            .route_layer(axum::middleware::from_fn(move |req, next| {
                crate::http::auth::guard(permissao, req, next)
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
    use crate::areas::*;
    Routes::new()
        .merge(camara::portal::routes())
        .merge(camara::contraste::routes())
        .merge(composicao::publico::routes())
        .merge(conta::routes())
        .merge(camara::configuracoes::routes())
        .merge(camara::tv::routes())
        .merge(camara::markdown::routes())
        .merge(conta::senha_reset::routes())
        .merge(composicao::admin::routes())
        .merge(mesa::routes())
        .merge(comissoes::routes())
        .merge(emendas::routes())
        .merge(sessoes_plenarias::routes())
        .merge(proposicoes::routes())
        .merge(conteudo::noticias::routes())
        .merge(conteudo::paginas::routes())
        .merge(camara::transparencia::routes())
        .merge(dados_abertos::openapi::routes())
        .merge(dados_abertos::pagina::routes())
        .merge(busca::routes())
        .merge(tramitacao::routes())
        .merge(acompanhamento::routes())
        .merge(proposicoes::admin::routes())
        .merge(protocolo::routes())
        .merge(eletronica::routes())
        .merge(normas::routes())
}

/// The routes the table holds (for the isolation suite and for documentation).
pub fn route_info() -> Vec<RouteInfo> {
    table().info
}

/// Master-panel paths reachable without a platform session (the login itself).
pub const PLATAFORMA_PUBLIC: &[&str] = &[crate::areas::plataforma::LOGIN];

/// Every route of the master panel (served on the platform host only), listed as the
/// panel registers them, for the isolation suite and for documentation.
pub fn plataforma_route_info() -> Vec<RouteInfo> {
    let (abertas, protegidas) = crate::areas::plataforma::tabela();
    abertas.merge(protegidas).info
}
