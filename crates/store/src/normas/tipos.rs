//! The câmara's tipos de norma (seeded by `app.normas_padroes`).

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, TenantTx};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct TipoNorma {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub tipo_lexml: String,
    /// `ano` or `continua`.
    pub numeracao: String,
    pub ativo: bool,
}

const COLUNAS: &str = "id, sigla, nome, tipo_lexml, numeracao, ativo";

pub async fn listar(tx: &mut TenantTx) -> Result<Vec<TipoNorma>> {
    tx.todas(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} FROM app.tipo_norma WHERE tenant_id = $1 ORDER BY ordem, nome"
    )))
    .await
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<TipoNorma>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} FROM app.tipo_norma WHERE tenant_id = $1 AND id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn por_sigla(tx: &mut TenantTx, sigla: &str) -> Result<Option<TipoNorma>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} FROM app.tipo_norma WHERE tenant_id = $1 AND sigla = $2"
        )),
        sigla,
    )
    .await
}
