//! Notícias: public pages ([`publico`]), RSS/Atom feeds and open data ([`feeds`]), admin
//! editing ([`admin`]).

mod admin;
mod feeds;
mod publico;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use domain::auth::Permissao;

use crate::routes::Routes;

/// Notícias per page, public and admin.
const POR_PAGINA: i64 = 12;
/// Items in the feeds.
const NO_FEED: i64 = 20;
/// The multipart form's limit: the 5 MB image and the text around it.
const FORM_MAX: usize = 6 * 1024 * 1024;

pub fn routes() -> Routes {
    use Permissao::NoticiaPublicar as P;
    use admin::*;
    use feeds::*;
    use publico::*;
    Routes::new()
        .get("/noticias", lista)
        .get("/noticias/feed.rss", feed_rss)
        .get("/noticias/feed.atom", feed_atom)
        .get("/noticias/{slug}", detalhe)
        .get("/noticias/{slug}/capa", capa_publica)
        .get("/api/v1/noticias", api)
        .admin_get("/admin/noticias", P, admin_lista)
        .admin_get("/admin/noticias/nova", P, admin_nova)
        .admin_post(
            "/admin/noticias",
            P,
            admin_criar.layer(DefaultBodyLimit::max(FORM_MAX)),
        )
        .admin_get("/admin/noticias/{id}", P, admin_editar)
        .admin_post(
            "/admin/noticias/{id}",
            P,
            admin_salvar.layer(DefaultBodyLimit::max(FORM_MAX)),
        )
        .admin_get("/admin/noticias/{id}/previa", P, admin_previa)
        .admin_get("/admin/noticias/{id}/capa", P, admin_capa)
        .admin_get("/admin/noticias/{id}/excluir", P, admin_confirmar_exclusao)
        .admin_post("/admin/noticias/{id}/excluir", P, admin_excluir)
}
