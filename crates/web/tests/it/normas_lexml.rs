//! The câmara's LexML publisher id (`/admin/normas/lexml`): refused in Portuguese with
//! nothing written when it is not a positive integer, recorded and audited when it is, and
//! carried by every OAI-PMH record's Items; cleared, the Items fall back to the IBGE code.
//! Only `norma.gerir` reaches the page.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::auditoria::Autor;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::host_of;
use time::macros::date;

const TEXTO: &str = "Art. 1º Fica instituído o programa.\nArt. 2º Esta lei entra em vigor na data de sua publicação.";

#[tokio::test]
async fn the_publisher_id_is_validated_audited_and_carried_by_the_records() {
    let env = TestEnv::new().await;
    let t = env.camara("lexml-publicador", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let d = testkit::fixtures::normas::dados(
        lo,
        "Institui o programa de hortas".into(),
        TEXTO.into(),
        date!(2024 - 03 - 15),
    );
    store::normas::criar(&mut tx, &Autor::cli("teste"), &d)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    let ibge = format!("idPublicador=\"{}\"", t.codigo_ibge);
    let registros = "/oai?verb=ListRecords&metadataPrefix=oai_lexml";
    let r = app.get(&host, registros).await;
    assert!(
        r.body.contains(&ibge),
        "the IBGE code until one is recorded: {}",
        r.body
    );

    // Only norma.gerir reaches the page.
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    let r = app.get_as(&host, "/admin/normas/lexml", &editor).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let lista = app.get_as(&host, "/admin/normas", &cookie).await;
    assert!(
        lista.body.contains("href=\"/admin/normas/lexml\""),
        "linked from the list"
    );
    let r = app.get_as(&host, "/admin/normas/lexml", &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("/oai</code>"),
        "the base address to give Prodasen"
    );
    assert!(r.body.contains("o código IBGE do município"), "{}", r.body);
    let csrf = app.csrf(&host, &cookie).await;
    let auditorias = async || {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND acao = 'alterar_lexml'",
        )
        .bind(tx.tenant_id())
        .fetch_one(tx.conn())
        .await
        .unwrap();
        n
    };

    // Not a positive integer: refused on the field, the input kept, nothing written.
    for (errado, msg) in [
        ("doze", "deve ser um número inteiro"),
        ("12,5", "deve ser um número inteiro"),
        ("0", "maior que zero"),
        ("-4", "maior que zero"),
        ("99999999999", "deve ser um número inteiro"),
    ] {
        let r = app
            .post_as(
                &host,
                "/admin/normas/lexml",
                &cookie,
                &[("_csrf", csrf.as_str()), ("id_publicador", errado)],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{errado}: {}",
            r.body
        );
        assert!(r.body.contains(msg), "{errado}: {}", r.body);
        assert!(
            r.body.contains(&format!("value=\"{errado}\"")),
            "{errado} kept"
        );
        assert!(r.body.contains("aria-invalid=\"true\""));
    }
    assert_eq!(auditorias().await, 0, "nothing written");

    let r = app
        .post_as(
            &host,
            "/admin/normas/lexml",
            &cookie,
            &[("_csrf", csrf.as_str()), ("id_publicador", "4321")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .get_as(&host, "/admin/normas/lexml?salvo=1", &cookie)
        .await;
    assert!(
        r.body.contains("Identificador salvo.") && r.body.contains("o informado pelo Prodasen")
    );
    let r = app.get(&host, registros).await;
    assert!(r.body.contains("idPublicador=\"4321\""), "{}", r.body);
    assert!(!r.body.contains(&ibge));
    assert_eq!(auditorias().await, 1);

    // Cleared: back to the IBGE code.
    let r = app
        .post_as(
            &host,
            "/admin/normas/lexml",
            &cookie,
            &[("_csrf", csrf.as_str()), ("id_publicador", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get(&host, registros).await;
    assert!(r.body.contains(&ibge) && !r.body.contains("idPublicador=\"4321\""));
    assert_eq!(auditorias().await, 2);
}
