//! Files kept across a refused form (`kit::multiparte::Retido`) in the forms that upload
//! one: the notícia's capa and the página's anexo (the brasão's, the photo's, the
//! proposição's anexo and the parecer's PDF are tested with their areas). A good file sent
//! beside a wrong field is kept, named in the page, and used when the form comes back
//! without it; the fields are shown as typed.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::conteudo::{noticias, paginas};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{host_of, multipart};
use uuid::Uuid;

use crate::conteudo::{PDF, jpeg};

#[tokio::test]
async fn a_good_cover_image_survives_a_refused_noticia() {
    let env = TestEnv::new().await;
    let t = env.camara("capa-retida", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let path = format!("/admin/noticias?_csrf={}", app.csrf(&host, &cookie).await);
    let campos = |alt: &'static str| {
        vec![
            ("titulo", "Sessão solene"),
            ("categoria", "eventos"),
            ("corpo", "Texto da notícia"),
            ("capa_alt", alt),
            ("acao", "rascunho"),
        ]
    };

    // The capa without its description: refused, the image kept.
    let imagem = jpeg(64, 48);
    let r = app
        .post_multipart_as(
            &host,
            &path,
            &cookie,
            multipart(
                &campos(""),
                &[("capa", "solene.jpg", "image/jpeg", &imagem)],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Descreva a imagem de capa"), "{}", r.body);
    assert!(
        r.body
            .contains("O arquivo escolhido (solene.jpg) foi guardado"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"Sessão solene\""), "{}", r.body);
    let token = r.field("capa_retido").expect("the kept capa's token");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let filtro = noticias::FiltroAdmin {
        busca: Some("Sessão solene".into()),
        situacao: None,
    };
    assert_eq!(
        noticias::listar_admin(&mut tx, &filtro, 10, 0)
            .await
            .unwrap()
            .1,
        0
    );
    drop(tx);

    // Described and sent back without the file: saved with the kept image; sent again,
    // the used-up token brings no image (the notícia is saved without).
    let mut de_novo = campos("Plenário em sessão solene");
    de_novo.push(("capa_retido", &token));
    let mut capas = Vec::new();
    for titulo in ["Sessão solene", "Sessão solene de posse"] {
        de_novo[0] = ("titulo", titulo);
        let r = app
            .post_multipart_as(&host, &path, &cookie, multipart(&de_novo, &[]))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let id: Uuid = r
            .location
            .trim_start_matches("/admin/noticias/")
            .split('?')
            .next()
            .and_then(|s| s.parse().ok())
            .expect("the new notícia's id");
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        capas.push(
            noticias::por_id(&mut tx, id)
                .await
                .unwrap()
                .unwrap()
                .capa_key,
        );
    }
    let key = capas[0].clone().expect("the capa saved");
    let salvo = env.store.arquivos().ler(t.id, &key).await.unwrap().unwrap();
    let img = image::load_from_memory(&salvo).unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));
    assert_eq!(capas[1], None);

    // Refused by the database (its slug is in use): the new image is kept as well.
    let r = app
        .post_multipart_as(
            &host,
            &path,
            &cookie,
            multipart(
                &campos("Plenário cheio"),
                &[("capa", "outra.jpg", "image/jpeg", &jpeg(32, 32))],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.field("capa_retido").is_some(), "{}", r.body);
    assert!(r.body.contains("(outra.jpg)"), "{}", r.body);
}

#[tokio::test]
async fn a_good_attachment_survives_a_refused_title() {
    let env = TestEnv::new().await;
    let t = env.camara("anexo-retido", "pool").await;
    let outra = env.camara("anexo-retido-b", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let csrf = app.csrf(&host, &cookie).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let regimento = paginas::por_slug(&mut tx, "regimento-interno", false)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    let path = format!("/admin/paginas/{}/anexos?_csrf={csrf}", regimento.id);

    // A title too long beside a good PDF: refused, the title shown as typed, the PDF kept.
    let longo = "T".repeat(201);
    let r = app
        .post_multipart_as(
            &host,
            &path,
            &cookie,
            multipart(
                &[("titulo", &longo)],
                &[("arquivo", "regimento.pdf", "application/pdf", PDF)],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("O anexo não foi enviado."), "{}", r.body);
    assert!(r.body.contains(&format!("value=\"{longo}\"")), "{}", r.body);
    let token = r.field("arquivo_retido").expect("the kept file's token");
    assert_eq!(
        r.field("arquivo_retido_nome").as_deref(),
        Some("regimento.pdf")
    );

    // Another câmara's form finds nothing with it.
    let (_, cookie_b) = logged_in(&env.store, &outra, Papel::Editor).await;
    let csrf_b = app.csrf(&host_of(&outra), &cookie_b).await;
    let mut tx = TenantTx::begin(&env.store, &outra, Access::Read)
        .await
        .unwrap();
    let regimento_b = paginas::por_slug(&mut tx, "regimento-interno", false)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    let r = app
        .post_multipart_as(
            &host_of(&outra),
            &format!("/admin/paginas/{}/anexos?_csrf={csrf_b}", regimento_b.id),
            &cookie_b,
            multipart(&[("titulo", "Regimento"), ("arquivo_retido", &token)], &[]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Escolha o arquivo a anexar."), "{}", r.body);

    // Corrected and sent back without the file: attached, with the name it was sent with.
    let r = app
        .post_multipart_as(
            &host,
            &path,
            &cookie,
            multipart(
                &[
                    ("titulo", "Regimento Interno"),
                    ("arquivo_retido", &token),
                    ("arquivo_retido_nome", "regimento.pdf"),
                ],
                &[],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let anexos = paginas::anexos(&mut tx, regimento.id).await.unwrap();
    drop(tx);
    assert_eq!(anexos.len(), 1);
    assert_eq!(
        (anexos[0].titulo.as_str(), anexos[0].nome_arquivo.as_str()),
        ("Regimento Interno", "regimento.pdf")
    );
    let mut tx = TenantTx::begin(&env.store, &outra, Access::Read)
        .await
        .unwrap();
    assert!(
        paginas::anexos(&mut tx, regimento_b.id)
            .await
            .unwrap()
            .is_empty()
    );
}
