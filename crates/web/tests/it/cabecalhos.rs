//! Response headers (caching policy, HSTS, request ids, Content-Disposition) and what a
//! request may shape in an answer kept for the next visitor.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conteudo::paginas::{self, NovoAnexo, PaginaForm};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of};
use web::WebConfig;

#[tokio::test]
async fn every_page_behind_a_login_is_never_stored() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-admin", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let mut vistas = 0;
    for r in web::routes::route_info() {
        if r.method != Method::GET || r.permissao.is_none() || r.path.contains('{') {
            continue;
        }
        let resp = app.get_as(&host, r.path, &cookie).await;
        assert!(
            resp.header("cache-control").contains("no-store"),
            "{} answered {} with Cache-Control {:?}",
            r.path,
            resp.status,
            resp.header("cache-control")
        );
        vistas += 1;
    }
    assert!(vistas >= 10, "only {vistas} admin pages walked");
    // A public page seen by a logged-in user is not stored either (it is theirs alone).
    let home = app.get_as(&host, "/", &cookie).await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.header("cache-control"), "no-store");
    // Nor is the login page, nor the master panel.
    let login = app.get(&host, "/admin/login").await;
    assert!(login.header("cache-control").contains("no-store"));
    let painel = app
        .get(&app.state.config.platform_host, "/admin-master/login")
        .await;
    assert!(painel.header("cache-control").contains("no-store"));
}

#[tokio::test]
async fn public_pages_say_how_long_they_may_be_kept() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-pub", "pool").await;
    let host = host_of(&t);
    // Page cache off (the test default): nobody keeps the page without asking again.
    let app = env.app();
    let r = app.get(&host, "/parlamentares").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("cache-control"), "no-cache");
    // Page cache at 5 s: shared caches may keep it as long, per cookie (contrast mode).
    let app = TestApp::with_config(
        env.store.clone(),
        WebConfig {
            cache_publico: std::time::Duration::from_secs(5),
            ..WebConfig::new(testkit::BASE_DOMAIN, false)
        },
    );
    let r = app.get(&host, "/parlamentares").await;
    assert_eq!(r.header("cache-control"), "public, max-age=5");
    assert_eq!(r.header("vary"), "Cookie");
    // A page that chose its own policy keeps it.
    let r = app.get(&host, "/noticias/feed.rss").await;
    assert_eq!(r.header("cache-control"), "public, max-age=300");
    assert!(r.header("strict-transport-security").is_empty());
}

#[tokio::test]
async fn hsts_behind_https() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-hsts", "pool").await;
    let app = TestApp::with_config(
        env.store.clone(),
        WebConfig::new(testkit::BASE_DOMAIN, true),
    );
    let r = app.get(&host_of(&t), "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("strict-transport-security"), "max-age=31536000");
}

#[tokio::test]
async fn request_ids_a_client_shaped_are_replaced() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-rid", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let ok = app
        .send(
            Method::GET,
            &host,
            "/",
            &[("x-request-id", "abc-123_x.y")],
            "",
        )
        .await;
    assert_eq!(ok.header("x-request-id"), "abc-123_x.y");
    let longo = "a".repeat(5000);
    for ruim in [longo.as_str(), "<script>alert(1)</script>", "a b"] {
        let r = app
            .send(Method::GET, &host, "/", &[("x-request-id", ruim)], "")
            .await;
        let id = r.header("x-request-id");
        assert!(!id.is_empty() && id != ruim && id.len() <= 64, "{id}");
        assert!(uuid::Uuid::parse_str(id).is_ok(), "a fresh id, got {id}");
    }
}

