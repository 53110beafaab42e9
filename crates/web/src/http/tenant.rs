//! Host → câmara, and the tenant-scoped transaction extractor.

use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use domain::TenantStatus;
use store::{Access, TenantTx};

use crate::error::WebError;
use crate::state::AppState;

pub use crate::http::pedido::CurrentTenant;

/// Unknown host: a plain 404 that names nothing.
fn unknown_host() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "404 Not Found\n",
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "kit/manutencao.html")]
struct Maintenance<'a> {
    nome: &'a str,
}

/// Middleware for every câmara route: resolves the Host header, refuses unknown hosts and
/// câmaras that are not serving, and refuses writes to a câmara that is being moved.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(host) = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(domain::host::normalize)
    else {
        return unknown_host();
    };
    let tenant = match state.hosts.get(&state, &host).await {
        Ok(Some(t)) => t,
        Ok(None) => return unknown_host(),
        Err(e) => return WebError::Store(e).into_response(),
    };
    match tenant.status {
        TenantStatus::Active => {}
        TenantStatus::Moving if is_read(req.method()) => {}
        TenantStatus::Moving => return WebError::Store(store::Error::Frozen).into_response(),
        TenantStatus::Suspended => {
            let body = Maintenance {
                nome: &tenant.nome_oficial,
            }
            .render()
            .unwrap_or_default();
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "3600")],
                Html(body),
            )
                .into_response();
        }
        TenantStatus::Provisioning | TenantStatus::Archived => return unknown_host(),
    }
    let tenant_id = tenant.id;
    let ip = crate::http::pedido::client_ip(
        &state.config.trusted_proxies,
        req.extensions(),
        req.headers(),
    );
    let request_id = crate::http::pedido::request_id(req.headers());
    let path = req.uri().path().to_owned();
    let rota = crate::http::registro::rota_de(&req);
    let metodo = req.method().clone();
    crate::http::registro::anotar_camara(&tenant.slug);
    let slug = tenant.slug.to_string();
    let _em_andamento = state.metrics.comeca(tenant_id, &slug);
    let limites = state.config.limites.da_camara(&tenant);
    req.extensions_mut().insert(CurrentTenant { tenant, host });
    req.extensions_mut().insert(state.clone());
    let started = std::time::Instant::now();
    let resp = match (crate::http::limite::contado(&path))
        .then(|| state.limitador.tomar(tenant_id, ip, limites, started))
    {
        Some(Err(recusa)) => {
            state.metrics.limitado(tenant_id, &slug, recusa.escopo);
            crate::http::limite::resposta(&path, recusa)
        }
        _ => next.run(req).await,
    };
    state.metrics.record(
        tenant_id,
        &slug,
        &rota,
        &metodo,
        started.elapsed(),
        resp.status(),
    );
    if let Some(v) = resp.extensions().get::<crate::error::RlsViolation>() {
        let details = serde_json::json!({ "caminho": path, "erro": v.0 });
        state
            .metrics
            .evento_de_seguranca(tenant_id, &slug, "violacao_rls");
        if let Err(e) = state
            .store
            .security_event(
                "violacao_rls",
                Some(tenant_id),
                None,
                ip,
                request_id.as_deref(),
                details,
            )
            .await
        {
            tracing::error!(error = %e, "could not record a security event");
        }
    }
    resp
}

fn is_read(m: &Method) -> bool {
    m == Method::GET || m == Method::HEAD || m == Method::OPTIONS
}

impl FromRequestParts<AppState> for CurrentTenant {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, WebError> {
        parts
            .extensions
            .get::<CurrentTenant>()
            .cloned()
            // Only reachable if a câmara route were mounted without `resolve`.
            .ok_or(WebError::NotFound)
    }
}

/// The tenant-scoped transaction for this request: read-only for GET/HEAD, read-write
/// (and refused during a move) otherwise. The only way handlers reach câmara rows.
pub struct Tx(pub TenantTx);

impl FromRequestParts<AppState> for Tx {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let current = CurrentTenant::from_request_parts(parts, state).await?;
        let access = if is_read(&parts.method) {
            Access::Read
        } else {
            Access::Write
        };
        match TenantTx::begin(&state.store, &current.tenant, access).await {
            Ok(tx) => Ok(Tx(tx)),
            // The câmara just moved: refresh the catalog entry and try once more.
            Err(store::Error::NotResident) => {
                state.hosts.invalidate(&current.host).await;
                let fresh = state
                    .hosts
                    .get(state, &current.host)
                    .await?
                    .ok_or(WebError::NotFound)?;
                Ok(Tx(TenantTx::begin(&state.store, &fresh, access).await?))
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// For a read-only page read in one statement (`store::infra::leitura`) instead of a
/// [`Tx`]: the câmara of the request and the store.
pub struct Leitor {
    state: AppState,
    current: CurrentTenant,
}

impl FromRequestParts<AppState> for Leitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        Ok(Self {
            current: CurrentTenant::from_request_parts(parts, state).await?,
            state: state.clone(),
        })
    }
}

impl Leitor {
    pub fn store(&self) -> &store::Store {
        &self.state.store
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn current(&self) -> &CurrentTenant {
        &self.current
    }

    pub fn tenant(&self) -> &store::infra::catalog::Tenant {
        &self.current.tenant
    }

    /// After a read answered `NotResident` (the câmara just moved): drops the stale
    /// catalog entry and returns the fresh one (as [`Tx`] does).
    pub async fn renovar(&self) -> Result<std::sync::Arc<store::infra::catalog::Tenant>, WebError> {
        self.state.hosts.invalidate(&self.current.host).await;
        self.state
            .hosts
            .get(&self.state, &self.current.host)
            .await?
            .ok_or(WebError::NotFound)
    }
}

/// `ler!(leitor, |store, tenant| read(store, tenant, …))`: runs a page's one-statement
/// read and, if the câmara just moved, reads once more from its new home.
#[macro_export]
macro_rules! ler {
    ($leitor:expr, |$store:ident, $tenant:ident| $corpo:expr) => {{
        let leitor: &$crate::http::tenant::Leitor = &$leitor;
        let primeira = {
            let ($store, $tenant) = (leitor.store(), leitor.tenant());
            $corpo.await
        };
        match primeira {
            Err(store::Error::NotResident) => {
                let fresh = leitor.renovar().await?;
                let ($store, $tenant) = (leitor.store(), &fresh);
                $corpo.await.map_err($crate::error::WebError::from)
            }
            r => r.map_err($crate::error::WebError::from),
        }
    }};
}
