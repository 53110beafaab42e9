//! Tests of the câmara's users and audit log: managing users with confirmation, the rule
//! that keeps an administrator, councilors' accounts, the audit page and its filters.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::{self, Autor};
use store::conta::usuarios;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{form, host_of};

use crate::auth::{audit_actions, new_user};

#[tokio::test]
async fn admins_manage_users_with_confirmation_and_every_change_is_audited() {
    let env = TestEnv::new().await;
    let t = env.camara("gestao", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (admin, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app.csrf(&host, &cookie).await;
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
        .get_as(&host, "/admin/auditoria?de=2026-13-01", &cookie)
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
    let csrf = app.csrf(&host, &cookie).await;

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
    let csrf = app.csrf(&host, &cookie).await;
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
async fn the_password_form_and_the_audit_filter_name_every_problem_at_once() {
    let env = TestEnv::new().await;
    let t = env.camara("todos-erros", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app.csrf(&host, &cookie).await;
    // A wrong current password and a confirmation that differs: both said, nothing changed.
    let r = app
        .post_as(
            &host,
            "/admin/senha",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("atual", "nao-e-a-senha"),
                ("nova", "Olinda#Plenario2026"),
                ("confirmacao", "Olinda#Plenario2027"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for msg in [
        "A senha atual não confere.",
        "A nova senha e a confirmação são diferentes.",
    ] {
        assert!(r.body.contains(msg), "{msg}: {}", r.body);
    }
    // Two unreadable dates in the audit filter: each one named.
    let r = app
        .get_as(
            &host,
            "/admin/auditoria?de=2026-02-30&ate=32%2F01%2F2026",
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.matches("Data inválida").count(), 2, "{}", r.body);
    assert!(r.body.contains("2026-02-30") && r.body.contains("32/01/2026"));
}
