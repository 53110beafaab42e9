//! A read-only page is one statement to PostgreSQL (issue #9 item 7): counted by
//! `pg_stat_statements` in a câmara's own database, so no other test's traffic counts.

use sqlx::PgConnection;
use store::conteudo::noticias;
use store::{Access, DataDb, TenantTx, camara};
use testkit::TestEnv;
use testkit::fixtures::populate;

/// The statements `plenario_app` ran in the connection's database since the last reset.
/// The test builds' own check on every acquire (`VERIFICACAO_DE_TESTES`) is left out.
async fn comandos(admin: &mut PgConnection) -> (i64, Vec<String>) {
    let linhas: Vec<(i64, String)> = sqlx::query_as(
        "SELECT s.calls, s.query FROM pg_stat_statements s
          WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND s.userid = 'plenario_app'::regrole
            AND s.query NOT LIKE '%plenario: verificação de testes%'",
    )
    .fetch_all(admin)
    .await
    .unwrap();
    let total = linhas.iter().map(|(n, _)| n).sum();
    (
        total,
        linhas
            .into_iter()
            .map(|(n, q)| format!("{n}× {q}"))
            .collect(),
    )
}

async fn zerar(admin: &mut PgConnection) {
    sqlx::query(
        "SELECT pg_stat_statements_reset('plenario_app'::regrole,
                (SELECT oid FROM pg_database WHERE datname = current_database()), 0)",
    )
    .execute(admin)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_home_page_is_one_statement_and_reads_what_the_transaction_reads() {
    let env = TestEnv::new().await;
    let t = env.camara("umavez", "dedicated").await;
    populate(&env.store, &t).await;
    let db = DataDb::of(&t.placement);
    let mut admin = env.store.admin_connect(&db).await.unwrap();
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .execute(&mut admin)
        .await
        .expect("the test cluster loads pg_stat_statements (PostgreSQL's contrib)");

    // The first read also fetches the identity; the later ones find it cached.
    let primeira = camara::pagina_inicial(&env.store, &t).await.unwrap();
    zerar(&mut admin).await;
    for _ in 0..3 {
        let p = camara::pagina_inicial(&env.store, &t).await.unwrap();
        assert_eq!(p.identidade.config.nome, primeira.identidade.config.nome);
        assert_eq!(
            p.identidade.redes.len(),
            2,
            "the fixture's two redes sociais"
        );
    }
    let (n, quais) = comandos(&mut admin).await;
    assert_eq!(n, 3, "one statement per page: {quais:#?}");

    // The same notícias through a transaction: the counter sees its several statements.
    zerar(&mut admin).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let recentes = noticias::recentes(&mut tx, 4).await.unwrap();
    camara::hoje(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let (n, quais) = comandos(&mut admin).await;
    assert!(n >= 3, "scope, two queries (and the rollback): {quais:#?}");
    let p = camara::pagina_inicial(&env.store, &t).await.unwrap();
    let ids = |v: &[noticias::NoticiaResumo]| v.iter().map(|n| n.id).collect::<Vec<_>>();
    assert_eq!(ids(&p.noticias), ids(&recentes));

    // Nothing of the câmara stays on the pooled connection after the statement.
    let pool = env.store.app_pool(&db).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let resto: Option<String> =
        sqlx::query_scalar("SELECT nullif(current_setting('app.tenant_id', true), '')")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(resto, None);
}

#[tokio::test]
async fn a_camara_read_where_it_does_not_live_is_refused_as_not_resident() {
    let env = TestEnv::new().await;
    let t = env.camara("alhures", "pool").await;
    let outra = env.camara("propria", "dedicated").await;
    // `t` as if the catalog pointed at the other câmara's database.
    let mut perdida = t.clone();
    perdida.placement = outra.placement.clone();
    assert!(matches!(
        camara::pagina_inicial(&env.store, &perdida).await,
        Err(store::Error::NotResident)
    ));
    assert!(camara::pagina_inicial(&env.store, &t).await.is_ok());
}
