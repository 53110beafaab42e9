//! Two-factor login: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of skew)
//! and single-use recovery codes.

use sha2::{Digest, Sha256};
use totp_rs::{Secret, Totp};
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::conta::usuarios::Usuario;
use crate::{Error, Result, TenantTx};

fn totp(secret_b32: &str, email: &str, issuer: &str) -> Result<Totp> {
    let secret = Secret::try_from_base32(secret_b32)
        .map_err(|e| Error::Migration(format!("segredo TOTP inválido: {e}")))?;
    totp_rs::Builder::new()
        .with_secret(secret)
        .with_account_name(email)
        .with_issuer(Some(issuer))
        .build()
        .map_err(|e| Error::Migration(format!("TOTP: {e}")))
}

/// The current code for a secret (tests and the enrolment preview use it).
pub fn codigo_atual(secret_b32: &str) -> Result<String> {
    Ok(totp(secret_b32, "x@x.x", "Plenário")?
        .generate_current()
        .to_string())
}

/// The code of a given Unix time.
pub fn codigo_em(secret_b32: &str, unix: u64) -> Result<String> {
    Ok(totp(secret_b32, "x@x.x", "Plenário")?
        .generate(unix)
        .to_string())
}

/// Starts enrolment: a new secret, stored but not active. Returns it (base32) and the
/// `otpauth://` URL for authenticator apps.
pub async fn iniciar(
    tx: &mut TenantTx,
    usuario: &Usuario,
    issuer: &str,
) -> Result<(String, String)> {
    let secret = Secret::generate().to_base32();
    let url = totp(&secret, &usuario.email, issuer)?
        .to_url()
        .map_err(|e| Error::Migration(format!("TOTP: {e}")))?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.usuario SET totp_segredo = $3, totp_ativo = false, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2 AND NOT totp_ativo",
    )
    .bind(tenant)
    .bind(usuario.id)
    .bind(&secret)
    .execute(tx.conn())
    .await?;
    Ok((secret, url))
}

/// The pending (not yet confirmed) secret and its URL, to show the QR code again.
pub async fn pendente(
    tx: &mut TenantTx,
    usuario: &Usuario,
    issuer: &str,
) -> Result<Option<(String, String)>> {
    let tenant = tx.tenant_id();
    let secret: Option<String> = sqlx::query_scalar(
        "SELECT totp_segredo FROM app.usuario WHERE tenant_id = $1 AND id = $2 AND NOT totp_ativo",
    )
    .bind(tenant)
    .bind(usuario.id)
    .fetch_optional(tx.conn())
    .await?
    .flatten();
    match secret {
        Some(s) => {
            let url = totp(&s, &usuario.email, issuer)?
                .to_url()
                .map_err(|e| Error::Migration(format!("TOTP: {e}")))?;
            Ok(Some((s, url)))
        }
        None => Ok(None),
    }
}

fn hash(code: &str) -> Vec<u8> {
    let normal: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    Sha256::digest(normal.to_ascii_lowercase().as_bytes()).to_vec()
}

