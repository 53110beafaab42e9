//! Liveness and readiness probes: answer on any host.

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::json;
use store::infra::migrate::{self, Scope};

use crate::state::AppState;

/// The longest a probe of one database may take: a probe that hangs is a failed probe. It is
/// the store's own wait for a connection (`Limites::acquire_timeout`, 1 s by default), so the
/// probe never calls unready what a request would still have been served by.
fn limite(store: &store::Store) -> Duration {
    store.config().limites.acquire_timeout
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The primary database answers (within the store's acquire timeout) and its schema is the one this binary
/// expects: 200, otherwise 503. The primary is asked even while it is marked unreachable
/// ([`store::Store::probe_control`]): the probe is what finds it back. The data-plane databases this process has used are probed
/// too, at the same time; one that does not answer is listed (`bancos_inacessiveis`) but
/// does not make the process unready, since every other câmara is still served.
async fn readyz(State(state): State<AppState>) -> (StatusCode, axum::Json<serde_json::Value>) {
    let store = &state.store;
    let espera = limite(store);
    let primary = async {
        let mut problems = Vec::new();
        let r = store
            .probe_control(async {
                tokio::time::timeout(espera, async {
                    let mut versions = Vec::new();
                    for scope in [Scope::Control, Scope::App] {
                        versions.push((
                            scope,
                            migrate::current_version(store.control(), scope).await?,
                        ));
                    }
                    Ok::<_, store::Error>(versions)
                })
                .await
                .unwrap_or_else(|_| {
                    Err(store::Error::Unavailable(format!(
                        "sem resposta em {} ms",
                        espera.as_millis()
                    )))
                })
            })
            .await;
        match r {
            Ok(versions) => {
                for (scope, v) in versions {
                    if v != scope.latest() {
                        problems.push(format!(
                            "esquema {} na versão {v}, esperada {}",
                            scope.as_str(),
                            scope.latest()
                        ));
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "readiness: database unreachable");
                problems.push("banco de dados inacessível".to_owned());
            }
        }
        problems
    };
    let data_planes = async {
        let mut probes = tokio::task::JoinSet::new();
        for (db, pool) in store.open_app_pools() {
            probes.spawn(async move {
                let ok = tokio::time::timeout(espera, sqlx::query("SELECT 1").execute(&pool))
                    .await
                    .is_ok_and(|r| r.is_ok());
                (!ok).then(|| db.to_string())
            });
        }
        let mut down: Vec<String> = probes.join_all().await.into_iter().flatten().collect();
        down.sort();
        down
    };
    let (problems, down) = tokio::join!(primary, data_planes);
    if problems.is_empty() {
        (
            StatusCode::OK,
            axum::Json(json!({ "status": "ok", "bancos_inacessiveis": down })),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({
                "status": "indisponível",
                "problemas": problems,
                "bancos_inacessiveis": down,
            })),
        )
    }
}
