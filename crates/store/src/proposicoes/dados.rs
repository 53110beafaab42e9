//! Proposições and their tramitação in the open data (`/api/v1/proposicoes`,
//! `/api/v1/proposicoes/{id}`, `/api/v1/tramitacoes`): flat rows (one CSV line each), no
//! personal data.

use serde::Serialize;
use time::Date;
use uuid::Uuid;

use crate::{Result, TenantTx};

/// A proposição in the open data.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ProposicaoDados {
    pub id: Uuid,
    /// The tipo's sigla (PL, REQ…) and name.
    pub sigla_tipo: String,
    pub tipo: String,
    pub numero: i32,
    pub ano: i32,
    /// "PL 12/2026".
    pub identificacao: String,
    pub ementa: String,
    /// aaaa-mm-dd.
    pub apresentada_em: String,
    /// ordinario, prioridade, urgencia or urgencia_urgentissima.
    pub regime: String,
    /// The situação derived from the history (protocolada, em_tramitacao, em_comissao,
    /// pronta_para_pauta, aprovada, rejeitada, arquivada, retirada).
    pub situacao: Option<String>,
    /// The autores by order, the primeiro autor first, separated by "; ".
    pub autores: String,
    /// The assuntos, separated by "; ".
    pub assuntos: String,
    pub indexacao: String,
    /// The proposição an emenda, subemenda or substitutivo belongs to.
    pub mae_id: Option<Uuid>,
    /// The latest tramitação: its instant (RFC 3339, UTC) and description.
    pub ultima_tramitacao_em: Option<String>,
    pub ultima_tramitacao: Option<String>,
    /// The proposição's public page.
    pub uri: String,
}

/// The columns of a [`ProposicaoDados`] for `p` (joined as in `busca::JUNCOES`).
pub(super) const COLUNAS: &str = concat!("p.id, t.sigla AS sigla_tipo, t.nome AS tipo, p.numero, p.ano,
    t.sigla || ' ' || p.numero || '/' || p.ano AS identificacao, p.ementa,
    to_char(p.apresentada_em, 'YYYY-MM-DD') AS apresentada_em, p.regime, p.situacao,
    coalesce((SELECT string_agg(coalesce(par.nome_parlamentar, co.nome, a.nome), '; ' ORDER BY a.ordem)
                FROM app.proposicao_autor a
                LEFT JOIN app.parlamentar par ON par.tenant_id = a.tenant_id AND par.id = a.parlamentar_id
                LEFT JOIN app.comissao co ON co.tenant_id = a.tenant_id AND co.id = a.comissao_id
               WHERE a.tenant_id = p.tenant_id AND a.proposicao_id = p.id), '') AS autores,
    array_to_string(p.assuntos, '; ') AS assuntos, p.indexacao, p.mae_id,
    to_char(e.ocorrido_em AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS ultima_tramitacao_em,
    e.descricao AS ultima_tramitacao, ", super::busca::uri!(), " AS uri");

/// One event of a proposição's tramitação in the open data.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct TramitacaoDados {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    /// "PL 12/2026".
    pub proposicao: String,
    /// The instant, RFC 3339 in UTC, and the date in the câmara's time zone (aaaa-mm-dd).
    pub data_hora: String,
    pub data: String,
    /// protocolada, tramitada, distribuida, parecer, pronta_para_pauta, votada, retirada,
    /// arquivada, desarquivada or correcao.
    pub tipo: String,
    /// The situação the proposição reached with it.
    pub situacao: String,
    /// Where it went (a comissão, the secretaria…), when it went somewhere.
    pub unidade: Option<String>,
    pub descricao: String,
}

const TRAMITACAO: &str =
    "e.id, e.proposicao_id, t.sigla || ' ' || p.numero || '/' || p.ano AS proposicao,
    to_char(e.ocorrido_em AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS data_hora,
    to_char(e.ocorrido_em AT TIME ZONE c.fuso_horario, 'YYYY-MM-DD') AS data,
    e.tipo, e.situacao, u.nome AS unidade, e.descricao
    FROM app.proposicao_evento e
    JOIN app.proposicao p ON p.tenant_id = e.tenant_id AND p.id = e.proposicao_id
    JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
    JOIN app.camara_config c ON c.tenant_id = e.tenant_id
    LEFT JOIN app.unidade u ON u.tenant_id = e.tenant_id AND u.id = e.unidade_id";

/// The filters of `/api/v1/tramitacoes`.
#[derive(Debug, Clone, Default)]
pub struct FiltroTramitacao {
    pub proposicao: Option<Uuid>,
    /// Dates in the câmara's time zone, inclusive.
    pub de: Option<Date>,
    pub ate: Option<Date>,
}

/// One page of events, newest first, after the event `depois` (the cursor).
pub async fn tramitacoes(
    tx: &mut TenantTx,
    f: &FiltroTramitacao,
    depois: Option<Uuid>,
    limite: i64,
) -> Result<Vec<TramitacaoDados>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TRAMITACAO}
          WHERE e.tenant_id = $1
            AND ($2::uuid IS NULL OR e.proposicao_id = $2)
            AND ($3::date IS NULL OR e.ocorrido_em >= ($3::date::timestamp AT TIME ZONE c.fuso_horario))
            AND ($4::date IS NULL OR e.ocorrido_em < (($4::date + 1)::timestamp AT TIME ZONE c.fuso_horario))
            AND ($5::uuid IS NULL OR (e.ocorrido_em, e.id) < (
                SELECT x.ocorrido_em, x.id FROM app.proposicao_evento x
                 WHERE x.tenant_id = $1 AND x.id = $5))
          ORDER BY e.ocorrido_em DESC, e.id DESC LIMIT $6"
    )))
    .bind(tenant)
    .bind(f.proposicao)
    .bind(f.de)
    .bind(f.ate)
    .bind(depois)
    .bind(limite.clamp(1, 101))
    .fetch_all(tx.conn())
    .await?)
}

