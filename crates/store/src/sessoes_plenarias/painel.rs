//! The painel's state in one struct, read in one query: what every screen (operator
//! console, councilor's page, and later the SSE painel) shows of a running sessão.

use serde::Deserialize;
use uuid::Uuid;

use crate::{Error, Result, TenantTx};

/// A votação on the painel: a secret one's totals stay zero until the close.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct VotacaoPainel {
    pub id: Uuid,
    pub item: String,
    pub turno: i16,
    pub tipo: String,
    pub status: String,
    pub sim: i32,
    pub nao: i32,
    pub abstencao: i32,
    pub votantes: i64,
    pub resultado: Option<String>,
}

/// The state of a sessão's painel.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct EstadoPainel {
    pub sessao_id: Uuid,
    pub status: String,
    pub fase: Option<String>,
    /// Marked present in the sessão's roll.
    pub presentes: i64,
    /// The votação open (or locked) now, if any; else the last closed one.
    pub votacao: Option<VotacaoPainel>,
    /// Bumped on every change of the sessão (for the SSE painel's "is it stale").
    pub versao: i32,
}

/// Reads the painel's state in one statement.
pub async fn estado(tx: &mut TenantTx, sessao_id: Uuid) -> Result<EstadoPainel> {
    let tenant = tx.tenant_id();
    let v: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT jsonb_build_object(
            'sessao_id', s.id, 'status', s.status, 'versao', s.versao,
            'fase', (SELECT f.nome FROM app.fase_sessao f WHERE f.tenant_id = s.tenant_id AND f.id = s.fase_id),
            'presentes', (SELECT count(*) FROM app.presenca p WHERE p.tenant_id = s.tenant_id
                           AND p.sessao_id = s.id AND p.ambito = 'sessao' AND p.situacao = 'presente'),
            'votacao', (SELECT jsonb_build_object(
                    'id', v.id, 'turno', v.turno, 'tipo', v.tipo, 'status', v.status,
                    'item', coalesce(t.sigla || ' ' || pr.numero || '/' || pr.ano, i.descricao),
                    'sim', CASE WHEN v.tipo = 'secreta' AND v.status <> 'encerrada' THEN 0 ELSE v.sim END,
                    'nao', CASE WHEN v.tipo = 'secreta' AND v.status <> 'encerrada' THEN 0 ELSE v.nao END,
                    'abstencao', CASE WHEN v.tipo = 'secreta' AND v.status <> 'encerrada' THEN 0 ELSE v.abstencao END,
                    'votantes', CASE WHEN v.tipo = 'secreta'
                        THEN (SELECT count(*) FROM app.votacao_participacao x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id)
                        ELSE (SELECT count(*) FROM app.voto x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id) END,
                    'resultado', v.resultado)
                  FROM app.votacao v
                  JOIN app.pauta_item i ON i.tenant_id = v.tenant_id AND i.id = v.item_id
                  LEFT JOIN app.proposicao pr ON pr.tenant_id = i.tenant_id AND pr.id = i.proposicao_id
                  LEFT JOIN app.tipo_proposicao t ON t.tenant_id = pr.tenant_id AND t.id = pr.tipo_id
                 WHERE v.tenant_id = s.tenant_id AND v.sessao_id = s.id AND v.status <> 'cancelada'
                 ORDER BY (v.status IN ('aberta', 'travada')) DESC, v.aberta_em DESC LIMIT 1))
           FROM app.sessao_plenaria s WHERE s.tenant_id = $1 AND s.id = $2",
    )
    .bind(tenant)
    .bind(sessao_id)
    .fetch_optional(tx.conn())
    .await?;
    let v = v.ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    serde_json::from_value(v).map_err(|e| Error::Conflict(format!("Painel ilegível: {e}")))
}
