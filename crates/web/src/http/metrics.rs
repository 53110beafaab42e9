//! Per-câmara request metrics, counted on the request path without a global lock, with two
//! sinks:
//!
//! - the Prometheus registry ([`Metrics::render`], served by `plenario serve
//!   --metrics-listen` only, never on a câmara's host: [`crate::http::prometheus`]);
//! - counters flushed to `control.request_stats` (one row per câmara and minute, summed
//!   across processes), which the master panel's monitoring page reads.
//!
//! Each câmara's handles live in one of [`FATIAS`] shards keyed by its id: a request takes
//! one shard's read lock (a write lock only the first time a câmara is seen) and updates
//! atomics; the registry itself is sharded too.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{Method, StatusCode};
use metrics::{Counter, Gauge, Histogram, Key, Label, Recorder};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

/// Upper bounds of the latency buckets of `control.request_stats`, in milliseconds (the
/// last bucket is open).
pub const BUCKETS_MS: [f64; 9] = [5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0];

/// The Prometheus histograms' buckets, in seconds: the same bounds, and two more.
pub const BUCKETS_S: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Shards of the per-câmara table.
const FATIAS: usize = 16;

const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// The status class label of a status.
pub fn classe(status: StatusCode) -> &'static str {
    match status.as_u16() / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    }
}

/// What one câmara accumulated since the last flush (for `control.request_stats`).
#[derive(Default)]
struct Acc {
    requests: AtomicI64,
    errors: AtomicI64,
    client_errors: AtomicI64,
    sum_us: AtomicU64,
    buckets: [AtomicI64; 10],
}

/// The figures taken out of an [`Acc`].
#[derive(Debug, Clone, Default)]
struct Tomado {
    requests: i64,
    errors: i64,
    client_errors: i64,
    sum_us: u64,
    buckets: [i64; 10],
}

impl Acc {
    fn take(&self) -> Tomado {
        let mut t = Tomado {
            requests: self.requests.swap(0, Ordering::Relaxed),
            errors: self.errors.swap(0, Ordering::Relaxed),
            client_errors: self.client_errors.swap(0, Ordering::Relaxed),
            sum_us: self.sum_us.swap(0, Ordering::Relaxed),
            buckets: [0; 10],
        };
        for (x, b) in t.buckets.iter_mut().zip(&self.buckets) {
            *x = b.swap(0, Ordering::Relaxed);
        }
        t
    }

    fn add(&self, t: &Tomado) {
        self.requests.fetch_add(t.requests, Ordering::Relaxed);
        self.errors.fetch_add(t.errors, Ordering::Relaxed);
        self.client_errors
            .fetch_add(t.client_errors, Ordering::Relaxed);
        self.sum_us.fetch_add(t.sum_us, Ordering::Relaxed);
        for (b, x) in self.buckets.iter().zip(t.buckets) {
            b.fetch_add(x, Ordering::Relaxed);
        }
    }
}

/// One câmara's handles.
struct PorCamara {
    slug: Arc<str>,
    acc: Acc,
    por_classe: [Counter; 5],
    duracao: Histogram,
    em_andamento: Gauge,
}

/// The process's metrics. One per [`crate::AppState`] (tests run many side by side).
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    fatias: [RwLock<HashMap<i32, Arc<PorCamara>>>; FATIAS],
    inicio: Instant,
    inicio_unix: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// The in-flight count of one request of a câmara, decremented when dropped.
pub struct EmAndamento(Gauge);

impl Drop for EmAndamento {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// An open SSE connection (the live painel), counted until dropped.
pub struct ConexaoSse(Gauge);

impl Drop for ConexaoSse {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

fn chave(nome: &'static str, rotulos: Vec<Label>) -> Key {
    Key::from_parts(nome, rotulos)
}

impl Metrics {
    pub fn new() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_duration_seconds".into()), &BUCKETS_S)
            .map(PrometheusBuilder::build_recorder)
            // The buckets are constant and not empty: this cannot fail.
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        crate::http::prometheus::descrever(&recorder);
        let inicio_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        Self {
            recorder,
            handle,
            fatias: Default::default(),
            inicio: Instant::now(),
            inicio_unix,
        }
    }

