//! The admin of the composition over HTTP: legislaturas, partidos, parlamentares (photo,
//! CPF), mandatos, afastamentos, filiações, redes; validation, confirmations, permissions;
//! and what the public side then shows (never the CPF).

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{host_of, multipart};

const CPF: &str = "52998224725";

/// A PNG of `w`×`h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 140])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[tokio::test]
async fn secretaria_registers_the_composition_and_the_portal_shows_it_without_cpf() {
    let env = TestEnv::new().await;
    let t = env.camara("adm-parl", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let tok = app.csrf(&host, &cookie).await;

    // Legislatura: a bad date is shown next to the field; a good one is created.
    let r = app
        .post_as(
            &host,
            "/admin/legislaturas",
            &cookie,
            &[
                ("_csrf", &tok),
                ("numero", "20"),
                ("inicio", "31/02/2025"),
                ("fim", "31/12/2028"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Use o formato dd/mm/aaaa") && r.body.contains("class=\"erro-campo\""),
        "{}",
        r.body
    );
    let r = app
        .post_as(
            &host,
            "/admin/legislaturas",
            &cookie,
            &[
                ("_csrf", &tok),
                ("numero", "20"),
                ("inicio", "01/01/2025"),
                ("fim", "31/12/2028"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let leg_path = r.location.clone();
    let r = app
        .post_as(
            &host,
            "/admin/legislaturas",
            &cookie,
            &[
                ("_csrf", &tok),
                ("numero", "21"),
                ("inicio", "01/06/2028"),
                ("fim", "31/12/2032"),
            ],
        )
        .await;
    assert!(
        r.body.contains("sobrepõe ao de outra legislatura"),
        "{}",
        r.body
    );
    // A sessão legislativa inside it, one outside refused.
    let r = app
        .post_as(
            &host,
            &format!("{leg_path}/sessoes"),
            &cookie,
            &[
                ("_csrf", &tok),
                ("numero", "1"),
                ("inicio", "01/02/2025"),
                ("fim", "22/12/2025"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_as(
            &host,
            &format!("{leg_path}/sessoes"),
            &cookie,
            &[
                ("_csrf", &tok),
                ("numero", "2"),
                ("inicio", "01/02/2029"),
                ("fim", "22/12/2029"),
            ],
        )
        .await;
    assert!(
        r.body.contains("dentro do período da legislatura"),
        "{}",
        r.body
    );
    let page = app.get_as(&host, &leg_path, &cookie).await;
    assert!(
        page.body.contains("01/02/2025 a 22/12/2025"),
        "{}",
        page.body
    );

    // Partidos: duplicate sigla refused.
    let r = app
        .post_as(
            &host,
            "/admin/partidos",
            &cookie,
            &[
                ("_csrf", &tok),
                ("sigla", "PCA"),
                ("nome", "Partido da Câmara"),
                ("numero", "77"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .post_as(
            &host,
            "/admin/partidos",
            &cookie,
            &[
                ("_csrf", &tok),
                ("sigla", "PCA"),
                ("nome", "Outro"),
                ("numero", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Já existe um partido com essa sigla"),
        "{}",
        r.body
    );
    let lista = app
        .get_as(&host, "/admin/partidos?q=c%C3%A2mara", &cookie)
        .await;
    assert!(lista.body.contains("Partido da Câmara"), "{}", lista.body);

    // A parlamentar: a wrong CPF and an image that is not one come back with messages.
    let campos = [
        ("nome_parlamentar", "Joana da Saúde"),
        ("nome_civil", "Joana Maria da Silva"),
        ("cpf", "529.982.247-26"),
        ("email", "joana@camara.example"),
        ("telefone", "(81) 3429-0001"),
        ("gabinete_sala", "Sala 7, térreo"),
        ("gabinete_telefone", "(81) 3429-0007"),
        ("biografia", "Enfermeira, **eleita** em 2024."),
    ];
    let (ct, body) = multipart(
        &campos,
        &[("foto", "foto.png", "image/png", b"isto nao e imagem")],
    );
    let novo = format!("/admin/parlamentares?_csrf={tok}");
    let r = app
        .post_multipart_as(&host, &novo, &cookie, (ct, body))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("CPF inválido") && r.body.contains("não é uma imagem PNG, JPEG ou WebP"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("529.982.247-26"),
        "the CPF typed is not echoed back"
    );
    assert!(
        r.body.contains("value=\"Joana da Saúde\""),
        "the rest is kept"
    );
    let (ct, body) = multipart(&campos, &[]);
    let r = app
        .post_multipart_as(&host, "/admin/parlamentares", &cookie, (ct, body))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "multipart without ?_csrf");
    let mut bons = campos.to_vec();
    bons[2] = ("cpf", "529.982.247-25");
    let (ct, body) = multipart(&bons, &[("foto", "foto.png", "image/png", &png(1000, 800))]);
    let r = app
        .post_multipart_as(&host, &novo, &cookie, (ct, body))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let parl_path = r.location.split('?').next().unwrap().to_owned();
    let page = app.get_as(&host, &r.location, &cookie).await;
    assert!(
        page.body.contains("***.982.247-**") && !page.body.contains(CPF),
        "masked in the admin"
    );
    assert!(page.body.contains("Alterações salvas"));

    // Mandato (a bad date, then a good one), filiação, rede.
    let r = app
        .post_as(
            &host,
            &format!("{parl_path}/mandatos"),
            &cookie,
            &[
                ("_csrf", &tok),
                ("legislatura", "x"),
                ("tipo", "titular"),
                ("votos", "mil"),
                ("inicio", "31/02/2025"),
                ("fim", "31/12/2028"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Escolha a legislatura")
            && r.body.contains("Votos: informe um número inteiro")
            && r.body.contains("dd/mm/aaaa"),
        "{}",
        r.body
    );
    let leg_id = leg_path.rsplit('/').next().unwrap();
    let r = app
        .post_as(
            &host,
            &format!("{parl_path}/mandatos"),
            &cookie,
            &[
                ("_csrf", &tok),
                ("legislatura", leg_id),
                ("tipo", "titular"),
                ("votos", "2.345"),
                ("inicio", "01/01/2025"),
                ("fim", "31/12/2028"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let partido = store::composicao::partidos(&mut tx, None, 10)
        .await
        .unwrap()[0]
        .id;
    drop(tx);
    let r = app
        .post_as(
            &host,
            &format!("{parl_path}/filiacoes"),
            &cookie,
            &[
                ("_csrf", &tok),
                ("partido", &partido.to_string()),
                ("inicio", "01/03/2020"),
                ("fim", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_as(
            &host,
            &format!("{parl_path}/redes"),
            &cookie,
            &[
                ("_csrf", &tok),
                ("rede", "instagram"),
                ("url", "http://inseguro.example"),
            ],
        )
        .await;
    assert!(r.body.contains("deve começar com https://"), "{}", r.body);
    let r = app
        .post_as(
            &host,
            &format!("{parl_path}/redes"),
            &cookie,
            &[
                ("_csrf", &tok),
                ("rede", "instagram"),
                ("url", "https://instagram.com/joanadasaude"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get_as(&host, &parl_path, &cookie).await;
    assert!(
        page.body.contains("2.345") && page.body.contains("instagram.com/joanadasaude"),
        "{}",
        page.body
    );

    // The public side: list with photo, profile with everything, the photo itself.
    let lista = app.get(&host, "/parlamentares").await;
    assert!(
        lista.body.contains("alt=\"Foto de Joana da Saúde\"")
            && lista.body.contains("<h2>Titulares</h2>"),
        "{}",
        lista.body
    );
    let perfil = app.get(&host, "/parlamentares/joana-da-saude").await;
    for esperado in [
        "Sala 7, térreo",
        "(81) 3429-0007",
        "https://instagram.com/joanadasaude",
        "01/01/2025 a 31/12/2028",
        "PCA — Partido da Câmara",
        "01/03/2020",
        "og:image",
        "<strong>eleita</strong>",
    ] {
        assert!(
            perfil.body.contains(esperado),
            "{esperado}: {}",
            perfil.body
        );
    }
    let src = perfil
        .body
        .split("og:image\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        src.starts_with(&format!(
            "http://{host}/parlamentares/joana-da-saude/foto.jpg?v="
        )),
        "{src}"
    );
    let caminho = &src[format!("http://{host}").len()..];
    let foto = app.get(&host, caminho).await;
    assert_eq!(
        (foto.status, foto.content_type.as_str()),
        (StatusCode::OK, "image/jpeg")
    );
    assert!(
        foto.headers
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let etag = foto
        .headers
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let de_novo = app
        .send(Method::GET, &host, caminho, &[("if-none-match", &etag)], "")
        .await;
    assert_eq!(de_novo.status, StatusCode::NOT_MODIFIED);
    // Stored at most 600 px, re-encoded as JPEG.
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .uri(caminho)
        .header("host", &host)
        .body(axum::body::Body::empty())
        .unwrap();
    let bytes = http_body_util::BodyExt::collect(
        app.router.clone().oneshot(req).await.unwrap().into_body(),
    )
    .await
    .unwrap()
    .to_bytes();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (600, 480));
    // Never the CPF in public HTML, JSON or CSV (nor formatted).
    for path in [
        "/parlamentares",
        "/parlamentares/joana-da-saude",
        "/api/v1/parlamentares",
        "/api/v1/parlamentares?formato=csv",
        "/",
    ] {
        let r = app.get(&host, path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(
            !r.body.contains(CPF)
                && !r.body.contains("529.982.247-25")
                && !r.body.contains("982.247"),
            "{path}"
        );
    }
    let api: serde_json::Value =
        serde_json::from_str(&app.get(&host, "/api/v1/parlamentares").await.body).unwrap();
    let d = &api["dados"][0];
    assert_eq!(d["gabinete_sala"], "Sala 7, térreo");
    assert_eq!(
        d["redes_sociais"],
        serde_json::json!([{"rede": "instagram", "url": "https://instagram.com/joanadasaude"}])
    );
    assert!(
        d["foto"]
            .as_str()
            .unwrap()
            .starts_with("/parlamentares/joana-da-saude/foto.jpg")
    );
    assert!(d.get("cpf").is_none());
    // Audit: the writes are there, without the CPF.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let dump: String = sqlx::query_scalar("SELECT string_agg(entidade || acao || coalesce(depois::text, ''), ' ') FROM app.auditoria WHERE tenant_id = $1")
        .bind(t.id)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert!(!dump.contains(CPF));
    for e in [
        "legislaturacriar",
        "sessao_legislativacriar",
        "partidocriar",
        "parlamentarcriar",
        "parlamentaralterar_foto",
        "mandatocriar",
        "filiacaocriar",
        "parlamentar_redecriar",
    ] {
        assert!(dump.contains(e), "{e}");
    }
}

#[tokio::test]
async fn only_roles_that_manage_parlamentares_reach_the_admin() {
    let env = TestEnv::new().await;
    let t = env.camara("adm-perm", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    for path in [
        "/admin/parlamentares",
        "/admin/parlamentares/novo",
        "/admin/legislaturas",
        "/admin/partidos",
    ] {
        assert_eq!(
            app.get_as(&host, path, &editor).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let tok = app.csrf(&host, &editor).await;
    let r = app
        .post_as(
            &host,
            "/admin/partidos",
            &editor,
            &[
                ("_csrf", &tok),
                ("sigla", "PED"),
                ("nome", "Partido do Editor"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let anon = app
        .request(Method::GET, &host, "/admin/parlamentares")
        .await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    let (_, sec) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let lista = app.get_as(&host, "/admin/parlamentares", &sec).await;
    assert_eq!(lista.status, StatusCode::OK);
    assert!(lista.body.contains("<label for=\"q\">") && lista.body.contains("Novo parlamentar"));
}

/// In headless Chromium: a SECRETARIA registers a parlamentar with a photo (through the file
/// input) and a mandato, and the parlamentar then appears on /parlamentares with the photo.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_secretaria_registers_a_parlamentar_with_photo_and_mandato() {
    let env = TestEnv::new().await;
    let t = env.camara("nav-perfil", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let inicio = hoje.year() - (hoje.year() - 1).rem_euclid(4);
    store::composicao::criar_legislatura(
        &mut tx,
        &store::auditoria::Autor::cli("t"),
        20,
        time::Date::from_calendar_date(inicio, time::Month::January, 1).unwrap(),
        time::Date::from_calendar_date(inicio + 3, time::Month::December, 31).unwrap(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let Some(nav) = testkit::browser::Navegador::abrir(&env).await else {
        return;
    };
    let arquivo = std::env::temp_dir().join(format!(
        "{}-{}.png",
        testkit::unique("foto"),
        std::process::id()
    ));
    std::fs::write(&arquivo, png(900, 900)).unwrap();
    let base = nav.base(&t);
    nav.entrar(&env, &t, Papel::Secretaria).await;
    nav.esperar("nav.menu-admin a[href='/admin/parlamentares']")
        .await;
    nav.client
        .goto(&format!("{base}/admin/parlamentares/novo"))
        .await
        .unwrap();
    nav.preencher("nome_parlamentar", "Rita do Mercado").await;
    nav.preencher("nome_civil", "Rita de Cássia Lopes").await;
    nav.preencher("cpf", "123.456.789-09").await;
    nav.preencher("gabinete_sala", "Sala 3").await;
    nav.client
        .find(fantoccini::Locator::Id("foto"))
        .await
        .unwrap()
        .send_keys(arquivo.to_str().unwrap())
        .await
        .unwrap();
    nav.clicar("#form-parlamentar button[type=submit]").await;
    nav.esperar("#form-mandato").await;
    assert!(nav.texto().await.contains("Alterações salvas"));
    nav.definir("m-tipo", "titular").await;
    nav.preencher("m-votos", "1234").await;
    nav.clicar("#form-mandato button[type=submit]").await;
    nav.esperar("#mandatos table").await;
    let texto = nav.texto().await;
    assert!(
        texto.contains("Titular") && texto.contains("1.234"),
        "{texto}"
    );
    assert!(!texto.contains("12345678909"));

    nav.client
        .goto(&format!("{base}/parlamentares"))
        .await
        .unwrap();
    let img = nav.esperar("img[alt='Foto de Rita do Mercado']").await;
    // Waits for the image's load (or error) event: on a busy machine it may still be loading.
    let largura = nav
        .client
        .execute_async(
            "const i = document.querySelector(\"img[alt='Foto de Rita do Mercado']\"),
                   done = arguments[arguments.length - 1];
             if (i.complete && i.naturalWidth > 0) { done(i.naturalWidth); }
             else { i.loading = 'eager'; i.onload = () => done(i.naturalWidth); i.onerror = () => done(-1); }",
            vec![],
        )
        .await
        .unwrap();
    let src = img.attr("src").await.unwrap().unwrap();
    assert!(
        src.starts_with("/parlamentares/rita-do-mercado/foto.jpg"),
        "{src}"
    );
    assert_eq!(largura, serde_json::json!(600), "the photo loaded, resized");
    let texto = nav.texto().await;
    assert!(texto.contains("Rita do Mercado") && texto.contains("Titulares"));
    nav.fechar().await;
    let _ = std::fs::remove_file(arquivo);
}

#[tokio::test]
async fn another_camaras_ids_are_404_and_recorded() {
    let env = TestEnv::new().await;
    let a = env.camara("perfil-ida", "pool").await;
    let b = env.camara("perfil-idb", "pool").await;
    testkit::fixtures::populate(&env.store, &b).await;
    let app = env.app();
    let (_, cookie) = logged_in(&env.store, &a, Papel::Secretaria).await;
    let mut tx = TenantTx::begin(&env.store, &b, Access::Read).await.unwrap();
    let leg = store::composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()[0]
        .id;
    let partido = store::composicao::partidos(&mut tx, None, 1).await.unwrap()[0].id;
    let (parl, _) = store::composicao::opcoes(&mut tx).await.unwrap()[0].clone();
    drop(tx);
    for path in [
        format!("/admin/parlamentares/{parl}"),
        format!("/admin/legislaturas/{leg}"),
        format!("/admin/partidos/{partido}"),
        format!("/partidos/{partido}/logo.png"),
    ] {
        let r = app.get_as(&host_of(&a), &path, &cookie).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!r.body.contains(&testkit::fixtures::canary(&b)), "{path}");
    }
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.security_events
          WHERE kind = 'id_de_outra_camara' AND host_tenant_id = $1 AND other_tenant_id = $2",
    )
    .bind(a.id)
    .bind(b.id)
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(n, 3, "the three admin pages");
}

#[tokio::test]
async fn the_phone_fields_suggest_the_camaras_own_area_code() {
    let env = TestEnv::new().await;
    let t = env.camara("ddd-proprio", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let exemplos = |corpo: &str, ddd: &str| {
        corpo
            .matches(&format!("placeholder=\"({ddd}) 0000-0000\""))
            .count()
    };
    // Olinda/PE without a phone of its own: PE has two area codes, so none is suggested.
    let r = app
        .get_as(&host, "/admin/parlamentares/novo", &cookie)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(exemplos(&r.body, "00"), 2, "{}", r.body);
    assert!(!r.body.contains("(81)"), "{}", r.body);
    // With the câmara's phone in the sertão, its DDD: in the new form and in the edit form.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    sqlx::query("UPDATE app.camara_config SET telefones = ARRAY['(87) 3861-1200']")
        .execute(tx.conn())
        .await
        .unwrap();
    let (id, _) = store::composicao::criar_parlamentar(
        &mut tx,
        &store::auditoria::Autor::cli("testes"),
        &store::composicao::NovoParlamentar {
            nome_civil: "Ana Lima".into(),
            nome_parlamentar: "Ana Lima".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let r = app
        .get_as(&host, "/admin/parlamentares/novo", &cookie)
        .await;
    assert_eq!(exemplos(&r.body, "87"), 2, "{}", r.body);
    let editar = format!("/admin/parlamentares/{id}");
    let r = app.get_as(&host, &editar, &cookie).await;
    assert_eq!(exemplos(&r.body, "87"), 2, "{}", r.body);
}
