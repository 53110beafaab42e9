//! What a request says about itself: the câmara it is for ([`CurrentTenant`], set by
//! `tenant::resolve`), the client's address behind trusted proxies, its request id and the
//! name of the session cookie. Depends on nothing else of the crate, so every layer may ask it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;
use store::infra::catalog::Tenant;

/// The cookie that carries an admin session.
pub const SESSION_COOKIE: &str = "plenario_sessao";

/// The câmara this request is for, set by `tenant::resolve`.
#[derive(Clone)]
pub struct CurrentTenant {
    pub tenant: Arc<Tenant>,
    /// The normalised host that named it.
    pub host: String,
}

/// A trusted proxy: an address or a CIDR network (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rede {
    base: IpAddr,
    prefixo: u8,
}

impl Rede {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let erro = || {
            format!(
                "Proxy confiável inválido: \"{s}\" (use um IP ou uma rede CIDR, como 10.0.0.0/8)."
            )
        };
        let (ip, prefixo) = match s.split_once('/') {
            Some((ip, p)) => (ip, Some(p.parse::<u8>().map_err(|_| erro())?)),
            None => (s, None),
        };
        let base: IpAddr = ip.parse().map_err(|_| erro())?;
        let base = base.to_canonical();
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefixo = prefixo.unwrap_or(max);
        if prefixo > max {
            return Err(erro());
        }
        Ok(Self { base, prefixo })
    }

    pub fn contem(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        let (a, b, bits) = match (self.base, ip) {
            (IpAddr::V4(a), IpAddr::V4(b)) => (u32::from(a) as u128, u32::from(b) as u128, 32),
            (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
            _ => return false,
        };
        let livres = bits - u32::from(self.prefixo);
        if livres >= 128 {
            return true;
        }
        (a >> livres) == (b >> livres)
    }
}

/// `PLENARIO_TRUSTED_PROXIES`: comma-separated addresses or CIDR networks.
pub fn parse_proxies(spec: &str) -> Result<Vec<Rede>, String> {
    spec.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(Rede::parse)
        .collect()
}

/// How many `X-Forwarded-For` entries are read, from the right, at most.
const XFF_MAX: usize = 32;

/// The client's address: the socket peer, unless the peer is a configured trusted proxy
/// (`WebConfig::trusted_proxies`, passed in); then the right-most address of `X-Forwarded-For` that
/// is not a trusted proxy (entries left of it are the client's to forge). The one place
/// that computes it.
pub fn client_ip(
    confiaveis: &[Rede],
    parts_ext: &axum::http::Extensions,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    let peer = parts_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_canonical())?;
    let confiavel = |ip: IpAddr| confiaveis.iter().any(|r| r.contem(ip));
    if !confiavel(peer) {
        return Some(peer);
    }
    let mut cliente = peer;
    let entradas = headers
        .get_all("x-forwarded-for")
        .iter()
        .rev()
        .flat_map(|v| v.to_str().unwrap_or("").rsplit(','))
        .take(XFF_MAX);
    for e in entradas {
        let e = e.trim();
        let Some(ip) = e
            .parse::<IpAddr>()
            .ok()
            .or_else(|| e.parse::<SocketAddr>().ok().map(|a| a.ip()))
        else {
            // Not written by a proxy of ours: stop at the last address we trust.
            break;
        };
        let ip = ip.to_canonical();
        cliente = ip;
        if !confiavel(ip) {
            break;
        }
    }
    Some(cliente)
}

pub fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
