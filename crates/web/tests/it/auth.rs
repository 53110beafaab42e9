//! Login, sessions, permissions, CSRF, audit log.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::{self, Autor};
use store::conta::usuarios::{self, NovoUsuario, Usuario};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::form;
use testkit::http::{TestResponse, host_of, login};

pub(crate) async fn new_user(
    env: &TestEnv,
    t: &store::infra::catalog::Tenant,
    papel: Papel,
    email: &str,
) -> (Usuario, String) {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let r = usuarios::criar(
        &mut tx,
        &Autor::cli("teste"),
        &NovoUsuario {
            nome: "Maria da Silva".into(),
            email: email.into(),
            papel,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    r
}

pub(crate) fn session_cookie(resp: &TestResponse) -> String {
    format!(
        "plenario_sessao={}",
        resp.cookie("plenario_sessao").expect("session cookie")
    )
}

pub(crate) async fn audit_actions(
    env: &TestEnv,
    t: &store::infra::catalog::Tenant,
    entidade: &str,
) -> Vec<String> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let filtro = auditoria::Filtro {
        entidade: Some(entidade.into()),
        ..Default::default()
    };
    let (rows, _) = auditoria::listar(&mut tx, &filtro, 1000, 0).await.unwrap();
    rows.into_iter().rev().map(|r| r.acao).collect()
}

#[tokio::test]
async fn a_one_time_password_must_be_replaced_at_first_login() {
    let env = TestEnv::new().await;
    let t = env.camara("login", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, provisoria) = new_user(&env, &t, Papel::Admin, "maria@camara.example").await;

    let anon = app.get(&host, "/admin/usuarios").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    assert_eq!(anon.location, "/admin/login?volta=%2Fadmin%2Fusuarios");

    let resp = login(&app, &host, "Maria@Camara.example", &provisoria).await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER, "{}", resp.body);
    assert_eq!(resp.location, "/admin/senha");
    let raw = resp
        .set_cookies
        .iter()
        .find(|c| c.starts_with("plenario_sessao="))
        .unwrap();
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Lax") && raw.contains("Path=/"),
        "{raw}"
    );
    let cookie = session_cookie(&resp);

    // Everything else waits for the new password.
    let r = app.get_as(&host, "/admin", &cookie).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/senha")
    );
    let page = app.get_as(&host, "/admin/senha", &cookie).await;
    assert!(page.body.contains("senha provisória"), "{}", page.body);
    let csrf = page.field("_csrf").unwrap();

    let no_csrf = app
        .send(
            Method::POST,
            &host,
            "/admin/senha",
            &[("cookie", &cookie)],
            &form(&[
                ("atual", &provisoria),
                ("nova", "Olinda#Plenario2026"),
                ("confirmacao", "Olinda#Plenario2026"),
            ]),
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);

    let weak = app
        .send(
            Method::POST,
            &host,
            "/admin/senha",
            &[("cookie", &cookie)],
            &form(&[
                ("_csrf", &csrf),
                ("atual", &provisoria),
                ("nova", "curta"),
                ("confirmacao", "curta"),
            ]),
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        weak.body.contains("pelo menos 10 caracteres"),
        "{}",
        weak.body
    );
    assert!(
        weak.body.contains("força 3"),
        "the policy is stated on the form"
    );
    // Common, the câmara's name, the e-mail: refused at the first access too.
    for fraca in [
        "1234567890",
        "senha12345",
        t.nome_oficial.as_str(),
        "maria@camara.example",
    ] {
        let r = app
            .send(
                Method::POST,
                &host,
                "/admin/senha",
                &[("cookie", &cookie)],
                &form(&[
                    ("_csrf", &csrf),
                    ("atual", &provisoria),
                    ("nova", fraca),
                    ("confirmacao", fraca),
                ]),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fraca}");
        assert!(
            r.body.contains("Senha fácil de adivinhar") || r.body.contains("o seu e-mail"),
            "{fraca}: {}",
            r.body
        );
    }

    let ok = app
        .send(
            Method::POST,
            &host,
            "/admin/senha",
            &[("cookie", &cookie)],
            &form(&[
                ("_csrf", &csrf),
                ("atual", &provisoria),
                ("nova", "Olinda#Plenario2026"),
                ("confirmacao", "Olinda#Plenario2026"),
            ]),
        )
        .await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/senha?trocada=1")
    );
    let confirmada = app.get_as(&host, &ok.location, &cookie).await;
    assert!(
        confirmada.body.contains("Senha alterada."),
        "{}",
        confirmada.body
    );
    let painel = app.get_as(&host, "/admin", &cookie).await;
    assert_eq!(painel.status, StatusCode::OK);
    assert!(painel.body.contains("Maria da Silva") && painel.body.contains("Administrador"));

    // The new password works; the old one does not.
    assert_eq!(
        login(&app, &host, "maria@camara.example", &provisoria)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let again = login(&app, &host, "maria@camara.example", "Olinda#Plenario2026").await;
    assert_eq!(
        (again.status, again.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin")
    );
    assert_eq!(
        audit_actions(&env, &t, "sessao").await,
        vec!["login", "login_falhou", "login"]
    );
    // The first "criar" is the administrator made by provisioning.
    assert_eq!(
        audit_actions(&env, &t, "usuario").await,
        vec!["criar", "criar", "trocar_senha"]
    );
}

#[tokio::test]
async fn wrong_passwords_make_the_connection_wait_and_say_for_how_long() {
    let env = TestEnv::new().await;
    let t = env.camara("trava", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, senha) = new_user(&env, &t, Papel::Editor, "joao@camara.example").await;
    for _ in 0..3 {
        let r = login(&app, &host, "joao@camara.example", "errada-errada").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("E-mail ou senha incorretos."), "{}", r.body);
    }
    // This connection waits now, even with the right password (see throttling.rs for the
    // owner on another connection).
    let r = login(&app, &host, "joao@camara.example", &senha).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert!(
        r.body.contains("Aguarde 1 segundo e tente novamente."),
        "{}",
        r.body
    );
    // Unknown e-mails get the same answer as wrong passwords.
    let r = login(&app, &host, "ninguem@camara.example", "qualquer-coisa").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("E-mail ou senha incorretos."));
    // Refused attempts are not even tried: three failures and one unknown e-mail.
    assert_eq!(audit_actions(&env, &t, "sessao").await.len(), 4);
}

