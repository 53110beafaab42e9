//! `/metrics` (issue #14, item 1): only on its own listener, never on a câmara's host;
//! counted by câmara and status class and by route template; security events and login
//! lockouts; a real scrape passes `promtool check metrics`; the exposition size with 1,000
//! câmaras; the alert rules and the master panel's alerts share their thresholds.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{host_of, post_publico};
use web::areas::plataforma::alertas;
use web::http::metrics::Metrics;

/// The value of the exposition line that starts with `serie` (name and labels).
fn valor(texto: &str, serie: &str) -> Option<f64> {
    texto
        .lines()
        .find(|l| l.starts_with(serie) && l[serie.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn raspar(app: &testkit::http::TestApp) -> String {
    let r = tower::ServiceExt::oneshot(
        web::http::prometheus::router(app.state.clone()),
        axum::http::Request::get("/metrics")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let b = http_body_util::BodyExt::collect(r.into_body())
        .await
        .unwrap()
        .to_bytes();
    String::from_utf8(b.to_vec()).unwrap()
}

#[tokio::test]
async fn metrics_are_never_answered_on_a_camaras_host_nor_the_platforms() {
    let env = TestEnv::new().await;
    let t = env.camara("metr-host", "pool").await;
    let app = env.app();
    app.get(&host_of(&t), "/").await;
    for host in [host_of(&t), "admin.localhost".to_owned()] {
        let r = app.get(&host, "/metrics").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{host}");
        assert!(!r.body.contains("plenario_http"), "{host}: {}", r.body);
    }
    // The listener of its own does answer, with this câmara's series.
    let texto = raspar(&app).await;
    assert!(texto.contains(&format!("camara=\"{}\"", t.slug)), "{texto}");
}

#[tokio::test]
async fn requests_are_counted_by_camara_class_and_route_template() {
    let env = TestEnv::new().await;
    let t = env.camara("metr-conta", "pool").await;
    let host = host_of(&t);
    let app = env.app();
    for _ in 0..3 {
        assert_eq!(app.get(&host, "/").await.status, StatusCode::OK);
    }
    assert_eq!(
        app.get(&host, "/parlamentares/ninguem-aqui").await.status,
        StatusCode::NOT_FOUND
    );
    let texto = raspar(&app).await;
    let s = &t.slug;
    assert_eq!(
        valor(
            &texto,
            &format!("plenario_http_requests_total{{camara=\"{s}\",classe=\"2xx\"}}")
        ),
        Some(3.0),
        "{texto}"
    );
    assert_eq!(
        valor(
            &texto,
            &format!("plenario_http_requests_total{{camara=\"{s}\",classe=\"4xx\"}}")
        ),
        Some(1.0)
    );
    assert_eq!(
        valor(
            &texto,
            &format!("plenario_http_request_duration_seconds_count{{camara=\"{s}\"}}")
        ),
        Some(4.0)
    );
    assert!(texto.contains(&format!(
        "plenario_http_request_duration_seconds_bucket{{camara=\"{s}\",le=\"0.005\"}}"
    )));
    assert_eq!(
        valor(
            &texto,
            &format!("plenario_http_requests_in_flight{{camara=\"{s}\"}}")
        ),
        Some(0.0)
    );
    // The route template, never the raw path.
    assert!(texto.contains(
        "plenario_http_route_requests_total{rota=\"/parlamentares/{slug}\",metodo=\"GET\",classe=\"4xx\"}"
    ));
    assert!(!texto.contains("ninguem-aqui"));
    // Read at scrape time.
    assert_eq!(valor(&texto, "plenario_ready"), Some(1.0));
    assert!(texto.contains("plenario_build_info{versao=\""), "{texto}");
    assert!(texto.contains("plenario_uptime_seconds "));
    assert!(texto.contains("plenario_db_connections{banco=\"control\",estado=\"em_uso\"}"));
    assert!(
        texto.contains("plenario_db_connections_max{banco=\"main:pool\"}"),
        "{texto}"
    );
    assert!(texto.contains("plenario_jobs{tipo=\"email\",estado=\"falhou\"}"));
}

#[tokio::test]
async fn cross_camara_attempts_and_login_lockouts_are_counted() {
    let env = TestEnv::new().await;
    let a = env.camara("metr-a", "pool").await;
    let b = env.camara("metr-b", "pool").await;
    let app = env.app();
    let (_, cookie_a) = logged_in(&env.store, &a, Papel::Admin).await;
    // A's session cookie on B's host.
    let r = app.get_as(&host_of(&b), "/admin", &cookie_a).await;
    assert_ne!(r.status, StatusCode::OK);
    // Wrong passwords until the wait.
    let mut travado = false;
    for _ in 0..5 {
        let r = post_publico(
            &app,
            &host_of(&a),
            "/admin/login",
            "/admin/login",
            &[("email", "alguem@camara.example"), ("senha", "errada")],
        )
        .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            travado = true;
            break;
        }
    }
    assert!(travado, "the login never asked to wait");
    let texto = raspar(&app).await;
    assert_eq!(
        valor(
            &texto,
            &format!(
                "plenario_security_events_total{{camara=\"{}\",tipo=\"cookie_de_outra_camara\"}}",
                b.slug
            )
        ),
        Some(1.0),
        "{texto}"
    );
    assert_eq!(
        valor(
            &texto,
            &format!("plenario_login_lockouts_total{{camara=\"{}\"}}", a.slug)
        ),
        Some(1.0)
    );
}

#[tokio::test]
async fn a_real_scrape_passes_promtool_check_metrics() {
    let env = TestEnv::new().await;
    let t = env.camara("metr-promtool", "pool").await;
    let app = env.app();
    app.get(&host_of(&t), "/").await;
    app.get(&host_of(&t), "/nao-existe").await;
    app.send(Method::POST, &host_of(&t), "/admin/login", &[], "")
        .await;
    let texto = raspar(&app).await;
    // Kept for a look (and for `promtool` by hand).
    let exe = std::env::current_exe().unwrap();
    let pasta = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("plenario-logs");
    std::fs::create_dir_all(&pasta).unwrap();
    std::fs::write(pasta.join("metrics.prom"), &texto).unwrap();
    let Ok(mut filho) = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "promtool is missing (Debian's prometheus package; .ci/run installs it)"
        );
        eprintln!("promtool not installed: skipped");
        return;
    };
    use std::io::Write;
    filho
        .stdin
        .take()
        .unwrap()
        .write_all(texto.as_bytes())
        .unwrap();
    let saida = filho.wait_with_output().unwrap();
    assert!(
        saida.status.success(),
        "promtool check metrics: {}{}",
        String::from_utf8_lossy(&saida.stdout),
        String::from_utf8_lossy(&saida.stderr)
    );
}

/// 1,000 câmaras, each with traffic on 30 routes in every status class: the exposition
/// grows with câmaras × (classes + histogram), not with câmaras × routes.
#[test]
fn the_exposition_with_1000_camaras_stays_bounded() {
    let m = Metrics::new();
    let rotas: Vec<String> = (0..30).map(|i| format!("/rota/{i}/{{id}}")).collect();
    let status = [200u16, 302, 404, 422, 500].map(|s| StatusCode::from_u16(s).unwrap());
    for camara in 0..1000 {
        let slug = format!("camara-municipal-{camara:04}");
        for (i, rota) in rotas.iter().enumerate() {
            m.record(
                camara,
                &slug,
                rota,
                &Method::GET,
                Duration::from_millis((i * 7) as u64),
                status[i % status.len()],
            );
        }
    }
    let texto = m.render();
    let series = texto.lines().filter(|l| !l.starts_with('#')).count();
    eprintln!(
        "exposition with 1,000 câmaras: {} bytes, {series} series",
        texto.len()
    );
    // 1,000 × (5 classes + 14 histogram lines + 1 in flight) + 30 routes' series.
    assert!(series < 21_500, "{series} series");
    assert!(texto.len() < 3_000_000, "{} bytes", texto.len());
}

/// Each rule of `deploy/prometheus/alerts.yml` states the thresholds the panel evaluates.
#[test]
fn the_alert_rules_use_the_panels_thresholds() {
    let regras = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/prometheus/alerts.yml"
    ))
    .unwrap();
    let regra = |nome: &str| -> String {
        let i = regras
            .find(&format!("alert: {nome}"))
            .unwrap_or_else(|| panic!("no rule {nome}"));
        let resto = &regras[i..];
        let fim = resto[1..].find("- alert:").map_or(resto.len(), |f| f + 1);
        resto[..fim].to_owned()
    };
    let r5 = regra("PlenarioCamara5xx");
    assert!(r5.contains(&format!("> {}", alertas::LIMITE_5XX)), "{r5}");
    assert!(
        r5.contains(&format!(">= {}", alertas::MINIMO_REQUISICOES)),
        "{r5}"
    );
    assert!(
        r5.contains(&format!("[{}m]", alertas::JANELA_S / 60)),
        "{r5}"
    );
    let p99 = regra("PlenarioCamaraP99");
    assert!(
        p99.contains(&format!("> {}", alertas::LIMITE_P99_S)),
        "{p99}"
    );
    assert!(
        p99.contains(&format!(">= {}", alertas::MINIMO_REQUISICOES)),
        "{p99}"
    );
    let alheias = regra("PlenarioTentativasEntreCamaras");
    assert!(
        alheias.contains(&format!("[{}m]", alertas::JANELA_ALHEIAS_S / 60)),
        "{alheias}"
    );
    let backup = regra("PlenarioBackupAntigo");
    assert!(
        backup.contains("plenario_backup_last_success_timestamp_seconds")
            && backup.contains(&format!("> {}", alertas::LIMITE_IDADE_BACKUP_S)),
        "{backup}"
    );
    let pronto = regra("PlenarioNaoPronto");
    assert!(pronto.contains("plenario_ready"), "{pronto}");
}

