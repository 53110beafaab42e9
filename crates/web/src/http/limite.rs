//! Rate limits per câmara (issue #14, item 6): a token bucket per (câmara, client address)
//! and one per câmara overall, in requests per minute, on every route of a câmara (portal,
//! open-data API, login, writes), checked by `tenant::resolve` once the câmara is known.
//!
//! * The deployment's defaults are [`Padroes`] (`PLENARIO_LIMITE_IP`,
//!   `PLENARIO_LIMITE_CAMARA`); the operator overrides them per câmara
//!   (`control.limites_taxa`, read with the catalog entry: `Tenant::limite_ip`,
//!   `limite_camara`; 0 turns a limit off for that câmara).
//! * A bucket holds a minute's worth of requests and refills continuously, so a burst of a
//!   full minute's allowance passes and then the rate holds.
//! * IPv6 clients are counted by their /64 (one host holds a whole /64).
//! * Refused: 429 with `Retry-After` (whole seconds until a token is back), a Portuguese
//!   page or, under `/api/`, `application/problem+json`; counted in
//!   `plenario_rate_limited_total{camara, escopo}`.
//!
//! The buckets are per process: behind N processes a client gets up to N times the limit
//! (the proxy spreads it). Login throttling, which must hold across processes, lives in
//! PostgreSQL (`app.login_falha`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The deployment's limits, requests per minute (0: off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Padroes {
    pub por_ip: u32,
    pub por_camara: u32,
}

impl Padroes {
    /// `plenario serve`'s defaults: 600 a minute from one client, 12,000 for one câmara.
    pub const SERVE: Padroes = Padroes {
        por_ip: 600,
        por_camara: 12_000,
    };
    /// No limit (the library's default, as for the page cache; the tests' too).
    pub const DESLIGADO: Padroes = Padroes {
        por_ip: 0,
        por_camara: 0,
    };

    /// The limits of a câmara: its overrides, else these.
    pub fn da_camara(self, t: &store::infra::catalog::Tenant) -> Padroes {
        let v = |o: Option<i32>, d: u32| o.map_or(d, |n| u32::try_from(n).unwrap_or(0));
        Padroes {
            por_ip: v(t.limite_ip, self.por_ip),
            por_camara: v(t.limite_camara, self.por_camara),
        }
    }
}

/// Which limit refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escopo {
    Ip,
    Camara,
}

impl Escopo {
    pub fn rotulo(self) -> &'static str {
        match self {
            Escopo::Ip => "ip",
            Escopo::Camara => "camara",
        }
    }
}

/// A refusal: which limit, and how long until a request would pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recusado {
    pub escopo: Escopo,
    pub espera: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Balde {
    fichas: f64,
    em: Instant,
}

impl Balde {
    fn cheio(por_minuto: u32, agora: Instant) -> Self {
        Self {
            fichas: f64::from(por_minuto),
            em: agora,
        }
    }

    fn encher(&mut self, por_minuto: u32, agora: Instant) {
        let cap = f64::from(por_minuto);
        let passou = agora.saturating_duration_since(self.em).as_secs_f64();
        self.fichas = (self.fichas + passou * cap / 60.0).min(cap);
        self.em = self.em.max(agora);
    }

