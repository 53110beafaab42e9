//! Relatoria: the relator of a distribuição, a member of the comissão serving on the
//! designação date (the database refuses anyone else: `relatoria_membro_atual`), with a
//! prazo in dias úteis. Redistributing ends the current relatoria and starts another; the
//! history is kept.
//!
//! The prazo counts the national holidays only (`domain::calendario::Calendario` without
//! local holidays or recessos): the câmara's own calendar belongs to the tramitação.

use domain::calendario::Calendario;
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

/// One relatoria (current or past).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Relatoria {
    pub id: Uuid,
    pub distribuicao_id: Uuid,
    pub membro_id: Uuid,
    pub parlamentar_id: Uuid,
    pub nome_parlamentar: String,
    #[serde(serialize_with = "data_iso")]
    pub designada_em: Date,
    pub prazo_dias: i16,
    #[serde(serialize_with = "data_iso")]
    pub prazo: Date,
    pub encerrada_em: Option<Date>,
    pub motivo_fim: String,
}

const RELATORIA: &str = "SELECT r.id, r.distribuicao_id, r.membro_id, m.parlamentar_id,
    p.nome_parlamentar, r.designada_em, r.prazo_dias, r.prazo, r.encerrada_em, r.motivo_fim
    FROM app.relatoria r
    JOIN app.membro_comissao m ON m.tenant_id = r.tenant_id AND m.id = r.membro_id
    JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id";

/// The relatorias of a distribuição, the current one first, then the earlier ones.
pub async fn relatorias(tx: &mut TenantTx, distribuicao_id: Uuid) -> Result<Vec<Relatoria>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{RELATORIA} WHERE r.tenant_id = $1 AND r.distribuicao_id = $2
          ORDER BY r.encerrada_em IS NULL DESC, r.designada_em DESC, r.id DESC"
        )),
        distribuicao_id,
    )
    .await
}

/// The open relatoria of a distribuição, if any.
pub async fn atual(tx: &mut TenantTx, distribuicao_id: Uuid) -> Result<Option<Relatoria>> {
    Ok(relatorias(tx, distribuicao_id)
        .await?
        .into_iter()
        .find(|r| r.encerrada_em.is_none()))
}

/// The last day of a prazo of `dias` dias úteis from `inicio` (national holidays only).
pub fn fim_do_prazo(inicio: Date, dias: u32) -> Result<Date> {
    Calendario::default()
        .somar(inicio, dias)
        .ok_or_else(|| invalido("prazo_dias", "Prazo fora do calendário."))
}

/// A relator to designate.
#[derive(Debug, Clone)]
pub struct NovaRelatoria {
    pub distribuicao_id: Uuid,
    pub membro_id: Uuid,
    pub data: Date,
    pub prazo_dias: u32,
    /// Why the current relator (if any) leaves: "Redistribuição" when empty.
    pub motivo: String,
}

/// Designates the relator of a distribuição; when there is one already, this is a
/// redistribution: the current relatoria ends on `data` with `motivo`. Run it behind
/// `TenantTx::tentar`.
pub async fn designar_relator(tx: &mut TenantTx, autor: &Autor, n: &NovaRelatoria) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let d = super::distribuicao::distribuicao(tx, n.distribuicao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Distribuição não encontrada.".into()))?;
    if d.concluida {
        return Err(Error::Conflict(
            "A comissão já aprovou o seu parecer sobre esta proposição.".into(),
        ));
    }
    if n.data < d.data {
        return Err(invalido(
            "data",
            "A designação do relator não pode ser anterior à distribuição.",
        ));
    }
    if n.prazo_dias > 365 {
        return Err(invalido(
            "prazo_dias",
            "O prazo deve ser de 0 a 365 dias úteis.",
        ));
    }
    let prazo = fim_do_prazo(n.data, n.prazo_dias)?;
    let anterior = atual(tx, d.id).await?;
    if let Some(a) = &anterior {
        let motivo = match n.motivo.trim() {
            "" => "Redistribuição",
            m => m,
        };
        sqlx::query(
            "UPDATE app.relatoria SET encerrada_em = $3, motivo_fim = $4
              WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant)
        .bind(a.id)
        .bind(n.data)
        .bind(motivo)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.relatoria (tenant_id, id, distribuicao_id, membro_id, designada_em,
                                    prazo_dias, prazo)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.id)
    .bind(n.membro_id)
    .bind(n.data)
    .bind(i16::try_from(n.prazo_dias).unwrap_or(i16::MAX))
    .bind(prazo)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let nova = atual(tx, d.id).await?;
    auditoria::registrar(
        tx,
        autor,
        "relatoria",
        Some(&id.to_string()),
        if anterior.is_some() {
            "redistribuir"
        } else {
            "designar"
        },
        anterior.and_then(|a| serde_json::to_value(a).ok()),
        nova.and_then(|a| serde_json::to_value(a).ok()),
    )
    .await?;
    Ok(id)
}
