//! The figures of the master panel's monitoring page: `control.request_stats` (written by
//! every app process, one row per câmara and minute) over a window, and the cross-câmara
//! attempts of `control.security_events`.

use sqlx::FromRow;

use crate::{Result, Store};

/// One process's counters of one câmara since its last flush.
#[derive(Debug, Clone)]
pub struct Minuto {
    pub tenant_id: i32,
    pub requests: i64,
    /// 5xx answers.
    pub errors: i64,
    /// 4xx answers.
    pub client_errors: i64,
    pub sum_ms: f64,
    /// Counts at or under 5, 10, 25, 50, 100, 250, 500, 1000, 2500 ms, and above.
    pub buckets: Vec<i64>,
}

/// Adds one process's counters to the current minute's rows (one per câmara).
pub async fn somar(store: &Store, linhas: &[Minuto]) -> Result<()> {
    let ids: Vec<i32> = linhas.iter().map(|l| l.tenant_id).collect();
    let r: Vec<i64> = linhas.iter().map(|l| l.requests).collect();
    let e: Vec<i64> = linhas.iter().map(|l| l.errors).collect();
    let c: Vec<i64> = linhas.iter().map(|l| l.client_errors).collect();
    let s: Vec<f64> = linhas.iter().map(|l| l.sum_ms).collect();
    let b: Vec<serde_json::Value> = linhas
        .iter()
        .map(|l| serde_json::Value::from(l.buckets.clone()))
        .collect();
    sqlx::query(
        "INSERT INTO control.request_stats AS s
                (tenant_id, minute, requests, errors, client_errors, sum_ms, buckets)
         SELECT x.t, date_trunc('minute', now()), x.r, x.e, x.c, x.s,
                ARRAY(SELECT jsonb_array_elements_text(x.b)::bigint)
           FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::bigint[], $5::float8[], $6::jsonb[])
                AS x(t, r, e, c, s, b)
         ON CONFLICT (tenant_id, minute) DO UPDATE
            SET requests = s.requests + EXCLUDED.requests,
                errors = s.errors + EXCLUDED.errors,
                client_errors = s.client_errors + EXCLUDED.client_errors,
                sum_ms = s.sum_ms + EXCLUDED.sum_ms,
                buckets = ARRAY(SELECT a + b FROM unnest(s.buckets, EXCLUDED.buckets) AS u(a, b))",
    )
    .bind(&ids)
    .bind(&r)
    .bind(&e)
    .bind(&c)
    .bind(&s)
    .bind(&b)
    .execute(store.control())
    .await?;
    Ok(())
}

/// One câmara's requests over a window, summed over every process.
#[derive(Debug, Clone, FromRow)]
pub struct Uso {
    pub tenant_id: i32,
    pub slug: String,
    pub nome: String,
    pub requisicoes: i64,
    pub erros_4xx: i64,
    pub erros_5xx: i64,
    pub media_ms: f64,
    /// Request counts per latency bucket (as [`Minuto::buckets`]).
    pub buckets: Vec<i64>,
    /// Seconds between the window's first minute with requests and now (at least 60).
    pub segundos: f64,
}

/// The `limite` busiest câmaras of the last `segundos` seconds.
pub async fn uso(store: &Store, segundos: i64, limite: i64) -> Result<Vec<Uso>> {
    Ok(sqlx::query_as(
        "WITH janela AS (
             SELECT * FROM control.request_stats
              WHERE minute > date_trunc('minute', now()) - make_interval(secs => $1)
         ), faixas AS (
             SELECT j.tenant_id, u.i, sum(u.v) AS v
               FROM janela j, unnest(j.buckets) WITH ORDINALITY AS u(v, i)
              GROUP BY j.tenant_id, u.i
         ), histograma AS (
             SELECT tenant_id, array_agg(v ORDER BY i)::bigint[] AS buckets FROM faixas GROUP BY tenant_id
         ), totais AS (
             SELECT tenant_id, sum(requests)::bigint AS r, sum(errors)::bigint AS e,
                    sum(client_errors)::bigint AS c, sum(sum_ms) AS ms, min(minute) AS desde
               FROM janela GROUP BY tenant_id
         )
         SELECT t.id AS tenant_id, t.slug, t.nome_oficial AS nome, x.r AS requisicoes,
                x.c AS erros_4xx, x.e AS erros_5xx, x.ms / greatest(x.r, 1) AS media_ms, h.buckets,
                greatest(extract(epoch FROM now() - x.desde)::float8, 60) AS segundos
           FROM totais x JOIN histograma h USING (tenant_id) JOIN control.tenants t ON t.id = x.tenant_id
          ORDER BY x.r DESC, t.slug LIMIT $2",
    )
    .bind(segundos as f64)
    .bind(limite)
    .fetch_all(store.control())
    .await?)
}

/// Cross-câmara attempts per câmara (the host's) over the last `segundos` seconds.
pub async fn tentativas_alheias(store: &Store, segundos: i64) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT t.slug, count(*)::bigint
           FROM control.security_events e JOIN control.tenants t ON t.id = e.host_tenant_id
          WHERE e.at > now() - make_interval(secs => $1)
          GROUP BY t.slug ORDER BY t.slug",
    )
    .bind(segundos as f64)
    .fetch_all(store.control())
    .await?)
}
