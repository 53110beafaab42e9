//! Host → câmara, statuses, health probes.

use axum::http::{Method, StatusCode};
use domain::TenantStatus;
use store::infra::catalog;
use testkit::TestEnv;
use testkit::http::host_of;

#[tokio::test]
async fn home_page_shows_the_camaras_identity() {
    let env = TestEnv::new().await;
    let t = env.camara("home", "pool").await;
    let app = env.app();
    let resp = app.get(&host_of(&t), "/").await;
    assert_eq!(resp.status, StatusCode::OK);
    assert!(resp.content_type.starts_with("text/html"));
    assert!(
        resp.body
            .contains(&format!("<title>{}</title>", t.nome_oficial)),
        "{}",
        resp.body
    );
    assert!(resp.body.contains("lang=\"pt-BR\""));
    assert!(resp.body.contains("Olinda — PE"));

    let mut tx = store::TenantTx::begin(&env.store, &t, store::Access::Write)
        .await
        .unwrap();
    store::camara::update_cores(&mut tx, "#123456", "#abcdef")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let css = app.get(&host_of(&t), "/tema.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.contains("--cor-primaria: #123456"), "{}", css.body);
    assert!(css.content_type.starts_with("text/css"));
}

#[tokio::test]
async fn host_variants_and_unknown_hosts() {
    let env = TestEnv::new().await;
    let t = env.camara("hosts", "pool").await;
    let app = env.app();
    for host in [
        host_of(&t),
        host_of(&t).to_uppercase(),
        format!("{}:8080", host_of(&t)),
        format!("{}.", host_of(&t)),
    ] {
        let resp = app.get(&host, "/").await;
        assert_eq!(resp.status, StatusCode::OK, "{host}");
        assert!(resp.body.contains(&t.nome_oficial), "{host}");
    }
    for host in [
        "nao-existe.localhost".to_owned(),
        "localhost".to_owned(),
        "127.0.0.1:8080".to_owned(),
        "[::1]:8080".to_owned(),
        format!("x.{}", host_of(&t)),
        format!("{}.evil.example", t.slug),
    ] {
        let resp = app.get(&host, "/").await;
        assert_eq!(resp.status, StatusCode::NOT_FOUND, "{host}");
        assert_eq!(resp.body, "404 Not Found\n", "{host}: lists nothing");
    }
}

#[tokio::test]
async fn custom_domains_name_their_camara() {
    let env = TestEnv::new().await;
    let t = env.camara("dominio", "pool").await;
    let host = format!("{}.sp.leg.br", t.slug);
    sqlx::query("INSERT INTO control.domains (host, tenant_id, is_primary) VALUES ($1, $2, true)")
        .bind(&host)
        .bind(t.id)
        .execute(env.store.control())
        .await
        .unwrap();
    let resp = env.app().get(&host, "/").await;
    assert_eq!(resp.status, StatusCode::OK);
    assert!(resp.body.contains(&t.nome_oficial));
}

#[tokio::test]
async fn suspended_camaras_show_a_maintenance_page() {
    let env = TestEnv::new().await;
    let t = env.camara("suspensa", "pool").await;
    catalog::set_status(env.store.control(), &t, TenantStatus::Suspended)
        .await
        .unwrap();
    let resp = env.app().get(&host_of(&t), "/").await;
    assert_eq!(resp.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(resp.body.contains("manutenção"), "{}", resp.body);
    assert!(resp.body.contains(&t.nome_oficial));
}

#[tokio::test]
async fn a_moving_camara_serves_reads_and_refuses_writes() {
    let env = TestEnv::new().await;
    let t = env.camara("mudando", "pool").await;
    let app = env.app();
    assert_eq!(
        app.request(Method::POST, &host_of(&t), "/").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    catalog::set_status(env.store.control(), &t, TenantStatus::Moving)
        .await
        .unwrap();
    let app = env.app(); // a fresh cache
    assert_eq!(app.get(&host_of(&t), "/").await.status, StatusCode::OK);
    let post = app.request(Method::POST, &host_of(&t), "/").await;
    assert_eq!(post.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        post.body.contains("transferida de servidor"),
        "{}",
        post.body
    );
}

#[tokio::test]
async fn catalog_changes_reach_every_process_by_notify() {
    let env = TestEnv::new().await;
    let t = env.camara("notify", "pool").await;
    // Two "processes": two states with their own caches, both listening.
    let p1 = env.app();
    let p2 = env.app();
    let l1 = web::state::spawn_catalog_listener(p1.state.clone());
    let l2 = web::state::spawn_catalog_listener(p2.state.clone());
    let unknown = format!("{}-novo.localhost", t.slug);
    for p in [&p1, &p2] {
        assert_eq!(p.get(&host_of(&t), "/").await.status, StatusCode::OK);
        assert_eq!(p.get(&unknown, "/").await.status, StatusCode::NOT_FOUND);
    }
    catalog::set_status(env.store.control(), &t, TenantStatus::Suspended)
        .await
        .unwrap();
    let nova = env
        .camara_with_slug(&format!("{}-novo", t.slug), "pool")
        .await;
    let nova_host = host_of(&nova);
    assert_eq!(nova_host, unknown);
    for p in [&p1, &p2] {
        wait_for(p, &host_of(&t), StatusCode::SERVICE_UNAVAILABLE).await;
        wait_for(p, &nova_host, StatusCode::OK).await;
    }
    l1.abort();
    l2.abort();
}

/// Polls until `host` answers `status` (the listener runs concurrently), for at most 10 s.
async fn wait_for(app: &testkit::http::TestApp, host: &str, status: StatusCode) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = app.get(host, "/").await.status;
        if got == status {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{host} still answers {got}, expected {status}"
        );
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_stale_cache_after_a_move_is_refreshed() {
    let env = TestEnv::new().await;
    let t = env.camara("estale", "pool").await;
    let app = env.app(); // no listener: only the retry can save it
    assert_eq!(app.get(&host_of(&t), "/").await.status, StatusCode::OK);
    store::infra::moves::move_tenant(
        &env.store,
        &t.slug,
        &domain::PlacementTarget::parse("dedicated").unwrap(),
        "test",
        None,
    )
    .await
    .unwrap();
    let resp = app.get(&host_of(&t), "/").await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
    assert!(resp.body.contains(&t.nome_oficial));
}

#[tokio::test]
async fn health_probes() {
    let env = TestEnv::new().await;
    let app = env.app();
    let h = app.get("qualquer.exemplo", "/healthz").await;
    assert_eq!((h.status, h.body.as_str()), (StatusCode::OK, "ok\n"));
    let r = app.get("127.0.0.1", "/readyz").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("\"ok\""));
}

/// A write refused by row level security answers 403 and is recorded as a security event
/// naming the câmara (the handler here tries to write a row of another câmara).
#[tokio::test]
async fn an_rls_violation_is_refused_and_recorded() {
    use axum::Extension;
    use axum::routing::post;
    use tower::ServiceExt;

    let env = TestEnv::new().await;
    let a = env.camara("rls-a", "pool").await;
    let b = env.camara("rls-b", "pool").await;
    let state = env.app().state;
    async fn rogue(
        Extension(other): Extension<i32>,
        web::http::tenant::Tx(mut tx): web::http::tenant::Tx,
    ) -> Result<&'static str, web::error::WebError> {
        sqlx::query(
            "INSERT INTO app.contador (tenant_id, id, escopo) VALUES ($1, gen_random_uuid(), 'x')",
        )
        .bind(other)
        .execute(tx.conn())
        .await
        .map_err(|e| web::error::WebError::Store(e.into()))?;
        Ok("gravado")
    }
    let router = axum::Router::new()
        .route("/rogue", post(rogue))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::http::tenant::resolve,
        ))
        .layer(Extension(b.id))
        .with_state(state);
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/rogue")
        .header("host", host_of(&a))
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = router.oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.security_events WHERE kind = 'violacao_rls' AND host_tenant_id = $1",
    )
    .bind(a.id)
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(n, 1);
}

