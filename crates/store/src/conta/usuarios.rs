//! The câmara's users and their passwords.

use domain::ValidationError;
use domain::auth::Papel;
use serde::Serialize;
use sqlx::FromRow;
use sqlx::Row;
use sqlx::postgres::PgRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::{Error, Result, TenantTx};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usuario {
    pub id: Uuid,
    pub nome: String,
    pub email: String,
    pub papel: Papel,
    pub ativo: bool,
    pub trocar_senha: bool,
    pub totp_ativo: bool,
    pub ultimo_login: Option<OffsetDateTime>,
    /// A councilor's account points at their parlamentar record; an aide's (ASSESSOR) at the
    /// parlamentar they work for.
    pub parlamentar_id: Option<Uuid>,
}

impl FromRow<'_, PgRow> for Usuario {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        let papel: String = row.try_get("papel")?;
        Ok(Self {
            id: row.try_get("id")?,
            nome: row.try_get("nome")?,
            email: row.try_get("email")?,
            papel: Papel::parse(&papel).map_err(|e| sqlx::Error::ColumnDecode {
                index: "papel".into(),
                source: e.message.into(),
            })?,
            ativo: row.try_get("ativo")?,
            trocar_senha: row.try_get("trocar_senha")?,
            totp_ativo: row.try_get("totp_ativo")?,
            parlamentar_id: row.try_get("parlamentar_id")?,
            ultimo_login: row.try_get("ultimo_login")?,
        })
    }
}

const COLS: &str =
    "id, nome, email, papel, ativo, trocar_senha, totp_ativo, ultimo_login, parlamentar_id";

/// Hashes a password with argon2id (off the async threads: it is deliberately slow).
pub async fn hash_senha(senha: &str) -> Result<String> {
    let senha = senha.to_owned();
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::PasswordHasher;
        argon2::Argon2::default()
            .hash_password(senha.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| Error::Migration(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| Error::Migration(format!("argon2 task: {e}")))?
}

/// Checks a password against a stored hash. A malformed hash never matches.
pub async fn verificar_senha(hash: &str, senha: &str) -> bool {
    let (hash, senha) = (hash.to_owned(), senha.to_owned());
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::PasswordVerifier;
        use argon2::password_hash::phc::PasswordHash;
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            argon2::Argon2::default()
                .verify_password(senha.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// Checks a password against the hash of a user who may not exist: with `None`, a dummy
/// hash is verified so that an unknown e-mail takes as long as a wrong password.
pub async fn verificar_senha_ou_simular(hash: Option<&str>, senha: &str) -> bool {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use argon2::password_hash::PasswordHasher;
        argon2::Argon2::default()
            .hash_password(b"plenario-dummy-password")
            .map(|h| h.to_string())
            .unwrap_or_default()
    });
    match hash {
        Some(h) => verificar_senha(h, senha).await,
        None => {
            let dummy = tokio::task::spawn_blocking(|| DUMMY.clone())
                .await
                .unwrap_or_default();
            verificar_senha(&dummy, senha).await;
            false
        }
    }
}

/// A one-time password to hand over: 16 characters from an alphabet without look-alikes,
/// in groups of four ("k7pq-3mzx-…").
pub fn senha_provisoria() -> Result<String> {
    const ALFABETO: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Migration(format!("getrandom: {e}")))?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALFABETO[*b as usize % ALFABETO.len()] as char)
        .collect();
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// What an administrator fills in to create a user.
#[derive(Debug, Clone)]
pub struct NovoUsuario {
    pub nome: String,
    pub email: String,
    pub papel: Papel,
}

impl NovoUsuario {
    pub fn validar(nome: &str, email: &str, papel: &str) -> Result<Self, ValidationError> {
        let nome = nome.trim();
        if nome.chars().count() < 3 || nome.chars().count() > 200 {
            return Err(ValidationError::new(
                "nome",
                "O nome deve ter de 3 a 200 caracteres.",
            ));
        }
        Ok(Self {
            nome: nome.to_owned(),
            email: domain::auth::parse_email(email)?,
            papel: Papel::parse(papel)?,
        })
    }
}

