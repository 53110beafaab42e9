//! The operator's rate limits per câmara (`control.limites_taxa`, control migration 0008).
//! The limits themselves are applied by the app processes (`web::http::limite`), read with
//! the catalog entry; a change here notifies every process's host cache.

use crate::infra::catalog::Tenant;
use crate::{Result, Store};

/// Sets (or, with both `None`, removes) a câmara's limits, in requests per minute (0: no
/// limit), and records who did it in the platform audit log, in one transaction.
pub async fn definir(
    store: &Store,
    t: &Tenant,
    por_ip: Option<i32>,
    por_camara: Option<i32>,
    actor: &str,
) -> Result<()> {
    let mut erros = Vec::new();
    for (campo, v, max) in [
        ("por_ip", por_ip, 1_000_000),
        ("por_camara", por_camara, 10_000_000),
    ] {
        if let Some(v) = v
            && !(0..=max).contains(&v)
        {
            erros.push(domain::ValidationError::new(
                campo,
                format!("O limite deve estar entre 0 (sem limite) e {max} requisições por minuto."),
            ));
        }
    }
    if let Some(e) = erros.into_iter().next() {
        return Err(e.into());
    }
    let mut tx = store.control().begin().await?;
    if por_ip.is_none() && por_camara.is_none() {
        sqlx::query("DELETE FROM control.limites_taxa WHERE tenant_id = $1")
            .bind(t.id)
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO control.limites_taxa (tenant_id, por_ip, por_camara, alterado_por)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id) DO UPDATE
                SET por_ip = $2, por_camara = $3, alterado_em = now(), alterado_por = $4",
        )
        .bind(t.id)
        .bind(por_ip)
        .bind(por_camara)
        .bind(actor)
        .execute(&mut *tx)
        .await?;
    }
    crate::infra::store::audit_platform_in(
        &mut *tx,
        actor,
        "tenant.rate_limits",
        Some((t.id, &t.slug)),
        serde_json::json!({ "por_ip": por_ip, "por_camara": por_camara }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
