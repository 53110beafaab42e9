//! The public painel (`/sessoes/{id}/painel`: the TV in the plenário, read-only, for anyone)
//! and its SSE stream (`/sessoes/{id}/painel/eventos`), which also feeds the operator
//! console and the councilor's page. The page is complete without JavaScript (the state
//! when it was served); `/static/painel.js` keeps it live from the stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::Stream;
use store::sessoes_plenarias::painel::{self, Quadro};
use store::sessoes_plenarias::{self as sp};
use tokio::sync::broadcast;

use super::ao_vivo::Foto;
use crate::error::WebError;
use crate::http::entrada::Path;
use crate::http::metrics::ConexaoSse;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::formulario::id_de;
use crate::state::AppState;

/// How long a client waits before reconnecting a lost stream.
const RECONEXAO: Duration = Duration::from_secs(3);

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/publico/painel.html")]
pub(super) struct PainelPublico {
    camara: String,
    q: Quadro,
    /// The public page has no form: it never reloads.
    recarregar: bool,
}

pub(super) async fn painel_publico(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let q = painel::quadro(&mut tx, id).await?;
    tx.commit().await?;
    let page = PainelPublico {
        camara: current.tenant.nome_oficial.clone(),
        q,
        recarregar: false,
    };
    // Served fresh: the stream corrects it anyway, but a TV switched on shows now.
    Ok(([(header::CACHE_CONTROL, "no-cache")], page).into_response())
}

/// What the stream still has to say.
struct Fluxo {
    primeira: Option<Arc<Foto>>,
    rx: broadcast::Receiver<Arc<Foto>>,
    fim: bool,
    _conexao: ConexaoSse,
}

fn evento(f: &Foto) -> Event {
    Event::default().event("estado").data(f.json.as_str())
}

/// The next event: the first snapshot, then one per change; after a snapshot of a sessão
/// no longer live, the stream ends.
async fn proximo(mut s: Fluxo) -> Option<(Result<Event, Infallible>, Fluxo)> {
    if s.fim {
        return None;
    }
    if let Some(f) = s.primeira.take() {
        s.fim = !f.ao_vivo;
        return Some((Ok(evento(&f).retry(RECONEXAO)), s));
    }
    loop {
        match s.rx.recv().await {
            Ok(f) => {
                s.fim = !f.ao_vivo;
                return Some((Ok(evento(&f)), s));
            }
            // Too slow a reader: the next snapshot is whole anyway.
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return None,
        }
    }
}

/// The stream of a sessão's snapshots (`text/event-stream`). A sessão of another câmara,
/// or none, is a 404 like every page.
pub(super) async fn eventos(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    sp::por_id(&mut tx, id).await?.ok_or(WebError::NotFound)?;
    let rx = state
        .painel
        .assinar(&state.store, current.tenant.clone(), id);
    let q = painel::quadro(&mut tx, id).await?;
    tx.commit().await?;
    let primeira = Foto {
        json: serde_json::to_string(&q)
            .map_err(|e| store::Error::Conflict(format!("Painel ilegível: {e}")))?,
        ao_vivo: q.ao_vivo,
    };
    let fluxo = Fluxo {
        primeira: Some(Arc::new(primeira)),
        rx,
        fim: false,
        _conexao: state.metrics.conexao_sse(),
    };
    let stream: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> =
        Box::pin(futures::stream::unfold(fluxo, proximo));
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            // nginx: pass each event through as it comes.
            (header::HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))),
    )
        .into_response())
}

/// The painel's script (progressive enhancement; no CDN).
pub(super) async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        include_str!("../../../static/painel.js"),
    )
}

/// The big screen's stylesheet (high contrast, very large type).
pub(super) async fn estilo() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        include_str!("../../../static/painel.css"),
    )
}
