//! Password reset by e-mail: a single-use token valid for one hour, at most three requests
//! per user per hour.

use std::net::IpAddr;

use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::conta::sessoes_login;
use crate::conta::usuarios::{self, Usuario};
use crate::{Result, TenantTx};

/// How many requests a user may make per hour.
pub const POR_HORA: i64 = 3;

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A reset for the active user with this e-mail, unless there is none or they asked too
/// often. Returns the user and the token to e-mail (never stored).
pub async fn solicitar(
    tx: &mut TenantTx,
    email: &str,
    ip: Option<IpAddr>,
) -> Result<Option<(Usuario, String)>> {
    let Ok(u) = usuarios::por_email(tx, email).await else {
        return Ok(None);
    };
    if !u.ativo {
        return Ok(None);
    }
    let tenant = tx.tenant_id();
    let recentes: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.senha_reset
          WHERE tenant_id = $1 AND usuario_id = $2 AND criado_em > now() - interval '1 hour'",
    )
    .bind(tenant)
    .bind(u.id)
    .fetch_one(tx.conn())
    .await?;
    if recentes >= POR_HORA {
        return Ok(None);
    }
    let token = sessoes_login::token_aleatorio(32)?;
    sqlx::query(
        "INSERT INTO app.senha_reset (tenant_id, id, usuario_id, token_hash, expira_em, ip)
         VALUES ($1, $2, $3, $4, now() + interval '1 hour', $5::inet)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(u.id)
    .bind(hash(&token))
    .bind(ip.map(|i| i.to_string()))
    .execute(tx.conn())
    .await?;
    Ok(Some((u, token)))
}

/// The user a valid (unused, unexpired) token belongs to.
pub async fn validar(tx: &mut TenantTx, token: &str) -> Result<Option<(Uuid, Usuario)>> {
    let tenant = tx.tenant_id();
    let row: Option<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT r.id, r.usuario_id FROM app.senha_reset r
           JOIN app.usuario u ON u.tenant_id = r.tenant_id AND u.id = r.usuario_id
          WHERE r.tenant_id = $1 AND r.token_hash = $2 AND r.usado_em IS NULL
            AND r.expira_em > now() AND u.ativo",
    )
    .bind(tenant)
    .bind(hash(token))
    .fetch_optional(tx.conn())
    .await?;
    let Some((id, usuario_id)) = row else {
        return Ok(None);
    };
    Ok(usuarios::por_id(tx, usuario_id).await?.map(|u| (id, u)))
}

/// Sets the new password (checked against the rules), spends this token and every other
/// open one of the user, and ends the user's sessions.
pub async fn concluir(
    tx: &mut TenantTx,
    autor: &Autor,
    reset_id: Uuid,
    usuario: &Usuario,
    senha: &str,
) -> Result<()> {
    usuarios::definir_senha(tx, autor, usuario, senha, false, None).await?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.senha_reset SET usado_em = now()
          WHERE tenant_id = $1 AND usuario_id = $2 AND usado_em IS NULL",
    )
    .bind(tenant)
    .bind(usuario.id)
    .execute(tx.conn())
    .await?;
    auditoria::registrar(
        tx,
        autor,
        "usuario",
        Some(&usuario.id.to_string()),
        "redefinir_senha_por_email",
        None,
        Some(serde_json::json!({ "pedido": reset_id })),
    )
    .await
}
