//! The list of autógrafos (and the dashboard's pending prazos built on it) reads the steps
//! of every autógrafo in one query: the number of scans of `app.autografo_passo` does not
//! grow with the number of autógrafos, and each listed one agrees with its own `quadro`.

use domain::normas::sancao::EstadoAutografo;
use store::auditoria::Autor;
use store::calendario;
use store::normas::autografos::{self, NovoAutografo};
use store::normas::passos;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::autografos::{aprovada, passo};
use testkit::fixtures::normas::tipo;
use time::Duration;

const TEXTO: &str =
    "Art. 1º Fica criado o programa.\nArt. 2º Esta Lei entra em vigor na data de sua publicação.";

/// Scans of `app.autografo_passo` in this transaction so far (index scans are off, so every
/// read of the table, a correlated subquery's included, is a counted sequential scan).
async fn varreduras(tx: &mut TenantTx) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables
          WHERE schemaname = 'app' AND relname = 'autografo_passo'",
    )
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

#[tokio::test]
async fn the_list_reads_the_steps_of_every_autografo_in_one_query() {
    let env = TestEnv::new().await;
    let t = env.camara("autografos-lista", "pool").await;
    let a = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let lo = tipo(&mut tx, "LO").await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let p = aprovada(
            &mut tx,
            &a,
            "PL",
            &format!("Cria o programa municipal número {i}"),
            TEXTO,
            "Vereador Bento",
        )
        .await;
        let recebido = hoje - Duration::days(3 + i);
        let id = autografos::criar(
            &mut tx,
            &a,
            &NovoAutografo {
                proposicao_id: p,
                tipo_norma_id: lo,
                texto: TEXTO.into(),
                enviado_em: Some(recebido),
                recebido_em: Some(recebido),
            },
            hoje,
        )
        .await
        .unwrap();
        if i % 2 == 0 {
            passos::registrar(
                &mut tx,
                &a,
                id,
                &passo(EstadoAutografo::Sancionado, recebido),
                hoje,
            )
            .await
            .unwrap();
        }
        ids.push(id);
    }
    let cal = calendario::calendario(&mut tx).await.unwrap();
    for sql in [
        "SET LOCAL enable_indexscan = off",
        "SET LOCAL enable_indexonlyscan = off",
        "SET LOCAL enable_bitmapscan = off",
    ] {
        sqlx::query(sql).execute(tx.conn()).await.unwrap();
    }
    let antes = varreduras(&mut tx).await;
    let lista = autografos::listar(&mut tx, &cal, hoje).await.unwrap();
    let depois = varreduras(&mut tx).await;
    assert_eq!(lista.len(), 6);
    assert_eq!(
        depois - antes,
        1,
        "one read of the steps for the 6 autógrafos, not one (or two) per autógrafo"
    );
    let antes = varreduras(&mut tx).await;
    let pend = autografos::prazos_pendentes(&mut tx, &cal, hoje, 30)
        .await
        .unwrap();
    assert_eq!(varreduras(&mut tx).await - antes, 1, "the dashboard's too");
    assert_eq!(pend.len(), 3, "the three still awaiting sanção");
    // Each one as its own page shows it.
    for q in &lista {
        let a = autografos::por_id(&mut tx, q.autografo.id)
            .await
            .unwrap()
            .unwrap();
        let so = autografos::quadro(&mut tx, a, &cal, hoje).await.unwrap();
        assert_eq!(q.estado, so.estado);
        assert_eq!(q.autografo.guardado, so.autografo.guardado);
        assert_eq!(q.norma_id, so.norma_id);
        assert_eq!(
            q.passos.iter().map(|p| p.id).collect::<Vec<_>>(),
            so.passos.iter().map(|p| p.id).collect::<Vec<_>>()
        );
    }
    let sancionados = lista
        .iter()
        .filter(|q| q.estado == EstadoAutografo::Sancionado)
        .count();
    assert_eq!(sancionados, 3);
    assert_eq!(lista[0].autografo.id, ids[5], "newest first");
}
