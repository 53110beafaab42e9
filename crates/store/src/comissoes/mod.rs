//! Comissões (permanentes, temporárias, CPIs, especiais) and their composição over time.
//!
//! A membership ([`MembroComissao`]) has a designação and, once it ends, a desligamento;
//! history is kept (a membership entered by mistake is the only thing ever deleted). The
//! database refuses a parlamentar twice in a comissão at once, two presidentes or two
//! vice-presidentes at once, a designação outside the comissão's life and a member without
//! a mandato on the designação date.
//!
//! The comissões at work (migration 0020): [`distribuicao`] of proposições by despacho,
//! [`relatoria`] (the relator, a current member, with a prazo in dias úteis),
//! [`pareceres`] (the relator's, the comissão's vote on it, the parecer da comissão) and
//! [`reunioes`] (pauta, presença, ata). The members at work from their own accounts
//! (migration 0021): [`participacao`] (the relator's matérias and parecer, the electronic
//! vote of each member, opened and closed by the secretaria).

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor, json};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

mod dados;
pub mod distribuicao;
mod membros;
pub mod pareceres;
pub mod participacao;
pub mod relatoria;
pub mod reunioes;

pub use dados::*;
pub use distribuicao::{distribuir, marcar_pronta};
pub use membros::*;
pub use pareceres::pareceres_da_proposicao;

/// The kinds of comissão: (value, label), in the order the portal groups them.
pub const TIPOS: [(&str, &str); 4] = [
    ("permanente", "Permanentes"),
    ("temporaria", "Temporárias"),
    ("especial", "Especiais"),
    ("cpi", "Comissões Parlamentares de Inquérito"),
];

/// The cargos in a comissão: (value, label).
pub const CARGOS: [(&str, &str); 4] = [
    ("presidente", "Presidente"),
    ("vice-presidente", "Vice-Presidente"),
    ("relator", "Relator"),
    ("membro", "Membro"),
];

pub fn tipo_label(tipo: &str) -> &'static str {
    match tipo {
        "permanente" => "Permanente",
        "temporaria" => "Temporária",
        "especial" => "Especial",
        "cpi" => "CPI",
        _ => "",
    }
}

pub fn cargo_label(cargo: &str) -> &'static str {
    CARGOS
        .iter()
        .find(|(v, _)| *v == cargo)
        .map(|(_, l)| *l)
        .unwrap_or("")
}
/// A comissão.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Comissao {
    pub id: Uuid,
    pub tipo: String,
    pub nome: String,
    pub sigla: String,
    pub slug: String,
    pub finalidade: String,
    #[serde(serialize_with = "data_iso")]
    pub criacao: Date,
    #[serde(serialize_with = "data_opcional")]
    pub prazo: Option<Date>,
    #[serde(serialize_with = "data_opcional")]
    pub extincao: Option<Date>,
    pub ativa: bool,
}

impl Comissao {
    pub fn tipo_label(&self) -> &'static str {
        tipo_label(&self.tipo)
    }

    /// The path of its public page.
    pub fn caminho(&self) -> String {
        format!("/legislativo/comissoes/{}", self.sigla.to_lowercase())
    }
}

/// An optional date as ISO 8601, or null (empty in CSV).
pub use crate::composicao::data_iso_opt as data_opcional;

const COMISSAO: &str = "SELECT id, tipo, nome, sigla, slug, finalidade, criacao, prazo, extincao, ativa FROM app.comissao";

/// What an administrator fills in to create or edit a comissão.
#[derive(Debug, Clone)]
pub struct DadosComissao {
    pub tipo: String,
    pub nome: String,
    pub sigla: String,
    pub finalidade: String,
    pub criacao: Date,
    pub prazo: Option<Date>,
}

