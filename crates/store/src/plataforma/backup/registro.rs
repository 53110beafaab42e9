//! The record of every backup (control.backups): what the master panel and the metrics
//! read.

use sqlx::FromRow;
use time::OffsetDateTime;

use crate::{Result, Store};

/// One backup attempt, as recorded.
#[derive(Debug, Clone)]
pub struct Tentativa<'a> {
    pub tenant_id: i32,
    pub instantaneo: Option<OffsetDateTime>,
    pub bytes: Option<i64>,
    pub sha256: Option<&'a str>,
    pub local: Option<&'a str>,
    pub erro: Option<&'a str>,
    pub duracao_ms: i64,
}

/// Records a backup (ok when `erro` is `None`).
pub async fn registrar(store: &Store, t: &Tentativa<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO control.backups (tenant_id, instantaneo, bytes, sha256, local, ok, erro, duracao_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(t.tenant_id)
    .bind(t.instantaneo)
    .bind(t.bytes)
    .bind(t.sha256)
    .bind(t.local)
    .bind(t.erro.is_none())
    .bind(t.erro)
    .bind(t.duracao_ms)
    .execute(store.control())
    .await?;
    Ok(())
}

/// A câmara's last successful backup (and whether a later attempt failed).
#[derive(Debug, Clone, FromRow)]
pub struct UltimoBackup {
    pub tenant_id: i32,
    pub slug: String,
    /// When the last successful backup finished.
    pub em: OffsetDateTime,
    /// The data is as of then.
    pub instantaneo: Option<OffsetDateTime>,
    pub bytes: Option<i64>,
    pub sha256: Option<String>,
    pub local: Option<String>,
    /// Seconds since `em`.
    pub idade_s: f64,
    /// The latest attempt failed (after this success).
    pub falhou_depois: bool,
}

/// The last successful backup of every câmara that has one. For the metrics:
/// `plenario_backup_last_success_timestamp_seconds{camara="<slug>"} = em.unix_timestamp()`.
pub async fn ultimos_backups(store: &Store) -> Result<Vec<UltimoBackup>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT ON (b.tenant_id) b.tenant_id, t.slug, b.em, b.instantaneo, b.bytes,
                b.sha256, b.local, extract(epoch FROM now() - b.em)::float8 AS idade_s,
                EXISTS (SELECT 1 FROM control.backups f
                         WHERE f.tenant_id = b.tenant_id AND NOT f.ok AND f.em > b.em) AS falhou_depois
           FROM control.backups b JOIN control.tenants t ON t.id = b.tenant_id
          WHERE b.ok
          ORDER BY b.tenant_id, b.em DESC",
    )
    .fetch_all(store.control())
    .await?)
}
