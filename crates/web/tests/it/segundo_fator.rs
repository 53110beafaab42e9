//! Two-factor login: enrolment, the second step of the login, replay, recovery codes,
//! enforcement per câmara, reset by an administrator.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conta::segundo_fator;
use store::conta::usuarios::{self, NovoUsuario, Usuario};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, TestResponse, host_of, login_voltando};
use testkit::http::{form, now};

const SENHA: &str = "Sessao#Plenaria2026";
/// Where the logins of these tests ask to go back to (carried through the second step).
const VOLTA: &str = "/admin/usuarios";

/// A user with a known password (no first-login change).
async fn user(env: &TestEnv, t: &store::infra::catalog::Tenant, papel: Papel) -> Usuario {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let email = format!("{}@teste.example", testkit::unique("u2fa"));
    let (u, _) = usuarios::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovoUsuario {
            nome: "Rita Operadora".into(),
            email,
            papel,
        },
    )
    .await
    .unwrap();
    usuarios::definir_senha(&mut tx, &Autor::cli("t"), &u, SENHA, false, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    usuarios::Usuario {
        trocar_senha: false,
        ..u
    }
}

async fn second_step(app: &TestApp, host: &str, cookie: &str, code: &str) -> TestResponse {
    let page = app
        .get_as(host, "/admin/login/2fa?volta=%2Fadmin%2Fusuarios", cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.field("_csrf").unwrap();
    let volta = page.field("volta").unwrap();
    app.send(
        Method::POST,
        host,
        "/admin/login/2fa",
        &[("cookie", cookie)],
        &form(&[("_csrf", &csrf), ("codigo", code), ("volta", &volta)]),
    )
    .await
}

fn secret_of(body: &str) -> String {
    let start = body.find("<code class=\"segredo\">").unwrap() + "<code class=\"segredo\">".len();
    body[start..start + body[start..].find('<').unwrap()].to_owned()
}

/// Enrols through the pages; returns the secret and the recovery codes.
async fn enrol(app: &TestApp, host: &str, cookie: &str) -> (String, Vec<String>) {
    let csrf = app
        .get_as(host, "/admin/2fa", cookie)
        .await
        .field("_csrf")
        .unwrap();
    let start = app
        .send(
            Method::POST,
            host,
            "/admin/2fa/iniciar",
            &[("cookie", cookie)],
            &form(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    assert!(start.body.contains("<svg"), "QR code rendered as SVG");
    let secret = secret_of(&start.body);
    let wrong = app
        .send(
            Method::POST,
            host,
            "/admin/2fa/confirmar",
            &[("cookie", cookie)],
            &form(&[("_csrf", &csrf), ("codigo", "000000")]),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = segundo_fator::codigo_atual(&secret).unwrap();
    let ok = app
        .send(
            Method::POST,
            host,
            "/admin/2fa/confirmar",
            &[("cookie", cookie)],
            &form(&[("_csrf", &csrf), ("codigo", &code)]),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("ativada"));
    let codes: Vec<String> = ok
        .body
        .split("<li><code>")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "{}", ok.body);
    (secret, codes)
}

#[tokio::test]
async fn totp_login_with_replay_protection_and_recovery_codes() {
    let env = TestEnv::new().await;
    let t = env.camara("totp", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let u = user(&env, &t, Papel::Operador).await;
    let first = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    assert_eq!(first.location, "/admin/usuarios");
    let cookie = format!(
        "plenario_sessao={}",
        first.cookie("plenario_sessao").unwrap()
    );
    let (secret, codes) = enrol(&app, &host, &cookie).await;

    // Password alone now opens only the code page.
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location.starts_with("/admin/login/2fa"), "{}", r.location);
    let pending = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    let blocked = app.get_as(&host, "/admin", &pending).await;
    assert_eq!(
        (blocked.status, blocked.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/login/2fa")
    );
    assert_eq!(
        second_step(&app, &host, &pending, "123456").await.status,
        StatusCode::UNAUTHORIZED
    );
    // The code of the next 30-second step (inside the accepted window).
    let code = segundo_fator::codigo_em(&secret, now() + 30).unwrap();
    let ok = second_step(&app, &host, &pending, &code).await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/usuarios"),
        "{}",
        ok.body
    );
    assert_eq!(
        app.get_as(&host, "/admin", &pending).await.status,
        StatusCode::OK
    );

    // The same code again (a replay) is refused.
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let again = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    assert_eq!(
        second_step(&app, &host, &again, &code).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A recovery code works once.
    let ok = second_step(&app, &host, &again, &codes[3]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let third = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    assert_eq!(
        second_step(&app, &host, &third, &codes[3]).await.status,
        StatusCode::UNAUTHORIZED
    );
    let status = app.get_as(&host, "/admin/2fa", &pending).await;
    assert!(
        status.body.contains("Restam 9 código(s)"),
        "{}",
        status.body
    );
}

#[tokio::test]
async fn a_camara_can_require_two_factor_login_of_admins_and_operators() {
    let env = TestEnv::new().await;
    let t = env.camara("exige", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let mut su = testkit::cluster::get().superuser("plenario").await;
    sqlx::query("UPDATE app.camara_config SET exigir_2fa = true WHERE tenant_id = $1")
        .bind(t.id)
        .execute(&mut su)
        .await
        .unwrap();
    let (_, admin) = logged_in(&env.store, &t, Papel::Admin).await;
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    let r = app.get_as(&host, "/admin/usuarios", &admin).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/2fa")
    );
    let page = app.get_as(&host, "/admin/2fa", &admin).await;
    assert!(page.body.contains("A câmara exige"), "{}", page.body);
    assert_eq!(
        app.get_as(&host, "/admin", &editor).await.status,
        StatusCode::OK
    );
    let (secret, _) = enrol(&app, &host, &admin).await;
    assert_eq!(
        app.get_as(&host, "/admin/usuarios", &admin).await.status,
        StatusCode::OK
    );
    // Required, so it cannot be switched off.
    let csrf = app
        .get_as(&host, "/admin", &admin)
        .await
        .field("_csrf")
        .unwrap();
    let code = segundo_fator::codigo_em(&secret, now() + 30).unwrap();
    let off = app
        .send(
            Method::POST,
            &host,
            "/admin/2fa/desativar",
            &[("cookie", &admin)],
            &form(&[("_csrf", &csrf), ("codigo", &code)]),
        )
        .await;
    assert_eq!(off.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_administrator_resets_a_users_two_factor_login() {
    let env = TestEnv::new().await;
    let t = env.camara("reset2fa", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let u = user(&env, &t, Papel::Secretaria).await;
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let cookie = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    enrol(&app, &host, &cookie).await;
    let (_, admin) = logged_in(&env.store, &t, Papel::Admin).await;
    let lista = app.get_as(&host, "/admin/usuarios", &admin).await;
    assert!(
        lista
            .body
            .contains(&format!("/admin/usuarios/{}/2fa", u.id))
    );
    let csrf = lista.field("_csrf").unwrap();
    let done = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/usuarios/{}/2fa", u.id),
            &[("cookie", &admin)],
            &form(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert!(
        !usuarios::por_id(&mut tx, u.id)
            .await
            .unwrap()
            .unwrap()
            .totp_ativo
    );
    assert_eq!(
        segundo_fator::codigos_restantes(&mut tx, u.id)
            .await
            .unwrap(),
        0
    );
    // Password alone is enough again.
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    assert_eq!(r.location, "/admin/usuarios");
}

#[tokio::test]
async fn a_right_code_is_accepted_while_passwords_from_the_same_connection_are_throttled() {
    let env = TestEnv::new().await;
    let t = env.camara("totp-ataque", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let u = user(&env, &t, Papel::Operador).await;
    let first = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let cookie = format!(
        "plenario_sessao={}",
        first.cookie("plenario_sessao").unwrap()
    );
    let (secret, _) = enrol(&app, &host, &cookie).await;
    // The owner gives the password; the code is still due.
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let pending = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    // Meanwhile someone on the same connection hammers the password.
    for _ in 0..6 {
        login_voltando(&app, &host, &u.email, "errada-errada", VOLTA).await;
    }
    assert_eq!(
        login_voltando(&app, &host, &u.email, SENHA, VOLTA)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The owner's right code still opens the session: codes are throttled on their own.
    let code = segundo_fator::codigo_em(&secret, now() + 30).unwrap();
    let ok = second_step(&app, &host, &pending, &code).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(
        app.get_as(&host, "/admin", &pending).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_codes_make_their_connection_wait() {
    let env = TestEnv::new().await;
    let t = env.camara("totp-codigos", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let u = user(&env, &t, Papel::Editor).await;
    let first = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let cookie = format!(
        "plenario_sessao={}",
        first.cookie("plenario_sessao").unwrap()
    );
    let (secret, _) = enrol(&app, &host, &cookie).await;
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let pending = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(second_step(&app, &host, &pending, "000000").await.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let code = segundo_fator::codigo_em(&secret, now() + 30).unwrap();
    assert_eq!(
        second_step(&app, &host, &pending, &code).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right code waits on this connection"
    );
}

#[tokio::test]
async fn a_login_waiting_for_its_code_can_log_out() {
    let env = TestEnv::new().await;
    let t = env.camara("totp-sair", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let u = user(&env, &t, Papel::Editor).await;
    let first = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let cookie = format!(
        "plenario_sessao={}",
        first.cookie("plenario_sessao").unwrap()
    );
    enrol(&app, &host, &cookie).await;
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let pending = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    let page = app.get_as(&host, "/admin/login/2fa", &pending).await;
    assert!(
        page.body.contains("action=\"/admin/sair\""),
        "{}",
        page.body
    );
    let csrf = page.field("_csrf").unwrap();
    let out = app
        .send(
            Method::POST,
            &host,
            "/admin/sair",
            &[("cookie", &pending)],
            &form(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(
        (out.status, out.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/login"),
        "{}",
        out.body
    );
    let removal = out
        .set_cookies
        .iter()
        .find(|c| c.starts_with("plenario_sessao="))
        .unwrap();
    assert!(
        removal.contains("Path=/") && removal.contains("Max-Age=0"),
        "{removal}"
    );
    // The half-done session is gone: the code page sends back to the login.
    assert_eq!(
        app.get_as(&host, "/admin/login/2fa", &pending)
            .await
            .location,
        "/admin/login"
    );
    // Without the token, a pending session still cannot post anything.
    let r = login_voltando(&app, &host, &u.email, SENHA, VOLTA).await;
    let pending = format!("plenario_sessao={}", r.cookie("plenario_sessao").unwrap());
    let no_csrf = app
        .send(
            Method::POST,
            &host,
            "/admin/sair",
            &[("cookie", &pending)],
            "",
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
}
