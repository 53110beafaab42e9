//! The open data of normas: `/api/v1/normas` with its filters (tipo, número, ano, assunto,
//! vigência, texto), cursor pages and CSV; the vigência filter (SQL) agreeing with the
//! derived situação (domain) on every case, and the public list's same filters; `/api/v1/normas/{id}/texto`, the compiled
//! text by dispositivo and the text in force on a date; another câmara's norma not found.

use axum::http::StatusCode;
use domain::normas::TipoVinculo;
use serde_json::Value;
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::normas::NovoVinculo;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::normas::dados;
use testkit::http::{TestApp, host_of};
use time::Date;
use time::macros::date;
use uuid::Uuid;

const TEXTO: &str = "Art. 1º Fica criado o programa.\nArt. 2º O programa terá:\nI – hortas;\nII – feiras.\nArt. 3º Vigência.";

/// name, data de assinatura, indexação, início and fim of the vigência.
type Lei = (&'static str, Date, &'static str, Option<Date>, Option<Date>);

struct Cena {
    /// By name: base (altered and partly revoked), revogada, suspensa, repristinada,
    /// futura (vigência to come), encerrada (vigência ended), alteradora.
    ids: Vec<(&'static str, Uuid)>,
}

impl Cena {
    fn id(&self, nome: &str) -> Uuid {
        self.ids.iter().find(|(n, _)| *n == nome).unwrap().1
    }
}

async fn cena(env: &TestEnv, t: &Tenant) -> Cena {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let autor = Autor::cli("teste");
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let mut ids = Vec::new();
    let leis: [Lei; 7] = [
        ("base", date!(2020 - 02 - 10), "cultura, Hortas", None, None),
        ("revogada", date!(2019 - 01 - 05), "transporte", None, None),
        ("suspensa", date!(2019 - 03 - 05), "transporte", None, None),
        ("repristinada", date!(2019 - 05 - 05), "saúde", None, None),
        (
            "futura",
            date!(2021 - 01 - 01),
            "saúde",
            Some(date!(2099 - 01 - 01)),
            None,
        ),
        (
            "encerrada",
            date!(2018 - 01 - 01),
            "saúde",
            None,
            Some(date!(2019 - 12 - 31)),
        ),
        ("alteradora", date!(2022 - 03 - 05), "", None, None),
    ];
    for (nome, d, indexacao, inicio, fim) in leis {
        let mut x = dados(
            lo,
            format!("Dispõe sobre o programa {nome} da cidade"),
            TEXTO.into(),
            d,
        );
        x.indexacao = indexacao.into();
        x.vigencia_inicio = inicio.or(Some(d));
        x.vigencia_fim = fim;
        ids.push((
            nome,
            store::normas::criar(&mut tx, &autor, &x).await.unwrap(),
        ));
    }
    let c = Cena { ids };
    let vinculos: [(&str, TipoVinculo, Option<&str>, &str); 7] = [
        (
            "base",
            TipoVinculo::Altera,
            Some("art1"),
            "Art. 1º Fica criado o programa e a feira.",
        ),
        ("base", TipoVinculo::Revoga, Some("art2_inc2"), ""),
        ("revogada", TipoVinculo::Revoga, None, ""),
        ("suspensa", TipoVinculo::Suspende, None, ""),
        ("repristinada", TipoVinculo::Revoga, None, ""),
        ("repristinada", TipoVinculo::Repristina, None, ""),
        ("futura", TipoVinculo::Regulamenta, None, ""),
    ];
    for (i, (alvo, tipo, disp, novo)) in vinculos.into_iter().enumerate() {
        let v = NovoVinculo {
            alvo_id: c.id(alvo),
            tipo,
            dispositivo: disp.map(str::to_owned),
            texto_novo: novo.into(),
            vigencia: date!(2022 - 03 - 05) + time::Duration::days(i as i64),
            observacao: String::new(),
        };
        store::normas::vinculos::adicionar(&mut tx, &autor, c.id("alteradora"), &v)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    c
}

async fn json(app: &TestApp, host: &str, path: &str) -> Value {
    let r = app.get(host, path).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

fn ids_de(v: &Value) -> Vec<String> {
    v["dados"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_collection_with_its_filters_pages_and_csv() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-api", "pool").await;
    let c = cena(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);

    let todas = json(&app, &host, "/api/v1/normas").await;
    assert_eq!(ids_de(&todas).len(), 7);
    let base = todas["dados"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == c.id("base").to_string())
        .unwrap();
    assert_eq!(base["situacao"], "revogada_parcialmente");
    assert_eq!(base["sigla_tipo"], "LO");
    assert!(
        base["urn"]
            .as_str()
            .unwrap()
            .starts_with("urn:lex:br;pernambuco;olinda:municipal:lei:2020-02-10;")
    );

    // Newest first, one per page to the end through the "next" links.
    let mut visto = Vec::new();
    let mut proximo = Some("/api/v1/normas?itens=2".to_owned());
    while let Some(p) = proximo {
        let v = json(&app, &host, &p).await;
        visto.extend(ids_de(&v));
        proximo = v["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == "next")
            .map(|l| l["href"].as_str().unwrap().to_owned());
    }
    assert_eq!(visto, ids_de(&todas));

    let um = |q: &'static str| {
        let (app, host) = (&app, &host);
        async move { ids_de(&json(app, host, &format!("/api/v1/normas?{q}")).await) }
    };
    assert_eq!(um("assunto=hortas").await, vec![c.id("base").to_string()]);
    assert_eq!(um("assunto=transporte").await.len(), 2);
    assert_eq!(um("ano=2018").await, vec![c.id("encerrada").to_string()]);
    assert_eq!(um("tipo=lo&ano=2020").await, vec![c.id("base").to_string()]);
    assert_eq!(
        um("texto=repristinada").await,
        vec![c.id("repristinada").to_string()]
    );
    assert!(um("tipo=LC").await.is_empty());

    let r = app.get(&host, "/api/v1/normas?tipo=XYZ").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.get(&host, "/api/v1/normas?vigencia=talvez").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("vigente ou nao_vigente"), "{}", r.body);

    let r = app
        .get(&host, "/api/v1/normas?formato=csv&assunto=hortas")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("text/csv"));
    assert!(r.body.starts_with('\u{feff}'));
    assert!(r.body.contains("revogada_parcialmente"));
    assert_eq!(r.body.lines().count(), 2, "header and one norma");
}

#[tokio::test]
async fn the_vigencia_filter_agrees_with_the_situacao() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-vig", "pool").await;
    let c = cena(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let todas = json(&app, &host, "/api/v1/normas").await;
    let vigentes = ids_de(&json(&app, &host, "/api/v1/normas?vigencia=vigente").await);
    let nao = ids_de(&json(&app, &host, "/api/v1/normas?vigencia=nao_vigente").await);
    for n in todas["dados"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap().to_owned();
        let situacao = n["situacao"].as_str().unwrap();
        let em_vigor = matches!(situacao, "vigente" | "revogada_parcialmente");
        assert_eq!(vigentes.contains(&id), em_vigor, "{situacao}");
        assert_eq!(nao.contains(&id), !em_vigor, "{situacao}");
    }
    let situacao = |nome: &str| {
        let id = c.id(nome).to_string();
        todas["dados"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap()["situacao"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for (nome, s) in [
        ("base", "revogada_parcialmente"),
        ("revogada", "revogada"),
        ("suspensa", "suspensa"),
        ("repristinada", "vigente"),
        ("futura", "aguardando_vigencia"),
        ("encerrada", "vigencia_encerrada"),
        ("alteradora", "vigente"),
    ] {
        assert_eq!(situacao(nome), s, "{nome}");
    }

    // The public list has the same filters, every error at once.
    let r = app
        .get(&host, "/legislativo/normas?vigencia=nao_vigente")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("4 normas encontradas."), "{}", r.body);
    assert!(r.body.contains("programa revogada"));
    assert!(!r.body.contains("programa repristinada"));
    let r = app
        .get(
            &host,
            "/legislativo/normas?assunto=Sa%C3%BAde&vigencia=vigente",
        )
        .await;
    assert!(r.body.contains("1 norma encontrada."), "{}", r.body);
    assert!(r.body.contains("programa repristinada"));
    let r = app
        .get(&host, "/legislativo/normas?vigencia=talvez&ano=12")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Vigência desconhecida: &#34;talvez&#34;"),
        "{}",
        r.body
    );
    assert!(r.body.contains("O ano deve ter quatro dígitos"));
}

#[tokio::test]
async fn the_compiled_text_by_dispositivo_and_on_a_date() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-texto", "pool").await;
    let outra = env.camara("normas-texto-b", "pool").await;
    let c = cena(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let base = c.id("base");

    let v = json(&app, &host, &format!("/api/v1/normas/{base}/texto")).await;
    let d = &v["dados"];
    assert!(d["vigente_em"].is_null());
    let disp = |d: &Value, id: &str| {
        d["dispositivos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .cloned()
            .unwrap()
    };
    let art1 = disp(d, "art1");
    assert_eq!(art1["texto"], "Fica criado o programa e a feira.");
    assert_eq!(
        art1["redacoes_anteriores"][0]["texto"],
        "Art. 1º Fica criado o programa."
    );
    assert!(
        art1["notas"][0]
            .as_str()
            .unwrap()
            .starts_with("Redação dada pela")
    );
    let inc2 = disp(d, "art2_inc2");
    assert_eq!(inc2["estado"], "revogado");
    assert_eq!(inc2["tipo"], "inciso");
    assert_eq!(disp(d, "art3")["rotulo"], "Art. 3º");

    // On a date before the alterations: the original words, nothing revoked.
    let v = json(
        &app,
        &host,
        &format!("/api/v1/normas/{base}/texto?vigente_em=2021-01-01"),
    )
    .await;
    let d = &v["dados"];
    assert_eq!(d["vigente_em"], "2021-01-01");
    assert_eq!(disp(d, "art1")["texto"], "Fica criado o programa.");
    assert_eq!(disp(d, "art2_inc2")["estado"], "vigente");

    let r = app
        .get(
            &host,
            &format!("/api/v1/normas/{base}/texto?vigente_em=01/01/2021"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .get(&host_of(&outra), &format!("/api/v1/normas/{base}/texto"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "another câmara's norma");
    let r = app.get(&host, "/api/v1/normas/nada/texto").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn each_norma_carries_its_origin_proposicao_in_json_csv_and_the_openapi_document() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-origem", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let autor = Autor::cli("teste");
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let p = testkit::fixtures::autografos::protocolada(
        &mut tx,
        &autor,
        "PL",
        "Cria o programa municipal de hortas",
        TEXTO,
        "Vereadora Ana",
    )
    .await;
    let (numero, ano): (i32, i32) =
        sqlx::query_as("SELECT numero, ano FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tx.tenant_id())
            .bind(p)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    let mut com = dados(
        lo,
        "Cria o programa de hortas".into(),
        TEXTO.into(),
        date!(2024 - 05 - 02),
    );
    com.proposicao_id = Some(p);
    let n = store::normas::criar(&mut tx, &autor, &com).await.unwrap();
    let sem = dados(
        lo,
        "Denomina a praça central".into(),
        TEXTO.into(),
        date!(2023 - 05 - 02),
    );
    let s = store::normas::criar(&mut tx, &autor, &sem).await.unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);

    let v = json(&app, &host, "/api/v1/normas").await;
    let linha = |id: Uuid| {
        v["dados"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id.to_string())
            .unwrap()
            .clone()
    };
    let a = linha(n);
    assert_eq!(a["proposicao_id"], p.to_string());
    assert_eq!(a["proposicao"], format!("PL {numero}/{ano}"));
    assert_eq!(a["proposicao_sigla"], "PL");
    assert_eq!(a["proposicao_tipo"], "Projeto de Lei");
    assert_eq!(a["proposicao_numero"], numero);
    assert_eq!(a["proposicao_ano"], ano);
    let uri = format!("/legislativo/proposicoes/{ano}/pl/{numero}");
    assert_eq!(a["proposicao_uri"], uri.as_str());
    assert_eq!(a["proposicao_api"], format!("/api/v1/proposicoes/{p}"));
    // The links lead to the proposição.
    let r = app.get(&host, &uri).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}");
    assert!(r.body.contains("Cria o programa municipal de hortas"));
    let r = app.get(&host, &format!("/api/v1/proposicoes/{p}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let b = linha(s);
    for campo in [
        "proposicao_id",
        "proposicao_sigla",
        "proposicao_tipo",
        "proposicao_numero",
        "proposicao_ano",
        "proposicao_uri",
        "proposicao_api",
    ] {
        assert!(b[campo].is_null(), "{campo} of a norma without origin");
    }

    // The CSV has the columns and the values.
    let r = app.get(&host, "/api/v1/normas?formato=csv").await;
    assert_eq!(r.status, StatusCode::OK);
    let cabecalho = r.body.lines().next().unwrap().to_owned();
    for campo in [
        "proposicao_sigla",
        "proposicao_tipo",
        "proposicao_numero",
        "proposicao_ano",
        "proposicao_uri",
        "proposicao_api",
    ] {
        assert!(cabecalho.contains(campo), "{campo} in {cabecalho}");
    }
    let com_origem = r.body.lines().find(|l| l.contains(&n.to_string())).unwrap();
    assert!(
        com_origem.contains(&uri) && com_origem.contains("Projeto de Lei"),
        "{com_origem}"
    );

    // The OpenAPI document describes them.
    let doc = json(&app, &host, "/api/v1/openapi.json").await;
    let props = doc["components"]["schemas"]["NormaDados"]["properties"]
        .as_object()
        .unwrap();
    for campo in [
        "proposicao_sigla",
        "proposicao_tipo",
        "proposicao_numero",
        "proposicao_ano",
        "proposicao_uri",
        "proposicao_api",
    ] {
        assert!(props.contains_key(campo), "{campo} in the OpenAPI document");
        assert!(
            props[campo]["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty())
                || props[campo].to_string().contains("description"),
            "{campo} described: {}",
            props[campo]
        );
    }
}
