//! The câmara's status de tramitação ("Para parecer", "Arquivada"…): a status that
//! "encerra a tramitação" archives the proposição; one that "retorna ao autor" marks a
//! devolução.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Status {
    pub id: Uuid,
    pub nome: String,
    pub encerra: bool,
    pub retorna_ao_autor: bool,
    pub ativo: bool,
    pub ordem: i32,
}

#[derive(Debug, Clone)]
pub struct DadosStatus {
    pub nome: String,
    pub encerra: bool,
    pub retorna_ao_autor: bool,
    pub ativo: bool,
    pub ordem: i32,
}

const STATUS: &str =
    "SELECT id, nome, encerra, retorna_ao_autor, ativo, ordem FROM app.status_tramitacao";

/// Every status (inactive ones too, when `todos`), in their order.
pub async fn listar_status(tx: &mut TenantTx, todos: bool) -> Result<Vec<Status>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{STATUS} WHERE tenant_id = $1 AND ($2 OR ativo) ORDER BY ordem, nome, id"
        )),
        todos,
    )
    .await
}

pub async fn status_por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Status>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{STATUS} WHERE tenant_id = $1 AND id = $2")),
        id,
    )
    .await
}

fn validar(d: &DadosStatus) -> Result<()> {
    if d.encerra && d.retorna_ao_autor {
        return Err(invalido(
            "retorna_ao_autor",
            "Um status que encerra a tramitação não pode também devolvê-la ao autor.",
        ));
    }
    Ok(())
}

/// Inserts (`id` new) or updates (`id` existing) a status with `d`, in one statement.
async fn gravar(tx: &mut TenantTx, id: Uuid, d: &DadosStatus) -> Result<Status> {
    validar(d)?;
    let tenant = tx.tenant_id();
    sqlx::query_as(
        "INSERT INTO app.status_tramitacao (tenant_id, id, nome, encerra, retorna_ao_autor, ativo, ordem)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, id) DO UPDATE
            SET nome = EXCLUDED.nome, encerra = EXCLUDED.encerra,
                retorna_ao_autor = EXCLUDED.retorna_ao_autor, ativo = EXCLUDED.ativo,
                ordem = EXCLUDED.ordem
         RETURNING id, nome, encerra, retorna_ao_autor, ativo, ordem",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.nome.trim())
    .bind(d.encerra)
    .bind(d.retorna_ao_autor)
    .bind(d.ativo)
    .bind(d.ordem)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)
}

pub async fn criar_status(tx: &mut TenantTx, autor: &Autor, d: &DadosStatus) -> Result<Status> {
    let s = gravar(tx, Uuid::now_v7(), d).await?;
    auditoria::mudanca(
        tx,
        autor,
        "status_tramitacao",
        s.id,
        "criar",
        None,
        json(&s),
    )
    .await?;
    Ok(s)
}

/// Edits a status. The tramitações already recorded keep what they did (their events are
/// history); the flags apply to the next ones.
pub async fn editar_status(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosStatus,
) -> Result<Status> {
    let antes = status_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Status não encontrado.".into()))?;
    let s = gravar(tx, id, d).await?;
    let (antes, depois) = (json(&antes), json(&s));
    auditoria::mudanca(tx, autor, "status_tramitacao", id, "editar", antes, depois).await?;
    Ok(s)
}

/// Deletes a status no tramitação used (the database refuses one in use: deactivate it).
pub async fn excluir_status(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = status_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Status não encontrado.".into()))?;
    auditoria::apagar(tx, autor, "status_tramitacao", id, "excluir", json(&antes)).await
}
