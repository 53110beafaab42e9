//! The common public pages are one statement to PostgreSQL each
//! (`store::infra::leitura`): no tenant transaction, exactly one page read, nothing of the
//! câmara left on the pooled connection, never another câmara's rows.

use axum::http::StatusCode;
use store::{Access, DataDb, TenantTx, camara, composicao};
use testkit::TestEnv;
use testkit::fixtures::{canary, populate};
use testkit::http::host_of;

/// The five pages the bench measures (bench/pgbench.sh), for `slug`'s profile.
fn paginas(slug: &str) -> Vec<String> {
    vec![
        "/".to_owned(),
        "/parlamentares".to_owned(),
        format!("/parlamentares/{slug}"),
        "/noticias".to_owned(),
        "/api/v1/parlamentares".to_owned(),
    ]
}

async fn um_slug(env: &TestEnv, t: &store::infra::catalog::Tenant) -> String {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let hoje = camara::hoje(&mut tx).await.unwrap();
    let leg = composicao::legislatura_atual(&mut tx, hoje)
        .await
        .unwrap()
        .unwrap();
    composicao::da_legislatura(&mut tx, leg.id, hoje, None, 1)
        .await
        .unwrap()
        .remove(0)
        .slug
}

#[tokio::test]
async fn each_public_page_is_one_statement_and_no_transaction() {
    let env = TestEnv::new().await;
    let t = env.camara("uma-leitura", "pool").await;
    populate(&env.store, &t).await;
    let slug = um_slug(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    for p in paginas(&slug) {
        let (aberturas, leituras) = (env.store.aberturas(t.id), env.store.leituras(t.id));
        let r = app.get(&host, &p).await;
        assert_eq!(r.status, StatusCode::OK, "{p}: {}", r.body);
        assert_eq!(
            env.store.aberturas(t.id) - aberturas,
            0,
            "{p} opened a tenant transaction (BEGIN, scoping, queries, COMMIT)"
        );
        assert_eq!(
            env.store.leituras(t.id) - leituras,
            1,
            "{p} is exactly one statement to PostgreSQL"
        );
    }
    // A 404 of the profile is one statement too.
    let leituras = env.store.leituras(t.id);
    let r = app.get(&host, "/parlamentares/ninguem-assim").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(env.store.leituras(t.id) - leituras, 1);
}

#[tokio::test]
async fn after_the_pages_the_pooled_connection_carries_no_tenant() {
    // One connection: every page and the check below use the same one.
    let env = TestEnv::with(1, &[]).await;
    let t = env.camara("leitura-limpa", "pool").await;
    populate(&env.store, &t).await;
    let slug = um_slug(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let pool = env.store.app_pool(&DataDb::of(&t.placement)).await.unwrap();
    for p in paginas(&slug) {
        assert_eq!(app.get(&host, &p).await.status, StatusCode::OK, "{p}");
        let (tenant, linhas): (Option<String>, i64) = sqlx::query_as(
            "SELECT current_setting('app.tenant_id', true),
                    (SELECT count(*) FROM app.parlamentar) + (SELECT count(*) FROM app.noticia)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(tenant.as_deref().unwrap_or(""), "", "after {p}");
        assert_eq!(linhas, 0, "after {p} an unscoped query sees no row");
    }
    assert_eq!(pool.size(), 1);
}

#[tokio::test]
async fn a_public_page_of_a_never_shows_b() {
    let env = TestEnv::new().await;
    let a = env.camara("leitura-a", "pool").await;
    let b = env.camara("leitura-b", "pool").await;
    populate(&env.store, &a).await;
    populate(&env.store, &b).await;
    let slug_a = um_slug(&env, &a).await;
    let slug_b = um_slug(&env, &b).await;
    let app = env.app();
    let host = host_of(&a);
    for p in paginas(&slug_a) {
        let r = app.get(&host, &p).await;
        assert_eq!(r.status, StatusCode::OK, "{p}");
        assert!(!r.body.contains(&canary(&b)), "{p} of A shows B's canary");
        assert!(!r.body.contains(&slug_b), "{p} of A shows B's parlamentar");
    }
    let perfil = app.get(&host, &format!("/parlamentares/{slug_a}")).await;
    assert!(
        perfil.body.contains(&canary(&a)),
        "A's profile shows A's rows"
    );
    let r = app.get(&host, &format!("/parlamentares/{slug_b}")).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "B's parlamentar on A's host"
    );
}
