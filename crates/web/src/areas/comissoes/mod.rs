//! Comissões: the public pages (active ones by tipo, extinct ones apart, each with its
//! finalidade and composição), the open data (`/api/v1/comissoes`) and the admin.

use domain::auth::Permissao;

use crate::routes::Routes;

mod admin;
mod publico;

use admin::*;
use publico::*;

pub fn routes() -> Routes {
    use Permissao::ParlamentarGerir as P;
    Routes::new()
        .get("/legislativo/comissoes", lista)
        .get("/legislativo/comissoes/{chave}", detalhe)
        .get("/api/v1/comissoes", api)
        .admin_get("/admin/comissoes", P, admin_lista)
        .admin_post("/admin/comissoes", P, criar)
        .admin_get("/admin/comissoes/{id}", P, admin_detalhe)
        .admin_post("/admin/comissoes/{id}", P, editar)
        .admin_get("/admin/comissoes/{id}/extinguir", P, extinguir_form)
        .admin_post("/admin/comissoes/{id}/extinguir", P, extinguir)
        .admin_post("/admin/comissoes/{id}/membros", P, designar)
        .admin_get("/admin/comissoes/membros/{id}/desligar", P, desligar_form)
        .admin_post("/admin/comissoes/membros/{id}/desligar", P, desligar)
        .admin_get(
            "/admin/comissoes/membros/{id}/remover",
            P,
            remover_confirmar,
        )
        .admin_post("/admin/comissoes/membros/{id}/remover", P, remover)
}
