//! Every refusal the database can give a câmara's input has a Portuguese message, found by
//! its exact name: the constraints of schema `app` and the names its triggers raise.

use sqlx::Connection;

/// Constraint names of `app` the input can violate (primary keys are made by the server;
/// the foreign key to `plenario.resident` always holds for a serving câmara), and the
/// names every trigger function raises with `CONSTRAINT = '…'`.
async fn nomes() -> (Vec<String>, Vec<String>) {
    let env = testkit::TestEnv::new().await;
    let mut conn = env
        .store
        .admin_connect(&store::DataDb::pool(store::MAIN_CLUSTER))
        .await
        .unwrap();
    let constraints: Vec<String> = sqlx::query_scalar(
        "SELECT c.conname::text FROM pg_constraint c
          WHERE c.connamespace = 'app'::regnamespace
            AND c.contype IN ('c', 'u', 'x', 'f')
            AND NOT (c.contype = 'f' AND c.confrelid = 'plenario.resident'::regclass)
          ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    // Unique indexes made with CREATE UNIQUE INDEX refuse by their own name too.
    let indices: Vec<String> = sqlx::query_scalar(
        "SELECT i.indexrelid::regclass::text FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid
          WHERE c.relnamespace = 'app'::regnamespace AND i.indisunique AND NOT i.indisprimary
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
          ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let constraints: Vec<String> = constraints
        .into_iter()
        .chain(
            indices
                .into_iter()
                .map(|n| n.trim_start_matches("app.").to_owned()),
        )
        .collect();
    let corpos: Vec<String> = sqlx::query_scalar(
        "SELECT prosrc FROM pg_proc WHERE pronamespace = 'app'::regnamespace AND prolang =
           (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let mut gatilhos = Vec::new();
    for corpo in &corpos {
        let raises = corpo.matches("RAISE EXCEPTION").count();
        let mut nomeados = 0;
        for (i, _) in corpo.match_indices("CONSTRAINT = '") {
            let resto = &corpo[i + "CONSTRAINT = '".len()..];
            if let Some(fim) = resto.find('\'') {
                gatilhos.push(resto[..fim].to_owned());
                nomeados += 1;
            }
        }
        assert_eq!(
            raises, nomeados,
            "every RAISE EXCEPTION of a trigger must name its CONSTRAINT:\n{corpo}"
        );
    }
    (constraints, gatilhos)
}

#[tokio::test]
async fn every_constraint_and_trigger_refusal_has_a_portuguese_message() {
    let (constraints, gatilhos) = nomes().await;
    assert!(constraints.len() > 40, "{constraints:?}");
    let sem: Vec<&String> = constraints
        .iter()
        .chain(&gatilhos)
        .filter(|n| store::infra::recusas::mensagem(n).is_none())
        .collect();
    assert!(
        sem.is_empty(),
        "no message for {} names: {sem:#?}",
        sem.len()
    );
    // And the table names nothing that does not exist (a renamed constraint).
    let sobra: Vec<&str> = store::infra::recusas::nomes()
        .filter(|n| !constraints.iter().chain(&gatilhos).any(|c| c == n))
        .collect();
    assert!(sobra.is_empty(), "names that no longer exist: {sobra:?}");
}
