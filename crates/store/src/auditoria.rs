//! The câmara's audit log: every write, appended in the same transaction as the write.

use std::net::IpAddr;

use serde::Serialize;
use serde_json::Value;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Result, TenantTx};

/// Who is acting, from where.
#[derive(Debug, Clone, Default)]
pub struct Autor {
    pub usuario_id: Option<Uuid>,
    /// The user's e-mail, or `cli:<os user>` for the command line.
    pub email: Option<String>,
    pub ip: Option<IpAddr>,
    pub request_id: Option<String>,
}

impl Autor {
    /// The command line (no user, no IP).
    pub fn cli(actor: &str) -> Self {
        Self {
            email: Some(actor.to_owned()),
            ..Self::default()
        }
    }
}

/// Appends one entry. `antes`/`depois` are the entity before and after (None when created
/// or deleted).
pub async fn registrar(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    entidade_id: Option<&str>,
    acao: &str,
    antes: Option<Value>,
    depois: Option<Value>,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "INSERT INTO app.auditoria
            (tenant_id, id, usuario_id, usuario_email, ip, request_id, entidade, entidade_id, acao, antes, depois)
         VALUES ($1, $2, $3, $4, $5::inet, $6, $7, $8, $9, $10, $11)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(autor.usuario_id)
    .bind(&autor.email)
    .bind(autor.ip.map(|ip| ip.to_string()))
    .bind(&autor.request_id)
    .bind(entidade)
    .bind(entidade_id)
    .bind(acao)
    .bind(antes)
    .bind(depois)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// One entry, as the audit page shows it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Registro {
    pub id: Uuid,
    pub em: OffsetDateTime,
    /// `em` in the câmara's time zone, dd/mm/aaaa hh:mm:ss.
    pub em_local: String,
    pub usuario_email: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub entidade: String,
    pub entidade_id: Option<String>,
    pub acao: String,
    pub antes: Option<Value>,
    pub depois: Option<Value>,
}

/// Filters of the audit page; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filtro {
    pub usuario_email: Option<String>,
    pub entidade: Option<String>,
    /// Inclusive dates (dd/mm/aaaa already parsed), in the câmara's time zone.
    pub de: Option<time::Date>,
    pub ate: Option<time::Date>,
}

/// One page, newest first, and the total count for the filter.
pub async fn listar(
    tx: &mut TenantTx,
    filtro: &Filtro,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Registro>, i64)> {
    let tenant = tx.tenant_id();
    const WHERE: &str = "a.tenant_id = $1
        AND ($2::text IS NULL OR a.usuario_email = $2)
        AND ($3::text IS NULL OR a.entidade = $3)
        AND ($4::date IS NULL OR a.em >= ($4::date::timestamp AT TIME ZONE c.fuso_horario))
        AND ($5::date IS NULL OR a.em < (($5::date + 1)::timestamp AT TIME ZONE c.fuso_horario))";
    let rows: Vec<Registro> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT a.id, a.em, to_char(a.em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI:SS') AS em_local,
                a.usuario_email, host(a.ip) AS ip, a.request_id, a.entidade, a.entidade_id, a.acao,
                a.antes, a.depois
           FROM app.auditoria a JOIN app.camara_config c ON c.tenant_id = a.tenant_id
          WHERE {WHERE}
          ORDER BY a.em DESC, a.id DESC LIMIT $6 OFFSET $7"
    )))
    .bind(tenant)
    .bind(&filtro.usuario_email)
    .bind(&filtro.entidade)
    .bind(filtro.de)
    .bind(filtro.ate)
    .bind(limit)
    .bind(offset)
    .fetch_all(tx.conn())
    .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.auditoria a JOIN app.camara_config c ON c.tenant_id = a.tenant_id
          WHERE {WHERE}"
    )))
    .bind(tenant)
    .bind(&filtro.usuario_email)
    .bind(&filtro.entidade)
    .bind(filtro.de)
    .bind(filtro.ate)
    .fetch_one(tx.conn())
    .await?;
    Ok((rows, total))
}

/// The entity names present in the log (for the filter's options).
pub async fn entidades(tx: &mut TenantTx) -> Result<Vec<String>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT entidade FROM app.auditoria WHERE tenant_id = $1 ORDER BY entidade",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

/// A change to one entity named by its id, the states before and after as JSON (see
/// [`json`]): one line at each write instead of the whole [`registrar`] call.
pub async fn mudanca(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    id: Uuid,
    acao: &str,
    antes: Option<Value>,
    depois: Option<Value>,
) -> Result<()> {
    let id = id.to_string();
    registrar(tx, autor, entidade, Some(&id), acao, antes, depois).await
}

/// A state for the audit log.
pub fn json(x: &impl serde::Serialize) -> Option<Value> {
    serde_json::to_value(x).ok()
}

/// Deletes one row of `app.<tabela>` by id (a refusal mapped by [`crate::infra::recusas`])
/// and audits it with its state before.
pub async fn apagar(
    tx: &mut TenantTx,
    autor: &Autor,
    tabela: &'static str,
    id: Uuid,
    acao: &str,
    antes: Option<Value>,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM app.{tabela} WHERE tenant_id = $1 AND id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    mudanca(tx, autor, tabela, id, acao, antes, None).await
}

// ---------------------------------------------------------------- the common entries
//
// The entries every area writes after a change, in one line each instead of the seven
// arguments of [`registrar`]: `auditoria::criado(tx, autor, "noticia", id, depois)`.

/// A created entity (`criar`), with its state after.
pub async fn criado(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    id: impl std::fmt::Display,
    depois: Value,
) -> Result<()> {
    let id = id.to_string();
    registrar(tx, autor, entidade, Some(&id), "criar", None, Some(depois)).await
}

/// A changed entity (`editar`), with its state before and after.
pub async fn editado(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    id: impl std::fmt::Display,
    antes: Value,
    depois: Value,
) -> Result<()> {
    let id = id.to_string();
    let (antes, depois) = (Some(antes), Some(depois));
    registrar(tx, autor, entidade, Some(&id), "editar", antes, depois).await
}

/// A deleted entity (`excluir`), with its state before.
pub async fn excluido(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    id: impl std::fmt::Display,
    antes: Value,
) -> Result<()> {
    let id = id.to_string();
    registrar(tx, autor, entidade, Some(&id), "excluir", Some(antes), None).await
}

/// Something that happened to an entity, with no state to keep (a login, a logout, a failed
/// code): only the action.
pub async fn evento(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    id: Option<&str>,
    acao: &str,
) -> Result<()> {
    registrar(tx, autor, entidade, id, acao, None, None).await
}
