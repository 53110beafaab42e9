//! Reading the tramitações: a proposição's history and where it is now, a unidade's inbox,
//! and the proposições a lote can be chosen from.
//!
//! A tramitação (not a correction) is *aberta* while the proposição has not left its
//! destination: no later tramitação of the same proposição has that unidade as origem.
//! Sent to several unidades, a proposição is in all of them until each sends it on.

use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::{Result, TenantTx};

/// The SQL predicate "tramitação `t` is aberta".
pub(crate) const ABERTA: &str = "t.corrige_id IS NULL AND NOT EXISTS (
    SELECT 1 FROM app.tramitacao s
     WHERE s.tenant_id = t.tenant_id AND s.proposicao_id = t.proposicao_id
       AND s.corrige_id IS NULL AND s.origem_id = t.destino_id AND (s.em, s.id) > (t.em, t.id))";

/// The latest correction `k` of tramitação `t` (its status, despacho and prazo win).
pub(crate) const CORRECAO: &str = "LEFT JOIN LATERAL (
    SELECT c.id, c.status_id, c.despacho, c.prazo, c.prazo_dias FROM app.tramitacao c
     WHERE c.tenant_id = t.tenant_id AND c.corrige_id = t.id
     ORDER BY c.em DESC, c.id DESC LIMIT 1) k ON true";

/// "PL 12/2026" of proposição `p` joined with its tipo `tp`.
pub(crate) const IDENT: &str = "tp.sigla || ' ' || p.numero || '/' || p.ano";

/// Where a proposição is now: one open tramitação.
#[derive(Debug, Clone, FromRow)]
pub struct Local {
    pub tramitacao_id: Uuid,
    pub unidade_id: Uuid,
    pub unidade: String,
    pub recebida: bool,
}

/// The unidades the proposição is in now (empty before its first tramitação).
pub async fn onde_esta(tx: &mut TenantTx, proposicao_id: Uuid) -> Result<Vec<Local>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT t.id AS tramitacao_id, t.destino_id AS unidade_id, d.nome AS unidade,
                EXISTS (SELECT 1 FROM app.tramitacao_recebimento r
                         WHERE r.tenant_id = t.tenant_id AND r.tramitacao_id = t.id) AS recebida
           FROM app.tramitacao t
           JOIN app.unidade d ON d.tenant_id = t.tenant_id AND d.id = t.destino_id
          WHERE t.tenant_id = $1 AND t.proposicao_id = $2 AND {ABERTA}
          ORDER BY t.em, t.id"
        )),
        proposicao_id,
    )
    .await
}

/// One row of a proposição's tramitação history (a correction is a row of its own).
#[derive(Debug, Clone, FromRow)]
pub struct Registro {
    pub id: Uuid,
    pub origem: String,
    pub destino: String,
    pub destino_id: Uuid,
    pub status: String,
    pub encerra: bool,
    pub retorna_ao_autor: bool,
    pub despacho: String,
    /// dd/mm/aaaa hh:mm in the câmara's zone.
    pub em: String,
    pub prazo: Option<Date>,
    pub prazo_dias: Option<i16>,
    pub corrige_id: Option<Uuid>,
    pub motivo: String,
    pub usuario: Option<String>,
    pub recebida_em: Option<String>,
    pub recebida_por: Option<String>,
    /// Some correction of it exists (its values are those of the latest correction).
    pub corrigida: bool,
    pub aberta: bool,
}

