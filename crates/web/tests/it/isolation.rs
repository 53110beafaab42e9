//! The isolation suite: database level, HTTP level, a shared tiny pool, and mutation runs
//! that prove the suite fails when isolation is broken.

use proptest::prelude::*;
use store::infra::check;
use testkit::fixtures::{canary, populate};
use testkit::http::host_of;
use testkit::{TestEnv, isolation};

#[tokio::test]
async fn database_level_every_table_isolated() {
    let env = TestEnv::new().await;
    let a = env.camara("iso-a", "pool").await;
    let b = env.camara("iso-b", "pool").await;
    populate(&env.store, &a).await;
    populate(&env.store, &b).await;
    let findings = isolation::check_database(&env.store, &a, &b).await;
    assert!(findings.is_empty(), "{findings:#?}");
    let findings = isolation::check_database(&env.store, &b, &a).await;
    assert!(findings.is_empty(), "{findings:#?}");
}

#[tokio::test]
async fn database_level_in_a_dedicated_database() {
    // Two câmaras can never share a dedicated database, so check the other way round:
    // a dedicated câmara's database holds nothing of anyone else, and RLS is still on.
    let env = TestEnv::new().await;
    let d = env.camara("iso-ded", "dedicated").await;
    populate(&env.store, &d).await;
    let c = testkit::cluster::get();
    let mut su = c
        .superuser(d.placement.database().expect("dedicated"))
        .await;
    let others: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM app.camara_config WHERE tenant_id <> $1)
              + (SELECT count(*) FROM plenario.resident WHERE tenant_id <> $1)",
    )
    .bind(d.id)
    .fetch_one(&mut su)
    .await
    .unwrap();
    assert_eq!(others, 0);
    let findings = check::check_connection(&mut su).await.unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[tokio::test]
async fn http_level_no_route_shows_another_camaras_data() {
    let env = TestEnv::new().await;
    let a = env.camara("http-a", "pool").await;
    let b = env.camara("http-b", "pool").await;
    let d = env.camara("http-d", "dedicated").await;
    for t in [&a, &b, &d] {
        populate(&env.store, t).await;
    }
    let app = env.app();
    for (x, y) in [(&a, &b), (&b, &a), (&a, &d), (&d, &a)] {
        let findings = isolation::check_http(&app, &env.store, x, y).await;
        assert!(findings.is_empty(), "{findings:#?}");
    }
}

#[test]
fn every_get_route_is_walked() {
    // The HTTP suite walks web::routes::route_info(); the home page must be in it.
    let routes = web::routes::route_info();
    assert!(routes.iter().any(|r| r.path == "/" && r.method == "GET"));
    assert_eq!(
        isolation::fill_path("/parlamentares/{slug}/x/{id}", "abc"),
        "/parlamentares/abc/x/abc"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Interleaved requests of three câmaras over a pool of two connections: each response
    /// shows its own câmara's canary and nobody else's.
    #[test]
    fn tiny_pool_never_crosses_camaras(order in proptest::collection::vec(0usize..3, 6..40)) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let env = TestEnv::with(2, &[]).await;
            let ts = shared_camaras(&env).await;
            let app = env.app();
            let requests = order.iter().map(|&i| {
                let app = app.clone();
                let t = ts[i].clone();
                async move { (i, app.get(&host_of(&t), "/").await) }
            });
            let responses = futures::future::join_all(requests).await;
            for (i, resp) in responses {
                assert_eq!(resp.status, 200, "{}", resp.body);
                for (j, t) in ts.iter().enumerate() {
                    assert_eq!(resp.body.contains(&canary(t)), i == j, "câmara {i} got {j}'s page");
                }
            }
        });
    }
}

/// Three populated câmaras shared by the property-test cases (one per test binary).
async fn shared_camaras(env: &TestEnv) -> Vec<store::infra::catalog::Tenant> {
    static SLUGS: tokio::sync::OnceCell<Vec<String>> = tokio::sync::OnceCell::const_new();
    let slugs = SLUGS
        .get_or_init(|| async {
            let mut slugs = Vec::new();
            for placement in ["pool", "pool", "dedicated"] {
                let t = env.camara("prop", placement).await;
                populate(&env.store, &t).await;
                slugs.push(t.slug);
            }
            slugs
        })
        .await;
    let mut out = Vec::new();
    for s in slugs {
        out.push(
            store::infra::catalog::get_by_slug(env.store.control(), s)
                .await
                .unwrap(),
        );
    }
    out
}

/// Mutation runs: break isolation in a scratch database in each way the suite must catch,
/// and show that it then fails.
#[tokio::test]
async fn mutation_no_force_is_caught() {
    let (env, a, b) = scratch_pair("mut_force").await;
    let mut su = scratch_superuser("mut_force").await;
    sqlx::raw_sql("ALTER TABLE app.contador NO FORCE ROW LEVEL SECURITY")
        .execute(&mut su)
        .await
        .unwrap();
    let findings = check::check_connection(&mut su).await.unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.object == "app.contador" && f.problem.contains("não está forçada")),
        "{findings:#?}"
    );
    // The application role is not the owner, so its row tests still pass: the catalog
    // check is the part of the suite that guards FORCE (the owner runs moves and exports).
    let role_findings = isolation::check_database(&env.store, &a, &b).await;
    assert!(role_findings.is_empty(), "{role_findings:#?}");
}

