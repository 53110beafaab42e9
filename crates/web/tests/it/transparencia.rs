//! The transparência landing page and the privacy notice (LGPD): public pages, the admin
//! form's validation, permissions and audit.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::{Access, TenantTx, auditoria, camara};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::form;
use testkit::http::host_of;

#[tokio::test]
async fn the_transparency_page_links_every_open_data_collection_and_the_privacy_notice() {
    let env = TestEnv::new().await;
    let t = env.camara("transp", "pool").await;
    let r = env.app().get(&host_of(&t), "/transparencia").await;
    assert_eq!(r.status, StatusCode::OK);
    for caminho in [
        "/api/v1/parlamentares",
        "/api/v1/comissoes",
        "/api/v1/sessoes",
        "/api/v1/noticias",
        "/api/v1/openapi.json",
        "/privacidade",
        "/parlamentares/mesa-diretora",
        "/legislativo/sessoes",
    ] {
        assert!(
            r.body.contains(&format!("href=\"{caminho}")),
            "{caminho} missing"
        );
    }
    assert!(
        r.body
            .contains("<caption>Coleções de dados abertos</caption>")
    );
}

#[tokio::test]
async fn the_privacy_notice_shows_the_default_policy_then_the_camaras_own() {
    let env = TestEnv::new().await;
    let t = env.camara("privac", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/privacidade").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("ainda não informou"), "{}", r.body);
    assert!(r.body.contains("Não publicamos CPF"));

    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let page = app
        .get_as(&host, "/admin/configuracoes/privacidade", &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.field("_csrf").unwrap();

    // A bad e-mail: the reason, and nothing saved.
    let r = app
        .send(
            Method::POST,
            &host,
            "/admin/configuracoes/privacidade",
            &[("cookie", &cookie)],
            &form(&[
                ("_csrf", &csrf),
                ("encarregado_nome", "Marta Encarregada"),
                ("encarregado_email", "não é e-mail"),
                ("politica_privacidade", "# Nossa política"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Informe um e-mail válido"), "{}", r.body);
    assert!(
        r.body.contains("value=\"Marta Encarregada\""),
        "keeps input"
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert_eq!(
        camara::privacidade(&mut tx).await.unwrap().encarregado_nome,
        ""
    );
    drop(tx);

    let r = app
        .send(
            Method::POST,
            &host,
            "/admin/configuracoes/privacidade",
            &[("cookie", &cookie)],
            &form(&[
                ("_csrf", &csrf),
                ("encarregado_nome", "Marta Encarregada"),
                ("encarregado_email", "LGPD@Camara.example"),
                ("encarregado_telefone", "(81) 3429-0009"),
                (
                    "politica_privacidade",
                    "Tratamos dados **apenas** para fins públicos.<script>alert(1)</script>",
                ),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get(&host, "/privacidade").await;
    assert!(r.body.contains("Marta Encarregada"));
    assert!(r.body.contains("mailto:lgpd@camara.example"));
    assert!(r.body.contains("<strong>apenas</strong>"));
    assert!(!r.body.contains("<script>alert"), "sanitised");
    assert!(
        !r.body.contains("Não publicamos CPF"),
        "the câmara's own text"
    );

    // Audited, with before and after.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (regs, _) = auditoria::listar(
        &mut tx,
        &auditoria::Filtro {
            entidade: Some("camara_config".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .await
    .unwrap();
    assert!(
        regs.iter().any(|r| r.acao == "alterar_privacidade"),
        "{regs:?}"
    );
}

#[tokio::test]
async fn an_editor_sees_the_privacy_form_but_cannot_change_it() {
    let env = TestEnv::new().await;
    let t = env.camara("privac-ed", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let page = app
        .get_as(&host, "/admin/configuracoes/privacidade", &cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<fieldset disabled>"));
    let csrf = page.field("_csrf").unwrap();
    let r = app
        .send(
            Method::POST,
            &host,
            "/admin/configuracoes/privacidade",
            &[("cookie", &cookie)],
            &form(&[("_csrf", &csrf), ("encarregado_nome", "Intruso")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
