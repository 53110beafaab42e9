//! The norma to print and to keep: the printable view without the portal's chrome, the
//! portal page's print stylesheet, the PDF of the compiled text (and of the text in force
//! on a date), linked from the norma's page and from its oai_lexml record; another
//! câmara's norma is not found.

use axum::http::StatusCode;
use domain::normas::TipoVinculo;
use store::auditoria::Autor;
use store::normas::NovoVinculo;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::normas::dados;
use testkit::http::host_of;
use time::macros::date;

const TEXTO: &str = "Art. 1º Fica criado o programa de hortas.\nArt. 2º O programa terá:\n\
I – hortas escolares;\nII – feiras livres.\nArt. 3º Esta Lei entra em vigor na data de sua publicação.";

/// The PDF's text, read back with lopdf.
fn texto_pdf(raw: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(raw).expect("a valid PDF");
    let paginas: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&paginas).unwrap()
}

fn mostra(texto: &str, s: &str) -> bool {
    texto.contains(s)
}

#[tokio::test]
async fn the_printable_view_and_the_pdf_of_the_compiled_text() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-impressao", "pool").await;
    let outra = env.camara("normas-impressao-b", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let base = store::normas::criar(
        &mut tx,
        &autor,
        &dados(
            lo,
            "Cria o programa municipal de hortas".into(),
            TEXTO.into(),
            date!(2020 - 02 - 10),
        ),
    )
    .await
    .unwrap();
    let alteradora = store::normas::criar(
        &mut tx,
        &autor,
        &dados(
            lo,
            "Altera o programa municipal de hortas".into(),
            "Art. 1º Altera.".into(),
            date!(2022 - 03 - 05),
        ),
    )
    .await
    .unwrap();
    store::normas::vinculos::adicionar(
        &mut tx,
        &autor,
        alteradora,
        &NovoVinculo {
            alvo_id: base,
            tipo: TipoVinculo::Revoga,
            dispositivo: Some("art2_inc2".into()),
            texto_novo: String::new(),
            vigencia: date!(2022 - 03 - 05),
            observacao: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);

    // The norma's page links both and prints with its own stylesheet.
    let r = app.get(&host, &format!("/legislativo/normas/{base}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains(&format!("href=\"/legislativo/normas/{base}/texto.pdf\""))
    );
    assert!(
        r.body
            .contains(&format!("href=\"/legislativo/normas/{base}/impressao\""))
    );
    assert!(
        r.body
            .contains("media=\"print\" href=\"/static/normas-impressao.css\"")
    );
    let css = app.get(&host, "/static/normas-impressao.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type.starts_with("text/css"));
    assert!(css.body.contains("@media print") && css.body.contains("header.topo"));
    let r = app
        .get(
            &host,
            &format!("/legislativo/normas/{base}?vigente-em=01/01/2021"),
        )
        .await;
    assert!(r.body.contains(&format!(
        "/legislativo/normas/{base}/texto.pdf?vigente-em=01/01/2021"
    )));

    // The printable view: the text and its notes, none of the portal's chrome.
    let r = app
        .get(&host, &format!("/legislativo/normas/{base}/impressao"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("Lei Ordinária nº 1, de 10/02/2020"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Fica criado o programa de hortas."));
    assert!(r.body.contains("Revogado pela"), "the revogação noted");
    assert!(r.body.contains("href=\"/static/normas-impressao.css\""));
    assert!(
        !r.body.contains("/static/plenario.css"),
        "no portal stylesheet"
    );
    assert!(
        !r.body.contains("class=\"topo\"") && !r.body.contains("accesskey"),
        "no chrome"
    );

    // The PDF: the compiled text with the note; the text of 2021 without it.
    let r = app
        .get(&host, &format!("/legislativo/normas/{base}/texto.pdf"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "application/pdf");
    assert!(r.header("content-disposition").contains("lo-1-2020.pdf"));
    assert!(r.body.starts_with("%PDF-"));
    let pdf = texto_pdf(
        &crate::protocolo::baixar(
            &app,
            &host,
            &format!("/legislativo/normas/{base}/texto.pdf"),
            "",
        )
        .await,
    );
    assert!(mostra(&pdf, "Lei Ordinária nº 1, de 10/02/2020"), "{pdf}");
    assert!(mostra(&pdf, "Fica criado o programa de hortas."));
    assert!(mostra(&pdf, "Texto compilado"));
    assert!(mostra(&pdf, "Revogado pela"), "the note of the revogação");
    let r = app
        .get(
            &host,
            &format!("/legislativo/normas/{base}/texto.pdf?vigente-em=01/01/2021"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let em_2021 = texto_pdf(
        &crate::protocolo::baixar(
            &app,
            &host,
            &format!("/legislativo/normas/{base}/texto.pdf?vigente-em=01/01/2021"),
            "",
        )
        .await,
    );
    assert!(
        mostra(&em_2021, "Texto em vigor em 01/01/2021"),
        "{em_2021}"
    );
    assert!(
        !mostra(&em_2021, "Revogado pela"),
        "not yet revoked in 2021"
    );
    assert!(mostra(&em_2021, "II – feiras livres."));

    // The oai_lexml record points at the PDF as its content.
    let r = app
        .get(
            &host,
            &format!("/oai?verb=GetRecord&metadataPrefix=oai_lexml&identifier=oai:{host}:plenario/norma/{base}"),
        )
        .await;
    assert!(
        r.body
            .contains("tipo=\"conteudo\" formato=\"application/pdf\"")
            && r.body
                .contains(&format!("/legislativo/normas/{base}/texto.pdf</Item>")),
        "{}",
        r.body
    );

    // Another câmara's norma is not found.
    let b = host_of(&outra);
    for caminho in ["texto.pdf", "impressao"] {
        let r = app
            .get(&b, &format!("/legislativo/normas/{base}/{caminho}"))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{caminho}");
    }
}
