//! Normas in the open data (`/api/v1/normas`, `/api/v1/normas/{id}/texto`): flat rows
//! (one CSV line each) with the derived situação, and the compiled text by dispositivo.

use domain::normas::{Compilado, Recebido, TipoVinculo};
use serde::Serialize;
use time::Date;
use uuid::Uuid;

use super::consultas::Norma;
use crate::{Result, TenantTx};

/// A norma in the open data.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NormaDados {
    pub id: Uuid,
    /// The tipo's sigla (LO, LC, RES…) and name.
    pub sigla_tipo: String,
    pub tipo: String,
    pub numero: i32,
    pub ano: i32,
    /// "Lei Ordinária nº 12/2024".
    pub identificacao: String,
    /// aaaa-mm-dd.
    pub data_assinatura: String,
    pub ementa: String,
    pub indexacao: String,
    pub autoria: String,
    /// The situação on the câmara's today, derived from the vigência and the vínculos
    /// received (aguardando_vigencia, vigente, revogada_parcialmente, revogada, suspensa,
    /// declarada_inconstitucional, vigencia_encerrada).
    pub situacao: String,
    /// aaaa-mm-dd, when known.
    pub vigencia_inicio: Option<String>,
    pub vigencia_fim: Option<String>,
    pub publicacao_veiculo: String,
    pub publicacao_data: Option<String>,
    pub publicacao_edicao: String,
    pub publicacao_pagina: String,
    /// The proposição it came from ("PL 12/2026") and its id.
    pub proposicao: Option<String>,
    pub proposicao_id: Option<Uuid>,
    /// The origin proposição's tipo, its sigla ("PL").
    pub proposicao_sigla: Option<String>,
    /// The origin proposição's tipo, its name ("Projeto de Lei").
    pub proposicao_tipo: Option<String>,
    /// The origin proposição's número.
    pub proposicao_numero: Option<i32>,
    /// The origin proposição's ano.
    pub proposicao_ano: Option<i32>,
    /// The origin proposição's public page ("/legislativo/proposicoes/2026/pl/12").
    pub proposicao_uri: Option<String>,
    /// The origin proposição in the open data ("/api/v1/proposicoes/{id}").
    pub proposicao_api: Option<String>,
    /// The LexML URN.
    pub urn: String,
    /// The norma's public page.
    pub uri: String,
}

/// A norma's origin proposição.
#[derive(sqlx::FromRow)]
struct Origem {
    id: Uuid,
    sigla: String,
    nome: String,
    numero: i32,
    ano: i32,
}

/// The rows of `normas`, their situação on `hoje` and their origin proposições each from
/// one query for the whole page.
pub async fn linhas(
    tx: &mut TenantTx,
    normas: &[Norma],
    hoje: Date,
    localidade: &str,
) -> Result<Vec<NormaDados>> {
    let tenant = tx.tenant_id();
    let ids: Vec<Uuid> = normas.iter().map(|n| n.id).collect();
    let recebidos: Vec<(Uuid, String, Option<String>, Date)> = sqlx::query_as(
        "SELECT alvo_id, tipo, dispositivo, vigencia FROM app.norma_vinculo
          WHERE tenant_id = $1 AND alvo_id = ANY($2) ORDER BY vigencia, id",
    )
    .bind(tenant)
    .bind(&ids)
    .fetch_all(tx.conn())
    .await?;
    let proposicoes: Vec<Uuid> = normas.iter().filter_map(|n| n.proposicao_id).collect();
    let origens: Vec<Origem> = sqlx::query_as(
        "SELECT p.id, tp.sigla, tp.nome, p.numero, p.ano FROM app.proposicao p
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = ANY($2)",
    )
    .bind(tenant)
    .bind(&proposicoes)
    .fetch_all(tx.conn())
    .await?;
    let iso = |d: Option<Date>| d.map(|d| d.to_string());
    Ok(normas
        .iter()
        .map(|n| {
            let seus: Vec<Recebido> = recebidos
                .iter()
                .filter(|r| r.0 == n.id)
                .filter_map(|(_, tipo, dispositivo, vigencia)| {
                    Some(Recebido {
                        tipo: TipoVinculo::parse(tipo)?,
                        dispositivo: dispositivo.clone(),
                        vigencia: *vigencia,
                    })
                })
                .collect();
            let situacao = domain::normas::situacao(n.vigencia_inicio, n.vigencia_fim, &seus, hoje);
            let origem = n
                .proposicao_id
                .and_then(|p| origens.iter().find(|o| o.id == p));
            NormaDados {
                id: n.id,
                sigla_tipo: n.tipo_sigla.clone(),
                tipo: n.tipo_nome.clone(),
                numero: n.numero,
                ano: n.ano,
                identificacao: n.identificacao(),
                data_assinatura: n.data_assinatura.to_string(),
                ementa: n.ementa.clone(),
                indexacao: n.indexacao.clone(),
                autoria: n.autoria.clone(),
                situacao: situacao.as_str().to_owned(),
                vigencia_inicio: iso(n.vigencia_inicio),
                vigencia_fim: iso(n.vigencia_fim),
                publicacao_veiculo: n.publicacao_veiculo.clone(),
                publicacao_data: iso(n.publicacao_data),
                publicacao_edicao: n.publicacao_edicao.clone(),
                publicacao_pagina: n.publicacao_pagina.clone(),
                proposicao: n.proposicao.clone(),
                proposicao_id: n.proposicao_id,
                proposicao_sigla: origem.map(|o| o.sigla.clone()),
                proposicao_tipo: origem.map(|o| o.nome.clone()),
                proposicao_numero: origem.map(|o| o.numero),
                proposicao_ano: origem.map(|o| o.ano),
                proposicao_uri: origem.map(|o| {
                    format!(
                        "/legislativo/proposicoes/{}/{}/{}",
                        o.ano,
                        o.sigla.to_lowercase(),
                        o.numero
                    )
                }),
                proposicao_api: origem.map(|o| format!("/api/v1/proposicoes/{}", o.id)),
                urn: n.urn(localidade),
                uri: format!("/legislativo/normas/{}", n.id),
            }
        })
        .collect())
}

