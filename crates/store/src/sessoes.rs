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

use crate::usuarios::Usuario;
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
    let usuario = crate::usuarios::por_id(tx, usuario_id).await?;
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

/// Throttling rules: at most `por_email` failures per e-mail and `por_ip` per IP within
/// `janela`.
#[derive(Debug, Clone, Copy)]
pub struct Limite {
    pub por_email: i64,
    pub por_ip: i64,
    pub janela: Duration,
}

impl Default for Limite {
    fn default() -> Self {
        Self {
            por_email: 5,
            por_ip: 20,
            janela: Duration::from_secs(15 * 60),
        }
    }
}

/// If logins for this e-mail or IP are locked, until when (hh:mm in the câmara's zone).
pub async fn bloqueio(
    tx: &mut TenantTx,
    email: &str,
    ip: Option<IpAddr>,
    limite: Limite,
) -> Result<Option<String>> {
    let tenant = tx.tenant_id();
    let ate: Option<String> = sqlx::query_scalar(
        "WITH recentes AS (
            SELECT email, ip, em FROM app.login_falha
             WHERE tenant_id = $1 AND em > now() - $5 * interval '1 second'
               AND (email = $2 OR ip = $3::inet)
         ), travas AS (
            SELECT (SELECT em FROM recentes WHERE email = $2 ORDER BY em DESC OFFSET $4 - 1 LIMIT 1) AS por_email,
                   (SELECT em FROM recentes WHERE ip = $3::inet ORDER BY em DESC OFFSET $6 - 1 LIMIT 1) AS por_ip
         )
         SELECT to_char((greatest(por_email, por_ip) + $5 * interval '1 second')
                        AT TIME ZONE (SELECT fuso_horario FROM app.camara_config WHERE tenant_id = $1),
                        'HH24:MI')
           FROM travas WHERE por_email IS NOT NULL OR por_ip IS NOT NULL",
    )
    .bind(tenant)
    .bind(email)
    .bind(ip.map(|i| i.to_string()))
    .bind(limite.por_email)
    .bind(limite.janela.as_secs() as f64)
    .bind(limite.por_ip)
    .fetch_optional(tx.conn())
    .await?;
    Ok(ate)
}

pub async fn registrar_falha(tx: &mut TenantTx, email: &str, ip: Option<IpAddr>) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "INSERT INTO app.login_falha (tenant_id, id, email, ip) VALUES ($1, $2, $3, $4::inet)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(email)
    .bind(ip.map(|i| i.to_string()))
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A successful login forgives the e-mail's failures.
pub async fn limpar_falhas(tx: &mut TenantTx, email: &str) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.login_falha WHERE tenant_id = $1 AND email = $2")
        .bind(tenant)
        .bind(email)
        .execute(tx.conn())
        .await?;
    Ok(())
}
