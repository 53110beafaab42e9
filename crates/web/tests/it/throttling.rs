//! Login throttling that a stranger cannot turn into a lockout (issue #8): per (account,
//! client) with growing waits, per IP only for unknown accounts, X-Forwarded-For only from
//! trusted proxies, and the owner's ways in (another connection, the reset link, the
//! second factor) keep working during an attack. No test sleeps: time passes by moving
//! recorded failures into the past.

use std::net::{IpAddr, SocketAddr};

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conta::usuarios::{self, NovoUsuario, Usuario};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::http::form;
use testkit::http::{TestApp, TestResponse, host_of};
use testkit::smtp::SmtpSink;
use web::WebConfig;
use web::http::pedido::{client_ip, parse_proxies};

const SENHA: &str = "Dono#Da#Conta2026";

fn peer(ip: &str) -> SocketAddr {
    SocketAddr::new(ip.parse().unwrap(), 40000)
}

/// A user with a known password (no first-login change).
async fn dono(env: &TestEnv, t: &store::infra::catalog::Tenant, email: &str) -> Usuario {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let (u, _) = usuarios::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovoUsuario {
            nome: "Dona da Conta".into(),
            email: email.into(),
            papel: Papel::Editor,
        },
    )
    .await
    .unwrap();
    usuarios::definir_senha(&mut tx, &Autor::cli("t"), &u, SENHA, false, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    u
}

/// The login form, GET then POST, from `from` with extra headers.
async fn login_from(
    app: &TestApp,
    from: SocketAddr,
    extra: &[(&str, &str)],
    host: &str,
    email: &str,
    senha: &str,
) -> TestResponse {
    let page = app
        .send_from(Some(from), Method::GET, host, "/admin/login", extra, "")
        .await;
    let csrf = page.cookie("plenario_csrf").unwrap();
    let cookie = format!("plenario_csrf={csrf}");
    let mut headers = vec![("cookie", cookie.as_str())];
    headers.extend_from_slice(extra);
    app.send_from(
        Some(from),
        Method::POST,
        host,
        "/admin/login",
        &headers,
        &form(&[
            ("_csrf", &csrf),
            ("email", email),
            ("senha", senha),
            ("volta", "/admin"),
        ]),
    )
    .await
}

