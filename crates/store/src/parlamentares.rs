//! The câmara's composition: legislaturas, partidos, parlamentares, mandatos, filiações.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::{Error, Result, TenantTx};

/// Maps the database's refusals of this module to messages about the input.
fn regra(e: sqlx::Error) -> Error {
    let e = Error::from(e);
    match (e.sqlstate().as_deref(), e.constraint()) {
        (Some("23P01"), Some(c)) if c.starts_with("legislatura") => {
            Error::Conflict("O período se sobrepõe ao de outra legislatura.".into())
        }
        (Some("23P01"), Some(c)) if c.starts_with("mandato") => Error::Conflict(
            "O parlamentar já tem um mandato que se sobrepõe a este período.".into(),
        ),
        (Some("23P01"), Some(c)) if c.starts_with("filiacao") => Error::Conflict(
            "O parlamentar já tem uma filiação partidária nesse período; encerre-a antes.".into(),
        ),
        (Some("23505"), Some(c)) if c.contains("slug") => {
            Error::Conflict("Já existe um parlamentar com esse endereço (slug).".into())
        }
        (Some("23505"), Some(c)) if c.contains("sigla") => {
            Error::Conflict("Já existe um partido com essa sigla.".into())
        }
        (Some("23505"), Some(c)) if c.contains("numero") => {
            Error::Conflict("Já existe uma legislatura com esse número.".into())
        }
        (Some("23P01"), Some(c)) if c.starts_with("sessao_legislativa") => {
            Error::Conflict("O período se sobrepõe ao de outra sessão legislativa.".into())
        }
        (Some("23505"), Some(c)) if c.starts_with("sessao_legislativa") => Error::Conflict(
            "Já existe uma sessão legislativa com esse número nesta legislatura.".into(),
        ),
        (Some("23514"), Some("sessao_legislativa_dentro")) => {
            Error::Validation(domain::ValidationError::new(
                "inicio",
                "A sessão legislativa deve estar dentro do período da legislatura.",
            ))
        }
        (Some("23514"), _) => Error::Validation(domain::ValidationError::new(
            "dados",
            "Algum campo está fora do formato aceito (datas, CPF com 11 dígitos, sigla…).",
        )),
        _ => e,
    }
}

#[derive(Debug, Clone, FromRow, Serialize, utoipa::ToSchema)]
pub struct Legislatura {
    pub id: Uuid,
    pub numero: i32,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
}

/// Dates leave the system as ISO 8601 (`2025-01-01`), in JSON and CSV alike.
pub fn data_iso<S: serde::Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

pub async fn criar_legislatura(
    tx: &mut TenantTx,
    autor: &Autor,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<Legislatura> {
    let tenant = tx.tenant_id();
    let l: Legislatura = sqlx::query_as(
        "INSERT INTO app.legislatura (tenant_id, id, numero, inicio, fim) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(regra)?;
    auditoria::registrar(
        tx,
        autor,
        "legislatura",
        Some(&l.id.to_string()),
        "criar",
        None,
        serde_json::to_value(&l).ok(),
    )
    .await?;
    Ok(l)
}

/// The legislatura in force on `dia`, or else the latest one.
pub async fn legislatura_atual(tx: &mut TenantTx, dia: Date) -> Result<Option<Legislatura>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1
          ORDER BY (daterange(inicio, fim, '[]') @> $2::date) DESC, inicio DESC LIMIT 1",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn criar_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    sigla: &str,
    nome: &str,
    numero: Option<i32>,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.partido (tenant_id, id, sigla, nome, numero) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant)
    .bind(id)
    .bind(sigla.trim())
    .bind(nome.trim())
    .bind(numero)
    .execute(tx.conn())
    .await
    .map_err(regra)?;
    auditoria::registrar(
        tx,
        autor,
        "partido",
        Some(&id.to_string()),
        "criar",
        None,
        Some(serde_json::json!({ "sigla": sigla, "nome": nome })),
    )
    .await?;
    Ok(id)
}

