//! The read side: the public list with its filters (tipo, número, ano, text in
//! Portuguese), one norma, its compiled text on a date, its derived situação.

use domain::normas::{Alteracao, Compilado, Origem, Recebido, Situacao, Texto, TipoVinculo};
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::{dispositivos, vinculos};
use crate::{Result, TenantTx};

/// Normas per page of the public list.
pub const POR_PAGINA: i64 = 20;

#[derive(Debug, Clone, Default)]
pub struct Filtro {
    pub tipo_id: Option<Uuid>,
    pub numero: Option<i32>,
    pub ano: Option<i32>,
    /// Words to find in the ementa and indexação (websearch syntax).
    pub texto: Option<String>,
    /// The normas that came from this proposição.
    pub proposicao_id: Option<Uuid>,
}

/// A norma with its tipo.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Norma {
    pub id: Uuid,
    pub tipo_id: Uuid,
    pub tipo_sigla: String,
    pub tipo_nome: String,
    pub tipo_lexml: String,
    pub numero: i32,
    pub ano: i32,
    pub data_assinatura: Date,
    pub ementa: String,
    pub indexacao: String,
    pub autoria: String,
    pub preambulo: String,
    pub proposicao_id: Option<Uuid>,
    /// "PL 12/2026", when it came from a proposição.
    pub proposicao: Option<String>,
    pub publicacao_veiculo: String,
    pub publicacao_data: Option<Date>,
    pub publicacao_edicao: String,
    pub publicacao_pagina: String,
    pub vigencia_inicio: Option<Date>,
    pub vigencia_fim: Option<Date>,
}

pub type NormaLinha = Norma;

impl Norma {
    /// "Lei Ordinária nº 12/2024".
    pub fn identificacao(&self) -> String {
        format!("{} nº {}/{}", self.tipo_nome, self.numero, self.ano)
    }

    /// The LexML URN, given the câmara's localidade.
    pub fn urn(&self, localidade: &str) -> String {
        domain::normas::urn::norma(
            localidade,
            &self.tipo_lexml,
            self.data_assinatura,
            &self.numero.to_string(),
        )
    }
}

pub(crate) const SELECT: &str =
    "SELECT n.id, n.tipo_id, t.sigla AS tipo_sigla, t.nome AS tipo_nome,
        t.tipo_lexml, n.numero, n.ano, n.data_assinatura, n.ementa, n.indexacao, n.autoria,
        n.preambulo, n.proposicao_id,
        (SELECT tp.sigla || ' ' || p.numero || '/' || p.ano FROM app.proposicao p
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
          WHERE p.tenant_id = n.tenant_id AND p.id = n.proposicao_id) AS proposicao,
        n.publicacao_veiculo, n.publicacao_data, n.publicacao_edicao, n.publicacao_pagina,
        n.vigencia_inicio, n.vigencia_fim
   FROM app.norma n JOIN app.tipo_norma t ON t.tenant_id = n.tenant_id AND t.id = n.tipo_id";

pub async fn norma(tx: &mut TenantTx, id: Uuid) -> Result<Option<Norma>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE n.tenant_id = $1 AND n.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// One page (1-based) of the normas matching `f`, newest first, and how many match.
pub async fn buscar(tx: &mut TenantTx, f: &Filtro, pagina: i64) -> Result<(Vec<Norma>, i64)> {
    let tenant = tx.tenant_id();
    let mut cond = String::from("n.tenant_id = $1");
    let mut n = 1;
    let mut proximo = || {
        n += 1;
        format!("${n}")
    };
    if f.tipo_id.is_some() {
        cond.push_str(&format!(" AND n.tipo_id = {}", proximo()));
    }
    if f.numero.is_some() {
        cond.push_str(&format!(" AND n.numero = {}", proximo()));
    }
    if f.ano.is_some() {
        cond.push_str(&format!(" AND n.ano = {}", proximo()));
    }
    let texto = f.texto.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if texto.is_some() {
        cond.push_str(&format!(
            " AND n.busca @@ websearch_to_tsquery('app.portugues'::regconfig, \
             app.portugues_normalizado({}))",
            proximo()
        ));
    }
    if f.proposicao_id.is_some() {
        cond.push_str(&format!(" AND n.proposicao_id = {}", proximo()));
    }
    let (lim, off) = (proximo(), proximo());
    let sql = format!(
        "{SELECT} WHERE {cond} ORDER BY n.data_assinatura DESC, n.id DESC LIMIT {lim} OFFSET {off}"
    );
    let contar = format!("SELECT count(*) FROM app.norma n WHERE {cond}");
    macro_rules! ligar {
        ($q:expr) => {{
            let mut q = $q.bind(tenant);
            if let Some(t) = f.tipo_id {
                q = q.bind(t);
            }
            if let Some(x) = f.numero {
                q = q.bind(x);
            }
            if let Some(a) = f.ano {
                q = q.bind(a);
            }
            if let Some(t) = texto {
                q = q.bind(t.to_owned());
            }
            if let Some(p) = f.proposicao_id {
                q = q.bind(p);
            }
            q
        }};
    }
    let pagina = pagina.max(1);
    let linhas: Vec<Norma> = ligar!(sqlx::query_as(sqlx::AssertSqlSafe(sql)))
        .bind(POR_PAGINA)
        .bind((pagina - 1) * POR_PAGINA)
        .fetch_all(tx.conn())
        .await?;
    let total: i64 = ligar!(sqlx::query_scalar(sqlx::AssertSqlSafe(contar)))
        .fetch_one(tx.conn())
        .await?;
    Ok((linhas, total))
}

/// The norma's original text (as stored).
pub async fn texto(tx: &mut TenantTx, n: &Norma) -> Result<Texto> {
    Ok(Texto {
        preambulo: n.preambulo.clone(),
        dispositivos: dispositivos::ler(tx, n.id).await?,
    })
}

/// The compiled text: every vínculo received (`em` = None) or those in force on `em`.
pub async fn compilado(tx: &mut TenantTx, n: &Norma, em: Option<Date>) -> Result<Compilado> {
    let original = texto(tx, n).await?;
    let recebidos = vinculos::recebidos(tx, n.id).await?;
    let alteracoes: Vec<Alteracao> = recebidos
        .iter()
        .filter_map(|v| {
            Some(Alteracao {
                tipo: v.tipo()?,
                dispositivo: v.dispositivo.clone(),
                texto_novo: if v.texto_novo.is_empty() {
                    Vec::new()
                } else {
                    domain::normas::parse_fragmento(&v.texto_novo).unwrap_or_default()
                },
                vigencia: v.vigencia,
                origem: Origem {
                    norma_id: 0,
                    rotulo: v.outra.clone(),
                },
            })
        })
        .collect();
    Ok(domain::normas::compilar(&original, &alteracoes, em))
}

/// The situação on `hoje`, derived.
pub async fn situacao(tx: &mut TenantTx, n: &Norma, hoje: Date) -> Result<Situacao> {
    let recebidos: Vec<Recebido> = vinculos::recebidos(tx, n.id)
        .await?
        .into_iter()
        .filter_map(|v| {
            Some(Recebido {
                tipo: TipoVinculo::parse(&v.tipo)?,
                dispositivo: v.dispositivo,
                vigencia: v.vigencia,
            })
        })
        .collect();
    Ok(domain::normas::situacao(
        n.vigencia_inicio,
        n.vigencia_fim,
        &recebidos,
        hoje,
    ))
}
