use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;
use store::Store;
use store::infra::catalog::{self, Tenant};

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Câmaras answer on `<slug>.<base_domain>` (`localhost` in development).
    pub base_domain: String,
    /// Whether cookies and links assume HTTPS.
    pub secure: bool,
    /// Session lifetimes.
    pub sessao: store::conta::sessoes_login::Limites,
    /// Login throttling.
    pub limite_login: store::conta::sessoes_login::Limite,
    /// Proxies whose `X-Forwarded-For` is believed (`PLENARIO_TRUSTED_PROXIES`); see
    /// [`crate::http::pedido::client_ip`].
    pub trusted_proxies: Vec<crate::http::pedido::Rede>,
    /// Outgoing e-mail (password resets).
    pub mailer: crate::mail::Mailer,
    /// The host of the master panel (`/admin-master`); by default `admin.<base domain>`.
    pub platform_host: String,
    /// How long public pages are kept in memory ([`crate::http::cache`]); zero turns it off
    /// (the default here; `plenario serve` uses 5 s).
    pub cache_publico: Duration,
    /// The port printed in absolute links ([`crate::http::origem`]), when the public address is
    /// not on the scheme's default port (`plenario dev`: the listening port).
    pub public_port: Option<u16>,
    /// How request bodies are read ([`crate::http::corpo`]).
    pub corpo: crate::http::corpo::Limites,
    /// Rate limits per câmara ([`crate::http::limite`]); off here, `plenario serve` sets them.
    pub limites: crate::http::limite::Padroes,
}

impl WebConfig {
    pub fn new(base_domain: impl Into<String>, secure: bool) -> Self {
        let base_domain = base_domain.into();
        Self {
            platform_host: format!("admin.{base_domain}"),
            base_domain,
            secure,
            sessao: Default::default(),
            limite_login: Default::default(),
            trusted_proxies: Vec::new(),
            mailer: crate::mail::Mailer::dev(),
            cache_publico: Duration::ZERO,
            public_port: None,
            corpo: crate::http::corpo::Limites::PADRAO,
            limites: crate::http::limite::Padroes::DESLIGADO,
        }
    }
}

/// Shared by every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub hosts: HostCache,
    pub metrics: Arc<crate::http::metrics::Metrics>,
    pub paginas: crate::http::cache::PaginaCache,
    /// The memory budget of request bodies ([`crate::http::corpo`]).
    pub corpos: crate::http::corpo::Orcamento,
    /// This process's rate-limit buckets ([`crate::http::limite`]).
    pub limitador: Arc<crate::http::limite::Limitador>,
    /// The live painel's channels ([`crate::areas::sessoes_plenarias::AoVivo`]).
    pub painel: crate::areas::sessoes_plenarias::AoVivo,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        Self {
            paginas: crate::http::cache::PaginaCache::new(config.cache_publico, store.clone()),
            corpos: crate::http::corpo::Orcamento::new(config.corpo),
            store,
            config: Arc::new(config),
            hosts: HostCache::new(),
            metrics: Arc::default(),
            limitador: Arc::default(),
            painel: Default::default(),
        }
    }
}

/// Host → câmara, in memory. Invalidated by NOTIFY from the catalog (see
/// [`spawn_catalog_listener`]), with a short TTL as a backstop. Unknown hosts are cached
/// too (as `None`), so a flood of bogus hosts does not reach the database.
///
/// Every answer the catalog gave is also kept, without expiry, as the *last known* one:
/// while the catalog is unreachable, hosts seen before keep being served from it (their
/// câmara's own database may well be up), and only hosts never seen get the error (503).
/// A failure is never cached.
#[derive(Clone)]
pub struct HostCache {
    cache: Cache<String, Option<Arc<Tenant>>>,
    conhecidos: Cache<String, Option<Arc<Tenant>>>,
}

impl Default for HostCache {
    fn default() -> Self {
        Self::new()
    }
}

impl HostCache {
    pub fn new() -> Self {
        Self {
            cache: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(Duration::from_secs(30))
                .build(),
            conhecidos: Cache::builder().max_capacity(100_000).build(),
        }
    }

    /// The câmara for a normalised host, from the cache or the catalog.
    pub async fn get(
        &self,
        state: &AppState,
        host: &str,
    ) -> Result<Option<Arc<Tenant>>, store::Error> {
        if let Some(hit) = self.cache.get(host).await {
            return Ok(hit);
        }
        let store = &state.store;
        let lookup = store.on_control(catalog::find_by_host(
            store.control(),
            host,
            &state.config.base_domain,
        ));
        match lookup.await {
            Ok(found) => {
                let found = found.map(Arc::new);
                self.cache.insert(host.to_owned(), found.clone()).await;
                self.conhecidos.insert(host.to_owned(), found.clone()).await;
                Ok(found)
            }
            Err(e) if e.is_transient() => match self.conhecidos.get(host).await {
                Some(known) => {
                    tracing::debug!(host, error = %e, "catalog unreachable: last known answer");
                    Ok(known)
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    pub async fn invalidate(&self, host: &str) {
        self.cache.invalidate(host).await;
    }

    pub fn invalidate_all(&self) {
        self.cache.invalidate_all();
    }
}

/// Listens for catalog changes and empties the host cache on each one (and whenever the
/// listening connection is lost, since notifications may have been missed).
pub fn spawn_catalog_listener(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match sqlx::postgres::PgListener::connect_with(state.store.control()).await {
                Ok(mut listener) => {
                    if let Err(e) = listener.listen("plenario_catalog").await {
                        tracing::warn!(error = %e, "LISTEN plenario_catalog failed");
                    } else {
                        state.hosts.invalidate_all();
                        loop {
                            match listener.try_recv().await {
                                Ok(Some(_)) => state.hosts.invalidate_all(),
                                Ok(None) => {
                                    // Reconnected: notifications may have been lost.
                                    state.hosts.invalidate_all();
                                }
                                Err(e) => {
                                    tracing::warn!(error = %e, "catalog listener lost");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "catalog listener cannot connect"),
            }
            state.hosts.invalidate_all();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}
