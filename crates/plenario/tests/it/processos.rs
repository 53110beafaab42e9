//! Two `plenario serve` processes on one database (issue #14 item 7): a write committed by
//! any process empties the public pages every other process keeps, at once (the cache's TTL
//! here is ten minutes), because each committed write transaction notifies the câmara's id
//! and each process listens. A change made behind the application's back (no write
//! transaction, no notification) stays unseen by the process that kept the page: that proves
//! the page came from the cache, and that only the notification emptied it.

use std::time::{Duration, Instant};

use store::{Access, TenantTx};

use super::comum::http_get;
use super::servicos::Serve;

/// Asks `porta` for `/` until the page contains `marca`, for at most ten seconds.
fn ate_mostrar(porta: u16, host: &str, marca: &str) -> String {
    let fim = Instant::now() + Duration::from_secs(10);
    loop {
        let r = http_get(porta, host, "/");
        if r.contains(marca) || Instant::now() > fim {
            return r;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A change as the superuser: no write transaction of the application, no notification.
async fn por_fora(su: &mut sqlx::PgConnection, tenant: i32, marca: &str) {
    sqlx::query("UPDATE app.camara_config SET horario_atendimento = $1 WHERE tenant_id = $2")
        .bind(marca)
        .bind(tenant)
        .execute(su)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_committed_anywhere_empties_the_other_processes_page_cache_at_once() {
    let env = testkit::TestEnv::new().await;
    let a = env.camara("proc-a", "pool").await;
    let b = env.camara("proc-b", "pool").await;
    let dir = std::env::temp_dir().join(testkit::unique(&format!(
        "plenario-processos-{}",
        std::process::id()
    )));
    std::fs::create_dir_all(&dir).unwrap();
    let url = testkit::cluster::get().url("plenario");
    let extra = [
        ("PLENARIO_CACHE_PUBLICO", "600"),
        ("PLENARIO_LIMITE_IP", "0"),
    ];
    let p1 = Serve::start(&dir, "app1", &url, &extra);
    let p2 = Serve::start(&dir, "app2", &url, &extra);
    let host_a = format!("{}.{}", a.slug, testkit::BASE_DOMAIN);
    let host_b = format!("{}.{}", b.slug, testkit::BASE_DOMAIN);

    // p2 keeps both câmaras' home pages (the first waits for p2 to listen on the database).
    for h in [&host_a, &host_b] {
        let r = http_get(p2.porta, h, "/");
        assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    }
    let mut su = testkit::cluster::get().superuser("plenario").await;

    // Behind the application's back: p2 keeps serving its copy, p1 (which kept nothing yet)
    // reads the database.
    por_fora(&mut su, a.id, "Marca-por-fora").await;
    let r = http_get(p2.porta, &host_a, "/");
    assert!(
        r.starts_with("HTTP/1.1 200") && !r.contains("Marca-por-fora"),
        "{r}"
    );
    let r = http_get(p1.porta, &host_a, "/");
    assert!(r.contains("Marca-por-fora"), "{r}");

    // A write transaction committed by a third process (this test, through the same
    // `TenantTx` every process writes through) reaches p2 without waiting for the TTL.
    let mut tx = TenantTx::begin(&env.store, &a, Access::Write)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE app.camara_config SET horario_atendimento = 'Marca-escrita' WHERE tenant_id = $1",
    )
    .bind(a.id)
    .execute(tx.conn())
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let r = ate_mostrar(p2.porta, &host_a, "Marca-escrita");
    assert!(r.contains("Marca-escrita"), "{r}");
    let r = ate_mostrar(p1.porta, &host_a, "Marca-escrita");
    assert!(r.contains("Marca-escrita"), "{r}");

    // Only that câmara's pages were emptied: B's kept copy outlives a change behind the back.
    por_fora(&mut su, b.id, "Marca-de-b").await;
    let r = http_get(p2.porta, &host_b, "/");
    assert!(
        r.starts_with("HTTP/1.1 200") && !r.contains("Marca-de-b"),
        "{r}"
    );

    // A write transaction rolled back notifies nothing: A's page (kept again by p2 above)
    // still shows the committed text after a change behind the back.
    let mut tx = TenantTx::begin(&env.store, &a, Access::Write)
        .await
        .unwrap();
    sqlx::query("UPDATE app.camara_config SET telefones = '{}' WHERE tenant_id = $1")
        .bind(a.id)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    por_fora(&mut su, a.id, "Marca-depois").await;
    let r = http_get(p2.porta, &host_a, "/");
    assert!(
        r.contains("Marca-escrita") && !r.contains("Marca-depois"),
        "{r}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