/// One autor in the open data.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AutorDados {
    /// parlamentar, comissao, mesa, executivo, popular or outro.
    pub tipo: String,
    pub nome: String,
    /// The parlamentar's id (see /api/v1/parlamentares), when the autor is one.
    pub parlamentar_id: Option<Uuid>,
    pub primeiro: bool,
    /// aaaa-mm-dd.
    pub subscrito_em: String,
}

/// A proposição whole (`/api/v1/proposicoes/{id}`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProposicaoDetalheDados {
    pub proposicao: ProposicaoDados,
    /// Markdown.
    pub texto: String,
    pub justificativa: String,
    pub autores: Vec<AutorDados>,
    /// Oldest first.
    pub tramitacoes: Vec<TramitacaoDados>,
    pub emendas: Vec<ProposicaoDados>,
}

/// The proposição `id` whole, or `None` when the câmara has none with it.
pub async fn detalhe(tx: &mut TenantTx, id: Uuid) -> Result<Option<ProposicaoDetalheDados>> {
    let tenant = tx.tenant_id();
    let junc = super::busca::JUNCOES;
    let uma: Option<ProposicaoDados> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} FROM app.proposicao p {junc} WHERE p.tenant_id = $1 AND p.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(proposicao) = uma else {
        return Ok(None);
    };
    let (texto, justificativa): (String, String) = sqlx::query_as(
        "SELECT texto, justificativa FROM app.proposicao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    let autores = sqlx::query_as(
        "SELECT a.tipo, coalesce(par.nome_parlamentar, co.nome, a.nome) AS nome, a.parlamentar_id,
                a.primeiro, to_char(a.subscrito_em, 'YYYY-MM-DD') AS subscrito_em
           FROM app.proposicao_autor a
           LEFT JOIN app.parlamentar par ON par.tenant_id = a.tenant_id AND par.id = a.parlamentar_id
           LEFT JOIN app.comissao co ON co.tenant_id = a.tenant_id AND co.id = a.comissao_id
          WHERE a.tenant_id = $1 AND a.proposicao_id = $2 ORDER BY a.ordem, a.id",
    )
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    let tramitacoes = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TRAMITACAO} WHERE e.tenant_id = $1 AND e.proposicao_id = $2
          ORDER BY e.ocorrido_em, e.id"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    let emendas = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} FROM app.proposicao p {junc}
          WHERE p.tenant_id = $1 AND p.mae_id = $2 ORDER BY t.sigla, p.numero"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    Ok(Some(ProposicaoDetalheDados {
        proposicao,
        texto,
        justificativa,
        autores,
        tramitacoes,
        emendas,
    }))
}
