//! The master panel's own accounts (issue #8): the printed password is one-time and
//! expires unused, a password page, logout before the change, throttling per connection;
//! and custom domains that would take a câmara's host are refused everywhere.

use std::net::SocketAddr;

use axum::http::StatusCode;
use testkit::TestEnv;
use testkit::http::host_of;
use testkit::plataforma::{codigo_de_novo, entrar, novo_admin, sessao};

const HOST: &str = "admin.localhost";

fn peer(ip: &str) -> Option<SocketAddr> {
    Some(SocketAddr::new(ip.parse().unwrap(), 40000))
}

#[tokio::test]
async fn the_printed_password_is_one_time_must_be_replaced_and_expires_unused() {
    let env = TestEnv::new().await;
    let app = env.app();
    let (email, senha) = novo_admin(&env.store).await;
    let r = entrar(
        &app,
        None,
        &email,
        &senha,
        &codigo_de_novo(&env.store, &email).await,
    )
    .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin-master/senha"),
        "{}",
        r.body
    );
    let cookie = sessao(&r);
    // Nothing else opens before the change...
    for path in [
        "/admin-master",
        "/admin-master/auditoria",
        "/admin-master/camaras/nova",
    ] {
        assert_eq!(
            app.get_as(HOST, path, &cookie).await.location,
            "/admin-master/senha",
            "{path}"
        );
    }
    // ...but leaving does.
    let page = app.get_as(HOST, "/admin-master/senha", &cookie).await;
    assert!(page.body.contains("senha provisória"), "{}", page.body);
    let csrf = page.field("_csrf").unwrap();
    let out = app
        .post_as(HOST, "/admin-master/sair", &cookie, &[("_csrf", &csrf)])
        .await;
    assert_eq!(out.location, "/admin-master/login");
    assert_eq!(
        app.get_as(HOST, "/admin-master/senha", &cookie)
            .await
            .location,
        "/admin-master/login"
    );

    let r = entrar(
        &app,
        None,
        &email,
        &senha,
        &codigo_de_novo(&env.store, &email).await,
    )
    .await;
    let cookie = sessao(&r);
    let csrf = app
        .get_as(HOST, "/admin-master/senha", &cookie)
        .await
        .field("_csrf")
        .unwrap();
    let trocar = async |atual: &str, nova: &str, confirmacao: &str| {
        app.post_as(
            HOST,
            "/admin-master/senha",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("atual", atual),
                ("nova", nova),
                ("confirmacao", confirmacao),
            ],
        )
        .await
    };
    let r = trocar(
        "errada-errada",
        "Plataforma#Nova2026",
        "Plataforma#Nova2026",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("A senha atual não confere."), "{}", r.body);
    let r = trocar(&senha, "Plataforma#Nova2026", "Plataforma#Outra2026").await;
    assert!(
        r.body.contains("a confirmação são diferentes"),
        "{}",
        r.body
    );
    let r = trocar(&senha, "curta", "curta").await;
    assert!(r.body.contains("pelo menos 10 caracteres"), "{}", r.body);
    for fraca in ["1234567890", "senha12345", "Plenário2026", "plataforma2026"] {
        let r = trocar(&senha, fraca, fraca).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fraca}");
        assert!(
            r.body.contains("Senha fácil de adivinhar"),
            "{fraca}: {}",
            r.body
        );
    }
    let r = trocar(&senha, "Plataforma#Nova2026", "Plataforma#Nova2026").await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin-master/senha?trocada=1")
    );
    let confirmada = app.get_as(HOST, &r.location, &cookie).await;
    assert!(
        confirmada.body.contains("Senha alterada."),
        "{}",
        confirmada.body
    );
    assert!(confirmada.body.contains("força 3"), "the policy is stated");
    assert_eq!(
        app.get_as(HOST, "/admin-master", &cookie).await.status,
        StatusCode::OK
    );
    let audit = app.get_as(HOST, "/admin-master/auditoria", &cookie).await;
    assert!(
        audit.body.contains("platform_admin.change_password"),
        "{}",
        audit.body
    );
    // The printed password is dead; the new one works and asks for nothing more.
    assert_eq!(
        entrar(
            &app,
            None,
            &email,
            &senha,
            &codigo_de_novo(&env.store, &email).await
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let r = entrar(
        &app,
        None,
        &email,
        "Plataforma#Nova2026",
        &codigo_de_novo(&env.store, &email).await,
    )
    .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin-master")
    );
    // The page stays available to change it again later.
    let page = app.get_as(HOST, "/admin-master/senha", &sessao(&r)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("senha provisória"));

    // A one-time password left unused for more than a day stops working.
    let (outro, senha_outro) = novo_admin(&env.store).await;
    sqlx::query(
        "UPDATE control.platform_admins SET senha_expira_em = now() - interval '1 second'
          WHERE email = $1",
    )
    .bind(&outro)
    .execute(env.store.control())
    .await
    .unwrap();
    let r = entrar(
        &app,
        None,
        &outro,
        &senha_outro,
        &codigo_de_novo(&env.store, &outro).await,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("expirou"), "{}", r.body);
    assert!(r.cookie("plenario_plataforma").is_none());
    // The operator issues a new one (CLI: platform-admin reset-password).
    let nova = store::plataforma::redefinir_senha(&env.store, &outro, "cli:teste")
        .await
        .unwrap();
    let r = entrar(
        &app,
        None,
        &outro,
        &nova,
        &codigo_de_novo(&env.store, &outro).await,
    )
    .await;
    assert_eq!(r.location, "/admin-master/senha", "{}", r.body);
}

