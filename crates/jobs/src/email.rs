//! The first handler: sending one e-mail, enqueued with [`enfileirar`] in the transaction of
//! the write that asks for it.

use serde_json::{Value, json};
use store::TenantTx;
use store::jobs::{Job, Novo};

use crate::mail::{Email, Mailer};
use crate::{Futuro, Handler};

/// The job's tipo.
pub const TIPO: &str = "email";

/// Enqueues `email` in `tx` (sent after the transaction commits, by the worker).
pub async fn enfileirar(tx: &mut TenantTx, email: &Email) -> store::Result<uuid::Uuid> {
    store::jobs::enfileirar(tx, &Novo::agora(TIPO, para_json(email))).await
}

fn para_json(e: &Email) -> Value {
    json!({ "para": e.para, "assunto": e.assunto, "corpo": e.corpo, "cabecalhos": e.cabecalhos })
}

fn de_json(v: &Value) -> Result<Email, String> {
    let texto = |campo: &str| {
        v.get(campo)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("tarefa de e-mail sem \"{campo}\""))
    };
    let cabecalhos = v
        .get("cabecalhos")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|par| {
                    let par = par.as_array()?;
                    Some((
                        par.first()?.as_str()?.to_owned(),
                        par.get(1)?.as_str()?.to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Email {
        para: texto("para")?,
        assunto: texto("assunto")?,
        corpo: texto("corpo")?,
        cabecalhos,
    })
}

/// Sends the job's message.
pub struct Enviar(pub Mailer);

impl Handler for Enviar {
    fn executar<'a>(&'a self, _tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move { self.0.enviar(&de_json(&job.dados)?).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_survives_the_queue() {
        let e = Email {
            para: "a@b.example".into(),
            assunto: "Olá, câmara".into(),
            corpo: "Linha 1\nLinha 2".into(),
            cabecalhos: vec![("List-Unsubscribe".into(), "<https://x.example/c>".into())],
        };
        assert_eq!(de_json(&para_json(&e)), Ok(e));
        assert!(de_json(&json!({"para": "a@b.example"})).is_err());
    }
}
