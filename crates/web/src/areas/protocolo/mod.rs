//! Protocolo: the desk that numbers every document entering the câmara ([`balcao`]), its
//! receipt in PDF ([`comprovante`]), the public verification page ([`verificar`]), and the
//! upload and e-mail helpers the proposição eletrônica shares ([`envios`]).

pub(crate) mod balcao;
pub(crate) mod comprovante;
pub(crate) mod envios;
mod verificar;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use domain::auth::Permissao;

use crate::routes::Routes;

pub fn routes() -> Routes {
    use Permissao::ProtocoloGerir as P;
    use balcao::*;
    let limite = || DefaultBodyLimit::max(envios::FORM_MAX);
    Routes::new()
        .get("/documentos/verificar", verificar::verificar)
        .post("/documentos/verificar", verificar::comparar.layer(limite()))
        .admin_get("/admin/protocolo", P, lista)
        .admin_get("/admin/protocolo/novo", P, novo)
        .admin_post("/admin/protocolo", P, criar.layer(limite()))
        .admin_get("/admin/protocolo/{id}", P, detalhe)
        .admin_get("/admin/protocolo/{id}/comprovante.pdf", P, comprovante)
        .admin_get("/admin/protocolo/{id}/anular", P, anular_form)
        .admin_post("/admin/protocolo/{id}/anular", P, anular)
        .admin_get("/admin/protocolo/documentos/{id}", P, documento)
}
