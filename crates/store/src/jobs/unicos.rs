//! Jobs with a unique key within their câmara (`app.job.chave`, migration 0022): enqueuing
//! a key that is already there does nothing, whoever does it and however often. The daily
//! prazo alerts and each of their e-mails are keyed by the day, so a retried or doubled run
//! never enqueues an alert twice: the database says so, not a check in Rust.

use uuid::Uuid;

use super::Novo;
use crate::{Result, TenantTx};

/// Enqueues `novo` under `chave` in the caller's transaction: its id, or `None` when a job
/// with that key exists (another transaction adding it waits for this one, then does
/// nothing).
pub async fn enfileirar_unico(tx: &mut TenantTx, novo: &Novo, chave: &str) -> Result<Option<Uuid>> {
    let id = Uuid::now_v7();
    let feito: Option<Uuid> = sqlx::query_scalar(
        "INSERT INTO app.job (tenant_id, id, tipo, dados, executar_em, max_tentativas, chave)
         VALUES ($1, $2, $3, $4, coalesce($5, now()), coalesce($6, 5), $7)
         ON CONFLICT (tenant_id, chave) DO NOTHING
         RETURNING id",
    )
    .bind(tx.tenant_id())
    .bind(id)
    .bind(&novo.tipo)
    .bind(&novo.dados)
    .bind(novo.executar_em)
    .bind(novo.max_tentativas)
    .bind(chave)
    .fetch_optional(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    Ok(feito)
}

/// The job tipo of the daily prazo alerts (`jobs::prazos`).
pub const JOB_ALERTAS_PRAZO: &str = "prazos.alertas";

/// Enqueues the câmara's next daily prazo alert (07:00 in its time zone, keyed by the day;
/// nothing when it is already there). Provisioning and the alert job itself call it.
pub async fn agendar_alertas_de_prazo(conn: &mut sqlx::PgConnection, tenant_id: i32) -> Result<()> {
    sqlx::query("SELECT app.prazos_agendar($1)")
        .bind(tenant_id)
        .execute(conn)
        .await?;
    Ok(())
}
