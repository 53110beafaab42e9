//! A short-lived cache of the public pages (a "micro-cache", as reverse proxies do it).
//!
//! A citizen's request for a public page asks nothing of the database that the previous
//! visitor's did not: under load, most requests for the same page within a few seconds can
//! share one answer. Only anonymous `GET`s of public paths that answered 200 without
//! setting a cookie are kept, per câmara, path with query, and contrast mode, for
//! `WebConfig::cache_publico` (0 turns it off). A write to a câmara empties that câmara's
//! entries at once in every process: each committed write transaction notifies
//! [`store::infra::tenancy::CANAL_PAGINAS`] with the câmara's id, and each process listens
//! on the databases of the câmaras it keeps pages of (a lost listener empties the whole
//! cache once it listens again, since notifications may have been missed). A successful
//! write request through this process also empties the câmara's entries before answering,
//! so its editors never wait for the notification. When a busy page expires, one request
//! renews it while the others are still served the previous copy (stale-while-revalidate),
//! so the database never sees a stampede.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::sync::Cache;
use store::infra::ouvinte::{self, Aviso};
use store::{DataDb, Store};
use tokio::sync::watch;

use crate::http::pedido::CurrentTenant;

/// Largest answer kept (photos and pages are far smaller).
const MAX_CORPO: u64 = 1024 * 1024;

#[derive(Clone, Hash, PartialEq, Eq)]
struct Chave {
    tenant: i32,
    caminho: String,
    contraste: bool,
}

struct Resposta {
    headers: HeaderMap,
    /// The generation read before the page was built: the copy is void once its câmara
    /// (or the whole cache) is emptied at a later generation.
    nascida: u64,
    corpo: Bytes,
    /// Fresh until then; afterwards one request renews it while the others keep getting
    /// this copy (no stampede on the database when a busy page expires).
    fresca_ate: Instant,
    renovando: AtomicBool,
}

/// The state of one database's listener.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Escuta {
    Iniciando,
    Escutando,
    Perdida,
}

/// How long the first page of a database waits for its listener (once per process).
const INICIO: Duration = Duration::from_secs(2);

/// The cached answers of every câmara served by this process.
#[derive(Clone)]
pub struct PaginaCache {
    cache: Option<Cache<Chave, Arc<Resposta>>>,
    ttl: Duration,
    store: Store,
    /// The databases this process listens on for other processes' writes, and whether each
    /// listener is listening now.
    ouvintes: Arc<Mutex<HashMap<DataDb, watch::Receiver<Escuta>>>>,
    /// Counts every emptying; with [`Esvaziamentos`] it tells a kept copy older than its
    /// câmara's last emptying, at once and exactly (moka's invalidation closures are applied
    /// lazily by its housekeeper, so a copy could outlive the write that voided it).
    geracao: Arc<AtomicU64>,
    esvaziadas: Arc<Mutex<Esvaziamentos>>,
}

/// When each câmara's pages were last emptied, and the whole cache, as generations.
#[derive(Default)]
struct Esvaziamentos {
    todas: u64,
    por_camara: HashMap<i32, u64>,
}

impl Esvaziamentos {
    /// The generation of the last emptying that voids copies of `tenant`.
    fn de(&self, tenant: i32) -> u64 {
        self.por_camara
            .get(&tenant)
            .copied()
            .unwrap_or(0)
            .max(self.todas)
    }
}

impl PaginaCache {
    /// `ttl` zero: nothing is cached.
    pub fn new(ttl: Duration, store: Store) -> Self {
        let cache = (!ttl.is_zero()).then(|| {
            Cache::builder()
                // A stale copy is served at most one more `ttl` while it is renewed.
                .time_to_live(ttl * 2)
                // Bounded by bytes, not entries: 64 MB of answers at most.
                .weigher(|_: &Chave, r: &Arc<Resposta>| {
                    u32::try_from(r.corpo.len() + 512).unwrap_or(u32::MAX)
                })
                .max_capacity(64 * 1024 * 1024)
                .build()
        });
        Self {
            cache,
            ttl,
            store,
            ouvintes: Arc::default(),
            geracao: Arc::default(),
            esvaziadas: Arc::default(),
        }
    }

    /// Whether pages of `db` may be kept: only while this process listens there for the
    /// writes committed by any process. The listener starts with the first page of `db`,
    /// which waits for it (at most [`INICIO`]); a lost listener keeps nothing until it
    /// listens again, and then empties the cache (notifications may have been missed).
    async fn escutando(&self, db: &DataDb) -> bool {
        let mut rx = {
            let mut ouvintes = self.ouvintes.lock().unwrap_or_else(|p| p.into_inner());
            match ouvintes.get(db) {
                Some(rx) => rx.clone(),
                None => {
                    let (tx, rx) = watch::channel(Escuta::Iniciando);
                    ouvintes.insert(db.clone(), rx.clone());
                    self.ouvir(db.clone(), tx);
                    rx
                }
            }
        };
        if *rx.borrow() == Escuta::Iniciando {
            let _ = tokio::time::timeout(INICIO, rx.wait_for(|e| *e != Escuta::Iniciando)).await;
        }
        *rx.borrow() == Escuta::Escutando
    }

