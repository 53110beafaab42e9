//! The protocolo's receipt by e-mail: enqueued in the transaction that registers the
//! protocolo (a rollback enqueues nothing; a process dying after the commit loses nothing),
//! rendered and sent by the worker with the PDF attached.

use serde_json::json;
use store::TenantTx;
use store::jobs::{Job, Novo};
use uuid::Uuid;

use crate::mail::Mailer;
use crate::{Futuro, Handler, texto_de, uuid_de};

/// The job's tipo.
pub const TIPO: &str = "protocolo.comprovante";

/// Enqueues the receipt of `protocolo` (sent only when it has an interessado's e-mail).
/// `camara` is the name printed; `url_verificacao` the verification page with its code.
pub async fn enfileirar(
    tx: &mut TenantTx,
    protocolo: Uuid,
    camara: &str,
    url_verificacao: &str,
) -> store::Result<Uuid> {
    store::jobs::enfileirar(
        tx,
        &Novo::agora(
            TIPO,
            json!({ "protocolo": protocolo, "camara": camara, "url_verificacao": url_verificacao }),
        ),
    )
    .await
}

/// Renders and sends one receipt.
pub struct Enviar(pub Mailer);

impl Handler for Enviar {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let id = uuid_de(&job.dados, "protocolo")?;
            let camara = texto_de(&job.dados, "camara")?;
            let url = texto_de(&job.dados, "url_verificacao")?;
            let erro = |e: store::Error| e.to_string();
            let Some(p) = store::protocolo::por_id(tx, id).await.map_err(erro)? else {
                return Ok(());
            };
            if p.interessado_email.is_empty() {
                return Ok(());
            }
            let docs = store::protocolo::documentos(tx, id).await.map_err(erro)?;
            let pdf = crate::pdf::comprovante::pdf(&crate::pdf::comprovante::Comprovante {
                camara: &camara,
                protocolo: &p,
                documentos: &docs,
                url_verificacao: url.clone(),
            });
            let corpo = format!(
                "Olá, {}.\n\nO seu documento foi recebido pela {camara} e protocolado sob o nº {}, \
                 em {}.\n\nAssunto: {}\n\nO comprovante segue anexo. Código de verificação: {}\n\
                 Confira-o a qualquer momento em:\n{url}\n",
                p.interessado_nome,
                p.numero_ano(),
                p.recebido_local,
                p.assunto,
                p.codigo_legivel(),
            );
            let nome = format!("protocolo-{}-{}.pdf", p.numero, p.ano);
            self.0
                .send_com_anexo(
                    &p.interessado_email,
                    &format!("Protocolo nº {} — {camara}", p.numero_ano()),
                    corpo,
                    (&nome, "application/pdf", pdf),
                )
                .await
        })
    }
}
