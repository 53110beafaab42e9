//! The files of a norma (the signed text as a PDF, images), in the files store like
//! proposições' anexos and checked by content the same way.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::{Result, TenantTx};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AnexoNorma {
    pub id: Uuid,
    pub norma_id: Uuid,
    pub titulo: String,
    pub nome_arquivo: String,
    #[serde(skip)]
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
}

/// A file already stored (`arquivo_key`), checked by the caller.
#[derive(Debug, Clone)]
pub struct NovoAnexo {
    pub titulo: String,
    pub nome_arquivo: String,
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
}

const COLUNAS: &str = "id, norma_id, titulo, nome_arquivo, arquivo_key, content_type, tamanho";

pub async fn adicionar(
    tx: &mut TenantTx,
    autor: &Autor,
    norma: Uuid,
    n: &NovoAnexo,
) -> Result<AnexoNorma> {
    let tenant = tx.tenant_id();
    let a: AnexoNorma = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO app.norma_anexo (tenant_id, id, norma_id, titulo, nome_arquivo, arquivo_key,
                                      content_type, tamanho)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUNAS}"
    )))
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(norma)
    .bind(n.titulo.trim())
    .bind(domain::texto::nome_de_arquivo(&n.nome_arquivo, "anexo"))
    .bind(&n.arquivo_key)
    .bind(&n.content_type)
    .bind(n.tamanho)
    .fetch_one(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::criado(tx, autor, "norma_anexo", a.id, serde_json::json!(a)).await?;
    Ok(a)
}

pub async fn listar(tx: &mut TenantTx, norma: Uuid) -> Result<Vec<AnexoNorma>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} FROM app.norma_anexo WHERE tenant_id = $1 AND norma_id = $2
          ORDER BY criado_em, id"
        )),
        norma,
    )
    .await
}
