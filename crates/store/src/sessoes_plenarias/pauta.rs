//! The pauta's items (minimal): items of a sessão referencing proposições (or free text),
//! with the tipo de ação, the quórum (by default the tipo de proposição's for the turno),
//! the turno and the order. Publication rules come later.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::quorum::Regra;
use domain::sessoes_plenarias::votacao::TipoAcao;

use super::agenda::para_alterar;
use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

/// An item of a sessão's pauta.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ItemPauta {
    pub id: Uuid,
    pub sessao_id: Uuid,
    pub ordem: i32,
    pub proposicao_id: Option<Uuid>,
    /// "PL 12/2026 — ementa", or the free item's text.
    pub titulo: String,
    pub descricao: String,
    pub tipo_acao: String,
    pub quorum: String,
    pub turno: i16,
    pub fase_id: Option<Uuid>,
}

impl ItemPauta {
    pub fn tipo_acao_label(&self) -> &'static str {
        TipoAcao::parse(&self.tipo_acao).map_or("", TipoAcao::rotulo)
    }
    pub fn quorum_label(&self) -> &'static str {
        Regra::parse(&self.quorum).map_or("", Regra::label)
    }
    pub fn votada(&self) -> bool {
        TipoAcao::parse(&self.tipo_acao).is_some_and(TipoAcao::votada)
    }
}

pub(super) const ITEM: &str = "SELECT i.id, i.sessao_id, i.ordem, i.proposicao_id,
    coalesce(t.sigla || ' ' || p.numero || '/' || p.ano || ' — ' || p.ementa, i.descricao) AS titulo,
    i.descricao, i.tipo_acao, i.quorum, i.turno, i.fase_id
    FROM app.pauta_item i
    LEFT JOIN app.proposicao p ON p.tenant_id = i.tenant_id AND p.id = i.proposicao_id
    LEFT JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id";

/// The items of a sessão, in order.
pub async fn itens(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Vec<ItemPauta>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM} WHERE i.tenant_id = $1 AND i.sessao_id = $2 ORDER BY i.ordem"
    )))
    .bind(tenant)
    .bind(sessao_id)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn item(tx: &mut TenantTx, id: Uuid) -> Result<ItemPauta> {
    let tenant = tx.tenant_id();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM} WHERE i.tenant_id = $1 AND i.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::NotFound("Item da pauta não encontrado.".into()))
}

/// A new item.
#[derive(Debug, Clone)]
pub struct NovoItem {
    pub proposicao_id: Option<Uuid>,
    pub descricao: String,
    pub tipo_acao: TipoAcao,
    /// `None`: the tipo de proposição's quórum for the turno (maioria simples for a free item).
    pub quorum: Option<Regra>,
    pub turno: i16,
    pub fase_id: Option<Uuid>,
}

/// Adds an item at the end of the pauta of a sessão not yet encerrada or cancelada.
pub async fn adicionar_item(
    tx: &mut TenantTx,
    autor: &Autor,
    sessao_id: Uuid,
    n: &NovoItem,
) -> Result<ItemPauta> {
    let s = para_alterar(tx, sessao_id).await?;
    if matches!(s.status, StatusSessao::Encerrada | StatusSessao::Cancelada) {
        return Err(Error::Conflict(
            "A sessão está encerrada ou cancelada; a pauta não muda mais.".into(),
        ));
    }
    let tenant = tx.tenant_id();
    let quorum = match (n.quorum, n.proposicao_id) {
        (Some(q), _) => q.as_str().to_owned(),
        (None, Some(p)) => {
            let q: Option<Option<String>> = sqlx::query_scalar(
                "SELECT t.quorum[$3] FROM app.proposicao p
                   JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
                  WHERE p.tenant_id = $1 AND p.id = $2",
            )
            .bind(tenant)
            .bind(p)
            .bind(i32::from(n.turno))
            .fetch_optional(tx.conn())
            .await?;
            match q {
                None => {
                    return Err(invalido(
                        "proposicao",
                        "Proposição inexistente nesta câmara.",
                    ));
                }
                Some(q) => q.unwrap_or_else(|| Regra::MaioriaSimples.as_str().to_owned()),
            }
        }
        (None, None) => Regra::MaioriaSimples.as_str().to_owned(),
    };
    let id = Uuid::now_v7();
    let q = sqlx::query(
        "INSERT INTO app.pauta_item (tenant_id, id, sessao_id, fase_id, ordem, proposicao_id,
                                     descricao, tipo_acao, quorum, turno)
         SELECT $1, $2, $3, $4, coalesce(max(ordem), 0) + 1, $5, $6, $7, $8, $9
           FROM app.pauta_item WHERE tenant_id = $1 AND sessao_id = $3",
    )
    .bind(tenant)
    .bind(id)
    .bind(sessao_id)
    .bind(n.fase_id)
    .bind(n.proposicao_id)
    .bind(n.descricao.trim())
    .bind(n.tipo_acao.as_str())
    .bind(&quorum)
    .bind(n.turno);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    let i = item(tx, id).await?;
    auditoria::mudanca(tx, autor, "pauta_item", id, "criar", None, json(&i)).await?;
    Ok(i)
}
