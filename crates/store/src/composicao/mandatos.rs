//! Mandatos: a parlamentar's seat in a legislatura.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use domain::composicao::{self, Periodo};

use super::*;
use crate::auditoria::Autor;
use crate::error::invalido;
use crate::{Result, TenantTx};

/// A mandato must lie inside its legislatura (`domain::composicao`; the table holds the rest).
async fn checar_mandato(
    tx: &mut TenantTx,
    legislatura_id: Uuid,
    inicio: Date,
    fim: Date,
) -> Result<()> {
    let l = legislatura(tx, legislatura_id)
        .await?
        .ok_or_else(|| invalido("legislatura", "Escolha uma legislatura."))?;
    composicao::mandato_na_legislatura(Periodo::new(inicio, fim), Periodo::new(l.inicio, l.fim))?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn criar_mandato(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    legislatura: Uuid,
    titular: bool,
    votos: Option<i32>,
    inicio: Date,
    fim: Date,
) -> Result<Uuid> {
    checar_mandato(tx, legislatura, inicio, fim).await?;
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.mandato (tenant_id, id, parlamentar_id, legislatura_id, tipo, votos, inicio, fim)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(legislatura)
    .bind(if titular { "titular" } else { "suplente" })
    .bind(votos)
    .bind(inicio)
    .bind(fim)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "mandato", id, "criar", None, Some(serde_json::json!({ "parlamentar": parlamentar, "legislatura": legislatura, "titular": titular, "votos": votos, "inicio": inicio, "fim": fim }))).await?;
    Ok(id)
}

/// A mandato, with its legislatura's number and its afastamentos.
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct Mandato {
    pub id: Uuid,
    pub parlamentar_id: Uuid,
    pub legislatura_id: Uuid,
    pub legislatura_numero: i32,
    /// `titular` or `suplente`.
    pub tipo: String,
    pub votos: Option<i32>,
    #[serde(with = "crate::infra::datas::iso")]
    pub inicio: Date,
    #[serde(with = "crate::infra::datas::iso")]
    pub fim: Date,
    #[sqlx(skip)]
    pub afastamentos: Vec<Afastamento>,
}

impl Mandato {
    pub fn titular(&self) -> bool {
        self.tipo == "titular"
    }
}

const MANDATO: &str = "m.id, m.parlamentar_id, m.legislatura_id, l.numero AS legislatura_numero, m.tipo, m.votos, m.inicio, m.fim
    FROM app.mandato m JOIN app.legislatura l ON l.tenant_id = m.tenant_id AND l.id = m.legislatura_id";

pub async fn mandato(tx: &mut TenantTx, id: Uuid) -> Result<Option<Mandato>> {
    let tenant = tx.tenant_id();
    let m: Option<Mandato> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MANDATO} WHERE m.tenant_id = $1 AND m.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(mut m) = m else { return Ok(None) };
    m.afastamentos = afastamentos_do_mandato(tx, id).await?;
    Ok(Some(m))
}

/// The mandatos of the parlamentar `parlamentar` (an SQL expression), newest first, each with
/// its afastamentos (a JSON array): a part of a one-statement page ([`crate::infra::leitura`]).
pub(crate) fn mandatos_do_parlamentar_sql(parlamentar: &str) -> String {
    format!(
        "SELECT x.*, (SELECT coalesce(json_agg(y), '[]') FROM (SELECT {AFASTAMENTO}
                        WHERE a.tenant_id = $1 AND a.mandato_id = x.id ORDER BY a.inicio) y) AS afastamentos
           FROM (SELECT {MANDATO} WHERE m.tenant_id = $1 AND m.parlamentar_id = {parlamentar}) x
          ORDER BY x.inicio DESC"
    )
}

/// A parlamentar's mandatos, newest first, each with its afastamentos.
pub async fn mandatos_de(tx: &mut TenantTx, parlamentar: Uuid) -> Result<Vec<Mandato>> {
    let tenant = tx.tenant_id();
    let mut lista: Vec<Mandato> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MANDATO} WHERE m.tenant_id = $1 AND m.parlamentar_id = $2 ORDER BY m.inicio DESC"
    )))
    .bind(tenant)
    .bind(parlamentar)
    .fetch_all(tx.conn())
    .await?;
    let todos: Vec<Afastamento> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {AFASTAMENTO} WHERE a.tenant_id = $1 AND m.parlamentar_id = $2 ORDER BY a.inicio"
    )))
    .bind(tenant)
    .bind(parlamentar)
    .fetch_all(tx.conn())
    .await?;
    for m in &mut lista {
        m.afastamentos = todos
            .iter()
            .filter(|a| a.mandato_id == m.id)
            .cloned()
            .collect();
    }
    Ok(lista)
}

/// What the mandato form edits.
#[derive(Debug, Clone)]
pub struct DadosMandato {
    pub legislatura: Uuid,
    pub titular: bool,
    pub votos: Option<i32>,
    pub inicio: Date,
    pub fim: Date,
}

pub async fn editar_mandato(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosMandato,
) -> Result<()> {
    let antes = mandato(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Mandato"))?;
    checar_mandato(tx, d.legislatura, d.inicio, d.fim).await?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.mandato SET legislatura_id = $3, tipo = $4, votos = $5, inicio = $6, fim = $7
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.legislatura)
    .bind(if d.titular { "titular" } else { "suplente" })
    .bind(d.votos)
    .bind(d.inicio)
    .bind(d.fim)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "mandato",
        id,
        "editar",
        json(&antes),
        Some(serde_json::json!({ "legislatura": d.legislatura, "titular": d.titular, "votos": d.votos, "inicio": d.inicio, "fim": d.fim })),
    )
    .await
}

/// Ends a mandato early (renúncia, cassação, morte…) on `fim`.
pub async fn encerrar_mandato(tx: &mut TenantTx, autor: &Autor, id: Uuid, fim: Date) -> Result<()> {
    let m = mandato(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Mandato"))?;
    composicao::encerramento_do_mandato(Periodo::new(m.inicio, m.fim), fim)?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.mandato SET fim = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(fim)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "mandato",
        id,
        "encerrar",
        Some(serde_json::json!({ "fim": m.fim })),
        Some(serde_json::json!({ "fim": fim })),
    )
    .await
}

/// Deletes a mandato registered by mistake (its afastamentos go with it).
pub async fn excluir_mandato(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = mandato(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Mandato"))?;
    crate::auditoria::apagar(tx, autor, "mandato", id, "excluir", json(&antes)).await
}
