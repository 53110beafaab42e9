use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};

use crate::infra::migrate;
use crate::{Error, Result, roles};

/// The check of test builds (`assert_clean_connections`) on every acquire; marked, so that
/// the test counting a page's statements leaves it out.
pub const VERIFICACAO_DE_TESTES: &str =
    "SELECT current_setting('app.tenant_id', true) /* plenario: verificação de testes */";

/// A pooled connection idle at least this long is tested (pinged) before it is used.
const TESTAR_APOS_OCIOSA: Duration = Duration::from_secs(2);

/// The primary cluster: it holds the control plane and the main pool.
pub const MAIN_CLUSTER: &str = "main";

/// How to reach the clusters. The URLs are administrative (they may create databases and
/// run migrations); request traffic always uses the `plenario_app` role.
#[derive(Clone)]
pub struct StoreConfig {
    /// Cluster name → admin connection to that cluster's main database. Must hold
    /// [`MAIN_CLUSTER`].
    pub clusters: Vec<(String, PgConnectOptions)>,
    /// Password of `plenario_app`, when the clusters do not trust local connections.
    pub app_password: Option<String>,
    /// Largest application pool per data-plane database.
    pub pool_max: u32,
    /// Test builds: panic if a pooled connection is handed out with a tenant still set.
    pub assert_clean_connections: bool,
    /// Folder of uploaded files.
    pub files_dir: std::path::PathBuf,
    /// Where uploaded files go instead of `files_dir`: `s3://bucket/prefixo` or
    /// `file:///caminho` (see [`crate::infra::arquivos::Arquivos::de_url`]).
    pub files_url: Option<String>,
    /// Timeouts and the per-câmara share of the pools ([`crate::infra::limites`]).
    pub limites: crate::Limites,
}

impl StoreConfig {
    /// Reads `name=url` pairs separated by `;` or whitespace (`PLENARIO_CLUSTERS`).
    pub fn parse_clusters(spec: &str) -> Result<Vec<(String, PgConnectOptions)>> {
        spec.split([';', ' ', '\n'])
            .filter(|s| !s.trim().is_empty())
            .map(|pair| {
                let (name, url) = pair.split_once('=').ok_or_else(|| {
                    Error::Migration(format!(
                        "PLENARIO_CLUSTERS: esperado nome=url, recebido \"{pair}\""
                    ))
                })?;
                domain::tenant::valid_name(name.trim()).ok_or_else(|| {
                    Error::Migration(format!(
                        "PLENARIO_CLUSTERS: nome de cluster inválido \"{name}\""
                    ))
                })?;
                let opts: PgConnectOptions = url.trim().parse()?;
                Ok((name.trim().to_owned(), opts))
            })
            .collect()
    }
}

/// A data-plane database: a cluster's main database (the pool) or a dedicated one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DataDb {
    pub cluster: String,
    pub database: Option<String>,
}

impl DataDb {
    pub fn of(placement: &domain::Placement) -> Self {
        Self {
            cluster: placement.cluster().to_owned(),
            database: placement.database().map(str::to_owned),
        }
    }

    pub fn pool(cluster: &str) -> Self {
        Self {
            cluster: cluster.to_owned(),
            database: None,
        }
    }
}

impl fmt::Display for DataDb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.database {
            None => write!(f, "{}:pool", self.cluster),
            Some(db) => write!(f, "{}/{}", self.cluster, db),
        }
    }
}

/// The handle every part of Plenário uses to reach PostgreSQL. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    config: StoreConfig,
    control: PgPool,
    arquivos: crate::infra::arquivos::Arquivos,
    identidades: crate::camara::IdentidadeCache,
    app_pools: Mutex<HashMap<DataDb, PgPool>>,
    vagas: crate::infra::limites::Vagas,
    disponibilidade: crate::infra::limites::Disponibilidade,
    /// Turns in the control pool for the uses on a request's path ([`Store::on_control`]).
    control_vezes: tokio::sync::Semaphore,
    /// Owners of row ids found by [`crate::infra::alheios::dono_do_id`].
    donos: crate::infra::alheios::Donos,
    /// Test builds (`assert_clean_connections`): tenant transactions opened per câmara.
    aberturas: Mutex<HashMap<i32, u64>>,
}

/// The key of the control plane in [`Store::check_reachable`].
pub const CONTROL_KEY: &str = "control";