#[tokio::test]
async fn login_without_its_csrf_token_is_refused() {
    let env = TestEnv::new().await;
    let t = env.camara("csrf", "pool").await;
    let app = env.app();
    let (_, senha) = new_user(&env, &t, Papel::Admin, "ana@camara.example").await;
    let r = app
        .send(
            Method::POST,
            &host_of(&t),
            "/admin/login",
            &[],
            &form(&[
                ("email", "ana@camara.example"),
                ("senha", &senha),
                ("_csrf", ""),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .send(
            Method::POST,
            &host_of(&t),
            "/admin/login",
            &[("cookie", "plenario_csrf=abc")],
            &form(&[
                ("email", "ana@camara.example"),
                ("senha", &senha),
                ("_csrf", "xyz"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.cookie("plenario_sessao").is_none());
}

#[tokio::test]
async fn a_session_of_one_camara_is_rejected_and_recorded_on_another() {
    let env = TestEnv::new().await;
    let a = env.camara("sess-a", "pool").await;
    let b = env.camara("sess-b", "dedicated").await;
    let app = env.app();
    let (_, cookie) = logged_in(&env.store, &a, Papel::Admin).await;
    assert_eq!(
        app.get_as(&host_of(&a), "/admin", &cookie).await.status,
        StatusCode::OK
    );
    let r = app.get_as(&host_of(&b), "/admin", &cookie).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location.starts_with("/admin/login"));
    let recorded: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.security_events
          WHERE kind = 'cookie_de_outra_camara' AND host_tenant_id = $1 AND other_tenant_id = $2",
    )
    .bind(b.id)
    .bind(a.id)
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(recorded, 1);
    // The same e-mail with A's password does not open B.
    let (ua, senha_a) = new_user(&env, &a, Papel::Admin, "mesmo@camara.example").await;
    new_user(&env, &b, Papel::Admin, &ua.email).await;
    assert_eq!(
        login(&app, &host_of(&b), &ua.email, &senha_a).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, &host_of(&a), &ua.email, &senha_a).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn roles_only_reach_what_their_permissions_allow() {
    let env = TestEnv::new().await;
    let t = env.camara("perm", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    let (_, auxiliar) = logged_in(&env.store, &t, Papel::Auxiliar).await;
    let (_, operador) = logged_in(&env.store, &t, Papel::Operador).await;
    assert_eq!(
        app.get_as(&host, "/admin", &editor).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get_as(&host, "/admin/usuarios", &editor).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as(&host, "/admin/auditoria", &operador)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let lista = app.get_as(&host, "/admin/usuarios", &auxiliar).await;
    assert_eq!(lista.status, StatusCode::OK);
    assert!(
        !lista.body.contains("Novo usuário"),
        "read-only role sees no create form"
    );
    let csrf = app.csrf(&host, &auxiliar).await;
    let r = app
        .send(
            Method::POST,
            &host,
            "/admin/usuarios",
            &[("cookie", &auxiliar)],
            &form(&[
                ("_csrf", &csrf),
                ("nome", "Intrusa"),
                ("email", "x@y.example"),
                ("papel", "ADMIN"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The menu shows only what the role can open.
    let painel = app.get_as(&host, "/admin", &operador).await.body;
    assert!(!painel.contains("href=\"/admin/usuarios\""));
}

#[tokio::test]
async fn sessions_end_when_idle_too_long_past_their_lifetime_or_on_logout() {
    let env = TestEnv::new().await;
    let t = env.camara("expira", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let mut su = testkit::cluster::get().superuser("plenario").await;
    let (u1, idle) = logged_in(&env.store, &t, Papel::Admin).await;
    sqlx::query("UPDATE app.sessao SET ultimo_uso = now() - interval '3 hours' WHERE tenant_id = $1 AND usuario_id = $2")
        .bind(t.id).bind(u1.id).execute(&mut su).await.unwrap();
    assert_eq!(
        app.get_as(&host, "/admin", &idle).await.status,
        StatusCode::SEE_OTHER
    );
    let (u2, old) = logged_in(&env.store, &t, Papel::Admin).await;
    sqlx::query("UPDATE app.sessao SET expira_em = now() - interval '1 second' WHERE tenant_id = $1 AND usuario_id = $2")
        .bind(t.id).bind(u2.id).execute(&mut su).await.unwrap();
    assert_eq!(
        app.get_as(&host, "/admin", &old).await.status,
        StatusCode::SEE_OTHER
    );
    let expired_rows: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.sessao WHERE tenant_id = $1 AND usuario_id IN ($2, $3)",
    )
    .bind(t.id)
    .bind(u1.id)
    .bind(u2.id)
    .fetch_one(&mut su)
    .await
    .unwrap();
    assert_eq!(expired_rows, 0, "expired sessions are deleted");

    let (_, live) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app.csrf(&host, &live).await;
    let out = app
        .send(
            Method::POST,
            &host,
            "/admin/sair",
            &[("cookie", &live)],
            &form(&[("_csrf", &csrf)]),
        )
        .await;
    assert_eq!(
        (out.status, out.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/login")
    );
    assert_eq!(
        app.get_as(&host, "/admin", &live).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_login_csrf_cookie_is_cleared_with_its_own_path() {
    let env = TestEnv::new().await;
    let t = env.camara("csrf-limpo", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let page = app.get(&host, "/admin/login").await;
    let set = page
        .set_cookies
        .iter()
        .find(|c| c.starts_with("plenario_csrf="))
        .unwrap();
    assert!(set.contains("Path=/admin"), "{set}");
    let (_, senha) = new_user(&env, &t, Papel::Editor, "limpo@camara.example").await;
    let r = login(&app, &host, "limpo@camara.example", &senha).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A removal only works with the path the cookie was set with.
    let removal = r
        .set_cookies
        .iter()
        .find(|c| c.starts_with("plenario_csrf="))
        .expect("the login removes its CSRF cookie");
    assert!(
        removal.contains("Path=/admin;") || removal.ends_with("Path=/admin"),
        "{removal}"
    );
    assert!(removal.contains("Max-Age=0"), "{removal}");
}
