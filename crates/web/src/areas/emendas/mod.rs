//! Emendas, subemendas and substitutivos of a proposição, for the secretaria
//! (`tramitacao.gerir`): the list with a new one, one emenda with its parecer and its
//! result (each after a confirmation), and the versions of the proposição's text with the
//! redação final. The public list is the partial `emendas/_lista.html`, fed by
//! `store::proposicoes::emendas_da_proposicao`.

use domain::auth::Permissao;

use crate::routes::Routes;

mod admin;

pub fn routes() -> Routes {
    use Permissao::TramitacaoGerir as T;
    use admin::*;
    Routes::new()
        .admin_get("/admin/emendas/proposicoes/{id}", T, lista)
        .admin_post("/admin/emendas/proposicoes/{id}", T, criar)
        .admin_post(
            "/admin/emendas/proposicoes/{id}/redacao-final",
            T,
            redacao_final,
        )
        .admin_get("/admin/emendas/{id}", T, ver)
        .admin_post("/admin/emendas/{id}/parecer", T, parecer)
        .admin_get("/admin/emendas/{id}/aprovar", T, aprovar_confirmar)
        .admin_post("/admin/emendas/{id}/aprovar", T, aprovar)
        .admin_get("/admin/emendas/{id}/rejeitar", T, rejeitar_confirmar)
        .admin_post("/admin/emendas/{id}/rejeitar", T, rejeitar)
}
