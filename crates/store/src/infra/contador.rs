//! Gapless per-câmara counters for human numbers ("PL 12/2026").
//!
//! The increment takes the counter row's lock until the transaction ends, so concurrent
//! users of one scope queue up; a rolled-back transaction gives its number back.

use uuid::Uuid;

use crate::{Result, TenantTx};

/// The next number of `escopo` (1 for a scope never used), within `tx`.
pub async fn proximo(tx: &mut TenantTx, escopo: &str) -> Result<i64> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "INSERT INTO app.contador AS c (tenant_id, id, escopo, valor) VALUES ($1, $2, $3, 1)
         ON CONFLICT (tenant_id, escopo) DO UPDATE SET valor = c.valor + 1
         RETURNING valor",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(escopo)
    .fetch_one(tx.conn())
    .await?)
}

/// The last number handed out for `escopo` (0 if none).
pub async fn atual(tx: &mut TenantTx, escopo: &str) -> Result<i64> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT coalesce(max(valor), 0)::bigint FROM app.contador WHERE tenant_id = $1 AND escopo = $2",
    )
    .bind(tenant)
    .bind(escopo)
    .fetch_one(tx.conn())
    .await?)
}

/// Locks `escopo`'s counter until the transaction ends (so no number is handed out
/// meanwhile) and returns its last number (0 if none).
pub async fn travar(tx: &mut TenantTx, escopo: &str) -> Result<i64> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT valor FROM app.contador WHERE tenant_id = $1 AND escopo = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(escopo)
    .fetch_optional(tx.conn())
    .await?
    .unwrap_or(0))
}

/// Gives `numero` back to `escopo` if it is still the last one handed out (a record created
/// by mistake and deleted); returns whether it did. Numbers never get gaps this way.
pub async fn devolver(tx: &mut TenantTx, escopo: &str, numero: i64) -> Result<bool> {
    let tenant = tx.tenant_id();
    let r = sqlx::query(
        "UPDATE app.contador SET valor = valor - 1
          WHERE tenant_id = $1 AND escopo = $2 AND valor = $3",
    )
    .bind(tenant)
    .bind(escopo)
    .bind(numero)
    .execute(tx.conn())
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Records that `numero` was used in `escopo` by hand (a norma numbered elsewhere): the
/// counter goes on after the highest number used.
pub async fn ao_menos(tx: &mut TenantTx, escopo: &str, numero: i64) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "INSERT INTO app.contador AS c (tenant_id, id, escopo, valor) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, escopo) DO UPDATE SET valor = greatest(c.valor, EXCLUDED.valor)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(escopo)
    .bind(numero)
    .execute(tx.conn())
    .await?;
    Ok(())
}