    pub(crate) fn recorder(&self) -> &PrometheusRecorder {
        &self.recorder
    }

    /// How long this process has been up.
    pub fn uptime(&self) -> Duration {
        self.inicio.elapsed()
    }

    /// When this process started, in seconds since the epoch.
    pub fn inicio_unix(&self) -> f64 {
        self.inicio_unix
    }

    pub fn counter(&self, nome: &'static str, rotulos: Vec<Label>) -> Counter {
        self.recorder
            .register_counter(&chave(nome, rotulos), crate::http::prometheus::METADADOS)
    }

    pub fn gauge(&self, nome: &'static str, rotulos: Vec<Label>) -> Gauge {
        self.recorder
            .register_gauge(&chave(nome, rotulos), crate::http::prometheus::METADADOS)
    }

    pub fn histogram(&self, nome: &'static str, rotulos: Vec<Label>) -> Histogram {
        self.recorder
            .register_histogram(&chave(nome, rotulos), crate::http::prometheus::METADADOS)
    }

    fn camara(&self, tenant_id: i32, slug: &str) -> Arc<PorCamara> {
        let fatia = &self.fatias[tenant_id.unsigned_abs() as usize % FATIAS];
        if let Some(c) = fatia
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&tenant_id)
        {
            return c.clone();
        }
        let slug: Arc<str> = Arc::from(slug);
        let rotulo = || Label::new("camara", metrics::SharedString::from_shared(slug.clone()));
        let nova = Arc::new(PorCamara {
            por_classe: CLASSES.map(|c| {
                self.counter(
                    "plenario_http_requests_total",
                    vec![rotulo(), Label::new("classe", c)],
                )
            }),
            duracao: self.histogram("plenario_http_request_duration_seconds", vec![rotulo()]),
            em_andamento: self.gauge("plenario_http_requests_in_flight", vec![rotulo()]),
            acc: Acc::default(),
            slug: slug.clone(),
        });
        fatia
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .entry(tenant_id)
            .or_insert(nova)
            .clone()
    }

    /// An SSE stream opens: counted in `plenario_sse_connections` until the guard drops.
    pub fn conexao_sse(&self) -> ConexaoSse {
        let g = self.gauge("plenario_sse_connections", Vec::new());
        g.increment(1.0);
        ConexaoSse(g)
    }

    /// A request of a câmara begins: counted in flight until the guard drops.
    pub fn comeca(&self, tenant_id: i32, slug: &str) -> EmAndamento {
        let g = self.camara(tenant_id, slug).em_andamento.clone();
        g.increment(1.0);
        EmAndamento(g)
    }

    /// Counts one answered request of a câmara: by câmara and status class, by route
    /// template (`rota`, axum's `MatchedPath`, never the raw path) across câmaras, and in
    /// the counters flushed to `control.request_stats`.
    pub fn record(
        &self,
        tenant_id: i32,
        slug: &str,
        rota: &str,
        metodo: &Method,
        elapsed: Duration,
        status: StatusCode,
    ) {
        let c = self.camara(tenant_id, slug);
        let cl = classe(status);
        let i = CLASSES.iter().position(|x| *x == cl).unwrap_or(4);
        c.por_classe[i].increment(1);
        c.duracao.record(elapsed.as_secs_f64());
        let ms = elapsed.as_secs_f64() * 1000.0;
        let bucket = BUCKETS_MS
            .iter()
            .position(|b| ms <= *b)
            .unwrap_or(BUCKETS_MS.len());
        let a = &c.acc;
        a.requests.fetch_add(1, Ordering::Relaxed);
        a.errors
            .fetch_add(i64::from(status.is_server_error()), Ordering::Relaxed);
        a.client_errors
            .fetch_add(i64::from(status.is_client_error()), Ordering::Relaxed);
        a.sum_us
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
        a.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        crate::http::prometheus::por_rota(self, rota, metodo, cl, elapsed);
        if status == StatusCode::TOO_MANY_REQUESTS && rota.starts_with("/admin/login") {
            self.counter(
                "plenario_login_lockouts_total",
                vec![Label::new(
                    "camara",
                    metrics::SharedString::from_shared(c.slug.clone()),
                )],
            )
            .increment(1);
        }
    }

