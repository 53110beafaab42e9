//! The Markdown preview of the admin's formatting toolbar (`static/admin.js`): the text as
//! the portal will show it, drawn by the portal's own renderer
//! ([`domain::texto::markdown_seguro`]: CommonMark with tables, cleaned by ammonia).

use axum::http::header;
use axum::response::IntoResponse;
use domain::auth::Permissao;
use serde::Deserialize;

use crate::http::auth::Logado;
use crate::http::entrada::Form;
use crate::routes::Routes;

/// Any staff member may preview (every role sees the dashboard); the CSRF check of every
/// admin form applies.
pub fn routes() -> Routes {
    Routes::new().admin_post("/admin/markdown/previa", Permissao::PainelVer, previa)
}

#[derive(Deserialize)]
struct Texto {
    #[serde(default)]
    texto: String,
}

/// The HTML fragment of `texto`, never cached.
async fn previa(_: Logado, Form(f): Form<Texto>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        domain::texto::markdown_seguro(&f.texto),
    )
}
