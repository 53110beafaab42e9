//! The daily prazo alerts (job `prazos.alertas`, one a day per câmara at 07:00 in its own
//! time zone): the users of each unidade get one e-mail listing its prazos vencidos and
//! vencendo (none when there are none). No timer per câmara: each day's job enqueues the
//! next one (keyed by the day); migration 0022 and provisioning seed the first.
//!
//! Exactly once per (day, unidade, e-mail), by the database: each message is enqueued as an
//! `email` job under the key `prazos:<dia>:<unidade>:<e-mail>`, so a job retried after a
//! crash, or run twice at once, adds nothing the first run added.

use serde_json::json;
use store::TenantTx;
use store::jobs::{Job, Novo};
use store::tramitacao::prazos;

use crate::{Futuro, Handler, Origem, texto_de};

/// The job's tipo.
pub const TIPO: &str = store::jobs::JOB_ALERTAS_PRAZO;

/// Enqueues the day's alert e-mails of the transaction's câmara (each at most once per
/// day) and the next day's job. How many e-mails this call added.
pub async fn enfileirar_do_dia(
    tx: &mut TenantTx,
    dia: &str,
    origem: &Origem,
) -> store::Result<usize> {
    let tenant = tx.tenant_id();
    let camara = store::camara::config(tx)
        .await?
        .map(|c| c.nome)
        .unwrap_or_default();
    let slug: String =
        sqlx::query_scalar("SELECT slug FROM plenario.resident WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_one(tx.conn())
            .await?;
    let base = origem.da_camara_principal(tenant, &slug).await;
    let mut novos = 0;
    for a in prazos::alertas_de_prazo(tx).await? {
        for m in prazos::mensagens_de_prazo(&camara, &base, std::slice::from_ref(&a)) {
            let chave = format!("prazos:{dia}:{}:{}", a.unidade_id, m.para.to_lowercase());
            let email =
                json!({ "para": m.para, "assunto": m.assunto, "corpo": m.corpo, "cabecalhos": [] });
            let novo = Novo::agora(crate::email::TIPO, email);
            if store::jobs::enfileirar_unico(tx, &novo, &chave)
                .await?
                .is_some()
            {
                novos += 1;
            }
        }
    }
    store::jobs::agendar_alertas_de_prazo(tx.conn(), tenant).await?;
    Ok(novos)
}

/// Runs one day's alerts.
pub struct Alertas(pub Origem);

impl Handler for Alertas {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let dia = texto_de(&job.dados, "dia")?;
            enfileirar_do_dia(tx, &dia, &self.0)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }
}
