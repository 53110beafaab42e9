//! Distribuição: the secretaria sends a proposição to one or more comissões by despacho.
//! Each distribuição is recorded here and as the proposição's `distribuida` event (with the
//! comissão's unidade), so its situação becomes "em comissão". When every comissão of the
//! distribution has approved its parecer, the secretaria marks it ready for the pauta.

use domain::proposicoes::{Evento, Situacao};
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::infra::recusas;
use crate::proposicoes::{EventoNovo, registrar_evento};
use crate::{Error, Result, TenantTx};

/// A proposição as the comissões' pages show it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Resumo {
    pub id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
    pub texto: String,
    pub situacao: Option<String>,
    pub mae_id: Option<Uuid>,
    pub regime: String,
}

impl Resumo {
    /// "PL 12/2026".
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    pub fn situacao_label(&self) -> &'static str {
        self.situacao
            .as_deref()
            .and_then(Situacao::parse)
            .map(Situacao::rotulo)
            .unwrap_or("—")
    }
}

pub(crate) const RESUMO: &str =
    "SELECT p.id, t.sigla, p.numero, p.ano, p.ementa, p.texto, p.situacao,
    p.mae_id, p.regime
    FROM app.proposicao p
    JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id";

pub async fn resumo(tx: &mut TenantTx, id: Uuid) -> Result<Option<Resumo>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{RESUMO} WHERE p.tenant_id = $1 AND p.id = $2")),
        id,
    )
    .await
}

/// A page of the proposições principais (no emendas), the latest first, with the total;
/// `busca` matches the ementa or "PL 12/2026" (accents and case aside).
pub async fn materias(
    tx: &mut TenantTx,
    busca: Option<&str>,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Resumo>, i64)> {
    let tenant = tx.tenant_id();
    let termo = busca
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| format!("%{}%", t.to_lowercase()));
    let filtro = "p.tenant_id = $1 AND p.mae_id IS NULL AND ($2::text IS NULL
        OR lower(p.ementa) LIKE $2 OR lower(t.sigla || ' ' || p.numero || '/' || p.ano) LIKE $2)";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.proposicao p
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE {filtro}"
    )))
    .bind(tenant)
    .bind(&termo)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{RESUMO} WHERE {filtro} ORDER BY p.ano DESC, p.criado_em DESC, p.id DESC LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(&termo)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// One distribuição, with its current relator and where its parecer stands.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Distribuicao {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    pub comissao_id: Uuid,
    pub comissao_nome: String,
    pub comissao_sigla: String,
    pub ordem: i16,
    #[serde(serialize_with = "data_iso")]
    pub data: Date,
    pub despacho: String,
    pub relator: Option<String>,
    pub prazo: Option<Date>,
    /// The comissão approved its parecer (the parecer da comissão).
    pub concluida: bool,
    /// A parecer waits for the comissão's vote.
    pub pendente: bool,
}

const DISTRIBUICAO: &str = "SELECT d.id, d.proposicao_id, d.comissao_id, c.nome AS comissao_nome,
    c.sigla AS comissao_sigla, d.ordem, d.data, d.despacho, r.nome AS relator, r.prazo,
    EXISTS (SELECT 1 FROM app.parecer x WHERE x.tenant_id = d.tenant_id AND x.distribuicao_id = d.id
             AND x.resultado = 'aprovado') AS concluida,
    EXISTS (SELECT 1 FROM app.parecer x WHERE x.tenant_id = d.tenant_id AND x.distribuicao_id = d.id
             AND x.resultado IS NULL) AS pendente
    FROM app.distribuicao d
    JOIN app.comissao c ON c.tenant_id = d.tenant_id AND c.id = d.comissao_id
    LEFT JOIN LATERAL (
        SELECT p.nome_parlamentar AS nome, r.prazo FROM app.relatoria r
          JOIN app.membro_comissao m ON m.tenant_id = r.tenant_id AND m.id = r.membro_id
          JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id
         WHERE r.tenant_id = d.tenant_id AND r.distribuicao_id = d.id AND r.encerrada_em IS NULL
    ) r ON true";

pub async fn distribuicao(tx: &mut TenantTx, id: Uuid) -> Result<Option<Distribuicao>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "{DISTRIBUICAO} WHERE d.tenant_id = $1 AND d.id = $2"
        )),
        id,
    )
    .await
}

/// The comissões a proposição was distributed to, in their order.
pub async fn distribuicoes(tx: &mut TenantTx, proposicao_id: Uuid) -> Result<Vec<Distribuicao>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{DISTRIBUICAO} WHERE d.tenant_id = $1 AND d.proposicao_id = $2 ORDER BY d.ordem, d.id"
        )),
        proposicao_id,
    )
    .await
}

