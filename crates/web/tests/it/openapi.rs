//! The OpenAPI document: every open-data route of the route table is described, and what
//! each collection really answers matches the schema the document gives for it.

use axum::http::{Method, StatusCode};
use serde_json::Value;
use testkit::TestEnv;
use testkit::fixtures::populate;
use testkit::http::host_of;

#[tokio::test]
async fn every_open_data_route_is_described_and_answers_what_its_schema_says() {
    let env = TestEnv::new().await;
    let t = env.camara("openapi", "pool").await;
    populate(&env.store, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/api/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&r.body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();

    let api_routes: Vec<&str> = web::routes::route_info()
        .into_iter()
        .filter(|r| r.method == Method::GET && r.path.starts_with("/api/v1/"))
        .map(|r| r.path)
        .filter(|p| *p != "/api/v1/openapi.json")
        .collect();
    assert!(api_routes.len() >= 3, "{api_routes:?}");
    for rota in &api_routes {
        let op = &paths
            .get(*rota)
            .unwrap_or_else(|| panic!("{rota} is not in the OpenAPI document"))["get"];
        if let Some((colecao, resto)) = rota.split_once("/{id}") {
            // One resource by id (or a part of one: `/sessoes/{id}/votacoes`):
            // `{"dados": {...}}` for an id of its collection, 404 else.
            let item_ref = op["responses"]["200"]["content"]["application/json"]["schema"]
                ["properties"]["dados"]["$ref"]
                .as_str()
                .unwrap_or_else(|| panic!("{rota}: no schema"));
            let props = schemas[item_ref.rsplit('/').next().unwrap()]["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{rota}: schema without properties"));
            let lista: Value = serde_json::from_str(&app.get(&host, colecao).await.body).unwrap();
            let id = lista["dados"][0]["id"].as_str().unwrap();
            let resp = app.get(&host, &format!("{colecao}/{id}{resto}")).await;
            assert_eq!(resp.status, StatusCode::OK, "{rota}: {}", resp.body);
            let body: Value = serde_json::from_str(&resp.body).unwrap();
            for campo in body["dados"].as_object().unwrap().keys() {
                assert!(
                    props.contains_key(campo),
                    "{rota}: {campo} not in the schema"
                );
            }
            let resp = app
                .get(&host, &format!("{colecao}/{}{resto}", uuid::Uuid::nil()))
                .await;
            assert_eq!(resp.status, StatusCode::NOT_FOUND, "{rota}");
            continue;
        }
        let item_ref =
            op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["dados"]
                ["items"]["$ref"]
                .as_str()
                .unwrap_or_else(|| panic!("{rota}: no item schema"));
        let nome = item_ref.rsplit('/').next().unwrap();
        let schema = &schemas[nome];
        let props = schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{rota}: schema {nome} has no properties"));

        // What the route really answers fits the schema, field by field.
        let resp = app.get(&host, rota).await;
        assert_eq!(resp.status, StatusCode::OK, "{rota}: {}", resp.body);
        let body: Value = serde_json::from_str(&resp.body).unwrap();
        let dados = body["dados"].as_array().unwrap();
        assert!(!dados.is_empty(), "{rota}: the fixtures give it rows");
        for item in dados {
            for (campo, valor) in item.as_object().unwrap() {
                assert!(
                    props.contains_key(campo),
                    "{rota}: field {campo} answered but not in schema {nome}"
                );
                let _ = valor;
            }
            for campo in schema["required"].as_array().into_iter().flatten() {
                assert!(
                    item.get(campo.as_str().unwrap()).is_some(),
                    "{rota}: required {campo} missing in {item}"
                );
            }
        }
    }
    // Never a personal field in any schema.
    for (nome, schema) in schemas {
        for campo in schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            assert!(
                ![
                    "cpf",
                    "rg",
                    "data_nascimento",
                    "nascimento",
                    "endereco_residencial"
                ]
                .contains(&campo.as_str()),
                "{nome}.{campo} in the document"
            );
        }
    }
}
