//! The tipos de sessão (Ordinária, Extraordinária…), configurable per câmara.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor, json};
use crate::{Error, Result, TenantTx};

/// A tipo de sessão (Ordinária, Extraordinária…), configurable per câmara.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct TipoSessao {
    pub id: Uuid,
    pub nome: String,
    pub ordem: i32,
    pub ativo: bool,
}

/// The câmara's tipos, in their order (only the active ones if `so_ativos`).
pub async fn tipos(tx: &mut TenantTx, so_ativos: bool) -> Result<Vec<TipoSessao>> {
    tx.linhas(
        "SELECT id, nome, ordem, ativo FROM app.tipo_sessao
          WHERE tenant_id = $1 AND (ativo OR NOT $2) ORDER BY ordem, nome",
        so_ativos,
    )
    .await
}

pub async fn tipo_por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<TipoSessao>> {
    tx.linha(
        "SELECT id, nome, ordem, ativo FROM app.tipo_sessao WHERE tenant_id = $1 AND id = $2",
        id,
    )
    .await
}

pub async fn criar_tipo(
    tx: &mut TenantTx,
    autor: &Autor,
    nome: &str,
    ordem: i32,
) -> Result<TipoSessao> {
    // The rules of the nome and the ordem are the table's checks (tipo_sessao_nome_check,
    // tipo_sessao_ordem_check), refused behind a savepoint so the transaction goes on.
    let tenant = tx.tenant_id();
    let insert = sqlx::query_as(
        "INSERT INTO app.tipo_sessao (tenant_id, id, nome, ordem) VALUES ($1, $2, $3, $4)
         RETURNING id, nome, ordem, ativo",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(nome.trim())
    .bind(ordem);
    let t: TipoSessao = tx
        .tentar(async |tx| {
            insert
                .fetch_one(tx.conn())
                .await
                .map_err(crate::infra::recusas::mapear)
        })
        .await?;
    auditoria::mudanca(tx, autor, "tipo_sessao", t.id, "criar", None, json(&t)).await?;
    Ok(t)
}

pub async fn editar_tipo(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    nome: &str,
    ordem: i32,
    ativo: bool,
) -> Result<TipoSessao> {
    let antes = tipo_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de sessão não encontrado.".into()))?;
    let tenant = tx.tenant_id();
    let update = sqlx::query_as(
        "UPDATE app.tipo_sessao SET nome = $3, ordem = $4, ativo = $5
          WHERE tenant_id = $1 AND id = $2 RETURNING id, nome, ordem, ativo",
    )
    .bind(tenant)
    .bind(id)
    .bind(nome.trim())
    .bind(ordem)
    .bind(ativo);
    let t: TipoSessao = tx
        .tentar(async |tx| {
            update
                .fetch_one(tx.conn())
                .await
                .map_err(crate::infra::recusas::mapear)
        })
        .await?;
    auditoria::mudanca(
        tx,
        autor,
        "tipo_sessao",
        id,
        "editar",
        json(&antes),
        json(&t),
    )
    .await?;
    Ok(t)
}

/// Deletes a tipo no sessão uses (one that was used can only be deactivated).
pub async fn excluir_tipo(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = tipo_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de sessão não encontrado.".into()))?;
    auditoria::apagar(tx, autor, "tipo_sessao", id, "excluir", json(&antes)).await
}
