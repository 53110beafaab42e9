//! Connecting to PostgreSQL: a configured DATABASE_URL, or the embedded private cluster.

use std::path::PathBuf;
use std::process::Child;

use store::infra::embedded::EmbeddedCluster;
use store::{MAIN_CLUSTER, Store, StoreConfig};

/// A CLI failure with its exit code: 2 for bad input, 1 for everything else.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: u8,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 2,
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<store::Error> for CliError {
    fn from(e: store::Error) -> Self {
        use store::Error::*;
        let code = match &e {
            Validation(_) | Conflict(_) | NotFound(_) | UnknownCluster(_) | Embedded(_) => 2,
            _ => 1,
        };
        Self {
            message: e.to_string(),
            code,
        }
    }
}

impl From<domain::ValidationError> for CliError {
    fn from(e: domain::ValidationError) -> Self {
        Self::usage(e.message)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self {
            message: format!("erro de E/S: {e}"),
            code: 1,
        }
    }
}

/// Logs to stderr through a non-blocking writer (no lock on the request path), as JSON lines
/// with `PLENARIO_LOG_FORMAT=json`, every line through `web::http::registro::redigir`.
/// Keep the guard until the process ends: dropping it flushes what is left.
pub fn init_tracing() -> tracing_appender::non_blocking::WorkerGuard {
    let filtro = std::env::var("PLENARIO_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".to_owned());
    let json = std::env::var("PLENARIO_LOG_FORMAT").is_ok_and(|v| v == "json");
    let (saida, guarda) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::stderr());
    let assinante = web::http::registro::assinante(&filtro, json, saida);
    let _ = tracing::subscriber::set_global_default(assinante);
    guarda
}

