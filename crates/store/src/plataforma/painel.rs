//! What the master panel reads from the control plane (and from each database's
//! bookkeeping): security events, the platform audit log, schema versions, request
//! statistics. Times are shown in Brasília time.

use sqlx::{Connection, FromRow};

use crate::{DataDb, Result, Store};

#[derive(Debug, Clone, FromRow)]
pub struct Evento {
    pub quando: String,
    pub kind: String,
    pub host_slug: Option<String>,
    pub other_slug: Option<String>,
    pub ip: Option<String>,
    pub details: serde_json::Value,
}

/// The latest `limite` security events, and how many there are in all.
pub async fn eventos_de_seguranca(store: &Store, limite: i64) -> Result<(Vec<Evento>, i64)> {
    let eventos = sqlx::query_as(
        "SELECT to_char(e.at AT TIME ZONE 'America/Sao_Paulo', 'DD/MM/YYYY HH24:MI:SS') AS quando, e.kind,
                h.slug AS host_slug, o.slug AS other_slug, host(e.ip) AS ip, e.details
           FROM control.security_events e
           LEFT JOIN control.tenants h ON h.id = e.host_tenant_id
           LEFT JOIN control.tenants o ON o.id = e.other_tenant_id
          ORDER BY e.at DESC LIMIT $1",
    )
    .bind(limite)
    .fetch_all(store.control())
    .await?;
    let total = sqlx::query_scalar("SELECT count(*) FROM control.security_events")
        .fetch_one(store.control())
        .await?;
    Ok((eventos, total))
}

#[derive(Debug, Clone, FromRow)]
pub struct Registro {
    pub quando: String,
    pub actor: String,
    pub action: String,
    pub tenant_slug: Option<String>,
    pub details: serde_json::Value,
}

/// How many entries the platform audit log holds.
pub async fn auditoria_total(store: &Store) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM control.platform_audit")
            .fetch_one(store.control())
            .await?,
    )
}

/// One page of the platform audit log, newest first.
pub async fn auditoria(store: &Store, limite: i64, offset: i64) -> Result<Vec<Registro>> {
    Ok(sqlx::query_as(
        "SELECT to_char(at AT TIME ZONE 'America/Sao_Paulo', 'DD/MM/YYYY HH24:MI:SS') AS quando, actor, action,
                tenant_slug, details
           FROM control.platform_audit ORDER BY id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limite)
    .bind(offset)
    .fetch_all(store.control())
    .await?)
}

/// A data-plane database's `app` schema version and how many câmaras live in it.
pub async fn versao_do_banco(store: &Store, db: &DataDb) -> Result<(i32, i64)> {
    let mut conn = store.admin_connect(db).await?;
    let v: Option<i32> =
        sqlx::query_scalar("SELECT max(version) FROM plenario.migrations WHERE scope = 'app'")
            .fetch_one(&mut conn)
            .await?;
    let residentes = sqlx::query_scalar("SELECT count(*) FROM plenario.resident")
        .fetch_one(&mut conn)
        .await?;
    let _ = conn.close().await;
    Ok((v.unwrap_or(0), residentes))
}
