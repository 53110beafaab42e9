//! A proposição's public page: the proposição, its autores, its tramitação timeline and
//! its emendas.

use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::busca::{JUNCOES, LINHA, Linha, situacao_rotulo};
use crate::{Result, TenantTx};

/// A proposição as its page shows it.
#[derive(Debug, Clone, FromRow)]
pub struct ProposicaoPublica {
    pub id: Uuid,
    pub sigla: String,
    pub tipo: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
    /// Markdown.
    pub texto: String,
    pub justificativa: String,
    pub regime: String,
    pub apresentada_em: Date,
    pub indexacao: String,
    pub assuntos: Vec<String>,
    pub situacao: Option<String>,
    /// dd/mm/aaaa in the câmara's zone.
    pub situacao_desde: Option<String>,
}

impl ProposicaoPublica {
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    pub fn situacao_rotulo(&self) -> &'static str {
        situacao_rotulo(self.situacao.as_deref())
    }

    pub fn regime_rotulo(&self) -> &'static str {
        domain::proposicoes::Regime::parse(&self.regime).map_or("—", |r| r.rotulo())
    }
}

/// One autor on the page.
#[derive(Debug, Clone, FromRow)]
pub struct AutorPublico {
    pub tipo: String,
    pub nome: String,
    /// The parlamentar's profile slug, when the autor is one.
    pub slug: Option<String>,
    pub primeiro: bool,
    pub subscrito_em: Date,
}

impl AutorPublico {
    pub fn tipo_rotulo(&self) -> &'static str {
        domain::proposicoes::TipoAutor::parse(&self.tipo).map_or("Autor", |t| t.rotulo())
    }
}

/// One event of the timeline.
#[derive(Debug, Clone, FromRow)]
pub struct EventoPublico {
    /// dd/mm/aaaa HH:MM in the câmara's zone, and the ISO instant for `<time>`.
    pub data: String,
    pub iso: String,
    pub tipo: String,
    pub situacao: String,
    pub unidade: Option<String>,
    pub descricao: String,
}

impl EventoPublico {
    pub fn tipo_rotulo(&self) -> &'static str {
        domain::proposicoes::TipoEvento::parse(&self.tipo).map_or("Andamento", |t| t.rotulo())
    }

    pub fn situacao_rotulo(&self) -> &'static str {
        situacao_rotulo(Some(&self.situacao))
    }
}

/// An emenda (subemenda, substitutivo) on its proposição's page.
#[derive(Debug, Clone)]
pub struct EmendaPublica {
    pub linha: Linha,
    /// Markdown.
    pub texto: String,
}

impl EmendaPublica {
    /// The anchor on the page ("eme-1").
    pub fn ancora(&self) -> String {
        format!("{}-{}", self.linha.sigla.to_lowercase(), self.linha.numero)
    }
}

/// The principal proposição (not an emenda) `sigla numero/ano`, sigla in any case.
pub async fn por_identificacao(
    tx: &mut TenantTx,
    ano: i32,
    sigla: &str,
    numero: i32,
) -> Result<Option<ProposicaoPublica>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT p.id, t.sigla, t.nome AS tipo, p.numero, p.ano, p.ementa, p.texto,
                p.justificativa, p.regime, p.apresentada_em, p.indexacao, p.assuntos, p.situacao,
                to_char(p.situacao_desde AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY') AS situacao_desde
           FROM app.proposicao p
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
           JOIN app.camara_config c ON c.tenant_id = p.tenant_id
          WHERE p.tenant_id = $1 AND p.ano = $2 AND t.sigla = upper($3) AND p.numero = $4
            AND p.mae_id IS NULL
          ORDER BY p.id LIMIT 1",
    )
    .bind(tenant)
    .bind(ano)
    .bind(sigla)
    .bind(numero)
    .fetch_optional(tx.conn())
    .await?)
}

/// The autores of `id`, the primeiro autor first.
pub async fn autores(tx: &mut TenantTx, id: Uuid) -> Result<Vec<AutorPublico>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT a.tipo, coalesce(par.nome_parlamentar, co.nome, a.nome) AS nome, par.slug,
                a.primeiro, a.subscrito_em
           FROM app.proposicao_autor a
           LEFT JOIN app.parlamentar par ON par.tenant_id = a.tenant_id AND par.id = a.parlamentar_id
           LEFT JOIN app.comissao co ON co.tenant_id = a.tenant_id AND co.id = a.comissao_id
          WHERE a.tenant_id = $1 AND a.proposicao_id = $2 ORDER BY a.ordem, a.id",
    )
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await?)
}

/// The tramitação of `id`, oldest first.
pub async fn eventos(tx: &mut TenantTx, id: Uuid) -> Result<Vec<EventoPublico>> {
    tx.linhas(
        "SELECT to_char(e.ocorrido_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS data,
                to_char(e.ocorrido_em AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS iso,
                e.tipo, e.situacao, u.nome AS unidade, e.descricao
           FROM app.proposicao_evento e
           JOIN app.camara_config c ON c.tenant_id = e.tenant_id
           LEFT JOIN app.unidade u ON u.tenant_id = e.tenant_id AND u.id = e.unidade_id
          WHERE e.tenant_id = $1 AND e.proposicao_id = $2
          ORDER BY e.ocorrido_em, e.id",
        id,
    )
    .await
}

/// The emendas of `id` and theirs (subemendas), each after its mãe.
pub async fn emendas(tx: &mut TenantTx, id: Uuid) -> Result<Vec<EmendaPublica>> {
    let tenant = tx.tenant_id();
    #[derive(FromRow)]
    struct Bruta {
        #[sqlx(flatten)]
        linha: Linha,
        texto: String,
    }
    let brutas: Vec<Bruta> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "WITH RECURSIVE filhas AS (
            SELECT f.id, ARRAY[f.id] AS caminho, 1 AS nivel FROM app.proposicao f
             WHERE f.tenant_id = $1 AND f.mae_id = $2
            UNION ALL
            SELECT f.id, h.caminho || f.id, h.nivel + 1 FROM app.proposicao f
              JOIN filhas h ON f.mae_id = h.id
             WHERE f.tenant_id = $1 AND h.nivel < 5)
         SELECT {LINHA}, p.texto FROM filhas h
           JOIN app.proposicao p ON p.tenant_id = $1 AND p.id = h.id
           {JUNCOES}
          ORDER BY h.caminho"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    Ok(brutas
        .into_iter()
        .map(|b| EmendaPublica {
            linha: b.linha,
            texto: b.texto,
        })
        .collect())
}
