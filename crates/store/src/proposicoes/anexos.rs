//! The files of a proposição: anexos (PDF, office documents, images) checked by their
//! content like the pages' ([`crate::conteudo::paginas::verificar_anexo`]), and at most one
//! of them, a PDF, as the proposição's texto integral.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

pub use crate::conteudo::paginas::{ANEXO_MAX_BYTES, validar_titulo_anexo, verificar_anexo};

/// An anexo of a proposição.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AnexoProposicao {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    pub titulo: String,
    pub nome_arquivo: String,
    #[serde(skip)]
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
    pub texto_integral: bool,
}

impl AnexoProposicao {
    pub fn tamanho_legivel(&self) -> String {
        crate::conteudo::paginas::tamanho_legivel(self.tamanho)
    }
}

/// What to record of a file already stored.
#[derive(Debug, Clone)]
pub struct NovoAnexoProposicao {
    pub titulo: String,
    pub nome_arquivo: String,
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
    pub texto_integral: bool,
}

const COLUNAS: &str =
    "id, proposicao_id, titulo, nome_arquivo, arquivo_key, content_type, tamanho, texto_integral";

pub async fn adicionar(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao: Uuid,
    a: &NovoAnexoProposicao,
) -> Result<AnexoProposicao> {
    let tenant = tx.tenant_id();
    let anexo: AnexoProposicao = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO app.proposicao_anexo (tenant_id, id, proposicao_id, titulo, nome_arquivo,
                                           arquivo_key, content_type, tamanho, texto_integral)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUNAS}"
    )))
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(proposicao)
    .bind(a.titulo.trim())
    .bind(domain::texto::nome_de_arquivo(&a.nome_arquivo, "anexo"))
    .bind(&a.arquivo_key)
    .bind(&a.content_type)
    .bind(a.tamanho)
    .bind(a.texto_integral)
    .fetch_one(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::criado(
        tx,
        autor,
        "proposicao_anexo",
        anexo.id,
        serde_json::json!(anexo),
    )
    .await?;
    Ok(anexo)
}

/// The anexos, the texto integral first.
pub async fn listar(tx: &mut TenantTx, proposicao: Uuid) -> Result<Vec<AnexoProposicao>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} FROM app.proposicao_anexo WHERE tenant_id = $1 AND proposicao_id = $2
          ORDER BY texto_integral DESC, criado_em, id"
        )),
        proposicao,
    )
    .await
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<AnexoProposicao>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} FROM app.proposicao_anexo WHERE tenant_id = $1 AND id = $2"
        )),
        id,
    )
    .await
}

/// Removes an anexo's record (the file stays in storage, unreachable).
pub async fn remover(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<AnexoProposicao> {
    let a = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Anexo não encontrado.".into()))?;
    auditoria::apagar(
        tx,
        autor,
        "proposicao_anexo",
        id,
        "excluir",
        auditoria::json(&a),
    )
    .await?;
    Ok(a)
}
