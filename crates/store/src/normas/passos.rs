//! The one entry point for the autógrafo's steps (sanção total or parcial, veto, the
//! deliberação of the veto, promulgação): checked against the state on the act's date
//! (`EstadoAutografo::can_become`; a sanção after the prazo is refused, the sanção tácita
//! is promulgated), refused in Portuguese, then the step, the norma it makes (from the
//! proposição: tipo, ementa, indexação, texto, autoria, linked both ways), the
//! proposição's event and the audit, all in the caller's transaction.

use domain::ValidationError;
use domain::normas::sancao::{self, EstadoAutografo, Promulgador};
use domain::proposicoes::Evento;
use time::Date;
use uuid::Uuid;

use super::autografos::{self, Quadro, br};
use super::criar::{self, Dados, ler_texto};
use super::{consultas, dispositivos};
use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::proposicoes::{EventoNovo, registrar_evento};
use crate::{Error, Result, TenantTx};

/// A step as the form gives it.
#[derive(Debug, Clone, Default)]
pub struct NovoPasso {
    pub estado: Option<EstadoAutografo>,
    pub data: Option<Date>,
    /// The vetoed dispositivos (veto parcial), LexML ids.
    pub dispositivos: Vec<String>,
    pub razoes: String,
    pub veto_recebido_em: Option<Date>,
    pub sessao_id: Option<Uuid>,
    pub observacao: String,
    /// Who promulgates after a sanção tácita or a derrubada (the Prefeito within 48 horas,
    /// then the Presidente da Câmara, then the Vice-Presidente); none: the one the act's
    /// date gives. Ignored otherwise.
    pub promulgador: Option<Promulgador>,
}

/// What a step will do, for its confirmation page.
#[derive(Debug, Clone)]
pub struct Plano {
    pub estado: EstadoAutografo,
    pub data: Date,
    pub descricao: String,
    /// Who promulgates, for a promulgação.
    pub promulgador: Option<Promulgador>,
}

fn erro(campo: &'static str, msg: impl Into<String>) -> Error {
    ValidationError::new(campo, msg).into()
}

fn recusa_transicao(q: &Quadro, atual: EstadoAutografo, para: EstadoAutografo) -> Error {
    use EstadoAutografo::*;
    let prazo = q.prazo_sancao.map(br).unwrap_or_default();
    let msg = match (atual, para) {
        (_, Sancionado | SancionadoParcialmente | Vetado) if q.autografo.mesa => {
            "Esta proposição não vai à sanção: é promulgada pela Mesa.".to_owned()
        }
        (SancaoTacita, Sancionado | SancionadoParcialmente | Vetado) => format!(
            "O prazo de sanção venceu em {prazo}: houve sanção tácita, e cabe a promulgação."
        ),
        (AguardandoSancao, Promulgado) => format!(
            "O Executivo ainda está no prazo de sanção (vence em {prazo}); a promulgação pelo \
             Presidente cabe após a sanção tácita ou a derrubada do veto."
        ),
        (_, VetoMantido | VetoDerrubado) => "Não há veto a deliberar.".to_owned(),
        _ => format!(
            "Um autógrafo na situação \"{}\" não pode passar a \"{}\".",
            atual.rotulo(),
            para.rotulo()
        ),
    };
    erro("estado", msg)
}

