//! The platform's administrators and their sessions (control plane). Two-factor login is
//! mandatory: password and TOTP code are checked together.

pub mod backup;
pub mod limites;
pub mod monitoramento;
pub mod painel;

use sha2::{Digest, Sha256};
use totp_rs::Secret;
use uuid::Uuid;

use crate::conta::{sessoes_login, usuarios};
use crate::{Error, Result, Store};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Admin {
    pub id: Uuid,
    pub email: String,
    pub nome: String,
    /// Still on the one-time password: every page but the password change waits.
    pub trocar_senha: bool,
}

/// How long the printed one-time password of a new platform administrator lasts unused.
pub const SENHA_PROVISORIA_VALIDADE: &str = "24 hours";

/// Creates a platform administrator: a one-time password and a TOTP secret, both to hand
/// over once. Returns (admin, password, otpauth URL, secret).
pub async fn criar(
    store: &Store,
    email: &str,
    nome: &str,
    actor: &str,
) -> Result<(Admin, String, String, String)> {
    let email = domain::auth::parse_email(email)?;
    let nome = nome.trim();
    if !(3..=200).contains(&nome.chars().count()) {
        return Err(
            domain::ValidationError::new("nome", "O nome deve ter de 3 a 200 caracteres.").into(),
        );
    }
    let senha = usuarios::senha_provisoria()?;
    let hash = usuarios::hash_senha(&senha).await?;
    let secret = Secret::generate().to_base32();
    let url = totp(&secret, &email)?
        .to_url()
        .map_err(|e| Error::Migration(format!("TOTP: {e}")))?;
    let admin: Admin = sqlx::query_as(
        "INSERT INTO control.platform_admins
            (id, email, nome, senha_hash, totp_segredo, trocar_senha, senha_expira_em)
         VALUES ($1, $2, $3, $4, $5, true, now() + $6::interval)
         RETURNING id, email, nome, trocar_senha",
    )
    .bind(Uuid::now_v7())
    .bind(&email)
    .bind(nome)
    .bind(&hash)
    .bind(&secret)
    .bind(SENHA_PROVISORIA_VALIDADE)
    .fetch_one(store.control())
    .await
    .map_err(|e| match Error::from(e) {
        e if e.constraint() == Some("platform_admins_email_key") => Error::Conflict(format!(
            "Já existe um administrador da plataforma com o e-mail {email}."
        )),
        e => e,
    })?;
    store
        .audit_platform(
            actor,
            "platform_admin.create",
            None,
            serde_json::json!({ "email": email }),
        )
        .await?;
    Ok((admin, senha, url, secret))
}

fn totp(secret: &str, email: &str) -> Result<totp_rs::Totp> {
    totp_rs::Builder::new()
        .with_secret(
            Secret::try_from_base32(secret).map_err(|e| Error::Migration(format!("TOTP: {e}")))?,
        )
        .with_account_name(email)
        .with_issuer(Some("Plenário — plataforma"))
        .build()
        .map_err(|e| Error::Migration(format!("TOTP: {e}")))
}

/// Why a platform login failed, for the message.
#[derive(Debug, PartialEq, Eq)]
pub enum Falha {
    Credenciais,
    /// This (e-mail, client) must wait this long (see `sessoes_login::Limite`).
    Espera(std::time::Duration),
    /// Password and code were right, but the one-time password expired unused.
    SenhaExpirada,
}

