//! Liveness and readiness probes: answer on any host.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::json;
use store::migrate::{self, Scope};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The primary database answers and its schema is the one this binary expects.
async fn readyz(State(state): State<AppState>) -> (StatusCode, axum::Json<serde_json::Value>) {
    let mut problems = Vec::new();
    for scope in [Scope::Control, Scope::App] {
        match migrate::current_version(state.store.control(), scope).await {
            Ok(v) if v == scope.latest() => {}
            Ok(v) => problems.push(format!(
                "esquema {} na versão {v}, esperada {}",
                scope.as_str(),
                scope.latest()
            )),
            Err(e) => {
                tracing::warn!(error = %e, "readiness: database unreachable");
                problems.push("banco de dados inacessível".to_owned());
                break;
            }
        }
    }
    if problems.is_empty() {
        (StatusCode::OK, axum::Json(json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({ "status": "indisponível", "problemas": problems })),
        )
    }
}