#[tokio::test]
async fn links_in_kept_pages_come_from_the_catalog_not_the_request() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-host", "pool").await;
    testkit::fixtures::populate(&env.store, &t).await;
    let host = host_of(&t);
    let app = TestApp::with_config(
        env.store.clone(),
        WebConfig {
            cache_publico: std::time::Duration::from_secs(60),
            ..WebConfig::new(testkit::BASE_DOMAIN, false)
        },
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let sessao: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM app.sessao_plenaria WHERE tenant_id = $1 LIMIT 1")
            .bind(t.id)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    tx.commit().await.unwrap();
    let forjado = format!("{host}:6666");
    for path in [
        format!("/legislativo/sessoes/{sessao}.ics"),
        "/noticias/feed.rss".to_owned(),
        "/noticias/feed.atom".to_owned(),
    ] {
        let path = path.as_str();
        // The attacker's request shapes what the page cache keeps…
        let r = app
            .send(
                Method::GET,
                &forjado,
                path,
                &[
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-host", "mal.example"),
                ],
                "",
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        // …and the next visitor gets only the câmara's own address.
        let r = app.get(&host, path).await;
        assert!(
            r.body.contains(&format!("http://{host}/")),
            "{path}: {}",
            r.body
        );
        for marca in [":6666", "https://", "mal.example"] {
            assert!(!r.body.contains(marca), "{path} carries {marca}");
        }
    }
}

#[tokio::test]
async fn printed_links_carry_the_public_port_when_there_is_one() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-porta", "pool").await;
    let host = host_of(&t);
    let app = TestApp::with_config(
        env.store.clone(),
        WebConfig {
            public_port: Some(8080),
            ..WebConfig::new(testkit::BASE_DOMAIN, false)
        },
    );
    let r = app.get(&host, "/noticias/feed.rss").await;
    assert!(
        r.body.contains(&format!("http://{host}:8080/noticias")),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn attachments_keep_their_accented_names() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-anexo", "pool").await;
    let key = env
        .store
        .arquivos()
        .guardar(t.id, "paginas", "pdf", b"%PDF-1.4\n%%EOF\n".to_vec())
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let autor = Autor::cli("teste");
    let p = PaginaForm {
        titulo: "Relatórios".into(),
        slug: String::new(),
        corpo: "Texto".into(),
        publicada: true,
        ordem: "1".into(),
    }
    .validar()
    .unwrap();
    let p = paginas::criar(&mut tx, &autor, &p).await.unwrap();
    let a = paginas::adicionar_anexo(
        &mut tx,
        &autor,
        p.id,
        &NovoAnexo {
            titulo: "Relatório".into(),
            nome_arquivo: "Relatório de gestão \"2025\".pdf".into(),
            arquivo_key: key,
            content_type: "application/pdf".into(),
            tamanho: 15,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let r = env
        .app()
        .get(&host_of(&t), &format!("/institucional/anexos/{}", a.id))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-disposition"),
        "inline; filename=\"Relatorio de gestao _2025_.pdf\"; \
         filename*=UTF-8''Relat%C3%B3rio%20de%20gest%C3%A3o%20%222025%22.pdf"
    );
}

#[tokio::test]
async fn feeds_stay_well_formed_whatever_a_title_holds() {
    let env = TestEnv::new().await;
    let t = env.camara("cab-feed", "pool").await;
    let titulo = "Título\u{0B} com <tag> & \u{1F}controle";
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    // Written past the forms (older rows, imports): the feed must still be XML.
    let n = store::conteudo::noticias::NoticiaForm {
        titulo: "provisório".into(),
        slug: String::new(),
        resumo: "Resumo\u{08}".into(),
        corpo: "Corpo".into(),
        categoria: "sessoes".into(),
        tags: String::new(),
        capa_alt: String::new(),
        publicacao: store::conteudo::noticias::Publicacao::Agora,
    }
    .validar(false)
    .unwrap();
    let n = store::conteudo::noticias::criar(&mut tx, &Autor::cli("teste"), &n, None)
        .await
        .unwrap();
    sqlx::query("UPDATE app.noticia SET titulo = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(n.id)
        .bind(titulo)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let rss = app.get(&host_of(&t), "/noticias/feed.rss").await;
    let atom = app.get(&host_of(&t), "/noticias/feed.atom").await;
    for corpo in [&rss.body, &atom.body] {
        assert!(
            !corpo
                .chars()
                .any(|c| c.is_control() && !"\t\r\n".contains(c)),
            "a character XML 1.0 forbids: {corpo}"
        );
        assert!(
            corpo.contains("Título com &lt;tag&gt; &amp; controle"),
            "{corpo}"
        );
    }
    let canal = rss::Channel::read_from(rss.body.as_bytes()).unwrap();
    assert_eq!(
        canal.items[0].title.as_deref(),
        Some("Título com <tag> & controle")
    );
}
