//! The admin's Markdown toolbar and preview (issue #13, item 5): the preview is the
//! portal's own rendering, cleaned, for staff only and behind the CSRF check; in a real
//! Chromium the toolbar formats the selection, the preview shows it, and the page stays
//! clean under axe-core.

use axum::http::StatusCode;
use domain::auth::Papel;
use fantoccini::Locator;
use serde_json::json;
use testkit::TestEnv;
use testkit::browser::Navegador;
use testkit::fixtures::logged_in;
use testkit::http::host_of;

#[tokio::test]
async fn the_preview_renders_as_the_portal_does_for_staff_only() {
    let env = TestEnv::new().await;
    let t = env.camara("md-previa", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let csrf = app.csrf(&host, &cookie).await;
    let texto = "## Pauta\n\n**Aprovado** o *projeto*.\n\n- um\n- dois\n\n<script>alert(1)</script>\n\n[site](javascript:alert(1))";
    let r = app
        .post_as(
            &host,
            "/admin/markdown/previa",
            &cookie,
            &[("_csrf", &csrf), ("texto", texto)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    assert_eq!(
        r.headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    for parte in [
        "<h2>Pauta</h2>",
        "<strong>Aprovado</strong>",
        "<em>projeto</em>",
        "<li>um</li>",
    ] {
        assert!(r.body.contains(parte), "{parte}: {}", r.body);
    }
    assert!(!r.body.contains("<script"), "{}", r.body);
    assert!(!r.body.contains("javascript:"), "{}", r.body);
    // Without the CSRF token, and without a session: refused, nothing rendered.
    let r = app
        .post_as(
            &host,
            "/admin/markdown/previa",
            &cookie,
            &[("texto", "**x**")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(!r.body.contains("<strong>x</strong>"));
    let r = app
        .post_as(&host, "/admin/markdown/previa", "", &[("texto", "**x**")])
        .await;
    assert!(!r.status.is_success(), "{}", r.status);
    assert!(!r.body.contains("<strong>x</strong>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_the_toolbar_formats_the_selection_and_previews_it() {
    let env = TestEnv::new().await;
    let t = env.camara("md-barra", "pool").await;
    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    nav.entrar(&env, &t, Papel::Editor).await;
    let c = &nav.client;
    c.goto(&format!("{}/admin/noticias/nova", nav.base(&t)))
        .await
        .unwrap();
    nav.esperar(".md-barra[aria-controls=corpo]").await;
    nav.preencher("corpo", "A câmara aprovou o plano").await;
    // "aprovou" selected, then Negrito; then the line made a list item. Each step: the
    // selection (UTF-16 offsets, as the browser counts), the button, the text after it.
    let passos = [
        ("9, 16", 1, "A câmara **aprovou** o plano"),
        ("0, 0", 4, "- A câmara **aprovou** o plano"),
    ];
    for (selecao, botao, esperado) in passos {
        let js =
            format!("const t = document.getElementById('corpo'); t.setSelectionRange({selecao});");
        c.execute(&js, vec![]).await.unwrap();
        nav.clicar(&format!(
            ".md-barra[aria-controls=corpo] button:nth-child({botao})"
        ))
        .await;
        let valor = c
            .execute("return document.getElementById('corpo').value;", vec![])
            .await
            .unwrap();
        assert_eq!(valor, json!(esperado));
    }
    // The preview, drawn by the server.
    nav.clicar(".md-barra[aria-controls=corpo] .md-ver").await;
    let forte = nav.esperar("#corpo-previa li strong").await;
    assert_eq!(forte.text().await.unwrap(), "aprovou");
    let botao = c
        .find(Locator::Css(".md-barra[aria-controls=corpo] .md-ver"))
        .await
        .unwrap();
    assert_eq!(botao.text().await.unwrap(), "Atualizar a prévia");
    // At a phone's width and a desktop's: never wider than the window, clean under axe.
    // `PLENARIO_CAPTURAS=DIR` saves the screenshots.
    for (w, h) in [(390u32, 844u32), (1366, 900)] {
        c.set_window_size(w, h).await.unwrap();
        let cabe = c
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(cabe, json!(true), "wider than the window at {w} px");
        let violacoes = nav.axe().await;
        assert!(violacoes.is_empty(), "{w} px: {violacoes:#?}");
        if let Ok(dir) = std::env::var("PLENARIO_CAPTURAS") {
            c.execute(
                "document.querySelector('.md-barra').scrollIntoView();",
                vec![],
            )
            .await
            .unwrap();
            if let Ok(png) = c.screenshot().await {
                let _ = std::fs::write(format!("{dir}/{w}_markdown.png"), png);
            }
        }
    }
    nav.fechar().await;
}
