//! The one-statement page reads (`store::infra::leitura`, migration 0014): nothing of the
//! câmara survives on the pooled connection, they never show another câmara's rows, and
//! they give exactly what the transaction-based reads of the same pages give.

use serde_json::Value;
use sqlx::Row;
use store::composicao::pagina_publica::{self, Qual};
use store::conteudo::pagina_publica as noticias_publicas;
use store::infra::catalog::Tenant;
use store::{Access, DataDb, Error, Store, TenantTx, camara, composicao};
use testkit::TestEnv;
use testkit::fixtures;

fn j(v: &impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap()
}

/// What the (only) pooled connection shows of a tenant once the read is over.
async fn estado_da_conexao(store: &Store, t: &Tenant) -> (String, String, i64, i64) {
    let pool = store.app_pool(&DataDb::of(&t.placement)).await.unwrap();
    assert_eq!(pool.size(), 1, "the test needs the one pooled connection");
    let mut conn = pool.acquire().await.unwrap();
    let row = sqlx::query(
        "SELECT coalesce(current_setting('app.tenant_id', true), ''),
                current_setting('transaction_read_only'),
                (SELECT count(*) FROM app.camara_config),
                (SELECT count(*) FROM app.parlamentar)",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    (row.get(0), row.get(1), row.get(2), row.get(3))
}

#[tokio::test]
async fn no_tenant_setting_survives_on_the_pooled_connection() {
    // One connection in the pool: the read and the check below use the same one.
    let env = TestEnv::with(1, &[]).await;
    let a = env.camara("leit-a", "pool").await;
    fixtures::populate(&env.store, &a).await;
    let pagina = store::portal::inicio(&env.store, &a).await.unwrap();
    assert!(pagina.identidade.is_some());
    assert!(!pagina.dados.vereadores.is_empty(), "A's page saw A's rows");
    let pool = env.store.app_pool(&DataDb::of(&a.placement)).await.unwrap();
    let pid_antes: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&pool)
        .await
        .unwrap();
    for _ in 0..2 {
        pagina_publica::lista(&env.store, &a, Qual::Atual, None)
            .await
            .unwrap();
        assert_eq!(
            estado_da_conexao(&env.store, &a).await,
            (String::new(), "off".to_owned(), 0, 0),
            "after A's page the connection is scoped to no câmara, and writable again"
        );
    }
    // A read that fails inside the function leaves nothing either.
    let err = noticias_publicas::noticias(&env.store, &a, "", "", -1, 0)
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("LIMIT"), "{err}");
    assert_eq!(
        estado_da_conexao(&env.store, &a).await,
        (String::new(), "off".to_owned(), 0, 0)
    );
    let pid_depois: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(pid_antes, pid_depois, "always the same pooled connection");
}

#[tokio::test]
async fn the_page_reads_are_read_only() {
    let env = TestEnv::new().await;
    let a = env.camara("leit-ro", "pool").await;
    let pool = env.store.app_pool(&DataDb::of(&a.placement)).await.unwrap();
    // After the scoping function, a write in the same transaction is refused.
    let err = sqlx::query(
        "DO $$ BEGIN PERFORM app.leitura_abrir(0, NULL);
                     UPDATE app.camara_config SET updated_at = now() WHERE false; END $$",
    )
    .execute(&pool)
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("read-only"),
        "after app.leitura_abrir the transaction is read-only: {err}"
    );
}

#[tokio::test]
async fn a_page_of_a_never_shows_b() {
    let env = TestEnv::new().await;
    let a = env.camara("leit-iso-a", "pool").await;
    let b = env.camara("leit-iso-b", "dedicated").await;
    let c = env.camara("leit-iso-c", "pool").await;
    for t in [&a, &b, &c] {
        fixtures::populate(&env.store, t).await;
    }
    for outro in [&b, &c] {
        let canario = fixtures::canary(outro);
        let mut tx = TenantTx::begin(&env.store, outro, Access::Read)
            .await
            .unwrap();
        let dia = camara::hoje(&mut tx).await.unwrap();
        let leg = composicao::legislatura_atual(&mut tx, dia).await.unwrap();
        let deles = composicao::da_legislatura(&mut tx, leg.unwrap().id, dia, None, 10)
            .await
            .unwrap();
        drop(tx);
        let slug = &deles[0].slug;
        // Their parlamentar's slug on A's profile page: not found.
        let perfil = pagina_publica::perfil(&env.store, &a, slug).await.unwrap();
        assert!(perfil.dados.parlamentar.is_none(), "{slug} is not A's");
        let paginas = [
            j(&store::portal::inicio(&env.store, &a)
                .await
                .unwrap()
                .dados
                .vereadores),
            j(&pagina_publica::lista(&env.store, &a, Qual::Atual, None)
                .await
                .unwrap()
                .dados
                .lista),
            j(&pagina_publica::api(&env.store, &a, None, None, None, 100)
                .await
                .unwrap()
                .dados
                .dados),
            j(&noticias_publicas::noticias(&env.store, &a, "", "", 100, 0)
                .await
                .unwrap()
                .dados
                .noticias),
        ];
        for p in paginas {
            let texto = p.to_string();
            assert!(
                !texto.contains(&canario),
                "A's page shows {canario}: {texto}"
            );
            assert!(!texto.contains(slug.as_str()));
        }
        let ident = store::portal::inicio(&env.store, &a).await.unwrap();
        assert_eq!(ident.identidade.unwrap().config.id, {
            let mut tx = TenantTx::begin(&env.store, &a, Access::Read).await.unwrap();
            camara::config(&mut tx).await.unwrap().unwrap().id
        });
    }
}

