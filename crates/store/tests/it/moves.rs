//! Moving câmaras between placements: identical data, reads during the copy, writes
//! refused, other câmaras untouched.

use domain::{PlacementTarget, TenantStatus};
use store::infra::contador;
use store::infra::moves::{self, DuringCopy};
use store::{Access, Error, TenantTx, camara};
use testkit::TestEnv;
use testkit::fixtures::populate;

fn to(s: &str) -> PlacementTarget {
    PlacementTarget::parse(s).unwrap()
}

/// The two exports are equal; if not, names the rows that differ (not the whole câmara).
fn assert_mesmo(depois: &serde_json::Value, antes: &serde_json::Value, onde: &str) {
    if depois == antes {
        return;
    }
    let vazio = serde_json::Map::new();
    let (a, d) = (
        antes.as_object().unwrap_or(&vazio),
        depois.as_object().unwrap_or(&vazio),
    );
    let mut diferencas = vec![];
    for tabela in a.keys().chain(d.keys().filter(|k| !a.contains_key(*k))) {
        let (x, y) = (&a.get(tabela), &d.get(tabela));
        if x != y {
            let linhas = |v: &Option<&serde_json::Value>| {
                v.and_then(|v| v.as_array().cloned()).unwrap_or_default()
            };
            let (lx, ly) = (linhas(x), linhas(y));
            let so_antes: Vec<_> = lx.iter().filter(|r| !ly.contains(r)).collect();
            let so_depois: Vec<_> = ly.iter().filter(|r| !lx.contains(r)).collect();
            diferencas.push(format!(
                "{tabela}: antes {so_antes:?} / depois {so_depois:?}"
            ));
        }
    }
    panic!(
        "export differs after moving ({onde}):\n{}",
        diferencas.join("\n")
    );
}

#[tokio::test]
async fn pool_to_dedicated_and_back_keeps_every_row() {
    let env = TestEnv::with_scratch("mov_c2").await;
    let t = env.camara("mover", "pool").await;
    let neighbour = env.camara("vizinha", "pool").await;
    populate(&env.store, &t).await;
    populate(&env.store, &neighbour).await;
    let before = moves::export(&env.store, &t).await.unwrap();
    let neighbour_before = moves::export(&env.store, &neighbour).await.unwrap();
    assert!(before["camara_rede_social"].as_array().unwrap().len() == 2);

    let mut placements = vec![];
    for target in [
        "dedicated",
        "pool",
        "pool@mov_c2",
        "dedicated@mov_c2",
        "pool@main",
    ] {
        let report = moves::move_tenant(&env.store, &t.slug, &to(target), "teste", None)
            .await
            .unwrap();
        let moved = env.reload(&t).await;
        assert_eq!(moved.placement, report.to);
        assert_eq!(moved.status, TenantStatus::Active);
        assert_eq!(report.rows["camara_config"], 1);
        let after = moves::export(&env.store, &moved).await.unwrap();
        assert_mesmo(&after, &before, target);
        placements.push(moved.placement.to_string());
        // The source no longer holds the câmara.
        let err = TenantTx::begin(
            &env.store,
            &TestEnvExt::with_placement(&moved, &report.from),
            Access::Read,
        )
        .await
        .err();
        assert!(
            matches!(err, Some(Error::NotResident) | Some(Error::Db(_))),
            "{target}: source still answers"
        );
    }
    assert_eq!(
        placements,
        vec![
            format!("dedicated@main/plenario_{}", t.slug.replace('-', "_")),
            "pool@main".to_owned(),
            "pool@mov_c2".to_owned(),
            format!("dedicated@mov_c2/plenario_{}", t.slug.replace('-', "_")),
            "pool@main".to_owned(),
        ]
    );
    let epoch = env.reload(&t).await.epoch;
    assert_eq!(epoch, t.epoch + 5);
    assert_eq!(
        moves::export(&env.store, &neighbour).await.unwrap(),
        neighbour_before
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.platform_audit WHERE tenant_id = $1 AND action = 'tenant.move'",
    )
    .bind(t.id)
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(audited, 5);
}

struct TestEnvExt;
impl TestEnvExt {
    fn with_placement(
        t: &store::infra::catalog::Tenant,
        p: &domain::Placement,
    ) -> store::infra::catalog::Tenant {
        store::infra::catalog::Tenant {
            placement: p.clone(),
            ..t.clone()
        }
    }
}