/// Creates a user with a one-time password (which must be changed at first login).
/// Returns the user and that password.
pub async fn criar(
    tx: &mut TenantTx,
    autor: &Autor,
    novo: &NovoUsuario,
) -> Result<(Usuario, String)> {
    let senha = senha_provisoria()?;
    let hash = hash_senha(&senha).await?;
    let tenant = tx.tenant_id();
    let usuario: Usuario = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO app.usuario (tenant_id, id, nome, email, papel, senha_hash, trocar_senha)
         VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING {COLS}"
    )))
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(&novo.nome)
    .bind(&novo.email)
    .bind(novo.papel.as_str())
    .bind(&hash)
    .fetch_one(tx.conn())
    .await
    .map_err(|e| match Error::from(e) {
        e if e.constraint() == Some("usuario_tenant_id_email_key") => Error::Conflict(format!(
            "Já existe um usuário com o e-mail {} nesta câmara.",
            novo.email
        )),
        e => e,
    })?;
    let depois = serde_json::to_value(&usuario).unwrap_or_default();
    auditoria::criado(tx, autor, "usuario", usuario.id, depois).await?;
    Ok((usuario, senha))
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Usuario>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLS} FROM app.usuario WHERE tenant_id = $1 AND id = $2"
        )),
        id,
    )
    .await
}

/// The user with this e-mail and their password hash.
pub async fn por_email_com_hash(
    tx: &mut TenantTx,
    email: &str,
) -> Result<Option<(Usuario, String)>> {
    let tenant = tx.tenant_id();
    let row: Option<PgRow> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS}, senha_hash FROM app.usuario WHERE tenant_id = $1 AND email = $2"
    )))
    .bind(tenant)
    .bind(email)
    .fetch_optional(tx.conn())
    .await?;
    row.map(|r| Ok((Usuario::from_row(&r)?, r.try_get("senha_hash")?)))
        .transpose()
        .map_err(Error::Db)
}

pub async fn por_email(tx: &mut TenantTx, email: &str) -> Result<Usuario> {
    por_email_com_hash(tx, email)
        .await?
        .map(|(u, _)| u)
        .ok_or_else(|| Error::NotFound(format!("Usuário não encontrado: {email}.")))
}

/// One page of users, by name.
pub async fn listar(tx: &mut TenantTx, limit: i64, offset: i64) -> Result<(Vec<Usuario>, i64)> {
    let tenant = tx.tenant_id();
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM app.usuario WHERE tenant_id = $1 ORDER BY nome, email LIMIT $2 OFFSET $3"
    )))
    .bind(tenant)
    .bind(limit)
    .bind(offset)
    .fetch_all(tx.conn())
    .await?;
    let total = sqlx::query_scalar("SELECT count(*) FROM app.usuario WHERE tenant_id = $1")
        .bind(tenant)
        .fetch_one(tx.conn())
        .await?;
    Ok((rows, total))
}

/// Sets a new password. `provisoria` marks it for change at next login. Ends the user's
/// other sessions (all of them when `manter_sessao` is None).
pub async fn definir_senha(
    tx: &mut TenantTx,
    autor: &Autor,
    usuario: &Usuario,
    senha: &str,
    provisoria: bool,
    manter_sessao: Option<Uuid>,
) -> Result<()> {
    if !provisoria {
        // What an attacker knows of this câmara is part of the policy.
        let camara = crate::camara::config(tx).await?;
        let contexto: Vec<&str> = camara
            .iter()
            .flat_map(|c| [c.nome.as_str(), c.municipio.as_str()])
            .collect();
        domain::auth::validar_senha(senha, &usuario.email, &contexto)?;
    }
    let hash = hash_senha(senha).await?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.usuario SET senha_hash = $3, trocar_senha = $4, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(usuario.id)
    .bind(&hash)
    .bind(provisoria)
    .execute(tx.conn())
    .await?;
    sqlx::query("DELETE FROM app.sessao WHERE tenant_id = $1 AND usuario_id = $2 AND id IS DISTINCT FROM $3")
        .bind(tenant)
        .bind(usuario.id)
        .bind(manter_sessao)
        .execute(tx.conn())
        .await?;
    auditoria::registrar(
        tx,
        autor,
        "usuario",
        Some(&usuario.id.to_string()),
        if provisoria {
            "redefinir_senha"
        } else {
            "trocar_senha"
        },
        None,
        None,
    )
    .await
}