impl DadosComissao {
    /// Checks and normalises (sigla in capitals); the slug comes from the nome.
    fn validar(&self) -> Result<(String, String)> {
        if !TIPOS.iter().any(|(v, _)| *v == self.tipo) {
            return Err(invalido("tipo", "Escolha o tipo da comissão."));
        }
        let n = self.nome.trim().chars().count();
        if !(3..=200).contains(&n) {
            return Err(invalido("nome", "O nome deve ter de 3 a 200 caracteres."));
        }
        let sigla = self.sigla.trim().to_uppercase();
        let valida = |p: &str, max: usize| {
            !p.is_empty()
                && p.len() <= max
                && p.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        };
        let ok = match sigla.split_once('-') {
            Some((a, b)) => valida(a, 12) && a.len() >= 2 && valida(b, 12),
            None => valida(&sigla, 12) && sigla.len() >= 2,
        };
        if !ok {
            return Err(invalido(
                "sigla",
                "A sigla deve ter de 2 a 12 letras ou números (sem acentos), com um hífen opcional (ex.: CPI-1).",
            ));
        }
        if matches!(self.tipo.as_str(), "temporaria" | "cpi") && self.prazo.is_none() {
            return Err(invalido(
                "prazo",
                "Comissões temporárias e CPIs precisam de um prazo.",
            ));
        }
        if self.prazo.is_some_and(|p| p < self.criacao) {
            return Err(invalido(
                "prazo",
                "O prazo não pode ser anterior à criação.",
            ));
        }
        let slug = domain::slugify(&self.nome);
        if slug.is_empty() {
            return Err(invalido("nome", "Informe o nome da comissão."));
        }
        Ok((sigla, slug))
    }
}

pub async fn criar(tx: &mut TenantTx, autor: &Autor, d: &DadosComissao) -> Result<Comissao> {
    let (sigla, slug) = d.validar()?;
    let tenant = tx.tenant_id();
    let c: Comissao = sqlx::query_as(
        "INSERT INTO app.comissao (tenant_id, id, tipo, nome, sigla, slug, finalidade, criacao, prazo)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, tipo, nome, sigla, slug, finalidade, criacao, prazo, extincao, ativa",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(&d.tipo)
    .bind(d.nome.trim())
    .bind(&sigla)
    .bind(&slug)
    .bind(&d.finalidade)
    .bind(d.criacao)
    .bind(d.prazo)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::mudanca(tx, autor, "comissao", c.id, "criar", None, json(&c)).await?;
    unidade(tx, c.id).await?;
    Ok(c)
}

pub async fn editar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosComissao,
) -> Result<Comissao> {
    let (sigla, slug) = d.validar()?;
    let antes = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Comissão não encontrada.".into()))?;
    if d.criacao > antes.criacao {
        let tenant = tx.tenant_id();
        let anterior: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM app.membro_comissao
                             WHERE tenant_id = $1 AND comissao_id = $2 AND designacao < $3)",
        )
        .bind(tenant)
        .bind(id)
        .bind(d.criacao)
        .fetch_one(tx.conn())
        .await?;
        if anterior {
            return Err(invalido(
                "criacao",
                "Há designações anteriores a essa data de criação.",
            ));
        }
    }
    let tenant = tx.tenant_id();
    let c: Comissao = sqlx::query_as(
        "UPDATE app.comissao SET tipo = $3, nome = $4, sigla = $5, slug = $6, finalidade = $7,
                criacao = $8, prazo = $9
          WHERE tenant_id = $1 AND id = $2
         RETURNING id, tipo, nome, sigla, slug, finalidade, criacao, prazo, extincao, ativa",
    )
    .bind(tenant)
    .bind(id)
    .bind(&d.tipo)
    .bind(d.nome.trim())
    .bind(&sigla)
    .bind(&slug)
    .bind(&d.finalidade)
    .bind(d.criacao)
    .bind(d.prazo)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::mudanca(tx, autor, "comissao", id, "editar", json(&antes), json(&c)).await?;
    unidade(tx, id).await?;
    Ok(c)
}

