//! Rate limits per câmara (issue #14, item 6): per (câmara, client) and per câmara, the
//! deployment's defaults overridden by the operator; a Portuguese 429 with Retry-After
//! (problem+json under /api), on pages, the API, the login and writes; another client and
//! another câmara unaffected; counted in the metrics; set from the master panel.

use axum::http::{Method, StatusCode};
use testkit::TestEnv;
use testkit::http::{TestApp, form, host_of};
use web::http::limite::Padroes;

fn de(ip: &str) -> Option<std::net::SocketAddr> {
    Some(format!("{ip}:40000").parse().unwrap())
}

fn app(env: &TestEnv) -> TestApp {
    TestApp::with_config(
        env.store.clone(),
        web::WebConfig {
            limites: Padroes {
                por_ip: 1000,
                por_camara: 1000,
            },
            ..web::WebConfig::new(testkit::BASE_DOMAIN, false)
        },
    )
}

#[tokio::test]
async fn a_client_over_its_limit_gets_429_and_nobody_else_does() {
    let env = TestEnv::new().await;
    let a = env.camara("limite-a", "pool").await;
    let b = env.camara("limite-b", "pool").await;
    store::plataforma::limites::definir(&env.store, &a, Some(3), None, "teste")
        .await
        .unwrap();
    let app = app(&env);
    let (ha, hb) = (host_of(&a), host_of(&b));
    for _ in 0..3 {
        let r = app
            .send_from(de("203.0.113.7"), Method::GET, &ha, "/", &[], "")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = app
        .send_from(de("203.0.113.7"), Method::GET, &ha, "/", &[], "")
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), "20");
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    assert!(
        r.body.contains("Muitas requisições") && r.body.contains("Aguarde 20 segundos"),
        "{}",
        r.body
    );
    // The stylesheet is not counted; another client and another câmara are untouched.
    let css = app
        .send_from(
            de("203.0.113.7"),
            Method::GET,
            &ha,
            "/static/plenario.css",
            &[],
            "",
        )
        .await;
    assert_ne!(css.status, StatusCode::TOO_MANY_REQUESTS);
    let r = app
        .send_from(de("203.0.113.8"), Method::GET, &ha, "/", &[], "")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .send_from(de("203.0.113.7"), Method::GET, &hb, "/", &[], "")
        .await;
    assert_eq!(r.status, StatusCode::OK);

    // The API answers in problem+json; the login and a write are limited too.
    for _ in 0..3 {
        app.send_from(
            de("203.0.113.9"),
            Method::GET,
            &ha,
            "/api/v1/partidos",
            &[],
            "",
        )
        .await;
    }
    let r = app
        .send_from(
            de("203.0.113.9"),
            Method::GET,
            &ha,
            "/api/v1/partidos",
            &[],
            "",
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.content_type, "application/problem+json");
    assert!(r.body.contains("\"status\":429"), "{}", r.body);
    assert_eq!(r.header("retry-after"), "20");
    let login = form(&[("email", "x@x.example"), ("senha", "errada")]);
    let r = app
        .send_from(
            de("203.0.113.9"),
            Method::POST,
            &ha,
            "/admin/login",
            &[],
            &login,
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);

    let m = app.state.metrics.render();
    assert!(
        m.contains(&format!(
            "plenario_rate_limited_total{{camara=\"{}\",escopo=\"ip\"}} 3",
            a.slug
        )),
        "{m}"
    );
    assert!(!m.contains(&format!(
        "plenario_rate_limited_total{{camara=\"{}\"",
        b.slug
    )));
}

#[tokio::test]
async fn a_camaras_overall_limit_holds_across_clients_and_zero_turns_a_limit_off() {
    let env = TestEnv::new().await;
    let a = env.camara("limite-total", "pool").await;
    let b = env.camara("limite-livre", "pool").await;
    store::plataforma::limites::definir(&env.store, &a, Some(0), Some(2), "teste")
        .await
        .unwrap();
    // B: no limit per client at all (0), the default for the câmara.
    store::plataforma::limites::definir(&env.store, &b, Some(0), None, "teste")
        .await
        .unwrap();
    let app = app(&env);
    let ha = host_of(&a);
    for ip in ["198.51.100.1", "198.51.100.2"] {
        let r = app.send_from(de(ip), Method::GET, &ha, "/", &[], "").await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = app
        .send_from(de("198.51.100.3"), Method::GET, &ha, "/", &[], "")
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), "30");
    assert!(r.body.contains("para esta câmara"), "{}", r.body);
    for _ in 0..20 {
        let r = app
            .send_from(de("198.51.100.1"), Method::GET, &host_of(&b), "/", &[], "")
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_operator_sets_the_limits_on_the_master_panel_with_every_error_at_once() {
    let env = TestEnv::new().await;
    let t = env.camara("limite-painel", "pool").await;
    let app = app(&env);
    let p = testkit::plataforma::logada(&app, &env.store).await;
    let host = app.state.config.platform_host.clone();
    let url = format!("/admin-master/camaras/{}/limites", t.slug);
    let pagina = app
        .get_as(
            &host,
            &format!("/admin-master/camaras/{}", t.slug),
            &p.cookie,
        )
        .await;
    assert!(
        pagina.body.contains("Limites de requisições"),
        "{}",
        pagina.body
    );
    assert!(pagina.body.contains("1000 por cliente"), "{}", pagina.body);

    let r = app
        .post_as(
            &host,
            &url,
            &p.cookie,
            &[
                ("_csrf", &p.csrf),
                ("por_ip", "muitos"),
                ("por_camara", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("id=\"erro-por_ip\"") && r.body.contains("id=\"erro-por_camara\""));
    assert!(r.body.contains("value=\"muitos\""), "{}", r.body);
    assert_eq!(env.reload(&t).await.limite_ip, None, "nothing saved");

    let r = app
        .post_as(
            &host,
            &url,
            &p.cookie,
            &[("_csrf", &p.csrf), ("por_ip", "120"), ("por_camara", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let t2 = env.reload(&t).await;
    assert_eq!((t2.limite_ip, t2.limite_camara), (Some(120), None));
    let auditado: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.platform_audit
          WHERE tenant_id = $1 AND action = 'tenant.rate_limits' AND actor = $2",
    )
    .bind(t.id)
    .bind(format!("plataforma:{}", p.email))
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(auditado, 1);
    // Blank both: back to the defaults (the row is gone).
    let r = app
        .post_as(
            &host,
            &url,
            &p.cookie,
            &[("_csrf", &p.csrf), ("por_ip", ""), ("por_camara", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(env.reload(&t).await.limite_ip, None);
}
