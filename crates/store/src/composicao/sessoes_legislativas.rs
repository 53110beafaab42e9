//! Sessões legislativas: the yearly periods inside a legislatura.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::*;
use crate::auditoria::Autor;
use crate::{Result, TenantTx};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct SessaoLegislativa {
    pub id: Uuid,
    pub legislatura_id: Uuid,
    pub numero: i32,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
}

pub async fn criar_sessao_legislativa(
    tx: &mut TenantTx,
    autor: &Autor,
    legislatura_id: Uuid,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<SessaoLegislativa> {
    let tenant = tx.tenant_id();
    let s: SessaoLegislativa = sqlx::query_as(
        "INSERT INTO app.sessao_legislativa (tenant_id, id, legislatura_id, numero, inicio, fim)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, legislatura_id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(legislatura_id)
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "sessao_legislativa",
        s.id,
        "criar",
        None,
        json(&s),
    )
    .await?;
    Ok(s)
}

pub async fn sessao_legislativa(tx: &mut TenantTx, id: Uuid) -> Result<Option<SessaoLegislativa>> {
    tx.linha(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND id = $2",
        id,
    )
    .await
}

pub async fn editar_sessao_legislativa(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<SessaoLegislativa> {
    let antes = sessao_legislativa(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Sessão legislativa"))?;
    let tenant = tx.tenant_id();
    let s: SessaoLegislativa = sqlx::query_as(
        "UPDATE app.sessao_legislativa SET numero = $3, inicio = $4, fim = $5
          WHERE tenant_id = $1 AND id = $2
         RETURNING id, legislatura_id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(id)
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    // Its sessões plenárias (on their day in the câmara's time zone) must still lie inside it.
    let dias: Vec<Date> = sqlx::query_scalar(
        "SELECT (sp.inicio AT TIME ZONE c.fuso_horario)::date FROM app.sessao_plenaria sp
           JOIN app.camara_config c ON c.tenant_id = sp.tenant_id
          WHERE sp.tenant_id = $1 AND sp.sessao_legislativa_id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    domain::composicao::sessao_legislativa_contem(
        domain::composicao::Periodo::new(inicio, fim),
        &dias,
    )?;
    auditar(
        tx,
        autor,
        "sessao_legislativa",
        id,
        "editar",
        json(&antes),
        json(&s),
    )
    .await?;
    Ok(s)
}

/// Deletes a sessão legislativa nothing else hangs from (mesa, sessões plenárias refuse it).
pub async fn excluir_sessao_legislativa(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = sessao_legislativa(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Sessão legislativa"))?;
    crate::auditoria::apagar(tx, autor, "sessao_legislativa", id, "excluir", json(&antes)).await
}

/// The sessões legislativas of one legislatura, oldest first.
pub async fn sessoes_legislativas(
    tx: &mut TenantTx,
    legislatura_id: Uuid,
) -> Result<Vec<SessaoLegislativa>> {
    tx.linhas(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND legislatura_id = $2 ORDER BY inicio",
        legislatura_id,
    )
    .await
}

/// The sessão legislativa that contains `dia`, if any.
pub async fn sessao_legislativa_em(
    tx: &mut TenantTx,
    dia: Date,
) -> Result<Option<SessaoLegislativa>> {
    tx.linha(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND daterange(inicio, fim, '[]') @> $2::date",
        dia,
    )
    .await
}
