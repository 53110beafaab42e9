//! What the master panel reads and does on the queue: the depth per câmara and tipo in
//! every database, one câmara's failed jobs, and retrying or discarding one of them.

use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{DataDb, Result, Store, TenantTx};

/// How many jobs of a tipo a câmara has in a state (pendente, executando or falhou).
#[derive(Debug, Clone, FromRow)]
pub struct Contagem {
    pub tenant_id: i32,
    pub tipo: String,
    pub estado: String,
    pub quantidade: i64,
    /// The earliest time one of them is due (pendente) or its lease ends (executando).
    pub proximo: Option<OffsetDateTime>,
}

/// The queue of every data database the store knows (pooled and dedicated), with the
/// databases that could not be read.
pub async fn resumo(store: &Store) -> Result<(Vec<Contagem>, Vec<String>)> {
    let mut todas = Vec::new();
    let mut inacessiveis = Vec::new();
    for db in store.data_databases().await? {
        match resumo_de(store, &db).await {
            Ok(c) => todas.extend(c),
            Err(e) => {
                tracing::warn!(%db, error = %e, "queue summary: database unreadable");
                inacessiveis.push(db.to_string());
            }
        }
    }
    todas.sort_by(|a, b| (a.tenant_id, &a.tipo, &a.estado).cmp(&(b.tenant_id, &b.tipo, &b.estado)));
    Ok((todas, inacessiveis))
}

async fn resumo_de(store: &Store, db: &DataDb) -> Result<Vec<Contagem>> {
    let pool = store.app_pool(db).await?;
    Ok(sqlx::query_as(
        "SELECT tenant_id, tipo, estado, quantidade, proximo FROM plenario.jobs_por_camara(false)",
    )
    .fetch_all(&pool)
    .await?)
}

/// A job as the panel lists it.
#[derive(Debug, Clone, FromRow)]
pub struct JobListado {
    pub id: Uuid,
    pub tipo: String,
    pub estado: String,
    pub tentativas: i32,
    pub max_tentativas: i32,
    pub ultimo_erro: Option<String>,
    pub atualizado_em: OffsetDateTime,
}

/// The câmara's failed jobs, newest first: (one page, how many in all).
pub async fn falhos(tx: &mut TenantTx, limite: i64, offset: i64) -> Result<(Vec<JobListado>, i64)> {
    let tenant = tx.tenant_id();
    let jobs = sqlx::query_as(
        "SELECT id, tipo, estado, tentativas, max_tentativas, ultimo_erro, atualizado_em
           FROM app.job WHERE tenant_id = $1 AND estado = 'falhou'
          ORDER BY atualizado_em DESC, id LIMIT $2 OFFSET $3",
    )
    .bind(tenant)
    .bind(limite)
    .bind(offset)
    .fetch_all(tx.conn())
    .await?;
    let total = sqlx::query_scalar(
        "SELECT count(*) FROM app.job WHERE tenant_id = $1 AND estado = 'falhou'",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?;
    Ok((jobs, total))
}

/// A failed job runs again now, with its attempts counted from zero. The job as it was,
/// or `None` when there is no failed job with this id.
pub async fn reprocessar(tx: &mut TenantTx, id: Uuid) -> Result<Option<JobListado>> {
    mudar(
        tx,
        id,
        "UPDATE app.job SET estado = 'pendente', tentativas = 0, executar_em = now(),
                atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2 AND estado = 'falhou'
      RETURNING id, tipo, estado, tentativas, max_tentativas, ultimo_erro, atualizado_em",
    )
    .await
}

/// A failed (or still pending) job is given up for good.
pub async fn descartar(tx: &mut TenantTx, id: Uuid) -> Result<Option<JobListado>> {
    mudar(
        tx,
        id,
        "UPDATE app.job SET estado = 'descartado', atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2 AND estado IN ('falhou', 'pendente')
      RETURNING id, tipo, estado, tentativas, max_tentativas, ultimo_erro, atualizado_em",
    )
    .await
}

/// One job of the câmara, as the panel shows it (the confirmation of a discard).
pub async fn job(tx: &mut TenantTx, id: Uuid) -> Result<Option<JobListado>> {
    mudar(
        tx,
        id,
        "SELECT id, tipo, estado, tentativas, max_tentativas, ultimo_erro, atualizado_em
           FROM app.job WHERE tenant_id = $1 AND id = $2",
    )
    .await
}

async fn mudar(tx: &mut TenantTx, id: Uuid, sql: &'static str) -> Result<Option<JobListado>> {
    Ok(sqlx::query_as(sql)
        .bind(tx.tenant_id())
        .bind(id)
        .fetch_optional(tx.conn())
        .await?)
}
