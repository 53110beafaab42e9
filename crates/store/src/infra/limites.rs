//! How long anything may wait on PostgreSQL, and how much of a shared pool one câmara may
//! hold.
//!
//! * Every pool gives up on a connection after [`Limites::acquire_timeout`] (1 s by default)
//!   instead of sqlx's 10 s: a request that cannot get a connection answers 503 at once.
//! * A câmara in a shared pool holds at most [`Limites::camara_max`] transactions at a time
//!   (a quarter of the pool by default); the next one waits briefly and is refused with
//!   [`Error::Busy`], so a câmara can slow down only itself.
//! * The application role's sessions carry `statement_timeout` and
//!   `idle_in_transaction_session_timeout`, so no query and no forgotten transaction holds a
//!   connection for long.
//! * A database found unreachable is *down* for a moment ([`Disponibilidade`]): requests
//!   fail at once with [`Error::Unavailable`] instead of each waiting for its own timeout;
//!   the first request after the pause tries again, so recovery needs nobody.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{DataDb, Error, Result};

/// The limits of [`crate::StoreConfig`].
#[derive(Debug, Clone, Copy)]
pub struct Limites {
    /// Longest wait for a pooled connection (and for a câmara's turn).
    pub acquire_timeout: Duration,
    /// Most concurrent transactions of one câmara in a shared pool; `None`: a quarter of
    /// the pool, at least 2.
    pub camara_max: Option<u32>,
    /// `statement_timeout` of the application role's sessions (zero: none).
    pub statement_timeout: Duration,
    /// `idle_in_transaction_session_timeout` of the application role's sessions.
    pub idle_in_transaction_timeout: Duration,
}

impl Default for Limites {
    fn default() -> Self {
        Self {
            acquire_timeout: Duration::from_secs(1),
            camara_max: None,
            statement_timeout: Duration::from_secs(30),
            idle_in_transaction_timeout: Duration::from_secs(30),
        }
    }
}

impl Limites {
    /// A câmara's share of a shared pool of `pool_max` connections.
    pub fn camara_max(&self, pool_max: u32) -> u32 {
        self.camara_max
            .unwrap_or_else(|| pool_max.div_ceil(4).max(2))
            .clamp(1, pool_max.max(1))
    }

    /// The session settings of the application role, as connection options.
    pub(crate) fn session_options(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "statement_timeout",
                format!("{}ms", self.statement_timeout.as_millis()),
            ),
            (
                "idle_in_transaction_session_timeout",
                format!("{}ms", self.idle_in_transaction_timeout.as_millis()),
            ),
        ]
    }
}

/// Per-câmara turns in the shared pools: one semaphore per (database, câmara).
#[derive(Default)]
pub(crate) struct Vagas {
    map: Mutex<HashMap<(DataDb, i32), Arc<Semaphore>>>,
}

impl Vagas {
    /// Waits up to `espera` for one of the `max` turns of `tenant_id` in `db`.
    pub(crate) async fn tomar(
        &self,
        db: &DataDb,
        tenant_id: i32,
        max: u32,
        espera: Duration,
    ) -> Result<OwnedSemaphorePermit> {
        let sem = {
            let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
            map.entry((db.clone(), tenant_id))
                .or_insert_with(|| Arc::new(Semaphore::new(max as usize)))
                .clone()
        };
        match sem.clone().try_acquire_owned() {
            Ok(p) => Ok(p),
            Err(_) => match tokio::time::timeout(espera, sem.acquire_owned()).await {
                Ok(Ok(p)) => Ok(p),
                _ => {
                    tracing::warn!(%db, tenant_id, max, "câmara at its share of the pool");
                    Err(Error::Busy)
                }
            },
        }
    }
}

/// Databases recently found unreachable, by name (a [`DataDb`] or `control`).
#[derive(Default)]
pub(crate) struct Disponibilidade {
    fora: Mutex<HashMap<String, Instant>>,
}

impl Disponibilidade {
    /// Refuses at once while `key` is in its pause after a failure.
    pub(crate) fn verificar(&self, key: &str) -> Result<()> {
        let fora = self.fora.lock().unwrap_or_else(|p| p.into_inner());
        match fora.get(key) {
            Some(ate) if Instant::now() < *ate => Err(Error::Unavailable(format!(
                "{key}: inacessível há pouco; nova tentativa em instantes"
            ))),
            _ => Ok(()),
        }
    }

    /// Records the outcome of a use of `key`: unreachable starts a pause of `pausa`.
    pub(crate) fn registrar<T>(&self, key: &str, r: &Result<T>, pausa: Duration) {
        let mut fora = self.fora.lock().unwrap_or_else(|p| p.into_inner());
        match r {
            Err(Error::Unavailable(cause)) => {
                if fora
                    .insert(key.to_owned(), Instant::now() + pausa)
                    .is_none()
                {
                    tracing::error!(database = key, %cause, "database unreachable");
                }
            }
            // A full pool says nothing about reachability: the mark stays as it is.
            Err(Error::Busy) => {}
            _ => {
                if fora.remove(key).is_some() {
                    tracing::info!(database = key, "database reachable again");
                }
            }
        }
    }
}

/// A pool that timed out: full means busy; with room left (or no pool yet), connecting
/// failed.
pub(crate) fn pool_timed_out(pool: Option<&sqlx::PgPool>, e: Error) -> Error {
    match e {
        Error::Busy if pool.is_none_or(|p| p.size() < p.options().get_max_connections()) => {
            Error::Unavailable("sem conexão com o banco de dados".into())
        }
        other => other,
    }
}
