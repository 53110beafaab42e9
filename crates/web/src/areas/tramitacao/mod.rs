//! Tramitação (admin, `tramitacao.gerir`): the unidades and their users, the status, a
//! proposição's tramitação page (where it is, its history, a new despacho to one or several
//! unidades, the receipt, corrections), the lote screen, a unidade's inbox, and the
//! câmara's calendar of holidays and recessos (`/admin/calendario`).

use domain::auth::Permissao;

use crate::routes::Routes;

mod calendario;
mod despacho;
mod inicio;
mod lote;
mod proposicao;
mod status;
mod unidades;

pub fn routes() -> Routes {
    use Permissao::TramitacaoGerir as P;
    Routes::new()
        .admin_get("/admin/tramitacao", P, inicio::pagina)
        .admin_get("/admin/tramitacao/unidades", P, unidades::lista)
        .admin_post("/admin/tramitacao/unidades", P, unidades::criar)
        .admin_get("/admin/tramitacao/unidades/{id}", P, unidades::detalhe)
        .admin_post("/admin/tramitacao/unidades/{id}", P, unidades::editar)
        .admin_post(
            "/admin/tramitacao/unidades/{id}/usuarios",
            P,
            unidades::vincular,
        )
        .admin_get("/admin/tramitacao/unidades/{id}/caixa", P, unidades::caixa)
        .admin_get(
            "/admin/tramitacao/vinculos/{id}/remover",
            P,
            unidades::desvincular_confirmar,
        )
        .admin_post(
            "/admin/tramitacao/vinculos/{id}/remover",
            P,
            unidades::desvincular,
        )
        .admin_get("/admin/tramitacao/status", P, status::lista)
        .admin_post("/admin/tramitacao/status", P, status::criar)
        .admin_get("/admin/tramitacao/status/{id}", P, status::detalhe)
        .admin_post("/admin/tramitacao/status/{id}", P, status::editar)
        .admin_get(
            "/admin/tramitacao/status/{id}/excluir",
            P,
            status::excluir_confirmar,
        )
        .admin_post("/admin/tramitacao/status/{id}/excluir", P, status::excluir)
        .admin_get("/admin/tramitacao/proposicoes/{id}", P, proposicao::pagina)
        .admin_post(
            "/admin/tramitacao/proposicoes/{id}",
            P,
            proposicao::tramitar,
        )
        .admin_post(
            "/admin/tramitacao/tramitacoes/{id}/receber",
            P,
            proposicao::receber,
        )
        .admin_get(
            "/admin/tramitacao/tramitacoes/{id}/corrigir",
            P,
            proposicao::corrigir_form,
        )
        .admin_post(
            "/admin/tramitacao/tramitacoes/{id}/corrigir",
            P,
            proposicao::corrigir,
        )
        .admin_get("/admin/tramitacao/lote", P, lote::pagina)
        .admin_post("/admin/tramitacao/lote", P, lote::enviar)
        .admin_get("/admin/calendario", P, calendario::pagina)
        .admin_post("/admin/calendario/feriados", P, calendario::criar_feriado)
        .admin_get(
            "/admin/calendario/feriados/{id}/excluir",
            P,
            calendario::excluir_feriado_confirmar,
        )
        .admin_post(
            "/admin/calendario/feriados/{id}/excluir",
            P,
            calendario::excluir_feriado,
        )
        .admin_post("/admin/calendario/recessos", P, calendario::criar_recesso)
        .admin_get(
            "/admin/calendario/recessos/{id}/excluir",
            P,
            calendario::excluir_recesso_confirmar,
        )
        .admin_post(
            "/admin/calendario/recessos/{id}/excluir",
            P,
            calendario::excluir_recesso,
        )
}
