//! The tenant-scoped transaction.

use store::infra::catalog;
use store::{Access, Error, TenantTx, camara};
use testkit::TestEnv;

#[tokio::test]
async fn read_transactions_are_read_only() {
    let env = TestEnv::new().await;
    let t = env.camara("ro", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let err = camara::update_cores(&mut tx, "#000000", "#ffffff")
        .await
        .unwrap_err();
    assert_eq!(err.sqlstate().as_deref(), Some("25006"), "{err}");
}

#[tokio::test]
async fn a_stale_placement_is_not_resident() {
    let env = TestEnv::new().await;
    let t = env.camara("stale", "pool").await;
    let mut wrong = t.clone();
    // Another câmara's placement: the database exists but does not hold this câmara.
    let other = env.camara("stale-other", "dedicated").await;
    wrong.placement = other.placement.clone();
    let err = TenantTx::begin(&env.store, &wrong, Access::Read)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::NotResident), "{err}");
}

#[tokio::test]
async fn writes_wait_for_no_move_but_are_refused_during_one() {
    let env = TestEnv::new().await;
    let t = env.camara("frozen", "pool").await;
    let c = testkit::cluster::get();
    let mut mover = c.superuser("plenario").await;
    sqlx::query("SELECT pg_advisory_lock($1, $2)")
        .bind(0x504c_4d56_i32)
        .bind(t.id)
        .execute(&mut mover)
        .await
        .unwrap();
    let err = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::Frozen), "{err}");
    assert!(err.to_string().contains("transferida de servidor"));
    // Reads go on.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert!(camara::config(&mut tx).await.unwrap().is_some());
    drop(tx);
    sqlx::query("SELECT pg_advisory_unlock($1, $2)")
        .bind(0x504c_4d56_i32)
        .bind(t.id)
        .execute(&mut mover)
        .await
        .unwrap();
    TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_setting_never_survives_the_transaction() {
    let env = TestEnv::with(1, &[]).await;
    let a = env.camara("leak-a", "pool").await;
    let tx = TenantTx::begin(&env.store, &a, Access::Read).await.unwrap();
    tx.commit().await.unwrap();
    // Same (only) connection, no câmara set: the policy sees nothing.
    let pool = env
        .store
        .app_pool(&store::DataDb::of(&a.placement))
        .await
        .unwrap();
    let (setting, rows): (Option<String>, i64) = sqlx::query_as(
        "SELECT current_setting('app.tenant_id', true), (SELECT count(*) FROM app.camara_config)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(setting.as_deref(), Some(""));
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn test_builds_catch_a_connection_returned_with_a_tenant() {
    let env = TestEnv::with(1, &[]).await;
    let a = env.camara("leak-guard", "pool").await;
    let pool = env
        .store
        .app_pool(&store::DataDb::of(&a.placement))
        .await
        .unwrap();
    // A session-level SET (never done by TenantTx) leaks into the next checkout…
    sqlx::query("SELECT set_config('app.tenant_id', $1::text, false)")
        .bind(a.id)
        .execute(&pool)
        .await
        .unwrap();
    // …and the acquire guard refuses to hand it out.
    let store = env.store.clone();
    let joined =
        tokio::spawn(async move { TenantTx::begin(&store, &a, Access::Read).await.map(|_| ()) })
            .await;
    assert!(joined.is_err_and(|e| e.is_panic()));
}

#[tokio::test]
async fn catalog_lookups() {
    let env = TestEnv::new().await;
    let t = env.camara("lookup", "pool").await;
    let by_host = catalog::find_by_host(
        env.store.control(),
        &format!("{}.localhost", t.slug),
        "localhost",
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(by_host.id, t.id);
    assert!(
        catalog::find_by_host(env.store.control(), "lookup.example.com", "localhost")
            .await
            .unwrap()
            .is_none()
    );
    let err = catalog::get_by_slug_input(env.store.control(), "Não É Slug")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    let err = catalog::get_by_slug_input(env.store.control(), "nao-existe-mesmo")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)));
    assert!(catalog::count(env.store.control()).await.unwrap() >= 1);
    let page = catalog::list(env.store.control(), 2, 0).await.unwrap();
    assert!(page.len() <= 2 && !page.is_empty());
}