/// Moves the câmara's recorded failures `secs` into the past (time passing).
async fn passar(t: &store::infra::catalog::Tenant, secs: i64) {
    let mut su = testkit::cluster::get().superuser("plenario").await;
    sqlx::query(
        "UPDATE app.login_falha SET em = em - $2 * interval '1 second' WHERE tenant_id = $1",
    )
    .bind(t.id)
    .bind(secs as f64)
    .execute(&mut su)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_owner_logs_in_from_another_ip_while_an_attacker_ip_waits() {
    let env = TestEnv::new().await;
    let t = env.camara("ataque", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let u = dono(&env, &t, "dona@camara.example").await;
    let atacante = peer("203.0.113.7");
    let statuses: Vec<StatusCode> = {
        let mut v = Vec::new();
        for _ in 0..8 {
            v.push(
                login_from(&app, atacante, &[], &host, &u.email, "chute-errado")
                    .await
                    .status,
            );
        }
        v
    };
    // Three free attempts, then waits (the refused ones are not even checked).
    assert_eq!(&statuses[..3], &[StatusCode::UNAUTHORIZED; 3]);
    assert_eq!(&statuses[3..], &[StatusCode::TOO_MANY_REQUESTS; 5]);
    let r = login_from(&app, atacante, &[], &host, &u.email, SENHA).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Aguarde 1 segundo"), "{}", r.body);
    // The owner, from elsewhere, with the right password: in at once.
    let ok = login_from(&app, peer("198.51.100.20"), &[], &host, &u.email, SENHA).await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin"),
        "{}",
        ok.body
    );
    // ...which does not forgive the attacker: still waiting.
    assert_eq!(
        login_from(&app, atacante, &[], &host, &u.email, "chute-errado")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Once the wait is over the attacker gets one more try, and then waits twice as long.
    passar(&t, 2).await;
    assert_eq!(
        login_from(&app, atacante, &[], &host, &u.email, "chute-errado")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let r = login_from(&app, atacante, &[], &host, &u.email, "chute-errado").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Aguarde 2 segundos"), "{}", r.body);
    // Failures are counted per câmara: the same e-mail elsewhere is unaffected.
    let outra = env.camara("ataque-outra", "pool").await;
    dono(&env, &outra, &u.email).await;
    assert_eq!(
        login_from(&app, atacante, &[], &host_of(&outra), &u.email, SENHA)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn only_failures_on_unknown_accounts_count_per_ip_and_answers_look_the_same() {
    let env = TestEnv::new().await;
    let t = env.camara("por-ip", "pool").await;
    let mut config = WebConfig::new(testkit::BASE_DOMAIN, false);
    config.limite_login.por_ip_desconhecidas = 5;
    let app = TestApp::with_config(env.store.clone(), config);
    let host = host_of(&t);
    let ip = peer("192.0.2.50");
    // One wrong password on each of eight real accounts: no per-IP wait.
    let mut contas = Vec::new();
    for i in 0..8 {
        let u = dono(&env, &t, &format!("usuario{i}@camara.example")).await;
        let r = login_from(&app, ip, &[], &host, &u.email, "errada-errada").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("E-mail ou senha incorretos."));
        contas.push(u);
    }
    assert_eq!(
        login_from(&app, ip, &[], &host, &contas[0].email, SENHA)
            .await
            .status,
        StatusCode::SEE_OTHER,
        "failures on known accounts do not count per IP"
    );
    // Unknown e-mails get the very answer of a wrong password...
    for i in 0..5 {
        let r = login_from(
            &app,
            ip,
            &[],
            &host,
            &format!("ninguem{i}@camara.example"),
            "x-x-x-x-x-x",
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("E-mail ou senha incorretos."));
    }
    // ...and five of them make this IP wait, whatever account it tries next.
    let r = login_from(&app, ip, &[], &host, &contas[1].email, SENHA).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(
        login_from(
            &app,
            peer("192.0.2.51"),
            &[],
            &host,
            &contas[1].email,
            SENHA
        )
        .await
        .status,
        StatusCode::SEE_OTHER,
        "other IPs are unaffected"
    );
    // An unknown e-mail is throttled per (e-mail, client) exactly like a known one, so the
    // waits do not tell which accounts exist.
    let outro = peer("192.0.2.60");
    let sequencia = async |email: &str| {
        let mut v = Vec::new();
        for _ in 0..5 {
            let r = login_from(&app, outro, &[], &host, email, "errada-errada").await;
            v.push((r.status, r.body.contains("Aguarde")));
        }
        v
    };
    let conhecida = sequencia(&contas[2].email).await;
    let desconhecida = sequencia("fantasma@camara.example").await;
    assert_eq!(conhecida, desconhecida);
    assert_eq!(conhecida[3], (StatusCode::TOO_MANY_REQUESTS, true));
}

fn headers_xff(values: &[&str]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for v in values {
        h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
    }
    h
}

fn ip_de(config: &WebConfig, from: &str, xff: &[&str]) -> Option<IpAddr> {
    let mut ext = axum::http::Extensions::new();
    ext.insert(axum::extract::ConnectInfo(peer(from)));
    client_ip(&config.trusted_proxies, &ext, &headers_xff(xff))
}

#[test]
fn x_forwarded_for_is_believed_only_from_trusted_proxies() {
    let mut config = WebConfig::new("localhost", false);
    let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
    // No proxy configured: the header is ignored.
    assert_eq!(ip_de(&config, "10.0.0.2", &["1.2.3.4"]), ip("10.0.0.2"));
    config.trusted_proxies = parse_proxies("10.0.0.0/8, ::1").unwrap();
    // From an untrusted peer: ignored.
    assert_eq!(
        ip_de(&config, "203.0.113.9", &["1.2.3.4"]),
        ip("203.0.113.9")
    );
    // From a trusted proxy: the right-most untrusted address.
    assert_eq!(ip_de(&config, "10.0.0.2", &["1.2.3.4"]), ip("1.2.3.4"));
    assert_eq!(
        ip_de(&config, "10.0.0.2", &["6.6.6.6, 1.2.3.4, 10.9.9.9"]),
        ip("1.2.3.4"),
        "a forged left part and a chain of our proxies"
    );
    assert_eq!(
        ip_de(&config, "10.0.0.2", &["6.6.6.6", "1.2.3.4"]),
        ip("1.2.3.4"),
        "several header lines: the last is the nearest"
    );
    assert_eq!(
        ip_de(&config, "10.0.0.2", &["lixo, 1.2.3.4:5555"]),
        ip("1.2.3.4")
    );
    assert_eq!(
        ip_de(&config, "10.0.0.2", &["2001:db8::1"]),
        ip("2001:db8::1")
    );
    assert_eq!(ip_de(&config, "::1", &["1.2.3.4"]), ip("1.2.3.4"));
    assert_eq!(
        ip_de(&config, "::ffff:10.0.0.2", &["1.2.3.4"]),
        ip("1.2.3.4")
    );
    // Unusable or missing header: the proxy itself.
    assert_eq!(
        ip_de(&config, "10.0.0.2", &["1.2.3.4, lixo"]),
        ip("10.0.0.2")
    );
    assert_eq!(ip_de(&config, "10.0.0.2", &[]), ip("10.0.0.2"));
    // A huge header is read from the right, a bounded number of entries.
    let longo = format!("{}1.2.3.4", "9.9.9.9, ".repeat(5000));
    assert_eq!(ip_de(&config, "10.0.0.2", &[&longo]), ip("1.2.3.4"));
    let so_proxies = format!("5.5.5.5, {}", "10.1.1.1, ".repeat(40)) + "10.1.1.2";
    assert_eq!(
        ip_de(&config, "10.0.0.2", &[&so_proxies]),
        ip("10.1.1.1"),
        "at most 32 entries are read"
    );
    assert!(parse_proxies("10.0.0.0/33").is_err());
    assert!(parse_proxies("proxy.interno").is_err());
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_throttled_apart_and_forged_headers_do_not_help() {
    let env = TestEnv::new().await;
    let t = env.camara("proxy", "pool").await;
    let mut config = WebConfig::new(testkit::BASE_DOMAIN, false);
    config.trusted_proxies = parse_proxies("10.0.0.1").unwrap();
    let app = TestApp::with_config(env.store.clone(), config);
    let host = host_of(&t);
    let u = dono(&env, &t, "proxy@camara.example").await;
    let proxy = peer("10.0.0.1");
    for _ in 0..4 {
        login_from(
            &app,
            proxy,
            &[("x-forwarded-for", "6.6.6.6")],
            &host,
            &u.email,
            "errada-errada",
        )
        .await;
    }
    assert_eq!(
        login_from(
            &app,
            proxy,
            &[("x-forwarded-for", "6.6.6.6")],
            &host,
            &u.email,
            SENHA
        )
        .await
        .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Every visitor comes through the same proxy; the owner is another client.
    assert_eq!(
        login_from(
            &app,
            proxy,
            &[("x-forwarded-for", "7.7.7.7")],
            &host,
            &u.email,
            SENHA
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    // A client reaching us directly cannot pick its address with the header.
    let direto = peer("203.0.113.80");
    for i in 0..4 {
        let xff = format!("8.8.8.{i}");
        login_from(
            &app,
            direto,
            &[("x-forwarded-for", &xff)],
            &host,
            &u.email,
            "errada-errada",
        )
        .await;
    }
    assert_eq!(
        login_from(
            &app,
            direto,
            &[("x-forwarded-for", "8.8.4.4")],
            &host,
            &u.email,
            SENHA
        )
        .await
        .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let ips: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT DISTINCT host(ip) FROM app.login_falha WHERE tenant_id = $1 ORDER BY 1",
    )
    .bind(t.id)
    .fetch_all(&mut testkit::cluster::get().superuser("plenario").await)
    .await
    .unwrap();
    assert_eq!(
        ips,
        vec![Some("203.0.113.80".to_owned()), Some("6.6.6.6".to_owned())]
    );
}

/// The link of a quoted-printable (or plain) message.
fn link(dados: &str) -> String {
    let decoded = dados.replace("=\n", "").replace("=3D", "=");
    let start = decoded.find("/admin/senha/redefinir?token=").unwrap();
    let tail = &decoded[start..];
    tail[..tail.find(|c: char| c.is_whitespace()).unwrap_or(tail.len())].to_owned()
}

#[tokio::test]
async fn the_reset_link_works_and_logs_the_owner_in_during_an_attack() {
    let env = TestEnv::new().await;
    let t = env.camara("reset-ataque", "pool").await;
    let host = host_of(&t);
    let sink = SmtpSink::start().await;
    let mut config = WebConfig::new(testkit::BASE_DOMAIN, false);
    config.mailer =
        web::mail::Mailer::new(Some(&sink.url()), "Plenário <nao-responda@teste.example>").unwrap();
    // Many attacking IPs: past the account's ceiling, nobody gets free attempts.
    config.limite_login.teto_conta = 6;
    let app = TestApp::with_config(env.store.clone(), config);
    let u = dono(&env, &t, "alvo@camara.example").await;
    // The owner shares the attacker's connection (a café, a carrier NAT).
    let compartilhado = peer("198.51.100.99");
    for i in 0..6 {
        login_from(
            &app,
            peer(&format!("203.0.113.{i}")),
            &[],
            &host,
            &u.email,
            "errada-errada",
        )
        .await;
    }
    for _ in 0..5 {
        login_from(&app, compartilhado, &[], &host, &u.email, "errada-errada").await;
    }
    assert_eq!(
        login_from(&app, compartilhado, &[], &host, &u.email, SENHA)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A fresh attacking IP now waits after its very first failure...
    let novo = peer("203.0.113.200");
    assert_eq!(
        login_from(&app, novo, &[], &host, &u.email, "errada-errada")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_from(&app, novo, &[], &host, &u.email, "errada-errada")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...while the owner from a connection of its own still gets in at once.
    assert_eq!(
        login_from(&app, peer("192.0.2.1"), &[], &host, &u.email, SENHA)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // The reset path is never throttled: request, link, new password, and in.
    let get = async |path: &str| {
        app.send_from(Some(compartilhado), Method::GET, &host, path, &[], "")
            .await
    };
    let page = get("/admin/senha/esqueci").await;
    let csrf = page.cookie("plenario_csrf").unwrap();
    let cookie = format!("plenario_csrf={csrf}");
    let r = app
        .send_from(
            Some(compartilhado),
            Method::POST,
            &host,
            "/admin/senha/esqueci",
            &[("cookie", &cookie)],
            &form(&[("_csrf", &csrf), ("email", &u.email)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let path = link(&sink.recebidos()[0].dados);
    let page = get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.cookie("plenario_csrf").unwrap();
    let token = page.field("token").unwrap();
    let r = app
        .send_from(
            Some(compartilhado),
            Method::POST,
            &host,
            "/admin/senha/redefinir",
            &[("cookie", &format!("plenario_csrf={csrf}"))],
            &form(&[
                ("_csrf", &csrf),
                ("token", &token),
                ("nova", "Nova#Senha#Dona2026"),
                ("confirmacao", "Nova#Senha#Dona2026"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ok = login_from(
        &app,
        compartilhado,
        &[],
        &host,
        &u.email,
        "Nova#Senha#Dona2026",
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
}