#[tokio::test]
async fn the_monitoring_page_shows_percentiles_errors_rates_and_the_alerts_that_fire() {
    let env = TestEnv::new().await;
    let t = env.camara("metr-painel", "pool").await;
    let calma = env.camara("metr-calma", "pool").await;
    let app = env.app();
    // Other processes' minutes: 40 requests, 4 of them 5xx (10 %), 6 of them 4xx, one
    // above 2.5 s (p99); the calm câmara: 40 requests, 1 error (2.5 %).
    for (camara, erros) in [(&t, 4i64), (&calma, 1)] {
        sqlx::query(
            "INSERT INTO control.request_stats (tenant_id, minute, requests, errors, client_errors, sum_ms, buckets)
             VALUES ($1, date_trunc('minute', now()), 40, $2, 6, 4000, $3)",
        )
        .bind(camara.id)
        .bind(erros)
        .bind(if erros == 4 {
            vec![20i64, 10, 5, 2, 1, 0, 0, 0, 0, 2]
        } else {
            vec![20i64, 10, 5, 2, 1, 1, 1, 0, 0, 0]
        })
        .execute(env.store.control())
        .await
        .unwrap();
    }
    let p = testkit::plataforma::logada(&app, &env.store).await;
    let r = app
        .get_as("admin.localhost", "/admin-master/monitoramento", &p.cookie)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = &r.body;
    let disparados: Vec<&str> = b
        .lines()
        .filter(|l| l.contains("<li><strong>Plenario"))
        .collect();
    let de = |slug: &str, nome: &str| {
        disparados
            .iter()
            .any(|l| l.contains(nome) && l.contains(&format!("/admin-master/camaras/{slug}\"")))
    };
    assert!(de(&t.slug, "PlenarioCamara5xx"), "{b}");
    assert!(de(&t.slug, "PlenarioCamaraP99"), "{b}");
    assert!(!de(&calma.slug, "PlenarioCamara5xx") && !de(&calma.slug, "PlenarioCamaraP99"));
    // The row: requests, req/s, 4xx, 5xx, availability, p50/p95/p99.
    let tabela = &b[b.find("Últimas 24 horas").unwrap()..];
    let i = tabela
        .find(&format!("/admin-master/camaras/{}\">", t.slug))
        .unwrap();
    let b = &tabela.to_owned();
    let linha = &b[i..i + b[i..].find("</tr>").unwrap()];
    for esperado in [
        "<td>40</td>",
        "<td>6</td>",
        "<td>4</td>",
        "<td>90,00 %</td>",
        "<td>≤ 5 ms</td>",
        "<td>≤ 100 ms</td>",
        "2500 ms</td>",
    ] {
        assert!(linha.contains(esperado), "{esperado} in {linha}");
    }
    assert!(r.body.contains("Processo no ar há"));
}
