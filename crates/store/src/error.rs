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
    #[error("erro de banco de dados: {0}")]
    Db(#[from] sqlx::Error),
    #[error("erro de E/S: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
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
