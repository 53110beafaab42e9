//! The whole application: the platform's routes, the câmaras' route table behind tenant
//! resolution and the page cache, and the layers every request passes.

use axum::Router;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let camara = crate::routes::table()
        .router
        .fallback(crate::http::erros::nao_encontrada)
        .layer(axum::middleware::from_fn_with_state(
            state.paginas.clone(),
            crate::http::cache::camada,
        ))
        // Error pages in the portal's frame (after resolution: it needs the câmara).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::erros::vestir,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::tenant::resolve,
        ));
    Router::new()
        .merge(crate::http::health::router())
        .merge(crate::areas::plataforma::router(state.clone()))
        .route("/static/plataforma.css", axum::routing::get(platform_css))
        .merge(camara)
        // Bodies are read whole before any handler takes a database connection.
        .layer(axum::middleware::from_fn_with_state(
            state.corpos.clone(),
            crate::http::corpo::buffer,
        ))
        // The open-data API's collections accept only the parameters their document declares.
        .layer(axum::middleware::from_fn(
            crate::areas::dados_abertos::openapi::conferir_parametros,
        ))
        // Input the câmara never stores (NUL, control characters, invalid UTF-8): refused here.
        .layer(axum::middleware::from_fn(crate::http::entrada::borda))
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
            axum::http::HeaderValue::from_static(crate::http::cabecalhos::CSP),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::cabecalhos::camada,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        // The request's span and its log line (câmara, request id, route, user, status).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::registro::camada,
        ))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(axum::middleware::from_fn(
            crate::http::cabecalhos::limpar_pedido,
        ))
        .with_state(state)
}

/// The stylesheet of the master panel (the câmaras' one, without a câmara's theme).
async fn platform_css() -> impl axum::response::IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/plenario.css"),
    )
}
