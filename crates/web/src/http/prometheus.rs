//! `/metrics` in the Prometheus text format, on its own listener (`plenario serve
//! --metrics-listen ADDR`, `PLENARIO_METRICS_LISTEN`): [`router`] is that listener's whole
//! application. The câmaras' application never routes `/metrics` (a câmara's host answers
//! it with its 404), so no visitor of a câmara reads another's figures.
//!
//! Counted on the request path ([`crate::http::metrics::Metrics`]): requests by câmara and
//! status class, their latency histogram and in-flight count by câmara, requests and latency
//! by route template across câmaras, security events and login lockouts by câmara. Read at
//! scrape time: connections of every pool, the job queue by tipo and state, whether the
//! databases answer, build info and uptime.
//!
//! Cardinality is bounded by design: nothing is labelled by raw path, and no series
//! crosses câmara × route (1,000 câmaras × 300 route templates would be 300,000 series);
//! per-câmara per-route detail is in the JSON logs (`http::registro`).

use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{Method, header};
use axum::response::IntoResponse;
use metrics::{Label, Metadata, Recorder, Unit};
use metrics_exporter_prometheus::PrometheusRecorder;

use crate::http::metrics::Metrics;
use crate::state::AppState;

pub(crate) const METADADOS: &Metadata<'static> = &Metadata::new(
    "plenario",
    metrics::Level::INFO,
    Some("web::http::prometheus"),
);

/// The version, and the commit when the build was given one (`PLENARIO_GIT_SHA` at build time).
pub const VERSAO: &str = env!("CARGO_PKG_VERSION");
pub const GIT_SHA: &str = match option_env!("PLENARIO_GIT_SHA") {
    Some(s) => s,
    None => "desconhecido",
};

/// How long the scrape waits for one database (pool probe, queue depth).
const ESPERA_BANCO: Duration = Duration::from_secs(1);

pub(crate) fn descrever(r: &PrometheusRecorder) {
    let d = |nome: &'static str, unidade: Option<Unit>, texto: &'static str| {
        r.describe_counter(nome.into(), unidade, texto.into());
    };
    d(
        "plenario_http_requests_total",
        None,
        "Requests answered, by câmara and status class.",
    );
    d(
        "plenario_http_request_duration_seconds",
        Some(Unit::Seconds),
        "Latency of a câmara's requests.",
    );
    d(
        "plenario_http_requests_in_flight",
        None,
        "Requests of a câmara being answered.",
    );
    d(
        "plenario_sse_connections",
        None,
        "Open SSE streams of the live painel (all câmaras).",
    );
    d(
        "plenario_http_route_requests_total",
        None,
        "Requests by route template, method and status class (all câmaras).",
    );
    d(
        "plenario_http_route_duration_seconds",
        Some(Unit::Seconds),
        "Latency by route template and method (all câmaras).",
    );
    d(
        "plenario_security_events_total",
        None,
        "Security events (cross-câmara attempts) by câmara and kind.",
    );
    d(
        "plenario_login_lockouts_total",
        None,
        "Login attempts refused with a wait, by câmara.",
    );
    d(
        "plenario_rate_limited_total",
        None,
        "Requests refused by a rate limit (429), by câmara and limit (ip, camara).",
    );
    d(
        "plenario_platform_login_lockouts_total",
        None,
        "Master panel login attempts refused with a wait.",
    );
    d(
        "plenario_db_connections",
        None,
        "Connections of a pool, by database and state.",
    );
    d(
        "plenario_db_connections_max",
        None,
        "Most connections of a pool.",
    );
    d(
        "plenario_database_up",
        None,
        "1 when the database answered the scrape's probe.",
    );
    d(
        "plenario_ready",
        None,
        "1 when the primary database answers (as /readyz).",
    );
    d(
        "plenario_jobs",
        None,
        "Jobs in the queue by tipo and state (all câmaras).",
    );
    d(
        "plenario_build_info",
        None,
        "The build: version and commit.",
    );
    d(
        "plenario_process_start_time_seconds",
        Some(Unit::Seconds),
        "Start of this process.",
    );
    d(
        "plenario_uptime_seconds",
        Some(Unit::Seconds),
        "Seconds since this process started.",
    );
}

/// Requests and latency by route template (bounded by the route table, not by câmaras).
pub(crate) fn por_rota(
    m: &Metrics,
    rota: &str,
    metodo: &Method,
    classe: &'static str,
    t: Duration,
) {
    let rota = || Label::new("rota", rota.to_owned());
    let metodo = || Label::new("metodo", metodo.as_str().to_owned());
    m.counter(
        "plenario_http_route_requests_total",
        vec![rota(), metodo(), Label::new("classe", classe)],
    )
    .increment(1);
    m.histogram(
        "plenario_http_route_duration_seconds",
        vec![rota(), metodo()],
    )
    .record(t.as_secs_f64());
}

