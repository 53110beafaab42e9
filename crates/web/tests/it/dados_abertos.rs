//! Open data for people (issue #13, item 7): the `/dados-abertos` page lists every
//! collection with its formats, licence, update frequency, examples and the OpenAPI link;
//! the menu points there; `?formato=csv-br` answers `;`-separated CSV with decimal comma.

use axum::http::StatusCode;
use store::auditoria::Autor;
use store::{Access, TenantTx, composicao};
use testkit::TestEnv;
use testkit::http::host_of;
use web::areas::dados_abertos::openapi::COLECOES;

#[tokio::test]
async fn the_open_data_page_lists_every_collection_and_the_menu_points_there() {
    let env = TestEnv::new().await;
    let t = env.camara("dados-abertos", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let inicio = app.get(&host, "/").await;
    assert!(
        inicio
            .body
            .contains("<a href=\"/dados-abertos\">Dados abertos</a>"),
        "{}",
        inicio.body
    );
    let r = app.get(&host, "/dados-abertos").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h1>Dados abertos</h1>"));
    for c in COLECOES {
        for link in [
            format!("href=\"{}?formato=csv-br&amp;itens=100\"", c.caminho),
            format!("href=\"{}?formato=csv&amp;itens=100\"", c.caminho),
            format!("href=\"{}?itens=5\"", c.caminho),
        ] {
            assert!(r.body.contains(&link), "{link} missing");
        }
        assert!(r.body.contains(c.resumo), "{}", c.resumo);
        // Every link on the page answers.
        let csv = app
            .get(&host, &format!("{}?formato=csv-br&itens=100", c.caminho))
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{}: {}", c.caminho, csv.body);
    }
    for texto in [
        "href=\"/api/v1/openapi.json\"",
        "CC BY 4.0",
        "Atualização",
        "ponto e vírgula",
    ] {
        assert!(r.body.contains(texto), "{texto} missing");
    }
}

#[tokio::test]
async fn csv_br_uses_semicolons_and_the_openapi_document_declares_it() {
    let env = TestEnv::new().await;
    let t = env.camara("csv-br", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    composicao::criar_partido(&mut tx, &Autor::cli("t"), "PCA", "Partido, da Câmara", None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/api/v1/partidos?formato=csv-br").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.header("content-type").starts_with("text/csv"));
    let corpo = r.body.trim_start_matches('\u{feff}');
    let mut linhas = corpo.lines();
    let cabecalho = linhas.next().unwrap();
    assert!(
        cabecalho.contains(';') && !cabecalho.contains(','),
        "{cabecalho}"
    );
    let linha = linhas.next().unwrap();
    assert!(linha.contains(";PCA;Partido, da Câmara;"), "{linha}");
    // The plain CSV stays as it was.
    let r = app.get(&host, "/api/v1/partidos?formato=csv").await;
    assert!(
        r.body.contains(",PCA,\"Partido, da Câmara\","),
        "{}",
        r.body
    );
    // Another word is refused, naming the three.
    let r = app.get(&host, "/api/v1/partidos?formato=xls").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("csv-br"), "{}", r.body);
    let doc = app.get(&host, "/api/v1/openapi.json").await;
    assert!(doc.body.contains("\"csv-br\""));
}