/// Checks a TOTP code against the user's secret, refusing a step already used (replay).
/// Records the step on success.
async fn aceitar_totp(
    tx: &mut TenantTx,
    usuario_id: Uuid,
    code: &str,
    exigir_ativo: bool,
) -> Result<bool> {
    let tenant = tx.tenant_id();
    let row: Option<(Option<String>, bool, i64, String)> = sqlx::query_as(
        "SELECT totp_segredo, totp_ativo, totp_ultimo_passo, email FROM app.usuario
          WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(usuario_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((Some(secret), ativo, ultimo, email)) = row else {
        return Ok(false);
    };
    if exigir_ativo && !ativo {
        return Ok(false);
    }
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(step) = totp(&secret, &email, "Plenário")?.check_current(&code) else {
        return Ok(false);
    };
    if step as i64 <= ultimo {
        return Ok(false);
    }
    sqlx::query("UPDATE app.usuario SET totp_ultimo_passo = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(usuario_id)
        .bind(step as i64)
        .execute(tx.conn())
        .await?;
    Ok(true)
}

/// Confirms enrolment with a first code: activates two-factor login and returns ten
/// recovery codes (shown once).
pub async fn confirmar(
    tx: &mut TenantTx,
    autor: &Autor,
    usuario: &Usuario,
    code: &str,
) -> Result<Option<Vec<String>>> {
    if !aceitar_totp(tx, usuario.id, code, false).await? {
        return Ok(None);
    }
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.usuario SET totp_ativo = true, atualizado_em = now() WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(usuario.id)
        .execute(tx.conn())
        .await?;
    let codes = novos_codigos(tx, usuario.id).await?;
    let id = usuario.id.to_string();
    auditoria::evento(tx, autor, "usuario", Some(&id), "ativar_2fa").await?;
    Ok(Some(codes))
}

async fn novos_codigos(tx: &mut TenantTx, usuario_id: Uuid) -> Result<Vec<String>> {
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.usuario_recuperacao WHERE tenant_id = $1 AND usuario_id = $2")
        .bind(tenant)
        .bind(usuario_id)
        .execute(tx.conn())
        .await?;
    let mut codes = Vec::with_capacity(10);
    for _ in 0..10 {
        let raw = crate::conta::usuarios::senha_provisoria()?;
        let code: String = raw.split('-').take(2).collect::<Vec<_>>().join("-");
        sqlx::query(
            "INSERT INTO app.usuario_recuperacao (tenant_id, id, usuario_id, codigo_hash) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(usuario_id)
        .bind(hash(&code))
        .execute(tx.conn())
        .await?;
        codes.push(code);
    }
    Ok(codes)
}

/// The second step of a login: a current TOTP code (never one already used) or an unused
/// recovery code (then spent).
pub async fn verificar(
    tx: &mut TenantTx,
    autor: &Autor,
    usuario_id: Uuid,
    code: &str,
) -> Result<bool> {
    if aceitar_totp(tx, usuario_id, code, true).await? {
        return Ok(true);
    }
    let tenant = tx.tenant_id();
    let used = sqlx::query(
        "UPDATE app.usuario_recuperacao SET usado_em = now()
          WHERE tenant_id = $1 AND usuario_id = $2 AND codigo_hash = $3 AND usado_em IS NULL",
    )
    .bind(tenant)
    .bind(usuario_id)
    .bind(hash(code))
    .execute(tx.conn())
    .await?
    .rows_affected();
    if used == 1 {
        let id = usuario_id.to_string();
        auditoria::evento(tx, autor, "usuario", Some(&id), "usar_codigo_recuperacao").await?;
    }
    Ok(used == 1)
}

/// Turns two-factor login off (the user, with a code; or an administrator's reset).
pub async fn desativar(
    tx: &mut TenantTx,
    autor: &Autor,
    usuario: &Usuario,
    acao: &str,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.usuario SET totp_segredo = NULL, totp_ativo = false, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(usuario.id)
    .execute(tx.conn())
    .await?;
    sqlx::query("DELETE FROM app.usuario_recuperacao WHERE tenant_id = $1 AND usuario_id = $2")
        .bind(tenant)
        .bind(usuario.id)
        .execute(tx.conn())
        .await?;
    let id = usuario.id.to_string();
    auditoria::evento(tx, autor, "usuario", Some(&id), acao).await
}

/// Unused recovery codes left.
pub async fn codigos_restantes(tx: &mut TenantTx, usuario_id: Uuid) -> Result<i64> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM app.usuario_recuperacao WHERE tenant_id = $1 AND usuario_id = $2 AND usado_em IS NULL",
    )
    .bind(tenant)
    .bind(usuario_id)
    .fetch_one(tx.conn())
    .await?)
}
