//! The câmara's identity page: validation, permissions, audit, the theme's caching.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::{Access, TenantTx, auditoria, camara};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{host_of, multipart};

const VALIDO: &[(&str, &str)] = &[
    ("nome", "Câmara Municipal de Olinda"),
    ("endereco", "Rua de São Bento, 123"),
    ("cep", "53020080"),
    ("cnpj", "11.222.333/0001-81"),
    ("telefones", "(81) 3429-0000\n(81) 3429-0001"),
    ("email", "Contato@Olinda.example"),
    ("horario_atendimento", "8h às 14h"),
    ("cor_primaria", "#8A1538"),
    ("cor_secundaria", "#ffcc00"),
    ("fuso_horario", "America/Recife"),
    ("exigir_2fa", "on"),
];

#[tokio::test]
async fn an_administrator_edits_the_identity_and_the_change_is_audited() {
    let env = TestEnv::new().await;
    let t = env.camara("identid", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let page = app.get_as(&host, "/admin/configuracoes", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"previa\""));
    let csrf = page.field("_csrf").unwrap();

    // Bad input: every problem listed, nothing saved.
    let mut bad: Vec<(&str, &str)> = VALIDO.to_vec();
    bad.retain(|(k, _)| !matches!(*k, "cep" | "cnpj" | "cor_primaria"));
    bad.extend([
        ("cep", "123"),
        ("cnpj", "11.222.333/0001-82"),
        ("cor_primaria", "vermelho"),
    ]);
    let path = format!("/admin/configuracoes?_csrf={csrf}");
    let r = app
        .post_multipart_as(&host, &path, &cookie, multipart(&bad, &[]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "CEP inválido",
        "CNPJ inválido",
        "Cor primária inválida",
        "nada foi salvo",
    ] {
        assert!(r.body.contains(msg), "{msg}: {}", r.body);
    }
    assert!(
        r.body.contains("value=\"Rua de São Bento, 123\""),
        "keeps what was typed"
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert_eq!(
        camara::config(&mut tx).await.unwrap().unwrap().cor_primaria,
        "#0b4f8a"
    );
    drop(tx);

    let r = app
        .post_multipart_as(&host, &path, &cookie, multipart(VALIDO, &[]))
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/configuracoes?salvo=1")
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let c = camara::config(&mut tx).await.unwrap().unwrap();
    assert_eq!(
        (
            c.cep.as_str(),
            c.cnpj.as_str(),
            c.cor_primaria.as_str(),
            c.fuso_horario.as_str(),
            c.exigir_2fa
        ),
        (
            "53020-080",
            "11222333000181",
            "#8a1538",
            "America/Recife",
            true
        )
    );
    assert_eq!(c.telefones, vec!["(81) 3429-0000", "(81) 3429-0001"]);
    let (rows, _) = auditoria::listar(
        &mut tx,
        &auditoria::Filtro {
            entidade: Some("camara_config".into()),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].antes.as_ref().unwrap()["cor_primaria"], "#0b4f8a");
    assert_eq!(rows[0].depois.as_ref().unwrap()["cor_primaria"], "#8a1538");
    // The portal shows it.
    let home = app.get(&host, "/").await;
    assert!(home.body.contains("CEP 53020-080"), "{}", home.body);
    let css = app.get(&host, "/tema.css").await;
    assert!(css.body.contains("#8a1538"));
}

#[tokio::test]
async fn an_editor_sees_the_identity_but_cannot_change_it() {
    let env = TestEnv::new().await;
    let t = env.camara("identid-ed", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let page = app.get_as(&host, "/admin/configuracoes", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<fieldset disabled>"));
    let csrf = page.field("_csrf").unwrap();
    let path = format!("/admin/configuracoes?_csrf={csrf}");
    let r = app
        .post_multipart_as(&host, &path, &cookie, multipart(VALIDO, &[]))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (_, operador) = logged_in(&env.store, &t, Papel::Operador).await;
    assert_eq!(
        app.get_as(&host, "/admin/configuracoes", &operador)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_theme_is_revalidated_and_answers_304_when_unchanged() {
    let env = TestEnv::new().await;
    let t = env.camara("tema", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let first = app.get(&host, "/tema.css").await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = "\"0b4f8af2c230\"";
    let again = app
        .send(
            Method::GET,
            &host,
            "/tema.css",
            &[("if-none-match", etag)],
            "",
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    camara::update_cores(&mut tx, "#000000", "#ffffff")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let changed = app
        .send(
            Method::GET,
            &host,
            "/tema.css",
            &[("if-none-match", etag)],
            "",
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.body.contains("#000000"));
}

#[tokio::test]
async fn the_brasao_is_checked_resized_and_served_only_to_its_camara() {
    let env = TestEnv::new().await;
    let t = env.camara("brasao", "pool").await;
    let outra = env.camara("brasao-outra", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app
        .get_as(&host, "/admin/configuracoes", &cookie)
        .await
        .field("_csrf")
        .unwrap();
    assert_eq!(
        app.get(&host, "/brasao.png").await.status,
        StatusCode::NOT_FOUND
    );

    let png = png(800, 600);
    let path = format!("/admin/configuracoes?_csrf={csrf}");

    let brasao = multipart(VALIDO, &[("brasao", "brasao.png", "image/png", &png)]);
    let status = app
        .post_multipart_as(&host, "/admin/configuracoes", &cookie, brasao.clone())
        .await
        .status;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token");
    let texto = multipart(
        VALIDO,
        &[(
            "brasao",
            "brasao.png",
            "image/png",
            b"isto nao e uma imagem",
        )],
    );
    let r = app.post_multipart_as(&host, &path, &cookie, texto).await;
    let (status, page) = (r.status, r.body);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("não é uma imagem PNG, JPEG ou WebP"),
        "{page}"
    );
    let status = app
        .post_multipart_as(&host, &path, &cookie, brasao)
        .await
        .status;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let served = app.get(&host, "/brasao.png").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.content_type, "image/png");
    let home = app.get(&host, "/").await;
    assert!(home.body.contains("src=\"/brasao.png\""), "{}", home.body);
    // Re-encoded, at most 512 pixels on its longer side.
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .uri("/brasao.png")
        .header("host", &host)
        .body(axum::body::Body::empty())
        .unwrap();
    let bytes = http_body_util::BodyExt::collect(
        app.router.clone().oneshot(req).await.unwrap().into_body(),
    )
    .await
    .unwrap()
    .to_bytes();
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (512, 384));
    // Another câmara has none; nor can it read this one's file by key.
    assert_eq!(
        app.get(&host_of(&outra), "/brasao.png").await.status,
        StatusCode::NOT_FOUND
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let key = camara::config(&mut tx)
        .await
        .unwrap()
        .unwrap()
        .brasao_key
        .unwrap();
    assert!(
        key.starts_with(&format!("camaras/{}/brasao/", t.id)),
        "{key}"
    );
    assert!(
        env.store
            .arquivos()
            .ler(outra.id, &key)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        env.store
            .arquivos()
            .ler(t.id, &key)
            .await
            .unwrap()
            .is_some()
    );
}

/// The valid form without "exigir 2FA", so the same session can go on posting.
fn sem_2fa() -> Vec<(&'static str, &'static str)> {
    VALIDO
        .iter()
        .filter(|(k, _)| *k != "exigir_2fa")
        .copied()
        .collect()
}

/// A PNG with a gradient, `largura` × `altura` pixels.
fn png(largura: u32, altura: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(largura, altura, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn brasao_key(env: &TestEnv, t: &store::infra::catalog::Tenant) -> Option<String> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    camara::config(&mut tx).await.unwrap().unwrap().brasao_key
}

#[tokio::test]
async fn one_form_saves_identity_and_brasao_and_keeps_the_brasao_across_a_refusal() {
    let env = TestEnv::new().await;
    let t = env.camara("brasao-retido", "pool").await;
    let outra = env.camara("brasao-retido-b", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app
        .get_as(&host, "/admin/configuracoes", &cookie)
        .await
        .field("_csrf")
        .unwrap();
    let path = format!("/admin/configuracoes?_csrf={csrf}");
    let imagem = png(64, 64);

    // A wrong CEP beside a good brasão: nothing saved, the brasão kept for the next try.
    let mut bad: Vec<(&str, &str)> = sem_2fa().into_iter().filter(|(k, _)| *k != "cep").collect();
    bad.push(("cep", "123"));
    let r = app
        .post_multipart_as(
            &host,
            &path,
            &cookie,
            multipart(&bad, &[("brasao", "meu-brasao.png", "image/png", &imagem)]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("CEP inválido"), "{}", r.body);
    assert!(
        r.body
            .contains("O arquivo escolhido (meu-brasao.png) foi guardado"),
        "{}",
        r.body
    );
    let token = r
        .field("brasao_retido")
        .expect("the retained brasão's token");
    assert_eq!(brasao_key(&env, &t).await, None, "nothing saved");

    // The token names nothing in another câmara, nor does a forged one.
    let (_, cookie_b) = logged_in(&env.store, &outra, Papel::Admin).await;
    let csrf_b = app
        .get_as(&host_of(&outra), "/admin/configuracoes", &cookie_b)
        .await
        .field("_csrf")
        .unwrap();
    let path_b = format!("/admin/configuracoes?_csrf={csrf_b}");
    for falso in [token.as_str(), "../../1/brasao/x.png", "nao-e-um-token"] {
        let mut campos = sem_2fa();
        campos.push(("brasao_retido", falso));
        let r = app
            .post_multipart_as(
                &host_of(&outra),
                &path_b,
                &cookie_b,
                multipart(&campos, &[]),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{falso}");
        assert_eq!(brasao_key(&env, &outra).await, None, "{falso}");
    }

    // Corrected and sent without choosing the file again: both saved.
    let mut campos = sem_2fa();
    campos.push(("brasao_retido", &token));
    let r = app
        .post_multipart_as(&host, &path, &cookie, multipart(&campos, &[]))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let key = brasao_key(&env, &t).await.expect("the brasão saved");
    let salvo = env.store.arquivos().ler(t.id, &key).await.unwrap().unwrap();
    let decoded = image::load_from_memory(&salvo).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (64, 64));
    // The token was used up: sent again, it adds nothing.
    let r = app
        .post_multipart_as(&host, &path, &cookie, multipart(&campos, &[]))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(brasao_key(&env, &t).await, Some(key), "the same brasão");
}

#[tokio::test]
async fn the_primary_colour_shows_its_contrast_and_warns_when_it_is_low() {
    let env = TestEnv::new().await;
    let t = env.camara("contraste-cor", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let page = app.get_as(&host, "/admin/configuracoes", &cookie).await;
    // The default #0b4f8a against white.
    assert!(
        page.body.contains("Contraste com o texto branco: 8,4:1"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("contraste-baixo"));
    let csrf = page.field("_csrf").unwrap();
    let mut campos: Vec<(&str, &str)> = sem_2fa()
        .into_iter()
        .filter(|(k, _)| *k != "cor_primaria")
        .collect();
    campos.push(("cor_primaria", "#ffcc00"));
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/configuracoes?_csrf={csrf}"),
            &cookie,
            multipart(&campos, &[]),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "saved: a warning, not a refusal"
    );
    let page = app.get_as(&host, "/admin/configuracoes", &cookie).await;
    assert!(
        page.body
            .contains("Contraste baixo com o texto branco: 1,5:1; o mínimo do WCAG AA é 4,5:1."),
        "{}",
        page.body
    );
    assert!(page.body.contains("contraste-baixo"));
}
