//! The live painel, pushed: PostgreSQL `LISTEN plenario_painel` (the triggers of migration
//! 0028 notify `<tenant_id>:<sessao_id>` at each commit that changes a sessão) → one listener
//! task per data database in this process → one channel per (câmara, sessão), whose task
//! computes the snapshot once per change ([`store::sessoes_plenarias::painel::quadro`], under
//! the câmara's own tenant transaction) → every SSE subscriber of that sessão.
//!
//! Any process serves any screen: each LISTENs on the databases of the câmaras its
//! subscribers watch. Changes arriving while a snapshot is being computed are coalesced into
//! one more snapshot (`Notify` keeps one permit), so a burst of 15 votes costs at most two
//! queries per process, never one per subscriber. A lost listening connection re-sends every
//! channel of its database once it is back (notifications may have been missed).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use store::infra::catalog::Tenant;
use store::infra::ouvinte::Aviso;
use store::{Access, DataDb, Store, TenantTx};
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

/// The notification channel of migration 0028.
pub const CANAL: &str = "plenario_painel";

/// How often an idle channel checks whether anyone still watches it.
const OCIOSO: Duration = Duration::from_secs(30);

/// One snapshot, as sent.
#[derive(Debug)]
pub struct Foto {
    pub json: String,
    /// The sessão is over (or never was): the stream ends after this one.
    pub ao_vivo: bool,
}

type Chave = (i32, Uuid);

struct Canal {
    db: DataDb,
    enviar: broadcast::Sender<Arc<Foto>>,
    mudou: Arc<Notify>,
}

/// The process's channels and listeners. Cheap to clone.
#[derive(Clone, Default)]
pub struct AoVivo {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    canais: Mutex<HashMap<Chave, Canal>>,
    ouvintes: Mutex<HashSet<DataDb>>,
}

fn travar<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The snapshot of a sessão, read in its câmara's transaction.
pub async fn foto(store: &Store, tenant: &Tenant, sessao: Uuid) -> store::Result<Foto> {
    let mut tx = TenantTx::begin(store, tenant, Access::Read).await?;
    let q = store::sessoes_plenarias::painel::quadro(&mut tx, sessao).await?;
    tx.commit().await?;
    Ok(Foto {
        json: serde_json::to_string(&q)
            .map_err(|e| store::Error::Conflict(format!("Painel ilegível: {e}")))?,
        ao_vivo: q.ao_vivo,
    })
}

impl AoVivo {
    /// Subscribes to the changes of `sessao` of `tenant` (its existence is the caller's
    /// check, under the câmara's transaction). Subscribe first, then read the first
    /// snapshot: no change falls between the two.
    pub fn assinar(
        &self,
        store: &Store,
        tenant: Arc<Tenant>,
        sessao: Uuid,
    ) -> broadcast::Receiver<Arc<Foto>> {
        let db = DataDb::of(&tenant.placement);
        self.ouvir(store, db.clone());
        let mut canais = travar(&self.inner.canais);
        let chave = (tenant.id, sessao);
        if let Some(c) = canais.get(&chave) {
            return c.enviar.subscribe();
        }
        let (enviar, rx) = broadcast::channel(16);
        let mudou = Arc::new(Notify::new());
        canais.insert(
            chave,
            Canal {
                db,
                enviar: enviar.clone(),
                mudou: mudou.clone(),
            },
        );
        tokio::spawn(
            self.clone()
                .publicar(store.clone(), tenant, sessao, enviar, mudou),
        );
        rx
    }

    /// How many (câmara, sessão) channels are open in this process.
    pub fn canais(&self) -> usize {
        travar(&self.inner.canais).len()
    }

    /// A channel's task: one snapshot per change (coalesced), until nobody watches.
    async fn publicar(
        self,
        store: Store,
        tenant: Arc<Tenant>,
        sessao: Uuid,
        enviar: broadcast::Sender<Arc<Foto>>,
        mudou: Arc<Notify>,
    ) {
        let chave = (tenant.id, sessao);
        loop {
            let acordou = tokio::time::timeout(OCIOSO, mudou.notified()).await.is_ok();
            if self.sem_ninguem(chave, &enviar) {
                return;
            }
            if !acordou {
                continue;
            }
            match foto(&store, &tenant, sessao).await {
                Ok(f) => {
                    let _ = enviar.send(Arc::new(f));
                }
                // The câmara left this database, or the sessão is gone: the streams end and
                // their clients reconnect (and find it where it is now).
                Err(store::Error::NotResident | store::Error::NotFound(_)) => {
                    travar(&self.inner.canais).remove(&chave);
                    return;
                }
                Err(e) => tracing::warn!(error = %e, %sessao, "painel: snapshot failed"),
            }
        }
    }

    /// Removes the channel when its last subscriber is gone (under the map's lock, so a
    /// subscriber arriving now gets a fresh channel).
    fn sem_ninguem(&self, chave: Chave, enviar: &broadcast::Sender<Arc<Foto>>) -> bool {
        let mut canais = travar(&self.inner.canais);
        if enviar.receiver_count() == 0 {
            canais.remove(&chave);
            true
        } else {
            false
        }
    }

    /// A notification's payload, `<tenant_id>:<sessao_id>`.
    fn avisar(&self, payload: &str) {
        let Some((t, s)) = payload.split_once(':') else {
            return;
        };
        let (Ok(t), Ok(s)) = (t.parse::<i32>(), s.parse::<Uuid>()) else {
            return;
        };
        if let Some(c) = travar(&self.inner.canais).get(&(t, s)) {
            c.mudou.notify_one();
        }
    }

    /// Every channel of `db` computes again (after a reconnection).
    fn avisar_todos(&self, db: &DataDb) {
        for c in travar(&self.inner.canais).values() {
            if &c.db == db {
                c.mudou.notify_one();
            }
        }
    }

    /// Starts the listener of `db` once per process.
    fn ouvir(&self, store: &Store, db: DataDb) {
        if !travar(&self.inner.ouvintes).insert(db.clone()) {
            return;
        }
        let eu = self.clone();
        let db2 = db.clone();
        tokio::spawn(store::infra::ouvinte::escutar(
            store.clone(),
            db,
            CANAL,
            move |aviso| match aviso {
                Aviso::Payload(p) => eu.avisar(p),
                Aviso::Escutando => eu.avisar_todos(&db2),
                // The next "listening" re-sends every channel.
                Aviso::Perdido => {}
            },
        ));
    }
}
