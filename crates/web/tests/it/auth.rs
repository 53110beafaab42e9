//! Login, sessions, permissions, CSRF, audit log.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::{self, Autor};
use store::conta::usuarios::{self, NovoUsuario, Usuario};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::form;
use testkit::http::{TestApp, TestResponse, host_of};

async fn new_user(
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

/// Logs in through the form, as a browser would.
async fn login(app: &TestApp, host: &str, email: &str, senha: &str) -> TestResponse {
    let page = app.get(host, "/admin/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page
        .cookie("plenario_csrf")
        .expect("login sets its CSRF cookie");
    assert_eq!(page.field("_csrf").as_deref(), Some(csrf.as_str()));
    app.send(
        Method::POST,
        host,
        "/admin/login",
        &[("cookie", &format!("plenario_csrf={csrf}"))],
        &form(&[
            ("_csrf", &csrf),
            ("email", email),
            ("senha", senha),
            ("volta", "/admin"),
        ]),
    )
    .await
}

fn session_cookie(resp: &TestResponse) -> String {
    format!(
        "plenario_sessao={}",
        resp.cookie("plenario_sessao").expect("session cookie")
    )
}

/// The CSRF token of a logged-in session, read from a page's forms.
async fn csrf_of(app: &TestApp, host: &str, cookie: &str) -> String {
    app.get_as(host, "/admin", cookie)
        .await
        .field("_csrf")
        .expect("csrf field")
}

async fn audit_actions(
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
        (StatusCode::SEE_OTHER, "/admin")
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
    let csrf = csrf_of(&app, &host, &auxiliar).await;
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
async fn admins_manage_users_with_confirmation_and_every_change_is_audited() {
    let env = TestEnv::new().await;
    let t = env.camara("gestao", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (admin, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = csrf_of(&app, &host, &cookie).await;
    let post = async |path: &str, fields: Vec<(&str, &str)>| {
        let mut fields = fields;
        fields.push(("_csrf", &csrf));
        let body = form(&fields);
        app.send(Method::POST, &host, path, &[("cookie", &cookie)], &body)
            .await
    };

    let r = post(
        "/admin/usuarios",
        vec![
            ("nome", "Carlos Operador"),
            ("email", "Carlos@Camara.example"),
            ("papel", "OPERADOR"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body.contains("Senha provisória"), "{}", r.body);
    let dup = post(
        "/admin/usuarios",
        vec![
            ("nome", "Outro Carlos"),
            ("email", "carlos@camara.example"),
            ("papel", "EDITOR"),
        ],
    )
    .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dup.body
            .contains("Já existe um usuário com o e-mail carlos@camara.example"),
        "{}",
        dup.body
    );
    assert!(
        dup.body.contains("value=\"Outro Carlos\""),
        "keeps what was typed"
    );
    let bad = post(
        "/admin/usuarios",
        vec![
            ("nome", "Zé"),
            ("email", "ze@camara.example"),
            ("papel", "EDITOR"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("O nome deve ter de 3 a 200 caracteres."));

    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let carlos = usuarios::por_email(&mut tx, "carlos@camara.example")
        .await
        .unwrap();
    drop(tx);
    assert_eq!(carlos.papel, Papel::Operador);

    // Carlos logs in elsewhere; deactivating him asks first, then ends that session.
    let (carlos_cookie, _) = {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        let s = store::conta::sessoes_login::criar(
            &mut tx,
            &carlos,
            None,
            "teste",
            Default::default(),
            false,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (format!("plenario_sessao={}", s.cookie), ())
    };
    let confirm = app
        .get_as(
            &host,
            &format!("/admin/usuarios/{}/desativar", carlos.id),
            &cookie,
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm.body.contains("não poderá mais entrar"),
        "{}",
        confirm.body
    );
    let done = post(&format!("/admin/usuarios/{}/desativar", carlos.id), vec![]).await;
    assert_eq!(
        (done.status, done.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/usuarios")
    );
    assert_eq!(
        app.get_as(&host, "/admin/senha", &carlos_cookie)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let reset = post(&format!("/admin/usuarios/{}/senha", carlos.id), vec![]).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert!(reset.body.contains("class=\"senha\""));
    let own = post(&format!("/admin/usuarios/{}/desativar", admin.id), vec![]).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    assert!(
        own.body
            .contains("Você não pode desativar o próprio usuário.")
    );
    let missing = post(
        &format!("/admin/usuarios/{}/desativar", uuid::Uuid::now_v7()),
        vec![],
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    assert_eq!(
        audit_actions(&env, &t, "usuario").await,
        // provisioning's admin, the logged-in admin, Carlos; then the changes to Carlos.
        vec!["criar", "criar", "criar", "desativar", "redefinir_senha"]
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (rows, _) = auditoria::listar(
        &mut tx,
        &auditoria::Filtro {
            entidade: Some("usuario".into()),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    let desativar = rows.iter().find(|r| r.acao == "desativar").unwrap();
    assert_eq!(
        desativar.usuario_email.as_deref(),
        Some(admin.email.as_str())
    );
    assert_eq!(desativar.antes.as_ref().unwrap()["ativo"], true);
    assert_eq!(desativar.depois.as_ref().unwrap()["ativo"], false);
    assert!(desativar.request_id.is_some());
}

#[tokio::test]
async fn the_audit_log_is_append_only_for_the_application() {
    let env = TestEnv::new().await;
    let t = env.camara("apendice", "pool").await;
    new_user(&env, &t, Papel::Editor, "eva@camara.example").await;
    for sql in [
        "UPDATE app.auditoria SET acao = 'nada' WHERE tenant_id = $1",
        "DELETE FROM app.auditoria WHERE tenant_id = $1",
    ] {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        let err = sqlx::query(sql)
            .bind(t.id)
            .execute(tx.conn())
            .await
            .unwrap_err();
        let code = match &err {
            sqlx::Error::Database(d) => d.code().map(|c| c.into_owned()),
            _ => None,
        };
        assert_eq!(code.as_deref(), Some("42501"), "{sql}: {err}");
    }
    // Provisioning's admin and Eva: nothing was changed or removed.
    assert_eq!(
        audit_actions(&env, &t, "usuario").await,
        vec!["criar", "criar"]
    );
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
    let csrf = csrf_of(&app, &host, &live).await;
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
async fn the_audit_page_filters_by_entity_user_and_period_and_paginates() {
    let env = TestEnv::new().await;
    let t = env.camara("audpag", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    for i in 0..25 {
        auditoria::registrar(
            &mut tx,
            &Autor::cli("cli:bench"),
            "teste",
            Some(&i.to_string()),
            "criar",
            None,
            None,
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let p1 = app
        .get_as(&host, "/admin/auditoria?entidade=teste", &cookie)
        .await;
    assert_eq!(p1.status, StatusCode::OK);
    assert!(
        p1.body.contains("25 registro(s) — página 1 de 2"),
        "{}",
        p1.body
    );
    assert!(p1.body.contains("rel=\"next\""));
    let p2 = app
        .get_as(&host, "/admin/auditoria?entidade=teste&pagina=2", &cookie)
        .await;
    assert_eq!(p2.body.matches("<td>criar</td>").count(), 5);
    let by_user = app
        .get_as(&host, "/admin/auditoria?usuario=cli%3Abench", &cookie)
        .await;
    assert!(by_user.body.contains("25 registro(s)"), "{}", by_user.body);
    let hoje = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(-3));
    let d = format!(
        "{:02}/{:02}/{}",
        hoje.day(),
        u8::from(hoje.month()),
        hoje.year()
    );
    let today = app
        .get_as(
            &host,
            &format!("/admin/auditoria?entidade=teste&de={d}&ate={d}"),
            &cookie,
        )
        .await;
    assert!(today.body.contains("25 registro(s)"), "{}", today.body);
    let past = app
        .get_as(
            &host,
            "/admin/auditoria?entidade=teste&ate=01/01/2020",
            &cookie,
        )
        .await;
    assert!(past.body.contains("0 registro(s)"), "{}", past.body);
    let bad = app
        .get_as(&host, "/admin/auditoria?de=2026-01-01", &cookie)
        .await;
    assert!(bad.body.contains("Data inválida"), "{}", bad.body);
}

#[test]
fn every_admin_route_declares_a_permission() {
    let routes = web::routes::route_info();
    assert!(
        routes
            .iter()
            .filter(|r| r.path.starts_with("/admin"))
            .count()
            >= 8
    );
    for r in routes.iter().filter(|r| r.path.starts_with("/admin")) {
        assert!(
            r.permissao.is_some() || web::routes::ADMIN_PUBLIC.contains(&r.path),
            "{} {} has no permission",
            r.method,
            r.path
        );
    }
}

#[tokio::test]
async fn editing_users_keeps_at_least_one_administrator() {
    let env = TestEnv::new().await;
    let t = env.camara("editar", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    // The provisioned admin is deactivated so the logged-in one is the only active admin.
    let (admin, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let primeiro = usuarios::por_email(&mut tx, t.admin_email.as_deref().unwrap())
        .await
        .unwrap();
    usuarios::definir_ativo(&mut tx, &Autor::cli("t"), &primeiro, false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (outro, _) = new_user(&env, &t, Papel::Auxiliar, "rui@camara.example").await;
    let csrf = csrf_of(&app, &host, &cookie).await;

    let page = app
        .get_as(
            &host,
            &format!("/admin/usuarios/{}/editar", outro.id),
            &cookie,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("value=\"Maria da Silva\""),
        "{}",
        page.body
    );
    let ok = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/usuarios/{}/editar", outro.id),
            &[("cookie", &cookie)],
            &form(&[
                ("_csrf", &csrf),
                ("nome", "Rui Barbosa"),
                ("papel", "EDITOR"),
            ]),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let rui = usuarios::por_id(&mut tx, outro.id).await.unwrap().unwrap();
    assert_eq!(
        (rui.nome.as_str(), rui.papel),
        ("Rui Barbosa", Papel::Editor)
    );
    drop(tx);

    // Nobody changes their own role (so the only administrator cannot demote itself)...
    let demote = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/usuarios/{}/editar", admin.id),
            &[("cookie", &cookie)],
            &form(&[("_csrf", &csrf), ("nome", "Eu Mesma"), ("papel", "EDITOR")]),
        )
        .await;
    assert_eq!(demote.status, StatusCode::FORBIDDEN);
    assert!(
        demote.body.contains("Ninguém pode mudar o próprio perfil"),
        "{}",
        demote.body
    );
    // ...and below the screens (the CLI, the platform), the only active administrator can
    // neither be demoted nor deactivated.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let err = usuarios::editar(
        &mut tx,
        &Autor::cli("t"),
        &admin,
        "Eu Mesma",
        Papel::Editor,
        None,
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("único administrador ativo"),
        "{err}"
    );
    drop(tx);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let err = usuarios::definir_ativo(&mut tx, &Autor::cli("t"), &admin, false)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("único administrador ativo"),
        "{err}"
    );
    drop(tx);
    let bad = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/usuarios/{}/editar", outro.id),
            &[("cookie", &cookie)],
            &form(&[("_csrf", &csrf), ("nome", "Rui"), ("papel", "REI")]),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Papel inválido"));
    let actions = audit_actions(&env, &t, "usuario").await;
    assert_eq!(
        actions.iter().filter(|a| *a == "alterar").count(),
        1,
        "{actions:?}"
    );
}

#[tokio::test]
async fn an_id_of_another_camara_on_an_id_route_is_404_and_recorded() {
    let env = TestEnv::new().await;
    let a = env.camara("idroute-a", "pool").await;
    let b = env.camara("idroute-b", "pool").await;
    let app = env.app();
    let (_, cookie) = logged_in(&env.store, &a, Papel::Admin).await;
    let (vitima, _) = new_user(&env, &b, Papel::Admin, "vitima@camara.example").await;
    let r = app
        .get_as(
            &host_of(&a),
            &format!("/admin/usuarios/{}/desativar", vitima.id),
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("vitima@camara.example"));
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.security_events
          WHERE kind = 'id_de_outra_camara' AND host_tenant_id = $1 AND other_tenant_id = $2",
    )
    .bind(a.id)
    .bind(b.id)
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(n, 1);
    // An id that exists nowhere is just a 404.
    let r = app
        .get_as(
            &host_of(&a),
            &format!("/admin/usuarios/{}/desativar", uuid::Uuid::now_v7()),
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_councilors_account_is_linked_to_one_parlamentar() {
    let env = TestEnv::new().await;
    let t = env.camara("vinculo", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (parl, _) = store::composicao::criar_parlamentar(
        &mut tx,
        &Autor::cli("t"),
        &store::composicao::NovoParlamentar {
            nome_civil: "Josefa Maria dos Santos".into(),
            nome_parlamentar: "Zefa do Povo".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (zefa, _) = new_user(&env, &t, Papel::Parlamentar, "zefa@camara.example").await;
    let (outra, _) = new_user(&env, &t, Papel::Parlamentar, "outra@camara.example").await;
    let csrf = csrf_of(&app, &host, &cookie).await;
    let page = app
        .get_as(
            &host,
            &format!("/admin/usuarios/{}/editar", zefa.id),
            &cookie,
        )
        .await;
    assert!(page.body.contains("Zefa do Povo"), "{}", page.body);
    let ok = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/usuarios/{}/editar", zefa.id),
            &[("cookie", &cookie)],
            &form(&[
                ("_csrf", &csrf),
                ("nome", "Josefa Santos"),
                ("papel", "PARLAMENTAR"),
                ("parlamentar", &parl.to_string()),
            ]),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert_eq!(
        usuarios::por_id(&mut tx, zefa.id)
            .await
            .unwrap()
            .unwrap()
            .parlamentar_id,
        Some(parl)
    );
    drop(tx);
    let dup = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/usuarios/{}/editar", outra.id),
            &[("cookie", &cookie)],
            &form(&[
                ("_csrf", &csrf),
                ("nome", "Outra Pessoa"),
                ("papel", "PARLAMENTAR"),
                ("parlamentar", &parl.to_string()),
            ]),
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dup.body.contains("já está ligado a outra conta"),
        "{}",
        dup.body
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