    /// Counts a request refused by a rate limit ([`crate::http::limite`]).
    pub fn limitado(&self, tenant_id: i32, slug: &str, escopo: crate::http::limite::Escopo) {
        let slug = self.camara(tenant_id, slug).slug.clone();
        self.counter(
            "plenario_rate_limited_total",
            vec![
                Label::new("camara", metrics::SharedString::from_shared(slug)),
                Label::new("escopo", escopo.rotulo()),
            ],
        )
        .increment(1);
    }

    /// Counts a security event of a câmara (`tipo` as in `control.security_events.kind`).
    pub fn evento_de_seguranca(&self, tenant_id: i32, slug: &str, tipo: &'static str) {
        let slug = self.camara(tenant_id, slug).slug.clone();
        self.counter(
            "plenario_security_events_total",
            vec![
                Label::new("camara", metrics::SharedString::from_shared(slug)),
                Label::new("tipo", tipo),
            ],
        )
        .increment(1);
    }

    /// The Prometheus text exposition of everything counted so far.
    pub fn render(&self) -> String {
        self.handle.render()
    }

    fn take(&self) -> Vec<(i32, Tomado)> {
        let mut out = Vec::new();
        for fatia in &self.fatias {
            for (t, c) in fatia.read().unwrap_or_else(|p| p.into_inner()).iter() {
                let tomado = c.acc.take();
                if tomado.requests > 0 {
                    out.push((*t, tomado));
                }
            }
        }
        out
    }

    fn put_back(&self, taken: Vec<(i32, Tomado)>) {
        for (t, a) in taken {
            let fatia = &self.fatias[t.unsigned_abs() as usize % FATIAS];
            if let Some(c) = fatia.read().unwrap_or_else(|p| p.into_inner()).get(&t) {
                c.acc.add(&a);
            }
        }
    }
}

/// Writes the counters gathered since the last flush (kept for the next one on failure).
pub async fn flush(state: &crate::AppState) -> Result<usize, store::Error> {
    let taken = state.metrics.take();
    if taken.is_empty() {
        return Ok(0);
    }
    let n = taken.len();
    let mut linhas = Vec::with_capacity(n);
    for (t, a) in &taken {
        linhas.push(store::plataforma::monitoramento::Minuto {
            tenant_id: *t,
            requests: a.requests,
            errors: a.errors,
            client_errors: a.client_errors,
            sum_ms: a.sum_us as f64 / 1000.0,
            buckets: a.buckets.to_vec(),
        });
    }
    match store::plataforma::monitoramento::somar(&state.store, &linhas).await {
        Ok(()) => Ok(n),
        Err(e) => {
            state.metrics.put_back(taken);
            Err(e)
        }
    }
}

/// Flushes every 10 seconds while the server runs.
pub fn spawn_flusher(state: crate::AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(10));
        loop {
            tick.tick().await;
            if let Err(e) = flush(&state).await {
                tracing::warn!(error = %e, "could not flush request metrics");
            }
        }
    })
}

/// An approximate percentile from bucket counts (the bucket's upper bound).
pub fn percentile(buckets: &[i64], p: f64) -> Option<f64> {
    let total: i64 = buckets.iter().sum();
    if total == 0 {
        return None;
    }
    let target = (total as f64 * p).ceil() as i64;
    let mut seen = 0;
    for (i, c) in buckets.iter().enumerate() {
        seen += c;
        if seen >= target {
            return Some(BUCKETS_MS.get(i).copied().unwrap_or(f64::INFINITY));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_from_buckets() {
        assert_eq!(percentile(&[0; 10], 0.95), None);
        let mut b = [0i64; 10];
        b[0] = 90;
        b[3] = 9;
        b[9] = 1;
        assert_eq!(percentile(&b, 0.5), Some(5.0));
        assert_eq!(percentile(&b, 0.95), Some(50.0));
        assert_eq!(percentile(&b, 1.0), Some(f64::INFINITY));
    }

    #[test]
    fn the_histogram_buckets_extend_the_panels() {
        for (ms, s) in BUCKETS_MS.iter().zip(BUCKETS_S) {
            assert!((ms / 1000.0 - s).abs() < 1e-9, "{ms} ms vs {s} s");
        }
    }
}