#[tokio::test]
async fn the_database_refuses_invalid_identity_values() {
    let env = TestEnv::new().await;
    let t = env.camara("identidade", "pool").await;
    for (sql, what) in [
        (
            "UPDATE app.camara_config SET cor_primaria = 'vermelho' WHERE tenant_id = $1",
            "cor",
        ),
        (
            "UPDATE app.camara_config SET fuso_horario = 'Europe/Lisbon' WHERE tenant_id = $1",
            "fuso",
        ),
        (
            "UPDATE app.camara_config SET cep = '1234' WHERE tenant_id = $1",
            "cep",
        ),
        (
            "UPDATE app.camara_config SET cnpj = '12.345' WHERE tenant_id = $1",
            "cnpj",
        ),
    ] {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        let err = sqlx::query(sql)
            .bind(t.id)
            .execute(tx.conn())
            .await
            .unwrap_err();
        let code = match &err {
            sqlx::Error::Database(d) => d.code().map(|c| c.into_owned()),
            _ => None,
        };
        assert_eq!(code.as_deref(), Some("23514"), "{what}: {err}");
    }
    // Every zone the domain offers is accepted.
    for fuso in domain::FUSOS_HORARIOS {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        sqlx::query("UPDATE app.camara_config SET fuso_horario = $2 WHERE tenant_id = $1")
            .bind(t.id)
            .bind(fuso)
            .execute(tx.conn())
            .await
            .unwrap();
    }
}

async fn identidade(env: &TestEnv, t: &catalog::Tenant) -> std::sync::Arc<camara::Identidade> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let i = camara::identidade(&mut tx).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    i
}

#[tokio::test]
async fn the_identity_is_kept_in_memory_and_never_served_stale() {
    let env = TestEnv::new().await;
    let t = env.camara("ident", "pool").await;
    let a = identidade(&env, &t).await;
    // Unchanged: the same allocation, served from memory.
    let b = identidade(&env, &t).await;
    assert!(std::sync::Arc::ptr_eq(&a, &b));

    // A change of colours is seen by the very next transaction.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    camara::update_cores(&mut tx, "#112233", "#445566")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let c = identidade(&env, &t).await;
    assert_eq!(c.config.cor_primaria, "#112233");
    assert!(!std::sync::Arc::ptr_eq(&a, &c));

    // So is a new social network.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    camara::add_rede_social(&mut tx, "youtube", "https://youtube.com/ident", 1)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let d = identidade(&env, &t).await;
    assert!(
        d.redes.iter().any(|r| r.url == "https://youtube.com/ident"),
        "{:?}",
        d.redes
    );

    // A rolled-back change is not seen either.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    camara::update_cores(&mut tx, "#000000", "#ffffff")
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(identidade(&env, &t).await.config.cor_primaria, "#112233");
}

#[tokio::test]
async fn today_comes_with_the_first_statement_in_the_camaras_zone() {
    let env = TestEnv::new().await;
    let t = env.camara("hoje", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let hoje = camara::hoje(&mut tx).await.unwrap();
    let sql: time::Date = sqlx::query_scalar(
        "SELECT (now() AT TIME ZONE fuso_horario)::date FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(hoje, sql);
}

#[tokio::test]
async fn a_refused_write_behind_a_savepoint_leaves_the_transaction_usable() {
    let env = TestEnv::new().await;
    let t = env.camara("tentar", "pool").await;
    let antes = env.store.aberturas(t.id);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    assert_eq!(env.store.aberturas(t.id), antes + 1);
    // A refusal by the database (a CHECK constraint) inside the savepoint…
    let e = tx
        .tentar(async |tx| {
            sqlx::query("UPDATE app.camara_config SET cor_primaria = 'azul' WHERE tenant_id = $1")
                .bind(t.id)
                .execute(tx.conn())
                .await?;
            Ok(())
        })
        .await
        .unwrap_err();
    assert_eq!(e.constraint(), Some("camara_config_cor_primaria_check"));
    // …leaves the transaction usable: it reads, writes and commits.
    let nome: String =
        sqlx::query_scalar("SELECT nome FROM app.camara_config WHERE tenant_id = $1")
            .bind(t.id)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert!(!nome.is_empty());
    tx.tentar(async |tx| {
        sqlx::query("UPDATE app.camara_config SET cor_primaria = '#123456' WHERE tenant_id = $1")
            .bind(t.id)
            .execute(tx.conn())
            .await?;
        Ok(())
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let cor: String =
        sqlx::query_scalar("SELECT cor_primaria FROM app.camara_config WHERE tenant_id = $1")
            .bind(t.id)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert_eq!(cor, "#123456");
}
