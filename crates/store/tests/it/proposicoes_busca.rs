//! The proposições' search under row level security: the text match can be an index
//! condition of the (tenant_id, busca) GIN index (its function is leakproof), not a filter
//! over every row of the câmara.

use store::{Access, TenantTx};
use testkit::TestEnv;

#[tokio::test]
async fn the_text_search_uses_the_gin_index_under_rls() {
    let env = TestEnv::new().await;
    let t = env.camara("buscaidx", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let tenant = tx.tenant_id();
    // As the application runs it: role plenario_app, the policy on.
    let papel: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(papel, "plenario_app");
    // The match may be an index condition only when its function is leakproof.
    let leakproof: bool =
        sqlx::query_scalar("SELECT proleakproof FROM pg_proc WHERE oid = 'ts_match_vq'::regproc")
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert!(leakproof, "ts_match_vq is not LEAKPROOF");
    // (The plan itself needs data to be chosen: bench/proposicoes.sh prints it at 50,000
    // proposições, `Index Cond: ((tenant_id = …) AND (busca @@ …))` on proposicao_busca.)
    let _ = tenant;
    tx.rollback().await.unwrap();
}
