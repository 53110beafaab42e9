//! Comissões: the public pages (active ones by tipo, extinct ones apart, each with its
//! finalidade, composição and reuniões), the open data (`/api/v1/comissoes`) and the admin;
//! the comissões at work for the secretaria (`tramitacao.gerir`): [`materias`]
//! (distribuição, pronta para a pauta), [`pareceres`] (relatoria, parecer, votação) and
//! [`reunioes`].

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use domain::auth::Permissao;

use crate::routes::Routes;

mod admin;
mod materias;
mod minhas;
mod pareceres;
mod publico;
mod reunioes;
mod votacao_eletronica;

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
        .merge(trabalho())
        .merge(membros())
}

/// The members at work from their own accounts (`comissao.participar`, an account linked
/// to a parlamentar) and the secretaria's electronic vote (`tramitacao.gerir`).
fn membros() -> Routes {
    use Permissao::{ComissaoParticipar as M, TramitacaoGerir as T};
    Routes::new()
        .admin_get("/admin/minhas-comissoes", M, minhas::lista)
        .admin_get(
            "/admin/minhas-comissoes/relatorias/{id}",
            M,
            minhas::relatoria,
        )
        .admin_post(
            "/admin/minhas-comissoes/relatorias/{id}/parecer",
            M,
            minhas::parecer.layer(DefaultBodyLimit::max(pareceres::PARECER_FORM_MAX)),
        )
        .admin_get("/admin/minhas-comissoes/votacoes/{id}", M, minhas::votacao)
        .admin_post("/admin/minhas-comissoes/votacoes/{id}", M, minhas::votar)
        .admin_post(
            "/admin/comissoes/pareceres/{id}/votacao-eletronica",
            T,
            votacao_eletronica::abrir,
        )
        .admin_get(
            "/admin/comissoes/pareceres/{id}/votacao-eletronica/encerrar",
            T,
            votacao_eletronica::encerrar_confirmar,
        )
        .admin_post(
            "/admin/comissoes/pareceres/{id}/votacao-eletronica/encerrar",
            T,
            votacao_eletronica::encerrar,
        )
}

/// The comissões at work: the secretaria's screens (`tramitacao.gerir`) and the public PDF
/// of a parecer da comissão.
fn trabalho() -> Routes {
    use Permissao::TramitacaoGerir as T;
    Routes::new()
        .get(
            "/legislativo/comissoes/pareceres/{id}/arquivo",
            pareceres::arquivo_publico,
        )
        .admin_get("/admin/comissoes/materias", T, materias::materias)
        .admin_get("/admin/comissoes/materias/{id}", T, materias::materia)
        .admin_post(
            "/admin/comissoes/materias/{id}/distribuir",
            T,
            materias::distribuir,
        )
        .admin_get(
            "/admin/comissoes/materias/{id}/pronta",
            T,
            materias::pronta_confirmar,
        )
        .admin_post("/admin/comissoes/materias/{id}/pronta", T, materias::pronta)
        .admin_get("/admin/comissoes/distribuicoes/{id}", T, pareceres::ver)
        .admin_post(
            "/admin/comissoes/distribuicoes/{id}/relator",
            T,
            pareceres::designar,
        )
        .admin_post(
            "/admin/comissoes/distribuicoes/{id}/parecer",
            T,
            pareceres::apresentar.layer(DefaultBodyLimit::max(pareceres::PARECER_FORM_MAX)),
        )
        .admin_get("/admin/comissoes/pareceres/{id}", T, pareceres::ver_parecer)
        .admin_post(
            "/admin/comissoes/pareceres/{id}/votacao",
            T,
            pareceres::votar,
        )
        .admin_get(
            "/admin/comissoes/pareceres/{id}/arquivo",
            T,
            pareceres::arquivo_admin,
        )
        .admin_get("/admin/comissoes/{id}/reunioes", T, reunioes::lista)
        .admin_post("/admin/comissoes/{id}/reunioes", T, reunioes::criar)
        .admin_get("/admin/comissoes/reunioes/{id}", T, reunioes::ver)
        .admin_post("/admin/comissoes/reunioes/{id}", T, reunioes::editar)
        .admin_post("/admin/comissoes/reunioes/{id}/pauta", T, reunioes::incluir)
        .admin_post(
            "/admin/comissoes/reunioes/{id}/presenca",
            T,
            reunioes::presenca,
        )
}