#[tokio::test]
async fn during_the_copy_reads_are_served_and_writes_refused() {
    let env = TestEnv::new().await;
    let t = env.camara("congelada", "pool").await;
    populate(&env.store, &t).await;
    let before = moves::export(&env.store, &t).await.unwrap();
    let store = env.store.clone();
    let t2 = t.clone();
    let observed = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = observed.clone();
    let hook: DuringCopy = Box::new(move || {
        Box::pin(async move {
            let current = store::infra::catalog::get_by_slug(store.control(), &t2.slug)
                .await
                .unwrap();
            seen.lock()
                .unwrap()
                .push(format!("status={}", current.status));
            let mut tx = TenantTx::begin(&store, &current, Access::Read)
                .await
                .unwrap();
            let cfg = camara::config(&mut tx).await.unwrap();
            seen.lock().unwrap().push(format!("read={}", cfg.is_some()));
            drop(tx);
            let w = TenantTx::begin(&store, &current, Access::Write).await.err();
            seen.lock()
                .unwrap()
                .push(format!("write_frozen={}", matches!(w, Some(Error::Frozen))));
            // HTTP: the page is served, a write is refused with the Portuguese message.
            let app = testkit::http::TestApp::new(store.clone());
            let host = testkit::http::host_of(&current);
            let get = app.get(&host, "/").await;
            seen.lock()
                .unwrap()
                .push(format!("get={}", get.status.as_u16()));
            let post = app.request(axum::http::Method::POST, &host, "/").await;
            seen.lock().unwrap().push(format!(
                "post={} {}",
                post.status.as_u16(),
                post.body.contains("transferida de servidor")
            ));
        })
    });
    moves::move_tenant(&env.store, &t.slug, &to("dedicated"), "teste", Some(hook))
        .await
        .unwrap();
    assert_eq!(
        *observed.lock().unwrap(),
        vec![
            "status=moving",
            "read=true",
            "write_frozen=true",
            "get=200",
            "post=503 true"
        ]
    );
    let moved = env.reload(&t).await;
    assert_mesmo(
        &moves::export(&env.store, &moved).await.unwrap(),
        &before,
        "destino",
    );
    // Writable again afterwards.
    let mut tx = TenantTx::begin(&env.store, &moved, Access::Write)
        .await
        .unwrap();
    contador::proximo(&mut tx, "depois").await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_failed_move_leaves_the_camara_where_it_was() {
    let env = TestEnv::new().await;
    let t = env.camara("falhou", "pool").await;
    populate(&env.store, &t).await;
    let before = moves::export(&env.store, &t).await.unwrap();
    let hook: DuringCopy = Box::new(|| {
        Box::pin(async {
            panic!("simulated crash in the middle of the copy");
        })
    });
    let store = env.store.clone();
    let slug = t.slug.clone();
    let crashed = tokio::spawn(async move {
        moves::move_tenant(&store, &slug, &to("dedicated"), "teste", Some(hook)).await
    })
    .await;
    assert!(crashed.is_err());
    // A crashed mover leaves the câmara marked "moving" in its old place, with its data;
    // the operator can see it and finish or retry. Reads still work from the source.
    let after = env.reload(&t).await;
    assert_eq!(after.placement, t.placement);
    assert_eq!(after.status, TenantStatus::Moving);
    assert_mesmo(
        &moves::export(&env.store, &after).await.unwrap(),
        &before,
        "origem",
    );
    // The operator resumes it and moves it again: the leftover target database of the
    // interrupted move is recognised and replaced.
    store::infra::catalog::set_status(env.store.control(), &after, TenantStatus::Active)
        .await
        .unwrap();
    moves::move_tenant(&env.store, &t.slug, &to("dedicated"), "teste", None)
        .await
        .unwrap();
    let moved = env.reload(&t).await;
    assert!(moved.placement.database().is_some());
    assert_mesmo(
        &moves::export(&env.store, &moved).await.unwrap(),
        &before,
        "destino",
    );
}

#[tokio::test]
async fn refused_moves() {
    let env = TestEnv::new().await;
    let t = env.camara("recusa", "pool").await;
    let err = moves::move_tenant(&env.store, &t.slug, &to("pool"), "teste", None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("já está em pool@main"), "{err}");
    let err = moves::move_tenant(&env.store, &t.slug, &to("pool@marte"), "teste", None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnknownCluster(_)), "{err}");
    let err = moves::move_tenant(&env.store, "nao-existe", &to("dedicated"), "teste", None)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err}");
    assert_eq!(env.reload(&t).await.status, TenantStatus::Active);
}

#[tokio::test]
async fn tables_whose_insert_triggers_read_another_come_after_it() {
    // A scratch database: a table named to sort before `mandato`, whose INSERT trigger
    // reads app.mandato, must still be copied after it.
    let env = TestEnv::with_scratch("mov_trg").await;
    let mut su = testkit::cluster::get().superuser("scratch_mov_trg").await;
    sqlx::raw_sql(
        "CREATE TABLE app.aa_depende (tenant_id integer, id uuid);
         CREATE FUNCTION app.aa_depende_f() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN PERFORM 1 FROM app.mandato LIMIT 1; RETURN NEW; END $$;
         CREATE TRIGGER aa_depende_t BEFORE INSERT ON app.aa_depende
           FOR EACH ROW EXECUTE FUNCTION app.aa_depende_f();",
    )
    .execute(&mut su)
    .await
    .unwrap();
    let tables = moves::app_tables(&mut su).await.unwrap();
    let pos = |n: &str| tables.iter().position(|t| t == n).unwrap();
    assert!(pos("mandato") < pos("aa_depende"), "{tables:?}");
    assert!(pos("mandato") < pos("membro_mesa"), "{tables:?}");
    assert!(pos("mandato") < pos("membro_comissao"), "{tables:?}");
    sqlx::raw_sql("DROP TABLE app.aa_depende; DROP FUNCTION app.aa_depende_f()")
        .execute(&mut su)
        .await
        .unwrap();
    drop(env);
}
