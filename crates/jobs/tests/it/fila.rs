//! The queue: enqueued in the business write's transaction, scheduled, retried with a
//! growing wait until `falhou`, found across câmaras and databases, and recovered exactly
//! once after its worker is killed mid-job.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use jobs::{Config, Futuro, Handler, Tarefas, Worker};
use store::auditoria::{self, Autor};
use store::infra::catalog::Tenant;
use store::jobs::{Job, Novo};
use store::{Access, TenantTx};
use testkit::TestEnv;
use time::OffsetDateTime;
use uuid::Uuid;

fn config(camaras: &[&Tenant]) -> Config {
    Config {
        concorrencia: 4,
        lease: Duration::from_secs(1),
        intervalo: Duration::from_millis(50),
        espera_base: Duration::from_secs(30),
        espera_max: Duration::from_secs(3600),
        camaras: Some(camaras.iter().map(|t| t.id).collect()),
    }
}

/// Writes one audit row per run (in the job's transaction: rolled back with it), counts its
/// calls, fails while `falhas` is above zero, and blocks forever on its first call when
/// `bloquear` (after telling `iniciou`).
#[derive(Clone, Default)]
struct Efeito {
    chamadas: Arc<AtomicUsize>,
    falhas: Arc<AtomicUsize>,
    bloquear: bool,
    iniciou: Arc<tokio::sync::Notify>,
}

impl Handler for Efeito {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a> {
        Box::pin(async move {
            let n = self.chamadas.fetch_add(1, Ordering::SeqCst);
            auditoria::evento(
                tx,
                &Autor::cli("job"),
                "job",
                Some(&job.id.to_string()),
                "efeito",
            )
            .await
            .map_err(|e| e.to_string())?;
            if self.bloquear && n == 0 {
                self.iniciou.notify_one();
                std::future::pending::<()>().await;
            }
            if self
                .falhas
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |f| f.checked_sub(1))
                .is_ok()
            {
                return Err(format!("falha simulada {}", n + 1));
            }
            Ok(())
        })
    }
}

