//! Request bodies are read whole, bounded and on a clock, *before* anything opens a
//! database transaction.
//!
//! axum runs `FromRequestParts` extractors (such as [`crate::http::tenant::Tx`], which takes a
//! pooled connection) before the body extractor, so a handler with `Tx` and `Form` or
//! `Multipart` would hold a connection for as long as the client takes to send its body.
//! [`buffer`], a layer over the whole application, reads every body first: at most
//! [`Limites::max`] bytes, within [`Limites::prazo`] overall and [`Limites::ocioso`]
//! between two pieces, and within a budget of bytes in memory for all requests together
//! ([`Limites::orcamento`]). A slow client then costs a little memory and nothing else;
//! forms and uploads parse from memory. Each route keeps its own, smaller limit
//! (`DefaultBodyLimit`) for its extractor.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::error::WebError;

/// How request bodies are read.
#[derive(Debug, Clone, Copy)]
pub struct Limites {
    /// Largest body, in bytes (the largest upload form and some room).
    pub max: usize,
    /// Time for the whole body.
    pub prazo: Duration,
    /// Longest pause between two pieces of a body.
    pub ocioso: Duration,
    /// Bytes of bodies held in memory by all requests together.
    pub orcamento: usize,
}

impl Limites {
    pub const PADRAO: Limites = Limites {
        max: 24 * 1024 * 1024,
        prazo: Duration::from_secs(120),
        ocioso: Duration::from_secs(15),
        orcamento: 512 * 1024 * 1024,
    };
}

impl Default for Limites {
    fn default() -> Self {
        Self::PADRAO
    }
}

/// The memory budget of bodies being read or handled, in KiB permits.
#[derive(Clone)]
pub struct Orcamento {
    limites: Limites,
    kib: Arc<Semaphore>,
}

impl Orcamento {
    pub fn new(limites: Limites) -> Self {
        let kib = (limites.orcamento / 1024).clamp(1, Semaphore::MAX_PERMITS);
        Self {
            limites,
            kib: Arc::new(Semaphore::new(kib)),
        }
    }
}

/// The layer: reads the body of every request that has one, then runs the rest.
pub async fn buffer(State(orc): State<Orcamento>, req: Request, next: Next) -> Response {
    use axum::body::HttpBody as _;
    if req.body().size_hint().exact() == Some(0) {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > orc.limites.max as u64) {
        return WebError::TooLarge.into_response();
    }
    let (parts, body) = req.into_parts();
    let (bytes, _reserva) = match ler(body, &orc).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    // The reservation lives until the response is ready: the handler holds the bytes.
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn ler(
    mut body: Body,
    orc: &Orcamento,
) -> Result<(Bytes, Option<tokio::sync::OwnedSemaphorePermit>), WebError> {
    let lim = orc.limites;
    let fim = Instant::now() + lim.prazo;
    let mut buf: Vec<u8> = Vec::new();
    let mut reserva: Option<tokio::sync::OwnedSemaphorePermit> = None;
    loop {
        let ate = fim.min(Instant::now() + lim.ocioso);
        let proximo = std::future::poll_fn(|cx| {
            use axum::body::HttpBody as _;
            std::pin::Pin::new(&mut body).poll_frame(cx)
        });
        let frame = match tokio::time::timeout_at(ate, proximo).await {
            Err(_) => {
                tracing::info!(received = buf.len(), "request body too slow");
                return Err(WebError::BodyTimeout);
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                tracing::info!(error = %e, "request body interrupted");
                return Err(WebError::BodyTimeout);
            }
            Ok(Some(Ok(f))) => f,
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        if buf.len() + data.len() > lim.max {
            return Err(WebError::TooLarge);
        }
        let antes = buf.len().div_ceil(1024);
        buf.extend_from_slice(&data);
        let mais = buf.len().div_ceil(1024) - antes;
        if mais > 0 {
            let n = u32::try_from(mais).unwrap_or(u32::MAX);
            let Ok(p) = orc.kib.clone().try_acquire_many_owned(n) else {
                tracing::warn!("request body budget exhausted");
                return Err(WebError::Store(store::Error::Busy));
            };
            match reserva.as_mut() {
                Some(r) => r.merge(p),
                None => reserva = Some(p),
            }
        }
    }
    Ok((Bytes::from(buf), reserva))
}

/// A `multipart/form-data` upload whose refusal (not multipart, no boundary) is a
/// Portuguese page instead of axum's English text.
pub struct Envio(pub Multipart);

impl<S: Send + Sync> FromRequest<S> for Envio {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        Multipart::from_request(req, state)
            .await
            .map(Envio)
            .map_err(|e| {
                tracing::info!(error = %e, "not a multipart form");
                WebError::FormularioInvalido(
                    "O formulário não chegou como envio de arquivos (multipart/form-data). \
                     Envie de novo pela página do formulário."
                        .into(),
                )
            })
    }
}

/// The message for a multipart form that failed while being read: too large (`grande`,
/// which names the form's limit), or broken.
pub fn erro_multipart(e: &axum::extract::multipart::MultipartError, grande: &str) -> String {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        grande.to_owned()
    } else {
        tracing::info!(error = %e, "malformed multipart form");
        "O formulário chegou incompleto ou malformado. Envie de novo pela página do formulário."
            .to_owned()
    }
}

/// A text field of a multipart form, held to the rule of every other text input
/// ([`crate::http::entrada::texto_valido`]: valid UTF-8, no NUL, no control characters but tab
/// and line breaks) instead of being decoded lossily; the error is the Portuguese message.
pub fn texto_do_campo(bytes: &[u8]) -> Result<String, String> {
    crate::http::entrada::texto_de_bytes(bytes)
        .map(str::to_owned)
        .map_err(|m| format!("Um campo do formulário {m}. Corrija-o e envie de novo."))
}
