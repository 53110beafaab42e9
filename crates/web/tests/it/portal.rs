//! The portal's shared pages: the home page (latest notícias, next sessões, vereadores),
//! the parlamentar's page with its comissões and Mesa, and the search box.

use axum::http::StatusCode;
use store::auditoria::Autor;
use store::composicao;
use store::sessoes_plenarias::{self as sp, NovaSessao};
use store::{Access, TenantTx, camara};
use testkit::TestEnv;
use testkit::fixtures::{canary, populate};
use testkit::http::host_of;
use time::{Duration, PrimitiveDateTime, Time};

#[tokio::test]
async fn the_home_page_shows_the_latest_noticias_and_the_next_sessao() {
    let env = TestEnv::new().await;
    let t = env.camara("home", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let vazia = app.get(&host, "/").await;
    assert_eq!(vazia.status, StatusCode::OK);
    assert!(
        vazia.body.contains("Não há sessões agendadas"),
        "{}",
        vazia.body
    );

    populate(&env.store, &t).await;
    // A sessão ten days from now, inside a sessão legislativa around today.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let autor = Autor::cli("teste");
    let hoje = camara::hoje(&mut tx).await.unwrap();
    // The fixtures' legislatura runs 2025–2028; its first sessão legislativa is 2025's.
    let mut leg = composicao::legislatura_atual(&mut tx, hoje)
        .await
        .unwrap()
        .unwrap();
    if leg.fim < hoje + Duration::days(60) {
        leg = composicao::criar_legislatura(
            &mut tx,
            &autor,
            leg.numero + 1,
            leg.fim + Duration::days(1),
            hoje + Duration::days(400),
        )
        .await
        .unwrap();
    }
    composicao::criar_sessao_legislativa(
        &mut tx,
        &autor,
        leg.id,
        9,
        hoje - Duration::days(30),
        hoje + Duration::days(60),
    )
    .await
    .unwrap();
    let tipo = sp::tipos(&mut tx, true).await.unwrap().remove(0);
    let s = sp::criar(
        &mut tx,
        &autor,
        &NovaSessao {
            tipo_id: tipo.id,
            inicio: PrimitiveDateTime::new(
                hoje + Duration::days(10),
                Time::from_hms(19, 0, 0).unwrap(),
            ),
            fim: None,
            local: "Plenário Tiradentes".into(),
            observacoes: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let r = app.get(&host, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains(&format!("href=\"/legislativo/sessoes/{}\"", s.id)),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("às 19:00, Plenário Tiradentes"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("Não há sessões agendadas"));
    // The published notícia, not the draft.
    assert!(r.body.contains(&format!("Notícia publicada {}", t.slug)));
    assert!(!r.body.contains(&format!("Rascunho {}", t.slug)));
    assert!(r.body.contains("href=\"/transparencia\""));
}

#[tokio::test]
async fn the_parlamentar_page_lists_its_comissoes_and_cargos_na_mesa() {
    let env = TestEnv::new().await;
    let t = env.camara("perfil-com", "pool").await;
    populate(&env.store, &t).await;
    let slug = domain::slugify(&format!("Vereadora {}", t.slug));
    let r = env
        .app()
        .get(&host_of(&t), &format!("/parlamentares/{slug}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let c = canary(&t);
    assert!(r.body.contains(&format!("Comissão {c}")), "{}", r.body);
    assert!(
        r.body.contains("<th scope=\"row\">Presidente</th>"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("01/01/2025 a 31/12/2026"),
        "dd/mm/aaaa: {}",
        r.body
    );
}

#[tokio::test]
async fn the_search_box_finds_parlamentares_comissoes_paginas_and_noticias() {
    let env = TestEnv::new().await;
    let t = env.camara("busca", "pool").await;
    populate(&env.store, &t).await;
    let app = env.app();
    let host = host_of(&t);

    // A parlamentar by part of the name, accents and case aside.
    let r = app.get(&host, "/busca?q=VEREADORA").await;
    assert_eq!(r.status, StatusCode::OK);
    let slug = domain::slugify(&format!("Vereadora {}", t.slug));
    assert!(
        r.body.contains(&format!("/parlamentares/{slug}")),
        "{}",
        r.body
    );

    // A comissão by its sigla, a page and a notícia by a word of their text.
    let r = app.get(&host, "/busca?q=cfx").await;
    assert!(r.body.contains("(Comissão)"), "{}", r.body);
    let r = app.get(&host, "/busca?q=institucional").await;
    assert!(r.body.contains("(Página)"), "{}", r.body);
    let r = app.get(&host, "/busca?q=not%C3%ADcia").await;
    assert!(
        r.body.contains(&format!("Notícia publicada {}", t.slug)),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains(&format!("Rascunho {}", t.slug)),
        "drafts stay out"
    );

    // Nothing found: said plainly; an empty query shows only the form.
    let r = app.get(&host, "/busca?q=xyzzyabsent").await;
    assert!(r.body.contains("Nada encontrado"), "{}", r.body);
    let r = app.get(&host, "/busca").await;
    assert!(!r.body.contains("Nada encontrado"));
    assert!(r.body.contains("id=\"termo\""));
}

#[tokio::test]
async fn errors_come_in_the_portals_own_clothes() {
    let env = TestEnv::new().await;
    let t = env.camara("erros", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    // An unknown path, and a handler's own 404 (a parlamentar that does not exist).
    for path in [
        "/ouvidoria",
        "/proposicoes",
        "/parlamentares/ninguem-com-este-nome",
    ] {
        let r = app.get(&host, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            r.content_type.starts_with("text/html"),
            "{path}: {}",
            r.content_type
        );
        assert!(
            r.body.contains("Página não encontrada"),
            "{path}: {}",
            r.body
        );
        assert!(
            r.body.contains(&t.nome_oficial),
            "the câmara's header: {}",
            r.body
        );
        assert!(r.body.contains("id=\"menu\""), "the menu: {}", r.body);
        assert!(r.body.contains("href=\"/\""), "a way home: {}", r.body);
        assert!(
            r.body.contains("action=\"/busca\""),
            "the search: {}",
            r.body
        );
        assert!(r.headers.contains_key("x-request-id"), "{path}");
    }
    // The API answers in Portuguese problem+json, for unknown paths too.
    for path in [
        "/api/v1/nada-aqui",
        "/api/v1/proposicoes/00000000-0000-0000-0000-000000000000",
    ] {
        let r = app.get(&host, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.content_type, "application/problem+json", "{path}");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["status"], 404, "{}", r.body);
        let titulo = v["title"].as_str().unwrap_or_default();
        assert!(titulo.contains("encontrad"), "in Portuguese: {}", r.body);
    }
    // The admin keeps its plain page, with a link home, and never the portal's frame.
    let r = app.get(&host, "/admin/nada-aqui").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Voltar à página inicial"), "{}", r.body);
    assert!(!r.body.contains("id=\"menu\""), "{}", r.body);
}