    fn ouvir(&self, db: DataDb, estado: watch::Sender<Escuta>) {
        let eu = self.clone();
        tokio::spawn(ouvinte::escutar(
            self.store.clone(),
            db,
            store::infra::tenancy::CANAL_PAGINAS,
            move |aviso| match aviso {
                Aviso::Payload(p) => {
                    if let Ok(t) = p.parse() {
                        eu.esquecer(t);
                    }
                }
                Aviso::Escutando | Aviso::Perdido => {
                    let antes = estado.send_replace(if aviso == Aviso::Escutando {
                        Escuta::Escutando
                    } else {
                        Escuta::Perdida
                    });
                    // Pages kept before a loss may miss the writes made during it.
                    if antes != Escuta::Iniciando
                        && let Some(c) = &eu.cache
                    {
                        let g = eu.geracao.fetch_add(1, Ordering::AcqRel) + 1;
                        eu.esvaziamentos().todas = g;
                        c.invalidate_all();
                    }
                }
            },
        ));
    }

    /// Forgets every answer of câmara `tenant`, at once: a copy read afterwards is void.
    pub fn esquecer(&self, tenant: i32) {
        if self.cache.is_some() {
            let g = self.geracao.fetch_add(1, Ordering::AcqRel) + 1;
            self.esvaziamentos().por_camara.insert(tenant, g);
        }
    }

    fn esvaziamentos(&self) -> std::sync::MutexGuard<'_, Esvaziamentos> {
        self.esvaziadas.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether a copy of `tenant` built at generation `nascida` still stands.
    fn vale(&self, tenant: i32, nascida: u64) -> bool {
        nascida >= self.esvaziamentos().de(tenant)
    }
}

fn publico(path: &str) -> bool {
    !(path == "/admin" || path.starts_with("/admin/") || path.starts_with("/acessibilidade/"))
}

/// Whether a request carries no câmara session cookie.
pub(crate) fn anonimo(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .all(|c| {
            !c.trim_start()
                .starts_with(crate::http::pedido::SESSION_COOKIE)
        })
}

fn contraste(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim() == format!("{}=alto", crate::kit::portal::CONTRASTE_COOKIE))
}

/// The middleware (inside `tenant::resolve`, which sets [`CurrentTenant`]).
pub async fn camada(State(paginas): State<PaginaCache>, req: Request, next: Next) -> Response {
    let Some(cache) = paginas.cache.clone() else {
        return next.run(req).await;
    };
    let Some((tenant, db)) = req
        .extensions()
        .get::<CurrentTenant>()
        .map(|c| (c.tenant.id, DataDb::of(&c.tenant.placement)))
    else {
        return next.run(req).await;
    };
    if req.method() != Method::GET {
        let escrita = !matches!(*req.method(), Method::HEAD | Method::OPTIONS);
        let resp = next.run(req).await;
        if escrita && (resp.status().is_success() || resp.status().is_redirection()) {
            paginas.esquecer(tenant);
        }
        return resp;
    }
    if !publico(req.uri().path()) || !anonimo(req.headers()) {
        return next.run(req).await;
    }
    let chave = Chave {
        tenant,
        caminho: req
            .uri()
            .path_and_query()
            .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned()),
        contraste: contraste(req.headers()),
    };
    if let Some(r) = cache
        .get(&chave)
        .filter(|r| paginas.vale(tenant, r.nascida))
    {
        let fresca = Instant::now() < r.fresca_ate;
        // Stale: the first request to see it renews it, the others keep the old copy.
        if fresca
            || r.renovando
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        {
            return responder(&r, req.headers());
        }
    }
    if !paginas.escutando(&db).await {
        return next.run(req).await;
    }
    let geracao = paginas.geracao.load(Ordering::Acquire);
    let resp = next.run(req).await;
    let cabe = resp.status() == StatusCode::OK
        && !resp.headers().contains_key(header::SET_COOKIE)
        && axum::body::HttpBody::size_hint(resp.body())
            .exact()
            .is_some_and(|n| n <= MAX_CORPO);
    if !cabe {
        // Not keepable now (an error, a page gone): no stale copy outlives it.
        cache.invalidate(&chave);
        return resp;
    }
    let (parts, body) = resp.into_parts();
    match axum::body::to_bytes(body, MAX_CORPO as usize).await {
        Ok(corpo) => {
            let r = Arc::new(Resposta {
                headers: parts.headers.clone(),
                nascida: geracao,
                corpo,
                fresca_ate: Instant::now() + paginas.ttl,
                renovando: AtomicBool::new(false),
            });
            // Kept unless its câmara was emptied while the page was being built (it may
            // predate that write); other câmaras' writes do not matter.
            if paginas.vale(tenant, geracao) {
                cache.insert(chave, r.clone());
            } else {
                // No stale copy left renewing forever: the next request reads again.
                cache.invalidate(&chave);
            }
            Response::from_parts(parts, Body::from(r.corpo.clone()))
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A kept answer, or 304 when the client already has it (same ETag).
fn responder(r: &Resposta, pedido: &HeaderMap) -> Response {
    if let (Some(etag), Some(inm)) = (
        r.headers.get(header::ETAG),
        pedido.get(header::IF_NONE_MATCH),
    ) && etag == inm
    {
        let mut resp = StatusCode::NOT_MODIFIED.into_response();
        resp.headers_mut().insert(header::ETAG, etag.clone());
        return resp;
    }
    let mut resp = Response::new(Body::from(r.corpo.clone()));
    *resp.headers_mut() = r.headers.clone();
    resp
}
