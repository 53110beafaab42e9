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

/// A populated câmara in a database of its own, with an administrator's connection to it
/// where `pg_stat_statements` counts.
async fn camara_contada(
    slug: &str,
) -> (TestEnv, store::infra::catalog::Tenant, DataDb, PgConnection) {
    let env = TestEnv::new().await;
    let t = env.camara(slug, "dedicated").await;
    populate(&env.store, &t).await;
    let db = DataDb::of(&t.placement);
    let mut admin = env.store.admin_connect(&db).await.unwrap();
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .execute(&mut admin)
        .await
        .expect("the test cluster loads pg_stat_statements (PostgreSQL's contrib)");
    (env, t, db, admin)
}

#[tokio::test]
async fn the_home_page_is_one_statement_and_reads_what_the_transaction_reads() {
    let (env, t, db, mut admin) = camara_contada("umavez").await;

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

#[tokio::test]
async fn the_parlamentar_page_is_one_statement_and_reads_what_the_transaction_reads() {
    use store::composicao;
    use store::proposicoes::busca;
    let (env, t, _, mut admin) = camara_contada("perfilum").await;
    // Counted first: a read transaction's ROLLBACK is sent when its connection is next used,
    // which may be after a reset.
    let primeiro: String = sqlx::query_scalar("SELECT min(slug) FROM app.parlamentar")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    zerar(&mut admin).await;
    let pagina = composicao::pagina_parlamentar(&env.store, &t, &primeiro, 20, 0)
        .await
        .unwrap();
    assert!(pagina.is_some());
    let (n, quais) = comandos(&mut admin).await;
    assert_eq!(n, 1, "one statement for the whole page: {quais:#?}");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let hoje = camara::hoje(&mut tx).await.unwrap();
    let leg = composicao::legislatura_atual(&mut tx, hoje).await.unwrap();
    let slugs: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM app.parlamentar WHERE tenant_id = $1 ORDER BY slug")
            .bind(t.id)
            .fetch_all(tx.conn())
            .await
            .unwrap();
    assert!(!slugs.is_empty());
    let mut visto = (0, 0, 0, 0, 0, 0);
    for slug in &slugs {
        let p = composicao::por_slug(&mut tx, slug, leg.as_ref().map(|l| l.id), hoje)
            .await
            .unwrap()
            .unwrap();
        let pagina = composicao::pagina_parlamentar(&env.store, &t, slug, 2, 0)
            .await
            .unwrap()
            .expect("the parlamentar's page");
        let q = &pagina.parlamentar;
        assert_eq!(
            (q.id, &q.partido, &q.mandato, &q.foto, &q.biografia),
            (p.id, &p.partido, &p.mandato, &p.foto, &p.biografia)
        );
        let mandatos = composicao::mandatos_de(&mut tx, p.id).await.unwrap();
        let resumo = |v: &[composicao::Mandato]| {
            v.iter()
                .map(|m| {
                    (
                        m.id,
                        m.inicio,
                        m.fim,
                        m.afastamentos.iter().map(|a| a.id).collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(resumo(&pagina.mandatos), resumo(&mandatos));
        let filiacoes = composicao::filiacoes_de(&mut tx, p.id).await.unwrap();
        assert_eq!(
            pagina.filiacoes.iter().map(|f| f.id).collect::<Vec<_>>(),
            filiacoes.iter().map(|f| f.id).collect::<Vec<_>>()
        );
        let redes = composicao::redes(&mut tx, p.id).await.unwrap();
        assert_eq!(
            pagina.redes.iter().map(|r| r.id).collect::<Vec<_>>(),
            redes.iter().map(|r| r.id).collect::<Vec<_>>()
        );
        let comissoes = store::comissoes::comissoes_do_parlamentar(&mut tx, p.id)
            .await
            .unwrap();
        let resumo = |v: &[store::comissoes::ParticipacaoComissao]| {
            v.iter()
                .map(|c| (c.comissao_id, c.atual, c.desligamento, c.cargo_label()))
                .collect::<Vec<_>>()
        };
        assert_eq!(resumo(&pagina.comissoes), resumo(&comissoes));
        let mesa = store::mesa::cargos_mesa_do_parlamentar(&mut tx, p.id)
            .await
            .unwrap();
        let resumo = |v: &[store::mesa::MembroMesa]| {
            v.iter()
                .map(|m| (m.id, m.partido.clone(), m.cargo_do_titular.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(resumo(&pagina.cargos_mesa), resumo(&mesa));
        let filtro = busca::Filtro {
            autor: Some(p.id),
            ..busca::Filtro::default()
        };
        let achadas = busca::buscar(&mut tx, &filtro, 2, 0).await.unwrap();
        assert_eq!(pagina.proposicoes_total, achadas.total);
        let resumo = |v: &[busca::Linha]| {
            v.iter()
                .map(|l| (l.id, l.apresentada_em, l.uri.clone(), l.autores.0.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(resumo(&pagina.proposicoes), resumo(&achadas.linhas));
        // The second page starts where the first ended.
        let segunda = composicao::pagina_parlamentar(&env.store, &t, slug, 2, 2)
            .await
            .unwrap()
            .unwrap();
        let achadas = busca::buscar(&mut tx, &filtro, 2, 2).await.unwrap();
        assert_eq!(resumo(&segunda.proposicoes), resumo(&achadas.linhas));
        visto.0 += pagina.mandatos.len();
        visto.1 += pagina.filiacoes.len();
        visto.2 += pagina.comissoes.len();
        visto.3 += pagina.cargos_mesa.len();
        visto.4 += pagina.proposicoes.len();
        visto.5 += pagina
            .mandatos
            .iter()
            .map(|m| m.afastamentos.len())
            .sum::<usize>();
    }
    tx.commit().await.unwrap();
    // The fixture has some of each, so the comparisons above compared rows.
    assert!(
        visto.0 > 0 && visto.1 > 0 && visto.2 > 0 && visto.3 > 0 && visto.4 > 0 && visto.5 > 0,
        "mandatos, filiações, comissões, mesa, proposições, afastamentos: {visto:?}"
    );

    assert!(
        composicao::pagina_parlamentar(&env.store, &t, "ninguem-com-esse-nome", 20, 0)
            .await
            .unwrap()
            .is_none()
    );
}
