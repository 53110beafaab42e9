//! The public pages' micro-cache: shared between anonymous visitors of one câmara and
//! contrast mode, emptied by a write through the server, never used for logged-in users.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conteudo::noticias::{self, NoticiaForm, Publicacao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of};

async fn noticia(env: &TestEnv, t: &store::infra::catalog::Tenant, titulo: &str) {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let n = NoticiaForm {
        titulo: titulo.into(),
        slug: String::new(),
        resumo: "Resumo".into(),
        corpo: "Corpo.".into(),
        categoria: "institucional".into(),
        tags: String::new(),
        capa_alt: String::new(),
        publicacao: Publicacao::Agora,
    }
    .validar(false)
    .unwrap();
    noticias::criar(&mut tx, &Autor::cli("teste"), &n, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn public_pages_are_shared_until_a_write_and_never_for_logged_in_users() {
    let env = TestEnv::new().await;
    let t = env.camara("cache", "pool").await;
    let outra = env.camara("cache-outra", "pool").await;
    let mut config = web::WebConfig::new(testkit::BASE_DOMAIN, false);
    config.cache_publico = Duration::from_secs(600);
    let app = TestApp::with_config(env.store.clone(), config);
    let host = host_of(&t);

    noticia(&env, &t, "Primeira notícia da câmara").await;
    let a = app.get(&host, "/noticias").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("Primeira notícia da câmara"));

    // Written behind the server's back: visitors still get the kept page…
    noticia(&env, &t, "Segunda notícia da câmara").await;
    let b = app.get(&host, "/noticias").await;
    assert!(!b.body.contains("Segunda notícia"), "served from memory");
    // …another câmara has its own pages, as does the high-contrast mode…
    let o = app.get(&host_of(&outra), "/noticias").await;
    assert!(!o.body.contains("Primeira notícia"), "per câmara");
    let alto = app
        .send(
            Method::GET,
            &host,
            "/noticias",
            &[("cookie", "plenario_contraste=alto")],
            "",
        )
        .await;
    assert!(alto.body.contains("class=\"alto-contraste\""));
    assert!(alto.body.contains("Segunda notícia"), "a page of its own");
    let normal = app.get(&host, "/noticias").await;
    assert!(!normal.body.contains("class=\"alto-contraste\""));
    // …and a logged-in user never gets a kept page.
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let logado = app.get_as(&host, "/noticias", &cookie).await;
    assert!(logado.body.contains("Segunda notícia"));

    // A write through the server empties the câmara's pages.
    let (_, admin) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf_admin = app
        .get_as(&host, "/admin/configuracoes/privacidade", &admin)
        .await
        .field("_csrf")
        .unwrap();
    let r = app
        .send(
            Method::POST,
            &host,
            "/admin/configuracoes/privacidade",
            &[("cookie", &admin)],
            &format!("_csrf={csrf_admin}&encarregado_nome=&encarregado_email=&encarregado_telefone=&politica_privacidade="),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = app.get(&host, "/noticias").await;
    assert!(c.body.contains("Segunda notícia"), "fresh after a write");
}
