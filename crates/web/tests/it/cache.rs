//! The public pages' micro-cache: shared between anonymous visitors of one câmara and
//! contrast mode, emptied by a write through the server, never used for logged-in users.
//! Whether an answer came from memory is read off the store's count of the câmara's
//! transactions (test builds count them).

use std::time::Duration;

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conteudo::noticias::{self, NoticiaForm, Publicacao};
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of};

async fn noticia(env: &TestEnv, t: &Tenant, titulo: &str) {
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

/// Whether a request was answered from memory: it opened no transaction of the câmara.
async fn da_memoria(
    env: &TestEnv,
    app: &TestApp,
    t: &Tenant,
    pedido: Pedido<'_>,
) -> (bool, String) {
    let antes = env.store.aberturas(t.id);
    let r = match pedido {
        Pedido::Anonimo(path) => app.get(&host_of(t), path).await,
        Pedido::Com(path, cookie) => {
            app.send(Method::GET, &host_of(t), path, &[("cookie", cookie)], "")
                .await
        }
    };
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (env.store.aberturas(t.id) == antes, r.body)
}

enum Pedido<'a> {
    Anonimo(&'a str),
    Com(&'a str, &'a str),
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

    // The first visitor reads the database, the next ones share the kept page…
    let (memoria, a) = da_memoria(&env, &app, &t, Pedido::Anonimo("/noticias")).await;
    assert!(!memoria, "the first visit reads the database");
    assert!(a.contains("Primeira notícia da câmara"));
    let (memoria, b) = da_memoria(&env, &app, &t, Pedido::Anonimo("/noticias")).await;
    assert!(memoria, "served from memory");
    assert_eq!(a, b);
    // …another câmara has its own pages, as does the high-contrast mode…
    let (memoria, o) = da_memoria(&env, &app, &outra, Pedido::Anonimo("/noticias")).await;
    assert!(!memoria && !o.contains("Primeira notícia"), "per câmara");
    let contraste = "plenario_contraste=alto";
    let (memoria, alto) = da_memoria(&env, &app, &t, Pedido::Com("/noticias", contraste)).await;
    assert!(
        !memoria && alto.contains("class=\"alto-contraste\""),
        "a page of its own"
    );
    let (memoria, _) = da_memoria(&env, &app, &t, Pedido::Com("/noticias", contraste)).await;
    assert!(memoria, "the contrast page is kept too");
    let (memoria, normal) = da_memoria(&env, &app, &t, Pedido::Anonimo("/noticias")).await;
    assert!(memoria && !normal.contains("class=\"alto-contraste\""));
    // …and a logged-in user never gets a kept page, however often they ask.
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    for _ in 0..2 {
        let (memoria, _) = da_memoria(&env, &app, &t, Pedido::Com("/noticias", &cookie)).await;
        assert!(!memoria, "a logged-in user reads the database");
    }

    // A write through the server empties the câmara's pages before it answers, and only
    // that câmara's. (A write committed elsewhere empties them too, through PostgreSQL's
    // notification, which arrives in its own time: the plenario crate's processos test.)
    let (memoria, _) = da_memoria(&env, &app, &outra, Pedido::Anonimo("/noticias")).await;
    assert!(memoria, "the other câmara's page is kept");
    let (_, admin) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf_admin = app
        .get_as(&host, "/admin/configuracoes/privacidade", &admin)
        .await
        .field("_csrf")
        .expect("the privacy form carries its token");
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
    let (memoria, _) = da_memoria(&env, &app, &t, Pedido::Anonimo("/noticias")).await;
    assert!(!memoria, "read again after a write");
    let (memoria, _) = da_memoria(&env, &app, &t, Pedido::Com("/noticias", contraste)).await;
    assert!(
        !memoria,
        "every kept page of the câmara is emptied, contrast too"
    );
    let (memoria, _) = da_memoria(&env, &app, &outra, Pedido::Anonimo("/noticias")).await;
    assert!(memoria, "the other câmara's page survives the write");
}