/// The proposição's tramitações and their corrections, oldest first.
pub async fn historico(tx: &mut TenantTx, proposicao_id: Uuid) -> Result<Vec<Registro>> {
    tx.linhas(sqlx::AssertSqlSafe(format!(
        "SELECT t.id, o.nome AS origem, d.nome AS destino, t.destino_id, s.nome AS status,
                s.encerra, s.retorna_ao_autor, t.despacho,
                to_char(t.em AT TIME ZONE cc.fuso_horario, 'DD/MM/YYYY HH24:MI') AS em,
                t.prazo, t.prazo_dias, t.corrige_id, t.motivo, u.nome AS usuario,
                to_char(r.em AT TIME ZONE cc.fuso_horario, 'DD/MM/YYYY HH24:MI') AS recebida_em,
                r.recebido_por AS recebida_por,
                EXISTS (SELECT 1 FROM app.tramitacao c WHERE c.tenant_id = t.tenant_id
                           AND c.corrige_id = t.id) AS corrigida,
                ({ABERTA}) AS aberta
           FROM app.tramitacao t
           JOIN app.camara_config cc ON cc.tenant_id = t.tenant_id
           JOIN app.unidade o ON o.tenant_id = t.tenant_id AND o.id = t.origem_id
           JOIN app.unidade d ON d.tenant_id = t.tenant_id AND d.id = t.destino_id
           JOIN app.status_tramitacao s ON s.tenant_id = t.tenant_id AND s.id = t.status_id
           LEFT JOIN app.usuario u ON u.tenant_id = t.tenant_id AND u.id = t.usuario_id
           LEFT JOIN app.tramitacao_recebimento r ON r.tenant_id = t.tenant_id AND r.tramitacao_id = t.id
          WHERE t.tenant_id = $1 AND t.proposicao_id = $2
          ORDER BY t.em, t.id"
    )), proposicao_id).await
}

/// What a tramitação page shows of its proposição.
#[derive(Debug, Clone, FromRow)]
pub struct Resumo {
    pub id: Uuid,
    pub identificacao: String,
    pub ementa: String,
    pub situacao: Option<String>,
}

impl Resumo {
    pub fn situacao_label(&self) -> &'static str {
        self.situacao
            .as_deref()
            .and_then(domain::proposicoes::Situacao::parse)
            .map_or("", |s| s.rotulo())
    }
}

pub async fn resumo(tx: &mut TenantTx, proposicao_id: Uuid) -> Result<Option<Resumo>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT p.id, {IDENT} AS identificacao, p.ementa, p.situacao
           FROM app.proposicao p
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = $2"
        )),
        proposicao_id,
    )
    .await
}

/// What arrived at a unidade and is not received yet.
#[derive(Debug, Clone, FromRow)]
pub struct Chegada {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    pub identificacao: String,
    pub ementa: String,
    pub origem: String,
    pub status: String,
    pub despacho: String,
    pub em: String,
    pub prazo: Option<Date>,
}

/// One page of a unidade's inbox (oldest first) and its total.
pub async fn caixa(
    tx: &mut TenantTx,
    unidade_id: Uuid,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Chegada>, i64)> {
    let tenant = tx.tenant_id();
    let onde = format!(
        "FROM app.tramitacao t
           JOIN app.proposicao p ON p.tenant_id = t.tenant_id AND p.id = t.proposicao_id
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
           JOIN app.unidade o ON o.tenant_id = t.tenant_id AND o.id = t.origem_id
           JOIN app.camara_config cc ON cc.tenant_id = t.tenant_id
           {CORRECAO}
           JOIN app.status_tramitacao s ON s.tenant_id = t.tenant_id
                AND s.id = coalesce(k.status_id, t.status_id)
          WHERE t.tenant_id = $1 AND t.destino_id = $2 AND {ABERTA}
            AND NOT EXISTS (SELECT 1 FROM app.tramitacao_recebimento r
                             WHERE r.tenant_id = t.tenant_id AND r.tramitacao_id = t.id)"
    );
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) {onde}")))
        .bind(tenant)
        .bind(unidade_id)
        .fetch_one(tx.conn())
        .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT t.id, t.proposicao_id, {IDENT} AS identificacao, p.ementa, o.nome AS origem,
                s.nome AS status, coalesce(k.despacho, t.despacho) AS despacho,
                to_char(t.em AT TIME ZONE cc.fuso_horario, 'DD/MM/YYYY HH24:MI') AS em,
                CASE WHEN k.id IS NULL THEN t.prazo ELSE k.prazo END AS prazo
           {onde}
          ORDER BY t.em, t.id LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(unidade_id)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The filter of the lote screen.
