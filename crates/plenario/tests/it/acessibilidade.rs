//! Accessibility: axe-core (WCAG 2.0/2.1, levels A and AA) finds no violation on any public
//! page template of a demo câmara of `plenario dev`, in normal and in high contrast.

use super::comum::{DevServer, http_get};
use testkit::browser::Navegador;

/// The first link on `lista` whose path starts with `prefixo` and is a detail page (not one
/// of the section's own list pages or feeds).
fn primeiro_detalhe(port: u16, lista: &str, prefixo: &str) -> String {
    let html = http_get(port, "olinda.localhost", lista);
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|h| {
            h.starts_with(prefixo)
                && h.len() > prefixo.len()
                && !h.contains('?')
                && !h.ends_with(".ics")
                && !h.ends_with(".rss")
                && !h.ends_with(".atom")
                && !h.ends_with(".jpg")
                && !h.ends_with("/mesa-diretora")
        })
        .unwrap_or_else(|| panic!("no {prefixo}… link on {lista}: {html}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_template_passes_axe_in_both_contrasts() {
    let dev = DevServer::start();
    let port = dev.port;
    let Some(nav) = Navegador::externo(port).await else {
        return;
    };
    let mut paginas: Vec<String> = [
        "/",
        "/parlamentares",
        "/parlamentares/mesa-diretora",
        "/legislativo/comissoes",
        "/legislativo/sessoes",
        "/noticias",
        "/institucional",
        "/transparencia",
        "/privacidade",
        "/dados-abertos",
    ]
    .map(str::to_owned)
    .to_vec();
    for (lista, prefixo) in [
        ("/parlamentares", "/parlamentares/"),
        ("/legislativo/comissoes", "/legislativo/comissoes/"),
        ("/legislativo/sessoes", "/legislativo/sessoes/"),
        ("/noticias", "/noticias/"),
        ("/institucional", "/institucional/"),
    ] {
        paginas.push(primeiro_detalhe(port, lista, prefixo));
    }
    // Positive control: axe really runs and reports what it should.
    nav.client
        .goto("data:text/html;charset=utf-8,<html><body><img src='x.png'></body></html>")
        .await
        .unwrap();
    let controle = nav.axe().await;
    assert!(
        controle.iter().any(|v| v.starts_with("image-alt")),
        "{controle:?}"
    );

    let base = format!("http://olinda.localhost:{port}");
    let mut falhas = Vec::new();
    for contraste in [false, true] {
        if contraste {
            nav.client
                .goto(&format!("{base}/acessibilidade/contraste"))
                .await
                .unwrap();
            nav.esperar("body.alto-contraste").await;
        }
        for p in &paginas {
            nav.client.goto(&format!("{base}{p}")).await.unwrap();
            let titulo = nav.client.title().await.unwrap();
            assert!(!titulo.trim().is_empty(), "{p} has no <title>");
            for v in nav.axe().await {
                falhas.push(format!(
                    "{p}{}: {v}",
                    if contraste { " (alto contraste)" } else { "" }
                ));
            }
        }
    }
    nav.fechar().await;
    assert!(
        falhas.is_empty(),
        "axe-core found {} violation(s) in {} pages:\n{}",
        falhas.len(),
        paginas.len(),
        falhas.join("\n")
    );
}
