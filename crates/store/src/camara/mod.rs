//! The câmara's institutional identity (`app.camara_config`).

use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use uuid::Uuid;

use crate::{Result, TenantTx};

mod portal;
pub use portal::*;

/// What the portal shows in its header and footer.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize, Deserialize)]
pub struct CamaraConfig {
    pub id: Uuid,
    pub nome: String,
    pub municipio: String,
    pub uf: String,
    pub endereco: String,
    pub cep: String,
    pub cnpj: String,
    pub telefones: Vec<String>,
    pub email: String,
    pub horario_atendimento: String,
    pub brasao_key: Option<String>,
    pub cor_primaria: String,
    pub cor_secundaria: String,
    pub fuso_horario: String,
    pub exigir_2fa: bool,
    /// TV Câmara: the channel's or video's address as typed (`domain::tv::player` reads it);
    /// empty for none.
    pub tv_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize, Deserialize)]
pub struct RedeSocial {
    pub rede: String,
    pub url: String,
}

/// What every public page shows of the câmara: its configuration and social networks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identidade {
    pub config: CamaraConfig,
    pub redes: Vec<RedeSocial>,
}

/// The identities of the câmaras this process served, each with the version it was read
/// at. A transaction reads the current version in its first statement, so a hit is never
/// stale: any change to the configuration bumps the version (trigger on `camara_config`).
#[derive(Clone)]
pub struct IdentidadeCache {
    cache: moka::sync::Cache<i32, (i64, std::sync::Arc<Identidade>)>,
}

impl Default for IdentidadeCache {
    fn default() -> Self {
        Self {
            cache: moka::sync::Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(std::time::Duration::from_secs(600))
                .build(),
        }
    }
}

impl IdentidadeCache {
    /// The identity kept for `tenant`, with the version it was read at.
    pub(crate) fn guardada(&self, tenant: i32) -> Option<(i64, std::sync::Arc<Identidade>)> {
        self.cache.get(&tenant)
    }

    pub(crate) fn guardar(&self, tenant: i32, versao: i64, ident: std::sync::Arc<Identidade>) {
        self.cache.insert(tenant, (versao, ident));
    }
}

/// The câmara's identity, from memory when the version matches, else from the database.
pub async fn identidade(tx: &mut TenantTx) -> Result<Option<std::sync::Arc<Identidade>>> {
    let tenant = tx.tenant_id();
    if let Some(versao) = tx.versao()
        && let Some((v, ident)) = tx.identidades().guardada(tenant)
        && v == versao
    {
        return Ok(Some(ident));
    }
    let Some(config) = config(tx).await? else {
        return Ok(None);
    };
    let redes = redes_sociais(tx).await?;
    let ident = std::sync::Arc::new(Identidade { config, redes });
    if let Some(versao) = tx.versao() {
        tx.identidades().guardar(tenant, versao, ident.clone());
    }
    Ok(Some(ident))
}

pub async fn config(tx: &mut TenantTx) -> Result<Option<CamaraConfig>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, nome, municipio, uf, endereco, cep, cnpj, telefones, email,
                horario_atendimento, brasao_key, cor_primaria, cor_secundaria, fuso_horario,
                exigir_2fa, tv_url
           FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn redes_sociais(tx: &mut TenantTx) -> Result<Vec<RedeSocial>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT rede, url FROM app.camara_rede_social WHERE tenant_id = $1 ORDER BY ordem, rede",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

/// Adds a social-network link to the câmara's identity.
pub async fn add_rede_social(tx: &mut TenantTx, rede: &str, url: &str, ordem: i32) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.camara_rede_social (tenant_id, id, config_id, rede, url, ordem)
         SELECT $1, $2, c.id, $3, $4, $5 FROM app.camara_config c WHERE c.tenant_id = $1",
    )
    .bind(tenant)
    .bind(id)
    .bind(rede)
    .bind(url)
    .bind(ordem)
    .execute(tx.conn())
    .await?;
    // The portal's identity changed: bump its version (the trigger does it on any update).
    sqlx::query("UPDATE app.camara_config SET updated_at = now() WHERE tenant_id = $1")
        .bind(tenant)
        .execute(tx.conn())
        .await?;
    Ok(id)
}

