//! Renders a proposição's avulso (job `proposicao.avulso`, enqueued by the triggers of
//! migration 0022 when what it prints changes) and keeps it in `app.proposicao_avulso`.

use store::TenantTx;
use store::jobs::Job;
use store::jobs::avulso;

use crate::{Futuro, Handler, uuid_de};

/// Renders one avulso; an unchanged one (same fonte) is left as it is.
pub struct Renderizar;

impl Handler for Renderizar {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let id = uuid_de(&job.dados, "proposicao")?;
            let erro = |e: store::Error| e.to_string();
            // Deleted meanwhile: nothing to render.
            let Some(c) = avulso::conteudo(tx, id).await.map_err(erro)? else {
                return Ok(());
            };
            let fonte = c.fonte();
            if avulso::fonte_guardada(tx, id)
                .await
                .map_err(erro)?
                .as_deref()
                == Some(&fonte)
            {
                return Ok(());
            }
            let pdf = tokio::task::spawn_blocking(move || crate::pdf::avulso::pdf(&c))
                .await
                .map_err(|e| format!("o avulso não pôde ser gerado: {e}"))?;
            avulso::guardar(tx, id, &fonte, &pdf).await.map_err(erro)
        })
    }
}
