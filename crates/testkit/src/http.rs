//! Driving the application in-process.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use store::Store;
use tower::ServiceExt;
use web::{AppState, WebConfig};

/// The router as `serve` builds it, with its state.
#[derive(Clone)]
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
}

impl TestApp {
    pub fn new(store: Store) -> Self {
        let state = AppState::new(
            store,
            WebConfig {
                base_domain: crate::BASE_DOMAIN.into(),
                secure: false,
            },
        );
        Self {
            router: web::app(state.clone()),
            state,
        }
    }

    pub async fn request(&self, method: Method, host: &str, path: &str) -> TestResponse {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let content_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            content_type,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, host: &str, path: &str) -> TestResponse {
        self.request(Method::GET, host, path).await
    }
}

/// The host a câmara answers on in tests.
pub fn host_of(t: &store::catalog::Tenant) -> String {
    format!("{}.{}", t.slug, crate::BASE_DOMAIN)
}
