//! The open-data API does what its document says. For every collection and every parameter
//! the *served* OpenAPI document declares (so a filter documented but ignored fails here),
//! a valid value changes the answer on seeded data, and invalid values are refused with a
//! Portuguese `application/problem+json`.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::Value;
use testkit::TestEnv;
use testkit::fixtures::{api, populate};
use testkit::http::{TestApp, host_of};

async fn pedir(app: &TestApp, host: &str, url: &str) -> (StatusCode, String, Value, String) {
    let r = app.get(host, url).await;
    let v = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    (r.status, r.content_type, v, r.body)
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn com(path: &str, nome: &str, valor: &str) -> String {
    format!("{path}?{nome}={}", enc(valor))
}

/// Every scalar of a JSON value (and, for ISO dates, the date and its year).
fn escalares(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
            if s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
                out.insert(s[..10].to_owned());
                out.insert(s[..4].to_owned());
            }
        }
        Value::Number(n) => {
            out.insert(n.to_string());
        }
        Value::Array(a) => a.iter().for_each(|x| escalares(x, out)),
        Value::Object(m) => m.values().for_each(|x| escalares(x, out)),
        _ => {}
    }
}

/// Whether `valor` fits the parameter's schema.
fn cabe(schema: &Value, valor: &str) -> bool {
    match schema["type"].as_str() {
        Some("integer") => valor.parse::<i64>().is_ok_and(|n| {
            schema["minimum"].as_i64().is_none_or(|m| n >= m)
                && schema["maximum"].as_i64().is_none_or(|m| n <= m)
        }),
        _ => match schema["format"].as_str() {
            Some("date") => time::Date::parse(
                valor,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .is_ok(),
            Some("uuid") => valor.parse::<uuid::Uuid>().is_ok(),
            _ => !valor.is_empty(),
        },
    }
}

/// Values the parameter's schema calls invalid (or that name nothing in the câmara).
fn invalidos(schema: &Value) -> Vec<String> {
    let mut v = vec!["valor\u{0}nulo".to_owned()];
    match schema["type"].as_str() {
        Some("integer") => {
            v.push("abc".into());
            v.push("99999999999999999999".into());
            if let Some(m) = schema["maximum"].as_i64() {
                v.push((m + 1).to_string());
            }
            if let Some(m) = schema["minimum"].as_i64() {
                v.push((m - 1).to_string());
            }
        }
        _ => match schema["format"].as_str() {
            Some("date") => v.extend(["2025-13-45".into(), "ontem".into()]),
            Some("uuid") => v.push("nao-e-um-uuid".into()),
            _ => {
                if let Some(e) = schema["enum"].as_array() {
                    assert!(!e.iter().any(|x| x == "xml"));
                    v.push("xml".into());
                }
            }
        },
    }
    v
}

fn confere_problema(
    esperado: StatusCode,
    url: &str,
    status: StatusCode,
    ct: &str,
    corpo: &Value,
    bruto: &str,
) {
    assert_eq!(status, esperado, "{url}: {bruto}");
    assert_eq!(ct, "application/problem+json", "{url}");
    assert_eq!(corpo["status"], esperado.as_u16(), "{url}: {bruto}");
    let (titulo, detalhe) = (
        corpo["title"].as_str().unwrap_or_default(),
        corpo["detail"].as_str().unwrap_or_default(),
    );
    assert!(!titulo.is_empty() && !detalhe.is_empty(), "{url}: {bruto}");
    for ingles in ["Failed", "invalid", "deserialize", "missing", "expected"] {
        assert!(!detalhe.contains(ingles), "{url}: English in {detalhe}");
    }
}

#[tokio::test]
async fn every_documented_parameter_changes_the_result_and_invalid_values_are_refused() {
    let env = TestEnv::new().await;
    let t = env.camara("apifiltros", "pool").await;
    populate(&env.store, &t).await;
    api::ampliar(&env.store, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, _, doc, _) = pedir(&app, &host, "/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 7, "{paths:?}");

    // Candidate filter values: everything the collections answer.
    let mut candidatos = BTreeSet::new();
    for path in paths.keys().filter(|p| !p.contains('{')) {
        let (s, _, v, b) = pedir(&app, &host, &format!("{path}?itens=100")).await;
        assert_eq!(s, StatusCode::OK, "{path}: {b}");
        escalares(&v["dados"], &mut candidatos);
    }

    let mut filtros_testados = 0;
    // One resource by id (`/{id}`) has no query parameters to try.
    for (path, item) in paths.iter().filter(|(p, _)| !p.contains('{')) {
        let (s, _, base, b) = pedir(&app, &host, path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {b}");
        let dados = &base["dados"];
        assert!(
            dados.as_array().unwrap().len() >= 2,
            "{path}: the fixtures give it two rows at least: {b}"
        );
        let params = item["get"]["parameters"].as_array().unwrap();
        for p in params {
            let nome = p["name"].as_str().unwrap();
            let schema = &p["schema"];
            match nome {
                "itens" => {
                    let (s, _, v, b) = pedir(&app, &host, &com(path, "itens", "1")).await;
                    assert_eq!(s, StatusCode::OK, "{path}: {b}");
                    assert_eq!(v["dados"].as_array().unwrap().len(), 1, "{path}: {b}");
                }
                "cursor" => {
                    let (_, _, v, b) = pedir(&app, &host, &com(path, "itens", "1")).await;
                    let next = v["links"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|l| l["rel"] == "next")
                        .and_then(|l| l["href"].as_str())
                        .unwrap_or_else(|| panic!("{path}: no next link: {b}"))
                        .to_owned();
                    let (s, _, v2, b2) = pedir(&app, &host, &next).await;
                    assert_eq!(s, StatusCode::OK, "{next}: {b2}");
                    assert_ne!(
                        v["dados"], v2["dados"],
                        "{path}: the cursor changed nothing"
                    );
                    assert!(
                        !v2["dados"].as_array().unwrap().is_empty(),
                        "{next}: the second page is empty"
                    );
                }
                "formato" => {
                    let r = app.get(&host, &com(path, "formato", "csv")).await;
                    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
                    assert!(r.content_type.starts_with("text/csv"), "{path}");
                    assert!(r.body.lines().count() >= 3, "{path}: {}", r.body);
                }
                _ => {
                    filtros_testados += 1;
                    let mut mudou = None;
                    for c in candidatos.iter().filter(|c| cabe(schema, c)) {
                        let url = com(path, nome, c);
                        let (s, _, v, _) = pedir(&app, &host, &url).await;
                        if s == StatusCode::OK && v["dados"] != *dados {
                            mudou = Some(url);
                            break;
                        }
                    }
                    assert!(
                        mudou.is_some(),
                        "{path}: no value of the documented filter {nome} changes the answer"
                    );
                }
            }
            for ruim in invalidos(schema) {
                let url = com(path, nome, &ruim);
                let (s, ct, v, b) = pedir(&app, &host, &url).await;
                confere_problema(StatusCode::BAD_REQUEST, &url, s, &ct, &v, &b);
            }
            let filtro_de_texto = schema["type"].as_str() == Some("string")
                && schema["format"].is_null()
                && schema["enum"].is_null();
            if filtro_de_texto && !["itens", "cursor", "formato"].contains(&nome) {
                // A text filter names something of the câmara (a sigla, a tipo): a value
                // that names nothing is a 404, not ignored.
                let url = com(path, nome, "nada-com-este-nome");
                let (s, ct, v, b) = pedir(&app, &host, &url).await;
                confere_problema(StatusCode::NOT_FOUND, &url, s, &ct, &v, &b);
            }
        }
        // A parameter the document does not declare is refused, not ignored.
        let url = format!("{path}?naoexiste=1");
        let (s, ct, v, b) = pedir(&app, &host, &url).await;
        confere_problema(StatusCode::BAD_REQUEST, &url, s, &ct, &v, &b);
    }
    assert!(filtros_testados >= 5, "{filtros_testados} filters");
}
