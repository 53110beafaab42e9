//! The public proposições: the search page (filters, Portuguese full text ignoring accents
//! and plurals, pagination, the latest event of each row), the proposição's page, the
//! parlamentar's profile, the open data (JSON, CSV), refusals in Portuguese, and the
//! isolation between câmaras.

use axum::http::StatusCode;
use domain::proposicoes::{Evento, Regime, TipoAutor, TipoUnidade};
use serde_json::Value;
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::proposicoes::{self as pr, AutorNovo, Criada, EventoNovo, NovaProposicao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::canary;
use testkit::http::host_of;
use time::Date;
use time::macros::date;
use uuid::Uuid;

async fn tipo(tx: &mut TenantTx, sigla: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = $2")
        .bind(tx.tenant_id())
        .bind(sigla)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

/// The câmara's (populate's) parlamentar: id and slug.
async fn parlamentar(tx: &mut TenantTx) -> (Uuid, String) {
    sqlx::query_as("SELECT id, slug FROM app.parlamentar WHERE tenant_id = $1 ORDER BY id LIMIT 1")
        .bind(tx.tenant_id())
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

fn autor_nomeado(tipo: TipoAutor, nome: &str, d: Date) -> AutorNovo {
    AutorNovo {
        tipo,
        parlamentar_id: None,
        comissao_id: None,
        nome: nome.into(),
        subscrito_em: d,
    }
}

fn autor_parlamentar(p: Uuid, d: Date) -> AutorNovo {
    AutorNovo {
        parlamentar_id: Some(p),
        ..autor_nomeado(TipoAutor::Parlamentar, "", d)
    }
}

/// Creates a proposição of `tipo_id` (an emenda when `mae_id`).
async fn apresentar(
    tx: &mut TenantTx,
    tipo_id: Uuid,
    mae_id: Option<Uuid>,
    (ementa, texto): (&str, &str),
    apresentada_em: Date,
    autores: Vec<AutorNovo>,
) -> Criada {
    pr::criar(
        tx,
        &Autor::cli("t"),
        &NovaProposicao {
            tipo_id,
            mae_id,
            ementa: ementa.into(),
            texto: texto.into(),
            justificativa: String::new(),
            regime: Regime::Ordinario,
            apresentada_em,
            autores,
            descricao: String::new(),
        },
    )
    .await
    .unwrap()
}

/// A proposição of the tipo `sigla` by the parlamentar `autor` (by the Executivo if none).
async fn criar(
    tx: &mut TenantTx,
    sigla: &str,
    ementa: &str,
    apresentada_em: Date,
    autor: Option<Uuid>,
) -> Criada {
    let tipo_id = tipo(tx, sigla).await;
    let autor = match autor {
        Some(p) => autor_parlamentar(p, apresentada_em),
        None => autor_nomeado(TipoAutor::Executivo, "Prefeito Municipal", apresentada_em),
    };
    apresentar(tx, tipo_id, None, (ementa, ""), apresentada_em, vec![autor]).await
}

/// A câmara (with the canary fixtures) and 24 more PLs of 2024 about iluminação pública.
async fn camara(env: &TestEnv, prefixo: &str) -> (Tenant, String) {
    let t = env.camara(prefixo, "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    // Only the search's own proposições (the full canary fixture has other areas' too).
    let autor = Autor::cli("t");
    let (p, _) = store::composicao::criar_parlamentar(
        &mut tx,
        &autor,
        &store::composicao::NovoParlamentar {
            nome_civil: format!("Vereadora {}", canary(&t)),
            nome_parlamentar: format!("Vereadora {}", t.slug),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    testkit::fixtures::proposicoes::busca(&mut tx, &canary(&t), &autor, p).await;
    for i in 1..=24u8 {
        criar(
            &mut tx,
            "PL",
            &format!("Institui a iluminação pública no bairro número {i}"),
            date!(2024 - 01 - 01).replace_day(i).unwrap(),
            (i % 2 == 0).then_some(p),
        )
        .await;
    }
    tx.commit().await.unwrap();
    (t.clone(), host_of(&t))
}

fn linhas(body: &str) -> usize {
    body.matches("<li class=\"proposicao\">").count()
}

#[tokio::test]
async fn the_list_filters_searches_in_portuguese_and_pages() {
    let env = TestEnv::new().await;
    let (t, host) = camara(&env, "proplista").await;
    let app = env.app();
    let c = canary(&t);

    // Everything, newest first: 27 proposições (the fixture's PL, EME, REQ and 24 PLs).
    let r = app.get(&host, "/legislativo/proposicoes").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("27 proposições encontradas."), "{}", r.body);
    assert_eq!(linhas(&r.body), 20);
    let primeira = r.body.find("REQ 1/2026").expect("the newest first");
    assert!(primeira < r.body.find("EME 1/2025").unwrap());
    // PNTP: each row's situação and latest event (date and description).
    assert!(r.body.contains(&format!("Encaminhada à Procuradoria {c}")));
    assert!(r.body.contains("Em tramitação"));
    assert!(
        r.body
            .contains("Apresentada e protocolada como PL 24/2024.")
    );
    // Page 2 has the other 7; a page past the end is refused in Portuguese.
    assert!(r.body.contains("pagina=2"));
    let r = app.get(&host, "/legislativo/proposicoes?pagina=2").await;
    assert_eq!(linhas(&r.body), 7, "{}", r.body);
    assert!(r.body.contains("PL 1/2024"));
    let r = app.get(&host, "/legislativo/proposicoes?pagina=51").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("A página deve ser um número de 1 a 50"));

    // Accents and plurals aside: "licitação" and "licitacao" find "licitações".
    for q in [
        "licitação",
        "licitacao",
        "LICITAÇÕES",
        "transparencia licitacao",
    ] {
        let url = format!(
            "/legislativo/proposicoes?texto={}",
            form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        );
        let r = app.get(&host, &url).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert!(r.body.contains("PL 1/2025"), "{q}: {}", r.body);
        assert!(!r.body.contains("REQ 1/2026"), "{q}");
        assert!(!r.body.contains("PL 3/2024"), "{q}");
    }
    // Plural in the text, singular in the query, and the other way round.
    let r = app
        .get(&host, "/legislativo/proposicoes?texto=bairros")
        .await;
    assert!(r.body.contains("24 proposições encontradas."), "{}", r.body);
    let r = app
        .get(&host, "/legislativo/proposicoes?texto=iluminacao+bairro+7")
        .await;
    assert_eq!(linhas(&r.body), 1, "{}", r.body);
    assert!(r.body.contains("PL 7/2024"));

    // Each filter.
    let casos: &[(&str, usize, &str)] = &[
        ("tipo=REQ", 1, "REQ 1/2026"),
        ("tipo=req", 1, "REQ 1/2026"),
        ("numero=7", 1, "PL 7/2024"),
        ("ano=2025", 2, "EME 1/2025"),
        ("situacao=em_tramitacao", 1, "PL 1/2025"),
        ("assunto=Sa%C3%BAde", 1, "REQ 1/2026"),
        ("de=01%2F01%2F2025&ate=31%2F12%2F2025", 2, "PL 1/2025"),
        ("ate=02%2F01%2F2024", 2, "PL 2/2024"),
        ("tipo=PL&ano=2024&texto=bairro", 20, "PL 24/2024"),
    ];
    for (q, n, tem) in casos {
        let r = app
            .get(&host, &format!("/legislativo/proposicoes?{q}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
        assert_eq!(linhas(&r.body), *n, "{q}: {}", r.body);
        assert!(r.body.contains(tem), "{q}: {}", r.body);
    }
    // The autor: the fixture's parlamentar wrote the fixture's PL and EME and 12 PLs of 2024.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (_, slug) = parlamentar(&mut tx).await;
    tx.commit().await.unwrap();
    let r = app
        .get(&host, &format!("/legislativo/proposicoes?autor={slug}"))
        .await;
    assert!(r.body.contains("14 proposições encontradas."), "{}", r.body);
    assert!(!r.body.contains("REQ 1/2026"));
    // Autor + período come from the autor's own index (the proposição's date copied onto its
    // autores, migration 0025): a proposição whose date changes moves between periods.
    let periodo = |ano: i32| {
        format!("/legislativo/proposicoes?autor={slug}&de=01%2F01%2F{ano}&ate=31%2F12%2F{ano}")
    };
    let achadas = |body: &str| -> usize {
        let fim = body
            .find(" proposições encontradas")
            .or_else(|| body.find(" proposição encontrada"))
            .unwrap_or(0);
        let ini = body[..fim]
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        body[ini..fim].parse().unwrap_or(0)
    };
    let de_2024 = achadas(&app.get(&host, &periodo(2024)).await.body);
    let de_2023 = achadas(&app.get(&host, &periodo(2023)).await.body);
    assert!(de_2024 >= 12, "the fixture's 12 PLs of 2024");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (parlamentar_id, _) = parlamentar(&mut tx).await;
    let mudou = sqlx::query(
        "UPDATE app.proposicao SET apresentada_em = date '2023-06-01'
          WHERE tenant_id = $1 AND id = (
                SELECT a.proposicao_id FROM app.proposicao_autor a
                  JOIN app.proposicao p ON p.tenant_id = a.tenant_id AND p.id = a.proposicao_id
                 WHERE a.tenant_id = $1 AND a.parlamentar_id = $2
                   AND p.apresentada_em BETWEEN date '2024-01-01' AND date '2024-12-31'
                 LIMIT 1)",
    )
    .bind(t.id)
    .bind(parlamentar_id)
    .execute(tx.conn())
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(mudou, 1);
    tx.commit().await.unwrap();
    assert_eq!(
        achadas(&app.get(&host, &periodo(2024)).await.body),
        de_2024 - 1
    );
    assert_eq!(
        achadas(&app.get(&host, &periodo(2023)).await.body),
        de_2023 + 1
    );
    // The form keeps what was typed.
    let r = app
        .get(
            &host,
            "/legislativo/proposicoes?texto=ilumina%C3%A7%C3%A3o&ano=2024",
        )
        .await;
    assert!(r.body.contains("value=\"iluminação\""), "{}", r.body);
    assert!(
        r.body.contains("texto=ilumina%C3%A7%C3%A3o"),
        "the pages keep the filters"
    );
}

#[tokio::test]
async fn invalid_filters_answer_422_in_portuguese_with_every_message() {
    let env = TestEnv::new().await;
    let (_, host) = camara(&env, "propinval").await;
    let app = env.app();
    let r = app
        .get(
            &host,
            "/legislativo/proposicoes?tipo=XYZ&numero=abc&ano=99&autor=ninguem&situacao=voando&de=31%2F02%2F2025&pagina=x",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for m in [
        "Tipo de proposição desconhecido:",
        "O número deve ser um inteiro maior que zero.",
        "O ano deve ter quatro dígitos",
        "Autor desconhecido.",
        "Situação desconhecida.",
        "Data inicial inválida",
        "A página deve ser um número",
    ] {
        assert!(r.body.contains(m), "{m}: {}", r.body);
    }
    assert!(r.body.contains("value=\"abc\""), "the input is kept");
    let r = app
        .get(
            &host,
            "/legislativo/proposicoes?de=10%2F10%2F2025&ate=01%2F01%2F2025",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("A data inicial do período deve ser anterior")
    );
    // The API: 400 problem+json in Portuguese.
    for url in [
        "/api/v1/proposicoes?ano=abc",
        "/api/v1/proposicoes?situacao=voando",
        "/api/v1/proposicoes?de=2025-13-01",
        "/api/v1/tramitacoes?proposicao=nao-e-uuid",
        "/api/v1/proposicoes?naoexiste=1",
    ] {
        let r = app.get(&host, url).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{url}: {}", r.body);
        assert_eq!(r.content_type, "application/problem+json", "{url}");
        assert!(
            r.body.contains("parâmetro") || r.body.contains("data"),
            "{url}: {}",
            r.body
        );
    }
    // A period that ends before it starts is a question with no answer, not an error.
    for url in [
        "/api/v1/proposicoes?de=2025-10-10&ate=2025-01-01",
        "/api/v1/tramitacoes?de=2025-10-10&ate=2025-01-01",
    ] {
        let r = app.get(&host, url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.body);
        let v: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["dados"].as_array().map(Vec::len), Some(0), "{url}");
    }
    let r = app.get(&host, "/api/v1/proposicoes?tipo=XYZ").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Tipo de proposição desconhecido"));
}

#[tokio::test]
async fn the_proposicao_page_shows_everything_and_404s_are_branded() {
    let env = TestEnv::new().await;
    let (t, host) = camara(&env, "propdet").await;
    // A subemenda to the fixture's emenda: listed on the principal's page too.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let eme: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.proposicao WHERE tenant_id = $1 AND mae_id IS NOT NULL",
    )
    .bind(tx.tenant_id())
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let sub = tipo(&mut tx, "SUB").await;
    let d = date!(2025 - 05 - 05);
    let mesa = autor_nomeado(TipoAutor::Mesa, "Mesa Diretora", d);
    let texto = "Onde se lê *prazo*, leia-se <script>x</script>**período**.";
    let ementa = "Subemenda que ajusta a redação da emenda";
    apresentar(&mut tx, sub, Some(eme), (ementa, texto), d, vec![mesa]).await;
    tx.commit().await.unwrap();
    let app = env.app();
    let c = canary(&t);
    let r = app.get(&host, "/legislativo/proposicoes/2025/pl/1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = &r.body;
    for tem in [
        "Projeto de Lei nº 1/2025",
        &format!("Dispõe sobre a transparência das licitações municipais {c}"),
        &format!("Justificativa {c}"),
        // The texto rendered from Markdown, the two paragraphs.
        &format!("<p>Art. 1º Dispõe sobre a transparência das licitações municipais {c}.</p>"),
        "Procuradoria Jurídica",
        &format!("Encaminhada à Procuradoria {c}"),
        "primeiro autor",
        "Licitações",
        // The emenda with its anchor.
        "id=\"eme-1\"",
        &format!("Emenda modificativa ao artigo primeiro {c}"),
        "Em tramitação",
    ] {
        assert!(b.contains(tem), "{tem}: {b}");
    }
    assert!(
        b.contains("href=\"/parlamentares/"),
        "autores link to their profile"
    );
    // A citizen can follow it by e-mail from the page.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let principal: Uuid =
        sqlx::query_scalar("SELECT mae_id FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tx.tenant_id())
            .bind(eme)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    tx.rollback().await.unwrap();
    assert!(
        b.contains(&format!(
            "action=\"/legislativo/proposicoes/{principal}/acompanhar\""
        )),
        "{b}"
    );
    // The subemenda after its emenda, its Markdown rendered and sanitised.
    assert!(b.find("id=\"eme-1\"").unwrap() < b.find("id=\"sub-1\"").unwrap());
    assert!(
        b.contains("<strong>período</strong>") && !b.contains("<script>x"),
        "{b}"
    );
    let r = app.get(&host, "/legislativo/proposicoes?tipo=SUB").await;
    assert!(
        r.body.contains("/legislativo/proposicoes/2025/pl/1#sub-1"),
        "{}",
        r.body
    );
    // The timeline is in order: protocolo first.
    assert!(b.find("Protocolada").unwrap() < b.find("Encaminhada à Procuradoria").unwrap());
    // Upper case sigla works too; the emenda is found at its mãe's anchor from the list.
    assert_eq!(
        app.get(&host, "/legislativo/proposicoes/2025/PL/1")
            .await
            .status,
        StatusCode::OK
    );
    let r = app.get(&host, "/legislativo/proposicoes?tipo=EME").await;
    assert!(
        r.body.contains("/legislativo/proposicoes/2025/pl/1#eme-1"),
        "{}",
        r.body
    );
    // Absent ones: the branded 404 page.
    for url in [
        "/legislativo/proposicoes/2025/pl/999",
        "/legislativo/proposicoes/2025/xx/1",
        "/legislativo/proposicoes/abc/pl/1",
        "/legislativo/proposicoes/2025/eme/1",
    ] {
        let r = app.get(&host, url).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{url}");
        assert!(
            r.body.contains("Página não encontrada"),
            "{url}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn the_parlamentar_profile_lists_their_proposicoes_by_page() {
    let env = TestEnv::new().await;
    let (t, host) = camara(&env, "propperfil").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (p, slug) = parlamentar(&mut tx).await;
    // A coautoria: the Executivo first, the parlamentar second.
    let tipo_id = tipo(&mut tx, "PL").await;
    let d = date!(2026 - 05 - 05);
    let autores = vec![
        autor_nomeado(TipoAutor::Executivo, "Prefeito Municipal", d),
        autor_parlamentar(p, d),
    ];
    let ementa = "Cria o programa de hortas comunitárias";
    apresentar(&mut tx, tipo_id, None, (ementa, ""), d, autores).await;
    for i in 1..=10u8 {
        let dia = date!(2023 - 03 - 01).replace_day(i).unwrap();
        criar(
            &mut tx,
            "IND",
            "Indica o conserto de calçadas",
            dia,
            Some(p),
        )
        .await;
    }
    tx.commit().await.unwrap();
    let app = env.app();
    let r = app.get(&host, &format!("/parlamentares/{slug}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("25 proposições como primeiro autor ou coautor"),
        "{}",
        r.body
    );
    let horta = r.body.find("hortas comunitárias").expect("newest first");
    assert!(
        r.body[horta..].find("coautor").unwrap() < r.body[horta..].find("primeiro autor").unwrap()
    );
    assert!(r.body.contains("pagina_proposicoes=2"));
    let r = app
        .get(
            &host,
            &format!("/parlamentares/{slug}?pagina_proposicoes=2"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("hortas comunitárias"));
    assert!(
        r.body.contains("IND 1/2023") && r.body.contains("IND 5/2023"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("IND 6/2023"), "page 1 has it");
}

#[tokio::test]
async fn the_open_data_in_json_and_csv() {
    let env = TestEnv::new().await;
    let (t, host) = camara(&env, "propapi").await;
    // An ementa a CSV must quote: commas, quotes and a line break.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let d = criar(
        &mut tx,
        "MOC",
        "Moção de aplauso \"Amigos do Rio\", pela limpeza;\nsegunda linha",
        date!(2026 - 06 - 01),
        None,
    )
    .await;
    tx.commit().await.unwrap();
    let app = env.app();
    let r = app.get(&host, "/api/v1/proposicoes?itens=100").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    let dados = v["dados"].as_array().unwrap();
    assert_eq!(dados.len(), 28);
    assert_eq!(dados[0]["identificacao"], "MOC 1/2026");
    let pl = dados
        .iter()
        .find(|p| p["identificacao"] == "PL 1/2025")
        .unwrap();
    assert_eq!(pl["situacao"], "em_tramitacao");
    assert_eq!(pl["assuntos"], "Licitações");
    assert_eq!(pl["uri"], "/legislativo/proposicoes/2025/pl/1");
    assert!(
        pl["ultima_tramitacao"]
            .as_str()
            .unwrap()
            .starts_with("Encaminhada à Procuradoria")
    );
    // Filters and the cursor.
    let r = app
        .get(&host, "/api/v1/proposicoes?texto=licitacao&tipo=PL")
        .await;
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"].as_array().unwrap().len(), 1, "{}", r.body);
    let r = app.get(&host, "/api/v1/proposicoes?itens=20").await;
    let v: Value = serde_json::from_str(&r.body).unwrap();
    let next = v["links"][1]["href"].as_str().unwrap().to_owned();
    let r2 = app.get(&host, &next).await;
    let v2: Value = serde_json::from_str(&r2.body).unwrap();
    assert_eq!(v2["dados"].as_array().unwrap().len(), 8, "{next}");
    // CSV: one header and one row per proposição, the awkward ementa quoted.
    let r = app
        .get(&host, "/api/v1/proposicoes?itens=100&formato=csv")
        .await;
    assert!(r.content_type.starts_with("text/csv"));
    let mut leitor = csv::Reader::from_reader(r.body.trim_start_matches('\u{feff}').as_bytes());
    let cab = leitor.headers().unwrap().clone();
    assert!(cab.iter().any(|h| h == "ementa") && cab.iter().any(|h| h == "ultima_tramitacao"));
    let regs: Vec<csv::StringRecord> = leitor.records().map(Result::unwrap).collect();
    assert_eq!(regs.len(), 28);
    let i = cab.iter().position(|h| h == "ementa").unwrap();
    assert_eq!(
        &regs[0][i],
        "Moção de aplauso \"Amigos do Rio\", pela limpeza;\nsegunda linha"
    );
    // One proposição whole.
    let r = app
        .get(&host, &format!("/api/v1/proposicoes/{}", d.id))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"]["proposicao"]["identificacao"], "MOC 1/2026");
    assert_eq!(v["dados"]["autores"][0]["nome"], "Prefeito Municipal");
    assert_eq!(v["dados"]["tramitacoes"][0]["tipo"], "protocolada");
    let pl_id = pl["id"].as_str().unwrap();
    let r = app
        .get(&host, &format!("/api/v1/proposicoes/{pl_id}"))
        .await;
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"]["emendas"][0]["identificacao"], "EME 1/2025");
    assert_eq!(v["dados"]["tramitacoes"].as_array().unwrap().len(), 2);
    for url in [
        format!("/api/v1/proposicoes/{}", Uuid::nil()),
        "/api/v1/proposicoes/xyz".into(),
    ] {
        let r = app.get(&host, &url).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{url}");
        assert_eq!(r.content_type, "application/problem+json");
    }
    // The tramitações: newest first, by proposição, by período.
    let r = app
        .get(&host, &format!("/api/v1/tramitacoes?proposicao={pl_id}"))
        .await;
    let v: Value = serde_json::from_str(&r.body).unwrap();
    let ev = v["dados"].as_array().unwrap();
    assert_eq!(ev.len(), 2, "{}", r.body);
    assert_eq!(ev[0]["tipo"], "tramitada");
    assert_eq!(ev[0]["unidade"], "Procuradoria Jurídica");
    assert_eq!(ev[0]["situacao"], "em_tramitacao");
    assert_eq!(ev[1]["proposicao"], "PL 1/2025");
    let dia = ev[1]["data"].as_str().unwrap().to_owned();
    let r = app
        .get(
            &host,
            &format!("/api/v1/tramitacoes?proposicao={pl_id}&de={dia}&ate={dia}"),
        )
        .await;
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"].as_array().unwrap().len(), 1, "{}", r.body);
    let r = app
        .get(&host, "/api/v1/tramitacoes?formato=csv&itens=100")
        .await;
    assert!(r.content_type.starts_with("text/csv"));
    assert_eq!(
        r.body.lines().count(),
        1 + 28 + 1,
        "a header, 28 protocolos and a tramitação"
    );
}

#[tokio::test]
async fn another_camaras_proposicoes_never_show() {
    let env = TestEnv::new().await;
    let (a, host_a) = camara(&env, "propisoa").await;
    let (b, _) = camara(&env, "propisob").await;
    let mut tx = TenantTx::begin(&env.store, &b, Access::Write)
        .await
        .unwrap();
    let so_b = criar(
        &mut tx,
        "PL",
        "Proibe fogos ruidosos xylofonema",
        date!(2026 - 07 - 01),
        None,
    )
    .await;
    let pl_b: Uuid = sqlx::query_scalar(
        "SELECT p.id FROM app.proposicao p JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE p.tenant_id = $1 AND t.sigla = 'PL' AND p.ano = 2025",
    )
    .bind(tx.tenant_id())
    .fetch_one(tx.conn())
    .await
    .unwrap();
    pr::registrar_evento(
        &mut tx,
        &Autor::cli("t"),
        so_b.id,
        &EventoNovo {
            evento: Evento::Tramitada {
                destino: TipoUnidade::Secretaria,
                encerra: false,
            },
            unidade_id: None,
            descricao: "Andamento xylofonema".into(),
            ocorrido_em: None,
            origem_id: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let cb = canary(&b);
    for url in [
        "/legislativo/proposicoes".to_owned(),
        "/legislativo/proposicoes?texto=xylofonema".to_owned(),
        "/legislativo/proposicoes?ano=2026&numero=2".to_owned(),
        "/legislativo/proposicoes?texto=licitacoes".to_owned(),
        "/legislativo/proposicoes/2025/pl/1".to_owned(),
        "/api/v1/proposicoes?itens=100".to_owned(),
        "/api/v1/proposicoes?texto=xylofonema".to_owned(),
        "/api/v1/tramitacoes?itens=100".to_owned(),
        format!("/api/v1/tramitacoes?proposicao={}", so_b.id),
    ] {
        let r = app.get(&host_a, &url).await;
        assert!(!r.body.contains(&cb), "{url}: B's canary on A");
        assert!(
            !r.body.contains("Proibe fogos"),
            "{url}: B's proposição on A"
        );
        assert!(
            !r.body.contains("Andamento xylofonema"),
            "{url}: B's event on A"
        );
    }
    assert!(
        app.get(&host_a, "/legislativo/proposicoes?texto=xylofonema")
            .await
            .body
            .contains("Nenhuma proposição encontrada.")
    );
    for id in [so_b.id, pl_b] {
        let r = app.get(&host_a, &format!("/api/v1/proposicoes/{id}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "B's id on A");
    }
    let _ = a;
}

#[tokio::test]
async fn a_text_query_ranks_the_ementa_above_the_texto() {
    let env = TestEnv::new().await;
    let t = env.camara("proprank", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let tipo_id = tipo(&mut tx, "PL").await;
    for (ementa, texto, d) in [
        (
            "Cria o conselho municipal de cultura",
            "",
            date!(2023 - 01 - 01),
        ),
        (
            "Regula as feiras livres da cidade",
            "Ouvidos os conselhos de cultura.",
            date!(2023 - 06 - 01),
        ),
    ] {
        let mesa = autor_nomeado(TipoAutor::Mesa, "Mesa Diretora", d);
        apresentar(&mut tx, tipo_id, None, (ementa, texto), d, vec![mesa]).await;
    }
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    // Without a query: newest first (the feiras one).
    let r = app.get(&host, "/legislativo/proposicoes").await;
    assert!(r.body.find("PL 2/2023").unwrap() < r.body.find("PL 1/2023").unwrap());
    // With one: the ementa (weight A) above the texto (weight C), accents and plurals aside.
    let r = app
        .get(&host, "/legislativo/proposicoes?texto=conselho+cultura")
        .await;
    assert!(r.body.contains("Ordenadas pela relevância"), "{}", r.body);
    assert!(r.body.contains("2 proposições encontradas."), "{}", r.body);
    assert!(
        r.body.find("PL 1/2023").unwrap() < r.body.find("PL 2/2023").unwrap(),
        "{}",
        r.body
    );
    // An empty câmara's list says so.
    let vazia = env.camara("propvazia", "pool").await;
    let r = app.get(&host_of(&vazia), "/legislativo/proposicoes").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Nenhuma proposição encontrada."));
}
