//! The operator's queue page: depth per câmara and tipo, failed jobs with their error,
//! retry and discard, each audited in the platform audit log.

use axum::http::StatusCode;
use jobs::{Futuro, Handler, Tarefas, Worker};
use store::infra::catalog::Tenant;
use store::jobs::{Job, Novo};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::http::TestApp;
use testkit::plataforma;
use uuid::Uuid;

const HOST: &str = "admin.localhost";

struct Falha;

impl Handler for Falha {
    fn executar<'a>(&'a self, _tx: &'a mut TenantTx, _job: &'a Job) -> Futuro<'a> {
        Box::pin(async { Err("servidor SMTP recusou: 550 caixa inexistente".to_owned()) })
    }
}

async fn estado(env: &TestEnv, t: &Tenant, id: Uuid) -> String {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    sqlx::query_scalar("SELECT estado FROM app.job WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

/// The queue page that lists `slug` (the shared test cluster has many câmaras).
async fn pagina_com(app: &TestApp, cookie: &str, slug: &str) -> String {
    for pagina in 1..=200 {
        let r = app
            .get_as(HOST, &format!("/admin-master/fila?pagina={pagina}"), cookie)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        if r.body.contains(&format!("/admin-master/camaras/{slug}\"")) {
            return r.body;
        }
        if !r.body.contains("rel=\"next\"") {
            break;
        }
    }
    panic!("{slug} is on no page of the queue");
}

async fn acoes(env: &TestEnv, t: &Tenant, acao: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM control.platform_audit WHERE tenant_id = $1 AND action = $2",
    )
    .bind(t.id)
    .bind(acao)
    .fetch_one(env.store.control())
    .await
    .unwrap()
}

#[tokio::test]
async fn the_operator_sees_the_queue_and_retries_or_discards_failed_jobs() {
    let env = TestEnv::new().await;
    let app = env.app();
    let t = env.camara("fila-op", "pool").await;
    let outra = env.camara("fila-outra", "pool").await;
    let op = plataforma::logada(&app, &env.store).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let novo = Novo {
        max_tentativas: Some(1),
        ..Novo::agora("teste.falha", serde_json::json!({}))
    };
    let falho = store::jobs::enfileirar(&mut tx, &novo).await.unwrap();
    let outro_falho = store::jobs::enfileirar(&mut tx, &novo).await.unwrap();
    let futuro = Novo {
        executar_em: Some(time::OffsetDateTime::now_utc() + time::Duration::days(1)),
        ..Novo::agora("email", serde_json::json!({}))
    };
    store::jobs::enfileirar(&mut tx, &futuro).await.unwrap();
    tx.commit().await.unwrap();
    let worker = Worker::new(
        env.store.clone(),
        Tarefas::new().com("teste.falha", Falha),
        jobs::Config {
            camaras: Some(vec![t.id]),
            ..jobs::Config::default()
        },
    );
    assert_eq!(worker.rodar_uma_vez().await.unwrap().falhos, 2);

    let corpo = pagina_com(&app, &op.cookie, &t.slug).await;
    assert!(corpo.contains("teste.falha"), "{corpo}");
    assert!(
        corpo.contains("servidor SMTP recusou: 550 caixa inexistente"),
        "{corpo}"
    );
    let reprocessar = format!("/admin-master/camaras/{}/jobs/{falho}/reprocessar", t.slug);
    assert!(corpo.contains(&reprocessar), "{corpo}");
    assert!(
        acoes(&env, &t, "platform.read").await >= 1,
        "the read is audited"
    );

    // Without the CSRF token: refused, nothing changes.
    let r = app.post_as(HOST, &reprocessar, &op.cookie, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(estado(&env, &t, falho).await, "falhou");
    // Naming another câmara with this job's id: not found, nothing changes.
    let r = app
        .post_as(
            HOST,
            &format!(
                "/admin-master/camaras/{}/jobs/{falho}/reprocessar",
                outra.slug
            ),
            &op.cookie,
            &[("_csrf", &op.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(estado(&env, &t, falho).await, "falhou");

    let r = app
        .post_as(HOST, &reprocessar, &op.cookie, &[("_csrf", &op.csrf)])
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin-master/fila")
    );
    assert_eq!(estado(&env, &t, falho).await, "pendente");
    assert_eq!(acoes(&env, &t, "job.retry").await, 1);

    let descartar = format!(
        "/admin-master/camaras/{}/jobs/{outro_falho}/descartar",
        t.slug
    );
    let r = app
        .post_as(HOST, &descartar, &op.cookie, &[("_csrf", &op.csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(estado(&env, &t, outro_falho).await, "descartado");
    assert_eq!(acoes(&env, &t, "job.discard").await, 1);
    // A discarded job runs no more, and the retried one runs again.
    assert_eq!(worker.rodar_uma_vez().await.unwrap().falhos, 1);
    assert_eq!(estado(&env, &t, outro_falho).await, "descartado");

    // The depth: one pending e-mail in the future, one failed job again.
    let corpo = pagina_com(&app, &op.cookie, &t.slug).await;
    assert!(corpo.contains("<code>email</code>"), "{corpo}");
}