/// Every check of the step `n` on the autógrafo `id` on `hoje`, without writing: the plan,
/// or the first refusal (in Portuguese, on its field).
pub async fn conferir(
    tx: &mut TenantTx,
    id: Uuid,
    n: &NovoPasso,
    hoje: Date,
) -> Result<(Quadro, Plano)> {
    use EstadoAutografo::*;
    let Some(a) = autografos::por_id(tx, id).await? else {
        return Err(Error::NotFound("Autógrafo não encontrado.".into()));
    };
    let cal = crate::calendario::calendario(tx).await?;
    let q = autografos::quadro(tx, a, &cal, hoje).await?;
    let Some(para) = n
        .estado
        .filter(|e| *e != SancaoTacita && *e != AguardandoSancao)
    else {
        return Err(erro("estado", "Escolha o próximo passo do autógrafo."));
    };
    let Some(data) = n.data else {
        return Err(erro("data", "Informe a data (dd/mm/aaaa)."));
    };
    if data > hoje {
        return Err(erro("data", "A data não pode ser futura."));
    }
    let atual = autografos::estado_em(&q.autografo, &cal, data);
    if !atual.can_become(para, q.autografo.mesa) {
        return Err(recusa_transicao(&q, atual, para));
    }
    if let Some(ultimo) = q.passos.last().map(|p| p.data).or(q.autografo.recebido_em)
        && data < ultimo
    {
        return Err(erro(
            "data",
            format!(
                "A data não pode ser anterior ao passo anterior ({}).",
                br(ultimo)
            ),
        ));
    }
    let promulgador = match (para, atual) {
        (Promulgado, _) if q.autografo.mesa => Some(Promulgador::Mesa),
        (Promulgado, SancaoTacita | VetoDerrubado) => {
            let (inicio, origem) = autografos::inicio_promulgacao(atual, q.prazo_sancao, &q.passos)
                .unwrap_or((data, sancao::Origem::SancaoTacita));
            let quem = n
                .promulgador
                .unwrap_or_else(|| sancao::promulgacao_devida(inicio, data).0);
            sancao::conferir_promulgacao(inicio, data, quem, origem)
                .map_err(|m| erro("promulgador", m))?;
            Some(quem)
        }
        (Promulgado, _) => Some(Promulgador::Presidente),
        _ => None,
    };
    if matches!(para, SancionadoParcialmente | Vetado) {
        if n.razoes.trim().chars().count() < 10 {
            return Err(erro(
                "razoes",
                "Informe as razões do veto (ao menos 10 caracteres).",
            ));
        }
        match n.veto_recebido_em {
            None => {
                return Err(erro(
                    "veto_recebido_em",
                    "Informe quando a Câmara recebeu o veto.",
                ));
            }
            Some(r) if r < data => {
                return Err(erro(
                    "veto_recebido_em",
                    "O recebimento do veto não pode ser anterior ao veto.",
                ));
            }
            Some(r) if r > hoje => {
                return Err(erro(
                    "veto_recebido_em",
                    "O recebimento do veto não pode ser uma data futura.",
                ));
            }
            Some(_) => {}
        }
    }
    if para == SancionadoParcialmente {
        let texto = ler_texto(&q.autografo.texto)?;
        if let Err(erros) = sancao::validar_veto_parcial(&texto, &n.dispositivos) {
            return Err(erro("dispositivos", erros.join(" ")));
        }
    }
    let tipo = q.autografo.tipo_norma.clone();
    let descricao = match para {
        Sancionado => format!(
            "Sanção total em {}: será criada a norma ({tipo}) com o texto do autógrafo, a ementa e a autoria da proposição.",
            br(data)
        ),
        SancionadoParcialmente => format!(
            "Sanção com veto parcial em {} ({}): será criada a norma ({tipo}) sem os dispositivos vetados, e o veto aguardará a deliberação da Câmara.",
            br(data),
            n.dispositivos.join(", ")
        ),
        Vetado => format!(
            "Veto total em {}: nenhuma norma é criada; o veto aguardará a deliberação da Câmara.",
            br(data)
        ),
        VetoMantido => format!(
            "Veto mantido em {}: esta decisão encerra o caminho do autógrafo.",
            br(data)
        ),
        VetoDerrubado => format!(
            "Veto derrubado em {}: o autógrafo seguirá ao Prefeito, que tem 48 horas para promulgar; depois delas, a promulgação cabe ao Presidente da Câmara e, passadas mais 48 horas, ao Vice-Presidente.",
            br(data)
        ),
        Promulgado if q.norma_id.is_some() => format!(
            "Promulgação em {} {} das partes vetadas, após a derrubada do veto: elas voltam ao texto da norma.",
            br(data),
            promulgador.unwrap_or(Promulgador::Presidente).por()
        ),
        Promulgado if atual == VetoDerrubado => format!(
            "Promulgação em {} {}, após a derrubada do veto: será criada a norma ({tipo}) com o texto do autógrafo.",
            br(data),
            promulgador.unwrap_or(Promulgador::Presidente).por()
        ),
        Promulgado if atual == SancaoTacita => format!(
            "Promulgação em {} {}, após a sanção tácita: será criada a norma ({tipo}) com o texto do autógrafo.",
            br(data),
            promulgador.unwrap_or(Promulgador::Presidente).por()
        ),
        Promulgado => format!(
            "Promulgação em {} {}: será criada a norma ({tipo}) com o texto do autógrafo.",
            br(data),
            promulgador.unwrap_or(Promulgador::Presidente).por()
        ),
        AguardandoSancao | SancaoTacita => unreachable!("refused above"),
    };
    Ok((
        q,
        Plano {
            estado: para,
            data,
            descricao,
            promulgador,
        },
    ))
}