/// Connections of the control pool.
const CONTROL_MAX: u32 = 4;

impl Store {
    /// Creates the handle. Connections are opened lazily.
    pub fn new(config: StoreConfig) -> Result<Self> {
        let main = config
            .clusters
            .iter()
            .find(|(n, _)| n == MAIN_CLUSTER)
            .map(|(_, o)| o.clone())
            .ok_or_else(|| Error::UnknownCluster(MAIN_CLUSTER.into()))?;
        let control = PgPoolOptions::new()
            .max_connections(CONTROL_MAX)
            .min_connections(0)
            .idle_timeout(Duration::from_secs(60))
            .acquire_timeout(config.limites.acquire_timeout)
            .connect_lazy_with(main.log_statements(tracing::log::LevelFilter::Trace));
        let arquivos = match &config.files_url {
            Some(url) => crate::infra::arquivos::Arquivos::de_url(url)?,
            None => crate::infra::arquivos::Arquivos::local(&config.files_dir)?,
        };
        Ok(Self {
            inner: Arc::new(Inner {
                arquivos,
                identidades: crate::camara::IdentidadeCache::default(),
                config,
                control,
                app_pools: Mutex::new(HashMap::new()),
                aberturas: Mutex::new(HashMap::new()),
                vagas: Default::default(),
                disponibilidade: Default::default(),
                control_vezes: tokio::sync::Semaphore::new(CONTROL_MAX as usize - 1),
                donos: Default::default(),
            }),
        })
    }

    pub fn config(&self) -> &StoreConfig {
        &self.inner.config
    }

    /// Uploaded files.
    /// The câmaras' identities kept in memory (see [`crate::camara::identidade`]).
    pub fn identidades(&self) -> &crate::camara::IdentidadeCache {
        &self.inner.identidades
    }

    pub fn arquivos(&self) -> &crate::infra::arquivos::Arquivos {
        &self.inner.arquivos
    }

    /// The control plane (catalog), as the administrative role of the primary cluster.
    pub fn control(&self) -> &PgPool {
        &self.inner.control
    }

    pub fn cluster_names(&self) -> Vec<String> {
        self.inner
            .config
            .clusters
            .iter()
            .map(|(n, _)| n.clone())
            .collect()
    }