/// Connection settings common to every subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// Administrative URL of the primary cluster's main database. Without it, Plenário runs
    /// its own private PostgreSQL cluster under PLENARIO_HOME.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Other clusters, as `nome=url` pairs separated by `;`.
    #[arg(long, env = "PLENARIO_CLUSTERS", global = true, hide_env_values = true)]
    pub clusters: Option<String>,
    /// Password of the plenario_app role (when the clusters require one).
    #[arg(
        long,
        env = "PLENARIO_APP_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub app_password: Option<String>,
    /// Folder of the embedded cluster.
    #[arg(
        long,
        env = "PLENARIO_HOME",
        global = true,
        default_value = ".plenario"
    )]
    pub home: PathBuf,
    /// Câmaras answer on `<slug>.<base domain>`.
    #[arg(
        long,
        env = "PLENARIO_BASE_DOMAIN",
        global = true,
        default_value = "localhost"
    )]
    pub base_domain: String,
    /// Served behind HTTPS (a TLS proxy): cookies get the Secure flag.
    #[arg(long, env = "PLENARIO_SECURE", global = true)]
    pub secure: bool,
    /// Outgoing mail server: smtp://host:port, smtp://user:pass@host:587?tls=required or
    /// smtps://user:pass@host:465. Without it, e-mails go to the log.
    #[arg(long, env = "PLENARIO_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Folder of uploaded files (brasões…); default <PLENARIO_HOME>/arquivos.
    #[arg(long, env = "PLENARIO_FILES_DIR", global = true)]
    pub files_dir: Option<PathBuf>,
    /// Uploaded files in an S3-compatible store instead: s3://bucket[/prefixo], with the
    /// standard AWS_* variables (AWS_ENDPOINT for MinIO and the like).
    #[arg(long, env = "PLENARIO_FILES_URL", global = true)]
    pub files_url: Option<String>,
    /// Seconds a public page is kept in memory and shared between visitors (0: off). A
    /// write through any process shows at once (every process hears the commit).
    #[arg(
        long,
        env = "PLENARIO_CACHE_PUBLICO",
        global = true,
        default_value_t = 5
    )]
    pub cache_publico: u64,
    /// Port printed in absolute links (feeds, calendars, e-mails) when the public address
    /// is not on 80/443; `plenario dev` uses its listening port.
    #[arg(long, env = "PLENARIO_PUBLIC_PORT", global = true)]
    pub public_port: Option<u16>,
    /// Host of the master panel (/admin-master); default admin.<base domain>.
    #[arg(long, env = "PLENARIO_PLATFORM_HOST", global = true)]
    pub platform_host: Option<String>,
    /// Proxies in front of Plenário whose X-Forwarded-For is believed: comma-separated
    /// addresses or CIDR networks (10.0.0.0/8, ::1). Without it, the socket peer is the
    /// client.
    #[arg(long, env = "PLENARIO_TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<String>,
    /// Sender of the e-mails.
    #[arg(
        long,
        env = "PLENARIO_MAIL_FROM",
        global = true,
        default_value = "Plenário <nao-responda@plenario.invalid>"
    )]
    pub mail_from: String,
    /// Background jobs run at once by `plenario serve` (0: none; run `plenario worker`
    /// apart) and by `plenario worker`.
    #[arg(long, env = "PLENARIO_JOBS", global = true, default_value_t = 4)]
    pub jobs: usize,
    /// Connections of each shared application pool (a dedicated database gets at most 4).
    #[arg(long, env = "PLENARIO_POOL_MAX", global = true, default_value_t = 16)]
    pub pool_max: u32,
    /// Most concurrent transactions of one câmara in a shared pool (default: a quarter of
    /// PLENARIO_POOL_MAX, at least 2); more are refused with 503.
    #[arg(long, env = "PLENARIO_POOL_CAMARA_MAX", global = true)]
    pub pool_camara_max: Option<u32>,
    /// Milliseconds a request waits for a database connection before a 503.
    #[arg(
        long,
        env = "PLENARIO_DB_ACQUIRE_TIMEOUT_MS",
        global = true,
        default_value_t = 1000
    )]
    pub db_acquire_timeout_ms: u64,
    /// statement_timeout of the application role, in seconds (0: none).
    #[arg(
        long,
        env = "PLENARIO_DB_STATEMENT_TIMEOUT",
        global = true,
        default_value_t = 30
    )]
    pub db_statement_timeout: u64,
    /// idle_in_transaction_session_timeout of the application role, in seconds (0: none).
    #[arg(
        long,
        env = "PLENARIO_DB_IDLE_TX_TIMEOUT",
        global = true,
        default_value_t = 30
    )]
    pub db_idle_tx_timeout: u64,
    /// Requests a minute one client may make to one câmara (0: no limit); the operator
    /// overrides it per câmara (`plenario tenant limits`, the master panel).
    #[arg(long, env = "PLENARIO_LIMITE_IP", global = true, default_value_t = web::http::limite::Padroes::SERVE.por_ip)]
    pub limite_ip: u32,
    /// Requests a minute one câmara may receive in all, per app process (0: no limit).
    #[arg(long, env = "PLENARIO_LIMITE_CAMARA", global = true, default_value_t = web::http::limite::Padroes::SERVE.por_camara)]
    pub limite_camara: u32,
    /// Largest request body, in bytes (uploads included; each form has its own limit too).
    #[arg(
        long,
        env = "PLENARIO_BODY_MAX",
        global = true,
        default_value_t = web::http::corpo::Limites::PADRAO.max as u64
    )]
    pub body_max: u64,
    /// Seconds a client has to send a whole request body (408 after).
    #[arg(
        long,
        env = "PLENARIO_BODY_TIMEOUT",
        global = true,
        default_value_t = web::http::corpo::Limites::PADRAO.prazo.as_secs()
    )]
    pub body_timeout: u64,
    /// Seconds a request body may stall without a byte arriving (408 after).
    #[arg(
        long,
        env = "PLENARIO_BODY_IDLE_TIMEOUT",
        global = true,
        default_value_t = web::http::corpo::Limites::PADRAO.ocioso.as_secs()
    )]
    pub body_idle_timeout: u64,
}

