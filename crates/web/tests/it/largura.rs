//! Every public page fits a phone: in a real headless Chromium, the pages reachable from the
//! home page of a populated câmara (and the 404 page) at 390 px and at 1366 px are never
//! wider than the window, and on a phone the menu starts closed behind its button.

use std::collections::{BTreeSet, VecDeque};

use serde_json::json;
use testkit::TestEnv;
use testkit::browser::Navegador;
use testkit::fixtures::populate;

/// How many pages the walk visits at most (every template is a few links from home).
const LIMITE: usize = 60;

/// The same-câmara page links of the current page: no admin, API, files or anchors.
async fn links(nav: &Navegador) -> Vec<String> {
    let v = nav
        .client
        .execute(
            "return [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href'))",
            vec![],
        )
        .await
        .unwrap();
    let todos: Vec<String> = serde_json::from_value(v).unwrap_or_default();
    todos
        .into_iter()
        .map(|h| h.split('#').next().unwrap_or_default().to_owned())
        .filter(|h| {
            !h.is_empty()
                && !h.starts_with("/admin")
                && !h.starts_with("/api/")
                && !h.starts_with("/static/")
                && !h.starts_with("/acessibilidade/")
                && !h.starts_with("/acompanhamento/")
                && !h.contains("/anexos/")
                && !h.contains("/arquivo")
                && ![
                    ".jpg", ".png", ".pdf", ".ics", ".csv", ".xml", "/capa", "/feed", ".css",
                ]
                .iter()
                .any(|e| h.ends_with(e))
        })
        .collect()
}

/// `(document width, window width, the elements that stick out)` of the current page.
pub(crate) async fn larguras(nav: &Navegador) -> (i64, i64, String) {
    let v = nav
        .client
        .execute(
            "const w = window.innerWidth;
             const fora = [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > w + 1)
               .slice(-3)
               .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                    + (e.id ? '#' + e.id : ''));
             return [document.documentElement.scrollWidth, w, fora.join(', ')]",
            vec![],
        )
        .await
        .unwrap();
    let doc = v[0].as_i64().unwrap_or(0);
    let janela = v[1].as_i64().unwrap_or(0);
    (doc, janela, v[2].as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_fits_a_phone_and_a_desktop() {
    let env = TestEnv::new().await;
    let t = env.camara("largura", "pool").await;
    populate(&env.store, &t).await;
    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    let base = nav.base(&t);
    let c = &nav.client;

    // The pages: a walk from home, plus the search's results and the 404 page.
    let mut vistas = BTreeSet::new();
    let mut fila = VecDeque::from(["/".to_owned()]);
    // One address per template: a path seen with another query is the same page.
    let mut caminhos = BTreeSet::new();
    while let Some(p) = fila.pop_front() {
        let caminho = p.split('?').next().unwrap_or_default().to_owned();
        if vistas.len() >= LIMITE || !caminhos.insert(caminho) {
            continue;
        }
        vistas.insert(p.clone());
        c.goto(&format!("{base}{p}")).await.unwrap();
        for l in links(&nav).await {
            if !vistas.contains(&l) {
                fila.push_back(l);
            }
        }
    }
    vistas.insert("/busca?q=c%C3%A2mara".to_owned());
    vistas.insert("/pagina-que-nao-existe".to_owned());
    assert!(vistas.len() >= 12, "the walk found few pages: {vistas:?}");

    let mut largas = Vec::new();
    for (w, h) in [(390u32, 844u32), (1366, 900)] {
        c.set_window_size(w, h).await.unwrap();
        for p in &vistas {
            c.goto(&format!("{base}{p}")).await.unwrap();
            let (doc, janela, fora) = larguras(&nav).await;
            // PLENARIO_CAPTURAS=DIR: a screenshot of each page, to look at them.
            if let Ok(dir) = std::env::var("PLENARIO_CAPTURAS") {
                let nome: String = p
                    .chars()
                    .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
                    .collect();
                if let Ok(png) = c.screenshot().await {
                    let _ = std::fs::write(format!("{dir}/{w}{nome}.png"), png);
                }
            }
            if doc > janela {
                largas.push(format!(
                    "{p} at {w} px: {doc} px wide in a {janela} px window ({fora})"
                ));
            }
        }
    }
    assert!(
        largas.is_empty(),
        "pages wider than the window:\n{}",
        largas.join("\n")
    );

    // On a phone the menu is closed behind its button, and opens.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{base}/")).await.unwrap();
    let visivel = |sel: &'static str| async move {
        let v = c
            .execute(
                "const e = document.querySelector(arguments[0]); return !!e && e.checkVisibility();",
                vec![json!(sel)],
            )
            .await
            .unwrap();
        v.as_bool().unwrap_or(false)
    };
    assert!(
        !visivel("#menu a[href='/parlamentares']").await,
        "closed on a phone"
    );
    nav.clicar("#menu summary").await;
    assert!(
        visivel("#menu a[href='/parlamentares']").await,
        "opened by its button"
    );
    // On a desktop the menu is simply there.
    c.set_window_size(1366, 900).await.unwrap();
    c.goto(&format!("{base}/")).await.unwrap();
    assert!(
        visivel("#menu a[href='/parlamentares']").await,
        "always open on a desktop"
    );
    assert!(!visivel("#menu summary").await, "no button on a desktop");
    eprintln!("{} pages checked at 390 and 1366 px", vistas.len());
    nav.fechar().await;
}