/// The proposições distributed to a comissão (for its reuniões' pauta), the latest first.
pub async fn da_comissao(tx: &mut TenantTx, comissao_id: Uuid) -> Result<Vec<Resumo>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
        "{RESUMO} JOIN app.distribuicao d ON d.tenant_id = p.tenant_id AND d.proposicao_id = p.id
          WHERE p.tenant_id = $1 AND d.comissao_id = $2 ORDER BY d.data DESC, d.id DESC LIMIT 200"
    )),
        comissao_id,
    )
    .await
}

/// The unidade de tramitação of a comissão (every comissão has one).
pub(crate) async fn unidade_da_comissao(tx: &mut TenantTx, comissao_id: Uuid) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT id FROM app.unidade WHERE tenant_id = $1 AND comissao_id = $2")
        .bind(tenant)
        .bind(comissao_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::NotFound("Comissão sem unidade de tramitação.".into()))
}

/// Distributes `proposicao_id` to `comissoes` (in that order, after any earlier ones) on
/// `data` by `despacho`: one distribuição and one `distribuida` event per comissão. Run it
/// behind `TenantTx::tentar`: it is all or nothing.
pub async fn distribuir(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
    comissoes: &[Uuid],
    data: Date,
    despacho: &str,
) -> Result<Vec<Uuid>> {
    let tenant = tx.tenant_id();
    let p = resumo(tx, proposicao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição não encontrada.".into()))?;
    if p.mae_id.is_some() {
        return Err(invalido(
            "comissoes",
            "Emendas, subemendas e substitutivos tramitam com a proposição principal: distribua a ela.",
        ));
    }
    if comissoes.is_empty() {
        return Err(invalido("comissoes", "Escolha ao menos uma comissão."));
    }
    let despacho = despacho.trim();
    let mut ordem: i16 = sqlx::query_scalar(
        "SELECT COALESCE(max(ordem), 0)::smallint FROM app.distribuicao WHERE tenant_id = $1 AND proposicao_id = $2",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .fetch_one(tx.conn())
    .await?;
    let mut ids = Vec::new();
    for comissao_id in comissoes {
        let c = super::por_id(tx, *comissao_id)
            .await?
            .ok_or_else(|| invalido("comissoes", "Comissão inexistente nesta câmara."))?;
        if !c.ativa {
            return Err(invalido(
                "comissoes",
                format!("A {} está extinta e não recebe proposições.", c.nome),
            ));
        }
        let unidade = unidade_da_comissao(tx, c.id).await?;
        let evento = EventoNovo {
            evento: Evento::Distribuida,
            unidade_id: Some(unidade),
            descricao: format!(
                "Distribuída à {} ({}). Despacho: {despacho}",
                c.nome, c.sigla
            ),
            ocorrido_em: None,
            origem_id: None,
        };
        let (evento_id, _) = registrar_evento(tx, autor, proposicao_id, &evento).await?;
        ordem += 1;
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO app.distribuicao (tenant_id, id, proposicao_id, comissao_id, ordem, data,
                                           despacho, evento_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(tenant)
        .bind(id)
        .bind(proposicao_id)
        .bind(c.id)
        .bind(ordem)
        .bind(data)
        .bind(despacho)
        .bind(evento_id)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
        auditoria::criado(
            tx,
            autor,
            "distribuicao",
            id,
            serde_json::json!({
                "proposicao": p.identificacao(), "comissao": c.sigla, "ordem": ordem,
                "data": data.to_string(), "despacho": despacho,
            }),
        )
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Why the proposição cannot be marked ready yet (`None` when it can): no distribution, or
/// the comissões still without their parecer.
pub async fn pendencias(tx: &mut TenantTx, proposicao_id: Uuid) -> Result<Option<String>> {
    let ds = distribuicoes(tx, proposicao_id).await?;
    if ds.is_empty() {
        return Ok(Some(
            "A proposição não foi distribuída a nenhuma comissão.".into(),
        ));
    }
    let faltam: Vec<String> = ds
        .iter()
        .filter(|d| !d.concluida)
        .map(|d| d.comissao_sigla.clone())
        .collect();
    Ok(
        (!faltam.is_empty())
            .then(|| format!("Falta o parecer da comissão: {}.", faltam.join(", "))),
    )
}

/// Marks the proposição ready for the pauta (its `pronta_para_pauta` event), when every
/// comissão it was distributed to has approved its parecer.
pub async fn marcar_pronta(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
) -> Result<Situacao> {
    let p = resumo(tx, proposicao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição não encontrada.".into()))?;
    if p.situacao.as_deref() == Some(Situacao::ProntaParaPauta.as_str()) {
        return Err(Error::Conflict(
            "A proposição já está pronta para a pauta.".into(),
        ));
    }
    if let Some(porque) = pendencias(tx, proposicao_id).await? {
        return Err(Error::Conflict(porque));
    }
    let evento = EventoNovo {
        evento: Evento::ProntaParaPauta,
        unidade_id: None,
        descricao: "Pareceres das comissões concluídos: pronta para a pauta.".into(),
        ocorrido_em: None,
        origem_id: None,
    };
    let (_, situacao) = registrar_evento(tx, autor, proposicao_id, &evento).await?;
    Ok(situacao)
}