/// The route table (method, path, permission) is the one written in `rotas.txt`: a change
/// of layout cannot change it by accident. After a deliberate change of routes, rewrite the
/// file with `PLENARIO_ESCREVER_ROTAS=1 cargo test -p web routing::the_route_table`.
#[test]
fn the_route_table_is_the_written_one() {
    let atual: String = web::routes::route_info()
        .iter()
        .map(|r| {
            let permissao = r
                .permissao
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "-".to_string());
            format!("{} {} {}\n", r.method, r.path, permissao)
        })
        .collect();
    let arquivo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/rotas.txt");
    if std::env::var_os("PLENARIO_ESCREVER_ROTAS").is_some() {
        std::fs::write(&arquivo, &atual).unwrap();
    }
    let escrito = std::fs::read_to_string(&arquivo).unwrap();
    assert_eq!(
        atual, escrito,
        "the route table differs from tests/it/rotas.txt"
    );
}

/// The master panel's routes (method, path, open or behind the platform login) are the ones
/// written in `rotas_plataforma.txt`. Rewrite it after a deliberate change with
/// `PLENARIO_ESCREVER_ROTAS=1 cargo test -p web routing::the_master_panel`.
#[test]
fn the_master_panel_route_table_is_the_written_one() {
    let atual: String = web::routes::plataforma_route_info()
        .iter()
        .map(|r| {
            let acesso = if web::routes::PLATAFORMA_PUBLIC.contains(&r.path) {
                "aberta"
            } else {
                "plataforma"
            };
            format!("{} {} {}\n", r.method, r.path, acesso)
        })
        .collect();
    let arquivo =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/rotas_plataforma.txt");
    if std::env::var_os("PLENARIO_ESCREVER_ROTAS").is_some() {
        std::fs::write(&arquivo, &atual).unwrap();
    }
    let escrito = std::fs::read_to_string(&arquivo).unwrap();
    assert_eq!(
        atual, escrito,
        "the master panel's routes differ from tests/it/rotas_plataforma.txt"
    );
}
