//! A private PostgreSQL cluster run by Plenário itself: the embedded default of
//! `plenario dev` (under `./.plenario/`) and the test harness (under a temporary folder).
//!
//! The server runs as a child process, as the unprivileged user `nobody` when we are root
//! (PostgreSQL refuses to run as root), listening only on a Unix socket, with `trust`
//! authentication. It receives SIGQUIT if its parent dies, so it never outlives us.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;

use crate::{Error, Result};

/// Where the PostgreSQL server programs are.
pub fn find_binaries() -> Result<PathBuf> {
    let has_all = |dir: &Path| ["initdb", "postgres"].iter().all(|b| dir.join(b).is_file());
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if has_all(&dir) {
                // Follow symlinks (/usr/local/bin/initdb → /usr/lib/postgresql/15/bin).
                let real = fs::canonicalize(dir.join("postgres")).ok();
                return Ok(real
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                    .filter(|d| has_all(d))
                    .unwrap_or(dir));
            }
        }
    }
    // Debian's layout; overridable so the "not installed" path can be tested.
    let libdir = std::env::var_os("PLENARIO_PG_LIBDIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/postgresql"));
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir(&libdir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            has_all(&bin).then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, p)| p).ok_or_else(|| {
        Error::Embedded(
            "Os programas do servidor PostgreSQL (initdb, postgres) não foram encontrados no PATH \
             nem em /usr/lib/postgresql/*/bin. Instale-os (Debian/Ubuntu: sudo apt-get install \
             postgresql) ou informe um banco existente em DATABASE_URL."
                .into(),
        )
    })
}

/// The unprivileged account the server runs as when we are root.
fn unprivileged_user() -> Result<Option<(u32, u32)>> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    // SAFETY: getpwnam returns a pointer to static storage or null; we copy out at once.
    let pw = unsafe { libc::getpwnam(c"nobody".as_ptr()) };
    if pw.is_null() {
        return Err(Error::Embedded(
            "Executando como root, mas o usuário \"nobody\" não existe para rodar o PostgreSQL."
                .into(),
        ));
    }
    // SAFETY: pw is non-null and points to a valid passwd record.
    let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
    Ok(Some((uid, gid)))
}

/// A cluster directory: `data/` (PGDATA), `postgres.log`, and the socket folder.
#[derive(Clone)]
pub struct EmbeddedCluster {
    root: PathBuf,
    bin: PathBuf,
    socket_dir: PathBuf,
    run_as: Option<(u32, u32)>,
}

/// Tuning for throwaway clusters (tests): durability is not wanted there.
pub const EPHEMERAL_SETTINGS: &[(&str, &str)] = &[
    ("fsync", "off"),
    ("synchronous_commit", "off"),
    ("full_page_writes", "off"),
];

impl EmbeddedCluster {
    /// Whether the server's library folder holds the extension module `name` (a contrib
    /// module such as `pg_stat_statements`).
    pub fn has_library(&self, name: &str) -> bool {
        self.bin
            .parent()
            .is_some_and(|d| d.join("lib").join(format!("{name}.so")).is_file())
    }

