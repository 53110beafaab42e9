//! The test binary's private PostgreSQL cluster.

use std::path::PathBuf;
use std::sync::OnceLock;

use sqlx::Connection;
use sqlx::postgres::PgConnectOptions;
use store::infra::embedded::{EPHEMERAL_SETTINGS, EmbeddedCluster};
use store::{MAIN_CLUSTER, Store, StoreConfig};
use tokio::sync::OnceCell;

pub struct TestCluster {
    cluster: EmbeddedCluster,
    pid: i32,
    root: PathBuf,
}

static CLUSTER: OnceLock<TestCluster> = OnceLock::new();
static MIGRATED: OnceCell<()> = OnceCell::const_new();

/// The running cluster (started on first use). Prefer [`ready`], which also migrates it.
pub fn get() -> &'static TestCluster {
    CLUSTER.get_or_init(start)
}

/// The cluster, with its main database migrated.
pub async fn ready() -> &'static TestCluster {
    let c = get();
    MIGRATED
        .get_or_init(|| async {
            c.create_database("plenario").await;
            let store = Store::new(StoreConfig {
                clusters: vec![(MAIN_CLUSTER.to_owned(), c.options("plenario"))],
                app_password: None,
                pool_max: 2,
                assert_clean_connections: true,
                files_dir: c.files_dir(),
                files_url: None,
                // A loaded test machine must not turn into timeouts.
                limites: store::Limites {
                    acquire_timeout: std::time::Duration::from_secs(10),
                    ..Default::default()
                },
            })
            .unwrap();
            store::infra::migrate::migrate_control(&store)
                .await
                .unwrap();
            store.control().close().await;
        })
        .await;
    c
}

/// Alias of [`get`] for readability at call sites.
pub fn cluster() -> &'static TestCluster {
    get()
}

fn start() -> TestCluster {
    let root = std::env::temp_dir().join(format!("plenario-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let cluster = EmbeddedCluster::new(&root).expect("test cluster folder");
    cluster.ensure_initialized().expect("initdb");
    // The server must be the child of a thread that lives as long as the process: the
    // kernel signals it (PR_SET_PDEATHSIG) when its parent thread ends.
    let (tx, rx) = std::sync::mpsc::channel();
    let keeper_root = root.clone();
    std::thread::Builder::new()
        .name("test-postgres".into())
        .spawn(move || {
            let cluster = EmbeddedCluster::new(&keeper_root).expect("test cluster");
            let mut settings = EPHEMERAL_SETTINGS.to_vec();
            // Counts the statements each page sends (the one-round-trip reads' test).
            if cluster.has_library("pg_stat_statements") {
                settings.push(("shared_preload_libraries", "pg_stat_statements"));
            }
            match cluster.start(&settings) {
                Ok(mut child) => {
                    let _ = tx.send(Ok(child.id() as i32));
                    let _ = child.wait();
                }
                Err(e) => {
                    let _ = tx.send(Err(e.to_string()));
                }
            }
        })
        .expect("keeper thread");
    let pid = rx
        .recv()
        .expect("keeper thread answered")
        .unwrap_or_else(|e| panic!("could not start the test PostgreSQL: {e}"));
    // SAFETY: registering a plain extern "C" function.
    unsafe { libc::atexit(stop_at_exit) };
    TestCluster { cluster, pid, root }
}

extern "C" fn stop_at_exit() {
    if let Some(c) = CLUSTER.get() {
        // SAFETY: signalling the server we started. Immediate shutdown: nothing to keep.
        unsafe { libc::kill(c.pid, libc::SIGQUIT) };
        let pidfile = c.root.join("data").join("postmaster.pid");
        for _ in 0..500 {
            if !pidfile.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let _ = std::fs::remove_dir_all(&c.root);
    }
}

impl TestCluster {
    /// Uploaded files of this test binary.
    pub fn files_dir(&self) -> PathBuf {
        self.root.join("arquivos")
    }

    /// Superuser options for `database`.
    pub fn options(&self, database: &str) -> PgConnectOptions {
        self.cluster.connect_options(database)
    }

    /// A URL for child processes (the CLI tests).
    pub fn url(&self, database: &str) -> String {
        self.cluster.url(database)
    }

    pub async fn create_database(&self, name: &str) {
        self.cluster.ensure_database(name).await.unwrap();
    }

    /// A superuser connection (to break things on purpose).
    pub async fn superuser(&self, database: &str) -> sqlx::PgConnection {
        sqlx::PgConnection::connect_with(&self.options(database))
            .await
            .unwrap()
    }
}