/// Sets the TV Câmara's address (already checked by `domain::tv::player`; empty: none),
/// audited with before and after.
pub async fn definir_tv(
    tx: &mut TenantTx,
    autor: &crate::auditoria::Autor,
    tv_url: &str,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let antes: Option<String> =
        sqlx::query_scalar("SELECT tv_url FROM app.camara_config WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_optional(tx.conn())
            .await?;
    sqlx::query(
        "UPDATE app.camara_config SET tv_url = $2, updated_at = now() WHERE tenant_id = $1",
    )
    .bind(tenant)
    .bind(tv_url)
    .execute(tx.conn())
    .await?;
    crate::auditoria::registrar(
        tx,
        autor,
        "camara_config",
        None,
        "alterar_tv",
        Some(serde_json::json!({ "tv_url": antes.unwrap_or_default() })),
        Some(serde_json::json!({ "tv_url": tv_url })),
    )
    .await
}

/// The editable parts of the identity (the whole set is written at once).
#[derive(Debug, Clone, Default)]
pub struct Contatos {
    pub endereco: String,
    pub cep: String,
    pub cnpj: String,
    pub telefones: Vec<String>,
    pub email: String,
    pub horario_atendimento: String,
}

pub async fn update_contatos(tx: &mut TenantTx, c: &Contatos) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.camara_config
            SET endereco = $2, cep = $3, cnpj = $4, telefones = $5, email = $6,
                horario_atendimento = $7, updated_at = now()
          WHERE tenant_id = $1",
    )
    .bind(tenant)
    .bind(&c.endereco)
    .bind(&c.cep)
    .bind(&c.cnpj)
    .bind(&c.telefones)
    .bind(&c.email)
    .bind(&c.horario_atendimento)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn update_cores(tx: &mut TenantTx, primaria: &str, secundaria: &str) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.camara_config SET cor_primaria = $2, cor_secundaria = $3, updated_at = now()
          WHERE tenant_id = $1",
    )
    .bind(tenant)
    .bind(primaria)
    .bind(secundaria)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Saves the identity edited by an administrator, with its before and after in the audit
/// log, in the same transaction.
pub async fn atualizar_identidade(
    tx: &mut TenantTx,
    autor: &crate::auditoria::Autor,
    i: &domain::identidade::Identidade,
) -> Result<CamaraConfig> {
    let antes = config(tx).await?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.camara_config
            SET nome = $2, endereco = $3, cep = $4, cnpj = $5, telefones = $6, email = $7,
                horario_atendimento = $8, cor_primaria = $9, cor_secundaria = $10,
                fuso_horario = $11, exigir_2fa = $12, updated_at = now()
          WHERE tenant_id = $1",
    )
    .bind(tenant)
    .bind(&i.nome)
    .bind(&i.endereco)
    .bind(&i.cep)
    .bind(&i.cnpj)
    .bind(&i.telefones)
    .bind(&i.email)
    .bind(&i.horario_atendimento)
    .bind(&i.cor_primaria)
    .bind(&i.cor_secundaria)
    .bind(&i.fuso_horario)
    .bind(i.exigir_2fa)
    .execute(tx.conn())
    .await?;
    let depois = config(tx)
        .await?
        .ok_or_else(|| crate::Error::NotFound("Configuração da câmara não encontrada.".into()))?;
    crate::auditoria::registrar(
        tx,
        autor,
        "camara_config",
        Some(&depois.id.to_string()),
        "alterar",
        antes.map(|a| serde_json::to_value(a).unwrap_or_default()),
        Some(serde_json::to_value(&depois).unwrap_or_default()),
    )
    .await?;
    Ok(depois)
}

