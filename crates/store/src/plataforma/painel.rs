//! What the master panel reads from the control plane (and from each database's
//! bookkeeping): security events, the platform audit log, schema versions, request
//! statistics. Times are shown in Brasília time.

use sqlx::{Connection, FromRow};

use crate::{DataDb, Result, Store};

#[derive(Debug, Clone, FromRow)]
pub struct Evento {
    pub quando: String,
    pub kind: String,
    pub host_slug: Option<String>,
    pub other_slug: Option<String>,
    pub ip: Option<String>,
    pub details: serde_json::Value,
}

/// The latest `limite` security events, and how many there are in all.
pub async fn eventos_de_seguranca(store: &Store, limite: i64) -> Result<(Vec<Evento>, i64)> {
    let eventos = sqlx::query_as(
        "SELECT to_char(e.at AT TIME ZONE 'America/Sao_Paulo', 'DD/MM/YYYY HH24:MI:SS') AS quando, e.kind,
                h.slug AS host_slug, o.slug AS other_slug, host(e.ip) AS ip, e.details
           FROM control.security_events e
           LEFT JOIN control.tenants h ON h.id = e.host_tenant_id
           LEFT JOIN control.tenants o ON o.id = e.other_tenant_id
          ORDER BY e.at DESC LIMIT $1",
    )
    .bind(limite)
    .fetch_all(store.control())
    .await?;
    let total = sqlx::query_scalar("SELECT count(*) FROM control.security_events")
        .fetch_one(store.control())
        .await?;
    Ok((eventos, total))
}

#[derive(Debug, Clone, FromRow)]
pub struct Registro {
    pub quando: String,
    pub actor: String,
    pub action: String,
    pub tenant_slug: Option<String>,
    pub details: serde_json::Value,
}

/// How many entries the platform audit log holds.
pub async fn auditoria_total(store: &Store) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM control.platform_audit")
            .fetch_one(store.control())
            .await?,
    )
}

/// One page of the platform audit log, newest first.
pub async fn auditoria(store: &Store, limite: i64, offset: i64) -> Result<Vec<Registro>> {
    Ok(sqlx::query_as(
        "SELECT to_char(at AT TIME ZONE 'America/Sao_Paulo', 'DD/MM/YYYY HH24:MI:SS') AS quando, actor, action,
                tenant_slug, details
           FROM control.platform_audit ORDER BY id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limite)
    .bind(offset)
    .fetch_all(store.control())
    .await?)
}

/// A data-plane database's `app` schema version and how many câmaras live in it.
pub async fn versao_do_banco(store: &Store, db: &DataDb) -> Result<(i32, i64)> {
    let mut conn = store.admin_connect(db).await?;
    let v: Option<i32> =
        sqlx::query_scalar("SELECT max(version) FROM plenario.migrations WHERE scope = 'app'")
            .fetch_one(&mut conn)
            .await?;
    let residentes = sqlx::query_scalar("SELECT count(*) FROM plenario.resident")
        .fetch_one(&mut conn)
        .await?;
    let _ = conn.close().await;
    Ok((v.unwrap_or(0), residentes))
}

/// One câmara's requests over the last 24 hours.
#[derive(Debug, Clone, FromRow)]
pub struct Uso {
    pub slug: String,
    pub nome: String,
    pub requisicoes: i64,
    pub erros: i64,
    pub media_ms: f64,
    /// Request counts per latency bucket (see `control.request_stats`).
    pub buckets: Vec<i64>,
}

/// The 100 busiest câmaras of the last 24 hours, summed over every process.
pub async fn uso_24h(store: &Store) -> Result<Vec<Uso>> {
    Ok(sqlx::query_as(
        "WITH janela AS (
             SELECT * FROM control.request_stats WHERE minute > now() - interval '24 hours'
         ), faixas AS (
             SELECT j.tenant_id, u.i, sum(u.v) AS v
               FROM janela j, unnest(j.buckets) WITH ORDINALITY AS u(v, i)
              GROUP BY j.tenant_id, u.i
         ), histograma AS (
             SELECT tenant_id, array_agg(v ORDER BY i)::bigint[] AS buckets FROM faixas GROUP BY tenant_id
         ), totais AS (
             SELECT tenant_id, sum(requests)::bigint AS r, sum(errors)::bigint AS e, sum(sum_ms) AS ms
               FROM janela GROUP BY tenant_id
         )
         SELECT t.slug, t.nome_oficial AS nome, x.r AS requisicoes, x.e AS erros,
                x.ms / greatest(x.r, 1) AS media_ms, h.buckets
           FROM totais x JOIN histograma h USING (tenant_id) JOIN control.tenants t ON t.id = x.tenant_id
          ORDER BY x.r DESC, t.slug LIMIT 100",
    )
    .fetch_all(store.control())
    .await?)
}

/// Adds one process's counters to the current minute's rows (one per câmara).
pub async fn somar_estatisticas(
    store: &Store,
    tenants: &[i32],
    requests: &[i64],
    errors: &[i64],
    sums_ms: &[f64],
    buckets: &[serde_json::Value],
) -> Result<()> {
    sqlx::query(
        "INSERT INTO control.request_stats AS s (tenant_id, minute, requests, errors, sum_ms, buckets)
         SELECT x.t, date_trunc('minute', now()), x.r, x.e, x.s,
                ARRAY(SELECT jsonb_array_elements_text(x.b)::bigint)
           FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::float8[], $5::jsonb[]) AS x(t, r, e, s, b)
         ON CONFLICT (tenant_id, minute) DO UPDATE
            SET requests = s.requests + EXCLUDED.requests,
                errors = s.errors + EXCLUDED.errors,
                sum_ms = s.sum_ms + EXCLUDED.sum_ms,
                buckets = ARRAY(SELECT a + b FROM unnest(s.buckets, EXCLUDED.buckets) AS u(a, b))",
    )
    .bind(tenants)
    .bind(requests)
    .bind(errors)
    .bind(sums_ms)
    .bind(buckets)
    .execute(store.control())
    .await?;
    Ok(())
}