    /// The wait until one token is back.
    fn espera(&self, por_minuto: u32) -> Duration {
        let falta = (1.0 - self.fichas).max(0.0);
        Duration::from_secs_f64(falta * 60.0 / f64::from(por_minuto.max(1)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Chave {
    Ip(i32, IpAddr),
    Camara(i32),
}

/// Each key's bucket and the limit it was filled for.
type Baldes = HashMap<Chave, (Balde, u32)>;

/// The buckets of this process, and the size at which full ones are next swept.
#[derive(Debug)]
pub struct Limitador {
    baldes: Mutex<(Baldes, usize)>,
}

impl Default for Limitador {
    fn default() -> Self {
        Self {
            baldes: Mutex::new((HashMap::new(), LIMPAR_A_PARTIR)),
        }
    }
}

/// Buckets kept before full ones (idle clients) are dropped.
const LIMPAR_A_PARTIR: usize = 50_000;

/// A client's address as counted: IPv4 as it is, IPv6 by its /64.
fn agrupar(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

impl Limitador {
    /// Takes one request from the client's bucket and the câmara's, at `agora`.
    pub fn tomar(
        &self,
        tenant_id: i32,
        ip: Option<IpAddr>,
        limites: Padroes,
        agora: Instant,
    ) -> Result<(), Recusado> {
        let mut guarda = self.baldes.lock().unwrap_or_else(|e| e.into_inner());
        let (baldes, limpar) = &mut *guarda;
        if baldes.len() >= *limpar {
            baldes.retain(|_, (b, n)| {
                b.encher(*n, agora);
                b.fichas < f64::from(*n)
            });
            *limpar = (baldes.len() * 2).max(LIMPAR_A_PARTIR);
        }
        let mut passos = Vec::with_capacity(2);
        if let Some(ip) = ip
            && limites.por_ip > 0
        {
            passos.push((
                Chave::Ip(tenant_id, agrupar(ip)),
                limites.por_ip,
                Escopo::Ip,
            ));
        }
        if limites.por_camara > 0 {
            passos.push((Chave::Camara(tenant_id), limites.por_camara, Escopo::Camara));
        }
        // Both are checked before either is taken: a refused request costs nothing.
        for (chave, n, escopo) in &passos {
            let (b, cap) = baldes
                .entry(*chave)
                .or_insert_with(|| (Balde::cheio(*n, agora), *n));
            if *cap != *n {
                // The operator changed the limit: start from the new one.
                *b = Balde::cheio(*n, agora);
                *cap = *n;
            }
            b.encher(*n, agora);
            if b.fichas < 1.0 {
                return Err(Recusado {
                    escopo: *escopo,
                    espera: b.espera(*n),
                });
            }
        }
        for (chave, _, _) in &passos {
            if let Some((b, _)) = baldes.get_mut(chave) {
                b.fichas -= 1.0;
            }
        }
        Ok(())
    }
}

/// Whether a path is counted (the stylesheet and images a page pulls are not).
pub fn contado(path: &str) -> bool {
    !path.starts_with("/static/") && path != "/favicon.ico"
}

/// The 429: a Portuguese page (problem+json under `/api/`) with `Retry-After`.
pub fn resposta(path: &str, r: Recusado) -> Response {
    let segundos = r.espera.as_secs_f64().ceil().max(1.0) as u64;
    let quem = match r.escopo {
        Escopo::Ip => "deste endereço",
        Escopo::Camara => "para esta câmara",
    };
    let mut resp = crate::http::entrada::recusa(
        path,
        StatusCode::TOO_MANY_REQUESTS,
        "Muitas requisições",
        format!(
            "Recebemos requisições demais {quem} em pouco tempo. Aguarde {segundos} {} e tente \
             de novo.",
            if segundos == 1 { "segundo" } else { "segundos" }
        ),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&segundos.to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Padroes = Padroes {
        por_ip: 3,
        por_camara: 5,
    };

    #[test]
    fn a_minutes_worth_passes_then_the_rate_holds() {
        let l = Limitador::default();
        let t0 = Instant::now();
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(l.tomar(1, Some(ip), L, t0), Ok(()));
        }
        let r = l.tomar(1, Some(ip), L, t0).unwrap_err();
        assert_eq!(r.escopo, Escopo::Ip);
        assert_eq!(r.espera, Duration::from_secs(20));
        // 20 s later one more passes; another client and another câmara were never touched.
        assert_eq!(
            l.tomar(1, Some(ip), L, t0 + Duration::from_secs(20)),
            Ok(())
        );
        let outro: IpAddr = "203.0.113.8".parse().unwrap();
        assert_eq!(l.tomar(1, Some(outro), L, t0), Ok(()));
        assert_eq!(l.tomar(2, Some(ip), L, t0), Ok(()));
        // The câmara's own bucket (5, plus 20 s of refill): a new client passes once more,
        // then the câmara refuses whoever asks.
        let t20 = t0 + Duration::from_secs(20);
        assert!(
            l.tomar(1, Some("198.51.100.1".parse().unwrap()), L, t20)
                .is_ok()
        );
        let r = l.tomar(1, Some("198.51.100.2".parse().unwrap()), L, t20);
        assert_eq!(r.unwrap_err().escopo, Escopo::Camara);
    }

    #[test]
    fn ipv6_by_its_64_and_zero_is_off() {
        let l = Limitador::default();
        let t0 = Instant::now();
        let um = Padroes {
            por_ip: 1,
            por_camara: 0,
        };
        assert!(
            l.tomar(1, Some("2001:db8::1".parse().unwrap()), um, t0)
                .is_ok()
        );
        assert!(
            l.tomar(1, Some("2001:db8::2".parse().unwrap()), um, t0)
                .is_err()
        );
        assert!(
            l.tomar(1, Some("2001:db8:0:1::1".parse().unwrap()), um, t0)
                .is_ok()
        );
        for _ in 0..100 {
            assert!(l.tomar(1, None, Padroes::DESLIGADO, t0).is_ok());
        }
    }
}