    /// Prepares (does not start) the cluster in `root`, which is created if missing.
    pub fn new(root: &Path) -> Result<Self> {
        let bin = find_binaries()?;
        fs::create_dir_all(root)?;
        let root = fs::canonicalize(root)?;
        let run_as = unprivileged_user()?;
        // Unix socket paths are limited to 107 bytes.
        let mut socket_dir = root.join("run");
        if socket_dir.as_os_str().len() + ".s.PGSQL.5432".len() + 1 > 100 {
            socket_dir = std::env::temp_dir().join(format!("plenario-{}", short_hash(&root)));
        }
        let cluster = Self {
            root,
            bin,
            socket_dir,
            run_as,
        };
        cluster.prepare_dirs()?;
        Ok(cluster)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    pub fn log_file(&self) -> PathBuf {
        self.root.join("postgres.log")
    }

    fn prepare_dirs(&self) -> Result<()> {
        fs::create_dir_all(&self.socket_dir)?;
        if let Some((uid, gid)) = self.run_as {
            // nobody must reach the folder: every ancestor needs the execute bit for others.
            for dir in self.root.ancestors().skip(1) {
                let mode = fs::metadata(dir)?.permissions().mode();
                if mode & 0o001 == 0 {
                    return Err(Error::Embedded(format!(
                        "O PostgreSQL embutido roda como \"nobody\" quando o Plenário é executado \
                         como root, e nobody não consegue entrar em {} (permissões {:o}). \
                         Rode como um usuário comum, dê permissão (chmod o+x {}) ou informe \
                         DATABASE_URL.",
                        dir.display(),
                        mode & 0o777,
                        dir.display()
                    )));
                }
            }
            for dir in [&self.root, &self.socket_dir] {
                std::os::unix::fs::chown(dir, Some(uid), Some(gid))?;
            }
            if self.data_dir().exists() && fs::metadata(self.data_dir())?.uid() != uid {
                std::os::unix::fs::chown(self.data_dir(), Some(uid), Some(gid))?;
            }
        }
        Ok(())
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin.join(program));
        cmd.env_remove("PGDATA").env("LC_MESSAGES", "C");
        let run_as = self.run_as;
        // SAFETY: only async-signal-safe system calls run between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if let Some((uid, gid)) = run_as
                    && (libc::setgroups(0, std::ptr::null()) != 0
                        || libc::setgid(gid) != 0
                        || libc::setuid(uid) != 0)
                {
                    return Err(std::io::Error::last_os_error());
                }
                // After the credential change, which would clear it.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        cmd
    }

