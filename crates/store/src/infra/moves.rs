//! Moving a câmara between placements, and the full export that proves a move lost nothing.
//!
//! The move is a copy of the câmara's rows under a write freeze (DESIGN.md §2):
//! 1. the catalog marks the câmara `moving` (reads go on, the web layer refuses writes);
//! 2. the mover takes the câmara's move lock exclusively in the source database; writers
//!    hold it shared for their transaction, so taking it waits for writes in flight and
//!    every later writer is refused at once ([`Error::Frozen`]);
//! 3. each table of `app` is copied, parents first, with binary COPY;
//! 4. the per-table row counts of source and target are compared;
//! 5. the catalog gets the new placement and a new epoch in one statement (caches in every
//!    process are told by NOTIFY), and the câmara leaves the source database.
//!
//! A failure before step 5 rolls the target back (dropping a database created for the
//! move) and leaves the câmara where it was, in its previous status.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use domain::{Placement, PlacementTarget, TenantStatus};
use futures::StreamExt;
use sqlx::{Connection, PgConnection};

use crate::infra::catalog::{self, Tenant};
use crate::infra::tenancy::{MOVE_LOCK_CLASS, scope_as_owner};
use crate::infra::{migrate, provision};
use crate::{Access, DataDb, Error, Result, Store, TenantTx, quote_ident};

/// The tables of schema `app`, parents before children: by foreign keys, and by the tables
/// their INSERT triggers read (a trigger that checks `app.mandato` needs its rows first).
pub async fn app_tables(conn: &mut PgConnection) -> Result<Vec<String>> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT relname::text FROM pg_class
          WHERE relnamespace = 'app'::regnamespace AND relkind IN ('r', 'p') ORDER BY relname",
    )
    .fetch_all(&mut *conn)
    .await?;
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.relname::text, r.relname::text FROM pg_constraint k
           JOIN pg_class c ON c.oid = k.conrelid
           JOIN pg_class r ON r.oid = k.confrelid
          WHERE k.contype = 'f' AND c.relnamespace = 'app'::regnamespace
            AND r.relnamespace = 'app'::regnamespace AND c.oid <> r.oid
         UNION
         SELECT c.relname::text, r.relname::text FROM pg_trigger g
           JOIN pg_class c ON c.oid = g.tgrelid
           JOIN pg_proc p ON p.oid = g.tgfoid
           JOIN pg_class r ON r.relnamespace = 'app'::regnamespace AND r.relkind IN ('r', 'p')
                          AND p.prosrc ~ ('app\\.' || r.relname || '\\M')
          WHERE NOT g.tgisinternal AND (g.tgtype & 4) <> 0
            AND c.relnamespace = 'app'::regnamespace AND c.oid <> r.oid",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (child, parent) in &edges {
        parents.entry(child).or_default().insert(parent);
    }
    let mut ordered: Vec<String> = Vec::with_capacity(tables.len());
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while ordered.len() < tables.len() {
        let before = ordered.len();
        for t in &tables {
            let ready = !done.contains(t.as_str())
                && parents
                    .get(t.as_str())
                    .is_none_or(|ps| ps.iter().all(|p| done.contains(p)));
            if ready {
                done.insert(t);
                ordered.push(t.clone());
            }
        }
        if ordered.len() == before {
            return Err(Error::Migration(
                "as tabelas de app têm chaves estrangeiras em ciclo; não é possível ordená-las"
                    .into(),
            ));
        }
    }
    Ok(ordered)
}

/// Every row of the câmara, table by table in name order, each table ordered by its
/// primary key: two exports of the same data are byte-identical.
pub async fn export(store: &Store, tenant: &Tenant) -> Result<serde_json::Value> {
    let mut tx = TenantTx::begin(store, tenant, Access::Read).await?;
    let mut tables: Vec<String> = app_tables(tx.conn()).await?;
    tables.sort();
    let mut out = serde_json::Map::new();
    for t in tables {
        let rows: serde_json::Value = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id), '[]'::jsonb)
               FROM app.{} x WHERE x.tenant_id = $1",
            quote_ident(&t)
        )))
        .bind(tx.tenant_id())
        .fetch_one(tx.conn())
        .await?;
        out.insert(t, rows);
    }
    tx.rollback().await?;
    Ok(serde_json::Value::Object(out))
}

/// Test hook: runs while the câmara is frozen and its rows are being copied.
pub type DuringCopy<'a> =
    Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> + Send + 'a>;

/// What a move did.
#[derive(Debug, Clone)]
pub struct MoveReport {
    pub from: Placement,
    pub to: Placement,
    pub rows: BTreeMap<String, i64>,
    pub frozen_for: Duration,
}

