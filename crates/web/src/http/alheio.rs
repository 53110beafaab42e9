//! Ids of other câmaras on admin routes, recorded in one place for every area.
//!
//! Every admin route is registered with this layer inside its guard
//! (`routes::Routes::add_admin`): when the handler answers 404 and the path carries a UUID
//! that belongs to another câmara in the same database, the attempt is written to
//! `control.security_events` (`id_de_outra_camara`, with the table and the user). The
//! visitor still gets the plain 404. Only logged-in staff reach this code, so a stranger
//! cannot make the server run the cross-câmara lookup.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::http::auth::Logado;
use crate::http::tenant::CurrentTenant;
use crate::state::AppState;

pub async fn registrar(req: Request, next: Next) -> Response {
    let ids: Vec<uuid::Uuid> = req
        .uri()
        .path()
        .split('/')
        .filter_map(|s| s.parse().ok())
        .collect();
    let contexto = (
        req.extensions().get::<AppState>().cloned(),
        req.extensions().get::<CurrentTenant>().cloned(),
        req.extensions().get::<Logado>().cloned(),
    );
    let resp = next.run(req).await;
    if resp.status() != StatusCode::NOT_FOUND || ids.is_empty() {
        return resp;
    }
    let (Some(state), Some(current), Some(logado)) = contexto else {
        return resp;
    };
    let db = store::DataDb::of(&current.tenant.placement);
    for id in ids {
        let Some((dono, tabela)) = store::infra::alheios::dono_do_id(&state.store, &db, id).await
        else {
            continue;
        };
        if dono == current.tenant.id {
            continue;
        }
        state.metrics.evento_de_seguranca(
            current.tenant.id,
            &current.tenant.slug,
            "id_de_outra_camara",
        );
        if let Err(e) = state
            .store
            .security_event(
                "id_de_outra_camara",
                Some(current.tenant.id),
                Some(dono),
                logado.autor.ip,
                logado.autor.request_id.as_deref(),
                serde_json::json!({ "tabela": tabela, "id": id, "usuario": logado.autor.email }),
            )
            .await
        {
            tracing::error!(error = %e, "could not record a security event");
        }
    }
    resp
}
