//! The tenant-scoped transaction: the only way to reach the rows of schema `app`.

use sqlx::postgres::PgRow;
use sqlx::{Encode, FromRow, PgConnection, Postgres, SqlSafeStr, Transaction, Type};

use crate::infra::catalog::Tenant;
use crate::{DataDb, Error, Result, Store};

/// Advisory lock class guarding a câmara's writes against a move. Writers hold it shared
/// for their transaction; the mover holds it exclusively while it copies.
pub(crate) const MOVE_LOCK_CLASS: i32 = 0x504c_4d56; // "PLMV"

/// The channel on which every committed write transaction of a câmara notifies its id, so
/// each app process empties that câmara's cached pages at once (`web::http::cache`).
pub const CANAL_PAGINAS: &str = "plenario_paginas";

/// What the transaction may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `BEGIN READ ONLY`: public pages and exports.
    Read,
    /// Read-write; refused while the câmara is being moved.
    Write,
}

/// A transaction on the application role's pool with `app.tenant_id` set locally
/// (`set_config(…, true)`), so nothing can leak through a pooled connection: on COMMIT or
/// ROLLBACK the setting is gone. Dropping it without [`commit`](Self::commit) rolls back.
pub struct TenantTx {
    tx: Transaction<'static, Postgres>,
    tenant_id: i32,
    access: Access,
    /// The câmara's identity version and today's date in its time zone, read by the first
    /// statement (no extra round trip); `None` if the câmara has no configuration row.
    versao: Option<i64>,
    hoje: Option<time::Date>,
    identidades: crate::camara::IdentidadeCache,
    /// The câmara's turn in a shared pool, given back when the transaction ends.
    _vaga: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl TenantTx {
    /// Opens a transaction for `tenant` in the database of its placement.
    ///
    /// Never waits long: a database found unreachable a moment ago is refused at once
    /// ([`Error::Unavailable`]); a câmara holding its whole share of a shared pool, or a full
    /// pool, is refused after a short wait ([`Error::Busy`]); see [`crate::infra::limites`].
    pub async fn begin(store: &Store, tenant: &Tenant, access: Access) -> Result<Self> {
        let db = DataDb::of(&tenant.placement);
        let key = db.to_string();
        store.check_reachable(&key)?;
        // While waiting for a turn the database may have been found unreachable by the
        // câmara's other requests: say so rather than "busy".
        let vaga = match store.turn(&db, tenant.id).await {
            Ok(v) => v,
            Err(e) => {
                store.check_reachable(&key)?;
                return Err(e);
            }
        };
        store.check_reachable(&key)?;
        let pool = match store.app_pool(&db).await {
            Ok(p) => p,
            Err(e) => return store.note_reachability(&key, None, Err(e)),
        };
        store.contar_abertura(tenant.id);
        let r = Self::begin_on(&pool, store, tenant, access).await;
        let mut tx = store.note_reachability(&key, Some(&pool), r)?;
        tx._vaga = vaga;
        Ok(tx)
    }

    async fn begin_on(
        pool: &sqlx::PgPool,
        store: &Store,
        tenant: &Tenant,
        access: Access,
    ) -> Result<Self> {
        let mut tx = match access {
            Access::Read => pool.begin_with("BEGIN READ ONLY").await?,
            Access::Write => pool.begin().await?,
        };
        // One round trip: scope the transaction, check residency, (for writes) take the
        // move guard without waiting and queue the page-cache notification (sent by
        // PostgreSQL only if the transaction commits), and read the identity's version and
        // the câmara's today. The scoping runs first (a CTE evaluated before the
        // row-secured read).
        type Escopo = (bool, bool, Option<i64>, Option<time::Date>, Option<String>);
        let (resident, unfrozen, versao, hoje, _aviso): Escopo =
            sqlx::query_as(
                "WITH escopo AS MATERIALIZED (
                    SELECT set_config('app.tenant_id', $1::text, true) AS t,
                           EXISTS (SELECT 1 FROM plenario.resident WHERE tenant_id = $1) AS residente,
                           CASE WHEN $2 THEN pg_try_advisory_xact_lock_shared($3, $1) ELSE true END AS livre,
                           CASE WHEN $2 THEN pg_notify($4, $1::text)::text END AS aviso)
                 SELECT e.residente, e.livre, c.versao, (now() AT TIME ZONE c.fuso_horario)::date, e.aviso
                   FROM escopo e
                   LEFT JOIN app.camara_config c ON c.tenant_id = $1 AND e.t IS NOT NULL",
            )
        .bind(tenant.id)
        .bind(access == Access::Write)
        .bind(MOVE_LOCK_CLASS)
        .bind(CANAL_PAGINAS)
            .fetch_one(&mut *tx)
            .await?;
        if !unfrozen {
            return Err(Error::Frozen);
        }
        if !resident {
            return Err(Error::NotResident);
        }
        Ok(Self {
            tx,
            tenant_id: tenant.id,
            access,
            versao,
            hoje,
            identidades: store.identidades().clone(),
            _vaga: None,
        })
    }