/// Deactivates (or reactivates) a user; deactivation ends their sessions.
pub async fn definir_ativo(
    tx: &mut TenantTx,
    autor: &Autor,
    usuario: &Usuario,
    ativo: bool,
) -> Result<()> {
    if !ativo && ultimo_admin(tx, usuario).await? {
        return Err(Error::Conflict(
            "Este é o único administrador ativo da câmara; ele não pode ser desativado.".into(),
        ));
    }
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.usuario SET ativo = $3, atualizado_em = now() WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(usuario.id)
    .bind(ativo)
    .execute(tx.conn())
    .await?;
    if !ativo {
        sqlx::query("DELETE FROM app.sessao WHERE tenant_id = $1 AND usuario_id = $2")
            .bind(tenant)
            .bind(usuario.id)
            .execute(tx.conn())
            .await?;
    }
    let depois = Usuario {
        ativo,
        ..usuario.clone()
    };
    auditoria::registrar(
        tx,
        autor,
        "usuario",
        Some(&usuario.id.to_string()),
        if ativo { "reativar" } else { "desativar" },
        Some(serde_json::to_value(usuario).unwrap_or_default()),
        Some(serde_json::to_value(&depois).unwrap_or_default()),
    )
    .await
}

/// Whether `usuario` is the câmara's last active administrator (who may not be demoted or
/// deactivated: the câmara would be left without anyone to manage it).
pub async fn ultimo_admin(tx: &mut TenantTx, usuario: &Usuario) -> Result<bool> {
    if usuario.papel != Papel::Admin || !usuario.ativo {
        return Ok(false);
    }
    let tenant = tx.tenant_id();
    let outros: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.usuario
          WHERE tenant_id = $1 AND papel = 'ADMIN' AND ativo AND id <> $2",
    )
    .bind(tenant)
    .bind(usuario.id)
    .fetch_one(tx.conn())
    .await?;
    Ok(outros == 0)
}

/// Changes a user's name and role, audited with before and after.
pub async fn editar(
    tx: &mut TenantTx,
    autor: &Autor,
    usuario: &Usuario,
    nome: &str,
    papel: Papel,
    parlamentar: Option<Uuid>,
) -> Result<Usuario> {
    let nome = nome.trim();
    if !(3..=200).contains(&nome.chars().count()) {
        return Err(ValidationError::new("nome", "O nome deve ter de 3 a 200 caracteres.").into());
    }
    if papel != Papel::Admin && ultimo_admin(tx, usuario).await? {
        return Err(Error::Conflict(
            "Este é o único administrador ativo da câmara; dê o perfil de administrador a outra pessoa antes de mudar este."
                .into(),
        ));
    }
    let tenant = tx.tenant_id();
    let depois: Usuario = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE app.usuario SET nome = $3, papel = $4, parlamentar_id = $5, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2 RETURNING {COLS}"
    )))
    .bind(tenant)
    .bind(usuario.id)
    .bind(nome)
    .bind(papel.as_str())
    .bind(parlamentar)
    .fetch_one(tx.conn())
    .await
    .map_err(|e| match Error::from(e) {
        e if e.constraint() == Some("usuario_parlamentar_unico") => {
            Error::Conflict("Esse parlamentar já está ligado a outra conta de parlamentar.".into())
        }
        e if e.constraint() == Some("usuario_parlamentar_fkey") => {
            Error::NotFound("Parlamentar não encontrado.".into())
        }
        e => e,
    })?;
    auditoria::registrar(
        tx,
        autor,
        "usuario",
        Some(&usuario.id.to_string()),
        "alterar",
        Some(serde_json::to_value(usuario).unwrap_or_default()),
        Some(serde_json::to_value(&depois).unwrap_or_default()),
    )
    .await?;
    Ok(depois)
}

/// How many users the câmara has, and how many are active.
pub async fn contagem(tx: &mut TenantTx) -> Result<(i64, i64)> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE ativo) FROM app.usuario WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?)
}
