//! A new proposição: its number from the tipo's gapless counter, its autores and the
//! first event of its history (protocolada), in one transaction.

use domain::ValidationError;
use domain::proposicoes::{EscopoNumeracao, Evento, Regime, TipoAutor};
use time::Date;
use uuid::Uuid;

use super::eventos::{EventoNovo, registrar_evento};
use crate::auditoria::{self, Autor};
use crate::infra::{contador, recusas};
use crate::{Error, Result, TenantTx};

/// One autor of a new proposição (the first of the list is the primeiro autor).
#[derive(Debug, Clone)]
pub struct AutorNovo {
    pub tipo: TipoAutor,
    pub parlamentar_id: Option<Uuid>,
    pub comissao_id: Option<Uuid>,
    /// For autores that are neither a parlamentar nor a comissão (Executivo, cidadãos).
    pub nome: String,
    pub subscrito_em: Date,
}

#[derive(Debug, Clone)]
pub struct NovaProposicao {
    pub tipo_id: Uuid,
    /// The proposição an emenda, subemenda or substitutivo belongs to.
    pub mae_id: Option<Uuid>,
    pub ementa: String,
    pub texto: String,
    pub justificativa: String,
    pub regime: Regime,
    pub apresentada_em: Date,
    pub autores: Vec<AutorNovo>,
    /// The first event's text ("Protocolada sob o nº 123/2026").
    pub descricao: String,
}

/// What [`criar`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criada {
    pub id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
}

impl Criada {
    /// "PL 12/2026".
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }
}

/// Numbers and records `nova`, with its autores and its `protocolada` event. Run it behind
/// `TenantTx::tentar` where the caller re-renders a form on refusal: a refused write gives
/// its number back with the savepoint.
pub async fn criar(tx: &mut TenantTx, autor: &Autor, nova: &NovaProposicao) -> Result<Criada> {
    let tenant = tx.tenant_id();
    let tipo: Option<(String, String, bool)> = sqlx::query_as(
        "SELECT sigla, escopo_numeracao, ativo FROM app.tipo_proposicao
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(nova.tipo_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((sigla, escopo, ativo)) = tipo else {
        return Err(
            ValidationError::new("tipo_id", "Escolha um tipo de proposição da lista.").into(),
        );
    };
    if !ativo {
        return Err(ValidationError::new(
            "tipo_id",
            "Este tipo de proposição não está mais em uso.",
        )
        .into());
    }
    if nova.autores.is_empty() {
        return Err(ValidationError::new("autores", "Informe ao menos um autor.").into());
    }
    let ano = nova.apresentada_em.year();
    let escopo = match nova.mae_id {
        Some(mae) => domain::proposicoes::escopo_acessorias(mae, nova.tipo_id),
        None => {
            let escopo = EscopoNumeracao::parse(&escopo).unwrap_or(EscopoNumeracao::Ano);
            let legislatura: Option<i32> = match escopo {
                EscopoNumeracao::Legislatura => {
                    sqlx::query_scalar(
                        "SELECT numero FROM app.legislatura
                      WHERE tenant_id = $1 AND $2 BETWEEN inicio AND fim",
                    )
                    .bind(tenant)
                    .bind(nova.apresentada_em)
                    .fetch_optional(tx.conn())
                    .await?
                }
                _ => None,
            };
            domain::proposicoes::escopo_numeracao(nova.tipo_id, escopo, ano, legislatura)?
        }
    };
    let numero = i32::try_from(contador::proximo(tx, &escopo).await?)
        .map_err(|_| Error::Conflict("A numeração deste tipo se esgotou.".into()))?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.proposicao (tenant_id, id, tipo_id, numero, ano, escopo, mae_id, ementa,
                                     texto, justificativa, regime, apresentada_em)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(tenant)
    .bind(id)
    .bind(nova.tipo_id)
    .bind(numero)
    .bind(ano)
    .bind(&escopo)
    .bind(nova.mae_id)
    .bind(nova.ementa.trim())
    .bind(nova.texto.trim())
    .bind(nova.justificativa.trim())
    .bind(nova.regime.as_str())
    .bind(nova.apresentada_em)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    for (ordem, a) in nova.autores.iter().enumerate() {
        sqlx::query(
            "INSERT INTO app.proposicao_autor (tenant_id, id, proposicao_id, tipo, parlamentar_id,
                                               comissao_id, nome, primeiro, ordem, subscrito_em)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(a.tipo.as_str())
        .bind(a.parlamentar_id)
        .bind(a.comissao_id)
        .bind(a.nome.trim())
        .bind(ordem == 0)
        .bind(i16::try_from(ordem).unwrap_or(i16::MAX))
        .bind(a.subscrito_em)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    let criada = Criada {
        id,
        sigla,
        numero,
        ano,
    };
    auditoria::criado(
        tx,
        autor,
        "proposicao",
        id,
        serde_json::json!({
            "identificacao": criada.identificacao(), "ementa": nova.ementa.trim(),
            "regime": nova.regime.as_str(), "autores": nova.autores.len(),
        }),
    )
    .await?;
    let descricao = if nova.descricao.trim().is_empty() {
        format!("Apresentada e protocolada como {}.", criada.identificacao())
    } else {
        nova.descricao.clone()
    };
    let evento = EventoNovo {
        evento: Evento::Protocolada,
        unidade_id: None,
        descricao,
        ocorrido_em: None,
        origem_id: None,
    };
    registrar_evento(tx, autor, id, &evento).await?;
    Ok(criada)
}