    /// The identity version read when the transaction began.
    pub(crate) fn versao(&self) -> Option<i64> {
        self.versao
    }

    /// Today in the câmara's time zone, as of the transaction's start.
    pub(crate) fn hoje(&self) -> Option<time::Date> {
        self.hoje
    }

    pub(crate) fn identidades(&self) -> &crate::camara::IdentidadeCache {
        &self.identidades
    }

    /// The câmara this transaction is scoped to. Queries still say `tenant_id = $1`.
    pub fn tenant_id(&self) -> i32 {
        self.tenant_id
    }

    /// The connection, for repository functions.
    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// Every row of `sql`, whose only parameter `$1` is this câmara.
    pub async fn todas<T>(&mut self, sql: impl SqlSafeStr) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        Ok(sqlx::query_as(sql)
            .bind(self.tenant_id)
            .fetch_all(&mut *self.tx)
            .await?)
    }

    /// The rows of `sql`, whose `$1` is this câmara and `$2` is `chave`: the common read of
    /// "this câmara's rows under that key".
    pub async fn linhas<'q, T, K>(&mut self, sql: impl SqlSafeStr, chave: K) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
        K: 'q + Encode<'q, Postgres> + Type<Postgres> + Send,
    {
        Ok(sqlx::query_as(sql)
            .bind(self.tenant_id)
            .bind(chave)
            .fetch_all(&mut *self.tx)
            .await?)
    }

    /// The row of `sql` (`$1` this câmara, `$2` `chave`), if there is one.
    pub async fn linha<'q, T, K>(&mut self, sql: impl SqlSafeStr, chave: K) -> Result<Option<T>>
    where
        T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
        K: 'q + Encode<'q, Postgres> + Type<Postgres> + Send,
    {
        Ok(sqlx::query_as(sql)
            .bind(self.tenant_id)
            .bind(chave)
            .fetch_optional(&mut *self.tx)
            .await?)
    }

    /// Runs a write that the database may refuse, behind a savepoint: on refusal the
    /// savepoint is rolled back and the transaction stays usable, so the handler can
    /// re-render the form (with the input and every message) in the same transaction,
    /// instead of dropping it and opening another.
    pub async fn tentar<T>(
        &mut self,
        f: impl AsyncFnOnce(&mut TenantTx) -> Result<T>,
    ) -> Result<T> {
        sqlx::raw_sql("SAVEPOINT tentativa")
            .execute(&mut *self.tx)
            .await?;
        match f(self).await {
            Ok(v) => {
                sqlx::raw_sql("RELEASE SAVEPOINT tentativa")
                    .execute(&mut *self.tx)
                    .await?;
                Ok(v)
            }
            Err(e) => {
                sqlx::raw_sql("ROLLBACK TO SAVEPOINT tentativa")
                    .execute(&mut *self.tx)
                    .await?;
                Err(e)
            }
        }
    }

    /// Ends the transaction. A read-only one has nothing to commit: it is dropped, and sqlx
    /// queues its ROLLBACK, which goes out with the ping that tests the connection on its
    /// way back to the pool, so the request does not wait a round trip for it. The
    /// connection is handed out again only after that ROLLBACK ran (the ping waits for it),
    /// so no setting outlives it.
    pub async fn commit(self) -> Result<()> {
        match self.access {
            Access::Read => Ok(()),
            Access::Write => Ok(self.tx.commit().await?),
        }
    }

    pub async fn rollback(self) -> Result<()> {
        Ok(self.tx.rollback().await?)
    }
}

/// Administrative work on one câmara's rows (provisioning, moves): the transaction acts as
/// `plenario_owner`, which row level security still binds (FORCE), scoped to the câmara.
pub(crate) async fn scope_as_owner(conn: &mut PgConnection, tenant_id: i32) -> Result<()> {
    sqlx::raw_sql("SET LOCAL ROLE plenario_owner")
        .execute(&mut *conn)
        .await?;
    sqlx::query("SELECT set_config('app.tenant_id', $1::text, true)")
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
