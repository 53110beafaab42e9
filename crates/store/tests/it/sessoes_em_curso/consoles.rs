//! Two operator consoles racing on the same step (issue #12's quality bar): each step of the
//! running sessão sent by both at the same instant, many times over. Exactly one of them
//! does it, the other is refused with a reason, and the step is recorded once: one votação
//! per item, one result, one suspension and one resumption in the audit trail.

use super::*;

/// What one console gets back: done, or refused with the message.
async fn tentar<F, T>(env: &TestEnv, t: &Tenant, passo: F) -> Result<T, String>
where
    F: AsyncFnOnce(&mut TenantTx) -> store::Result<T>,
{
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    match passo(&mut tx).await {
        Ok(x) => {
            tx.commit().await.unwrap();
            Ok(x)
        }
        Err(Error::Conflict(m)) => Err(m),
        Err(Error::Validation(v)) => Err(v.message),
        Err(e) => panic!("neither done nor refused: {e:?}"),
    }
}

/// Exactly one of the two did it; the other's refusal is returned.
fn um_so<T: std::fmt::Debug>(a: Result<T, String>, b: Result<T, String>, passo: &str) -> String {
    match (a, b) {
        (Ok(_), Err(m)) | (Err(m), Ok(_)) => m,
        (a, b) => panic!("{passo}: expected one done and one refused, got {a:?} and {b:?}"),
    }
}

#[tokio::test]
async fn two_consoles_racing_on_the_same_step_do_it_once() {
    const RODADAS: usize = 30;
    let env = TestEnv::new().await;
    let c = cenario(&env, "consoles", 3).await;
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-12 18:00)).await;
    tx.commit().await.unwrap();
    for rodada in 0..RODADAS {
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
            .await
            .unwrap();
        let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre(&format!("Item {rodada}")))
            .await
            .unwrap();
        tx.commit().await.unwrap();

        // Both open the item's votação.
        let abrir = || {
            tentar(&env, &c.t, async |tx: &mut TenantTx| {
                votacao::abrir(tx, &autor(), item.id, TipoVotacao::Nominal).await
            })
        };
        let (x, y) = futures::future::join(abrir(), abrir()).await;
        let v = x
            .as_ref()
            .or(y.as_ref())
            .map(|v| v.id)
            .expect("one opened it");
        um_so(x, y, "abrir");
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
            .await
            .unwrap();
        let do_item: Vec<Uuid> = votacao::da_sessao(&mut tx, s)
            .await
            .unwrap()
            .into_iter()
            .filter(|w| w.item_id == item.id)
            .map(|w| w.id)
            .collect();
        assert_eq!(do_item, [v], "rodada {rodada}: one votação for the item");
        drop(tx);

        // A vote, then both close it.
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
            .await
            .unwrap();
        votacao::votar(&mut tx, &a, v, c.parlamentares[0], Voto::Sim)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let encerrar = || {
            tentar(&env, &c.t, async |tx: &mut TenantTx| {
                votacao::encerrar(tx, &autor(), v, &Encerramento::default()).await
            })
        };
        let (x, y) = futures::future::join(encerrar(), encerrar()).await;
        let fim = x
            .as_ref()
            .or(y.as_ref())
            .map(|f| f.sim)
            .expect("one closed it");
        assert_eq!(fim, 1, "rodada {rodada}");
        um_so(x, y, "encerrar");

        // Both suspend the sessão, then both resume it.
        for para in [StatusSessao::Suspensa, StatusSessao::Aberta] {
            let passo = || {
                tentar(&env, &c.t, async |tx: &mut TenantTx| {
                    sp::transicionar(tx, &autor(), s, para, None).await
                })
            };
            let (x, y) = futures::future::join(passo(), passo()).await;
            let recusa = um_so(x, y, &format!("{para:?}"));
            assert!(!recusa.is_empty(), "rodada {rodada}: the refusal says why");
        }
    }
    // The audit trail has each step once per round.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let tenant = tx.tenant_id();
    let passos: Vec<(String, i64)> = sqlx::query_as(
        "SELECT acao, count(*) FROM app.auditoria
          WHERE tenant_id = $1 AND acao IN ('suspender', 'retomar')
          GROUP BY acao ORDER BY acao",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    let n = RODADAS as i64;
    assert_eq!(
        passos,
        [("retomar".to_owned(), n), ("suspender".to_owned(), n)]
    );
}