/// Records the step `n` on the autógrafo `id`: locks it, checks it (`conferir`), makes or
/// completes the norma, appends the step and the proposição's event, audits. Run it behind
/// `TenantTx::tentar`: a refusal leaves nothing half-written. Returns the step's id.
pub async fn registrar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    n: &NovoPasso,
    hoje: Date,
) -> Result<Uuid> {
    use EstadoAutografo::*;
    let tenant = tx.tenant_id();
    sqlx::query("SELECT 1 FROM app.autografo WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
        .bind(tenant)
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    let (q, plano) = conferir(tx, id, n, hoje).await?;
    let a = &q.autografo;
    let veto_total = q.veto().is_some_and(|v| v.estado() == Some(Vetado));
    let (dispositivos, razoes, veto_recebido) = match plano.estado {
        SancionadoParcialmente => (n.dispositivos.clone(), n.razoes.trim(), n.veto_recebido_em),
        Vetado => (Vec::new(), n.razoes.trim(), n.veto_recebido_em),
        _ => (Vec::new(), "", None),
    };
    let sessao = n
        .sessao_id
        .filter(|_| matches!(plano.estado, VetoMantido | VetoDerrubado));
    let promulgador = plano.promulgador.map(Promulgador::as_str);
    let mut partes = Vec::new();
    let norma_id = match plano.estado {
        Sancionado => Some(nova_norma(tx, autor, &q, plano.data, &[]).await?),
        SancionadoParcialmente => Some(nova_norma(tx, autor, &q, plano.data, &dispositivos).await?),
        Promulgado => match q.norma_id {
            None => Some(nova_norma(tx, autor, &q, plano.data, &[]).await?),
            Some(norma) => {
                partes = q.veto().map(|v| v.dispositivos.clone()).unwrap_or_default();
                promulgar_partes(tx, autor, &q, norma, &partes, &plano).await?;
                Some(norma)
            }
        },
        _ => None,
    };
    let passo = Uuid::now_v7();
    let gravados = if plano.estado == Promulgado {
        &partes
    } else {
        &dispositivos
    };
    sqlx::query(
        "INSERT INTO app.autografo_passo (tenant_id, id, autografo_id, estado, data, dispositivos,
                razoes, veto_recebido_em, sessao_id, promulgador, norma_id, observacao, usuario_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(tenant)
    .bind(passo)
    .bind(id)
    .bind(plano.estado.as_str())
    .bind(plano.data)
    .bind(gravados)
    .bind(razoes)
    .bind(veto_recebido)
    .bind(sessao)
    .bind(promulgador)
    .bind(norma_id)
    .bind(n.observacao.trim())
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let identificacao = match norma_id {
        Some(nid) => consultas::norma(tx, nid)
            .await?
            .map(|x| x.identificacao())
            .unwrap_or_default(),
        None => String::new(),
    };
    let d = br(plano.data);
    let (evento, descricao) = match plano.estado {
        Sancionado => (
            Evento::Sancionada,
            format!("Sancionada em {d}: {identificacao}."),
        ),
        SancionadoParcialmente => (
            Evento::Sancionada,
            format!(
                "Sancionada com veto parcial em {d} (vetados: {}): {identificacao}.",
                dispositivos.join(", ")
            ),
        ),
        Vetado => (Evento::Vetada, format!("Vetada totalmente em {d}.")),
        VetoMantido => (
            Evento::VetoDeliberado {
                derrubado: false,
                total: veto_total,
            },
            format!("Veto mantido pela Câmara em {d}."),
        ),
        VetoDerrubado => (
            Evento::VetoDeliberado {
                derrubado: true,
                total: veto_total,
            },
            format!("Veto derrubado pela Câmara em {d}."),
        ),
        Promulgado if !partes.is_empty() => (
            Evento::Promulgada,
            format!(
                "Promulgadas {} em {d} as partes vetadas ({}) de {identificacao}.",
                plano.promulgador.unwrap_or(Promulgador::Presidente).por(),
                partes.join(", ")
            ),
        ),
        _ => (
            Evento::Promulgada,
            format!(
                "Promulgada {} em {d}{}: {identificacao}.",
                plano.promulgador.unwrap_or(Promulgador::Presidente).por(),
                if q.passos.is_empty() && !a.mesa {
                    ", após a sanção tácita"
                } else {
                    ""
                }
            ),
        ),
    };
    registrar_evento(
        tx,
        autor,
        a.proposicao_id,
        &EventoNovo {
            evento,
            unidade_id: None,
            descricao,
            ocorrido_em: None,
            origem_id: None,
        },
    )
    .await?;
    auditoria::registrar(
        tx,
        autor,
        "autografo",
        Some(&id.to_string()),
        plano.estado.as_str(),
        None,
        Some(serde_json::json!({
            "passo": passo, "data": plano.data, "dispositivos": gravados, "razoes": razoes,
            "veto_recebido_em": veto_recebido, "sessao_id": sessao, "promulgador": promulgador,
            "norma_id": norma_id,
        })),
    )
    .await?;
    Ok(passo)
}

/// The norma made from the proposição (its ementa, indexação and autoria) with the
/// autógrafo's text, the `vetados` dispositivos marked "(Vetado)".
async fn nova_norma(
    tx: &mut TenantTx,
    autor: &Autor,
    q: &Quadro,
    data: Date,
    vetados: &[String],
) -> Result<Uuid> {
    let a = &q.autografo;
    let tenant = tx.tenant_id();
    let (indexacao,): (String,) =
        sqlx::query_as("SELECT indexacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(a.proposicao_id)
            .fetch_one(tx.conn())
            .await?;
    let autores = crate::proposicoes::autores::listar(tx, a.proposicao_id).await?;
    let mut autoria = autores
        .iter()
        .map(|x| x.nome.trim())
        .collect::<Vec<_>>()
        .join(", ");
    if autoria.chars().count() > 500 {
        autoria = autoria.chars().take(499).collect::<String>() + "…";
    }
    let texto = ler_texto(&a.texto)?;
    let texto = if vetados.is_empty() {
        texto
    } else {
        sancao::vetar(&texto, vetados)
    };
    criar::criar(
        tx,
        autor,
        &Dados {
            tipo_id: a.tipo_norma_id,
            numero: None,
            data_assinatura: data,
            ementa: a.ementa.clone(),
            indexacao: indexacao.chars().take(2000).collect(),
            autoria,
            texto: texto.renderizar(),
            proposicao_id: Some(a.proposicao_id),
            publicacao_veiculo: String::new(),
            publicacao_data: None,
            publicacao_edicao: String::new(),
            publicacao_pagina: String::new(),
            vigencia_inicio: None,
            vigencia_fim: None,
        },
    )
    .await
}

/// After the derrubada of a veto parcial: the vetoed `partes` come back to the norma's
/// text with the autógrafo's words.
async fn promulgar_partes(
    tx: &mut TenantTx,
    autor: &Autor,
    q: &Quadro,
    norma: Uuid,
    partes: &[String],
    plano: &Plano,
) -> Result<()> {
    let Some(n) = consultas::norma(tx, norma).await? else {
        return Err(Error::NotFound("Norma não encontrada.".into()));
    };
    let atual = consultas::texto(tx, &n).await?;
    let original = ler_texto(&q.autografo.texto)?;
    let nota = format!(
        "Vetado e promulgado {} em {}, após a derrubada do veto",
        plano.promulgador.unwrap_or(Promulgador::Presidente).por(),
        br(plano.data)
    );
    let novo = sancao::promulgar_partes(&atual, &original, partes, &nota);
    dispositivos::gravar(tx, norma, &novo).await?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.norma SET atualizado_em = now() WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(norma)
        .execute(tx.conn())
        .await?;
    auditoria::registrar(
        tx,
        autor,
        "norma",
        Some(&norma.to_string()),
        "promulgar_partes",
        None,
        Some(serde_json::json!({ "partes": partes, "data": plano.data, "promulgador": plano.promulgador.map(Promulgador::as_str) })),
    )
    .await?;
    Ok(())
}