/// Checks e-mail, password and TOTP code (never a code already used); on success opens a
/// session and returns its cookie value and CSRF token. Throttled like the câmaras' logins:
/// per (e-mail, client) with growing waits, per IP only for unknown e-mails.
pub async fn entrar(
    store: &Store,
    email: &str,
    senha: &str,
    codigo: &str,
    ip: Option<std::net::IpAddr>,
    limite: sessoes_login::Limite,
) -> Result<std::result::Result<(Admin, String, String), Falha>> {
    let email = email.trim().to_lowercase();
    let contagem: sessoes_login::Contagem = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE email = $1 AND ip IS NOT DISTINCT FROM $2::inet) AS par,
                max(em) FILTER (WHERE email = $1 AND ip IS NOT DISTINCT FROM $2::inet) AS par_ultima,
                count(*) FILTER (WHERE email = $1) AS conta,
                count(*) FILTER (WHERE ip = $2::inet AND NOT conta_conhecida) AS ip_desconhecidas,
                max(em) FILTER (WHERE ip = $2::inet AND NOT conta_conhecida) AS ip_ultima,
                now() AS agora
           FROM control.platform_login_failures
          WHERE em > now() - $3 * interval '1 second' AND (email = $1 OR ip = $2::inet)",
    )
    .bind(&email)
    .bind(ip.map(|i| i.to_string()))
    .bind(limite.janela.as_secs_f64())
    .fetch_one(store.control())
    .await?;
    if let Some(espera) = limite.espera(&contagem) {
        return Ok(Err(Falha::Espera(espera)));
    }
    let row: Option<(Uuid, String, String, String, i64, bool, bool)> = sqlx::query_as(
        "SELECT id, nome, senha_hash, totp_segredo, totp_ultimo_passo, trocar_senha,
                trocar_senha AND senha_expira_em IS NOT NULL AND senha_expira_em < now()
           FROM control.platform_admins
          WHERE email = $1 AND ativo",
    )
    .bind(&email)
    .fetch_optional(store.control())
    .await?;
    let senha_ok =
        usuarios::verificar_senha_ou_simular(row.as_ref().map(|r| r.2.as_str()), senha).await;
    let passo = match (&row, senha_ok) {
        (Some((_, _, _, secret, ultimo, ..)), true) => totp(secret, &email)?
            .check_current(codigo.trim())
            .filter(|p| *p as i64 > *ultimo),
        _ => None,
    };
    let conhecida = row.is_some();
    let (Some((id, nome, _, _, _, trocar_senha, expirada)), Some(passo)) = (row, passo) else {
        sqlx::query(
            "INSERT INTO control.platform_login_failures (email, ip, conta_conhecida)
             VALUES ($1, $2::inet, $3)",
        )
        .bind(&email)
        .bind(ip.map(|i| i.to_string()))
        .bind(conhecida)
        .execute(store.control())
        .await?;
        return Ok(Err(Falha::Credenciais));
    };
    if expirada {
        store
            .audit_platform(
                &format!("plataforma:{email}"),
                "platform.login_expired_password",
                None,
                serde_json::json!({ "ip": ip.map(|i| i.to_string()) }),
            )
            .await?;
        return Ok(Err(Falha::SenhaExpirada));
    }
    let secret = sessoes_login::token_aleatorio(32)?;
    let csrf = sessoes_login::token_aleatorio(24)?;
    let mut tx = store.control().begin().await?;
    sqlx::query("UPDATE control.platform_admins SET totp_ultimo_passo = $2, ultimo_login = now() WHERE id = $1")
        .bind(id)
        .bind(passo as i64)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO control.platform_sessions (id, token_hash, admin_id, csrf, expira_em)
         VALUES ($1, $2, $3, $4, now() + interval '8 hours')",
    )
    .bind(Uuid::now_v7())
    .bind(Sha256::digest(secret.as_bytes()).to_vec())
    .bind(id)
    .bind(&csrf)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM control.platform_login_failures WHERE email = $1 AND ip IS NOT DISTINCT FROM $2::inet",
    )
    .bind(&email)
    .bind(ip.map(|i| i.to_string()))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    store
        .audit_platform(
            &format!("plataforma:{email}"),
            "platform.login",
            None,
            serde_json::json!({ "ip": ip.map(|i| i.to_string()) }),
        )
        .await?;
    Ok(Ok((
        Admin {
            id,
            email,
            nome,
            trocar_senha,
        },
        secret,
        csrf,
    )))
}