#[derive(Debug, Clone, Default)]
pub struct FiltroLote {
    /// Only proposições now in this unidade (and those not sent anywhere yet).
    pub unidade_id: Option<Uuid>,
    pub tipo_id: Option<Uuid>,
    pub ano: Option<i32>,
    /// Words of the ementa.
    pub texto: Option<String>,
}

/// A proposição the lote screen offers.
#[derive(Debug, Clone, FromRow)]
pub struct Candidata {
    pub id: Uuid,
    pub identificacao: String,
    pub ementa: String,
    pub situacao: Option<String>,
    /// Where it is now ("" before its first tramitação).
    pub onde: String,
}

impl Candidata {
    pub fn situacao_label(&self) -> &'static str {
        self.situacao
            .as_deref()
            .and_then(domain::proposicoes::Situacao::parse)
            .map_or("", |s| s.rotulo())
    }
}

/// One page of the proposições still in tramitação that match `f`, newest first, and the
/// total.
pub async fn candidatas(
    tx: &mut TenantTx,
    f: &FiltroLote,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Candidata>, i64)> {
    let tenant = tx.tenant_id();
    let texto = crate::infra::like::contendo(f.texto.as_deref());
    let onde = format!(
        "FROM app.proposicao p
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
           LEFT JOIN LATERAL (
             SELECT string_agg(d.nome, ', ' ORDER BY t.em, t.id) AS onde,
                    bool_or(t.destino_id = $2) AS aqui, count(*) AS n
               FROM app.tramitacao t
               JOIN app.unidade d ON d.tenant_id = t.tenant_id AND d.id = t.destino_id
              WHERE t.tenant_id = p.tenant_id AND t.proposicao_id = p.id AND {ABERTA}) l ON true
          WHERE p.tenant_id = $1
            AND p.situacao IS NOT NULL
            AND p.situacao NOT IN ('rejeitada', 'arquivada', 'retirada')
            AND ($2::uuid IS NULL OR l.aqui OR coalesce(l.n, 0) = 0)
            AND ($3::uuid IS NULL OR p.tipo_id = $3)
            AND ($4::int IS NULL OR p.ano = $4)
            AND ($5::text IS NULL OR p.ementa ILIKE $5)"
    );
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) {onde}")))
        .bind(tenant)
        .bind(f.unidade_id)
        .bind(f.tipo_id)
        .bind(f.ano)
        .bind(&texto)
        .fetch_one(tx.conn())
        .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, {IDENT} AS identificacao, p.ementa, p.situacao,
                coalesce(l.onde, '') AS onde
           {onde}
          ORDER BY p.ano DESC, tp.sigla, p.numero DESC, p.id LIMIT $6 OFFSET $7"
    )))
    .bind(tenant)
    .bind(f.unidade_id)
    .bind(f.tipo_id)
    .bind(f.ano)
    .bind(&texto)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The tipos de proposição, for the lote filter: (id, sigla — nome).
pub async fn tipos(tx: &mut TenantTx) -> Result<Vec<(Uuid, String)>> {
    tx.todas(
        "SELECT id, sigla || ' — ' || nome FROM app.tipo_proposicao
          WHERE tenant_id = $1 AND ativo ORDER BY ordem, sigla",
    )
    .await
}

/// The proposição a tramitação belongs to.
pub async fn proposicao_da(tx: &mut TenantTx, tramitacao_id: Uuid) -> Result<Option<Uuid>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT proposicao_id FROM app.tramitacao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(tramitacao_id)
    .fetch_optional(tx.conn())
    .await?)
}
