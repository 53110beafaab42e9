//! Closing a votação: the counts, the result computed from the item's quórum, an operator's
//! override only with a written justification, and the result fed to the proposição.

use time::Date;
use uuid::Uuid;

use domain::proposicoes::Evento;
use domain::sessoes_plenarias::quorum::{self, Contagem, Regra, Resultado};
use domain::sessoes_plenarias::votacao::{Acao, TipoVotacao, Voto};

use super::{Votacao, por_id, publica, travada};
use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::proposicoes::eventos::{EventoNovo, registrar_evento};
use crate::sessoes_plenarias::ata::documento::{Desfecho, desfecho_do_item};
use crate::sessoes_plenarias::{ciclo, presenca};
use crate::{Error, Result, TenantTx};

/// What the operator gives at the close.
#[derive(Debug, Clone, Default)]
pub struct Encerramento {
    /// A symbolic votação's count, if taken (SIM, NÃO, ABSTENÇÃO).
    pub contagem: Option<(i64, i64, i64)>,
    /// A symbolic votação without a count: the result the presidente declared.
    pub declarado: Option<Resultado>,
    /// The operator replaces the computed result with this one…
    pub alterar_para: Option<Resultado>,
    /// …and says why (required with `alterar_para`; shown publicly).
    pub justificativa: String,
}

/// The presidente on `dia` (the mesa's member whose cargo is "Presidente").
async fn presidente(tx: &mut TenantTx, dia: Date) -> Result<Option<Uuid>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT m.parlamentar_id FROM app.membro_mesa m
           JOIN app.cargo_mesa c ON c.tenant_id = m.tenant_id AND c.id = m.cargo_id
          WHERE m.tenant_id = $1 AND m.inicio <= $2 AND $2 <= m.fim AND lower(c.nome) = 'presidente'
          LIMIT 1",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_optional(tx.conn())
    .await?)
}

/// Closes the votação: waits for the votes in flight (FOR UPDATE), counts, computes the
/// result, records it (with the override and its justification when given) and, when the
/// item is a proposição and something was decided, registers the proposição's event.
pub async fn encerrar(
    tx: &mut TenantTx,
    autor: &Autor,
    votacao_id: Uuid,
    e: &Encerramento,
) -> Result<Votacao> {
    let antes = travada(tx, votacao_id).await?;
    antes
        .status()
        .aplicar(Acao::Encerrar)
        .map_err(|m| Error::Conflict(m.into()))?;
    let sessao = super::super::agenda::lida(tx, antes.sessao_id).await?;
    let chamada = presenca::chamada(tx, antes.sessao_id).await?;
    let reg = ciclo::regimento(tx, chamada.membros).await?;
    let regra = Regra::parse(&antes.quorum).unwrap_or(Regra::MaioriaSimples);
    let presentes = chamada.presentes;
    let tenant = tx.tenant_id();
    let (contagem, voto_presidente) = match antes.tipo() {
        TipoVotacao::Nominal => {
            let pres = presidente(tx, sessao.dia).await?;
            let votos = super::votos(tx, votacao_id).await?;
            let mut c = Contagem {
                presentes,
                ..Contagem::default()
            };
            let mut vp = None;
            for v in votos {
                let Some(voto) = Voto::parse(&v.voto) else {
                    continue;
                };
                if Some(v.parlamentar_id) == pres {
                    vp = Some(voto);
                    continue;
                }
                match voto {
                    Voto::Sim => c.sim += 1,
                    Voto::Nao => c.nao += 1,
                    Voto::Abstencao => c.abstencao += 1,
                }
            }
            (Some(c), vp)
        }
        // The presidente's secret vote cannot be told apart: it is counted with the others.
        TipoVotacao::Secreta => (
            Some(Contagem {
                sim: i64::from(antes.sim),
                nao: i64::from(antes.nao),
                abstencao: i64::from(antes.abstencao),
                presentes,
            }),
            None,
        ),
        TipoVotacao::Simbolica => (
            e.contagem.map(|(sim, nao, abstencao)| Contagem {
                sim,
                nao,
                abstencao,
                presentes,
            }),
            None,
        ),
    };
    let (calculado, sim, nao, abstencao, explicacao) = match contagem {
        Some(c) => {
            let a = quorum::apurar(regra, &reg, c, voto_presidente)
                .map_err(|v| invalido("contagem", v.message))?;
            (a.resultado, a.sim, a.nao, a.abstencao, a.explicacao)
        }
        None => {
            let Some(d) = e.declarado else {
                return Err(invalido(
                    "resultado",
                    "Informe a contagem ou o resultado declarado pela Mesa.",
                ));
            };
            (
                d,
                0,
                0,
                0,
                "Resultado declarado pela Mesa (votação simbólica).".to_owned(),
            )
        }
    };
    let resultado = e.alterar_para.unwrap_or(calculado);
    let justificativa = e.justificativa.trim();
    if resultado != calculado && justificativa.len() < 10 {
        return Err(invalido(
            "justificativa",
            "Para alterar o resultado calculado, escreva a justificativa (de 10 a 2.000 caracteres).",
        ));
    }
    let justificativa = (resultado != calculado).then_some(justificativa);
    let para_i32 = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
    let q = sqlx::query(
        "UPDATE app.votacao SET status = 'encerrada', sim = $3, nao = $4, abstencao = $5,
                presentes = $6, cadeiras = $7, resultado = $8, resultado_calculado = $9,
                explicacao = $10, justificativa = $11, encerrada_em = clock_timestamp()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(votacao_id)
    .bind(para_i32(sim))
    .bind(para_i32(nao))
    .bind(para_i32(abstencao))
    .bind(para_i32(presentes))
    .bind(para_i32(reg.cadeiras))
    .bind(resultado.as_str())
    .bind(calculado.as_str())
    .bind(&explicacao)
    .bind(justificativa);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    if let (Some(proposicao), Resultado::Aprovada | Resultado::Rejeitada) =
        (antes.proposicao_id, resultado)
    {
        let turnos: i16 = sqlx::query_scalar(
            "SELECT t.turnos FROM app.proposicao p
               JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
              WHERE p.tenant_id = $1 AND p.id = $2",
        )
        .bind(tenant)
        .bind(proposicao)
        .fetch_one(tx.conn())
        .await?;
        let aprovada = resultado == Resultado::Aprovada;
        let (evento_id, _) = registrar_evento(
            tx,
            autor,
            proposicao,
            &EventoNovo {
                evento: Evento::Votada {
                    aprovada,
                    ultimo_turno: !aprovada || antes.turno >= turnos,
                },
                unidade_id: None,
                descricao: format!(
                    "{} em {}º turno na {} ({}).",
                    resultado.label(),
                    antes.turno,
                    sessao.titulo(),
                    explicacao
                ),
                ocorrido_em: None,
                origem_id: None,
            },
        )
        .await?;
        sqlx::query("UPDATE app.votacao SET evento_id = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(votacao_id)
            .bind(evento_id)
            .execute(tx.conn())
            .await?;
    }
    // An item that reads an ata: approved, the ata is; rejected, it goes back to rascunho.
    let desfecho = match resultado {
        Resultado::Aprovada => Some(Desfecho::Aprovada),
        Resultado::Rejeitada => Some(Desfecho::Devolvida),
        _ => None,
    };
    if let Some(d) = desfecho {
        desfecho_do_item(tx, autor, antes.item_id, d).await?;
    }
    let depois = por_id(tx, votacao_id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "votacao",
        votacao_id,
        "encerrar",
        json(&publica(&antes)),
        json(&depois),
    )
    .await?;
    Ok(depois)
}