    /// Runs initdb if the data folder is empty. Returns whether it did.
    pub fn ensure_initialized(&self) -> Result<bool> {
        if self.data_dir().join("PG_VERSION").is_file() {
            return Ok(false);
        }
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(self.data_dir())
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-sync",
            ])
            .args([
                "--locale=C.UTF-8",
                "--locale-provider=icu",
                "--icu-locale=pt-BR",
            ])
            .stdin(Stdio::null())
            .output()?;
        if !output.status.success() {
            return Err(Error::Embedded(format!(
                "initdb falhou em {}:\n{}",
                self.data_dir().display(),
                String::from_utf8_lossy(&output.stderr)
            )));
        }
        Ok(true)
    }

    /// The pid of a server already running on this folder, if any.
    pub fn running_pid(&self) -> Option<i32> {
        let text = fs::read_to_string(self.data_dir().join("postmaster.pid")).ok()?;
        let pid: i32 = text.lines().next()?.trim().parse().ok()?;
        let ready = text.lines().nth(7).is_some_and(|l| l.trim() == "ready");
        // SAFETY: kill with signal 0 only checks for existence.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        (alive && ready).then_some(pid)
    }

    /// Starts the server as a child process and waits until it accepts connections.
    pub fn start(&self, settings: &[(&str, &str)]) -> Result<Child> {
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_file())?;
        let mut cmd = self.command("postgres");
        cmd.arg("-D")
            .arg(self.data_dir())
            .arg("-k")
            .arg(&self.socket_dir)
            .args(["-c", "listen_addresses=", "-p", "5432"])
            .args(["-c", "max_connections=400", "-c", "shared_buffers=128MB"])
            .args(["-c", "unix_socket_permissions=0777"]);
        for (k, v) in settings {
            cmd.arg("-c").arg(format!("{k}={v}"));
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if self.running_pid() == Some(child.id() as i32) {
                return Ok(child);
            }
            if let Some(status) = child.try_wait()? {
                let log = fs::read_to_string(self.log_file()).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                return Err(Error::Embedded(format!(
                    "O PostgreSQL embutido terminou ao iniciar ({status}). Últimas linhas de {}:\n{}",
                    self.log_file().display(),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                )));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                return Err(Error::Embedded(
                    "O PostgreSQL embutido não ficou pronto em 60 s.".into(),
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Asks a running server to stop (fast shutdown) and waits for it.
    pub fn stop(child: &mut Child) -> Result<()> {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        child.wait()?;
        Ok(())
    }

    /// Watches a server started by [`start`](Self::start) from a thread of its own: reaps
    /// it when it ends and, unless [`Supervised::stop`] asked for it, starts it again (with
    /// PostgreSQL's own crash recovery), retrying with a growing pause while it cannot.
    /// Every exit and restart is logged.
    pub fn supervise(&self, child: Child, settings: &[(&str, &str)]) -> Supervised {
        let cluster = self.clone();
        let settings: Vec<(String, String)> = settings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let shared = Arc::new(Shared {
            stopping: AtomicBool::new(false),
            pid: AtomicI32::new(child.id() as i32),
            restarts: AtomicU32::new(0),
        });
        let state = shared.clone();
        // The restarted servers are children of this thread; it lives until `stop`, so
        // PR_SET_PDEATHSIG still ties them to us.
        let thread = std::thread::Builder::new()
            .name("postgres-supervisor".into())
            .spawn(move || cluster.supervise_loop(child, &settings, &state))
            .ok();
        Supervised { shared, thread }
    }

    fn supervise_loop(&self, mut child: Child, settings: &[(String, String)], state: &Shared) {
        let settings: Vec<(&str, &str)> = settings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        loop {
            let status = child.wait();
            if state.stopping.load(Ordering::SeqCst) {
                return;
            }
            tracing::error!(
                pid = child.id(),
                status = ?status,
                log = %self.log_file().display(),
                "embedded PostgreSQL exited unexpectedly; restarting it (crash recovery)"
            );
            let mut pause = Duration::from_millis(200);
            child = loop {
                if state.stopping.load(Ordering::SeqCst) {
                    return;
                }
                match self.start(&settings) {
                    Ok(c) => break c,
                    Err(e) => {
                        tracing::error!(error = %e, "embedded PostgreSQL did not restart; retrying");
                        std::thread::sleep(pause);
                        pause = (pause * 2).min(Duration::from_secs(5));
                    }
                }
            };
            state.pid.store(child.id() as i32, Ordering::SeqCst);
            state.restarts.fetch_add(1, Ordering::SeqCst);
            tracing::warn!(pid = child.id(), "embedded PostgreSQL restarted");
            if state.stopping.load(Ordering::SeqCst) {
                let _ = Self::stop(&mut child);
                return;
            }
        }
    }

    /// Administrative connection options (superuser `postgres`) for `database`.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .socket(&self.socket_dir)
            .port(5432)
            .username("postgres")
            .database(database)
    }

    /// The same, as a URL (for printing and for DATABASE_URL in child processes).
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@localhost:5432/{database}?host={}",
            self.socket_dir.display()
        )
    }

    /// Creates `database` if missing (as the superuser).
    pub async fn ensure_database(&self, database: &str) -> Result<()> {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect_with(&self.connect_options("postgres")).await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                .bind(database)
                .fetch_one(&mut conn)
                .await?;
        if !exists {
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "CREATE DATABASE {}",
                crate::quote_ident(database)
            )))
            .execute(&mut conn)
            .await?;
        }
        let _ = conn.close().await;
        Ok(())
    }
}

struct Shared {
    stopping: AtomicBool,
    pid: AtomicI32,
    restarts: AtomicU32,
}

/// A server under [`EmbeddedCluster::supervise`].
pub struct Supervised {
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Supervised {
    /// The pid of the current server.
    pub fn pid(&self) -> i32 {
        self.shared.pid.load(Ordering::SeqCst)
    }

    /// How many times the server was restarted.
    pub fn restarts(&self) -> u32 {
        self.shared.restarts.load(Ordering::SeqCst)
    }

    /// Stops the server (fast shutdown) for good and waits for it.
    pub fn stop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            // SAFETY: signalling the server the supervisor started; it reaps it.
            unsafe { libc::kill(self.pid(), libc::SIGINT) };
            let _ = thread.join();
        }
    }
}

impl Drop for Supervised {
    fn drop(&mut self) {
        self.stop();
    }
}

fn short_hash(p: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    p.hash(&mut h);
    format!("{:x}", h.finish() & 0xffff_ffff)
}
