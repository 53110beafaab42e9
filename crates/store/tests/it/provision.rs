//! Provisioning and deletion: all or nothing, with clear messages.

use domain::{PlacementTarget, Slug};
use store::infra::catalog;
use store::infra::provision::{self, NewTenant};
use store::{Access, DataDb, Error, TenantTx, camara};
use testkit::{BASE_DOMAIN, TestEnv, unique};

fn new(slug: &str, placement: &str) -> NewTenant {
    NewTenant {
        slug: Slug::parse(slug).unwrap(),
        nome_oficial: "Câmara Municipal de Ouro Preto".into(),
        municipio: domain::municipios::find("ouro preto", "mg").unwrap(),
        domain: None,
        placement: PlacementTarget::parse(placement).unwrap(),
        admin_email: Some("presidencia@ouropreto.mg.leg.br".into()),
        mesmo_municipio: true,
    }
}

async fn catalog_rows(env: &TestEnv, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM control.tenants WHERE slug = $1")
        .bind(slug)
        .fetch_one(env.store.control())
        .await
        .unwrap()
}

async fn database_exists(name: &str) -> bool {
    let mut su = testkit::cluster::get().superuser("postgres").await;
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut su)
        .await
        .unwrap()
}

#[tokio::test]
async fn creates_pool_and_dedicated_camaras_ready_to_serve() {
    let env = TestEnv::new().await;
    for placement in ["pool", "dedicated"] {
        let slug = unique("prov");
        let mut n = new(&slug, placement);
        n.domain = Some(format!("{slug}.mg.leg.br"));
        let done = provision::create(&env.store, n, BASE_DOMAIN, "teste")
            .await
            .unwrap();
        let t = done.tenant;
        assert_eq!(t.status, domain::TenantStatus::Active);
        assert_eq!(
            (t.municipio.as_str(), t.uf.as_str(), t.codigo_ibge),
            ("Ouro Preto", "MG", 3146107)
        );
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let cfg = camara::config(&mut tx).await.unwrap().unwrap();
        assert_eq!(cfg.nome, "Câmara Municipal de Ouro Preto");
        assert_eq!(cfg.fuso_horario, "America/Sao_Paulo");
        let domains = catalog::domains(env.store.control(), t.id).await.unwrap();
        assert_eq!(domains, vec![(format!("{slug}.mg.leg.br"), true)]);
        let audit: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM control.platform_audit WHERE tenant_id = $1 AND action = 'tenant.create'",
        )
        .bind(t.id)
        .fetch_one(env.store.control())
        .await
        .unwrap();
        assert_eq!(audit, 1);
        if placement == "dedicated" {
            assert!(database_exists(&format!("plenario_{}", slug.replace('-', "_"))).await);
        }
    }
}

#[tokio::test]
async fn conflicts_are_explained_and_leave_nothing() {
    let env = TestEnv::new().await;
    let t = env.camara("dup", "pool").await;
    let err = provision::create(&env.store, new(&t.slug, "pool"), BASE_DOMAIN, "teste")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert!(err.to_string().contains("Já existe uma câmara"), "{err}");
    assert_eq!(catalog_rows(&env, &t.slug).await, 1);

    // A domain another câmara owns.
    let other = unique("dup-dom");
    let mut a = new(&other, "pool");
    a.domain = Some(format!("{other}.leg.br"));
    provision::create(&env.store, a.clone(), BASE_DOMAIN, "teste")
        .await
        .unwrap();
    let second = unique("dup-dom2");
    let mut b = new(&second, "dedicated");
    b.domain = a.domain.clone();
    let err = provision::create(&env.store, b, BASE_DOMAIN, "teste")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("já pertence a outra câmara"),
        "{err}"
    );
    assert_eq!(catalog_rows(&env, &second).await, 0);
    assert!(!database_exists(&format!("plenario_{}", second.replace('-', "_"))).await);

    // A domain under the platform's own base domain.
    let mut c = new(&unique("base"), "pool");
    c.domain = Some("qualquer.localhost".into());
    let err = provision::create(&env.store, c, BASE_DOMAIN, "teste")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err}");

    // An unknown cluster.
    let err = provision::create(
        &env.store,
        new(&unique("nc"), "pool@marte"),
        BASE_DOMAIN,
        "teste",
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::UnknownCluster(_)), "{err}");

    // A dedicated database name already taken on the server.
    let taken = unique("ocupado");
    let dbname = format!("plenario_{}", taken.replace('-', "_"));
    testkit::cluster::get().create_database(&dbname).await;
    let err = provision::create(&env.store, new(&taken, "dedicated"), BASE_DOMAIN, "teste")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("já existe"), "{err}");
    assert_eq!(catalog_rows(&env, &taken).await, 0);
}

