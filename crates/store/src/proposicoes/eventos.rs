//! The history of a proposição: one immutable event at a time, each with the situação
//! `domain::proposicoes::aplicar` says it leads to.

use domain::proposicoes::{Evento, Situacao};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::{Error, Result, TenantTx};

/// An event to record.
#[derive(Debug, Clone)]
pub struct EventoNovo {
    pub evento: Evento,
    pub unidade_id: Option<Uuid>,
    /// What happened, as shown in the public timeline ("Encaminhada à Comissão de Justiça").
    pub descricao: String,
    /// When it happened (now when `None`).
    pub ocorrido_em: Option<OffsetDateTime>,
    /// The principal's event this one follows (anexadas).
    pub origem_id: Option<Uuid>,
}

/// Records `novo` on the proposição `proposicao_id`: locks the proposição, derives the new
/// situação from the current one, appends the event (the trigger moves the situação) and
/// audits it. Refused with the rule's message when the event cannot happen now.
pub async fn registrar_evento(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
    novo: &EventoNovo,
) -> Result<(Uuid, Situacao)> {
    let tenant = tx.tenant_id();
    let atual: Option<Option<String>> = sqlx::query_scalar(
        "SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(atual) = atual else {
        return Err(Error::NotFound("Proposição não encontrada.".into()));
    };
    let atual = atual.as_deref().and_then(Situacao::parse);
    let situacao = domain::proposicoes::aplicar(atual, novo.evento)?;
    let id = Uuid::now_v7();
    let ocorrido = novo.ocorrido_em.unwrap_or_else(OffsetDateTime::now_utc);
    sqlx::query(
        "INSERT INTO app.proposicao_evento
            (tenant_id, id, proposicao_id, tipo, situacao, unidade_id, descricao, ocorrido_em,
             origem_id, usuario_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant)
    .bind(id)
    .bind(proposicao_id)
    .bind(novo.evento.tipo().as_str())
    .bind(situacao.as_str())
    .bind(novo.unidade_id)
    .bind(novo.descricao.trim())
    .bind(ocorrido)
    .bind(novo.origem_id)
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await?;
    auditoria::registrar(
        tx,
        autor,
        "proposicao",
        Some(&proposicao_id.to_string()),
        novo.evento.tipo().as_str(),
        None,
        Some(serde_json::json!({
            "evento": id, "situacao": situacao.as_str(), "descricao": novo.descricao.trim(),
            "unidade_id": novo.unidade_id,
        })),
    )
    .await?;
    crate::acompanhamento::notificar_evento(tx, proposicao_id, id).await?;
    super::relacionadas::seguir_principal(tx, autor, proposicao_id, id, ocorrido, novo).await?;
    Ok((id, situacao))
}