    fn cluster(&self, name: &str) -> Result<&PgConnectOptions> {
        self.inner
            .config
            .clusters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| o)
            .ok_or_else(|| Error::UnknownCluster(name.to_owned()))
    }

    /// Administrative options for a data-plane database.
    pub fn admin_options(&self, db: &DataDb) -> Result<PgConnectOptions> {
        let base = self.cluster(&db.cluster)?.clone();
        let opts = match &db.database {
            Some(name) => base.database(name),
            None => base,
        };
        Ok(opts.log_statements(tracing::log::LevelFilter::Trace))
    }

    /// The name of a cluster's main database.
    pub fn main_database_name(&self, cluster: &str) -> Result<String> {
        Ok(self
            .cluster(cluster)?
            .get_database()
            .unwrap_or("postgres")
            .to_owned())
    }

    pub async fn admin_connect(&self, db: &DataDb) -> Result<PgConnection> {
        Ok(PgConnection::connect_with(&self.admin_options(db)?).await?)
    }

    /// Options for the application role on a data-plane database.
    fn app_options(&self, db: &DataDb) -> Result<PgConnectOptions> {
        let mut opts = self.admin_options(db)?.username(roles::APP);
        opts = match &self.inner.config.app_password {
            Some(p) => opts.password(p),
            None => opts.password(""),
        };
        Ok(opts
            .application_name("plenario")
            .options(self.inner.config.limites.session_options()))
    }

    pub(crate) fn donos(&self) -> &crate::infra::alheios::Donos {
        &self.inner.donos
    }

    /// Test builds: counts a tenant transaction opened for `tenant_id`.
    pub(crate) fn contar_abertura(&self, tenant_id: i32) {
        if self.inner.config.assert_clean_connections {
            let mut m = self
                .inner
                .aberturas
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            *m.entry(tenant_id).or_default() += 1;
        }
    }

    /// Test builds: how many tenant transactions were opened for `tenant_id` (0 elsewhere).
    pub fn aberturas(&self, tenant_id: i32) -> u64 {
        let m = self
            .inner
            .aberturas
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        m.get(&tenant_id).copied().unwrap_or_default()
    }

    /// Refuses at once (with [`Error::Unavailable`]) a database found unreachable a moment
    /// ago; `key` is a [`DataDb`]'s display or [`CONTROL_KEY`].
    pub fn check_reachable(&self, key: &str) -> Result<()> {
        self.inner.disponibilidade.verificar(key)
    }

    /// Records whether a use of the database `key` found it reachable (see
    /// [`check_reachable`](Self::check_reachable)). A pool timeout with room left in the
    /// pool means connecting failed: it counts as unreachable.
    pub fn note_reachability<T>(
        &self,
        key: &str,
        pool: Option<&PgPool>,
        r: Result<T>,
    ) -> Result<T> {
        let r = r.map_err(|e| crate::infra::limites::pool_timed_out(pool, e));
        self.inner
            .disponibilidade
            .registrar(key, &r, self.inner.config.limites.acquire_timeout);
        r
    }

    /// Runs `uso` (a read of the catalog on a request's path: the host lookup, the
    /// readiness probe) with one of the control pool's turns, and records whether the
    /// catalog answered.
    ///
    /// The turns are one fewer than the pool's connections, so no use waits inside the
    /// pool: a pool timeout always comes with room left, which means connecting failed
    /// (unreachable, not busy). A use waiting for its turn learns the verdict of the
    /// uses ahead of it (twice the connection timeout), instead of timing out at the
    /// same instant and calling the catalog busy.
    pub async fn on_control<T>(
        &self,
        uso: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        self.check_reachable(CONTROL_KEY)?;
        self.na_vez_do_controle(uso, true).await
    }

    /// Like [`on_control`](Self::on_control), but tries the catalog even while it is marked
    /// unreachable: for the readiness probe, which is how the mark is found stale (a
    /// câmara served again from its own database says nothing about the catalog).
    pub async fn probe_control<T>(
        &self,
        uso: impl std::future::Future<Output = Result<T>>,
    ) -> Result<T> {
        self.na_vez_do_controle(uso, false).await
    }

    async fn na_vez_do_controle<T>(
        &self,
        uso: impl std::future::Future<Output = Result<T>>,
        respeitar_marca: bool,
    ) -> Result<T> {
        let verificar = || {
            if respeitar_marca {
                self.check_reachable(CONTROL_KEY)
            } else {
                Ok(())
            }
        };
        let espera = self.inner.config.limites.acquire_timeout * 2;
        let vez = match tokio::time::timeout(espera, self.inner.control_vezes.acquire()).await {
            Ok(Ok(v)) => v,
            _ => {
                verificar()?;
                return Err(Error::Busy);
            }
        };
        verificar()?;
        let r = uso.await;
        drop(vez);
        self.note_reachability(CONTROL_KEY, Some(self.control()), r)
    }

    /// Waits (briefly) for one of the câmara's turns in a shared pool; `None` for a
    /// dedicated database, whose pool is the câmara's own.
    pub(crate) async fn turn(
        &self,
        db: &DataDb,
        tenant_id: i32,
    ) -> Result<Option<tokio::sync::OwnedSemaphorePermit>> {
        if db.database.is_some() {
            return Ok(None);
        }
        let limites = &self.inner.config.limites;
        let max = limites.camara_max(self.inner.config.pool_max);
        // Twice as long as a connection may take: a turn held by a request waiting for a
        // connection comes back by then, and when that request found the database
        // unreachable, the waiters learn it on their turn (`TenantTx::begin`) instead of
        // timing out at the same instant and calling the câmara busy.
        let espera = limites.acquire_timeout * 2;
        Ok(Some(
            self.inner.vagas.tomar(db, tenant_id, max, espera).await?,
        ))
    }

    /// The application role's pool for `db`, checked once for its schema version.
    pub async fn app_pool(&self, db: &DataDb) -> Result<PgPool> {
        if let Some(p) = self.lock_pools().get(db) {
            return Ok(p.clone());
        }
        let is_pool = db.database.is_none();
        let mut options = PgPoolOptions::new()
            .max_connections(if is_pool {
                self.inner.config.pool_max
            } else {
                self.inner.config.pool_max.clamp(1, 4)
            })
            .min_connections(0)
            .idle_timeout(Duration::from_secs(if is_pool { 600 } else { 60 }))
            .acquire_timeout(self.inner.config.limites.acquire_timeout)
            // sqlx would ping every connection before handing it out: one more round trip
            // on every request's path. A connection is pinged anyway when it goes back to
            // the pool (which also flushes a read's queued ROLLBACK, see `TenantTx::commit`),
            // so only one that sat idle long enough for the server to have gone is tested.
            .test_before_acquire(false);
        let verificar = self.inner.config.assert_clean_connections;
        options = options.before_acquire(move |conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= TESTAR_APOS_OCIOSA {
                    conn.ping().await?;
                }
                if verificar {
                    let leaked: Option<String> = sqlx::query_scalar(VERIFICACAO_DE_TESTES)
                        .fetch_one(&mut *conn)
                        .await?;
                    assert!(
                        leaked.as_deref().unwrap_or("").is_empty(),
                        "a pooled connection still carried app.tenant_id = {leaked:?}"
                    );
                }
                Ok(true)
            })
        });
        let pool = options.connect_lazy_with(self.app_options(db)?);
        migrate::ensure_current(&pool, db).await?;
        let mut pools = self.lock_pools();
        Ok(pools.entry(db.clone()).or_insert(pool).clone())
    }

    /// The application pools opened so far (for the readiness probe).
    pub fn open_app_pools(&self) -> Vec<(DataDb, PgPool)> {
        self.lock_pools()
            .iter()
            .map(|(d, p)| (d.clone(), p.clone()))
            .collect()
    }

    /// Forgets (and closes) the pool of a database that is going away.
    pub async fn drop_app_pool(&self, db: &DataDb) {
        let pool = self.lock_pools().remove(db);
        if let Some(pool) = pool {
            pool.close().await;
        }
    }

    fn lock_pools(&self) -> std::sync::MutexGuard<'_, HashMap<DataDb, PgPool>> {
        // A panic while holding this lock cannot leave the map inconsistent.
        self.inner
            .app_pools
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every data-plane database: each cluster's main database and every dedicated
    /// database the catalog knows.
    pub async fn data_databases(&self) -> Result<Vec<DataDb>> {
        let mut dbs: Vec<DataDb> = self
            .cluster_names()
            .iter()
            .map(|c| DataDb::pool(c))
            .collect();
        let dedicated: Vec<(String, String)> = sqlx::query_as(
            "SELECT cluster, database FROM control.tenants
              WHERE database IS NOT NULL AND status <> 'provisioning' ORDER BY cluster, database",
        )
        .fetch_all(self.control())
        .await?;
        dbs.extend(dedicated.into_iter().map(|(cluster, database)| DataDb {
            cluster,
            database: Some(database),
        }));
        Ok(dbs)
    }

    /// Appends to the platform audit log.
    pub async fn audit_platform(
        &self,
        actor: &str,
        action: &str,
        tenant: Option<(i32, &str)>,
        details: serde_json::Value,
    ) -> Result<()> {
        audit_platform_in(self.control(), actor, action, tenant, details).await
    }
}

