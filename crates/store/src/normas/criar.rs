//! A new norma (its number from the tipo's gapless counter, or the one it already has) and
//! its edit; the articulated text is parsed here and stored as dispositivos.

use domain::ValidationError;
use domain::normas::Texto;
use serde::Serialize;
use time::Date;
use uuid::Uuid;

use super::{dispositivos, tipos};
use crate::auditoria::{self, Autor};
use crate::infra::{contador, recusas};
use crate::{Error, Result, TenantTx};

/// What the form gives.
#[derive(Debug, Clone, Serialize)]
pub struct Dados {
    pub tipo_id: Uuid,
    /// `None`: the next number of the tipo's counter.
    pub numero: Option<i32>,
    pub data_assinatura: Date,
    pub ementa: String,
    pub indexacao: String,
    pub autoria: String,
    /// The articulated text as pasted (plain text or Markdown).
    pub texto: String,
    pub proposicao_id: Option<Uuid>,
    pub publicacao_veiculo: String,
    pub publicacao_data: Option<Date>,
    pub publicacao_edicao: String,
    pub publicacao_pagina: String,
    pub vigencia_inicio: Option<Date>,
    pub vigencia_fim: Option<Date>,
}

/// The parsed text, or every refused line in one message.
pub fn ler_texto(texto: &str) -> Result<Texto> {
    domain::normas::parse(texto).map_err(|erros| {
        let msg = erros
            .iter()
            .map(|e| e.mensagem.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Error::from(ValidationError::new("texto", msg))
    })
}

/// The counter scope: one sequence per tipo, or per tipo and year.
pub fn escopo(tipo: Uuid, numeracao: &str, ano: i32) -> String {
    match numeracao {
        "ano" => format!("norma:{tipo}:{ano}"),
        _ => format!("norma:{tipo}"),
    }
}

use crate::infra::leitura::Consulta;

/// Binds the form's fields after the statement's own: the data of both the insert and the
/// update, in this order (data_assinatura … vigencia_fim).
fn ligar_dados<'q>(q: Consulta<'q>, d: &'q Dados, texto: &'q Texto) -> Consulta<'q> {
    q.bind(d.data_assinatura)
        .bind(d.ementa.trim())
        .bind(d.indexacao.trim())
        .bind(d.autoria.trim())
        .bind(&texto.preambulo)
        .bind(d.proposicao_id)
        .bind(d.publicacao_veiculo.trim())
        .bind(d.publicacao_data)
        .bind(d.publicacao_edicao.trim())
        .bind(d.publicacao_pagina.trim())
        .bind(d.vigencia_inicio)
        .bind(d.vigencia_fim)
}

/// Records a new norma; returns its id. Run it behind `TenantTx::tentar`: a refusal gives
/// the number back with the savepoint.
pub async fn criar(tx: &mut TenantTx, autor: &Autor, d: &Dados) -> Result<Uuid> {
    let texto = ler_texto(&d.texto)?;
    let Some(tipo) = tipos::por_id(tx, d.tipo_id).await? else {
        return Err(ValidationError::new("tipo_id", "Escolha um tipo de norma da lista.").into());
    };
    if !tipo.ativo {
        return Err(
            ValidationError::new("tipo_id", "Este tipo de norma não está mais em uso.").into(),
        );
    }
    let ano = d.data_assinatura.year();
    let escopo = escopo(tipo.id, &tipo.numeracao, ano);
    let numero = match d.numero {
        Some(n) if n > 0 => {
            contador::ao_menos(tx, &escopo, i64::from(n)).await?;
            n
        }
        Some(_) => {
            return Err(ValidationError::new("numero", "O número deve ser maior que zero.").into());
        }
        None => i32::try_from(contador::proximo(tx, &escopo).await?)
            .map_err(|_| Error::Conflict("A numeração deste tipo se esgotou.".into()))?,
    };
    let id = Uuid::now_v7();
    let tenant = tx.tenant_id();
    let q = sqlx::query(
        "INSERT INTO app.norma (tenant_id, id, tipo_id, numero, ano, escopo, data_assinatura,
                                ementa, indexacao, autoria, preambulo, proposicao_id,
                                publicacao_veiculo, publicacao_data, publicacao_edicao,
                                publicacao_pagina, vigencia_inicio, vigencia_fim)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    );
    ligar_dados(
        q.bind(tenant)
            .bind(id)
            .bind(tipo.id)
            .bind(numero)
            .bind(ano)
            .bind(&escopo),
        d,
        &texto,
    )
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    dispositivos::gravar(tx, id, &texto).await?;
    auditoria::criado(
        tx,
        autor,
        "norma",
        id,
        serde_json::json!({
            "identificacao": format!("{} nº {numero}/{ano}", tipo.nome),
            "ementa": d.ementa.trim(), "dispositivos": texto.percorrer().len(),
        }),
    )
    .await?;
    Ok(id)
}

/// Changes a norma's data and text (not its tipo or number).
pub async fn editar(tx: &mut TenantTx, autor: &Autor, id: Uuid, d: &Dados) -> Result<()> {
    let texto = ler_texto(&d.texto)?;
    let tenant = tx.tenant_id();
    let antes: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT to_jsonb(n) - 'busca' FROM app.norma n WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(antes) = antes else {
        return Err(Error::NotFound("Norma não encontrada.".into()));
    };
    let q = sqlx::query(
        "UPDATE app.norma SET data_assinatura = $3, ementa = $4, indexacao = $5, autoria = $6,
                preambulo = $7, proposicao_id = $8, publicacao_veiculo = $9,
                publicacao_data = $10, publicacao_edicao = $11, publicacao_pagina = $12,
                vigencia_inicio = $13, vigencia_fim = $14, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    );
    ligar_dados(q.bind(tenant).bind(id), d, &texto)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    dispositivos::gravar(tx, id, &texto).await?;
    auditoria::editado(tx, autor, "norma", id, antes, serde_json::json!(d)).await?;
    Ok(())
}
