//! The composition's admin over HTTP, continued: deletes ask for confirmation and respect the
//! rules (what hangs from a record keeps it), and a partido's logo is uploaded, served and
//! removed.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{host_of, multipart};

use super::parlamentares_admin::png;

#[tokio::test]
async fn deletes_ask_for_confirmation_and_respect_the_rules() {
    let env = TestEnv::new().await;
    let t = env.camara("adm-excl", "pool").await;
    testkit::fixtures::populate(&env.store, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let tok = app.csrf(&host, &cookie).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let leg = store::composicao::legislaturas(&mut tx, None, 5)
        .await
        .unwrap()[0]
        .clone();
    let partido = store::composicao::partidos(&mut tx, None, 5).await.unwrap()[0].clone();
    let (parl, _) = store::composicao::opcoes(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .find(|(_, n)| n.starts_with("Vereadora"))
        .unwrap();
    drop(tx);

    // Confirmation pages (GET), refusals with the reason (POST).
    let c = app
        .get_as(
            &host,
            &format!("/admin/legislaturas/{}/excluir", leg.id),
            &cookie,
        )
        .await;
    assert_eq!(c.status, StatusCode::OK);
    assert!(
        c.body.contains("Excluir legislatura") && c.body.contains("Cancelar"),
        "{}",
        c.body
    );
    let r = app
        .post_as(
            &host,
            &format!("/admin/legislaturas/{}/excluir", leg.id),
            &cookie,
            &[("_csrf", &tok)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("não pode ser excluída"), "{}", r.body);
    let r = app
        .post_as(
            &host,
            &format!("/admin/partidos/{}/excluir", partido.id),
            &cookie,
            &[("_csrf", &tok)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("filiação(ões)"), "{}", r.body);
    let c = app
        .get_as(
            &host,
            &format!("/admin/parlamentares/{parl}/excluir"),
            &cookie,
        )
        .await;
    assert!(c.body.contains("Excluir parlamentar"));
    let r = app
        .post_as(
            &host,
            &format!("/admin/parlamentares/{parl}/excluir"),
            &cookie,
            &[("_csrf", &tok)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("desative-o"), "{}", r.body);
    // Deactivated: gone from the public list, back when reactivated.
    let r = app
        .post_as(
            &host,
            &format!("/admin/parlamentares/{parl}/desativar"),
            &cookie,
            &[("_csrf", &tok)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let lista = app.get(&host, "/parlamentares").await;
    assert!(!lista.body.contains("Vereadora adm-excl"), "{}", lista.body);
    let inativos = app
        .get_as(&host, "/admin/parlamentares?ativo=nao", &cookie)
        .await;
    assert!(inativos.body.contains("Vereadora adm-excl") && inativos.body.contains("Desativado"));
    // An empty legislatura and an unused partido are deleted after confirmation.
    let r = app
        .post_as(
            &host,
            "/admin/legislaturas",
            &cookie,
            &[
                ("_csrf", &tok),
                ("numero", "30"),
                ("inicio", "01/01/2065"),
                ("fim", "31/12/2068"),
            ],
        )
        .await;
    let nova = r.location.clone();
    let r = app
        .post_as(
            &host,
            &format!("{nova}/excluir"),
            &cookie,
            &[("_csrf", &tok)],
        )
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/legislaturas")
    );
    assert_eq!(
        app.get_as(&host, &nova, &cookie).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_as(
            &host,
            "/admin/partidos",
            &cookie,
            &[
                ("_csrf", &tok),
                ("sigla", "PXX"),
                ("nome", "Partido Efêmero"),
                ("numero", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let pxx = store::composicao::partidos(&mut tx, None, 10)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.sigla == "PXX")
        .unwrap();
    drop(tx);
    let r = app
        .post_as(
            &host,
            &format!("/admin/partidos/{}/excluir", pxx.id),
            &cookie,
            &[("_csrf", &tok)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    // Afastamento through the mandato's page: an overlapping one is refused with its message.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let m = store::composicao::mandatos_de(&mut tx, parl).await.unwrap()[0].clone();
    drop(tx);
    let page = app
        .get_as(&host, &format!("/admin/mandatos/{}", m.id), &cookie)
        .await;
    assert!(
        page.body.contains("Licença para tratamento de saúde") && page.body.contains("01/06/2025"),
        "{}",
        page.body
    );
    let r = app
        .post_as(
            &host,
            &format!("/admin/mandatos/{}/afastamentos", m.id),
            &cookie,
            &[
                ("_csrf", &tok),
                ("tipo", "cargo_executivo"),
                ("inicio", "01/09/2025"),
                ("fim", ""),
                ("suplente", ""),
                ("observacao", "Secretário de Saúde"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("já tem um afastamento nesse período"),
        "{}",
        r.body
    );
    let r = app
        .post_as(
            &host,
            &format!("/admin/mandatos/{}/afastamentos", m.id),
            &cookie,
            &[
                ("_csrf", &tok),
                ("tipo", "cargo_executivo"),
                ("inicio", "01/01/2026"),
                ("fim", ""),
                ("suplente", ""),
                ("observacao", "Secretário de Saúde"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Encerrar the mandato before the open afastamento: refused, explained.
    let r = app
        .post_as(
            &host,
            &format!("/admin/mandatos/{}/encerrar", m.id),
            &cookie,
            &[("_csrf", &tok), ("fim", "30/06/2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("afastamentos fora do novo período"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_partidos_logo_is_uploaded_served_and_removed() {
    let env = TestEnv::new().await;
    let t = env.camara("logo", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let tok = app.csrf(&host, &cookie).await;
    app.post_as(
        &host,
        "/admin/partidos",
        &cookie,
        &[
            ("_csrf", &tok),
            ("sigla", "PLG"),
            ("nome", "Partido do Logo"),
            ("numero", "45"),
        ],
    )
    .await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let id = store::composicao::partidos(&mut tx, None, 5).await.unwrap()[0].id;
    drop(tx);
    let (ct, body) = multipart(&[], &[("logo", "foto.png", "image/png", &png(800, 400))]);
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/partidos/{id}/logo?_csrf={tok}"),
            &cookie,
            (ct, body),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app
        .get_as(&host, &format!("/admin/partidos/{id}"), &cookie)
        .await;
    let src = page
        .body
        .split("class=\"logo-partido\" src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let logo = app.get(&host, &src).await;
    assert_eq!(
        (logo.status, logo.content_type.as_str()),
        (StatusCode::OK, "image/png")
    );
    let api = app.get(&host, "/api/v1/partidos").await;
    assert!(
        api.body.contains(&format!("/partidos/{id}/logo.png?v=")),
        "{}",
        api.body
    );
    let c = app
        .get_as(
            &host,
            &format!("/admin/partidos/{id}/remover-logo"),
            &cookie,
        )
        .await;
    assert!(c.body.contains("Remover logotipo"));
    let r = app
        .post_as(
            &host,
            &format!("/admin/partidos/{id}/remover-logo"),
            &cookie,
            &[("_csrf", &tok)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&host, &format!("/partidos/{id}/logo.png"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
