//! Legislaturas: the four-year terms of the câmara.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use domain::composicao::{self, Periodo};

use super::*;
use crate::auditoria::Autor;
use crate::infra::planos;
use crate::{Error, Result, TenantTx};

#[derive(Debug, Clone, FromRow, Serialize, utoipa::ToSchema)]
pub struct Legislatura {
    pub id: Uuid,
    pub numero: i32,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
}

pub async fn criar_legislatura(
    tx: &mut TenantTx,
    autor: &Autor,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<Legislatura> {
    let tenant = tx.tenant_id();
    let l: Legislatura = sqlx::query_as(
        "INSERT INTO app.legislatura (tenant_id, id, numero, inicio, fim) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "legislatura", l.id, "criar", None, json(&l)).await?;
    Ok(l)
}

pub async fn legislatura(tx: &mut TenantTx, id: Uuid) -> Result<Option<Legislatura>> {
    tx.linha(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1 AND id = $2",
        id,
    )
    .await
}

pub async fn legislatura_por_numero(tx: &mut TenantTx, numero: i32) -> Result<Option<Legislatura>> {
    tx.linha(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1 AND numero = $2",
        numero,
    )
    .await
}

pub async fn editar_legislatura(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<Legislatura> {
    let antes = legislatura(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Legislatura"))?;
    let tenant = tx.tenant_id();
    let l: Legislatura = sqlx::query_as(
        "UPDATE app.legislatura SET numero = $3, inicio = $4, fim = $5 WHERE tenant_id = $1 AND id = $2
         RETURNING id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(id)
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    // What hangs from it must still lie inside it.
    let sessoes = periodos_de(tx, "sessao_legislativa", id).await?;
    let mesas = periodos_de(tx, "mesa_periodo", id).await?;
    let mandatos = periodos_de(tx, "mandato", id).await?;
    composicao::legislatura_contem(Periodo::new(inicio, fim), &sessoes, &mesas, &mandatos)?;
    auditar(
        tx,
        autor,
        "legislatura",
        id,
        "editar",
        json(&antes),
        json(&l),
    )
    .await?;
    Ok(l)
}

/// The periods of the rows of `tabela` (one of ours, never input) in the legislatura `id`.
async fn periodos_de(
    tx: &mut TenantTx,
    tabela: &'static str,
    id: Uuid,
) -> Result<Vec<Periodo<Date>>> {
    let tenant = tx.tenant_id();
    let v: Vec<(Date, Date)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT inicio, fim FROM app.{tabela} WHERE tenant_id = $1 AND legislatura_id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    Ok(v.into_iter().map(|(i, f)| Periodo::new(i, f)).collect())
}

/// Deletes an empty legislatura (its sessões legislativas go with it). One with mandatos
/// is refused.
pub async fn excluir_legislatura(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = legislatura(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Legislatura"))?;
    let tenant = tx.tenant_id();
    let mandatos: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.mandato WHERE tenant_id = $1 AND legislatura_id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    if mandatos > 0 {
        return Err(Error::Conflict(format!(
            "A legislatura tem {mandatos} mandato(s) e não pode ser excluída."
        )));
    }
    crate::auditoria::apagar(tx, autor, "legislatura", id, "excluir", json(&antes)).await
}

/// A legislatura in the admin list, with what hangs from it.
#[derive(Debug, Clone, FromRow)]
pub struct LegislaturaResumo {
    pub id: Uuid,
    pub numero: i32,
    pub inicio: Date,
    pub fim: Date,
    pub mandatos: i64,
    pub sessoes: i64,
}

/// Every legislatura, newest first, with its counts.
pub async fn legislaturas_resumo(tx: &mut TenantTx) -> Result<Vec<LegislaturaResumo>> {
    tx.todas("SELECT l.id, l.numero, l.inicio, l.fim,
                (SELECT count(*) FROM app.mandato m WHERE m.tenant_id = l.tenant_id AND m.legislatura_id = l.id) AS mandatos,
                (SELECT count(*) FROM app.sessao_legislativa s WHERE s.tenant_id = l.tenant_id AND s.legislatura_id = l.id) AS sessoes
           FROM app.legislatura l WHERE l.tenant_id = $1 ORDER BY l.numero DESC").await
}

/// The legislatura in force on `dia`, or else the latest one.
pub async fn legislatura_atual(tx: &mut TenantTx, dia: Date) -> Result<Option<Legislatura>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1
          ORDER BY (daterange(inicio, fim, '[]') @> $2::date) DESC, inicio DESC LIMIT 1",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_optional(tx.conn())
    .await?)
}

/// Legislaturas by number, after `depois`.
pub async fn legislaturas(
    tx: &mut TenantTx,
    depois: Option<i32>,
    limite: i64,
) -> Result<Vec<Legislatura>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT id, numero, inicio, fim FROM app.legislatura
          WHERE tenant_id = $1 AND ($2::int IS NULL OR numero > $2) ORDER BY numero LIMIT {}",
            planos::limite(limite)
        )),
        depois,
    )
    .await
}

// ---------------------------------------------------------------- sessões legislativas
