//! The public search past 1,000 matches (issue #10's benchmark): counted up to 1.001
//! ("Mais de 1.000"), ordered newest first and saying so, since ranking thousands of
//! documents to show 20 cost more than the page; at most 1,000 matches it still ranks.

use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::http::host_of;

fn posicao(body: &str, ident: &str) -> Option<usize> {
    body.find(&format!(">{ident}<"))
}

#[tokio::test]
async fn past_1000_matches_a_text_search_orders_by_date_and_says_so() {
    let env = TestEnv::new().await;
    let t = env.camara("propmil", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    // 1,005 PLs about licitações, one a day (in bulk: the creation path has its own tests);
    // the one that ranks best (the word four times in its ementa) is the oldest.
    let n = sqlx::query(
        "INSERT INTO app.proposicao (tenant_id, id, tipo_id, numero, ano, escopo, ementa, apresentada_em)
         SELECT $1, gen_random_uuid(), t.id, g, 2020, 'teste-mil',
                CASE WHEN g = 1 THEN 'Licitações: licitação das licitações e licitação'
                     ELSE 'Dispõe sobre as licitações do bairro número ' || g END,
                CASE WHEN g = 1 THEN date '2019-01-01' ELSE date '2020-01-01' + g END
           FROM app.tipo_proposicao t, generate_series(1, 1005) g
          WHERE t.tenant_id = $1 AND t.sigla = 'PL'",
    )
    .bind(t.id)
    .execute(tx.conn())
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(n, 1005);
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);

    // Broad: more than 1,000 found, newest first, and the page says why not by relevance.
    let r = app
        .get(&host, "/legislativo/proposicoes?texto=licita%C3%A7%C3%A3o")
        .await;
    assert_eq!(r.status, 200);
    assert!(
        r.body.contains("Mais de 1.000 proposições encontradas"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("ordenadas das mais recentes para as mais antigas, não pela relevância"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("Ordenadas pela relevância"), "{}", r.body);
    let novo = posicao(&r.body, "PL 1005/2020").expect("the newest first");
    assert!(
        posicao(&r.body, "PL 1004/2020").is_some_and(|p| p > novo),
        "newest first"
    );
    assert!(
        posicao(&r.body, "PL 1/2020").is_none(),
        "the best-ranked but oldest is not on page 1"
    );
    // The last reachable page (50) ends at the 1,000th newest.
    let r = app
        .get(&host, "/legislativo/proposicoes?texto=licitacoes&pagina=50")
        .await;
    assert_eq!(r.status, 200);
    assert!(posicao(&r.body, "PL 6/2020").is_some(), "{}", r.body);

    // Narrow (at most 1,000): by relevance again, with the exact count.
    let r = app
        .get(
            &host,
            "/legislativo/proposicoes?texto=licita%C3%A7%C3%B5es+-bairro",
        )
        .await;
    assert!(r.body.contains("Ordenadas pela relevância"), "{}", r.body);
    assert!(posicao(&r.body, "PL 1/2020").is_some(), "{}", r.body);
    // Without text, more than 1,000 is newest first as always.
    let r = app.get(&host, "/legislativo/proposicoes").await;
    assert!(r.body.contains("Mais de 1.000 proposições encontradas"));
    assert!(r.body.contains("Das mais recentes para as mais antigas."));
}
