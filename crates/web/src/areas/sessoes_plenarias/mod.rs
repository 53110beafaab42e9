//! Sessões plenárias: admin scheduling, public calendar and list, .ics, open data.

use domain::auth::Permissao;
use store::sessoes_plenarias::TipoSessao;
use uuid::Uuid;

use crate::routes::Routes;

mod admin;
mod ao_vivo;
mod api;
mod ata;
mod documentos;
pub(crate) mod ics;
mod itens;
mod painel;
mod painel_publico;
mod publico;
mod tipos;
mod votacoes_api;

use admin::*;
pub use ao_vivo::{AoVivo, CANAL as CANAL_PAINEL};
use api::api;
use ata::*;
use documentos::*;
use itens::*;
use painel::*;
use painel_publico::*;
use publico::*;
use tipos::*;
use votacoes_api::*;

pub fn routes() -> Routes {
    use Permissao::SessaoGerir as P;
    Routes::new()
        .get("/legislativo/sessoes", publica_lista)
        .get("/legislativo/sessoes.ics", ics_todas)
        .get("/legislativo/sessoes/{id}", publica_detalhe)
        .get("/legislativo/sessoes/{id}/ata", ata_publica)
        .get("/legislativo/sessoes/{id}/ata.pdf", ata_pdf)
        .get(
            "/legislativo/sessoes/{id}/certidao-presenca.pdf",
            certidao_publica,
        )
        .get("/legislativo/votacoes/{id}/votacao.pdf", votacao_pdf)
        .get("/api/v1/sessoes", api)
        .get("/api/v1/sessoes/{id}/votacoes", api_sessao_votacoes)
        .get("/api/v1/votacoes", api_votacoes)
        .get("/sessoes/{id}/painel", painel_publico)
        .get("/sessoes/{id}/painel/eventos", eventos)
        .get("/static/painel.js", script)
        .get("/static/painel.css", estilo)
        .admin_get(
            "/admin/sessoes/{id}/painel",
            Permissao::VotacaoOperar,
            console_ver,
        )
        .admin_post(
            "/admin/sessoes/{id}/painel",
            Permissao::VotacaoOperar,
            console_agir,
        )
        .admin_get(
            "/admin/sessoes/{id}/painel/encerrar",
            Permissao::VotacaoOperar,
            encerrar_form,
        )
        .admin_post(
            "/admin/sessoes/{id}/painel/encerrar",
            Permissao::VotacaoOperar,
            encerrar_salvar,
        )
        .admin_get("/admin/sessoes/{id}/ata", P, ata_ver)
        .admin_post("/admin/sessoes/{id}/ata", P, ata_salvar)
        .admin_get("/admin/sessoes/{id}/ata/regenerar", P, ata_regenerar_form)
        .admin_post("/admin/sessoes/{id}/ata/regenerar", P, ata_regenerar)
        .admin_get("/admin/sessoes/{id}/ata/aprovacao", P, ata_aprovacao_form)
        .admin_post("/admin/sessoes/{id}/ata/aprovacao", P, ata_aprovacao)
        .admin_get("/admin/sessoes/{id}/ata/publicar", P, ata_publicar_form)
        .admin_post("/admin/sessoes/{id}/ata/publicar", P, ata_publicar)
        .admin_get("/admin/sessoes/{id}/ata/retificar", P, ata_retificar_form)
        .admin_post("/admin/sessoes/{id}/ata/retificar", P, ata_retificar)
        .admin_get(
            "/admin/sessoes/{id}/certidao-presenca.pdf",
            P,
            certidao_admin,
        )
        .admin_get(
            "/admin/sessoes/pauta/{id}/adiar",
            Permissao::VotacaoOperar,
            adiar_form,
        )
        .admin_post(
            "/admin/sessoes/pauta/{id}/adiar",
            Permissao::VotacaoOperar,
            adiar_salvar,
        )
        .admin_get(
            "/admin/sessoes/pauta/{id}/retirar",
            Permissao::VotacaoOperar,
            retirar_form,
        )
        .admin_post(
            "/admin/sessoes/pauta/{id}/retirar",
            Permissao::VotacaoOperar,
            retirar_salvar,
        )
        .admin_get("/admin/plenario", Permissao::VotacaoVotar, plenario_ver)
        .admin_post(
            "/admin/plenario/presenca",
            Permissao::VotacaoVotar,
            plenario_presenca,
        )
        .admin_post(
            "/admin/plenario/inscrever",
            Permissao::VotacaoVotar,
            plenario_inscrever,
        )
        .admin_post(
            "/admin/plenario/votar",
            Permissao::VotacaoVotar,
            plenario_votar,
        )
        .admin_get("/admin/sessoes", P, admin_lista)
        .admin_get("/admin/sessoes/nova", P, nova_form)
        .admin_post("/admin/sessoes/nova", P, nova_criar)
        .admin_get("/admin/sessoes/{id}/editar", P, editar_form)
        .admin_post("/admin/sessoes/{id}/editar", P, editar_salvar)
        .admin_get("/admin/sessoes/{id}/cancelar", P, cancelar_form)
        .admin_post("/admin/sessoes/{id}/cancelar", P, cancelar_salvar)
        .admin_get("/admin/sessoes/{id}/reativar", P, reativar_form)
        .admin_post("/admin/sessoes/{id}/reativar", P, reativar_salvar)
        .admin_get("/admin/sessoes/{id}/excluir", P, excluir_form)
        .admin_post("/admin/sessoes/{id}/excluir", P, excluir_salvar)
        .admin_get("/admin/sessoes/tipos", P, tipos_lista)
        .admin_post("/admin/sessoes/tipos", P, tipo_criar)
        .admin_get("/admin/sessoes/tipos/{id}/editar", P, tipo_editar_form)
        .admin_post("/admin/sessoes/tipos/{id}/editar", P, tipo_editar)
        .admin_get("/admin/sessoes/tipos/{id}/excluir", P, tipo_excluir_form)
        .admin_post("/admin/sessoes/tipos/{id}/excluir", P, tipo_excluir)
}

const POR_PAGINA: i64 = 20;

/// A trimmed query/form value, `None` when empty.
fn valor(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A page number from the query (1 when absent or wrong).
fn pagina_de(s: &Option<String>) -> i64 {
    valor(s)
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// How many pages `total` rows fill.
fn paginas(total: i64) -> i64 {
    ((total + POR_PAGINA - 1) / POR_PAGINA).max(1)
}

/// A tipo named by id or by name (`ordinaria`, accents and case aside).
fn tipo_de(tipos: &[TipoSessao], v: &str) -> Option<Uuid> {
    let alvo = domain::slugify(v);
    tipos
        .iter()
        .find(|t| t.id.to_string() == v || domain::slugify(&t.nome) == alvo)
        .map(|t| t.id)
}
