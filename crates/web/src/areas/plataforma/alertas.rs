//! The alerts of `deploy/prometheus/alerts.yml`, evaluated in Rust for the master panel's
//! monitoring page with the same thresholds (a test reads the file and compares), from the
//! same figures every process flushes to `control.request_stats` and from
//! `control.security_events`.

use store::plataforma::monitoramento::Uso;

/// The window of the request alerts (`[5m]` in the rules), in seconds.
pub const JANELA_S: i64 = 300;
/// Fewer requests than this in the window fire no request alert.
pub const MINIMO_REQUISICOES: i64 = 20;
/// Share of 5xx answers above which `PlenarioCamara5xx` fires.
pub const LIMITE_5XX: f64 = 0.05;
/// p99 latency, in seconds, above which `PlenarioCamaraP99` fires (a bucket bound of both
/// the histogram and `request_stats`).
pub const LIMITE_P99_S: f64 = 1.0;
/// The window of `PlenarioTentativasEntreCamaras` (`[10m]`), in seconds.
pub const JANELA_ALHEIAS_S: i64 = 600;
/// Backup age, in seconds, above which `PlenarioBackupAntigo` fires (26 hours).
pub const LIMITE_IDADE_BACKUP_S: i64 = 93_600;

/// One alert that fires.
#[derive(Debug, Clone, PartialEq)]
pub struct Alerta {
    pub nome: &'static str,
    pub camara: Option<String>,
    pub texto: String,
}

/// The request alerts of each câmara over the last [`JANELA_S`].
pub fn das_requisicoes(usos: &[Uso]) -> Vec<Alerta> {
    let mut out = Vec::new();
    for u in usos.iter().filter(|u| u.requisicoes >= MINIMO_REQUISICOES) {
        let taxa = u.erros_5xx as f64 / u.requisicoes as f64;
        if taxa > LIMITE_5XX {
            out.push(Alerta {
                nome: "PlenarioCamara5xx",
                camara: Some(u.slug.clone()),
                texto: format!(
                    "{} % das respostas foram erros 5xx nos últimos 5 minutos (limite {:.0} %).",
                    format!("{:.1}", taxa * 100.0).replace('.', ","),
                    LIMITE_5XX * 100.0
                ),
            });
        }
        let p99 = crate::http::metrics::percentile(&u.buckets, 0.99);
        if p99.is_some_and(|ms| ms / 1000.0 > LIMITE_P99_S) {
            out.push(Alerta {
                nome: "PlenarioCamaraP99",
                camara: Some(u.slug.clone()),
                texto: format!("p99 acima de {LIMITE_P99_S} s nos últimos 5 minutos."),
            });
        }
    }
    out
}

/// Cross-câmara attempts over the last [`JANELA_ALHEIAS_S`], by câmara.
pub fn das_tentativas(por_camara: &[(String, i64)]) -> Vec<Alerta> {
    por_camara
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(slug, n)| Alerta {
            nome: "PlenarioTentativasEntreCamaras",
            camara: Some(slug.clone()),
            texto: format!("{n} tentativa(s) de acesso entre câmaras nos últimos 10 minutos."),
        })
        .collect()
}
