//! Migrations: idempotent, resumable, versioned, and refused when outdated.

use store::infra::migrate::{self, Scope};
use store::{DataDb, Error, MAIN_CLUSTER, Store, StoreConfig};
use testkit::{TestEnv, unique};

#[tokio::test]
async fn rerunning_applies_nothing_and_reports_versions() {
    let env = TestEnv::new().await;
    let v = migrate::migrate_control(&env.store).await.unwrap();
    assert_eq!(v.applied_now, 0);
    assert_eq!(
        v.versions,
        vec![
            (Scope::Control, Scope::Control.latest()),
            (Scope::App, Scope::App.latest())
        ]
    );
    let t = env.camara("mig", "dedicated").await;
    let db = DataDb::of(&t.placement);
    let v = migrate::migrate_database(&env.store, &db, &|| {})
        .await
        .unwrap();
    assert_eq!(
        (v.applied_now, v.versions.clone()),
        (0, vec![(Scope::App, Scope::App.latest())])
    );
}

#[tokio::test]
async fn a_failed_migration_leaves_nothing_half_done_and_resumes() {
    let c = testkit::cluster::ready().await;
    let name = unique("resume").replace('-', "_");
    c.create_database(&name).await;
    let store = Store::new(StoreConfig {
        clusters: vec![
            (MAIN_CLUSTER.into(), c.options("plenario")),
            ("outro".into(), c.options(&name)),
        ],
        app_password: None,
        pool_max: 2,
        assert_clean_connections: true,
        files_dir: c.files_dir(),
        files_url: None,
        limites: Default::default(),
    })
    .unwrap();
    let db = DataDb::pool("outro");
    // An object in the way makes the first app migration fail halfway through.
    let mut su = c.superuser(&name).await;
    sqlx::raw_sql("CREATE SCHEMA app; CREATE TABLE app.contador (x int)")
        .execute(&mut su)
        .await
        .unwrap();
    let err = migrate::migrate_database(&store, &db, &|| {})
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Migration(_)), "{err}");
    assert!(err.to_string().contains("0001_tenancy"), "{err}");
    let (config_table, recorded): (Option<String>, i64) = sqlx::query_as(
        "SELECT to_regclass('app.camara_config')::text,
                (SELECT count(*) FROM plenario.migrations WHERE scope = 'app')",
    )
    .fetch_one(&mut su)
    .await
    .unwrap();
    assert_eq!((config_table, recorded), (None, 0), "nothing half-written");
    // The server refuses the outdated database.
    let err = store.app_pool(&db).await.unwrap_err();
    assert!(
        matches!(err, Error::SchemaOutdated { found: 0, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("plenario migrate"));

    // Clear the obstacle and run again: it resumes and completes.
    sqlx::raw_sql("DROP SCHEMA app CASCADE")
        .execute(&mut su)
        .await
        .unwrap();
    let steps = std::sync::atomic::AtomicUsize::new(0);
    let v = migrate::migrate_database(&store, &db, &|| {
        steps.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .await
    .unwrap();
    assert_eq!(v.applied_now, Scope::App.migrations().len());
    assert_eq!(steps.into_inner(), v.applied_now);
    store.app_pool(&db).await.unwrap();
    assert!(
        store::infra::check::check_connection(&mut su)
            .await
            .unwrap()
            .is_empty()
    );

    // A migration edited after it was applied is refused.
    sqlx::raw_sql("UPDATE plenario.migrations SET checksum = 'adulterado' WHERE scope = 'app'")
        .execute(&mut su)
        .await
        .unwrap();
    let err = migrate::migrate_database(&store, &db, &|| {})
        .await
        .unwrap_err();
    assert!(err.to_string().contains("difere"), "{err}");
}

#[test]
fn versions_are_increasing_and_named() {
    for scope in [Scope::Control, Scope::App] {
        let ms = scope.migrations();
        assert!(!ms.is_empty());
        // 1, 2, 3…: no gap, no repeat, in order.
        for (i, m) in ms.iter().enumerate() {
            assert!(i == 0 || m.version == ms[i - 1].version + 1, "{}", m.name);
            assert!(
                m.name.starts_with(&format!("{:04}_", m.version)),
                "{}",
                m.name
            );
        }
        assert_eq!(scope.latest(), ms[ms.len() - 1].version);
    }
}
