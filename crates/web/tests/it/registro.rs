//! Logs (issue #14, item 2): JSON lines with câmara, request id, route, status, latency and
//! user; never passwords, tokens, session cookies or CPFs. Secrets are planted through real
//! requests and this binary's whole log (`testkit::logs`, every test's server output) is
//! searched for them.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conta::usuarios::{self, NovoUsuario};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{host_of, multipart, post_publico};

#[tokio::test]
async fn planted_secrets_never_reach_the_logs() {
    let env = TestEnv::new().await;
    let t = env.camara("registro", "pool").await;
    let host = host_of(&t);
    // The default configuration: without SMTP, e-mails are written to the log.
    let app = env.app();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (_, provisoria) = usuarios::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovoUsuario {
            nome: "Rita Registro".into(),
            email: "rita@registro.example".into(),
            papel: Papel::Secretaria,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let senha_errada = "Plantada#Errada2026";
    for senha in [senha_errada, provisoria.as_str()] {
        post_publico(
            &app,
            &host,
            "/admin/login",
            "/admin/login",
            &[("email", "rita@registro.example"), ("senha", senha)],
        )
        .await;
    }
    // A reset: the e-mail (with its link) goes to the log; a planted token in a request.
    let r = post_publico(
        &app,
        &host,
        "/admin/senha/esqueci",
        "/admin/senha/esqueci",
        &[("email", "rita@registro.example")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let token = "TokenPlantadoNoPedido0123456789abcdef";
    app.get(&host, &format!("/admin/senha/redefinir?token={token}"))
        .await;
    // A session cookie used on admin pages, and a CPF typed in a form.
    let (admin, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    assert_eq!(
        app.get_as(&host, "/admin", &cookie).await.status,
        StatusCode::OK
    );
    let tok = app.csrf(&host, &cookie).await;
    let cpf = "529.982.247-25";
    let (ct, body) = multipart(
        &[
            ("nome_parlamentar", "Joana Registro"),
            ("nome_civil", "Joana Maria Registro"),
            ("cpf", cpf),
        ],
        &[],
    );
    app.post_multipart_as(
        &host,
        &format!("/admin/parlamentares?_csrf={tok}"),
        &cookie,
        (ct, body),
    )
    .await;
    app.send(
        Method::GET,
        &host,
        &format!("/busca?q={}", "52998224725"),
        &[("cookie", &cookie)],
        "",
    )
    .await;

    let logs = testkit::logs::lidos();
    let segredo_da_sessao = cookie.rsplit('.').next().unwrap();
    for (o_que, segredo) in [
        ("a wrong password", senha_errada),
        ("a one-time password", provisoria.as_str()),
        ("a planted token", token),
        ("a session cookie", segredo_da_sessao),
        ("a CPF", cpf),
        ("a CPF's digits", "52998224725"),
    ] {
        assert!(!logs.contains(segredo), "{o_que} is in the logs");
    }
    // The reset e-mail was logged, its link masked.
    let email = logs
        .lines()
        .find(|l| l.contains("rita@registro.example") && l.contains("sem servidor SMTP"))
        .expect("the reset e-mail in the log");
    assert!(email.contains("token=[oculto]"), "{email}");
    // The admin page's line: câmara, request id, route, status, latency, user.
    let linha = logs
        .lines()
        .filter(|l| l.contains(&format!("\"camara\":\"{}\"", t.slug)))
        .find(|l| {
            l.contains(&format!("\"usuario\":\"{}\"", admin.id))
                && l.contains("\"rota\":\"/admin\"")
        })
        .expect("the admin page's line");
    let v: serde_json::Value = serde_json::from_str(linha).unwrap();
    assert_eq!(v["status"], 200, "{linha}");
    assert!(v["latencia_ms"].as_f64().is_some(), "{linha}");
    assert_eq!(v["span"]["rota"], "/admin");
    assert!(
        v["span"]["request_id"]
            .as_str()
            .is_some_and(|r| r.len() >= 32),
        "{linha}"
    );
}

#[tokio::test]
async fn every_answer_carries_a_request_id() {
    let env = TestEnv::new().await;
    let t = env.camara("registro-rid", "pool").await;
    let app = env.app();
    for (host, path) in [
        (host_of(&t), "/"),
        ("admin.localhost".to_owned(), "/admin-master/login"),
    ] {
        let r = app.get(&host, path).await;
        assert!(
            r.header("x-request-id").len() >= 32,
            "{path}: {:?}",
            r.headers
        );
    }
    let r = app
        .send(
            Method::GET,
            &host_of(&t),
            "/",
            &[("x-request-id", "pedido-123")],
            "",
        )
        .await;
    assert_eq!(r.header("x-request-id"), "pedido-123");
}