/// A failure at the very end (the catalog's commit) undoes the data plane too.
#[tokio::test]
async fn a_late_failure_leaves_no_catalog_row_and_no_database() {
    let env = TestEnv::new().await;
    let mut su = testkit::cluster::get().superuser("plenario").await;
    // Fails at COMMIT for slugs starting with "falha-" (other tests are unaffected).
    sqlx::raw_sql(
        "CREATE OR REPLACE FUNCTION public.falha_no_commit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.slug LIKE 'falha-%' THEN RAISE EXCEPTION 'falha simulada'; END IF; RETURN NULL; END $$;
         DO $$ BEGIN
           CREATE CONSTRAINT TRIGGER falha_no_commit AFTER INSERT ON control.tenants
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.falha_no_commit();
         EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
    )
    .execute(&mut su)
    .await
    .unwrap();
    for placement in ["pool", "dedicated"] {
        let slug = format!("falha-{}", unique("x"));
        let err = provision::create(&env.store, new(&slug, placement), BASE_DOMAIN, "teste")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("falha simulada"), "{err}");
        assert_eq!(catalog_rows(&env, &slug).await, 0, "{placement}");
        assert!(
            !database_exists(&format!("plenario_{}", slug.replace('-', "_"))).await,
            "{placement}"
        );
        let residents: i64 =
            sqlx::query_scalar("SELECT count(*) FROM plenario.resident WHERE slug = $1")
                .bind(&slug)
                .fetch_one(&mut su)
                .await
                .unwrap();
        assert_eq!(residents, 0, "{placement}");
    }
}

#[tokio::test]
async fn delete_removes_everything_but_the_audit_record() {
    let env = TestEnv::new().await;
    for placement in ["pool", "dedicated"] {
        let t = env.camara("apagar", placement).await;
        testkit::fixtures::populate(&env.store, &t).await;
        provision::delete(&env.store, &t, "teste").await.unwrap();
        assert_eq!(catalog_rows(&env, &t.slug).await, 0);
        let mut su = testkit::cluster::get().superuser("plenario").await;
        let left: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM plenario.resident WHERE tenant_id = $1)
                  + (SELECT count(*) FROM app.camara_config WHERE tenant_id = $1)
                  + (SELECT count(*) FROM app.contador WHERE tenant_id = $1)",
        )
        .bind(t.id)
        .fetch_one(&mut su)
        .await
        .unwrap();
        assert_eq!(left, 0);
        if let Some(db) = t.placement.database() {
            assert!(!database_exists(db).await);
            let _ = env.store.app_pool(&DataDb::of(&t.placement)).await.err();
        }
        let audit: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM control.platform_audit WHERE tenant_id = $1 ORDER BY id",
        )
        .bind(t.id)
        .fetch_all(env.store.control())
        .await
        .unwrap();
        assert_eq!(audit, vec!["tenant.create", "tenant.delete"]);
    }
}

#[tokio::test]
async fn status_changes_follow_the_rules() {
    let env = TestEnv::new().await;
    let t = env.camara("estado", "pool").await;
    catalog::set_status(env.store.control(), &t, domain::TenantStatus::Suspended)
        .await
        .unwrap();
    // Using the stale record (still "active") is refused: someone changed it meanwhile.
    let err = catalog::set_status(env.store.control(), &t, domain::TenantStatus::Suspended)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    let t = env.reload(&t).await;
    let err = catalog::set_status(env.store.control(), &t, domain::TenantStatus::Provisioning)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("não pode passar"), "{err}");
    catalog::set_status(env.store.control(), &t, domain::TenantStatus::Active)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_camara_starts_in_its_municipios_time_zone() {
    let env = TestEnv::new().await;
    for (municipio, uf, fuso) in [
        ("Rio Branco", "AC", "America/Rio_Branco"),
        ("Tabatinga", "AM", "America/Eirunepe"),
        ("Fernando de Noronha", "PE", "America/Noronha"),
    ] {
        let slug = unique("fuso");
        let mut n = new(&slug, "pool");
        n.nome_oficial = format!("Câmara Municipal de {municipio}");
        n.municipio = domain::municipios::find(municipio, uf).unwrap();
        n.admin_email = None;
        let t = provision::create(&env.store, n, BASE_DOMAIN, "teste")
            .await
            .unwrap()
            .tenant;
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let cfg = camara::config(&mut tx).await.unwrap().unwrap();
        assert_eq!(cfg.fuso_horario, fuso, "{municipio}/{uf}");
    }
}

#[tokio::test]
async fn a_second_camara_for_the_same_municipio_needs_an_explicit_yes() {
    let env = TestEnv::new().await;
    // Olinda has câmaras already (every test câmara of testkit is there).
    env.camara("mesmo-mun", "pool").await;
    let slug = unique("segunda");
    let mut n = new(&slug, "pool");
    n.municipio = domain::municipios::find("Olinda", "PE").unwrap();
    n.mesmo_municipio = false;
    let e = provision::create(&env.store, n.clone(), BASE_DOMAIN, "teste")
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("Olinda/PE já tem uma câmara") && msg.contains("--mesmo-municipio"),
        "{msg}"
    );
    assert_eq!(catalog_rows(&env, &slug).await, 0, "nothing created");
    n.mesmo_municipio = true;
    let done = provision::create(&env.store, n, BASE_DOMAIN, "teste")
        .await
        .unwrap();
    assert_eq!(done.tenant.municipio, "Olinda");
}