#[tokio::test]
async fn the_master_panel_throttles_per_connection_and_no_longer_locks_after_four() {
    let env = TestEnv::new().await;
    let app = env.app();
    let (email, senha) = novo_admin(&env.store).await;
    let atacante = peer("203.0.113.66");
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(
            entrar(&app, atacante, &email, "errada-errada", "000000")
                .await
                .status,
        );
    }
    assert_eq!(&statuses[..3], &[StatusCode::UNAUTHORIZED; 3]);
    assert!(
        statuses[3..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS)
    );
    let r = entrar(
        &app,
        atacante,
        &email,
        &senha,
        &codigo_de_novo(&env.store, &email).await,
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Aguarde"), "{}", r.body);
    // The owner, from another connection, gets in.
    let r = entrar(
        &app,
        peer("198.51.100.3"),
        &email,
        &senha,
        &codigo_de_novo(&env.store, &email).await,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.cookie("plenario_plataforma").is_some());
    // Unknown e-mails answer like wrong passwords.
    let r = entrar(
        &app,
        peer("198.51.100.4"),
        "ninguem@plataforma.example",
        "x-x-x-x",
        "000000",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("E-mail, senha ou código incorretos."));
}

#[tokio::test]
async fn custom_domains_under_the_base_domain_are_refused_by_panel_cli_and_provisioning() {
    let env = TestEnv::new().await;
    let paraty = env.camara("paraty", "pool").await;
    let olinda = env.camara("olinda", "pool").await;
    let app = env.app();
    let testkit::plataforma::Plataforma { cookie, csrf, .. } =
        testkit::plataforma::logada(&app, &env.store).await;
    let olinda_host = host_of(&olinda);
    for dominio in [
        olinda_host.clone(),
        format!("www.{olinda_host}"),
        "Admin.LocalHost".to_owned(),
        "qualquer.coisa.localhost".to_owned(),
    ] {
        let r = app
            .post_as(
                HOST,
                &format!("/admin-master/camaras/{}/dominios", paraty.slug),
                &cookie,
                &[("_csrf", &csrf), ("dominio", &dominio)],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{dominio}: {}",
            r.body
        );
        assert!(
            r.body.contains("fica sob o domínio base da plataforma")
                || r.body.contains("é o endereço do painel da plataforma"),
            "{}",
            r.body
        );
        // The CLI and provisioning go through the same catalog check.
        let host = domain::host::parse_domain(&dominio).unwrap();
        let err = store::infra::catalog::add_domain(
            env.store.control(),
            &paraty,
            &host,
            false,
            testkit::BASE_DOMAIN,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, store::Error::Validation(_)), "{err}");
    }
    assert!(
        store::infra::catalog::domains(env.store.control(), paraty.id)
            .await
            .unwrap()
            .is_empty()
    );
    let novo = store::infra::provision::NewTenant {
        slug: domain::Slug::parse(&testkit::unique("nova")).unwrap(),
        nome_oficial: "Câmara Municipal de Nova".into(),
        municipio: domain::municipios::find("Olinda", "PE").unwrap(),
        domain: Some(format!("www.{olinda_host}")),
        placement: domain::PlacementTarget::parse("pool").unwrap(),
        admin_email: None,
        mesmo_municipio: true,
    };
    let err = store::infra::provision::create(&env.store, novo, testkit::BASE_DOMAIN, "teste")
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("fica sob o domínio base"), "{err}");
    // The olinda portal still answers as Olinda.
    let r = app.get(&olinda_host, "/").await;
    assert!(r.body.contains(&olinda.nome_oficial));

    // A custom domain recorded before this rule (inserted by hand here) can neither take a
    // câmara's host nor be taken by a new câmara's slug.
    let legado = testkit::unique("legado");
    for host in [olinda_host.clone(), format!("{legado}.localhost")] {
        sqlx::query(
            "INSERT INTO control.domains (host, tenant_id, is_primary) VALUES ($1, $2, false)",
        )
        .bind(&host)
        .bind(paraty.id)
        .execute(env.store.control())
        .await
        .unwrap();
    }
    let achada = store::infra::catalog::find_by_host(
        env.store.control(),
        &olinda_host,
        testkit::BASE_DOMAIN,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(achada.id, olinda.id, "a câmara's own host wins");
    let novo = store::infra::provision::NewTenant {
        slug: domain::Slug::parse(&legado).unwrap(),
        nome_oficial: "Câmara Municipal de Legado".into(),
        municipio: domain::municipios::find("Olinda", "PE").unwrap(),
        domain: None,
        placement: domain::PlacementTarget::parse("pool").unwrap(),
        admin_email: None,
        mesmo_municipio: true,
    };
    let err = store::infra::provision::create(&env.store, novo, testkit::BASE_DOMAIN, "teste")
        .await
        .err()
        .unwrap();
    assert!(matches!(err, store::Error::Conflict(_)), "{err}");
    assert!(
        err.to_string()
            .contains("já é o domínio próprio de outra câmara"),
        "{err}"
    );
}

#[tokio::test]
async fn the_password_form_follows_the_text_rule_like_every_other_form() {
    let env = TestEnv::new().await;
    let app = env.app();
    let p = testkit::plataforma::logada(&app, &env.store).await;
    let r = app
        .post_as(
            HOST,
            "/admin-master/senha",
            &p.cookie,
            &[
                ("_csrf", &p.csrf),
                ("atual", &p.senha),
                ("nova", "Plataforma\0Nula2026"),
                ("confirmacao", "Plataforma\0Nula2026"),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{} {}", r.status, r.body);
    // The password did not change: the current one still logs in.
    let r = entrar(
        &app,
        None,
        &p.email,
        &p.senha,
        &codigo_de_novo(&env.store, &p.email).await,
    )
    .await;
    assert_eq!(r.location, "/admin-master", "{}", r.body);
}
