//! Ids of other câmaras: which câmara a row id belongs to, looked up across câmaras in the
//! same database with the administrative connection. Used only to *record* an attempt to
//! reach another câmara's row (the request still gets a plain 404), never to serve it.

use sqlx::Connection;

use crate::{DataDb, Store, quote_ident};

/// The tables of schema `app` whose rows have a uuid `id` (every entity table).
pub async fn tabelas_com_id(conn: &mut sqlx::PgConnection) -> crate::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped
          WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
            AND a.atttypid = 'uuid'::regtype
          ORDER BY 1",
    )
    .fetch_all(conn)
    .await?)
}

/// The câmara and table of the row whose `id` is `id`, in any table of `app` of database
/// `db`. Needs a role that may turn row security off (superuser or BYPASSRLS); otherwise,
/// or on any error, answers `None`.
pub async fn dono_do_id(store: &Store, db: &DataDb, id: uuid::Uuid) -> Option<(i32, String)> {
    let mut conn = store.admin_connect(db).await.ok()?;
    let mut tx = conn.begin().await.ok()?;
    sqlx::raw_sql("SET LOCAL row_security = off")
        .execute(&mut *tx)
        .await
        .ok()?;
    let tabelas = tabelas_com_id(&mut tx).await.ok()?;
    if tabelas.is_empty() {
        return None;
    }
    // Identifiers from the catalog, quoted; the id is a bound parameter.
    // Identifiers from the catalog, quoted; each branch says which table by its position.
    let sql = tabelas
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "SELECT tenant_id, {i}::integer AS n FROM app.{} WHERE id = $1",
                quote_ident(t)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
        + " LIMIT 1";
    let dono: Option<(i32, i32)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .ok()?;
    let _ = tx.rollback().await;
    let _ = conn.close().await;
    let (tenant, n) = dono?;
    Some((tenant, tabelas.get(usize::try_from(n).ok()?)?.clone()))
}