/// Appends to the platform audit log through `db` (a transaction of the control plane, so
/// the record commits with the change it describes).
pub(crate) async fn audit_platform_in(
    db: impl sqlx::PgExecutor<'_>,
    actor: &str,
    action: &str,
    tenant: Option<(i32, &str)>,
    details: serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO control.platform_audit (actor, action, tenant_id, tenant_slug, details)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor)
    .bind(action)
    .bind(tenant.map(|t| t.0))
    .bind(tenant.map(|t| t.1))
    .bind(details)
    .execute(db)
    .await?;
    Ok(())
}

impl Store {
    /// Records a cross-tenant attempt in the control plane.
    pub async fn security_event(
        &self,
        kind: &str,
        host_tenant: Option<i32>,
        other_tenant: Option<i32>,
        ip: Option<std::net::IpAddr>,
        request_id: Option<&str>,
        details: serde_json::Value,
    ) -> Result<()> {
        tracing::warn!(target: "security", kind, ?host_tenant, ?other_tenant, ?ip, ?request_id, %details, "cross-tenant attempt");
        sqlx::query(
            "INSERT INTO control.security_events (kind, host_tenant_id, other_tenant_id, ip, request_id, details)
             VALUES ($1, $2, $3, $4::inet, $5, $6)",
        )
        .bind(kind)
        .bind(host_tenant)
        .bind(other_tenant)
        .bind(ip.map(|i| i.to_string()))
        .bind(request_id)
        .bind(details)
        .execute(self.control())
        .await?;
        Ok(())
    }
}