/// Replaces the brasão (an already processed PNG), audited.
pub async fn definir_brasao(
    tx: &mut TenantTx,
    autor: &crate::auditoria::Autor,
    arquivos: &crate::infra::arquivos::Arquivos,
    png: Vec<u8>,
) -> Result<String> {
    let tenant = tx.tenant_id();
    let key = arquivos.guardar(tenant, "brasao", "png", png).await?;
    let antes: Option<Option<String>> =
        sqlx::query_scalar("SELECT brasao_key FROM app.camara_config WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_optional(tx.conn())
            .await?;
    sqlx::query(
        "UPDATE app.camara_config SET brasao_key = $2, updated_at = now() WHERE tenant_id = $1",
    )
    .bind(tenant)
    .bind(&key)
    .execute(tx.conn())
    .await?;
    crate::auditoria::registrar(
        tx,
        autor,
        "camara_config",
        None,
        "alterar_brasao",
        Some(serde_json::json!({ "brasao_key": antes.flatten() })),
        Some(serde_json::json!({ "brasao_key": key })),
    )
    .await?;
    Ok(key)
}

/// Today in the câmara's own time zone (as of the transaction's start).
pub async fn hoje(tx: &mut TenantTx) -> Result<time::Date> {
    if let Some(h) = tx.hoje() {
        return Ok(h);
    }
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT (now() AT TIME ZONE fuso_horario)::date FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?)
}

/// Now in the câmara's time zone, dd/mm/aaaa hh:mm (when a document is issued).
pub async fn agora_local(tx: &mut TenantTx) -> Result<String> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT to_char(now() AT TIME ZONE fuso_horario, 'DD/MM/YYYY HH24:MI')
           FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?)
}

/// The privacy notice (LGPD art. 41 and 23): the encarregado and the policy (Markdown; an
/// empty policy shows the default text of the portal).
#[derive(Debug, Clone, Default, PartialEq, Eq, FromRow, Serialize)]
pub struct Privacidade {
    pub encarregado_nome: String,
    pub encarregado_email: String,
    pub encarregado_telefone: String,
    pub politica_privacidade: String,
}

pub async fn privacidade(tx: &mut TenantTx) -> Result<Privacidade> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT encarregado_nome, encarregado_email, encarregado_telefone, politica_privacidade
           FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_optional(tx.conn())
    .await?
    .unwrap_or_default())
}

/// Validates and saves the privacy notice, audited with its before and after.
pub async fn atualizar_privacidade(
    tx: &mut TenantTx,
    autor: &crate::auditoria::Autor,
    p: &Privacidade,
) -> std::result::Result<Privacidade, crate::Error> {
    let mut erros = Vec::new();
    let nome = p.encarregado_nome.trim().to_owned();
    if nome.chars().count() > 200 {
        erros.push("O nome do encarregado deve ter no máximo 200 caracteres.");
    }
    let email = if p.encarregado_email.trim().is_empty() {
        String::new()
    } else {
        match domain::auth::parse_email(&p.encarregado_email) {
            Ok(e) => e,
            Err(_) => {
                erros
                    .push("Informe um e-mail válido para o encarregado (ex.: lgpd@camara.leg.br).");
                String::new()
            }
        }
    };
    let telefone = p.encarregado_telefone.trim().to_owned();
    if telefone.chars().count() > 40 {
        erros.push("O telefone do encarregado deve ter no máximo 40 caracteres.");
    }
    if p.politica_privacidade.len() > 100_000 {
        erros.push("A política de privacidade deve ter no máximo 100.000 caracteres.");
    }
    if !nome.is_empty() && email.is_empty() && telefone.is_empty() && erros.is_empty() {
        erros.push("Informe ao menos um contato do encarregado (e-mail ou telefone).");
    }
    if let Some(primeiro) = erros.first() {
        return Err(domain::ValidationError::new("privacidade", *primeiro).into());
    }
    let antes = privacidade(tx).await?;
    let depois = Privacidade {
        encarregado_nome: nome,
        encarregado_email: email,
        encarregado_telefone: telefone,
        politica_privacidade: p.politica_privacidade.replace("\r\n", "\n"),
    };
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.camara_config
            SET encarregado_nome = $2, encarregado_email = $3, encarregado_telefone = $4,
                politica_privacidade = $5, updated_at = now()
          WHERE tenant_id = $1",
    )
    .bind(tenant)
    .bind(&depois.encarregado_nome)
    .bind(&depois.encarregado_email)
    .bind(&depois.encarregado_telefone)
    .bind(&depois.politica_privacidade)
    .execute(tx.conn())
    .await?;
    crate::auditoria::registrar(
        tx,
        autor,
        "camara_config",
        None,
        "alterar_privacidade",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&depois).ok(),
    )
    .await?;
    Ok(depois)
}
