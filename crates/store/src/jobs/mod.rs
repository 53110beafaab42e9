//! The job queue's SQL (the worker itself is `crates/jobs`). Jobs are rows of `app.job`,
//! per câmara and under row level security like every other table:
//!
//! - [`enfileirar`] takes the caller's [`TenantTx`]: a job is enqueued in the same
//!   transaction as the write that asks for it, so a rolled-back write enqueues nothing.
//! - [`camaras_com_devidos`] asks one database which of its resident câmaras have work due,
//!   through `plenario.jobs_por_camara`, which looks at each câmara under its own
//!   `app.tenant_id` (no SECURITY DEFINER, no policy but `tenant_isolation`).
//! - [`reivindicar`] claims due jobs of one câmara in its TenantTx (`FOR UPDATE SKIP LOCKED`)
//!   and commits the claim: the attempt is counted and a lease taken, so a worker that dies
//!   leaves a job any other worker takes again once the lease runs out.
//! - [`travar`] opens the run: in the handler's own TenantTx the job row is locked (while
//!   that transaction lives, no other worker can take the job, whatever its lease says), and
//!   [`concluir`] marks it done in that same transaction, so the handler's writes and the
//!   completion commit together, exactly once.

pub mod avulso;
mod operador;
pub mod retorno;
mod unicos;

pub use operador::{Contagem, JobListado, descartar, falhos, job, reprocessar, resumo};
pub use unicos::{JOB_ALERTAS_PRAZO, agendar_alertas_de_prazo, enfileirar_unico};

use std::time::Duration;

use serde_json::Value;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::infra::catalog::Tenant;
use crate::{DataDb, Result, Store, TenantTx};

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct Novo {
    pub tipo: String,
    pub dados: Value,
    /// When it may run (now when `None`): scheduled publication, reminders.
    pub executar_em: Option<OffsetDateTime>,
    /// How many attempts before it is given up as `falhou` (5 when `None`).
    pub max_tentativas: Option<i32>,
}

impl Novo {
    pub fn agora(tipo: &str, dados: Value) -> Self {
        Self {
            tipo: tipo.to_owned(),
            dados,
            executar_em: None,
            max_tentativas: None,
        }
    }
}

/// Enqueues `novo` in the caller's transaction (committed or rolled back with it).
pub async fn enfileirar(tx: &mut TenantTx, novo: &Novo) -> Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.job (tenant_id, id, tipo, dados, executar_em, max_tentativas)
         VALUES ($1, $2, $3, $4, coalesce($5, now()), coalesce($6, 5))",
    )
    .bind(tx.tenant_id())
    .bind(id)
    .bind(&novo.tipo)
    .bind(&novo.dados)
    .bind(novo.executar_em)
    .bind(novo.max_tentativas)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    Ok(id)
}

/// The resident câmaras of `db` with a job due now (pending and due, or a lease run out).
pub async fn camaras_com_devidos(store: &Store, db: &DataDb) -> Result<Vec<i32>> {
    let pool = store.app_pool(db).await?;
    Ok(sqlx::query_scalar(
        "SELECT tenant_id FROM plenario.jobs_por_camara(true) ORDER BY tenant_id",
    )
    .fetch_all(&pool)
    .await?)
}

/// The câmara with this id, as the catalog knows it.
pub async fn camara(store: &Store, tenant_id: i32) -> Result<Option<Tenant>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM control.tenants t WHERE t.id = $1",
        crate::infra::catalog::TENANT_COLUMNS
    )))
    .bind(tenant_id)
    .fetch_optional(store.control())
    .await?)
}

/// A claimed job.
#[derive(Debug, Clone, FromRow)]
pub struct Job {
    pub id: Uuid,
    pub tipo: String,
    pub dados: Value,
    /// This attempt's number (1 for the first).
    pub tentativas: i32,
    pub max_tentativas: i32,
    /// The claim's token: only its holder may finish the job.
    pub lease: Uuid,
}