/// What an administrator fills in (validated by the database's checks and here).
#[derive(Debug, Clone, Default)]
pub struct NovoParlamentar {
    pub nome_civil: String,
    pub nome_parlamentar: String,
    pub biografia: String,
    pub email: String,
    pub telefone: String,
    pub cpf: Option<String>,
}

pub async fn criar_parlamentar(
    tx: &mut TenantTx,
    autor: &Autor,
    p: &NovoParlamentar,
) -> Result<(Uuid, String)> {
    let slug = domain::slugify(&p.nome_parlamentar);
    if slug.is_empty() {
        return Err(domain::ValidationError::new(
            "nome_parlamentar",
            "Informe o nome parlamentar.",
        )
        .into());
    }
    let cpf: Option<String> = p
        .cpf
        .as_deref()
        .map(|c| c.chars().filter(char::is_ascii_digit).collect())
        .filter(|c: &String| !c.is_empty());
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.parlamentar (tenant_id, id, nome_civil, nome_parlamentar, slug, biografia, email, telefone, cpf)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant)
    .bind(id)
    .bind(p.nome_civil.trim())
    .bind(p.nome_parlamentar.trim())
    .bind(&slug)
    .bind(&p.biografia)
    .bind(&p.email)
    .bind(&p.telefone)
    .bind(cpf)
    .execute(tx.conn())
    .await
    .map_err(regra)?;
    // The audit log keeps the entity without its CPF.
    auditoria::registrar(
        tx,
        autor,
        "parlamentar",
        Some(&id.to_string()),
        "criar",
        None,
        Some(serde_json::json!({ "nome_parlamentar": p.nome_parlamentar, "slug": slug })),
    )
    .await?;
    Ok((id, slug))
}

#[allow(clippy::too_many_arguments)]
pub async fn criar_mandato(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    legislatura: Uuid,
    titular: bool,
    votos: Option<i32>,
    inicio: Date,
    fim: Date,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.mandato (tenant_id, id, parlamentar_id, legislatura_id, tipo, votos, inicio, fim)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(legislatura)
    .bind(if titular { "titular" } else { "suplente" })
    .bind(votos)
    .bind(inicio)
    .bind(fim)
    .execute(tx.conn())
    .await
    .map_err(regra)?;
    auditoria::registrar(tx, autor, "mandato", Some(&id.to_string()), "criar", None, Some(serde_json::json!({ "parlamentar": parlamentar, "legislatura": legislatura, "inicio": inicio, "fim": fim }))).await?;
    Ok(id)
}

pub async fn filiar(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    partido: Uuid,
    inicio: Date,
    fim: Option<Date>,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.filiacao (tenant_id, id, parlamentar_id, partido_id, inicio, fim) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(partido)
    .bind(inicio)
    .bind(fim)
    .execute(tx.conn())
    .await
    .map_err(regra)?;
    auditoria::registrar(tx, autor, "filiacao", Some(&id.to_string()), "criar", None, Some(serde_json::json!({ "parlamentar": parlamentar, "partido": partido, "inicio": inicio, "fim": fim }))).await?;
    Ok(id)
}

/// A parlamentar as the public portal and the open data show them (no personal data).
#[derive(Debug, Clone, FromRow, Serialize, utoipa::ToSchema)]
pub struct ParlamentarPublico {
    pub id: Uuid,
    pub slug: String,
    pub nome_parlamentar: String,
    pub nome_civil: String,
    pub partido: Option<String>,
    pub mandato: Option<String>,
    pub email: String,
    pub telefone: String,
    pub biografia: String,
}

const PUBLICO: &str = "p.id, p.slug, p.nome_parlamentar, p.nome_civil,
    (SELECT pa.sigla FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
      WHERE f.tenant_id = p.tenant_id AND f.parlamentar_id = p.id AND daterange(f.inicio, f.fim, '[)') @> $2::date
      LIMIT 1) AS partido,
    (SELECT m.tipo FROM app.mandato m
      WHERE m.tenant_id = p.tenant_id AND m.parlamentar_id = p.id AND m.legislatura_id = $3
      ORDER BY m.inicio DESC LIMIT 1) AS mandato,
    p.email, p.telefone, p.biografia";

