//! PostgreSQL `LISTEN` on a data database, kept alive: what lets every app process learn
//! of a commit made by another (the live painel, the page cache).

use std::time::Duration;

use crate::{DataDb, Store};

/// What a listener hears.
#[derive(Debug, PartialEq, Eq)]
pub enum Aviso<'a> {
    /// A notification's payload.
    Payload(&'a str),
    /// Listening (again): notifications sent before now may have been missed, so whatever
    /// they would have refreshed must be refreshed.
    Escutando,
    /// The listening connection is lost (or cannot be made): notifications are being missed
    /// until the next [`Aviso::Escutando`].
    Perdido,
}

/// Listens on `canal` of `db` forever (spawn it), calling `ouvir` for each notification and
/// with [`Aviso::Escutando`] once `LISTEN` is in place, at the start and after every lost
/// connection, and [`Aviso::Perdido`] when it is lost. Reconnects every second while the
/// database is unreachable.
pub async fn escutar(
    store: Store,
    db: DataDb,
    canal: &'static str,
    ouvir: impl Fn(Aviso<'_>) + Send + 'static,
) {
    loop {
        match conectar(&store, &db, canal).await {
            Ok(mut ouvinte) => {
                tracing::info!(%db, canal, "escutando");
                ouvir(Aviso::Escutando);
                loop {
                    match ouvinte.try_recv().await {
                        Ok(Some(n)) => ouvir(Aviso::Payload(n.payload())),
                        // Reconnected by sqlx: notifications may have been lost.
                        Ok(None) => ouvir(Aviso::Escutando),
                        Err(e) => {
                            tracing::warn!(error = %e, %db, canal, "listener lost");
                            break;
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, %db, canal, "listener cannot connect"),
        }
        ouvir(Aviso::Perdido);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn conectar(
    store: &Store,
    db: &DataDb,
    canal: &str,
) -> crate::Result<sqlx::postgres::PgListener> {
    let pool = store.app_pool(db).await?;
    let mut ouvinte = sqlx::postgres::PgListener::connect_with(&pool).await?;
    ouvinte.listen(canal).await?;
    Ok(ouvinte)
}
