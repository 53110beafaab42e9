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
    /// One of the indexação's keywords (split by comma, semicolon or line), ignoring case.
    pub assunto: Option<String>,
    /// In force (`true`) or not on the date: see [`EM_VIGOR`].
    pub em_vigor: Option<(bool, Date)>,
    /// Keyset pagination (the open data): the normas after this one in the list's order.
    pub apos: Option<Uuid>,
}

/// Whether norma `n` is in force on the date `$d`: the same rule as
/// `domain::normas::situacao` (vigente or revogada parcialmente: within its vigência and the
/// last vínculo on the whole norma in force by then not a revogação, suspensão or
/// declaração de inconstitucionalidade). The test `the_vigencia_filter_agrees_with_the_situacao`
/// holds the two together.
const EM_VIGOR: &str = "((n.vigencia_inicio IS NULL OR n.vigencia_inicio <= $d)
      AND (n.vigencia_fim IS NULL OR n.vigencia_fim >= $d)
      AND coalesce((SELECT v.tipo <> 'repristina' FROM app.norma_vinculo v
                     WHERE v.tenant_id = n.tenant_id AND v.alvo_id = n.id
                       AND v.dispositivo IS NULL AND v.vigencia <= $d
                       AND v.tipo IN ('revoga', 'suspende', 'declara_inconstitucional', 'repristina')
                     ORDER BY v.vigencia DESC, v.id DESC LIMIT 1), false) = false)";

/// A value bound to a placeholder of [`condicoes`].
enum Valor {
    Id(Uuid),
    Int(i32),
    Texto(String),
    Data(Date),
}

/// The WHERE of `f` (`$1` is the câmara) and the values of its placeholders from `$2`.
fn condicoes(f: &Filtro) -> (String, Vec<Valor>) {
    let mut cond = String::from("n.tenant_id = $1");
    let mut v: Vec<Valor> = Vec::new();
    let mut com = |sql: &str, valor: Valor, v: &mut Vec<Valor>| {
        v.push(valor);
        cond.push_str(" AND ");
        cond.push_str(&sql.replace("$x", &format!("${}", v.len() + 1)));
    };
    if let Some(t) = f.tipo_id {
        com("n.tipo_id = $x", Valor::Id(t), &mut v);
    }
    if let Some(x) = f.numero {
        com("n.numero = $x", Valor::Int(x), &mut v);
    }
    if let Some(a) = f.ano {
        com("n.ano = $x", Valor::Int(a), &mut v);
    }
    if let Some(t) = f.texto.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        com(
            "n.busca @@ websearch_to_tsquery('app.portugues'::regconfig, \
             app.portugues_normalizado($x))",
            Valor::Texto(t.to_owned()),
            &mut v,
        );
    }
    if let Some(p) = f.proposicao_id {
        com("n.proposicao_id = $x", Valor::Id(p), &mut v);
    }
    if let Some(a) = f
        .assunto
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        com(
            // Migration 0040's stored keywords and their GIN index.
            "n.assuntos @> ARRAY[lower(btrim($x))]",
            Valor::Texto(a.to_owned()),
            &mut v,
        );
    }
    if let Some((sim, d)) = f.em_vigor {
        let regra = EM_VIGOR.replace("$d", "$x");
        let sql = if sim { regra } else { format!("NOT {regra}") };
        com(&sql, Valor::Data(d), &mut v);
    }
    if let Some(a) = f.apos {
        com(
            "(n.data_assinatura, n.id) < (SELECT o.data_assinatura, o.id FROM app.norma o
                                           WHERE o.tenant_id = n.tenant_id AND o.id = $x)",
            Valor::Id(a),
            &mut v,
        );
    }
    (cond, v)
}

macro_rules! ligar {
    ($q:expr, $tenant:expr, $valores:expr) => {{
        let mut q = $q.bind($tenant);
        for v in $valores {
            q = match v {
                Valor::Id(x) => q.bind(*x),
                Valor::Int(x) => q.bind(*x),
                Valor::Texto(x) => q.bind(x.clone()),
                Valor::Data(x) => q.bind(*x),
            };
        }
        q
    }};
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
    tx.linha(
        sqlx::AssertSqlSafe(format!("{SELECT} WHERE n.tenant_id = $1 AND n.id = $2")),
        id,
    )
    .await
}

/// One page (1-based) of the normas matching `f`, newest first, and how many match.
pub async fn buscar(tx: &mut TenantTx, f: &Filtro, pagina: i64) -> Result<(Vec<Norma>, i64)> {
    let tenant = tx.tenant_id();
    let (cond, valores) = condicoes(f);
    let (lim, off) = (valores.len() + 2, valores.len() + 3);
    let sql = format!(
        "{SELECT} WHERE {cond} ORDER BY n.data_assinatura DESC, n.id DESC LIMIT ${lim} OFFSET ${off}"
    );
    let contar = format!("SELECT count(*) FROM app.norma n WHERE {cond}");
    let pagina = pagina.max(1);
    let linhas: Vec<Norma> = ligar!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), tenant, &valores)
        .bind(POR_PAGINA)
        .bind((pagina - 1) * POR_PAGINA)
        .fetch_all(tx.conn())
        .await?;
    let total: i64 = ligar!(
        sqlx::query_scalar(sqlx::AssertSqlSafe(contar)),
        tenant,
        &valores
    )
    .fetch_one(tx.conn())
    .await?;
    Ok((linhas, total))
}

/// Up to `limite` normas matching `f` (with `f.apos`), newest first: the open data's page.
pub async fn seguintes(tx: &mut TenantTx, f: &Filtro, limite: i64) -> Result<Vec<Norma>> {
    let tenant = tx.tenant_id();
    let (cond, valores) = condicoes(f);
    let lim = valores.len() + 2;
    let sql =
        format!("{SELECT} WHERE {cond} ORDER BY n.data_assinatura DESC, n.id DESC LIMIT ${lim}");
    Ok(
        ligar!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), tenant, &valores)
            .bind(limite)
            .fetch_all(tx.conn())
            .await?,
    )
}

/// Whether some norma of the câmara has `assunto` among its indexação's keywords.
pub async fn assunto_existe(tx: &mut TenantTx, assunto: &str) -> Result<bool> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.norma n
                         WHERE n.tenant_id = $1 AND n.assuntos @> ARRAY[lower(btrim($2))])",
    )
    .bind(tenant)
    .bind(assunto)
    .fetch_one(tx.conn())
    .await?)
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