/// The parlamentares with a mandato in `legislatura`, by name; `depois` is the cursor (the
/// last slug of the previous page).
pub async fn da_legislatura(
    tx: &mut TenantTx,
    legislatura: Uuid,
    dia: Date,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<ParlamentarPublico>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PUBLICO} FROM app.parlamentar p
          WHERE p.tenant_id = $1 AND p.ativo
            AND EXISTS (SELECT 1 FROM app.mandato m WHERE m.tenant_id = p.tenant_id
                         AND m.parlamentar_id = p.id AND m.legislatura_id = $3)
            AND ($4::text IS NULL OR p.slug > $4)
          ORDER BY p.slug LIMIT $5"
    )))
    .bind(tenant)
    .bind(dia)
    .bind(legislatura)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn por_slug(
    tx: &mut TenantTx,
    slug: &str,
    legislatura: Option<Uuid>,
    dia: Date,
) -> Result<Option<ParlamentarPublico>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PUBLICO} FROM app.parlamentar p WHERE p.tenant_id = $1 AND p.slug = $4"
    )))
    .bind(tenant)
    .bind(dia)
    .bind(legislatura)
    .bind(slug)
    .fetch_optional(tx.conn())
    .await?)
}

/// Legislaturas by number, after `depois`.
pub async fn legislaturas(
    tx: &mut TenantTx,
    depois: Option<i32>,
    limite: i64,
) -> Result<Vec<Legislatura>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, numero, inicio, fim FROM app.legislatura
          WHERE tenant_id = $1 AND ($2::int IS NULL OR numero > $2) ORDER BY numero LIMIT $3",
    )
    .bind(tenant)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?)
}

#[derive(Debug, Clone, FromRow, Serialize, utoipa::ToSchema)]
pub struct Partido {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub numero: Option<i32>,
}

/// Partidos by sigla, after `depois`.
pub async fn partidos(
    tx: &mut TenantTx,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<Partido>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, sigla, nome, numero FROM app.partido
          WHERE tenant_id = $1 AND ($2::text IS NULL OR sigla > $2) ORDER BY sigla LIMIT $3",
    )
    .bind(tenant)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?)
}

/// Every parlamentar of the câmara, by name (for choosing one in a form).
pub async fn opcoes(tx: &mut TenantTx) -> Result<Vec<(Uuid, String)>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, nome_parlamentar FROM app.parlamentar WHERE tenant_id = $1 ORDER BY nome_parlamentar",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

/// A sessão legislativa: one yearly period of a legislatura.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct SessaoLegislativa {
    pub id: Uuid,
    pub legislatura_id: Uuid,
    pub numero: i32,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
}

pub async fn criar_sessao_legislativa(
    tx: &mut TenantTx,
    autor: &Autor,
    legislatura_id: Uuid,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<SessaoLegislativa> {
    let tenant = tx.tenant_id();
    let s: SessaoLegislativa = sqlx::query_as(
        "INSERT INTO app.sessao_legislativa (tenant_id, id, legislatura_id, numero, inicio, fim)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, legislatura_id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(legislatura_id)
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(regra)?;
    auditoria::registrar(
        tx,
        autor,
        "sessao_legislativa",
        Some(&s.id.to_string()),
        "criar",
        None,
        serde_json::to_value(&s).ok(),
    )
    .await?;
    Ok(s)
}

/// The sessões legislativas of one legislatura, oldest first.
pub async fn sessoes_legislativas(
    tx: &mut TenantTx,
    legislatura_id: Uuid,
) -> Result<Vec<SessaoLegislativa>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND legislatura_id = $2 ORDER BY inicio",
    )
    .bind(tenant)
    .bind(legislatura_id)
    .fetch_all(tx.conn())
    .await?)
}

/// The sessão legislativa that contains `dia`, if any.
pub async fn sessao_legislativa_em(
    tx: &mut TenantTx,
    dia: Date,
) -> Result<Option<SessaoLegislativa>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND daterange(inicio, fim, '[]') @> $2::date",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_optional(tx.conn())
    .await?)
}
