//! The composition's rules in the database, the public pages and the open data.

use axum::http::StatusCode;
use store::auditoria::Autor;
use store::composicao::{self, NovoParlamentar};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use testkit::http::host_of;
use time::macros::date;

/// One write attempt inside a fresh transaction.
type Tentativa = dyn for<'a> Fn(
        &'a mut TenantTx,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), Error>> + Send + 'a>,
    > + Sync;

#[tokio::test]
async fn the_database_refuses_overlaps_with_clear_messages() {
    let env = TestEnv::new().await;
    let t = env.camara("regras", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let leg = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let leg_id = leg.id;

    let attempt = async |f: &Tentativa| {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        f(&mut tx).await.unwrap_err()
    };
    let e = attempt(&move |tx| {
        Box::pin(async move {
            composicao::criar_legislatura(
                tx,
                &Autor::cli("t"),
                21,
                date!(2028 - 06 - 01),
                date!(2032 - 12 - 31),
            )
            .await
            .map(|_| ())
        })
    })
    .await;
    assert!(
        e.to_string().contains("sobrepõe ao de outra legislatura"),
        "{e}"
    );
    let e = attempt(&move |tx| {
        Box::pin(async move {
            composicao::criar_legislatura(
                tx,
                &Autor::cli("t"),
                20,
                date!(2033 - 01 - 01),
                date!(2036 - 12 - 31),
            )
            .await
            .map(|_| ())
        })
    })
    .await;
    assert!(e.to_string().contains("número"), "{e}");

    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pt = composicao::criar_partido(&mut tx, &a, "PVR", "Partido Verde-Rosa", None)
        .await
        .unwrap();
    let outro = composicao::criar_partido(&mut tx, &a, "PAZ", "Partido da Paz", None)
        .await
        .unwrap();
    let (p, slug) = composicao::criar_parlamentar(
        &mut tx,
        &a,
        &NovoParlamentar {
            nome_civil: "Joana D'Arc da Silva".into(),
            nome_parlamentar: "Joana da Saúde".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(slug, "joana-da-saude");
    composicao::filiar(&mut tx, &a, p, pt, date!(2020 - 01 - 01), None)
        .await
        .unwrap();
    composicao::criar_mandato(
        &mut tx,
        &a,
        p,
        leg_id,
        true,
        Some(2100),
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let e = attempt(&move |tx| {
        Box::pin(async move {
            composicao::filiar(tx, &Autor::cli("t"), p, outro, date!(2024 - 01 - 01), None)
                .await
                .map(|_| ())
        })
    })
    .await;
    assert!(e.to_string().contains("já tem uma filiação"), "{e}");
    let e = attempt(&move |tx| {
        Box::pin(async move {
            composicao::criar_mandato(
                tx,
                &Autor::cli("t"),
                p,
                leg_id,
                false,
                None,
                date!(2026 - 01 - 01),
                date!(2026 - 12 - 31),
            )
            .await
            .map(|_| ())
        })
    })
    .await;
    assert!(e.to_string().contains("já tem um mandato"), "{e}");
    let e = attempt(&move |tx| {
        Box::pin(async move {
            composicao::criar_parlamentar(
                tx,
                &Autor::cli("t"),
                &NovoParlamentar {
                    nome_civil: "Outra Joana".into(),
                    nome_parlamentar: "Joana da Saúde".into(),
                    ..Default::default()
                },
            )
            .await
            .map(|_| ())
        })
    })
    .await;
    assert!(e.to_string().contains("endereço (slug)"), "{e}");
    let e = attempt(&move |tx| {
        Box::pin(async move {
            composicao::criar_parlamentar(
                tx,
                &Autor::cli("t"),
                &NovoParlamentar {
                    nome_civil: "Fulano".into(),
                    nome_parlamentar: "Fulano".into(),
                    cpf: Some("123".into()),
                    ..Default::default()
                },
            )
            .await
            .map(|_| ())
        })
    })
    .await;
    assert!(matches!(e, Error::Validation(_)), "{e}");
}

async fn seed(env: &TestEnv, t: &store::infra::catalog::Tenant, n: usize) {
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let leg = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let pt = composicao::criar_partido(&mut tx, &a, "PCA", "Partido da Câmara", Some(77))
        .await
        .unwrap();
    for i in 0..n {
        let (p, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("Vereador Número {i:02}"),
                nome_parlamentar: format!("Vereador {i:02}"),
                biografia: "Primeiro parágrafo.\n\nSegundo parágrafo.".into(),
                email: format!("v{i}@camara.example"),
                cpf: Some("52998224725".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::criar_mandato(
            &mut tx,
            &a,
            p,
            leg.id,
            i % 3 != 0,
            None,
            date!(2025 - 01 - 01),
            date!(2028 - 12 - 31),
        )
        .await
        .unwrap();
        composicao::filiar(&mut tx, &a, p, pt, date!(2022 - 01 - 01), None)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_portal_lists_the_current_parlamentares() {
    let env = TestEnv::new().await;
    let t = env.camara("portal-parl", "pool").await;
    seed(&env, &t, 5).await;
    let app = env.app();
    let host = host_of(&t);
    let home = app.get(&host, "/").await;
    assert!(
        home.body.contains("Vereadores da 20ª legislatura"),
        "{}",
        home.body
    );
    assert_eq!(
        home.body.matches("href=\"/parlamentares/vereador-").count(),
        5
    );
    let lista = app.get(&host, "/parlamentares").await;
    assert_eq!(lista.status, StatusCode::OK);
    assert!(lista.body.contains("20ª legislatura"), "{}", lista.body);
    assert_eq!(
        lista
            .body
            .matches("href=\"/parlamentares/vereador-")
            .count(),
        5
    );
    assert!(lista.body.contains("(PCA)"));
    let um = app.get(&host, "/parlamentares/vereador-01").await;
    assert_eq!(um.status, StatusCode::OK);
    assert!(
        um.body.contains("<p>Segundo parágrafo.</p>") && um.body.contains("Vereador Número 01"),
        "{}",
        um.body
    );
    assert!(
        !um.body.contains("52998224725"),
        "the CPF never leaves the admin"
    );
    assert_eq!(
        app.get(&host, "/parlamentares/nao-existe").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn open_data_in_json_and_csv_with_cursor_pagination() {
    let env = TestEnv::new().await;
    let t = env.camara("api-parl", "dedicated").await;
    seed(&env, &t, 7).await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/api/v1/parlamentares?itens=3").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"].as_array().unwrap().len(), 3);
    assert_eq!(v["dados"][0]["slug"], "vereador-00");
    assert_eq!(v["dados"][0]["partido"], "PCA");
    assert!(v["dados"][0].get("cpf").is_none() && !r.body.contains("52998224725"));
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut slugs = Vec::new();
    let mut url = Some("/api/v1/parlamentares?itens=3".to_owned());
    while let Some(u) = url {
        let page: serde_json::Value = serde_json::from_str(&app.get(&host, &u).await.body).unwrap();
        slugs.extend(
            page["dados"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["slug"].as_str().unwrap().to_owned()),
        );
        url = page["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| l["href"].as_str().unwrap().to_owned());
    }
    assert!(next.contains("cursor=vereador-02"));
    assert_eq!(
        slugs,
        (0..7)
            .map(|i| format!("vereador-{i:02}"))
            .collect::<Vec<_>>()
    );

    let csv = app
        .get(&host, "/api/v1/parlamentares?formato=csv&itens=100")
        .await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'), "UTF-8 with BOM");
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 8);
    assert!(
        lines[0].starts_with("id,slug,nome_parlamentar"),
        "{}",
        lines[0]
    );
    assert!(lines[2].contains("Vereador Número 01"));
    let bad = app.get(&host, "/api/v1/parlamentares?itens=1000").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.content_type.starts_with("application/problem+json"));
}

#[tokio::test]
async fn public_pages_share_the_emag_shortcuts_search_and_high_contrast() {
    let env = TestEnv::new().await;
    let t = env.camara("emag", "pool").await;
    seed(&env, &t, 4).await;
    let app = env.app();
    let host = host_of(&t);
    for path in ["/", "/parlamentares", "/parlamentares/vereador-02"] {
        let page = app.get(&host, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for (key, target) in [
            ("1", "#conteudo"),
            ("2", "#menu"),
            ("3", "#busca"),
            ("4", "#rodape"),
        ] {
            assert!(
                page.body
                    .contains(&format!("href=\"{target}\" accesskey=\"{key}\"")),
                "{path}: Alt+{key}"
            );
            assert!(
                page.body.contains(&format!("id=\"{}\"", &target[1..])),
                "{path}: {target}"
            );
        }
        assert!(
            page.body.contains("lang=\"pt-BR\"") && page.body.contains("og:title"),
            "{path}"
        );
        assert!(!page.body.contains("alto-contraste"), "{path}");
    }
    // Search, accents and case aside.
    let found = app
        .get(&host, "/parlamentares?q=VEREADOR%20N%C3%9AMERO%2003")
        .await;
    assert_eq!(
        found
            .body
            .matches("href=\"/parlamentares/vereador-")
            .count(),
        1,
        "{}",
        found.body
    );
    assert!(found.body.contains("/parlamentares/vereador-03"));
    // High contrast without JavaScript: a link sets a cookie and comes back.
    let r = app
        .send(
            axum::http::Method::GET,
            &host,
            "/acessibilidade/contraste",
            &[("referer", &format!("http://{host}/parlamentares"))],
            "",
        )
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/parlamentares")
    );
    let cookie = format!(
        "plenario_contraste={}",
        r.cookie("plenario_contraste").unwrap()
    );
    let page = app.get_as(&host, "/parlamentares", &cookie).await;
    assert!(
        page.body.contains("class=\"alto-contraste\"") && page.body.contains("Contraste normal")
    );
    let off = app
        .send(
            axum::http::Method::GET,
            &host,
            "/acessibilidade/contraste",
            &[("cookie", &cookie), ("referer", "https://evil.example//x")],
            "",
        )
        .await;
    assert_eq!(off.location, "/", "never redirects off the site");
}

#[tokio::test]
async fn open_data_for_legislaturas_and_partidos() {
    let env = TestEnv::new().await;
    let t = env.camara("api-leg", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    for (n, ano) in [(18, 2017), (19, 2021), (20, 2025)] {
        composicao::criar_legislatura(
            &mut tx,
            &a,
            n,
            time::Date::from_calendar_date(ano, time::Month::January, 1).unwrap(),
            time::Date::from_calendar_date(ano + 3, time::Month::December, 31).unwrap(),
        )
        .await
        .unwrap();
    }
    for sigla in ["PDC", "PTR", "UNA"] {
        composicao::criar_partido(&mut tx, &a, sigla, &format!("Partido {sigla}"), None)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    let v: serde_json::Value =
        serde_json::from_str(&app.get(&host, "/api/v1/legislaturas?itens=2").await.body).unwrap();
    assert_eq!(
        v["dados"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["numero"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![18, 19]
    );
    let next = v["links"][1]["href"].as_str().unwrap();
    assert_eq!(next, "/api/v1/legislaturas?itens=2&cursor=19");
    let v: serde_json::Value = serde_json::from_str(&app.get(&host, next).await.body).unwrap();
    assert_eq!(v["dados"][0]["numero"], 20);
    assert_eq!(v["dados"][0]["inicio"], "2025-01-01");
    let csv = app.get(&host, "/api/v1/partidos?formato=csv").await;
    assert!(
        csv.body.starts_with('\u{feff}') && csv.body.contains("PTR,Partido PTR"),
        "{}",
        csv.body
    );
    let bad = app.get(&host, "/api/v1/partidos?formato=xml").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn biographies_are_markdown_rendered_and_sanitised() {
    let env = TestEnv::new().await;
    let t = env.camara("bio", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    composicao::criar_parlamentar(&mut tx, &Autor::cli("t"), &NovoParlamentar {
        nome_civil: "Lia Marques".into(),
        nome_parlamentar: "Lia Marques".into(),
        biografia: "Professora **eleita** em 2024.\n\n<script>alert('x')</script>\n\n[perfil](javascript:alert(1))".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let page = env
        .app()
        .get(&host_of(&t), "/parlamentares/lia-marques")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<strong>eleita</strong>"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("<script>alert") && !page.body.contains("href=\"javascript"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_public_list_filters_by_legislatura_and_partido_and_separates_suplentes() {
    let env = TestEnv::new().await;
    let t = env.camara("filtros", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let l19 = composicao::criar_legislatura(
        &mut tx,
        &a,
        19,
        date!(2021 - 01 - 01),
        date!(2024 - 12 - 31),
    )
    .await
    .unwrap();
    let l20 = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let pca = composicao::criar_partido(&mut tx, &a, "PCA", "Partido da Câmara", None)
        .await
        .unwrap();
    let paz = composicao::criar_partido(&mut tx, &a, "PAZ", "Partido da Paz", None)
        .await
        .unwrap();
    // (name, partido, legislatura, titular)
    let gente = [
        ("Ana Antiga", pca, &l19, true),
        ("Bia Atual", pca, &l20, true),
        ("Caio Atual", paz, &l20, true),
        ("Duda Suplente", paz, &l20, false),
    ];
    for (nome, partido, leg, titular) in gente {
        let (p, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("{nome} da Silva"),
                nome_parlamentar: nome.into(),
                cpf: Some("52998224725".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::criar_mandato(&mut tx, &a, p, leg.id, titular, None, leg.inicio, leg.fim)
            .await
            .unwrap();
        composicao::filiar(&mut tx, &a, p, partido, date!(2019 - 01 - 01), None)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    let nomes = |body: &str| {
        ["ana-antiga", "bia-atual", "caio-atual", "duda-suplente"]
            .into_iter()
            .filter(|s| body.contains(&format!("href=\"/parlamentares/{s}\"")))
            .collect::<Vec<_>>()
    };
    // Default: the current legislatura, titulares and suplentes apart.
    let r = app.get(&host, "/parlamentares").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        nomes(&r.body),
        vec!["bia-atual", "caio-atual", "duda-suplente"]
    );
    let (titulares, suplentes) = r.body.split_once("<h2>Suplentes</h2>").unwrap();
    assert!(titulares.contains("<h2>Titulares</h2>") && titulares.contains("caio-atual"));
    assert!(suplentes.contains("duda-suplente") && !suplentes.contains("caio-atual"));
    // An accessible filter form: labelled selects, the current choice selected.
    assert!(
        r.body.contains("<label for=\"filtro-legislatura\">")
            && r.body.contains("<label for=\"filtro-partido\">")
            && r.body.contains("<option value=\"20\" selected>"),
        "{}",
        r.body
    );
    let r = app.get(&host, "/parlamentares?legislatura=19").await;
    assert_eq!(nomes(&r.body), vec!["ana-antiga"]);
    assert!(r.body.contains("Parlamentares da 19ª legislatura"));
    let r = app.get(&host, "/parlamentares?partido=paz").await;
    assert_eq!(nomes(&r.body), vec!["caio-atual", "duda-suplente"]);
    let r = app
        .get(&host, "/parlamentares?legislatura=19&partido=PAZ")
        .await;
    assert!(nomes(&r.body).is_empty() && r.body.contains("Nenhum parlamentar encontrado"));
    let r = app.get(&host, "/parlamentares?legislatura=7").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Legislatura não encontrada"));
    // No photo yet: initials stand in (hidden from screen readers), no broken image.
    assert!(
        app.get(&host, "/parlamentares")
            .await
            .body
            .contains("<span class=\"foto-miniatura sem-foto\" aria-hidden=\"true\">BA</span>")
    );
    assert_eq!(
        app.get(&host, "/parlamentares/bia-atual/foto.jpg")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    for path in [
        "/parlamentares",
        "/parlamentares/duda-suplente",
        "/api/v1/parlamentares?formato=csv",
    ] {
        assert!(
            !app.get(&host, path).await.body.contains("52998224725"),
            "{path}"
        );
    }
}