/// Moves a câmara to `target`. See the module documentation for the procedure.
pub async fn move_tenant(
    store: &Store,
    slug: &str,
    target: &PlacementTarget,
    actor: &str,
    during_copy: Option<DuringCopy<'_>>,
) -> Result<MoveReport> {
    let tenant = catalog::get_by_slug(store.control(), slug).await?;
    let slug = domain::Slug::parse(&tenant.slug)?;
    let to = target.resolve(&slug, tenant.placement.cluster());
    let to = match (&to, target) {
        // "pool" without a cluster means the main pool unless the câmara sits elsewhere.
        (Placement::Pool { .. }, PlacementTarget::Pool { cluster: None }) => Placement::Pool {
            cluster: tenant.placement.cluster().to_owned(),
        },
        _ => to,
    };
    if to == tenant.placement {
        return Err(Error::Conflict(format!(
            "A câmara \"{}\" já está em {to}.",
            tenant.slug
        )));
    }
    if !store.cluster_names().iter().any(|c| c == to.cluster()) {
        return Err(Error::UnknownCluster(to.cluster().to_owned()));
    }
    let previous = tenant.status;
    if !matches!(previous, TenantStatus::Active | TenantStatus::Suspended) {
        return Err(Error::Conflict(format!(
            "A câmara \"{}\" está {}; só câmaras ativas ou suspensas podem ser transferidas.",
            tenant.slug,
            previous.label()
        )));
    }
    let from_db = DataDb::of(&tenant.placement);
    let to_db = DataDb::of(&to);

    // Prepare the target before freezing anything.
    let created_db = match &to {
        Placement::Dedicated { cluster, database } => {
            create_target_database(store, cluster, database).await?;
            true
        }
        Placement::Pool { .. } => false,
    };
    let prepared = async {
        if created_db {
            migrate::migrate_database(store, &to_db, &|| {}).await?;
        } else {
            store.app_pool(&to_db).await?;
        }
        Ok::<_, Error>(())
    }
    .await;
    if let Err(e) = prepared {
        drop_created(store, &to, created_db).await;
        return Err(e);
    }

    catalog::set_status(store.control(), &tenant, TenantStatus::Moving).await?;
    let started = Instant::now();
    let copied = copy_frozen(store, &tenant, &from_db, &to_db, &to, previous, during_copy).await;
    match copied {
        Ok((rows, mut source)) => {
            let frozen_for = started.elapsed();
            // The câmara now lives in the target: leave the source.
            // Still holding the lock: no stale writer can slip into the source.
            let mut cleanup = leave_source(&mut source, tenant.id).await;
            let _ = source.close().await;
            if let (Ok(()), Placement::Dedicated { cluster, database }) =
                (&cleanup, &tenant.placement)
            {
                cleanup = provision::drop_database(store, cluster, database).await;
            }
            if let Err(e) = cleanup {
                tracing::error!(slug = %tenant.slug, error = %e, "moved, but the source copy remains");
            }
            store
                .audit_platform(
                    actor,
                    "tenant.move",
                    Some((tenant.id, &tenant.slug)),
                    serde_json::json!({
                        "de": tenant.placement.to_string(),
                        "para": to.to_string(),
                        "linhas": rows,
                        "congelada_ms": frozen_for.as_millis() as u64,
                    }),
                )
                .await?;
            Ok(MoveReport {
                from: tenant.placement.clone(),
                to,
                rows,
                frozen_for,
            })
        }
        Err(e) => {
            drop_created(store, &to, created_db).await;
            if !created_db {
                // A target pool may hold a partial residency if the failure came late.
                let _ = provision::remove_resident(store, &to_db, tenant.id).await;
            }
            let moving = Tenant {
                status: TenantStatus::Moving,
                ..tenant.clone()
            };
            if let Err(e2) = catalog::set_status(store.control(), &moving, previous).await {
                tracing::error!(slug = %tenant.slug, error = %e2, "could not restore status after a failed move");
            }
            Err(e)
        }
    }
}

/// Creates the target database; one left behind by an interrupted move (in no catalog
/// entry, holding no câmara) is dropped and created again.
async fn create_target_database(store: &Store, cluster: &str, database: &str) -> Result<()> {
    match provision::create_database(store, cluster, database).await {
        Err(Error::Conflict(msg)) => {
            let claimed: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM control.tenants WHERE cluster = $1 AND database = $2)",
            )
            .bind(cluster)
            .bind(database)
            .fetch_one(store.control())
            .await?;
            let db = DataDb {
                cluster: cluster.to_owned(),
                database: Some(database.to_owned()),
            };
            let mut conn = store.admin_connect(&db).await?;
            let has_bookkeeping: bool =
                sqlx::query_scalar("SELECT to_regclass('plenario.resident') IS NOT NULL")
                    .fetch_one(&mut conn)
                    .await?;
            let residents: i64 = if has_bookkeeping {
                sqlx::query_scalar("SELECT count(*) FROM plenario.resident")
                    .fetch_one(&mut conn)
                    .await?
            } else {
                0
            };
            let _ = conn.close().await;
            if claimed || residents > 0 {
                return Err(Error::Conflict(msg));
            }
            tracing::warn!(%database, "dropping the leftover of an interrupted move");
            provision::drop_database(store, cluster, database).await?;
            provision::create_database(store, cluster, database).await
        }
        other => other,
    }
}