/// Claims up to `n` due jobs of the transaction's câmara for `lease`. Commit the
/// transaction to make the claim (and the attempt it counts) stick.
pub async fn reivindicar(tx: &mut TenantTx, n: i64, lease: Duration) -> Result<Vec<Job>> {
    Ok(sqlx::query_as(
        "WITH devidos AS (
            SELECT id FROM app.job
             WHERE tenant_id = $1
               AND ((estado = 'pendente' AND executar_em <= now())
                    OR (estado = 'executando' AND lease_ate <= now()))
             ORDER BY coalesce(lease_ate, executar_em), id
             LIMIT $2
             FOR UPDATE SKIP LOCKED)
         UPDATE app.job j
            SET estado = 'executando', lease = gen_random_uuid(),
                lease_ate = now() + make_interval(secs => $3),
                tentativas = j.tentativas + 1, atualizado_em = now()
           FROM devidos d
          WHERE j.tenant_id = $1 AND j.id = d.id
      RETURNING j.id, j.tipo, j.dados, j.tentativas, j.max_tentativas, j.lease",
    )
    .bind(tx.tenant_id())
    .bind(n)
    .bind(lease.as_secs_f64())
    .fetch_all(tx.conn())
    .await?)
}

/// In the handler's transaction: locks the job row if `job`'s claim still holds it (false
/// when another worker took it over meanwhile). The lock lasts as long as the transaction.
pub async fn travar(tx: &mut TenantTx, job: &Job) -> Result<bool> {
    let achado: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM app.job
          WHERE tenant_id = $1 AND id = $2 AND lease = $3 AND estado = 'executando'
          FOR UPDATE",
    )
    .bind(tx.tenant_id())
    .bind(job.id)
    .bind(job.lease)
    .fetch_optional(tx.conn())
    .await?;
    Ok(achado.is_some())
}

/// Marks the job done, in the handler's transaction (after [`travar`]).
pub async fn concluir(tx: &mut TenantTx, job: &Job) -> Result<bool> {
    let n = sqlx::query(
        "UPDATE app.job SET estado = 'concluido', lease = NULL, lease_ate = NULL,
                concluido_em = now(), atualizado_em = now(), ultimo_erro = NULL
          WHERE tenant_id = $1 AND id = $2 AND lease = $3",
    )
    .bind(tx.tenant_id())
    .bind(job.id)
    .bind(job.lease)
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// What became of a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AposFalha {
    /// Back to `pendente`, to run again after the backoff.
    Reagendado,
    /// `falhou`: no attempts left.
    Falhou,
    /// The claim was no longer ours: nothing changed.
    Perdido,
}

/// Records a failed attempt (in a transaction of its own): again after `espera`, or
/// `falhou` with the error when it was the last attempt.
pub async fn falhar(
    tx: &mut TenantTx,
    job: &Job,
    erro: &str,
    espera: Duration,
) -> Result<AposFalha> {
    let erro: String = erro.chars().take(2000).collect();
    let estado: Option<String> = sqlx::query_scalar(
        "UPDATE app.job
            SET estado = CASE WHEN tentativas >= max_tentativas THEN 'falhou' ELSE 'pendente' END,
                executar_em = CASE WHEN tentativas >= max_tentativas THEN executar_em
                                   ELSE now() + make_interval(secs => $4) END,
                lease = NULL, lease_ate = NULL, ultimo_erro = $5, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2 AND lease = $3
      RETURNING estado",
    )
    .bind(tx.tenant_id())
    .bind(job.id)
    .bind(job.lease)
    .bind(espera.as_secs_f64())
    .bind(erro)
    .fetch_optional(tx.conn())
    .await?;
    Ok(match estado.as_deref() {
        Some("falhou") => AposFalha::Falhou,
        Some(_) => AposFalha::Reagendado,
        None => AposFalha::Perdido,
    })
}

/// The wait before attempt `tentativa + 1`: `base · 2^(tentativa−1)`, at most `maximo`.
pub fn espera(tentativa: i32, base: Duration, maximo: Duration) -> Duration {
    let expoente = u32::try_from(tentativa.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    base.saturating_mul(1u32 << expoente).min(maximo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_the_maximum() {
        let b = Duration::from_secs(30);
        let m = Duration::from_secs(3600);
        assert_eq!(espera(1, b, m), Duration::from_secs(30));
        assert_eq!(espera(2, b, m), Duration::from_secs(60));
        assert_eq!(espera(3, b, m), Duration::from_secs(120));
        assert_eq!(espera(7, b, m), Duration::from_secs(1920));
        assert_eq!(espera(8, b, m), m);
        assert_eq!(espera(1000, b, m), m);
        assert_eq!(espera(0, b, m), b);
    }
}