#[tokio::test]
async fn mutation_permissive_policy_is_caught() {
    let (env, a, b) = scratch_pair("mut_policy").await;
    let mut su = scratch_superuser("mut_policy").await;
    sqlx::raw_sql(
        "DROP POLICY tenant_isolation ON app.camara_rede_social;
         CREATE POLICY tenant_isolation ON app.camara_rede_social USING (true) WITH CHECK (true)",
    )
    .execute(&mut su)
    .await
    .unwrap();
    let findings = check::check_connection(&mut su).await.unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.object == "app.camara_rede_social"),
        "{findings:#?}"
    );
    let role_findings = isolation::check_database(&env.store, &a, &b).await;
    assert!(
        role_findings
            .iter()
            .any(|f| f.contains("app.camara_rede_social") && f.contains("enxergou")),
        "{role_findings:#?}"
    );
    // And the HTTP level sees the leak? The home page lists its own redes by tenant_id,
    // so it stays clean: the database-level suite is the one that must catch this.
}

#[tokio::test]
async fn mutation_single_column_foreign_key_is_caught() {
    let (env, a, b) = scratch_pair("mut_fk").await;
    let mut su = scratch_superuser("mut_fk").await;
    sqlx::raw_sql(
        "ALTER TABLE app.camara_rede_social DROP CONSTRAINT camara_rede_social_tenant_id_config_id_fkey;
         ALTER TABLE app.camara_config ADD CONSTRAINT camara_config_id_key UNIQUE (id);
         ALTER TABLE app.camara_rede_social ADD CONSTRAINT rede_config_fk
             FOREIGN KEY (config_id) REFERENCES app.camara_config (id)",
    )
    .execute(&mut su)
    .await
    .unwrap();
    let findings = check::check_connection(&mut su).await.unwrap();
    let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|f| f.contains("rede_config_fk") && f.contains("não começa por tenant_id")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|f| f.contains("camara_config_id_key")),
        "{text:#?}"
    );
    let role_findings = isolation::check_database(&env.store, &a, &b).await;
    assert!(
        role_findings
            .iter()
            .any(|f| f.contains("apontar para app.camara_config de B")),
        "{role_findings:#?}"
    );
}

#[tokio::test]
async fn mutation_definer_view_and_role_bypass_are_caught() {
    let (_env, _a, _b) = scratch_pair("mut_view").await;
    let mut su = scratch_superuser("mut_view").await;
    sqlx::raw_sql(
        "CREATE VIEW app.todas_configs AS SELECT * FROM app.camara_config;
         CREATE FUNCTION public.espia() RETURNS bigint LANGUAGE sql SECURITY DEFINER
             AS 'SELECT count(*) FROM app.camara_config';
         GRANT TRUNCATE ON app.contador TO plenario_app;",
    )
    .execute(&mut su)
    .await
    .unwrap();
    let findings: Vec<String> = check::check_connection(&mut su)
        .await
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    for expected in ["app.todas_configs", "public.espia()", "TRUNCATE"] {
        assert!(
            findings.iter().any(|f| f.contains(expected)),
            "{expected}: {findings:#?}"
        );
    }
}

#[tokio::test]
async fn clean_databases_pass_the_tenancy_check() {
    let env = TestEnv::new().await;
    env.camara("check", "dedicated").await;
    let n = check::check_all(&env.store).await.unwrap();
    assert!(n >= 2, "checked {n} databases");
}

async fn scratch_pair(
    name: &str,
) -> (
    TestEnv,
    store::infra::catalog::Tenant,
    store::infra::catalog::Tenant,
) {
    let env = TestEnv::with_scratch(name).await;
    let placement = format!("pool@{name}");
    let a = env.camara("mut-a", &placement).await;
    let b = env.camara("mut-b", &placement).await;
    populate(&env.store, &a).await;
    populate(&env.store, &b).await;
    // Sanity: before the mutation the suite passes on this database.
    let before = isolation::check_database(&env.store, &a, &b).await;
    assert!(before.is_empty(), "{before:#?}");
    (env, a, b)
}

async fn scratch_superuser(name: &str) -> sqlx::PgConnection {
    testkit::cluster::get()
        .superuser(&format!("scratch_{name}"))
        .await
}

#[tokio::test]
async fn http_level_no_form_writes_into_another_camara_with_its_ids() {
    let env = TestEnv::new().await;
    let a = env.camara("esc-a", "pool").await;
    let b = env.camara("esc-b", "pool").await;
    populate(&env.store, &a).await;
    populate(&env.store, &b).await;
    let app = env.app();
    let r = testkit::escritas::check_writes(&app, &env.store, &a, &b).await;
    eprintln!(
        "{} of {} forms posted with B's ids",
        r.enviados, r.formularios
    );
    assert!(r.achados.is_empty(), "{:#?}", r.achados);
    // The walk reached the forms of every area that edits rows by id.
    assert!(
        r.enviados >= 20,
        "only {} of {} forms carried ids of A",
        r.enviados,
        r.formularios
    );
}

#[tokio::test]
async fn master_panel_routes_are_walked_off_host_as_a_camara_admin_and_with_another_camaras_ids() {
    let env = TestEnv::new().await;
    let a = env.camara("mestre-a", "pool").await;
    let b = env.camara("mestre-b", "pool").await;
    populate(&env.store, &a).await;
    populate(&env.store, &b).await;
    let app = env.app();
    let r = testkit::plataforma::check_master_panel(&app, &env.store, &a, &b).await;
    eprintln!("{r:?}");
    assert!(r.achados.is_empty(), "{:#?}", r.achados);
    // Every route was tried on A's host, every protected one as A's admin, and at least
    // the route naming a user of B was tried with B's id.
    let rotas = web::routes::plataforma_route_info();
    let abertas = rotas
        .iter()
        .filter(|x| web::routes::PLATAFORMA_PUBLIC.contains(&x.path))
        .count();
    assert_eq!(r.no_host_da_camara, rotas.len());
    assert_eq!(r.como_admin_da_camara, rotas.len() - abertas);
    assert!(r.com_ids_de_b >= 1, "{r:?}");
}
