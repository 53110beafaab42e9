//! The proposição eletrônica over HTTP: a parlamentar writes, edits and sends a draft; the
//! protocolo returns it (motivo) and, sent again, receives it (protocolo + proposição);
//! authors see only their own drafts; who reaches which screen.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of, multipart};
use uuid::Uuid;

use crate::protocolo::{PDF, id_do_destino};

/// A parlamentar and a logged-in PARLAMENTAR account linked to it.
async fn vereador(env: &TestEnv, t: &Tenant, nome: &str) -> (Uuid, String) {
    let (u, cookie) = logged_in(&env.store, t, Papel::Parlamentar).await;
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let (id, _) = store::composicao::criar_parlamentar(
        &mut tx,
        &Autor::cli("teste"),
        &store::composicao::NovoParlamentar {
            nome_civil: nome.into(),
            nome_parlamentar: nome.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    sqlx::query("UPDATE app.usuario SET parlamentar_id = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(u.id)
        .bind(id)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (id, cookie)
}

async fn tipo_pl(env: &TestEnv, t: &Tenant) -> Uuid {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    store::eletronica::tipos(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .find(|(_, s, _)| s == "PL")
        .unwrap()
        .0
}

async fn escrever(
    app: &TestApp,
    host: &str,
    cookie: &str,
    path: &str,
    campos: &[(&str, &str)],
    arquivos: &[testkit::http::Arquivo<'_>],
) -> testkit::http::TestResponse {
    let csrf = app.csrf(host, cookie).await;
    app.post_multipart_as(
        host,
        &format!("{path}?_csrf={csrf}"),
        cookie,
        multipart(campos, arquivos),
    )
    .await
}

#[tokio::test]
async fn a_draft_is_written_sent_returned_sent_again_and_received() {
    let env = TestEnv::new().await;
    let t = env.camara("elet-fluxo", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (ana, cookie_ana) = vereador(&env, &t, "Ana Vereadora").await;
    let (beto, cookie_beto) = vereador(&env, &t, "Beto Vereador").await;
    let (_, cookie_sec) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let pl = tipo_pl(&env, &t).await.to_string();
    let beto_s = beto.to_string();

    // The menu shows "Minhas proposições" to the linked parlamentar, and no protocolo.
    let inicio = app.get_as(&host, "/admin", &cookie_ana).await;
    assert!(inicio.body.contains("/admin/minhas-proposicoes"));
    assert!(!inicio.body.contains("href=\"/admin/protocolo\""));

    // Refused: every message at once, the input kept.
    let r = escrever(
        &app,
        &host,
        &cookie_ana,
        "/admin/minhas-proposicoes",
        &[
            ("tipo_id", ""),
            ("ementa", "Curta"),
            ("texto", "Texto digitado"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Escolha o tipo de proposição da lista."));
    assert!(
        r.body
            .contains("A ementa deve ter de 10 a 2.000 caracteres.")
    );
    assert!(r.body.contains("Texto digitado"));

    let r = escrever(
        &app,
        &host,
        &cookie_ana,
        "/admin/minhas-proposicoes",
        &[
            ("tipo_id", &pl),
            ("ementa", "Institui o programa de hortas comunitárias."),
            ("texto", "Art. 1º Fica instituído o programa."),
            ("justificativa", "Segurança alimentar."),
            ("coautores", &beto_s),
        ],
        &[("arquivos", "estudo.pdf", "application/pdf", PDF)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_do_destino(&r.location, "/admin/minhas-proposicoes/");
    let pagina = format!("/admin/minhas-proposicoes/{id}");
    let ver = app.get_as(&host, &pagina, &cookie_ana).await;
    assert!(ver.body.contains("estudo.pdf"));
    assert!(ver.body.contains("Rascunho"));

    // Another parlamentar (even a coautor) never sees nor changes it.
    assert_eq!(
        app.get_as(&host, &pagina, &cookie_beto).await.status,
        StatusCode::NOT_FOUND
    );
    let lista_beto = app
        .get_as(&host, "/admin/minhas-proposicoes", &cookie_beto)
        .await;
    assert!(!lista_beto.body.contains("hortas comunitárias"));
    let alheio = escrever(
        &app,
        &host,
        &cookie_beto,
        &pagina,
        &[("tipo_id", &pl), ("ementa", "Tomada por outro vereador.")],
        &[],
    )
    .await;
    assert_eq!(alheio.status, StatusCode::NOT_FOUND);
    let csrf_beto = app.csrf(&host, &cookie_beto).await;
    let envio_alheio = app
        .post_as(
            &host,
            &format!("{pagina}/enviar"),
            &cookie_beto,
            &[("_csrf", &csrf_beto)],
        )
        .await;
    assert_eq!(envio_alheio.status, StatusCode::NOT_FOUND);

    // Edit, then send.
    let r = escrever(
        &app,
        &host,
        &cookie_ana,
        &pagina,
        &[
            ("tipo_id", &pl),
            (
                "ementa",
                "Institui o programa municipal de hortas comunitárias.",
            ),
            ("texto", "Art. 1º Fica instituído o programa."),
            ("coautores", &beto_s),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let csrf_ana = app.csrf(&host, &cookie_ana).await;
    let r = app
        .post_as(
            &host,
            &format!("{pagina}/enviar"),
            &cookie_ana,
            &[("_csrf", &csrf_ana)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Sent: no longer editable.
    let tarde = escrever(
        &app,
        &host,
        &cookie_ana,
        &pagina,
        &[("tipo_id", &pl), ("ementa", "Mudada depois de enviada.")],
        &[],
    )
    .await;
    assert_eq!(tarde.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(tarde.body.contains("já foi enviada"), "{}", tarde.body);

    // The protocolo's inbox; the return with its motivo.
    let caixa = app
        .get_as(&host, "/admin/protocolo/eletronicas", &cookie_sec)
        .await;
    assert!(caixa.body.contains("hortas comunitárias"), "{}", caixa.body);
    let ver = app
        .get_as(
            &host,
            &format!("/admin/protocolo/eletronicas/{id}"),
            &cookie_sec,
        )
        .await;
    assert!(ver.body.contains("Beto Vereador"));
    assert!(ver.body.contains(&store::protocolo::sha256_hex(PDF)));
    let csrf_sec = app.csrf(&host, &cookie_sec).await;
    let sem_motivo = app
        .post_as(
            &host,
            &format!("/admin/protocolo/eletronicas/{id}/devolver"),
            &cookie_sec,
            &[("_csrf", &csrf_sec), ("motivo", "")],
        )
        .await;
    assert_eq!(sem_motivo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sem_motivo.body.contains("Informe o motivo da devolução"));
    let r = app
        .post_as(
            &host,
            &format!("/admin/protocolo/eletronicas/{id}/devolver"),
            &cookie_sec,
            &[
                ("_csrf", &csrf_sec),
                ("motivo", "Falta a cláusula de vigência."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let minhas = app
        .get_as(&host, "/admin/minhas-proposicoes", &cookie_ana)
        .await;
    assert!(minhas.body.contains("Devolvida ao autor"));
    assert!(minhas.body.contains("Falta a cláusula de vigência."));

    // Corrected and sent again, then received.
    let r = escrever(
        &app,
        &host,
        &cookie_ana,
        &pagina,
        &[
            ("tipo_id", &pl),
            ("ementa", "Institui o programa municipal de hortas comunitárias."),
            ("texto", "Art. 1º Fica instituído o programa.\n\nArt. 2º Esta lei entra em vigor na data de sua publicação."),
            ("coautores", &beto_s),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_as(
            &host,
            &format!("{pagina}/enviar"),
            &cookie_ana,
            &[("_csrf", &csrf_ana)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_as(
            &host,
            &format!("/admin/protocolo/eletronicas/{id}/receber"),
            &cookie_sec,
            &[("_csrf", &csrf_sec)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Twice is refused (409, the page says why).
    let de_novo = app
        .post_as(
            &host,
            &format!("/admin/protocolo/eletronicas/{id}/receber"),
            &cookie_sec,
            &[("_csrf", &csrf_sec)],
        )
        .await;
    assert_eq!(de_novo.status, StatusCode::CONFLICT);

    // One protocolo, one proposição linked to it, autores in order, the file carried over.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (prop, protocolo_id, situacao): (Uuid, Option<Uuid>, Option<String>) = sqlx::query_as(
        "SELECT id, protocolo_id, situacao FROM app.proposicao WHERE tenant_id = $1",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(situacao.as_deref(), Some("protocolada"));
    let p = store::protocolo::por_id(&mut tx, protocolo_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.numero, 1);
    assert_eq!(p.interessado_tipo, "parlamentar");
    assert_eq!(p.proposicao_id, Some(prop));
    let docs = store::protocolo::documentos(&mut tx, p.id).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].sha256, store::protocolo::sha256_hex(PDF));
    let autores: Vec<(Uuid, bool)> = sqlx::query_as(
        "SELECT parlamentar_id, primeiro FROM app.proposicao_autor
          WHERE tenant_id = $1 AND proposicao_id = $2 ORDER BY ordem",
    )
    .bind(t.id)
    .bind(prop)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(autores, vec![(ana, true), (beto, false)]);
    drop(tx);

    // The authors see their proposição, with its protocolo, on "Minhas proposições".
    for (cookie, autoria) in [(&cookie_ana, "Primeiro autor"), (&cookie_beto, "Coautor")] {
        let m = app.get_as(&host, "/admin/minhas-proposicoes", cookie).await;
        assert!(m.body.contains("PL 1/"), "{}", m.body);
        assert!(m.body.contains(autoria));
        assert!(m.body.contains(&p.numero_ano()));
    }
    let m = app
        .get_as(&host, "/admin/minhas-proposicoes", &cookie_ana)
        .await;
    assert!(m.body.contains("Recebida e protocolada"));
    // The protocolo's page names the proposição.
    let d = app
        .get_as(&host, &format!("/admin/protocolo/{}", p.id), &cookie_sec)
        .await;
    assert!(d.body.contains("PL 1/"), "{}", d.body);
}

#[tokio::test]
async fn who_reaches_the_authors_pages_and_the_inbox() {
    let env = TestEnv::new().await;
    let t = env.camara("elet-perm", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie_parl) = vereador(&env, &t, "Carla Vereadora").await;
    // The PARLAMENTAR never reaches the protocolo's screens.
    for path in [
        "/admin/protocolo",
        "/admin/protocolo/novo",
        "/admin/protocolo/eletronicas",
    ] {
        let r = app.get_as(&host, path, &cookie_parl).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    // EDITOR: refused everywhere, author side included.
    let (_, cookie_ed) = logged_in(&env.store, &t, Papel::Editor).await;
    for path in [
        "/admin/minhas-proposicoes",
        "/admin/minhas-proposicoes/nova",
        "/admin/protocolo",
        "/admin/protocolo/eletronicas",
    ] {
        let r = app.get_as(&host, path, &cookie_ed).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    let csrf = app.csrf(&host, &cookie_ed).await;
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/minhas-proposicoes?_csrf={csrf}"),
            &cookie_ed,
            multipart(&[("ementa", "Tentativa do editor.")], &[]),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A PARLAMENTAR account linked to no parlamentar cannot write one.
    let (_, cookie_solto) = logged_in(&env.store, &t, Papel::Parlamentar).await;
    let r = app
        .get_as(&host, "/admin/minhas-proposicoes", &cookie_solto)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        !app.get_as(&host, "/admin", &cookie_solto)
            .await
            .body
            .contains("/admin/minhas-proposicoes")
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM app.proposicao_rascunho WHERE tenant_id = $1")
            .bind(t.id)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert_eq!(n, 0);
}
