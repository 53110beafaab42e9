//! The parlamentar's links to social networks.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use super::*;
use crate::auditoria::Autor;
use crate::{Result, TenantTx};

/// The networks a parlamentar's link may name, with their labels.
pub const REDES: &[(&str, &str)] = &[
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("youtube", "YouTube"),
    ("x", "X (Twitter)"),
    ("tiktok", "TikTok"),
    ("linkedin", "LinkedIn"),
    ("site", "Site"),
    ("outra", "Outra"),
];

pub fn rede_label(rede: &str) -> &'static str {
    REDES
        .iter()
        .find(|(r, _)| *r == rede)
        .map(|(_, l)| *l)
        .unwrap_or("Outra")
}

#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct RedeParlamentar {
    pub id: Uuid,
    pub rede: String,
    pub url: String,
}

impl RedeParlamentar {
    pub fn label(&self) -> &'static str {
        rede_label(&self.rede)
    }
}

/// The links of the parlamentar `parlamentar` (an SQL expression), in their order.
pub(crate) fn redes_do_parlamentar_sql(parlamentar: &str) -> String {
    format!(
        "SELECT id, rede, url FROM app.parlamentar_rede
          WHERE tenant_id = $1 AND parlamentar_id = {parlamentar} ORDER BY ordem, rede, url"
    )
}

pub async fn redes(tx: &mut TenantTx, parlamentar: Uuid) -> Result<Vec<RedeParlamentar>> {
    let tenant = tx.tenant_id();
    Ok(
        sqlx::query_as(sqlx::AssertSqlSafe(redes_do_parlamentar_sql("$2")))
            .bind(tenant)
            .bind(parlamentar)
            .fetch_all(tx.conn())
            .await?,
    )
}

pub async fn adicionar_rede(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    rede: &str,
    url: &str,
) -> Result<Uuid> {
    let url = url.trim();
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.parlamentar_rede (tenant_id, id, parlamentar_id, rede, url, ordem)
         SELECT $1, $2, $3, $4, $5, coalesce(max(ordem), 0) + 1 FROM app.parlamentar_rede
          WHERE tenant_id = $1 AND parlamentar_id = $3",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(rede)
    .bind(url)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "parlamentar_rede",
        id,
        "criar",
        None,
        Some(serde_json::json!({ "parlamentar": parlamentar, "rede": rede, "url": url })),
    )
    .await?;
    Ok(id)
}

/// A link and the parlamentar it belongs to.
pub async fn rede(tx: &mut TenantTx, id: Uuid) -> Result<Option<(Uuid, RedeParlamentar)>> {
    let tenant = tx.tenant_id();
    let r: Option<(Uuid, Uuid, String, String)> = sqlx::query_as(
        "SELECT parlamentar_id, id, rede, url FROM app.parlamentar_rede WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    Ok(r.map(|(p, id, rede, url)| (p, RedeParlamentar { id, rede, url })))
}

pub async fn remover_rede(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let (p, r) = rede(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Rede social"))?;
    crate::auditoria::apagar(
        tx,
        autor,
        "parlamentar_rede",
        id,
        "excluir",
        Some(serde_json::json!({ "parlamentar": p, "rede": r.rede, "url": r.url })),
    )
    .await
}
