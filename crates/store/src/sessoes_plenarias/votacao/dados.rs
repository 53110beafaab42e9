//! Votações in the open data (`/api/v1/votacoes`, `/api/v1/sessoes/{id}/votacoes`): closed
//! ones only; a secret votação gives its totals and turnout, never a vote.

use serde::Serialize;
use uuid::Uuid;

use domain::sessoes_plenarias::votacao::TipoVotacao;

use super::{Votacao, encerradas, votos};
use crate::sessoes_plenarias::rfc3339;
use crate::{Result, TenantTx};

/// A councilor's vote in a nominal votação.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VotoDados {
    pub parlamentar_id: Uuid,
    pub nome: String,
    /// `sim`, `nao` or `abstencao`.
    pub voto: String,
}

/// A closed votação.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VotacaoDados {
    pub id: Uuid,
    pub sessao_id: Uuid,
    /// The item voted ("PL 12/2026 — ementa", or the free item's text).
    pub item: String,
    pub proposicao_id: Option<Uuid>,
    pub turno: i16,
    /// `simbolica`, `nominal` or `secreta`.
    pub tipo: String,
    /// `maioria_simples`, `maioria_absoluta`, `dois_tercos`, `tres_quintos`, `unanimidade`.
    pub quorum: String,
    /// `aprovada`, `rejeitada` or `sem_quorum`.
    pub resultado: Option<String>,
    /// The result computed from the quórum; differs from `resultado` only with a justificativa.
    pub resultado_calculado: Option<String>,
    /// The operator's written justification when the result differs from the computed one.
    pub justificativa: Option<String>,
    pub explicacao: Option<String>,
    pub sim: i32,
    pub nao: i32,
    pub abstencao: i32,
    pub votantes: i64,
    pub presentes: Option<i32>,
    /// RFC 3339, UTC.
    pub encerrada_em: Option<String>,
}

/// A closed votação with each councilor's vote (nominal votações only; empty for secret
/// and symbolic ones).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VotacaoComVotos {
    pub votacao: VotacaoDados,
    pub votos: Vec<VotoDados>,
}

/// The open data of a closed votação, with its nominal votes.
pub async fn com_votos(tx: &mut TenantTx, v: Votacao) -> Result<VotacaoComVotos> {
    let votos = if v.tipo() == TipoVotacao::Nominal {
        votos(tx, v.id)
            .await?
            .into_iter()
            .map(|x| VotoDados {
                parlamentar_id: x.parlamentar_id,
                nome: x.nome,
                voto: x.voto,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(VotacaoComVotos {
        votacao: dados_de(v),
        votos,
    })
}

/// The open data of a closed votação (no individual vote).
pub fn dados_de(v: Votacao) -> VotacaoDados {
    VotacaoDados {
        id: v.id,
        sessao_id: v.sessao_id,
        item: v.titulo,
        proposicao_id: v.proposicao_id,
        turno: v.turno,
        tipo: v.tipo,
        quorum: v.quorum,
        resultado: v.resultado,
        resultado_calculado: v.resultado_calculado,
        justificativa: v.justificativa,
        explicacao: v.explicacao,
        sim: v.sim,
        nao: v.nao,
        abstencao: v.abstencao,
        votantes: v.votantes,
        presentes: v.presentes,
        encerrada_em: v.encerrada_em.map(rfc3339),
    }
}

/// One page of closed votações (of a sessão, if given), by id after the cursor.
pub async fn dados(
    tx: &mut TenantTx,
    sessao: Option<Uuid>,
    depois: Option<Uuid>,
    limite: i64,
) -> Result<Vec<VotacaoDados>> {
    Ok(encerradas(tx, sessao, depois, limite)
        .await?
        .into_iter()
        .map(dados_de)
        .collect())
}

/// The closed votações of a sessão with their nominal votes.
pub async fn da_sessao(tx: &mut TenantTx, sessao: Uuid) -> Result<Vec<VotacaoComVotos>> {
    let mut fora = Vec::new();
    for v in encerradas(tx, Some(sessao), None, 1000).await? {
        fora.push(com_votos(tx, v).await?);
    }
    Ok(fora)
}

/// A sessão's closed votações (`/api/v1/sessoes/{id}/votacoes`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessaoVotacoesDados {
    pub sessao_id: Uuid,
    pub votacoes: Vec<VotacaoComVotos>,
}