async fn enfileirar(env: &TestEnv, t: &Tenant, quando: Option<OffsetDateTime>) -> Uuid {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let id = store::jobs::enfileirar(
        &mut tx,
        &Novo {
            tipo: "teste.efeito".into(),
            dados: serde_json::json!({}),
            executar_em: quando,
            max_tentativas: Some(3),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

#[derive(Debug, sqlx::FromRow)]
struct Estado {
    estado: String,
    tentativas: i32,
    ultimo_erro: Option<String>,
    /// Seconds from now to executar_em.
    daqui: f64,
}

async fn estado(env: &TestEnv, t: &Tenant, id: Uuid) -> Estado {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    sqlx::query_as(
        "SELECT estado, tentativas, ultimo_erro,
                extract(epoch FROM executar_em - now())::float8 AS daqui
           FROM app.job WHERE tenant_id = $1 AND id = $2",
    )
    .bind(t.id)
    .bind(id)
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

async fn efeitos(env: &TestEnv, t: &Tenant, id: Uuid) -> i64 {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria
          WHERE tenant_id = $1 AND entidade = 'job' AND entidade_id = $2 AND acao = 'efeito'",
    )
    .bind(t.id)
    .bind(id.to_string())
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

/// Makes a pending job due now (as the passing of time would).
async fn vencer(env: &TestEnv, t: &Tenant, id: Uuid) {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    sqlx::query("UPDATE app.job SET executar_em = now() WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(id)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn worker(env: &TestEnv, h: &Efeito, camaras: &[&Tenant]) -> Worker {
    Worker::new(
        env.store.clone(),
        Tarefas::new().com("teste.efeito", h.clone()),
        config(camaras),
    )
}

#[tokio::test]
async fn a_job_is_enqueued_with_its_write_and_a_rollback_enqueues_nothing() {
    let env = TestEnv::new().await;
    let t = env.camara("job-tx", "pool").await;
    let h = Efeito::default();
    for commit in [false, true] {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        auditoria::evento(&mut tx, &Autor::cli("teste"), "negocio", None, "escrita")
            .await
            .unwrap();
        store::jobs::enfileirar(&mut tx, &Novo::agora("teste.efeito", serde_json::json!({})))
            .await
            .unwrap();
        if commit {
            tx.commit().await.unwrap();
        } else {
            tx.rollback().await.unwrap();
        }
    }
    let r = worker(&env, &h, &[&t]).rodar_uma_vez().await.unwrap();
    assert_eq!(
        r.concluidos, 1,
        "only the committed write's job runs: {r:?}"
    );
    assert_eq!(h.chamadas.load(Ordering::SeqCst), 1);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (jobs, concluidos): (i64, i64) = sqlx::query_as(
        // (Not the daily prazo alert every câmara has from its provisioning.)
        "SELECT count(*), count(*) FILTER (WHERE estado = 'concluido') FROM app.job
          WHERE tenant_id = $1 AND tipo <> 'prazos.alertas'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!((jobs, concluidos), (1, 1));
}

#[tokio::test]
async fn a_scheduled_job_waits_for_its_time() {
    let env = TestEnv::new().await;
    let t = env.camara("job-agenda", "pool").await;
    let h = Efeito::default();
    let agora = OffsetDateTime::now_utc();
    let futuro = enfileirar(&env, &t, Some(agora + time::Duration::hours(1))).await;
    let passado = enfileirar(&env, &t, Some(agora - time::Duration::minutes(1))).await;
    let w = worker(&env, &h, &[&t]);
    let r = w.rodar_uma_vez().await.unwrap();
    assert_eq!(r.concluidos, 1, "{r:?}");
    assert_eq!(estado(&env, &t, passado).await.estado, "concluido");
    assert_eq!(estado(&env, &t, futuro).await.estado, "pendente");
    assert_eq!(w.rodar_uma_vez().await.unwrap().total(), 0, "nothing due");
    vencer(&env, &t, futuro).await;
    assert_eq!(w.rodar_uma_vez().await.unwrap().concluidos, 1);
    assert_eq!(estado(&env, &t, futuro).await.estado, "concluido");
}

#[tokio::test]
async fn a_failing_job_is_retried_with_a_growing_wait_then_falhou_with_its_last_error() {
    let env = TestEnv::new().await;
    let t = env.camara("job-retry", "pool").await;
    let h = Efeito::default();
    h.falhas.store(10, Ordering::SeqCst);
    let id = enfileirar(&env, &t, None).await;
    let w = worker(&env, &h, &[&t]);

    assert_eq!(w.rodar_uma_vez().await.unwrap().reagendados, 1);
    let e1 = estado(&env, &t, id).await;
    assert_eq!((e1.estado.as_str(), e1.tentativas), ("pendente", 1));
    assert_eq!(e1.ultimo_erro.as_deref(), Some("falha simulada 1"));
    // Not due during its wait (30 s for the first retry).
    assert!(e1.daqui > 20.0 && e1.daqui <= 30.0, "{e1:?}");
    assert_eq!(w.rodar_uma_vez().await.unwrap().total(), 0);

    vencer(&env, &t, id).await;
    assert_eq!(w.rodar_uma_vez().await.unwrap().reagendados, 1);
    let e2 = estado(&env, &t, id).await;
    assert_eq!(e2.tentativas, 2);
    // The second wait doubles the first.
    assert!(e2.daqui > 50.0 && e2.daqui <= 60.0, "{e2:?}");

    vencer(&env, &t, id).await;
    assert_eq!(w.rodar_uma_vez().await.unwrap().falhos, 1);
    let e3 = estado(&env, &t, id).await;
    assert_eq!((e3.estado.as_str(), e3.tentativas), ("falhou", 3));
    assert_eq!(e3.ultimo_erro.as_deref(), Some("falha simulada 3"));
    assert_eq!(w.rodar_uma_vez().await.unwrap().total(), 0, "given up");
    assert_eq!(h.chamadas.load(Ordering::SeqCst), 3);
    // Every failed attempt's writes were rolled back with it.
    assert_eq!(efeitos(&env, &t, id).await, 0);

    // The operator retries it: it runs again, from zero attempts.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let antes = store::jobs::reprocessar(&mut tx, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(antes.estado, "pendente");
    tx.commit().await.unwrap();
    h.falhas.store(0, Ordering::SeqCst);
    assert_eq!(w.rodar_uma_vez().await.unwrap().concluidos, 1);
    let e4 = estado(&env, &t, id).await;
    assert_eq!((e4.estado.as_str(), e4.tentativas), ("concluido", 1));
    assert_eq!(efeitos(&env, &t, id).await, 1);
}

#[tokio::test]
async fn one_worker_finds_due_jobs_in_pooled_and_dedicated_databases() {
    let env = TestEnv::new().await;
    let a = env.camara("job-pool", "pool").await;
    let b = env.camara("job-ded", "dedicated").await;
    let h = Efeito::default();
    let ja = enfileirar(&env, &a, None).await;
    let jb = enfileirar(&env, &b, None).await;
    let r = worker(&env, &h, &[&a, &b]).rodar_uma_vez().await.unwrap();
    assert_eq!(r.concluidos, 2, "{r:?}");
    assert_eq!(estado(&env, &a, ja).await.estado, "concluido");
    assert_eq!(estado(&env, &b, jb).await.estado, "concluido");
    // Each job's effect was written in its own câmara.
    assert_eq!(efeitos(&env, &a, ja).await, 1);
    assert_eq!(efeitos(&env, &b, jb).await, 1);
    assert_eq!(efeitos(&env, &a, jb).await, 0);
}

#[tokio::test]
async fn a_job_whose_worker_was_killed_mid_job_is_done_again_exactly_once() {
    let env = TestEnv::new().await;
    let t = env.camara("job-kill", "pool").await;
    let h = Efeito {
        bloquear: true,
        ..Efeito::default()
    };
    let id = enfileirar(&env, &t, None).await;
    let primeiro = worker(&env, &h, &[&t]);
    let tarefa = tokio::spawn(async move { primeiro.rodar_uma_vez().await });
    tokio::time::timeout(Duration::from_secs(20), h.iniciou.notified())
        .await
        .expect("the handler started");
    // The worker dies while the job holds its lease and its row lock.
    tarefa.abort();
    assert!(tarefa.await.unwrap_err().is_cancelled());
    let e = estado(&env, &t, id).await;
    assert_eq!((e.estado.as_str(), e.tentativas), ("executando", 1));

    // Another worker takes it once the lease (1 s here) has run out.
    let segundo = worker(&env, &h, &[&t]);
    let mut concluidos = 0;
    for _ in 0..400 {
        concluidos += segundo.rodar_uma_vez().await.unwrap().concluidos;
        if concluidos > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(concluidos, 1, "the job was not recovered");
    let e = estado(&env, &t, id).await;
    assert_eq!((e.estado.as_str(), e.tentativas), ("concluido", 2));
    assert_eq!(h.chamadas.load(Ordering::SeqCst), 2);
    // The killed attempt's write went with its transaction: the effect happened once.
    assert_eq!(efeitos(&env, &t, id).await, 1);
    assert_eq!(segundo.rodar_uma_vez().await.unwrap().total(), 0);
}

#[tokio::test]
async fn the_job_table_is_isolated_by_camara() {
    let env = TestEnv::new().await;
    let a = env.camara("job-rls-a", "pool").await;
    let b = env.camara("job-rls-b", "pool").await;
    let ja = enfileirar(&env, &a, None).await;
    // B's transaction sees none of A's jobs and cannot touch them.
    let mut tx = TenantTx::begin(&env.store, &b, Access::Write)
        .await
        .unwrap();
    let vistos: i64 = sqlx::query_scalar("SELECT count(*) FROM app.job WHERE tenant_id <> $1")
        .bind(b.id)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(vistos, 0);
    let claimed = store::jobs::reivindicar(&mut tx, 10, Duration::from_secs(60))
        .await
        .unwrap();
    assert!(claimed.is_empty());
    assert!(
        store::jobs::reprocessar(&mut tx, ja)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store::jobs::descartar(&mut tx, ja).await.unwrap().is_none());
    // Nor can it enqueue into A.
    let e = sqlx::query("INSERT INTO app.job (tenant_id, id, tipo) VALUES ($1, $2, 'email')")
        .bind(a.id)
        .bind(Uuid::now_v7())
        .execute(tx.conn())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("row-level security"), "{e}");
    drop(tx);
    // A worker serving only B leaves A's job alone.
    let h = Efeito::default();
    assert_eq!(
        worker(&env, &h, &[&b])
            .rodar_uma_vez()
            .await
            .unwrap()
            .total(),
        0
    );
    assert_eq!(estado(&env, &a, ja).await.estado, "pendente");
    // The cross-câmara count answers for each câmara with its own jobs only.
    let (contagens, _) = store::jobs::resumo(&env.store).await.unwrap();
    // (Besides the daily prazo alert each câmara has from its provisioning.)
    let proprias = |t: &Tenant| -> i64 {
        contagens
            .iter()
            .filter(|c| c.tenant_id == t.id && c.tipo != store::jobs::JOB_ALERTAS_PRAZO)
            .map(|c| c.quantidade)
            .sum()
    };
    assert_eq!(proprias(&a), 1);
    assert_eq!(proprias(&b), 0);
}
