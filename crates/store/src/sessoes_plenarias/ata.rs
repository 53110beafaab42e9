//! The ata's draft of a sessão, read from what the database recorded (its opening and
//! closing times in the câmara's time zone, the roll, the speakers, the pauta items with
//! their states, the votações with results and nominal votes) and written by
//! `domain::sessoes_plenarias::ata::rascunho`. Secret votações: totals only.

pub mod documento;

use uuid::Uuid;

use domain::sessoes_plenarias::ata::{self, DadosAta, ItemAta, VotacaoAta};
use domain::sessoes_plenarias::presenca::SituacaoPresenca;
use domain::sessoes_plenarias::votacao::{StatusVotacao, TipoVotacao, Voto};

use super::{oradores, pauta, presenca, votacao};
use crate::{Error, Result, TenantTx};

/// The draft of `sessao_id`'s ata, in Markdown.
pub async fn rascunho(tx: &mut TenantTx, sessao_id: Uuid) -> Result<String> {
    Ok(ata::rascunho(&dados(tx, sessao_id).await?))
}

/// What the draft is made of.
pub async fn dados(tx: &mut TenantTx, sessao_id: Uuid) -> Result<DadosAta> {
    let s = super::por_id(tx, sessao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    let tenant = tx.tenant_id();
    let (abertura, encerramento): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT to_char(s.aberta_em AT TIME ZONE c.fuso_horario, 'HH24:MI'),
                to_char(s.encerrada_em AT TIME ZONE c.fuso_horario, 'HH24:MI')
           FROM app.sessao_plenaria s JOIN app.camara_config c ON c.tenant_id = s.tenant_id
          WHERE s.tenant_id = $1 AND s.id = $2",
    )
    .bind(tenant)
    .bind(sessao_id)
    .fetch_one(tx.conn())
    .await?;
    let chamada = presenca::chamada(tx, sessao_id).await?;
    let presentes = chamada
        .linhas
        .iter()
        .filter(|l| l.presente())
        .map(|l| l.nome.clone())
        .collect();
    let ausentes = chamada
        .linhas
        .iter()
        .filter(|l| !l.presente())
        .map(|l| {
            let justificada = l.sessao == Some(SituacaoPresenca::Justificada.as_str());
            (
                l.nome.clone(),
                l.justificativa.clone().filter(|_| justificada),
            )
        })
        .collect();
    let oradores = oradores::da_sessao(tx, sessao_id)
        .await?
        .into_iter()
        .filter(|o| o.status != "inscrito")
        .map(|o| (o.fase, o.nome))
        .collect();
    let votacoes = votacao::da_sessao(tx, sessao_id).await?;
    let mut itens = Vec::new();
    for i in pauta::itens(tx, sessao_id).await? {
        let mut vs = Vec::new();
        for v in votacoes
            .iter()
            .filter(|v| v.item_id == i.id && v.status() == StatusVotacao::Encerrada)
        {
            let votos = if v.tipo() == TipoVotacao::Nominal {
                votacao::votos(tx, v.id)
                    .await?
                    .into_iter()
                    .filter_map(|x| Voto::parse(&x.voto).map(|voto| (x.nome, voto)))
                    .collect()
            } else {
                Vec::new()
            };
            vs.push(VotacaoAta {
                turno: v.turno,
                tipo: v.tipo(),
                sim: v.sim,
                nao: v.nao,
                abstencao: v.abstencao,
                votantes: v.votantes,
                resultado: v.resultado_label().to_owned(),
                justificativa: v.justificativa.clone(),
                votos,
            });
        }
        itens.push(ItemAta {
            situacao: i.situacao(),
            motivo: i.motivo_situacao.clone(),
            titulo: i.titulo,
            votacoes: vs,
        });
    }
    Ok(DadosAta {
        titulo: s.titulo(),
        data: s.data(),
        local: s.local.clone(),
        abertura,
        encerramento,
        presentes,
        ausentes,
        oradores,
        itens,
    })
}