async fn drop_created(store: &Store, to: &Placement, created_db: bool) {
    if let (true, Placement::Dedicated { cluster, database }) = (created_db, to)
        && let Err(e) = provision::drop_database(store, cluster, database).await
    {
        tracing::error!(%database, error = %e, "could not drop the database of a failed move");
    }
}

/// Freezes, copies, verifies and flips the catalog. Returns the row counts and the source
/// connection, still holding the move lock (closing it releases the lock).
async fn copy_frozen(
    store: &Store,
    tenant: &Tenant,
    from_db: &DataDb,
    to_db: &DataDb,
    to: &Placement,
    previous: TenantStatus,
    during_copy: Option<DuringCopy<'_>>,
) -> Result<(BTreeMap<String, i64>, PgConnection)> {
    let mut source = store.admin_connect(from_db).await?;
    // Waits for writes in flight; from here on every writer is refused.
    sqlx::query("SELECT pg_advisory_lock($1, $2)")
        .bind(MOVE_LOCK_CLASS)
        .bind(tenant.id)
        .execute(&mut source)
        .await?;
    let mut target = store.admin_connect(to_db).await?;
    let tables = app_tables(&mut source).await?;

    let mut stx = source
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    scope_as_owner(&mut stx, tenant.id).await?;
    let mut ttx = target.begin().await?;
    scope_as_owner(&mut ttx, tenant.id).await?;
    sqlx::query("INSERT INTO plenario.resident (tenant_id, slug) VALUES ($1, $2)")
        .bind(tenant.id)
        .bind(&tenant.slug)
        .execute(&mut *ttx)
        .await?;
    if let Some(hook) = during_copy {
        hook().await;
    }
    let mut rows = BTreeMap::new();
    for t in &tables {
        // Generated columns (proposicao.busca) are not copied: the target computes them.
        let columns: Vec<String> = sqlx::query_scalar(
            "SELECT quote_ident(attname) FROM pg_attribute
              WHERE attrelid = ('app.' || quote_ident($1))::regclass AND attnum > 0
                AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        )
        .bind(t)
        .fetch_all(&mut *stx)
        .await?;
        let cols = columns.join(", ");
        let table = format!("app.{}", quote_ident(t));
        let mut out = stx
            .copy_out_raw(&format!(
                "COPY (SELECT {cols} FROM {table} WHERE tenant_id = {}) TO STDOUT (FORMAT binary)",
                tenant.id
            ))
            .await?;
        // COPY FROM refuses tables under row level security, so the rows land in a
        // temporary table first and enter the real one through INSERT, which the policy
        // checks like any other write. The temporary table has the copied columns only,
        // with their types and no constraint: a generated column (not copied, computed
        // again by the INSERT) would otherwise keep its NOT NULL there.
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "CREATE TEMP TABLE plenario_move ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"
        )))
        .execute(&mut *ttx)
        .await?;
        let mut sink = ttx
            .copy_in_raw(&format!(
                "COPY plenario_move ({cols}) FROM STDIN (FORMAT binary)"
            ))
            .await?;
        while let Some(chunk) = out.next().await {
            sink.send(chunk?).await?;
        }
        drop(out);
        sink.finish().await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} ({cols}) SELECT {cols} FROM plenario_move; DROP TABLE plenario_move"
        )))
        .execute(&mut *ttx)
        .await?;
        let a = count_rows(&mut stx, &table, tenant.id).await?;
        let b = count_rows(&mut ttx, &table, tenant.id).await?;
        if a != b {
            return Err(Error::Migration(format!(
                "cópia de {table}: {a} linhas na origem, {b} no destino"
            )));
        }
        rows.insert(t.clone(), a);
    }
    ttx.commit().await?;
    stx.rollback().await?;

    // Flip the placement and restore the status in one statement.
    let (kind, database) = match to {
        Placement::Pool { .. } => ("pool", None),
        Placement::Dedicated { database, .. } => ("dedicated", Some(database.as_str())),
    };
    sqlx::query(
        "UPDATE control.tenants
            SET placement_kind = $2, cluster = $3, database = $4, status = $5,
                epoch = epoch + 1, updated_at = now()
          WHERE id = $1 AND status = 'moving'",
    )
    .bind(tenant.id)
    .bind(kind)
    .bind(to.cluster())
    .bind(database)
    .bind(previous.as_str())
    .execute(store.control())
    .await?;
    let _ = target.close().await;
    Ok((rows, source))
}

async fn count_rows(conn: &mut PgConnection, table: &str, tenant_id: i32) -> Result<i64> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM {table} WHERE tenant_id = $1"
    )))
    .bind(tenant_id)
    .fetch_one(conn)
    .await?)
}

async fn leave_source(source: &mut PgConnection, tenant_id: i32) -> Result<()> {
    let mut tx = source.begin().await?;
    scope_as_owner(&mut tx, tenant_id).await?;
    sqlx::query("DELETE FROM plenario.resident WHERE tenant_id = $1")
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
