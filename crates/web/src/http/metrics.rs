//! Per-câmara request metrics: counted in memory on the request path, flushed to
//! `control.request_stats` (one row per câmara and minute, summed across processes).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in milliseconds (the last bucket is open).
pub const BUCKETS_MS: [f64; 9] = [5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0, 2500.0];

#[derive(Debug, Clone, Default)]
struct Acc {
    requests: i64,
    errors: i64,
    sum_ms: f64,
    buckets: [i64; 10],
}

#[derive(Default)]
pub struct Metrics {
    acc: Mutex<HashMap<i32, Acc>>,
}

impl Metrics {
    /// Counts one request of a câmara.
    pub fn record(&self, tenant_id: i32, elapsed: Duration, server_error: bool) {
        let ms = elapsed.as_secs_f64() * 1000.0;
        let bucket = BUCKETS_MS
            .iter()
            .position(|b| ms <= *b)
            .unwrap_or(BUCKETS_MS.len());
        let mut map = self.acc.lock().unwrap_or_else(|p| p.into_inner());
        let a = map.entry(tenant_id).or_default();
        a.requests += 1;
        a.errors += i64::from(server_error);
        a.sum_ms += ms;
        a.buckets[bucket] += 1;
    }

    fn take(&self) -> HashMap<i32, Acc> {
        std::mem::take(&mut *self.acc.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn put_back(&self, taken: HashMap<i32, Acc>) {
        let mut map = self.acc.lock().unwrap_or_else(|p| p.into_inner());
        for (t, a) in taken {
            let m = map.entry(t).or_default();
            m.requests += a.requests;
            m.errors += a.errors;
            m.sum_ms += a.sum_ms;
            for (x, y) in m.buckets.iter_mut().zip(a.buckets) {
                *x += y;
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
    let mut ids = Vec::with_capacity(n);
    let mut requests = Vec::with_capacity(n);
    let mut errors = Vec::with_capacity(n);
    let mut sums = Vec::with_capacity(n);
    let mut buckets = Vec::with_capacity(n);
    for (t, a) in &taken {
        ids.push(*t);
        requests.push(a.requests);
        errors.push(a.errors);
        sums.push(a.sum_ms);
        buckets.push(serde_json::to_value(a.buckets).unwrap_or_default());
    }
    let result = store::plataforma::painel::somar_estatisticas(
        &state.store,
        &ids,
        &requests,
        &errors,
        &sums,
        &buckets,
    )
    .await;
    match result {
        Ok(_) => Ok(n),
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
}
