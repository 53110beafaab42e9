//! Normas jurídicas: the public list and page (compiled text, text in force on a date,
//! vínculos both ways, URN), and the secretaria's registry (permission `norma.gerir`):
//! the norma with its articulated-text import and preview, and its vínculos; the OAI-PMH
//! data provider at `/oai` (LexML) and its settings (`/admin/normas/lexml`); the autógrafos, from the approved proposição to the
//! norma (sanção, veto, deliberação, promulgação).

use domain::auth::Permissao;

use crate::routes::Routes;

mod admin;
mod admin_autografos;
mod admin_exclusao;
mod admin_passos;
mod admin_vinculos;
mod api;
mod impressao;
mod lexml;
mod oai;
mod oai_registro;
pub(crate) mod publico;

pub fn routes() -> Routes {
    use Permissao::NormaGerir as P;
    Routes::new()
        .get("/legislativo/normas", publico::lista)
        .get("/legislativo/normas/{id}", publico::norma)
        .get("/legislativo/normas/{id}/impressao", impressao::pagina)
        .get("/legislativo/normas/{id}/texto.pdf", impressao::pdf)
        .get("/static/normas-impressao.css", impressao::estilo)
        .get("/api/v1/normas", api::lista)
        .get("/api/v1/normas/{id}/texto", api::texto)
        .get("/oai", oai::get)
        .post("/oai", oai::post)
        .admin_get("/admin/normas", P, admin::lista)
        .admin_get("/admin/normas/nova", P, admin::nova)
        .admin_get("/admin/normas/lexml", P, lexml::pagina)
        .admin_post("/admin/normas/lexml", P, lexml::salvar)
        .admin_get("/admin/normas/autografos", P, admin_autografos::lista)
        .admin_get("/admin/normas/autografos/novo", P, admin_autografos::novo)
        .admin_post("/admin/normas/autografos", P, admin_autografos::criar)
        .admin_get("/admin/normas/autografos/{id}", P, admin_autografos::pagina)
        .admin_post(
            "/admin/normas/autografos/{id}/passos",
            P,
            admin_passos::registrar,
        )
        .admin_post("/admin/normas", P, admin::criar)
        .admin_get("/admin/normas/{id}", P, admin::pagina)
        .admin_post("/admin/normas/{id}", P, admin::salvar)
        .admin_post("/admin/normas/{id}/vinculos", P, admin_vinculos::adicionar)
        .admin_get("/admin/normas/{id}/excluir", P, admin_exclusao::confirmar)
        .admin_post("/admin/normas/{id}/excluir", P, admin_exclusao::excluir)
}

/// The câmara's LexML localidade (`br;santa.catarina;sao.bento.sul`).
pub(crate) fn localidade(t: &store::infra::catalog::Tenant) -> String {
    domain::normas::urn::localidade(&t.municipio, &t.uf).unwrap_or_else(|| "br".to_owned())
}
