//! Login sessions (stored in PostgreSQL, so any process serves any request) and login
//! throttling.
//!
//! The cookie holds `<tenant id>.<secret>`; the table holds only the secret's SHA-256. The
//! tenant prefix lets the web layer tell a cookie of another câmara (a cross-tenant
//! attempt) from a merely expired one.

use std::net::IpAddr;
use std::time::Duration;

use base64::Engine;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::conta::usuarios::Usuario;
use crate::{Error, Result, TenantTx};

/// Session lifetimes.
#[derive(Debug, Clone, Copy)]
pub struct Limites {
    /// Ends after this long without use.
    pub ocioso: Duration,
    /// Ends this long after login, whatever the use.
    pub absoluto: Duration,
}

impl Default for Limites {
    fn default() -> Self {
        Self {
            ocioso: Duration::from_secs(2 * 3600),
            absoluto: Duration::from_secs(12 * 3600),
        }
    }
}

/// Random bytes, base64url without padding.
pub fn token_aleatorio(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| Error::Migration(format!("getrandom: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// A cookie value split into its câmara and secret.
pub fn parse_cookie(value: &str) -> Option<(i32, &str)> {
    let (tenant, secret) = value.split_once('.')?;
    let tenant: i32 = tenant.parse().ok()?;
    (secret.len() >= 32).then_some((tenant, secret))
}

/// A new session: the cookie value and the CSRF token of forms in this session.
pub struct NovaSessao {
    pub id: Uuid,
    pub cookie: String,
    pub csrf: String,
}

/// Opens a session. `pendente_2fa`: the password was right, the second factor is still due.
pub async fn criar(
    tx: &mut TenantTx,
    usuario: &Usuario,
    ip: Option<IpAddr>,
    user_agent: &str,
    limites: Limites,
    pendente_2fa: bool,
) -> Result<NovaSessao> {
    let tenant = tx.tenant_id();
    let secret = token_aleatorio(32)?;
    let csrf = token_aleatorio(24)?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.sessao
            (tenant_id, id, token_hash, usuario_id, csrf, expira_em, ip, user_agent, segundo_fator_pendente)
         VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 second', $7::inet, $8, $9)",
    )
    .bind(tenant)
    .bind(id)
    .bind(hash(&secret))
    .bind(usuario.id)
    .bind(&csrf)
    .bind(limites.absoluto.as_secs() as f64)
    .bind(ip.map(|i| i.to_string()))
    .bind(user_agent.chars().take(300).collect::<String>())
    .bind(pendente_2fa)
    .execute(tx.conn())
    .await?;
    if !pendente_2fa {
        marcar_login(tx, usuario.id).await?;
    }
    Ok(NovaSessao {
        id,
        cookie: format!("{tenant}.{secret}"),
        csrf,
    })
}

async fn marcar_login(tx: &mut TenantTx, usuario_id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.usuario SET ultimo_login = now() WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(usuario_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// The second factor was given: the session becomes a full one.
pub async fn completar_2fa(tx: &mut TenantTx, sessao: &Sessao) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.sessao SET segundo_fator_pendente = false WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(sessao.id)
    .execute(tx.conn())
    .await?;
    marcar_login(tx, sessao.usuario.id).await
}

/// A valid session and its (active) user.
#[derive(Debug, Clone)]
pub struct Sessao {
    pub id: Uuid,
    pub csrf: String,
    pub usuario: Usuario,
    /// Password given, second factor still due: not logged in yet.
    pub pendente_2fa: bool,
    /// The câmara requires two-factor login of administrators and operators.
    pub exigir_2fa: bool,
}

/// Finds the live session for a cookie secret: not past its absolute expiry, used within
/// the idle limit, of an active user. Expired sessions are deleted when `tx` can write.
pub async fn validar(
    tx: &mut TenantTx,
    secret: &str,
    limites: Limites,
    pode_escrever: bool,
) -> Result<Option<Sessao>> {
    let tenant = tx.tenant_id();
    let row: Option<(Uuid, String, Uuid, bool, bool, bool)> = sqlx::query_as(
        "SELECT s.id, s.csrf, s.usuario_id,
                s.expira_em > now() AND s.ultimo_uso > now() - $3 * interval '1 second' AND u.ativo
                    -- a half-done login lasts ten minutes at most
                    AND NOT (s.segundo_fator_pendente AND s.criada_em < now() - interval '10 minutes'),
                s.segundo_fator_pendente, c.exigir_2fa
           FROM app.sessao s
           JOIN app.usuario u ON u.tenant_id = s.tenant_id AND u.id = s.usuario_id
           JOIN app.camara_config c ON c.tenant_id = s.tenant_id
          WHERE s.tenant_id = $1 AND s.token_hash = $2",
    )
    .bind(tenant)
    .bind(hash(secret))
    .bind(limites.ocioso.as_secs() as f64)
    .fetch_optional(tx.conn())
    .await?;
    let Some((id, csrf, usuario_id, viva, pendente_2fa, exigir_2fa)) = row else {
        return Ok(None);
    };
    if !viva {
        if pode_escrever {
            encerrar(tx, id).await?;
        }
        return Ok(None);
    }
    if pode_escrever {
        // Touch at most once a minute: most requests write nothing.
        sqlx::query(
            "UPDATE app.sessao SET ultimo_uso = now()
              WHERE tenant_id = $1 AND id = $2 AND ultimo_uso < now() - interval '1 minute'",
        )
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    }
    let usuario = crate::conta::usuarios::por_id(tx, usuario_id).await?;
    Ok(usuario.map(|usuario| Sessao {
        id,
        csrf,
        usuario,
        pendente_2fa,
        exigir_2fa,
    }))
}

pub async fn encerrar(tx: &mut TenantTx, id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.sessao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Login throttling (docs/identity.md, "Throttling"): failures are counted per (account,
/// client IP) and answered with growing waits, never with an account-wide lock; per IP
/// only for accounts that do not exist; and after `teto_conta` failures of one account
/// from anywhere, new clients lose their free attempts (slowed, never blocked).
#[derive(Debug, Clone, Copy)]
pub struct Limite {
    /// Waits per (account, client): free attempts, first wait, longest wait.
    pub atrasos: domain::auth::Atrasos,
    /// Failures on unknown accounts from one IP before that IP waits too.
    pub por_ip_desconhecidas: u32,
    /// Failures of one account from all clients after which no client gets free attempts.
    pub teto_conta: u32,
    /// Failures older than this are forgotten.
    pub janela: Duration,
}

impl Default for Limite {
    fn default() -> Self {
        Self {
            atrasos: domain::auth::Atrasos {
                livres: 3,
                base: Duration::from_secs(1),
                teto: Duration::from_secs(15 * 60),
            },
            por_ip_desconhecidas: 20,
            teto_conta: 50,
            janela: Duration::from_secs(3600),
        }
    }
}

/// What the failure tables say about one attempt.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Contagem {
    /// Failures of this (account, client).
    pub par: i64,
    pub par_ultima: Option<time::OffsetDateTime>,
    /// Failures of this account from every client.
    pub conta: i64,
    /// Failures on unknown accounts from this client.
    pub ip_desconhecidas: i64,
    pub ip_ultima: Option<time::OffsetDateTime>,
    /// The database's clock.
    pub agora: time::OffsetDateTime,
}

impl Limite {
    /// How long this attempt must still wait (None: it may go ahead).
    pub fn espera(&self, c: &Contagem) -> Option<Duration> {
        let n = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
        let mut par = self.atrasos;
        if n(c.conta) >= self.teto_conta {
            par.livres = 0;
        }
        let ip = domain::auth::Atrasos {
            livres: self.por_ip_desconhecidas,
            ..self.atrasos
        };
        let ate =
            |ultima: Option<time::OffsetDateTime>, atraso: Duration| ultima.map(|u| u + atraso);
        let liberado = [
            ate(c.par_ultima, par.atraso(n(c.par))),
            ate(c.ip_ultima, ip.atraso(n(c.ip_desconhecidas))),
        ]
        .into_iter()
        .flatten()
        .max()?;
        let falta = liberado - c.agora;
        (falta > time::Duration::ZERO)
            .then(|| Duration::from_secs_f64(falta.as_seconds_f64()).max(Duration::from_secs(1)))
    }
}

/// The Portuguese answer to a throttled attempt.
pub fn mensagem_espera(espera: Duration) -> String {
    let s = (espera.as_secs_f64().ceil() as u64).max(1);
    let quando = if s < 90 {
        format!("{s} segundo{}", if s == 1 { "" } else { "s" })
    } else {
        let m = s.div_ceil(60);
        format!("{m} minutos")
    };
    format!(
        "Muitas tentativas malsucedidas a partir desta conexão. Aguarde {quando} e tente novamente."
    )
}

/// Which step failed: the password or the second factor (counted apart, so an attack on
/// the password never slows the owner's code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Etapa {
    Senha,
    SegundoFator,
}

impl Etapa {
    fn as_str(self) -> &'static str {
        match self {
            Self::Senha => "senha",
            Self::SegundoFator => "2fa",
        }
    }
}

/// How long an attempt for `email` from `ip` must wait, if at all.
pub async fn espera(
    tx: &mut TenantTx,
    email: &str,
    ip: Option<IpAddr>,
    etapa: Etapa,
    limite: Limite,
) -> Result<Option<Duration>> {
    let tenant = tx.tenant_id();
    let c: Contagem = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE email = $2 AND ip IS NOT DISTINCT FROM $3::inet) AS par,
                max(em) FILTER (WHERE email = $2 AND ip IS NOT DISTINCT FROM $3::inet) AS par_ultima,
                count(*) FILTER (WHERE email = $2) AS conta,
                count(*) FILTER (WHERE ip = $3::inet AND NOT conta_conhecida) AS ip_desconhecidas,
                max(em) FILTER (WHERE ip = $3::inet AND NOT conta_conhecida) AS ip_ultima,
                now() AS agora
           FROM app.login_falha
          WHERE tenant_id = $1 AND etapa = $4 AND em > now() - $5 * interval '1 second'
            AND (email = $2 OR ip = $3::inet)",
    )
    .bind(tenant)
    .bind(email)
    .bind(ip.map(|i| i.to_string()))
    .bind(etapa.as_str())
    .bind(limite.janela.as_secs_f64())
    .fetch_one(tx.conn())
    .await?;
    Ok(limite.espera(&c))
}

