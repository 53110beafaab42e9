use domain::ValidationError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the store. Messages are for operators and end users, in Portuguese;
/// database causes are kept for the logs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotFound(String),
    /// The câmara is being moved to another placement: reads go on, writes wait.
    #[error(
        "Esta câmara está sendo transferida de servidor. As alterações estão suspensas por \
         alguns instantes; tente novamente em seguida."
    )]
    Frozen,
    /// The catalog named a database that does not hold the câmara (a stale cache, or a
    /// move that has just finished). Callers refresh the catalog and retry once.
    #[error("A câmara não está neste banco de dados (catálogo desatualizado).")]
    NotResident,
    /// The database's schema is older than this binary: run `plenario migrate`.
    #[error(
        "O banco {database} está na versão {found} do esquema {scope}, mas esta versão do \
         Plenário espera {expected}. Execute `plenario migrate`."
    )]
    SchemaOutdated {
        database: String,
        scope: &'static str,
        found: i32,
        expected: i32,
    },
    #[error("O cluster \"{0}\" não está configurado (DATABASE_URL / PLENARIO_CLUSTERS).")]
    UnknownCluster(String),
    #[error("{0}")]
    Migration(String),
    #[error("Falha na verificação de isolamento:\n{0}")]
    TenancyCheck(String),
    #[error("{0}")]
    Embedded(String),
    /// No connection in time: the pool is full, or the câmara holds its whole share of it
    /// ([`crate::infra::limites`]). Answered with 503 "sistema ocupado".
    #[error("O sistema está ocupado no momento. Tente novamente em alguns segundos.")]
    Busy,
    /// The database cannot be reached (down, restarting, network): answered with a 503
    /// maintenance page. The cause is for the logs.
    #[error("banco de dados inacessível: {0}")]
    Unavailable(String),
    #[error("erro de banco de dados: {0}")]
    Db(#[source] sqlx::Error),
    #[error("erro de E/S: {0}")]
    Io(#[from] std::io::Error),
}

impl From<sqlx::Error> for Error {
    /// Sorts out the failures that are about reaching the database, not the query: they
    /// are answered with 503 (and retried later), never with a 500.
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::PoolTimedOut => Error::Busy,
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Error::Unavailable(e.to_string()),
            sqlx::Error::Database(d) => match d.code().as_deref() {
                // query_canceled (statement_timeout), idle_in_transaction_session_timeout,
                // lock_not_available: the database is there, the request took too long.
                Some("57014" | "25P03" | "55P03") => Error::Busy,
                // admin_shutdown, crash_shutdown, cannot_connect_now, connection exceptions,
                // too_many_connections.
                Some(c) if c.starts_with("57P") || c.starts_with("08") || c == "53300" => {
                    Error::Unavailable(e.to_string())
                }
                _ => Error::Db(e),
            },
            _ => Error::Db(e),
        }
    }
}

impl Error {
    /// Whether the failure is about reaching the database (busy or unreachable): answered
    /// with 503, and never cached.
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Busy | Error::Unavailable(_))
    }

    /// The SQLSTATE of a database error, if any.
    pub fn sqlstate(&self) -> Option<String> {
        match self {
            Error::Db(sqlx::Error::Database(e)) => e.code().map(|c| c.into_owned()),
            _ => None,
        }
    }

    /// The constraint a database error names, if any.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            Error::Db(sqlx::Error::Database(e)) => e.constraint(),
            _ => None,
        }
    }
}

/// A refusal of the input, with the field it points at and a Portuguese message.
pub(crate) fn invalido(campo: &'static str, msg: impl Into<String>) -> Error {
    Error::Validation(ValidationError::new(campo, msg))
}