/// A wording a dispositivo no longer has.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RedacaoAnteriorDados {
    pub texto: String,
    /// aaaa-mm-dd: the last day it was in force.
    pub ate: String,
    /// The norma that replaced it ("Lei Ordinária nº 3/2022").
    pub substituida_por: String,
}

/// One dispositivo of the compiled text.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DispositivoDados {
    /// The LexML fragment id (`art5_par1u`).
    pub id: String,
    /// parte, livro, titulo, capitulo, secao, subsecao, artigo, caput, paragrafo, inciso,
    /// alinea or item.
    pub tipo: String,
    /// Depth in the tree (0: the outermost).
    pub nivel: usize,
    /// "Art. 5º", "§ 1º", "I –"…
    pub rotulo: String,
    pub texto: String,
    /// vigente, revogado, suspenso or inconstitucional.
    pub estado: String,
    /// What the vínculos did to it ("Redação dada pela Lei Ordinária nº 3/2022"), in order.
    pub notas: Vec<String>,
    pub redacoes_anteriores: Vec<RedacaoAnteriorDados>,
}

/// A norma's compiled text (`/api/v1/normas/{id}/texto`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TextoDados {
    pub norma_id: Uuid,
    pub urn: String,
    /// aaaa-mm-dd: the text in force on this date; null: with every vínculo received.
    pub vigente_em: Option<String>,
    pub preambulo: String,
    /// What the vínculos on the whole norma did (revogada, suspensa…).
    pub notas_da_norma: Vec<String>,
    pub dispositivos: Vec<DispositivoDados>,
}

/// The word serde gives a unit variant (`"vigente"`, `"paragrafo"`).
fn palavra<T: Serialize>(t: &T) -> String {
    serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl TextoDados {
    pub fn de(n: &Norma, urn: String, em: Option<Date>, c: &Compilado) -> Self {
        TextoDados {
            norma_id: n.id,
            urn,
            vigente_em: em.map(|d| d.to_string()),
            preambulo: c.preambulo.clone(),
            notas_da_norma: c.marcas_da_norma.iter().map(|m| m.nota()).collect(),
            dispositivos: c
                .linhas
                .iter()
                .map(|l| DispositivoDados {
                    id: l.id.clone(),
                    tipo: palavra(&l.tipo),
                    nivel: l.nivel,
                    rotulo: l.rotulo.clone(),
                    texto: l.texto.clone(),
                    estado: palavra(&l.estado),
                    notas: l.marcas.iter().map(|m| m.nota()).collect(),
                    redacoes_anteriores: l
                        .anteriores
                        .iter()
                        .map(|r| RedacaoAnteriorDados {
                            texto: r.texto.clone(),
                            ate: r.ate.to_string(),
                            substituida_por: r.substituida_por.rotulo.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