impl DbArgs {
    /// The store's limits from the settings.
    pub fn limites(&self) -> store::Limites {
        use std::time::Duration;
        store::Limites {
            acquire_timeout: Duration::from_millis(self.db_acquire_timeout_ms.max(1)),
            camara_max: self.pool_camara_max,
            statement_timeout: Duration::from_secs(self.db_statement_timeout),
            idle_in_transaction_timeout: Duration::from_secs(self.db_idle_tx_timeout),
        }
    }

    /// The HTTP layer's request body limits from the settings.
    pub fn corpo(&self) -> web::http::corpo::Limites {
        use std::time::Duration;
        web::http::corpo::Limites {
            max: usize::try_from(self.body_max).unwrap_or(usize::MAX),
            prazo: Duration::from_secs(self.body_timeout.max(1)),
            ocioso: Duration::from_secs(self.body_idle_timeout.max(1)),
            ..web::http::corpo::Limites::PADRAO
        }
    }
}

/// An open store, and the embedded server we started for it (stopped on drop).
pub struct Env {
    pub store: Store,
    pub embedded: Option<EmbeddedCluster>,
    child: Option<Child>,
    /// The embedded server under supervision (long-running commands), stopped on drop.
    supervisor: Option<store::infra::embedded::Supervised>,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut()
            && let Err(e) = EmbeddedCluster::stop(child)
        {
            eprintln!("aviso: não foi possível parar o PostgreSQL embutido: {e}");
        }
    }
}

impl Env {
    /// Connects (starting the embedded cluster if needed). Embedded clusters are migrated
    /// on the spot; a configured one is left to `plenario migrate`.
    pub async fn open(args: &DbArgs) -> Result<Env, CliError> {
        let mut clusters = Vec::new();
        let mut env = match &args.database_url {
            Some(url) => {
                let opts = url
                    .parse()
                    .map_err(|e| CliError::usage(format!("DATABASE_URL inválida: {e}")))?;
                clusters.push((MAIN_CLUSTER.to_owned(), opts));
                None
            }
            None => {
                let cluster = EmbeddedCluster::new(&args.home)?;
                if cluster.ensure_initialized()? {
                    eprintln!("PostgreSQL embutido criado em {}", cluster.root().display());
                }
                let child = match cluster.running_pid() {
                    Some(_) => None,
                    None => Some(cluster.start(&[])?),
                };
                cluster.ensure_database("plenario").await?;
                clusters.push((MAIN_CLUSTER.to_owned(), cluster.connect_options("plenario")));
                Some((cluster, child))
            }
        };
        if let Some(spec) = &args.clusters {
            clusters.extend(StoreConfig::parse_clusters(spec)?);
        }
        let store = Store::new(StoreConfig {
            clusters,
            app_password: args.app_password.clone(),
            pool_max: args.pool_max.max(1),
            assert_clean_connections: false,
            files_dir: args
                .files_dir
                .clone()
                .unwrap_or_else(|| args.home.join("arquivos")),
            files_url: args.files_url.clone(),
            limites: args.limites(),
        })?;
        let (embedded, child) = match env.take() {
            Some((c, child)) => (Some(c), child),
            None => (None, None),
        };
        let env = Env {
            store,
            embedded,
            child,
            supervisor: None,
        };
        if env.embedded.is_some() {
            crate::cli::migrate_all(&env.store, false).await?;
        }
        Ok(env)
    }
}

impl Env {
    /// For `dev` and `serve`: the embedded server we started is reaped and restarted
    /// (with PostgreSQL's crash recovery) if it dies, for as long as this lives.
    pub fn supervise_embedded(&mut self) {
        if let (Some(cluster), Some(child)) = (&self.embedded, self.child.take()) {
            self.supervisor = Some(cluster.supervise(child, &[]));
        }
    }
}

/// Who the platform audit log records for CLI actions.
pub fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("SUDO_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "desconhecido".into())
    )
}
