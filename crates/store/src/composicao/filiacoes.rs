//! Filiações: a parlamentar's party history.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::*;
use crate::auditoria::Autor;
use crate::{Error, Result, TenantTx};

// ---------------------------------------------------------------- filiações

pub async fn filiar(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    partido: Uuid,
    inicio: Date,
    fim: Option<Date>,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.filiacao (tenant_id, id, parlamentar_id, partido_id, inicio, fim) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(partido)
    .bind(inicio)
    .bind(fim)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "filiacao", id, "criar", None, Some(serde_json::json!({ "parlamentar": parlamentar, "partido": partido, "inicio": inicio, "fim": fim }))).await?;
    Ok(id)
}

/// One filiação of a parlamentar's party history.
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct Filiacao {
    pub id: Uuid,
    pub parlamentar_id: Uuid,
    pub partido_id: Uuid,
    pub sigla: String,
    pub partido_nome: String,
    #[serde(with = "crate::infra::datas::iso")]
    pub inicio: Date,
    /// The desfiliação (exclusive); none while it lasts.
    #[serde(with = "crate::infra::datas::iso_opt")]
    pub fim: Option<Date>,
}

const FILIACAO: &str =
    "f.id, f.parlamentar_id, f.partido_id, pa.sigla, pa.nome AS partido_nome, f.inicio, f.fim
    FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id";

/// The party history of the parlamentar `parlamentar` (an SQL expression), newest first.
pub(crate) fn filiacoes_do_parlamentar_sql(parlamentar: &str) -> String {
    format!(
        "SELECT {FILIACAO} WHERE f.tenant_id = $1 AND f.parlamentar_id = {parlamentar}
          ORDER BY f.inicio DESC"
    )
}

/// A parlamentar's party history, newest first.
pub async fn filiacoes_de(tx: &mut TenantTx, parlamentar: Uuid) -> Result<Vec<Filiacao>> {
    let tenant = tx.tenant_id();
    Ok(
        sqlx::query_as(sqlx::AssertSqlSafe(filiacoes_do_parlamentar_sql("$2")))
            .bind(tenant)
            .bind(parlamentar)
            .fetch_all(tx.conn())
            .await?,
    )
}

pub async fn filiacao(tx: &mut TenantTx, id: Uuid) -> Result<Option<Filiacao>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {FILIACAO} WHERE f.tenant_id = $1 AND f.id = $2"
        )),
        id,
    )
    .await
}

/// Records the desfiliação of an open filiação on `fim`.
pub async fn encerrar_filiacao(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    fim: Date,
) -> Result<()> {
    let f = filiacao(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Filiação"))?;
    domain::composicao::desfiliacao(f.fim).map_err(|m| Error::Conflict(m.into()))?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.filiacao SET fim = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(fim)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "filiacao",
        id,
        "encerrar",
        Some(serde_json::json!({ "fim": null })),
        Some(serde_json::json!({ "fim": fim })),
    )
    .await
}

/// Deletes a filiação registered by mistake.
pub async fn excluir_filiacao(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = filiacao(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Filiação"))?;
    crate::auditoria::apagar(tx, autor, "filiacao", id, "excluir", json(&antes)).await
}
