use std::collections::BTreeSet;

use store::infra::contador;
use store::{Access, TenantTx};
use testkit::TestEnv;

#[tokio::test]
async fn numbers_are_gapless_under_concurrency() {
    let env = TestEnv::new().await;
    let t = env.camara("contador", "pool").await;
    let tasks = (0..20).map(|i| {
        let store = env.store.clone();
        let t = t.clone();
        async move {
            let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
            let n = contador::proximo(&mut tx, "PL:2026").await.unwrap();
            if i % 5 == 0 {
                // A rolled-back transaction gives its number back.
                tx.rollback().await.unwrap();
                None
            } else {
                tx.commit().await.unwrap();
                Some(n)
            }
        }
    });
    let got: Vec<i64> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .flatten()
        .collect();
    let set: BTreeSet<i64> = got.iter().copied().collect();
    assert_eq!(set.len(), got.len(), "duplicates: {got:?}");
    assert_eq!(set, (1..=16).collect::<BTreeSet<_>>(), "gaps: {got:?}");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert_eq!(contador::atual(&mut tx, "PL:2026").await.unwrap(), 16);
    assert_eq!(contador::atual(&mut tx, "outro").await.unwrap(), 0);
}

#[tokio::test]
async fn counters_are_per_camara() {
    let env = TestEnv::new().await;
    let a = env.camara("cont-a", "pool").await;
    let b = env.camara("cont-b", "dedicated").await;
    for t in [&a, &a, &b] {
        let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
        contador::proximo(&mut tx, "sessao:ordinaria")
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    for (t, n) in [(&a, 2), (&b, 1)] {
        let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
        assert_eq!(
            contador::atual(&mut tx, "sessao:ordinaria").await.unwrap(),
            n
        );
    }
}

#[tokio::test]
async fn only_the_last_number_can_be_given_back() {
    let env = TestEnv::new().await;
    let t = env.camara("contador-dev", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    assert_eq!(contador::travar(&mut tx, "REQ:2026").await.unwrap(), 0);
    for _ in 0..3 {
        contador::proximo(&mut tx, "REQ:2026").await.unwrap();
    }
    assert_eq!(contador::travar(&mut tx, "REQ:2026").await.unwrap(), 3);
    // Number 2 is not the last: giving it back would leave a gap.
    assert!(!contador::devolver(&mut tx, "REQ:2026", 2).await.unwrap());
    assert!(contador::devolver(&mut tx, "REQ:2026", 3).await.unwrap());
    assert_eq!(contador::proximo(&mut tx, "REQ:2026").await.unwrap(), 3);
    tx.commit().await.unwrap();
}