/// The admin pages of the dashboard work (issue #13, items 4 and 8): the dashboard with
/// every card and the TV Câmara page fit 390 and 1366 px; at 1366 px the grouped menu is
/// one row (it never wraps), at 390 px a group opens in the flow and stays inside the
/// window. `PLENARIO_CAPTURAS=DIR` saves their screenshots.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_and_its_menu_fit_a_phone_and_a_desktop() {
    let env = TestEnv::new().await;
    let t = env.camara("largura-painel", "pool").await;
    populate(&env.store, &t).await;
    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    let base = nav.base(&t);
    let c = &nav.client;
    nav.entrar(&env, &t, domain::auth::Papel::Admin).await;
    let mut largas = Vec::new();
    for (w, h) in [(390u32, 844u32), (1366, 900)] {
        c.set_window_size(w, h).await.unwrap();
        for p in ["/admin", "/admin/configuracoes/tv"] {
            c.goto(&format!("{base}{p}")).await.unwrap();
            nav.esperar("nav.menu-admin").await;
            if let Ok(dir) = std::env::var("PLENARIO_CAPTURAS") {
                let nome = p.replace('/', "_");
                if let Ok(png) = c.screenshot().await {
                    let _ = std::fs::write(format!("{dir}/{w}{nome}.png"), png);
                }
            }
            let (doc, janela, fora) = larguras(&nav).await;
            if doc > janela {
                largas.push(format!("{p} at {w} px: {doc} px in {janela} ({fora})"));
            }
        }
        // The menu's top row: at 1366 px every group on one line.
        c.goto(&format!("{base}/admin")).await.unwrap();
        let linhas = c
            .execute(
                "return new Set([...document.querySelectorAll('nav.menu-admin .grupos > li')]
                   .map(e => Math.round(e.getBoundingClientRect().top))).size",
                vec![],
            )
            .await
            .unwrap()
            .as_i64()
            .unwrap_or(0);
        if w == 1366 {
            assert_eq!(linhas, 1, "the menu wraps at 1366 px");
        }
        // A group opens (no JavaScript needed: <details>) and its links stay in the window.
        nav.clicar("nav.menu-admin details:nth-of-type(1) summary")
            .await;
        let (doc, janela, fora) = larguras(&nav).await;
        if doc > janela {
            largas.push(format!(
                "/admin with a group open at {w} px: {doc} px in {janela} ({fora})"
            ));
        }
        if let Ok(dir) = std::env::var("PLENARIO_CAPTURAS")
            && let Ok(png) = c.screenshot().await
        {
            let _ = std::fs::write(format!("{dir}/{w}_admin_menu_aberto.png"), png);
        }
    }
    nav.fechar().await;
    assert!(largas.is_empty(), "{}", largas.join("\n"));
}
