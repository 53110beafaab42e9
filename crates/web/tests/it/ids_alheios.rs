//! An id of another câmara on any admin id route: a plain 404, and the attempt recorded as a
//! security event, whatever the area (one layer for all of them, `web::http::alheio`).

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use testkit::TestEnv;
use testkit::escritas::um_id_por_tabela;
use testkit::fixtures::{logged_in, populate};
use testkit::http::host_of;
use testkit::isolation::fill_path;

async fn eventos(env: &TestEnv, a: i32, id: uuid::Uuid) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM control.security_events
          WHERE kind = 'id_de_outra_camara' AND host_tenant_id = $1 AND details->>'id' = $2",
    )
    .bind(a)
    .bind(id.to_string())
    .fetch_one(env.store.control())
    .await
    .unwrap()
}

#[tokio::test]
async fn every_admin_id_route_records_an_id_of_another_camara() {
    let env = TestEnv::new().await;
    let a = env.camara("alheio-a", "pool").await;
    let b = env.camara("alheio-b", "pool").await;
    populate(&env.store, &a).await;
    populate(&env.store, &b).await;
    let (ids_a, ids_b) = (
        um_id_por_tabela(&env.store, &a).await,
        um_id_por_tabela(&env.store, &b).await,
    );
    let (_, cookie) = logged_in(&env.store, &a, Papel::Admin).await;
    let app = env.app();
    let host = host_of(&a);
    let mut vistas = Vec::new();
    for r in web::routes::route_info() {
        if r.method != Method::GET || r.permissao.is_none() || r.path.matches('{').count() != 1 {
            continue;
        }
        // The table this route's id comes from: the one whose id of A opens the page.
        let mut tabela = None;
        for (t, id) in &ids_a {
            let resp = app
                .get_as(&host, &fill_path(r.path, &id.to_string()), &cookie)
                .await;
            if resp.status == StatusCode::OK {
                tabela = Some(t.clone());
                break;
            }
        }
        let Some(tabela) = tabela else { continue };
        let Some(&alheio) = ids_b.get(&tabela) else {
            continue;
        };
        let antes = eventos(&env, a.id, alheio).await;
        let resp = app
            .get_as(&host, &fill_path(r.path, &alheio.to_string()), &cookie)
            .await;
        assert_eq!(
            resp.status,
            StatusCode::NOT_FOUND,
            "{} with B's {tabela}",
            r.path
        );
        assert!(
            !resp.body.contains(&testkit::fixtures::canary(&b)),
            "{}",
            r.path
        );
        assert_eq!(
            eventos(&env, a.id, alheio).await,
            antes + 1,
            "{} with B's {tabela} id was not recorded",
            r.path
        );
        vistas.push(r.path);
    }
    for area in [
        "/admin/parlamentares/",
        "/admin/mesa/",
        "/admin/comissoes/",
        "/admin/sessoes/",
        "/admin/noticias/",
        "/admin/paginas/",
        "/admin/proposicoes/",
    ] {
        assert!(
            vistas.iter().any(|p| p.starts_with(area)),
            "no id route of {area} walked: {vistas:#?}"
        );
    }
    // A's own unknown id is a 404 without any event.
    let nenhum = uuid::Uuid::now_v7();
    let resp = app
        .get_as(&host, &format!("/admin/noticias/{nenhum}"), &cookie)
        .await;
    assert_eq!(resp.status, StatusCode::NOT_FOUND);
    assert_eq!(eventos(&env, a.id, nenhum).await, 0);
}