/// Records a failed password (of an existing account) for throttling.
pub async fn registrar_falha(tx: &mut TenantTx, email: &str, ip: Option<IpAddr>) -> Result<()> {
    registrar_falha_de(tx, email, ip, Etapa::Senha, true).await
}

/// Records a failure: which step, and whether the account exists (only failures on
/// unknown accounts count per IP).
pub async fn registrar_falha_de(
    tx: &mut TenantTx,
    email: &str,
    ip: Option<IpAddr>,
    etapa: Etapa,
    conta_conhecida: bool,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "INSERT INTO app.login_falha (tenant_id, id, email, ip, etapa, conta_conhecida)
         VALUES ($1, $2, $3, $4::inet, $5, $6)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(email)
    .bind(ip.map(|i| i.to_string()))
    .bind(etapa.as_str())
    .bind(conta_conhecida)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A success forgives this client's failures of that step for the account (other
/// clients' failures stay: an attacker gains nothing from the owner's login).
pub async fn limpar_falhas_do_cliente(
    tx: &mut TenantTx,
    email: &str,
    ip: Option<IpAddr>,
    etapa: Etapa,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "DELETE FROM app.login_falha
          WHERE tenant_id = $1 AND email = $2 AND ip IS NOT DISTINCT FROM $3::inet AND etapa = $4",
    )
    .bind(tenant)
    .bind(email)
    .bind(ip.map(|i| i.to_string()))
    .bind(etapa.as_str())
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Forgives every failure of the account (a new password makes old guesses moot).
pub async fn limpar_falhas(tx: &mut TenantTx, email: &str) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.login_falha WHERE tenant_id = $1 AND email = $2")
        .bind(tenant)
        .bind(email)
        .execute(tx.conn())
        .await?;
    Ok(())
}
