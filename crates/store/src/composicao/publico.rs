//! The parlamentares as the public portal and the open data show them.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::*;
use crate::infra::aberto::{Celula, dados_e_csv};
use crate::infra::planos;
use crate::{Result, TenantTx};

/// A parlamentar as the public portal shows them (no personal data: never the CPF).
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct ParlamentarPublico {
    pub id: Uuid,
    pub slug: String,
    pub nome_parlamentar: String,
    pub nome_civil: String,
    pub partido: Option<String>,
    /// `titular` or `suplente` in the legislatura asked for.
    pub mandato: Option<String>,
    pub email: String,
    pub telefone: String,
    pub biografia: String,
    pub gabinete_sala: String,
    pub gabinete_telefone: String,
    /// The photo's public address (see [`foto_url`]).
    pub foto: Option<String>,
}

impl ParlamentarPublico {
    /// The initials shown in place of a missing photo ("Zé da Farmácia" → "ZF").
    pub fn iniciais(&self) -> String {
        iniciais(&self.nome_parlamentar)
    }
}

/// "Zé da Farmácia" → "ZF" (the first and last capitalised words).
pub fn iniciais(nome: &str) -> String {
    let palavras: Vec<&str> = nome
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let mut s: String = palavras
        .first()
        .map(|w| w.chars().take(1).collect())
        .unwrap_or_default();
    if palavras.len() > 1
        && let Some(w) = palavras.last()
    {
        s.extend(w.chars().take(1));
    }
    s
}

/// The columns of [`ParlamentarPublico`] but the photo (`p` is the parlamentar): the partido on
/// `dia` and the mandato's tipo in `legislatura` (SQL expressions).
pub(super) fn publico(dia: &str, legislatura: &str) -> String {
    format!(
        "p.id, p.slug, p.nome_parlamentar, p.nome_civil,
    (SELECT pa.sigla FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
      WHERE f.tenant_id = p.tenant_id AND f.parlamentar_id = p.id
        AND f.inicio <= {dia} AND (f.fim IS NULL OR f.fim > {dia})
      ORDER BY f.inicio DESC LIMIT 1) AS partido,
    (SELECT m.tipo FROM app.mandato m
      WHERE m.tenant_id = p.tenant_id AND m.parlamentar_id = p.id AND m.legislatura_id = {legislatura}
      ORDER BY m.inicio DESC LIMIT 1) AS mandato,
    p.email, p.telefone, p.biografia, p.gabinete_sala, p.gabinete_telefone"
    )
}

/// The active parlamentares with a mandato in the legislatura, by slug after `depois`,
/// optionally only those filiated to the partido `sigla` on `dia` (any case).
pub async fn da_legislatura_filtrada(
    tx: &mut TenantTx,
    legislatura: Uuid,
    dia: Date,
    sigla: Option<&str>,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<ParlamentarPublico>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM (SELECT {}, {FOTO_SQL} AS foto FROM app.parlamentar p
          WHERE p.tenant_id = $1 AND p.ativo
            AND EXISTS (SELECT 1 FROM app.mandato m WHERE m.tenant_id = p.tenant_id
                         AND m.parlamentar_id = p.id AND m.legislatura_id = $3)
            AND ($4::text IS NULL OR p.slug > $4)) x
          WHERE ($5::text IS NULL OR lower(x.partido) = lower($5))
          ORDER BY x.slug LIMIT {}",
        publico("$2::date", "$3"),
        planos::limite(limite)
    )))
    .bind(tenant)
    .bind(dia)
    .bind(legislatura)
    .bind(depois)
    .bind(sigla)
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
        "SELECT {}, {FOTO_SQL} AS foto FROM app.parlamentar p WHERE p.tenant_id = $1 AND p.slug = $4",
        publico("$2::date", "$3")
    )))
    .bind(tenant)
    .bind(dia)
    .bind(legislatura)
    .bind(slug)
    .fetch_optional(tx.conn())
    .await?)
}

dados_e_csv! {
    /// A parlamentar as `/api/v1/parlamentares` gives it (JSON and CSV): no personal data.
    #[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
    ParlamentarDados /
    /// The same parlamentar as one flat CSV row: `redes_sociais` reads `rede url; rede url`.
    #[derive(Debug, Clone, Serialize)]
    ParlamentarCsv {
        id: Uuid,
        slug: String,
        nome_parlamentar: String,
        nome_civil: String,
        partido: Option<String>,
        mandato: Option<String>,
        email: String,
        telefone: String,
        gabinete_sala: String,
        gabinete_telefone: String,
        /// The photo's address (relative to the câmara's portal).
        foto: Option<String>,
        [
            /// The social networks, in the parlamentar's order (in the CSV, [`ParlamentarCsv`]).
            redes_sociais: RedeSocialDados
        ],
        uri: String,
    }
}

/// One social network of a parlamentar in the open data.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct RedeSocialDados {
    pub rede: String,
    pub url: String,
}

impl Celula for RedeSocialDados {
    fn celula(&self) -> String {
        format!("{} {}", self.rede, self.url)
    }
}
