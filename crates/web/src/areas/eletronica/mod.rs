//! Proposição eletrônica: the parlamentar's drafts ([`autor`], `proposicao.criar`) and the
//! protocolo's inbox of sent drafts ([`caixa`], `protocolo.gerir`).

mod autor;
mod caixa;

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use domain::auth::Permissao;

use crate::areas::protocolo::envios;
use crate::routes::Routes;

pub fn routes() -> Routes {
    use Permissao::{ProposicaoCriar as A, ProtocoloGerir as P};
    let limite = || DefaultBodyLimit::max(envios::FORM_MAX);
    Routes::new()
        .admin_get("/admin/minhas-proposicoes", A, autor::minhas)
        .admin_get("/admin/minhas-proposicoes/nova", A, autor::nova)
        .admin_post("/admin/minhas-proposicoes", A, autor::criar.layer(limite()))
        .admin_get("/admin/minhas-proposicoes/{id}", A, autor::editar)
        .admin_post(
            "/admin/minhas-proposicoes/{id}",
            A,
            autor::salvar.layer(limite()),
        )
        .admin_get(
            "/admin/minhas-proposicoes/{id}/enviar",
            A,
            autor::enviar_form,
        )
        .admin_post("/admin/minhas-proposicoes/{id}/enviar", A, autor::enviar)
        .admin_get("/admin/minhas-proposicoes/anexos/{id}", A, autor::anexo)
        .admin_get("/admin/protocolo/eletronicas", P, caixa::caixa)
        .admin_get("/admin/protocolo/eletronicas/{id}", P, caixa::ver)
        .admin_get(
            "/admin/protocolo/eletronicas/{id}/receber",
            P,
            caixa::receber_form,
        )
        .admin_post(
            "/admin/protocolo/eletronicas/{id}/receber",
            P,
            caixa::receber,
        )
        .admin_get(
            "/admin/protocolo/eletronicas/{id}/devolver",
            P,
            caixa::devolver_form,
        )
        .admin_post(
            "/admin/protocolo/eletronicas/{id}/devolver",
            P,
            caixa::devolver,
        )
        .admin_get("/admin/protocolo/eletronicas/anexos/{id}", P, caixa::anexo)
}
