//! Páginas institucionais: public pages ([`publico`]), admin editing with attachments
//! ([`admin`]).

mod admin;
mod publico;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use domain::auth::Permissao;
use store::conteudo::paginas;

use crate::routes::Routes;

/// The attachment form's limit: the 20 MB file and its title.
const ANEXO_FORM_MAX: usize = paginas::ANEXO_MAX_BYTES + 64 * 1024;

pub fn routes() -> Routes {
    use Permissao::NoticiaPublicar as P;
    use admin::*;
    use publico::*;
    Routes::new()
        .get("/institucional", indice)
        .get("/institucional/{slug}", pagina)
        .get("/institucional/anexos/{id}", anexo_publico)
        .admin_get("/admin/paginas", P, admin_lista)
        .admin_get("/admin/paginas/nova", P, admin_nova)
        .admin_post("/admin/paginas", P, admin_criar)
        .admin_get("/admin/paginas/{id}", P, admin_editar)
        .admin_post("/admin/paginas/{id}", P, admin_salvar)
        .admin_get("/admin/paginas/{id}/previa", P, admin_previa)
        .admin_get("/admin/paginas/{id}/excluir", P, admin_confirmar_exclusao)
        .admin_post("/admin/paginas/{id}/excluir", P, admin_excluir)
        .admin_post(
            "/admin/paginas/{id}/anexos",
            P,
            admin_anexo_enviar.layer(DefaultBodyLimit::max(ANEXO_FORM_MAX)),
        )
        .admin_get("/admin/paginas/anexos/{id}", P, admin_anexo)
        .admin_get(
            "/admin/paginas/anexos/{id}/excluir",
            P,
            admin_anexo_confirmar,
        )
        .admin_post("/admin/paginas/anexos/{id}/excluir", P, admin_anexo_excluir)
}