/// Extinguishes a comissão on `data`: its open memberships end that day too.
pub async fn extinguir(tx: &mut TenantTx, autor: &Autor, id: Uuid, data: Date) -> Result<()> {
    let antes = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Comissão não encontrada.".into()))?;
    if !antes.ativa {
        return Err(Error::Conflict("A comissão já está extinta.".into()));
    }
    if data < antes.criacao {
        return Err(invalido(
            "extincao",
            "A extinção não pode ser anterior à criação.",
        ));
    }
    let tenant = tx.tenant_id();
    let depois_da_extincao: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.membro_comissao
                         WHERE tenant_id = $1 AND comissao_id = $2 AND designacao > $3)",
    )
    .bind(tenant)
    .bind(id)
    .bind(data)
    .fetch_one(tx.conn())
    .await?;
    if depois_da_extincao {
        return Err(invalido(
            "extincao",
            "Há designações posteriores a essa data; a extinção deve ser depois delas.",
        ));
    }
    sqlx::query(
        "UPDATE app.membro_comissao SET desligamento = $3,
                motivo = CASE WHEN motivo = '' THEN 'Extinção da comissão' ELSE motivo END
          WHERE tenant_id = $1 AND comissao_id = $2 AND (desligamento IS NULL OR desligamento > $3)",
    )
    .bind(tenant)
    .bind(id)
    .bind(data)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    sqlx::query(
        "UPDATE app.comissao SET extincao = $3, ativa = false WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(data)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    unidade(tx, id).await?;
    auditoria::registrar(
        tx,
        autor,
        "comissao",
        Some(&id.to_string()),
        "extinguir",
        serde_json::to_value(&antes).ok(),
        Some(serde_json::json!({ "extincao": data.to_string() })),
    )
    .await
}

/// Every comissão is a unidade de tramitação under its own name, active while it is.
async fn unidade(tx: &mut TenantTx, comissao_id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "INSERT INTO app.unidade (tenant_id, id, nome, tipo, comissao_id, ativa)
         SELECT tenant_id, $3, nome, 'comissao', id, ativa FROM app.comissao
          WHERE tenant_id = $1 AND id = $2
         ON CONFLICT (tenant_id, comissao_id) DO UPDATE SET nome = EXCLUDED.nome, ativa = EXCLUDED.ativa",
    )
    .bind(tenant)
    .bind(comissao_id)
    .bind(Uuid::now_v7())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    Ok(())
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Comissao>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{COMISSAO} WHERE tenant_id = $1 AND id = $2")),
        id,
    )
    .await
}

/// The comissão a public address names: its sigla (any case) or its slug.
pub async fn por_sigla_ou_slug(tx: &mut TenantTx, chave: &str) -> Result<Option<Comissao>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "{COMISSAO} WHERE tenant_id = $1 AND (sigla = upper($2) OR slug = $2)
          ORDER BY (sigla = upper($2)) DESC LIMIT 1"
        )),
        chave,
    )
    .await
}

/// A page of comissões for the admin, by sigla, with the total; `busca` matches the nome
/// (accents and case aside) or the sigla.
pub async fn listar(
    tx: &mut TenantTx,
    busca: Option<&str>,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Comissao>, i64)> {
    let tenant = tx.tenant_id();
    let termo = busca
        .map(domain::slugify)
        .filter(|t| !t.is_empty())
        .map(|t| format!("%{t}%"));
    let filtro = "tenant_id = $1 AND ($2::text IS NULL OR slug LIKE $2 OR lower(sigla) LIKE $2)";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.comissao WHERE {filtro}"
    )))
    .bind(tenant)
    .bind(&termo)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COMISSAO} WHERE {filtro} ORDER BY ativa DESC, sigla LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(&termo)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The active comissões, by tipo (in [`TIPOS`] order) and nome.
pub async fn comissoes_ativas(tx: &mut TenantTx) -> Result<Vec<Comissao>> {
    tx.todas(sqlx::AssertSqlSafe(format!(
        "{COMISSAO} WHERE tenant_id = $1 AND ativa
          ORDER BY array_position(ARRAY['permanente', 'temporaria', 'especial', 'cpi'], tipo), nome"
    )))
    .await
}

/// The extinct comissões, the latest extinguished first.
pub async fn comissoes_extintas(tx: &mut TenantTx) -> Result<Vec<Comissao>> {
    tx.todas(sqlx::AssertSqlSafe(format!(
        "{COMISSAO} WHERE tenant_id = $1 AND NOT ativa ORDER BY extincao DESC, nome"
    )))
    .await
}
