//! The master panel: platform host only, password + TOTP login, câmaras, actions, audit.

use axum::http::StatusCode;
use domain::TenantStatus;
use testkit::TestEnv;
use testkit::http::host_of;
use testkit::plataforma;

const HOST: &str = "admin.localhost";

#[tokio::test]
async fn the_master_panel_runs_the_camaras_with_mandatory_two_factor_login() {
    let env = TestEnv::new().await;
    let app = env.app();
    let t = env.camara("mestre", "pool").await;
    let email = format!("{}@plataforma.example", testkit::unique("op"));
    let (_, senha, url, _) =
        store::plataforma::criar(&env.store, &email, "Operadora da Plataforma", "teste")
            .await
            .unwrap();
    assert!(url.starts_with("otpauth://totp/"));

    // Only on the platform host.
    assert_eq!(
        app.get(&host_of(&t), "/admin-master/login").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(HOST, "/admin-master").await.location,
        "/admin-master/login"
    );
    // Password without the right code: refused. A replayed code: refused.
    let bad = plataforma::entrar(&app, None, &email, &senha, "000000").await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let code = plataforma::codigo(&env.store, &email).await;
    let ok = plataforma::entrar(&app, None, &email, &senha, &code).await;
    assert_eq!(
        (ok.status, ok.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin-master/senha"),
        "{}",
        ok.body
    );
    assert_eq!(
        plataforma::entrar(&app, None, &email, &senha, &code)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "same code twice"
    );
    let cookie = plataforma::sessao(&ok);
    plataforma::trocar_primeira_senha(&app, &cookie, &senha).await;
    // A platform session means nothing on a câmara's host.
    assert_eq!(
        app.get_as(&host_of(&t), "/admin", &cookie).await.status,
        StatusCode::SEE_OTHER
    );

    let mut lista = app.get_as(HOST, "/admin-master", &cookie).await;
    let mut pagina = 1;
    while !lista.body.contains(&t.nome_oficial) && lista.body.contains("rel=\"next\"") {
        pagina += 1;
        lista = app
            .get_as(HOST, &format!("/admin-master?pagina={pagina}"), &cookie)
            .await;
    }
    assert!(lista.body.contains(&t.nome_oficial), "{}", lista.body);
    let csrf = lista.field("_csrf").unwrap();

    let detalhe = app
        .get_as(HOST, &format!("/admin-master/camaras/{}", t.slug), &cookie)
        .await;
    assert_eq!(detalhe.status, StatusCode::OK);
    assert!(
        detalhe.body.contains("pool@main") && detalhe.body.contains("Usuários"),
        "{}",
        detalhe.body
    );

    // Suspend, with a confirmation page and a CSRF token.
    let confirm = app
        .get_as(
            HOST,
            &format!("/admin-master/camaras/{}/suspender", t.slug),
            &cookie,
        )
        .await;
    assert!(confirm.body.contains("página de manutenção"));
    let no_csrf = app
        .post_as(
            HOST,
            &format!("/admin-master/camaras/{}/suspender", t.slug),
            &cookie,
            &[],
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let done = app
        .post_as(
            HOST,
            &format!("/admin-master/camaras/{}/suspender", t.slug),
            &cookie,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(env.reload(&t).await.status, TenantStatus::Suspended);

    // Create a câmara from the panel; bad input is explained.
    let bad = app
        .post_as(
            HOST,
            "/admin-master/camaras/nova",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("slug", "nova-x"),
                ("nome", "Câmara Municipal de Nova"),
                ("municipio", "Olinda"),
                ("uf", "SP"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Olinda/PE"), "{}", bad.body);
    let slug = testkit::unique("painel");
    // Olinda already has câmaras (every test câmara is there): refused unless explicit.
    let segunda = app
        .post_as(
            HOST,
            "/admin-master/camaras/nova",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("slug", &slug),
                ("nome", "Câmara Municipal de Olinda"),
                ("municipio", "Olinda"),
                ("uf", "PE"),
                ("posicionamento", "dedicated"),
            ],
        )
        .await;
    assert_eq!(
        segunda.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        segunda.body
    );
    assert!(
        segunda.body.contains("Olinda/PE já tem uma câmara")
            && segunda.body.contains("Outra câmara no mesmo município"),
        "{}",
        segunda.body
    );
    assert!(
        store::infra::catalog::find_by_slug(env.store.control(), &slug)
            .await
            .unwrap()
            .is_none(),
        "nothing created"
    );
    let created = app
        .post_as(
            HOST,
            "/admin-master/camaras/nova",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("slug", &slug),
                ("nome", "Câmara Municipal de Olinda"),
                ("municipio", "Olinda"),
                ("uf", "PE"),
                ("posicionamento", "dedicated"),
                ("admin_email", "ti@olinda.example"),
                ("mesmo_municipio", "sim"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert!(created.body.contains("Senha provisória do administrador"));
    assert_eq!(
        app.get(&format!("{slug}.localhost"), "/").await.status,
        StatusCode::OK
    );

    // Users of the câmara (an audited read) and a one-time password for its administrator.
    let users = app
        .get_as(
            HOST,
            &format!("/admin-master/camaras/{}/usuarios", t.slug),
            &cookie,
        )
        .await;
    let admin_email = t.admin_email.clone().unwrap();
    assert!(users.body.contains(&admin_email), "{}", users.body);
    let mut tx = store::TenantTx::begin(&env.store, &t, store::Access::Read)
        .await
        .unwrap();
    let admin = store::conta::usuarios::por_email(&mut tx, &admin_email)
        .await
        .unwrap();
    drop(tx);
    // Behind a confirmation page, then POST-redirect-GET (users_* tests go further).
    let confirmar = app
        .get_as(
            HOST,
            &format!(
                "/admin-master/camaras/{}/usuarios/{}/senha",
                t.slug, admin.id
            ),
            &cookie,
        )
        .await;
    assert!(
        confirmar.body.contains("receberá uma senha provisória"),
        "{}",
        confirmar.body
    );
    let reset = app
        .post_as(
            HOST,
            &format!(
                "/admin-master/camaras/{}/usuarios/{}/senha",
                t.slug, admin.id
            ),
            &cookie,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    let senha = reset.cookie("plenario_plataforma_senha").unwrap();
    let lista = app
        .get_as(
            HOST,
            &reset.location,
            &format!("{cookie}; plenario_plataforma_senha={senha}"),
        )
        .await;
    assert!(
        lista
            .body
            .contains(&format!("Senha provisória de {admin_email}")),
        "{}",
        lista.body
    );

    // Domains: add one (it answers at once), refuse a duplicate, remove it.
    let dominio = format!("{}.pe.leg.br", t.slug);
    let add = app
        .post_as(
            HOST,
            &format!("/admin-master/camaras/{}/dominios", t.slug),
            &cookie,
            &[("_csrf", &csrf), ("dominio", &dominio), ("principal", "on")],
        )
        .await;
    assert_eq!(add.status, StatusCode::SEE_OTHER, "{}", add.body);
    catalog_resume(&env, &t).await;
    assert_eq!(app.get(&dominio, "/").await.status, StatusCode::OK);
    let dup = app
        .post_as(
            HOST,
            &format!("/admin-master/camaras/{}/dominios", t.slug),
            &cookie,
            &[("_csrf", &csrf), ("dominio", &dominio)],
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let rm = app
        .post_as(
            HOST,
            &format!("/admin-master/camaras/{}/dominios/remover", t.slug),
            &cookie,
            &[("_csrf", &csrf), ("dominio", &dominio)],
        )
        .await;
    assert_eq!(rm.status, StatusCode::SEE_OTHER);
    assert!(
        store::infra::catalog::domains(env.store.control(), t.id)
            .await
            .unwrap()
            .is_empty()
    );
    let rel = app.get_as(HOST, "/admin-master/relatorios", &cookie).await;
    assert_eq!(rel.status, StatusCode::OK);
    assert!(rel.body.contains("Relatório consolidado"));

    // Monitoring: the câmara's requests (counted by this process, flushed by the page).
    for _ in 0..3 {
        app.get(&format!("{slug}.localhost"), "/").await;
    }
    let mon = app
        .get_as(HOST, "/admin-master/monitoramento", &cookie)
        .await;
    assert_eq!(mon.status, StatusCode::OK, "{}", mon.body);
    let row = mon
        .body
        .split(&format!("/admin-master/camaras/{slug}\""))
        .nth(1)
        .expect("the new câmara is listed");
    assert!(
        row.contains("<td>4</td>") && row.contains("<td>0</td>"),
        "{row}"
    );

    // Security events, versions, the platform audit log (which records the reads).
    assert_eq!(
        app.get_as(HOST, "/admin-master/seguranca", &cookie)
            .await
            .status,
        StatusCode::OK
    );
    let versoes = app.get_as(HOST, "/admin-master/versoes", &cookie).await;
    assert!(versoes.body.contains("main:pool"), "{}", versoes.body);
    assert!(
        versoes.body.contains("bancos na versão esperada"),
        "{}",
        versoes.body
    );
    let audit = app.get_as(HOST, "/admin-master/auditoria", &cookie).await;
    for action in [
        "platform.login",
        "platform.read",
        "tenant.suspend",
        "tenant.create",
    ] {
        assert!(audit.body.contains(action), "{action}: {}", audit.body);
    }
    let out = app
        .post_as(HOST, "/admin-master/sair", &cookie, &[("_csrf", &csrf)])
        .await;
    assert_eq!(out.location, "/admin-master/login");
    assert_eq!(
        app.get_as(HOST, "/admin-master", &cookie).await.location,
        "/admin-master/login"
    );
}

/// Brings a suspended câmara back (so its new domain serves the portal).
async fn catalog_resume(env: &TestEnv, t: &store::infra::catalog::Tenant) {
    let current = env.reload(t).await;
    if current.status == TenantStatus::Suspended {
        store::infra::catalog::set_status(env.store.control(), &current, TenantStatus::Active)
            .await
            .unwrap();
    }
}
