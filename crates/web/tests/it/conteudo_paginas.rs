//! Tests of the páginas institucionais: the default pages, the admin's form and preview,
//! the attachments (checked by content, served by publication) and the deletion.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestResponse, host_of, multipart};

use crate::conteudo::{PDF, baixar};

#[tokio::test]
async fn pages_and_their_attachments_follow_publication() {
    let env = TestEnv::new().await;
    let t = env.camara("pag-web", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let token = app.csrf(&host, &cookie).await;

    // Default pages: "sobre" public, "regimento-interno" a draft.
    assert_eq!(
        app.get(&host, "/institucional/sobre").await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&host, "/institucional/regimento-interno")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let lista = app.get_as(&host, "/admin/paginas", &cookie).await;
    let id = lista
        .body
        .split("href=\"/admin/paginas/")
        .filter_map(|r| r.split('"').next())
        .find(|h| h.len() == 36)
        .map(str::to_owned);
    assert!(id.is_some(), "{}", lista.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let regimento = store::conteudo::paginas::por_slug(&mut tx, "regimento-interno", false)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    let pagina = format!("/admin/paginas/{}", regimento.id);

    // An attachment of another type is refused; a PDF is accepted.
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("{pagina}/anexos?_csrf={token}"),
            &cookie,
            multipart(
                &[("titulo", "Página da web")],
                &[("arquivo", "x.pdf", "application/pdf", b"<html></html>")],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Tipo de arquivo não aceito"), "{body}");
    // Over 20 MB: refused with a message, above axum's default 2 MB form limit.
    let mut enorme = PDF.to_vec();
    enorme.resize(21 * 1024 * 1024, b' ');
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("{pagina}/anexos?_csrf={token}"),
            &cookie,
            multipart(
                &[("titulo", "Enorme")],
                &[("arquivo", "enorme.pdf", "application/pdf", &enorme)],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("20 MB"), "{body}");
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("{pagina}/anexos?_csrf={token}"),
            &cookie,
            multipart(
                &[("titulo", "Regimento Interno (texto consolidado)")],
                &[("arquivo", "regimento.pdf", "application/pdf", PDF)],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let editar = app.get_as(&host, &pagina, &cookie).await;
    let anexo_id = editar
        .body
        .split("href=\"/admin/paginas/anexos/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let mut grande = PDF.to_vec();
    grande.resize(3 * 1024 * 1024, b' ');
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("{pagina}/anexos?_csrf={token}"),
            &cookie,
            multipart(
                &[("titulo", "Anexo de 3 MB")],
                &[("arquivo", "grande.pdf", "application/pdf", &grande)],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(
        app.get_as(&host, &pagina, &cookie)
            .await
            .body
            .contains("3,0 MB")
    );

    // The page is a draft: its attachment is not served to visitors, only to editors.
    let publico = format!("/institucional/anexos/{anexo_id}");
    assert_eq!(
        baixar(&app, &host, &publico, None).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, ct, bytes) = baixar(
        &app,
        &host,
        &format!("/admin/paginas/anexos/{anexo_id}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(
        (status, ct.as_str(), bytes.as_slice()),
        (StatusCode::OK, "application/pdf", PDF)
    );
    assert_ne!(
        baixar(
            &app,
            &host,
            &format!("/admin/paginas/anexos/{anexo_id}"),
            None
        )
        .await
        .0,
        StatusCode::OK
    );

    // Published (with validation first): the page lists it with type and size.
    let invalido = app
        .send(
            Method::POST,
            &host,
            &pagina,
            &[("cookie", &cookie)],
            &format!("_csrf={token}&titulo=R&corpo=&ordem=abc"),
        )
        .await;
    assert_eq!(invalido.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        invalido.body.contains("Informe o título")
            && invalido.body.contains("A ordem é um número de 0 a 1000.")
    );
    let salvar = app
        .send(
            Method::POST,
            &host,
            &pagina,
            &[("cookie", &cookie)],
            &format!("_csrf={token}&titulo=Regimento+Interno&slug=regimento-interno&corpo=Aprovado+em+**1990**.&ordem=30&publicada=1"),
        )
        .await;
    assert_eq!(salvar.status, StatusCode::SEE_OTHER, "{}", salvar.body);
    let pub_page = app.get(&host, "/institucional/regimento-interno").await;
    assert_eq!(pub_page.status, StatusCode::OK);
    assert!(pub_page.body.contains("<strong>1990</strong>"));
    assert!(
        pub_page
            .body
            .contains("Regimento Interno (texto consolidado)</a> (PDF,"),
        "{}",
        pub_page.body
    );
    assert!(
        app.get(&host, "/institucional")
            .await
            .body
            .contains("href=\"/institucional/regimento-interno\"")
    );
    let (status, ct, _) = baixar(&app, &host, &publico, None).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "application/pdf"));

    // A new page, then the attachment removed after confirmation.
    let nova = app
        .send(
            Method::POST,
            &host,
            "/admin/paginas",
            &[("cookie", &cookie)],
            &format!("_csrf={token}&titulo=Ouvidoria&corpo=Fale+conosco&ordem=70&publicada=1"),
        )
        .await;
    assert_eq!(nova.status, StatusCode::SEE_OTHER, "{}", nova.body);
    assert_eq!(
        app.get(&host, "/institucional/ouvidoria").await.status,
        StatusCode::OK
    );
    let dup = app
        .send(
            Method::POST,
            &host,
            "/admin/paginas",
            &[("cookie", &cookie)],
            &format!("_csrf={token}&titulo=Ouvidoria&corpo=&ordem=1"),
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dup.body.contains("Já existe uma página com esse endereço"),
        "{}",
        dup.body
    );
    let conf = app
        .get_as(
            &host,
            &format!("/admin/paginas/anexos/{anexo_id}/excluir"),
            &cookie,
        )
        .await;
    assert!(conf.body.contains("será retirado da página"));
    let rem = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/paginas/anexos/{anexo_id}/excluir"),
            &[("cookie", &cookie)],
            &format!("_csrf={token}"),
        )
        .await;
    assert_eq!(rem.status, StatusCode::SEE_OTHER);
    assert_eq!(
        baixar(&app, &host, &publico, None).await.0,
        StatusCode::NOT_FOUND
    );

    // A page deleted after its confirmation page.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let ouvidoria = store::conteudo::paginas::por_slug(&mut tx, "ouvidoria", true)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    let excluir = format!("/admin/paginas/{}/excluir", ouvidoria.id);
    assert!(
        app.get_as(&host, &excluir, &cookie)
            .await
            .body
            .contains("Excluir página")
    );
    let r = app
        .send(
            Method::POST,
            &host,
            &excluir,
            &[("cookie", &cookie)],
            &format!("_csrf={token}"),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&host, "/institucional/ouvidoria").await.status,
        StatusCode::NOT_FOUND
    );
}
