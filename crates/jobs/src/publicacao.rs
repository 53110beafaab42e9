//! Scheduled publication (job `noticia.publicar`, enqueued by the trigger of migration 0022
//! for a notícia saved with a future `publicar_em`): at that time the câmara's cached pages
//! are forgotten (its home page and lists show the notícia at once) and the audit log
//! records "publicada (agendada)". A job whose notícia was unpublished, deleted or moved to
//! another time does nothing (the trigger discarded it, or its date no longer matches).

use std::sync::Arc;

use store::TenantTx;
use store::auditoria::{self, Autor};
use store::jobs::Job;

use crate::{Futuro, Handler, texto_de, uuid_de};

/// The job's tipo.
pub const TIPO: &str = "noticia.publicar";

/// What empties a câmara's page cache (the web process's `PaginaCache::esquecer`); `None`
/// in a worker without pages (its caches expire by their TTL).
pub type Esquecer = Option<Arc<dyn Fn(i32) + Send + Sync>>;

pub struct Publicar(pub Esquecer);

impl Handler for Publicar {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let id = uuid_de(&job.dados, "noticia")?;
            let quando = texto_de(&job.dados, "publicar_em")?;
            let tenant = tx.tenant_id();
            let vale: Option<bool> = sqlx::query_scalar(
                "SELECT n.status = 'publicada' AND n.publicar_em = $3::timestamptz
                        AND n.publicar_em <= now()
                   FROM app.noticia n WHERE n.tenant_id = $1 AND n.id = $2",
            )
            .bind(tenant)
            .bind(id)
            .bind(&quando)
            .fetch_optional(tx.conn())
            .await
            .map_err(|e| e.to_string())?;
            if vale != Some(true) {
                return Ok(());
            }
            auditoria::evento(
                tx,
                &Autor::cli("agendamento"),
                "noticia",
                Some(&id.to_string()),
                "publicada (agendada)",
            )
            .await
            .map_err(|e| e.to_string())?;
            if let Some(esquecer) = &self.0 {
                esquecer(tenant);
            }
            Ok(())
        })
    }
}
