//! Reading protocolos: the desk's list with its filters, one protocolo by id or by its
//! verification code, its documents.

use uuid::Uuid;

use super::{Documento, Protocolo};
use crate::{Result, TenantTx};

const COLUNAS: &str = "p.id, p.numero, p.ano,
    to_char(p.recebido_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS recebido_local,
    p.tipo_documento, p.interessado_nome, p.interessado_email, p.interessado_tipo, p.assunto,
    p.codigo,
    to_char(p.anulado_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS anulado_local,
    p.anulado_motivo,
    (SELECT pr.id FROM app.proposicao pr
      WHERE pr.tenant_id = p.tenant_id AND pr.protocolo_id = p.id) AS proposicao_id
    FROM app.protocolo p JOIN app.camara_config c ON c.tenant_id = p.tenant_id";

/// The desk's filters; empty ones do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filtro {
    pub ano: Option<i32>,
    pub numero: Option<i32>,
    /// Part of the assunto or of the interessado's name (case ignored).
    pub texto: Option<String>,
}

/// A page of protocolos, newest first, and how many match.
pub async fn listar(
    tx: &mut TenantTx,
    filtro: &Filtro,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Protocolo>, i64)> {
    let tenant = tx.tenant_id();
    const WHERE: &str = "p.tenant_id = $1
        AND ($2::integer IS NULL OR p.ano = $2)
        AND ($3::integer IS NULL OR p.numero = $3)
        AND ($4::text IS NULL OR p.assunto ILIKE '%' || $4 || '%'
             OR p.interessado_nome ILIKE '%' || $4 || '%')";
    let texto = filtro.texto.as_deref().map(crate::infra::like::escapar);
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.protocolo p WHERE {WHERE}"
    )))
    .bind(tenant)
    .bind(filtro.ano)
    .bind(filtro.numero)
    .bind(&texto)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} WHERE {WHERE} ORDER BY p.ano DESC, p.numero DESC LIMIT $5 OFFSET $6"
    )))
    .bind(tenant)
    .bind(filtro.ano)
    .bind(filtro.numero)
    .bind(&texto)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Protocolo>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} WHERE p.tenant_id = $1 AND p.id = $2"
        )),
        id,
    )
    .await
}

/// The protocolo of a verification code (as stored: see `domain::protocolo::normalizar_codigo`).
pub async fn por_codigo(tx: &mut TenantTx, codigo: &str) -> Result<Option<Protocolo>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} WHERE p.tenant_id = $1 AND p.codigo = $2"
        )),
        codigo,
    )
    .await
}

pub async fn documentos(tx: &mut TenantTx, protocolo_id: Uuid) -> Result<Vec<Documento>> {
    tx.linhas(
        "SELECT id, protocolo_id, nome_arquivo, arquivo_key, content_type, tamanho, sha256
           FROM app.protocolo_documento WHERE tenant_id = $1 AND protocolo_id = $2
          ORDER BY ordem, id",
        protocolo_id,
    )
    .await
}

pub async fn documento(tx: &mut TenantTx, id: Uuid) -> Result<Option<Documento>> {
    tx.linha(
        "SELECT id, protocolo_id, nome_arquivo, arquivo_key, content_type, tamanho, sha256
           FROM app.protocolo_documento WHERE tenant_id = $1 AND id = $2",
        id,
    )
    .await
}