/// The metrics listener's application: `GET /metrics` only.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(metricas))
        .with_state(state)
}

async fn metricas(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        raspar(&state).await,
    )
}

/// Reads the scrape-time figures, then renders everything.
pub async fn raspar(state: &AppState) -> String {
    let m = &state.metrics;
    m.gauge(
        "plenario_build_info",
        vec![Label::new("versao", VERSAO), Label::new("git_sha", GIT_SHA)],
    )
    .set(1.0);
    m.gauge("plenario_process_start_time_seconds", vec![])
        .set(m.inicio_unix());
    m.gauge("plenario_uptime_seconds", vec![])
        .set(m.uptime().as_secs_f64());
    for (banco, pool, ok) in sondagem(state).await {
        let total = pool.size() as f64;
        let ociosas = pool.num_idle() as f64;
        let banco_l = || Label::new("banco", banco.clone());
        m.gauge(
            "plenario_db_connections",
            vec![banco_l(), Label::new("estado", "em_uso")],
        )
        .set((total - ociosas).max(0.0));
        m.gauge(
            "plenario_db_connections",
            vec![banco_l(), Label::new("estado", "ociosa")],
        )
        .set(ociosas);
        m.gauge("plenario_db_connections_max", vec![banco_l()])
            .set(f64::from(pool.options().get_max_connections()));
        if banco == "control" {
            m.gauge("plenario_ready", vec![])
                .set(f64::from(u8::from(ok)));
        }
        m.gauge("plenario_database_up", vec![banco_l()])
            .set(f64::from(u8::from(ok)));
    }
    let store = &state.store;
    let fila = tokio::time::timeout(ESPERA_BANCO * 2, store::jobs::resumo(store)).await;
    if let Ok(Ok((contagens, _))) = fila {
        let mut somas: std::collections::BTreeMap<(String, String), i64> = Default::default();
        for c in contagens {
            *somas.entry((c.tipo, c.estado)).or_default() += c.quantidade;
        }
        // States seen before and now empty go back to zero.
        for estado in ["pendente", "executando", "falhou"] {
            for tipo in jobs_tipos() {
                somas
                    .entry(((*tipo).to_owned(), estado.to_owned()))
                    .or_default();
            }
        }
        for ((tipo, estado), n) in somas {
            m.gauge(
                "plenario_jobs",
                vec![Label::new("tipo", tipo), Label::new("estado", estado)],
            )
            .set(n as f64);
        }
    }
    m.render()
}

/// The job tipos the worker runs (so that an empty queue still has its series).
fn jobs_tipos() -> &'static [&'static str] {
    &[
        "email",
        "acompanhamento.confirmacao",
        "acompanhamento.notificacao",
        "prazos.alertas",
        "protocolo.comprovante",
        "noticia.publicar",
        "proposicao.avulso",
        "proposicao.retorno",
    ]
}

/// Serves [`router`] on `listener` until the process ends.
pub fn spawn_listener(
    state: AppState,
    listener: tokio::net::TcpListener,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router(state)).await {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    })
}

/// Registers the platform's own lockouts (the master panel's login).
pub fn bloqueio_da_plataforma(m: &Metrics) {
    m.counter("plenario_platform_login_lockouts_total", vec![])
        .increment(1);
}

/// The recorder, for tests that register synthetic series (cardinality measurement).
pub fn recorder(m: &Metrics) -> &PrometheusRecorder {
    m.recorder()
}

/// The databases (control and every open pool) that did not answer a probe within a second.
pub async fn bancos_fora(state: &AppState) -> Vec<String> {
    let mut fora: Vec<String> = sondagem(state)
        .await
        .into_iter()
        .filter(|(_, _, ok)| !ok)
        .map(|(b, _, _)| b)
        .collect();
    fora.sort();
    fora
}

/// Every pool (control and the open application pools), probed at once with `SELECT 1`.
async fn sondagem(state: &AppState) -> Vec<(String, sqlx::PgPool, bool)> {
    let store = &state.store;
    let mut pools = vec![("control".to_owned(), store.control().clone())];
    pools.extend(
        store
            .open_app_pools()
            .into_iter()
            .map(|(db, p)| (db.to_string(), p)),
    );
    let mut probes = tokio::task::JoinSet::new();
    for (banco, pool) in pools {
        probes.spawn(async move {
            let ok = tokio::time::timeout(ESPERA_BANCO, sqlx::query("SELECT 1").execute(&pool))
                .await
                .is_ok_and(|r| r.is_ok());
            (banco, pool, ok)
        });
    }
    probes.join_all().await
}
