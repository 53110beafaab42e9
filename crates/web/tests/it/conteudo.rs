//! Tests of conteudo: the admin of notícias and páginas (forms, uploads, permissions), the
//! public pages, the feeds, private files and the open data; and, in headless Chromium, an
//! editor publishing a notícia with an image.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conteudo::noticias::{self, NoticiaForm, Publicacao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, TestResponse, host_of, multipart};
use tower::ServiceExt;

/// GET returning the raw bytes and content type.
pub(crate) async fn baixar(
    app: &TestApp,
    host: &str,
    path: &str,
    cookie: Option<&str>,
) -> (StatusCode, String, Vec<u8>) {
    let mut req = axum::http::Request::builder()
        .uri(path)
        .header("host", host);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = app
        .router
        .clone()
        .oneshot(req.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    (status, ct, bytes.to_vec())
}

pub(crate) fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
}

pub(crate) const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// Creates a notícia through the store.
async fn noticia(
    env: &TestEnv,
    t: &store::infra::catalog::Tenant,
    titulo: &str,
    p: Publicacao,
) -> noticias::Noticia {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let n = noticias::criar(
        &mut tx,
        &Autor::cli("teste"),
        &NoticiaForm {
            titulo: titulo.into(),
            slug: String::new(),
            resumo: format!("Resumo de {titulo}"),
            corpo: format!("Corpo de **{titulo}**."),
            categoria: "sessoes".into(),
            tags: "teste".into(),
            capa_alt: String::new(),
            publicacao: p,
        }
        .validar(false)
        .unwrap(),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    n
}

#[tokio::test]
async fn an_editor_creates_edits_and_deletes_a_noticia_with_a_cover() {
    let env = TestEnv::new().await;
    let t = env.camara("not-crud", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let token = app.csrf(&host, &cookie).await;
    assert_eq!(
        app.get_as(&host, "/admin/noticias/nova", &cookie)
            .await
            .status,
        StatusCode::OK
    );
    // A noisy image: a large upload (above axum's default 2 MB body limit).
    let mut semente: u32 = 7;
    let ruido = image::RgbImage::from_fn(1920, 1080, |_, _| {
        semente = semente.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let b = semente.to_be_bytes();
        image::Rgb([b[0], b[1], b[2]])
    });
    let mut capa = Vec::new();
    image::DynamicImage::ImageRgb8(ruido)
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut capa, 90,
        ))
        .unwrap();
    assert!(
        capa.len() > 2 * 1024 * 1024 && capa.len() < 5 * 1024 * 1024,
        "{}",
        capa.len()
    );
    let campos = [
        ("titulo", "Câmara aprova o Plano Diretor"),
        ("slug", ""),
        ("resumo", "Votação em dois turnos."),
        (
            "corpo",
            "O **Plano Diretor** foi aprovado.\n\n<script>alert(1)</script>",
        ),
        ("categoria", "legislativo"),
        ("tags", "plano diretor, urbanismo"),
        ("capa_alt", "Plenário lotado durante a votação"),
        ("acao", "publicar"),
    ];
    // Without the token in the action, the upload is refused.
    let TestResponse { status, .. } = app
        .post_multipart_as(
            &host,
            "/admin/noticias",
            &cookie,
            multipart(&campos, &[("capa", "capa.jpg", "image/jpeg", &capa)]),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let TestResponse {
        status,
        location,
        body,
        ..
    } = app
        .post_multipart_as(
            &host,
            &format!("/admin/noticias?_csrf={token}"),
            &cookie,
            multipart(&campos, &[("capa", "capa.jpg", "image/jpeg", &capa)]),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(location.starts_with("/admin/noticias/"), "{location}");
    let editar = location.split('?').next().unwrap().to_owned();

    // Public: in the list with its cover and alt text, the article with OpenGraph tags.
    let lista = app.get(&host, "/noticias").await;
    assert!(
        lista.body.contains("Câmara aprova o Plano Diretor"),
        "{}",
        lista.body
    );
    assert!(
        lista
            .body
            .contains("src=\"/noticias/camara-aprova-o-plano-diretor/capa\"")
    );
    assert!(
        lista
            .body
            .contains("alt=\"Plenário lotado durante a votação\"")
    );
    assert!(
        lista
            .body
            .contains("rel=\"alternate\" type=\"application/rss+xml\"")
    );
    let artigo = app
        .get(&host, "/noticias/camara-aprova-o-plano-diretor")
        .await;
    assert_eq!(artigo.status, StatusCode::OK);
    assert!(artigo.body.contains("<strong>Plano Diretor</strong>"));
    assert!(
        !artigo.body.contains("<script>alert"),
        "the body is sanitised"
    );
    assert!(
        artigo
            .body
            .contains("<meta property=\"og:title\" content=\"Câmara aprova o Plano Diretor\">"),
        "{}",
        artigo.body
    );
    assert!(
        artigo
            .body
            .contains("<meta property=\"og:description\" content=\"Votação em dois turnos.\">")
    );
    assert!(artigo.body.contains(&format!(
        "<meta property=\"og:image\" content=\"http://{host}/noticias/camara-aprova-o-plano-diretor/capa\">"
    )));
    let (status, ct, bytes) = baixar(
        &app,
        &host,
        "/noticias/camara-aprova-o-plano-diretor/capa",
        None,
    )
    .await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "image/jpeg"));
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (1600, 900),
        "resized to 1600 px"
    );

    // Back to draft: gone from the public side (cover included), still in the admin.
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("{editar}?_csrf={token}"),
            &cookie,
            multipart(
                &[
                    ("titulo", "Câmara aprova o Plano Diretor"),
                    ("slug", "plano-diretor"),
                    ("resumo", "Votação em dois turnos."),
                    ("corpo", "Texto revisto."),
                    ("categoria", "legislativo"),
                    ("tags", ""),
                    ("capa_alt", "Plenário lotado durante a votação"),
                    ("acao", "rascunho"),
                ],
                &[],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    for path in [
        "/noticias/plano-diretor",
        "/noticias/plano-diretor/capa",
        "/noticias/camara-aprova-o-plano-diretor",
    ] {
        assert_eq!(
            app.get(&host, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert!(
        !app.get(&host, "/noticias")
            .await
            .body
            .contains("Plano Diretor")
    );
    let (status, ct, _) = baixar(&app, &host, &format!("{editar}/capa"), Some(&cookie)).await;
    assert_eq!(
        (status, ct.as_str()),
        (StatusCode::OK, "image/jpeg"),
        "editors see the draft's cover"
    );
    let (status, _, _) = baixar(&app, &host, &format!("{editar}/capa"), None).await;
    assert_ne!(status, StatusCode::OK, "visitors do not");
    let previa = app
        .get_as(&host, &format!("{editar}/previa"), &cookie)
        .await;
    assert!(previa.body.contains("Pré-visualização") && previa.body.contains("Texto revisto."));
    let admin = app
        .get_as(&host, "/admin/noticias?situacao=rascunho&q=plano", &cookie)
        .await;
    assert!(
        admin.body.contains("Câmara aprova o Plano Diretor"),
        "{}",
        admin.body
    );
    let publicadas = app
        .get_as(&host, "/admin/noticias?situacao=publicada", &cookie)
        .await;
    assert!(!publicadas.body.contains("Câmara aprova o Plano Diretor"));

    // Delete, after a confirmation page.
    let confirmar = app
        .get_as(&host, &format!("{editar}/excluir"), &cookie)
        .await;
    assert!(
        confirmar.body.contains("será excluída"),
        "{}",
        confirmar.body
    );
    let apagar = app
        .send(
            Method::POST,
            &host,
            &format!("{editar}/excluir"),
            &[("cookie", &cookie)],
            &format!("_csrf={token}"),
        )
        .await;
    assert_eq!(apagar.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as(&host, &editar, &cookie).await.status,
        StatusCode::NOT_FOUND
    );

    // Every write audited.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let acoes: Vec<String> = sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'noticia' ORDER BY em",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(acoes, ["criar", "editar", "excluir"]);
}

#[tokio::test]
async fn the_form_explains_its_errors_in_portuguese() {
    let env = TestEnv::new().await;
    let t = env.camara("not-erros", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let token = app.csrf(&host, &cookie).await;
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("/admin/noticias?_csrf={token}"),
            &cookie,
            multipart(
                &[
                    ("titulo", "x"),
                    ("categoria", "legislativo"),
                    ("capa_alt", ""),
                    ("data", "31/02/2026"),
                    ("hora", "25:00"),
                    ("acao", "agendar"),
                ],
                &[("capa", "capa.jpg", "image/jpeg", &jpeg(64, 64))],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "Informe o título (ao menos 3 caracteres).",
        "Descreva a imagem de capa",
        // Both fields of the scheduling are refused at once, each with its own message.
        "31/02/2026",
        "Use o formato dd/mm/aaaa.",
        "Hora inválida",
    ] {
        assert!(body.contains(msg), "{msg}: {body}");
    }
    // Not an image.
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("/admin/noticias?_csrf={token}"),
            &cookie,
            multipart(
                &[
                    ("titulo", "Título válido"),
                    ("categoria", "eventos"),
                    ("capa_alt", "Descrição"),
                    ("acao", "publicar"),
                ],
                &[("capa", "capa.jpg", "image/jpeg", b"texto qualquer")],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("não é uma imagem PNG, JPEG ou WebP"),
        "{body}"
    );
    // A cover above 5 MB is refused with a message.
    let mut grande = jpeg(32, 32);
    grande.resize(5 * 1024 * 1024 + 10, 0);
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("/admin/noticias?_csrf={token}"),
            &cookie,
            multipart(
                &[
                    ("titulo", "Título válido"),
                    ("categoria", "eventos"),
                    ("capa_alt", "Descrição"),
                    ("acao", "publicar"),
                ],
                &[("capa", "capa.jpg", "image/jpeg", &grande)],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("no máximo 5 MB"), "{body}");
    // Nothing was written.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (_, total) = noticias::listar_admin(&mut tx, &Default::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 0);
}

#[tokio::test]
async fn an_operador_cannot_edit_content() {
    let env = TestEnv::new().await;
    let t = env.camara("not-oper", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Operador).await;
    for path in ["/admin/noticias", "/admin/noticias/nova", "/admin/paginas"] {
        assert_eq!(
            app.get_as(&host, path, &cookie).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // Without a session: to the login page.
    let anon = app.get(&host, "/admin/noticias").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    assert!(anon.location.starts_with("/admin/login"));
}

#[tokio::test]
async fn feeds_carry_the_published_noticias_only() {
    let env = TestEnv::new().await;
    let t = env.camara("not-feed", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    noticia(
        &env,
        &t,
        "Sessão aprova projeto & emenda <especial>",
        Publicacao::Agora,
    )
    .await;
    noticia(&env, &t, "Rascunho secreto", Publicacao::Rascunho).await;
    let futuro = time::OffsetDateTime::now_utc() + time::Duration::days(2);
    let agendada = noticia(
        &env,
        &t,
        "Notícia agendada",
        Publicacao::Agendada(time::PrimitiveDateTime::new(futuro.date(), futuro.time())),
    )
    .await;

    let rss = app.get(&host, "/noticias/feed.rss").await;
    assert_eq!(rss.status, StatusCode::OK);
    assert!(rss.content_type.starts_with("application/rss+xml"));
    let canal = rss::Channel::read_from(rss.body.as_bytes()).expect("well-formed RSS");
    let titulos: Vec<_> = canal.items.iter().filter_map(|i| i.title.clone()).collect();
    assert_eq!(titulos, ["Sessão aprova projeto & emenda <especial>"]);
    let link = canal.items[0].link.clone().unwrap();
    assert_eq!(
        link,
        format!("http://{host}/noticias/sessao-aprova-projeto-emenda-especial")
    );

    let atom = app.get(&host, "/noticias/feed.atom").await;
    assert_eq!(atom.status, StatusCode::OK);
    assert!(atom.content_type.starts_with("application/atom+xml"));
    let feed = atom_syndication::Feed::read_from(atom.body.as_bytes()).expect("well-formed Atom");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(
        feed.entries[0].title.value,
        "Sessão aprova projeto & emenda <especial>"
    );
    assert!(!atom.body.contains("Rascunho secreto") && !atom.body.contains("agendada"));

    // The scheduled one is nowhere to be seen until its time.
    assert_eq!(
        app.get(&host, &format!("/noticias/{}", agendada.slug))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.get(&host, "/noticias")
            .await
            .body
            .contains("Notícia agendada")
    );
    assert!(
        !app.get(&host, "/api/v1/noticias")
            .await
            .body
            .contains("agendada")
    );
}

#[tokio::test]
async fn open_data_lists_published_noticias_in_json_and_csv() {
    let env = TestEnv::new().await;
    let t = env.camara("not-api", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    // Written by a user with an e-mail, which must not leak.
    let (editor, cookie) = logged_in(&env.store, &t, Papel::Editor).await;
    let token = app.csrf(&host, &cookie).await;
    let TestResponse { status, .. } = app
        .post_multipart_as(
            &host,
            &format!("/admin/noticias?_csrf={token}"),
            &cookie,
            multipart(
                &[
                    ("titulo", "Primeira notícia"),
                    ("categoria", "eventos"),
                    ("tags", "a, b"),
                    ("acao", "publicar"),
                ],
                &[],
            ),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    noticia(&env, &t, "Segunda notícia", Publicacao::Agora).await;
    noticia(&env, &t, "Rascunho da API", Publicacao::Rascunho).await;

    let json = app.get(&host, "/api/v1/noticias?itens=1").await;
    assert_eq!(json.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(v["dados"].as_array().unwrap().len(), 1);
    assert_eq!(v["dados"][0]["titulo"], "Segunda notícia");
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let v2: serde_json::Value = serde_json::from_str(&app.get(&host, &next).await.body).unwrap();
    assert_eq!(v2["dados"][0]["titulo"], "Primeira notícia");
    assert_eq!(v2["dados"][0]["tags"], "a; b");
    assert_eq!(v2["dados"][0]["autor"], editor.nome.as_str());
    assert!(!json.body.contains(&editor.email) && !v2.to_string().contains(&editor.email));

    let csv = app
        .get(&host, "/api/v1/noticias?formato=csv&itens=100")
        .await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(
        csv.body
            .contains("id,slug,titulo,resumo,corpo,categoria,tags"),
        "{}",
        csv.body
    );
    assert!(csv.body.contains("Primeira notícia") && csv.body.contains("Segunda notícia"));
    assert!(!csv.body.contains("Rascunho da API"));
    assert_eq!(
        app.get(&host, "/api/v1/noticias?cursor=xyz").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_publishes_a_noticia_with_an_image_in_the_browser() {
    let env = TestEnv::new().await;
    let t = env.camara("not-nav", "pool").await;
    let Some(nav) = testkit::browser::Navegador::abrir(&env).await else {
        return;
    };
    nav.entrar(&env, &t, Papel::Editor).await;
    let base = nav.base(&t);
    let arquivo = std::env::temp_dir().join(format!("{}.jpg", testkit::unique("capa")));
    std::fs::write(&arquivo, jpeg(900, 500)).unwrap();

    nav.client
        .goto(&format!("{base}/admin/noticias/nova"))
        .await
        .unwrap();
    nav.esperar("#titulo").await;
    nav.preencher("titulo", "Vereadores aprovam reforma da praça")
        .await;
    nav.preencher("resumo", "A praça central será reformada em 2027.")
        .await;
    nav.preencher("corpo", "A obra foi **aprovada** por unanimidade.")
        .await;
    nav.definir("categoria", "legislativo").await;
    nav.preencher("capa_alt", "Praça central vista de cima")
        .await;
    nav.client
        .find(fantoccini::Locator::Id("capa"))
        .await
        .unwrap()
        .send_keys(arquivo.to_str().unwrap())
        .await
        .unwrap();
    nav.clicar("button[value=publicar]").await;
    nav.esperar("p.sucesso").await;
    assert!(nav.texto().await.contains("Notícia salva."));

    nav.client.goto(&format!("{base}/noticias")).await.unwrap();
    let img = nav.esperar("img[alt='Praça central vista de cima']").await;
    // The cover really loads in the browser (waits for the image's load event).
    let largura = nav
        .client
        .execute_async(
            "const img = arguments[0], done = arguments[arguments.length - 1];
             if (img.complete && img.naturalWidth > 0) { done(img.naturalWidth); }
             else { img.loading = 'eager'; img.onload = () => done(img.naturalWidth); img.onerror = () => done(-1); }",
            vec![serde_json::to_value(&img).unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(largura.as_u64(), Some(900));
    nav.clicar("h2 a").await;
    nav.esperar("article.noticia").await;
    assert!(
        nav.texto()
            .await
            .contains("A obra foi aprovada por unanimidade.")
    );
    nav.fechar().await;
    let _ = std::fs::remove_file(&arquivo);

    let rss = env.app().get(&host_of(&t), "/noticias/feed.rss").await;
    let canal = rss::Channel::read_from(rss.body.as_bytes()).unwrap();
    assert_eq!(
        canal.items.first().and_then(|i| i.title.as_deref()),
        Some("Vereadores aprovam reforma da praça")
    );
}

#[tokio::test]
async fn multipart_text_fields_follow_the_text_rule_instead_of_being_saved_lossily() {
    let env = TestEnv::new().await;
    let t = env.camara("not-bytes", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let token = app.csrf(&host, &cookie).await;
    for titulo in ["Título com \u{0} nulo", "Título com \u{7} sino"] {
        let TestResponse { status, body, .. } = app
            .post_multipart_as(
                &host,
                &format!("/admin/noticias?_csrf={token}"),
                &cookie,
                multipart(
                    &[
                        ("titulo", titulo),
                        ("categoria", "legislativo"),
                        ("corpo", "Texto"),
                        ("acao", "rascunho"),
                    ],
                    &[],
                ),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("Um campo do formulário contém"), "{body}");
    }
    // Invalid UTF-8 in a text field: refused, not saved with replacement characters.
    let (tipo, mut corpo) = multipart(&[("categoria", "legislativo"), ("acao", "rascunho")], &[]);
    let boundary = tipo.split("boundary=").nth(1).unwrap();
    let campo = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"titulo\"\r\n\r\n");
    let mut invalido = campo.into_bytes();
    invalido.extend_from_slice(b"T\xc3\x28tulo quebrado\r\n");
    invalido.append(&mut corpo);
    let TestResponse { status, body, .. } = app
        .post_multipart_as(
            &host,
            &format!("/admin/noticias?_csrf={token}"),
            &cookie,
            (tipo.clone(), invalido),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM app.noticia WHERE tenant_id = $1")
        .bind(t.id)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(n, 0, "nothing saved");
}
