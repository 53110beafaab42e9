//! The tipos de sessão (Ordinária, Extraordinária…), configurable per câmara.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::error::invalido;
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
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, nome, ordem, ativo FROM app.tipo_sessao
          WHERE tenant_id = $1 AND (ativo OR NOT $2) ORDER BY ordem, nome",
    )
    .bind(tenant)
    .bind(so_ativos)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn tipo_por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<TipoSessao>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, nome, ordem, ativo FROM app.tipo_sessao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

fn validar_tipo(nome: &str, ordem: i32) -> Result<String> {
    let nome = nome.trim();
    if !(3..=60).contains(&nome.chars().count()) {
        return Err(invalido(
            "nome",
            "O nome do tipo deve ter de 3 a 60 caracteres.",
        ));
    }
    if !(0..=999).contains(&ordem) {
        return Err(invalido("ordem", "A ordem vai de 0 a 999."));
    }
    Ok(nome.to_owned())
}

pub async fn criar_tipo(
    tx: &mut TenantTx,
    autor: &Autor,
    nome: &str,
    ordem: i32,
) -> Result<TipoSessao> {
    let nome = validar_tipo(nome, ordem)?;
    let tenant = tx.tenant_id();
    let t: TipoSessao = sqlx::query_as(
        "INSERT INTO app.tipo_sessao (tenant_id, id, nome, ordem) VALUES ($1, $2, $3, $4)
         RETURNING id, nome, ordem, ativo",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(&nome)
    .bind(ordem)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tipo_sessao",
        Some(&t.id.to_string()),
        "criar",
        None,
        serde_json::to_value(&t).ok(),
    )
    .await?;
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
    let nome = validar_tipo(nome, ordem)?;
    let antes = tipo_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de sessão não encontrado.".into()))?;
    let tenant = tx.tenant_id();
    let t: TipoSessao = sqlx::query_as(
        "UPDATE app.tipo_sessao SET nome = $3, ordem = $4, ativo = $5
          WHERE tenant_id = $1 AND id = $2 RETURNING id, nome, ordem, ativo",
    )
    .bind(tenant)
    .bind(id)
    .bind(&nome)
    .bind(ordem)
    .bind(ativo)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tipo_sessao",
        Some(&id.to_string()),
        "editar",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&t).ok(),
    )
    .await?;
    Ok(t)
}

/// Deletes a tipo no sessão uses (one that was used can only be deactivated).
pub async fn excluir_tipo(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = tipo_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de sessão não encontrado.".into()))?;
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.tipo_sessao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tipo_sessao",
        Some(&id.to_string()),
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}
