//! The acompanhamento's messages: the confirmation (double opt-in) and one notification per
//! new event, each with the one-click cancellation link (`List-Unsubscribe`, RFC 8058).

use serde_json::Value;
use store::TenantTx;
use store::acompanhamento::{self, Mensagem};
use store::jobs::Job;
use uuid::Uuid;

use crate::mail::{Email, Mailer};
use crate::{Futuro, Handler};

fn id_de(dados: &Value, campo: &str) -> Result<Uuid, String> {
    dados
        .get(campo)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("tarefa sem \"{campo}\""))
}

fn cabecalhos(m: &Mensagem) -> Vec<(String, String)> {
    vec![
        (
            "List-Unsubscribe".into(),
            format!("<{}>", m.link_cancelar()),
        ),
        (
            "List-Unsubscribe-Post".into(),
            "List-Unsubscribe=One-Click".into(),
        ),
    ]
}

fn rodape(m: &Mensagem) -> String {
    format!(
        "\n--\nVocê recebe esta mensagem porque pediu para acompanhar a {} na {}. \
         Seu e-mail é usado só para isso.\nPara deixar de acompanhar, abra: {}\n",
        m.identificacao,
        m.camara,
        m.link_cancelar()
    )
}

/// Sends the confirmation message of a request (a fresh token each attempt).
pub struct Confirmacao(pub Mailer);

impl Handler for Confirmacao {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let id = id_de(&job.dados, "acompanhamento")?;
            let preparado = acompanhamento::preparar_confirmacao(tx, id)
                .await
                .map_err(|e| e.to_string())?;
            // Gone, expired or already confirmed: nothing to send.
            let Some((m, token)) = preparado else {
                return Ok(());
            };
            let corpo = format!(
                "Olá.\n\nRecebemos um pedido para enviar a este endereço as novidades da tramitação da {} — {}.\n\n\
                 Para confirmar, abra o endereço abaixo (válido por {} horas):\n\n{}/acompanhamento/confirmar?token={token}\n\n\
                 Se você não fez este pedido, ignore esta mensagem: nada mais será enviado.\n{}",
                m.identificacao,
                m.ementa,
                acompanhamento::VALIDADE_HORAS,
                m.origem,
                rodape(&m)
            );
            self.0
                .enviar(&Email {
                    para: m.email.clone(),
                    assunto: format!(
                        "Confirme o acompanhamento da {} — {}",
                        m.identificacao, m.camara
                    ),
                    corpo,
                    cabecalhos: cabecalhos(&m),
                })
                .await
        })
    }
}

/// Tells one confirmed follower of one new event.
pub struct Notificacao(pub Mailer);

impl Handler for Notificacao {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let id = id_de(&job.dados, "acompanhamento")?;
            let evento_id = id_de(&job.dados, "evento")?;
            // Cancelled meanwhile: nothing is sent.
            let Some(m) = acompanhamento::preparar_notificacao(tx, id)
                .await
                .map_err(|e| e.to_string())?
            else {
                return Ok(());
            };
            let Some(ev) = acompanhamento::evento(tx, evento_id)
                .await
                .map_err(|e| e.to_string())?
            else {
                return Ok(());
            };
            let corpo = format!(
                "Novo andamento da {} — {}\n\n{}: {}\nSituação: {}\n\nVeja a tramitação completa: {}\n{}",
                m.identificacao,
                m.ementa,
                ev.quando,
                ev.descricao,
                situacao(&ev.situacao),
                m.link_proposicao(),
                rodape(&m)
            );
            self.0
                .enviar(&Email {
                    para: m.email.clone(),
                    assunto: format!("{}: novo andamento — {}", m.identificacao, m.camara),
                    corpo,
                    cabecalhos: cabecalhos(&m),
                })
                .await
        })
    }
}

fn situacao(s: &str) -> String {
    domain::proposicoes::Situacao::parse(s)
        .map(|s| s.rotulo().to_owned())
        .unwrap_or_else(|| s.to_owned())
}
