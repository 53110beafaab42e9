//! Mesa diretora: the public page (current composition and history), the open data
//! (`/api/v1/mesa-diretora`) and the admin (períodos, members, cargos).
//!
//! `/parlamentares/mesa-diretora` is a static path: axum matches it before
//! `/parlamentares/{slug}` (a test checks it).

use domain::auth::Permissao;
use store::mesa::PeriodoMesa;

use crate::kit::formato::DataBr;
use crate::routes::Routes;

mod admin;
mod cargos;
mod publico;

use admin::*;
use cargos::*;
use publico::*;

pub fn routes() -> Routes {
    use Permissao::ParlamentarGerir as P;
    Routes::new()
        .get("/parlamentares/mesa-diretora", publica)
        .get("/api/v1/mesa-diretora", api)
        .admin_get("/admin/mesa", P, admin_mesa)
        .admin_post("/admin/mesa/periodos", P, criar_periodo)
        .admin_get(
            "/admin/mesa/periodos/{id}/remover",
            P,
            periodo_remover_confirmar,
        )
        .admin_post("/admin/mesa/periodos/{id}/remover", P, periodo_remover)
        .admin_post("/admin/mesa/membros", P, designar)
        .admin_get("/admin/mesa/membros/{id}/encerrar", P, encerrar_form)
        .admin_post("/admin/mesa/membros/{id}/encerrar", P, encerrar)
        .admin_get("/admin/mesa/membros/{id}/remover", P, remover_confirmar)
        .admin_post("/admin/mesa/membros/{id}/remover", P, remover)
        .admin_get("/admin/mesa/cargos", P, cargos_pagina)
        .admin_post("/admin/mesa/cargos", P, cargo_criar)
        .admin_post("/admin/mesa/cargos/{id}", P, cargo_editar)
}

fn periodo_label(p: &PeriodoMesa) -> String {
    format!(
        "{}º período da {}ª legislatura ({} a {})",
        p.numero,
        p.legislatura,
        p.inicio.br(),
        p.fim.br()
    )
}