/// The admin and CSRF token of a live session (8 h absolute, 1 h idle).
pub async fn sessao(store: &Store, cookie: &str) -> Result<Option<(Admin, String, Uuid)>> {
    let row: Option<(Uuid, String, Uuid, String, String, bool)> = sqlx::query_as(
        "UPDATE control.platform_sessions s SET ultimo_uso = now()
           FROM control.platform_admins a
          WHERE s.token_hash = $1 AND a.id = s.admin_id AND a.ativo
            AND s.expira_em > now() AND s.ultimo_uso > now() - interval '1 hour'
         RETURNING a.id, a.email, s.id, s.csrf, a.nome, a.trocar_senha",
    )
    .bind(Sha256::digest(cookie.as_bytes()).to_vec())
    .fetch_optional(store.control())
    .await?;
    Ok(row.map(|(id, email, sid, csrf, nome, trocar_senha)| {
        (
            Admin {
                id,
                email,
                nome,
                trocar_senha,
            },
            csrf,
            sid,
        )
    }))
}

pub async fn sair(store: &Store, sessao_id: Uuid) -> Result<()> {
    sqlx::query("DELETE FROM control.platform_sessions WHERE id = $1")
        .bind(sessao_id)
        .execute(store.control())
        .await?;
    Ok(())
}

/// The current TOTP code of a platform admin (tests).
pub async fn codigo_de_teste(store: &Store, email: &str, unix: u64) -> Result<String> {
    let secret: String =
        sqlx::query_scalar("SELECT totp_segredo FROM control.platform_admins WHERE email = $1")
            .bind(email)
            .fetch_one(store.control())
            .await?;
    Ok(totp(&secret, email)?.generate(unix).to_string())
}

/// Changes a platform administrator's password: the current one must match, the new one
/// follow the password rules. Ends their other sessions; audited.
pub async fn trocar_senha(
    store: &Store,
    admin: &Admin,
    sessao: Uuid,
    atual: &str,
    nova: &str,
) -> Result<()> {
    let hash: String =
        sqlx::query_scalar("SELECT senha_hash FROM control.platform_admins WHERE id = $1")
            .bind(admin.id)
            .fetch_one(store.control())
            .await?;
    if !usuarios::verificar_senha(&hash, atual).await {
        return Err(domain::ValidationError::new("atual", "A senha atual não confere.").into());
    }
    if nova == atual {
        return Err(domain::ValidationError::new(
            "nova",
            "A nova senha deve ser diferente da atual.",
        )
        .into());
    }
    domain::auth::validar_senha(nova, &admin.email, &["Plenário", "plataforma", "admin"])?;
    let novo_hash = usuarios::hash_senha(nova).await?;
    let mut tx = store.control().begin().await?;
    sqlx::query(
        "UPDATE control.platform_admins
            SET senha_hash = $2, trocar_senha = false, senha_expira_em = NULL WHERE id = $1",
    )
    .bind(admin.id)
    .bind(&novo_hash)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM control.platform_sessions WHERE admin_id = $1 AND id <> $2")
        .bind(admin.id)
        .bind(sessao)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    store
        .audit_platform(
            &format!("plataforma:{}", admin.email),
            "platform_admin.change_password",
            None,
            serde_json::json!({ "primeira": admin.trocar_senha }),
        )
        .await?;
    Ok(())
}

/// A new one-time password for a platform administrator (CLI): replaced at the next
/// login, expires unused like the first one. Ends their sessions; audited.
pub async fn redefinir_senha(store: &Store, email: &str, actor: &str) -> Result<String> {
    let email = domain::auth::parse_email(email)?;
    let senha = usuarios::senha_provisoria()?;
    let hash = usuarios::hash_senha(&senha).await?;
    let mut tx = store.control().begin().await?;
    let id: Option<Uuid> = sqlx::query_scalar(
        "UPDATE control.platform_admins
            SET senha_hash = $2, trocar_senha = true, senha_expira_em = now() + $3::interval
          WHERE email = $1 RETURNING id",
    )
    .bind(&email)
    .bind(&hash)
    .bind(SENHA_PROVISORIA_VALIDADE)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Err(Error::NotFound(format!(
            "Administrador da plataforma não encontrado: {email}."
        )));
    };
    sqlx::query("DELETE FROM control.platform_sessions WHERE admin_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    store
        .audit_platform(
            actor,
            "platform_admin.reset_password",
            None,
            serde_json::json!({ "email": email }),
        )
        .await?;
    Ok(senha)
}
