//! "Retorna ao autor" (job `proposicao.retorno`, enqueued by the tramitação whose status
//! returns the proposição to its author): one e-mail to each of its authors' addresses.

use store::TenantTx;
use store::jobs::Job;
use store::jobs::retorno;

use crate::mail::{Email, Mailer};
use crate::{Futuro, Handler, uuid_de};

/// Tells the authors.
pub struct Avisar(pub Mailer);

impl Handler for Avisar {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let id = uuid_de(&job.dados, "tramitacao")?;
            let Some((r, emails)) = retorno::retorno(tx, id).await.map_err(|e| e.to_string())?
            else {
                return Ok(());
            };
            let despacho = if r.despacho.trim().is_empty() {
                "(sem despacho)".to_owned()
            } else {
                r.despacho.clone()
            };
            let corpo = format!(
                "{}\n\nA {} — {} foi devolvida ao autor em {} ({}).\n\nDespacho:\n{despacho}\n\n\
                 Veja-a em Minhas proposições, no Plenário da câmara.\n",
                r.camara, r.identificacao, r.ementa, r.em_local, r.status
            );
            for para in emails {
                self.0
                    .enviar(&Email {
                        para,
                        assunto: format!("{} devolvida ao autor — {}", r.identificacao, r.camara),
                        corpo: corpo.clone(),
                        cabecalhos: Vec::new(),
                    })
                    .await?;
            }
            Ok(())
        })
    }
}
