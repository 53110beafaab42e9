//! No 5xx from any input: hostile values on every route of the route table (see
//! `testkit::fuzz`), and no partial write from a refused request.

use axum::http::Method;
use testkit::TestEnv;
use testkit::fixtures::{api, populate};
use testkit::fuzz;
use testkit::http::host_of;

#[tokio::test]
async fn hostile_input_on_every_route_gives_no_5xx_and_refusals_write_nothing() {
    let env = TestEnv::new().await;
    let t = env.camara("fuzz", "pool").await;
    populate(&env.store, &t).await;
    api::ampliar(&env.store, &t).await;
    let app = env.app();
    let inicio = std::time::Instant::now();
    let rel = fuzz::check_routes(&app, &env.store, &t).await;
    eprintln!(
        "fuzz: {} pedidos, {} páginas, {} formulários, {:?}, {:?}",
        rel.pedidos,
        rel.paginas,
        rel.formularios,
        inicio.elapsed(),
        rel.estados
    );
    // The walk reached the câmara's pages and forms (otherwise it could not fail).
    assert!(rel.paginas >= 40, "only {} pages crawled", rel.paginas);
    assert!(
        rel.formularios >= 20,
        "only {} forms found",
        rel.formularios
    );
    assert!(
        rel.achados.is_empty(),
        "{} findings:\n{}",
        rel.achados.len(),
        rel.achados.join("\n")
    );
}

/// The digest the walk compares does see a write, and the form parser finds fields.
#[tokio::test]
async fn the_walk_can_fail() {
    let env = TestEnv::new().await;
    let t = env.camara("fuzzctl", "pool").await;
    populate(&env.store, &t).await;
    let app = env.app();
    let antes = fuzz::digest(&env.store, &t).await;
    let (cookie, csrf) = fuzz::admin(&app, &env.store, &t).await;
    assert!(!csrf.is_empty());
    let r = app
        .send(
            Method::POST,
            &host_of(&t),
            "/admin/partidos",
            &[("cookie", &cookie)],
            &format!("_csrf={csrf}&sigla=PZZ&nome=Partido+Zeta&numero=55"),
        )
        .await;
    assert!(r.status.is_redirection(), "{}: {}", r.status, r.body);
    let depois = fuzz::digest(&env.store, &t).await;
    assert_ne!(antes.get("partido"), depois.get("partido"));
    let page = app.get_as(&host_of(&t), "/admin/partidos", &cookie).await;
    let forms = fuzz::formularios(&page.body, "/admin/partidos");
    let f = forms
        .iter()
        .find(|f| f.post && f.campos.iter().any(|(n, _)| n == "sigla"))
        .expect("the new partido form");
    let nomes: Vec<&str> = f.campos.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        nomes.contains(&"sigla") && nomes.contains(&"_csrf"),
        "{nomes:?}"
    );
}