#[tokio::test]
async fn a_camara_that_moved_is_not_resident() {
    let env = TestEnv::new().await;
    let t = env.camara("leit-stale", "pool").await;
    let other = env.camara("leit-stale-other", "dedicated").await;
    let mut wrong = t.clone();
    wrong.placement = other.placement.clone();
    let err = store::portal::inicio(&env.store, &wrong)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::NotResident), "{err}");
}

#[tokio::test]
async fn dates_and_instants_as_the_time_crate_reads_them() {
    let env = TestEnv::new().await;
    let t = env.camara("leit-datas", "pool").await;
    let pool = env.store.app_pool(&DataDb::of(&t.placement)).await.unwrap();
    let (d, i, n): (Value, Value, Option<Value>) = sqlx::query_as(
        "SELECT app.json_data('2024-02-29'), app.json_instante('2024-12-31 23:59:59.123456-03'),
                app.json_data(NULL)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let d: time::Date = serde_json::from_value(d).unwrap();
    let i: time::OffsetDateTime = serde_json::from_value(i).unwrap();
    assert_eq!(d, time::macros::date!(2024 - 02 - 29));
    assert_eq!(i, time::macros::datetime!(2025-01-01 02:59:59.123456 UTC));
    assert_eq!(n, None, "no date: SQL NULL, read as None");
}

/// The one-statement pages give exactly what the transaction-based reads give.
#[tokio::test]
async fn the_pages_match_the_transaction_reads() {
    let env = TestEnv::new().await;
    let t = env.camara("leit-igual", "pool").await;
    fixtures::populate(&env.store, &t).await;
    testkit::fixtures::api::ampliar(&env.store, &t).await;
    let s = &env.store;
    let mut tx = TenantTx::begin(s, &t, Access::Read).await.unwrap();
    let hoje = camara::hoje(&mut tx).await.unwrap();
    let leg = composicao::legislatura_atual(&mut tx, hoje)
        .await
        .unwrap()
        .unwrap();

    // The identity and today, on every page.
    let inicio = store::portal::inicio(s, &t).await.unwrap();
    let ident = camara::identidade(&mut tx).await.unwrap().unwrap();
    assert_eq!(inicio.identidade.as_deref(), Some(&*ident));
    assert_eq!(inicio.hoje, Some(hoje));
    // From this process's cache the second time, still the same.
    let de_novo = store::portal::inicio(s, &t).await.unwrap();
    assert_eq!(de_novo.identidade.as_deref(), Some(&*ident));

    // `/`
    let d = inicio.dados;
    assert_eq!(j(&d.legislatura), j(&Some(&leg)));
    assert_eq!(
        j(&d.vereadores),
        j(&composicao::da_legislatura(&mut tx, leg.id, hoje, None, 60)
            .await
            .unwrap())
    );
    let agora = time::OffsetDateTime::now_utc();
    assert_eq!(
        j(&d.sessoes),
        j(&store::sessoes_plenarias::proximas(&mut tx, agora, 3)
            .await
            .unwrap())
    );
    assert_eq!(
        j(&d.noticias),
        j(&store::conteudo::noticias::recentes(&mut tx, 4)
            .await
            .unwrap())
    );

    // `/parlamentares`, the current legislatura and by number, with a partido.
    for (qual, sigla) in [
        (Qual::Atual, None),
        (Qual::Numero(Some(leg.numero)), Some("pca")),
        (Qual::Numero(Some(999)), None),
        (Qual::Numero(None), None),
    ] {
        let l = pagina_publica::lista(s, &t, qual, sigla)
            .await
            .unwrap()
            .dados;
        let esperada = match qual {
            Qual::Atual => Some(leg.clone()),
            Qual::Numero(Some(n)) => composicao::legislatura_por_numero(&mut tx, n)
                .await
                .unwrap(),
            Qual::Numero(None) => None,
        };
        assert_eq!(j(&l.legislatura), j(&esperada));
        let lista = match &esperada {
            Some(e) => composicao::da_legislatura_filtrada(
                &mut tx,
                e.id,
                hoje.min(e.fim),
                sigla,
                None,
                500,
            )
            .await
            .unwrap(),
            None => Vec::new(),
        };
        assert_eq!(j(&l.lista), j(&lista), "{qual:?} {sigla:?}");
        assert_eq!(
            j(&l.legislaturas),
            j(&composicao::legislaturas(&mut tx, None, 200).await.unwrap())
        );
        assert_eq!(
            j(&l.partidos),
            j(&composicao::partidos(&mut tx, None, 200).await.unwrap())
        );
    }

    // `/parlamentares/{slug}`, for each of them.
    let todos = composicao::da_legislatura(&mut tx, leg.id, hoje, None, 500)
        .await
        .unwrap();
    assert!(!todos.is_empty());
    for p in &todos {
        let perfil = pagina_publica::perfil(s, &t, &p.slug).await.unwrap().dados;
        let por_slug = composicao::por_slug(&mut tx, &p.slug, Some(leg.id), hoje)
            .await
            .unwrap();
        assert_eq!(j(&perfil.parlamentar), j(&por_slug));
        let id = p.id;
        assert_eq!(
            j(&perfil.mandatos),
            j(&composicao::mandatos_de(&mut tx, id).await.unwrap())
        );
        assert_eq!(
            j(&perfil.filiacoes),
            j(&composicao::filiacoes_de(&mut tx, id).await.unwrap())
        );
        assert_eq!(
            j(&perfil.redes),
            j(&composicao::redes(&mut tx, id).await.unwrap())
        );
        assert_eq!(
            j(&perfil.comissoes),
            j(&store::comissoes::comissoes_do_parlamentar(&mut tx, id)
                .await
                .unwrap())
        );
        assert_eq!(
            j(&perfil.cargos_mesa),
            j(&store::mesa::cargos_mesa_do_parlamentar(&mut tx, id)
                .await
                .unwrap())
        );
    }
    let nenhum = pagina_publica::perfil(s, &t, "ninguem-com-este-nome")
        .await
        .unwrap();
    assert!(nenhum.dados.parlamentar.is_none());

    // `/api/v1/parlamentares`, in pages of 2 by the cursor, and by partido.
    let mut depois: Option<String> = None;
    loop {
        let api = pagina_publica::api(s, &t, None, None, depois.as_deref(), 2)
            .await
            .unwrap()
            .dados;
        let esperado = composicao::dados_abertos(
            &mut tx,
            leg.id,
            hoje.min(leg.fim),
            None,
            depois.as_deref(),
            2,
        )
        .await
        .unwrap();
        assert_eq!(j(&api.dados), j(&esperado));
        match api.dados.last() {
            Some(u) => depois = Some(u.slug.clone()),
            None => break,
        }
    }
    let api = pagina_publica::api(s, &t, Some(leg.numero), Some("pca"), None, 100)
        .await
        .unwrap()
        .dados;
    assert_eq!(api.partido.as_deref(), Some("PCA"));
    assert_eq!(
        j(&api.dados),
        j(
            &composicao::dados_abertos(&mut tx, leg.id, hoje.min(leg.fim), Some("PCA"), None, 100)
                .await
                .unwrap()
        )
    );
    let api = pagina_publica::api(s, &t, Some(999), Some("NAO-HA"), None, 100)
        .await
        .unwrap()
        .dados;
    assert!(api.legislatura.is_none() && api.partido.is_none() && api.dados.is_empty());

    // `/noticias`: all, a search, a categoria, a later page.
    for (busca, categoria, offset) in [
        ("", "", 0),
        ("notícia", "", 0),
        ("", "institucional", 0),
        ("", "", 1),
    ] {
        let n = noticias_publicas::noticias(s, &t, busca, categoria, 2, offset)
            .await
            .unwrap()
            .dados;
        let filtro = store::conteudo::noticias::FiltroPublico {
            busca: Some(busca.to_owned()),
            categoria: Some(categoria.to_owned()),
        };
        let (lista, total) = store::conteudo::noticias::publicadas(&mut tx, &filtro, 2, offset)
            .await
            .unwrap();
        assert_eq!(
            j(&n.noticias),
            j(&lista),
            "{busca:?} {categoria:?} {offset}"
        );
        assert_eq!(n.total, total);
    }
}
