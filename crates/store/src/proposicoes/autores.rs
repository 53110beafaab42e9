//! The autores of a proposição: the primeiro autor and the coautores, each with the date
//! they subscribed it. A proposição always has its primeiro autor: another one is chosen
//! before the current one can be removed.

use domain::proposicoes::TipoAutor;
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::criar::AutorNovo;
use super::editar::NOME_AUTOR;
use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

/// One autor of a proposição.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Autoria {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    pub tipo: String,
    pub parlamentar_id: Option<Uuid>,
    pub comissao_id: Option<Uuid>,
    /// The name shown: the parlamentar's, the comissão's or the one typed.
    pub nome: String,
    pub primeiro: bool,
    pub ordem: i16,
    pub subscrito_em: Date,
}

impl Autoria {
    pub fn tipo_rotulo(&self) -> &'static str {
        TipoAutor::parse(&self.tipo).map_or("", TipoAutor::rotulo)
    }
}

fn consulta(onde: &str) -> String {
    format!(
        "SELECT a.id, a.proposicao_id, a.tipo, a.parlamentar_id, a.comissao_id,
                {NOME_AUTOR} AS nome, a.primeiro, a.ordem, a.subscrito_em
           FROM app.proposicao_autor a
           LEFT JOIN app.parlamentar par ON par.tenant_id = a.tenant_id AND par.id = a.parlamentar_id
           LEFT JOIN app.comissao com ON com.tenant_id = a.tenant_id AND com.id = a.comissao_id
          WHERE a.tenant_id = $1 AND {onde}"
    )
}

/// The autores, the primeiro first.
pub async fn listar(tx: &mut TenantTx, proposicao: Uuid) -> Result<Vec<Autoria>> {
    tx.linhas(
        sqlx::AssertSqlSafe(
            consulta("a.proposicao_id = $2") + " ORDER BY a.primeiro DESC, a.ordem, a.id",
        ),
        proposicao,
    )
    .await
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Autoria>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(consulta("a.id = $2")))
        .bind(tenant)
        .bind(id)
        .fetch_optional(tx.conn())
        .await?)
}

/// Adds a coautor (after the others).
pub async fn adicionar(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao: Uuid,
    a: &AutorNovo,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.proposicao_autor (tenant_id, id, proposicao_id, tipo, parlamentar_id,
                                           comissao_id, nome, primeiro, ordem, subscrito_em)
         SELECT $1, $2, $3, $4, $5, $6, $7, false,
                coalesce((SELECT max(ordem) + 1 FROM app.proposicao_autor
                           WHERE tenant_id = $1 AND proposicao_id = $3), 1), $8",
    )
    .bind(tenant)
    .bind(id)
    .bind(proposicao)
    .bind(a.tipo.as_str())
    .bind(a.parlamentar_id)
    .bind(a.comissao_id)
    .bind(a.nome.trim())
    .bind(a.subscrito_em)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let nova = por_id(tx, id).await?;
    auditoria::criado(tx, autor, "proposicao_autor", id, serde_json::json!(nova)).await?;
    Ok(id)
}

/// Removes a coautor; the primeiro autor stays until another is chosen.
pub async fn remover(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<Autoria> {
    let a = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Autor não encontrado.".into()))?;
    if a.primeiro {
        return Err(Error::Conflict(impedimento_remocao(&a).unwrap_or_default()));
    }
    auditoria::apagar(
        tx,
        autor,
        "proposicao_autor",
        id,
        "excluir",
        auditoria::json(&a),
    )
    .await?;
    Ok(a)
}

/// Why an autor cannot be removed, if it cannot.
pub fn impedimento_remocao(a: &Autoria) -> Option<String> {
    a.primeiro.then(|| {
        format!(
            "{} é o primeiro autor: escolha outro primeiro autor antes de removê-lo.",
            a.nome
        )
    })
}

/// Makes a coautor the primeiro autor (the former primeiro becomes a coautor).
pub async fn tornar_primeiro(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<Autoria> {
    let tenant = tx.tenant_id();
    let a = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Autor não encontrado.".into()))?;
    let antes: Option<Uuid> = sqlx::query_scalar(
        "UPDATE app.proposicao_autor SET primeiro = false
          WHERE tenant_id = $1 AND proposicao_id = $2 AND primeiro RETURNING id",
    )
    .bind(tenant)
    .bind(a.proposicao_id)
    .fetch_optional(tx.conn())
    .await?;
    sqlx::query("UPDATE app.proposicao_autor SET primeiro = true WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    auditoria::mudanca(
        tx,
        autor,
        "proposicao_autor",
        id,
        "tornar_primeiro",
        Some(serde_json::json!({ "primeiro_autor": antes })),
        Some(serde_json::json!({ "primeiro_autor": id })),
    )
    .await?;
    Ok(a)
}
