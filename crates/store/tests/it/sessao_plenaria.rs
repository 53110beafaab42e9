//! Database rules of sessao_plenaria.

use std::collections::BTreeSet;

use store::auditoria::Autor;
use store::composicao::{self, SessaoLegislativa};
use store::infra::catalog::Tenant;
use store::sessoes_plenarias::{self as sp, EdicaoSessao, Filtro, NovaSessao, TipoSessao};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::macros::{date, datetime};
use time::{Month, PrimitiveDateTime};

struct Cenario {
    t: Tenant,
    sl1: SessaoLegislativa,
    sl2: SessaoLegislativa,
    ordinaria: TipoSessao,
    extraordinaria: TipoSessao,
}

/// A câmara with a legislatura and two sessões legislativas (2025 and 2026).
async fn cenario(env: &TestEnv, prefix: &str) -> Cenario {
    let t = env.camara(prefix, "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let leg = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let sl1 = composicao::criar_sessao_legislativa(
        &mut tx,
        &a,
        leg.id,
        1,
        date!(2025 - 02 - 01),
        date!(2025 - 12 - 22),
    )
    .await
    .unwrap();
    let sl2 = composicao::criar_sessao_legislativa(
        &mut tx,
        &a,
        leg.id,
        2,
        date!(2026 - 02 - 01),
        date!(2026 - 12 - 22),
    )
    .await
    .unwrap();
    let tipos = sp::tipos(&mut tx, true).await.unwrap();
    tx.commit().await.unwrap();
    let por_nome = |n: &str| tipos.iter().find(|t| t.nome == n).unwrap().clone();
    Cenario {
        ordinaria: por_nome("Ordinária"),
        extraordinaria: por_nome("Extraordinária"),
        t,
        sl1,
        sl2,
    }
}

fn nova(tipo: &TipoSessao, inicio: PrimitiveDateTime) -> NovaSessao {
    NovaSessao {
        tipo_id: tipo.id,
        inicio,
        fim: None,
        local: "Plenário Vereador João Ramos".into(),
        observacoes: String::new(),
    }
}

/// Creates in its own transaction, committed only on success.
async fn criar(env: &TestEnv, t: &Tenant, n: &NovaSessao) -> Result<sp::SessaoPlenaria, Error> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let r = sp::criar(&mut tx, &Autor::cli("t"), n).await;
    if r.is_ok() {
        tx.commit().await.unwrap();
    }
    r
}

#[tokio::test]
async fn a_new_camara_starts_with_the_default_tipos() {
    let env = TestEnv::new().await;
    let t = env.camara("tipos-padrao", "dedicated").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let nomes: Vec<String> = sp::tipos(&mut tx, false)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.nome)
        .collect();
    assert_eq!(nomes, ["Ordinária", "Extraordinária", "Solene", "Especial"]);
}

#[tokio::test]
async fn numbers_are_gapless_per_sessao_legislativa_and_tipo() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "numeracao").await;
    let mut got = Vec::new();
    for (tipo, inicio) in [
        (&c.ordinaria, datetime!(2025-03-04 18:00)),
        (&c.ordinaria, datetime!(2025-03-11 18:00)),
        (&c.extraordinaria, datetime!(2025-03-12 10:00)),
        (&c.ordinaria, datetime!(2025-03-18 18:00)),
        (&c.ordinaria, datetime!(2026-02-03 19:00)),
        (&c.extraordinaria, datetime!(2026-02-05 09:30)),
        (&c.ordinaria, datetime!(2026-02-10 19:00)),
    ] {
        let s = criar(&env, &c.t, &nova(tipo, inicio)).await.unwrap();
        got.push((s.tipo.clone(), s.sessao_legislativa_numero, s.numero));
    }
    let esperado: Vec<(String, i32, i32)> = [
        ("Ordinária", 1, 1),
        ("Ordinária", 1, 2),
        ("Extraordinária", 1, 1),
        ("Ordinária", 1, 3),
        ("Ordinária", 2, 1),
        ("Extraordinária", 2, 1),
        ("Ordinária", 2, 2),
    ]
    .iter()
    .map(|(t, sl, n)| ((*t).to_owned(), *sl, *n))
    .collect();
    assert_eq!(got, esperado);
    // The sessão legislativa comes from the date, and the date and time stay local.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let (lista, total) = sp::listar(&mut tx, &Filtro::default(), 100, 0)
        .await
        .unwrap();
    assert_eq!(total, 7);
    let s = &lista[6];
    assert_eq!(s.sessao_legislativa_id, c.sl2.id);
    assert_eq!((s.data(), s.hora.as_str()), ("10/02/2026".into(), "19:00"));
    assert_eq!(s.titulo(), "2ª Sessão Ordinária da 2ª Sessão Legislativa");
    // America/Sao_Paulo is UTC−3: 19:00 local is 22:00 UTC.
    assert_eq!(sp::rfc3339(s.inicio), "2026-02-10T22:00:00Z");
    assert_eq!(lista[0].sessao_legislativa_id, c.sl1.id);
    // Filters: by tipo, by year, by search.
    let (ext, n) = sp::listar(
        &mut tx,
        &Filtro {
            tipo: Some(c.extraordinaria.id),
            ano: Some(2026),
            ..Filtro::default()
        },
        100,
        0,
    )
    .await
    .unwrap();
    assert_eq!((n, ext[0].hora.as_str()), (1, "09:30"));
}

#[tokio::test]
async fn concurrent_creation_gives_distinct_numbers() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "concorrencia").await;
    let tasks = (0..12u8).map(|i| {
        let store = env.store.clone();
        let t = c.t.clone();
        let n = nova(
            &c.ordinaria,
            PrimitiveDateTime::new(
                date!(2026 - 03 - 02),
                time::Time::from_hms(8 + i, 0, 0).unwrap(),
            ),
        );
        async move {
            let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
            let s = sp::criar(&mut tx, &Autor::cli("t"), &n).await.unwrap();
            tx.commit().await.unwrap();
            s.numero
        }
    });
    let got: Vec<i32> = futures::future::join_all(tasks).await;
    assert_eq!(got.len(), 12);
    // Numbers follow the date order among agendada sessões (issue #12): whatever the order
    // the creations committed in, the scope ends with 1..=12 by date.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let (todas, _) = sp::listar(&mut tx, &Filtro::default(), 100, 0)
        .await
        .unwrap();
    let numeros: Vec<i32> = todas.iter().map(|s| s.numero).collect();
    assert_eq!(numeros, (1..=12).collect::<Vec<_>>(), "{numeros:?}");
    let set: BTreeSet<i32> = numeros.iter().copied().collect();
    assert_eq!(set.len(), 12);
}

#[tokio::test]
async fn a_date_outside_every_sessao_legislativa_is_refused() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "fora-sl").await;
    // January is the recess: no sessão legislativa.
    let e = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-01-15 18:00)))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Validation(_)), "{e}");
    assert!(
        e.to_string()
            .contains("Não há sessão legislativa cadastrada que inclua o dia 15/01/2026"),
        "{e}"
    );
    // Nothing was written, not even a number.
    let s = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-02-03 18:00)))
        .await
        .unwrap();
    assert_eq!(s.numero, 1);
    // Nor can an edit take a sessão out of its sessão legislativa.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let e = sp::editar(
        &mut tx,
        &Autor::cli("t"),
        s.id,
        &EdicaoSessao {
            inicio: datetime!(2025-11-03 18:00),
            fim: None,
            local: String::new(),
            observacoes: String::new(),
        },
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("fica na 1ª sessão legislativa"),
        "{e}"
    );
    drop(tx);
    // The database checks it too.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let r = sqlx::query(
        "UPDATE app.sessao_plenaria SET inicio = '2026-01-10 12:00:00+00' WHERE tenant_id = $1 AND id = $2",
    )
    .bind(c.t.id)
    .bind(s.id)
    .execute(tx.conn())
    .await
    .unwrap_err();
    assert!(r.to_string().contains("fora da sessão legislativa"), "{r}");
}

#[tokio::test]
async fn two_sessoes_never_start_at_the_same_instant() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "mesmo-instante").await;
    let s = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-04-07 18:00)))
        .await
        .unwrap();
    let e = criar(
        &env,
        &c.t,
        &nova(&c.extraordinaria, datetime!(2026-04-07 18:00)),
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("mesmo dia e horário"), "{e}");
    // A cancelled sessão frees its time.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    sp::cancelar(&mut tx, &Autor::cli("t"), s.id, "Ponto facultativo")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let outra = criar(
        &env,
        &c.t,
        &nova(&c.extraordinaria, datetime!(2026-04-07 18:00)),
    )
    .await
    .unwrap();
    assert_eq!(outra.numero, 1);
    // …and cannot be reactivated while the time is taken.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let e = sp::reativar(&mut tx, &Autor::cli("t"), s.id)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("mesmo dia e horário"), "{e}");
}

#[tokio::test]
async fn cancel_and_delete_rules() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "cancelar").await;
    let a = Autor::cli("t");
    let s1 = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-05-05 18:00)))
        .await
        .unwrap();
    let s2 = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-05-12 18:00)))
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    // A motivo is required.
    let e = sp::cancelar(&mut tx, &a, s1.id, "  ").await.unwrap_err();
    assert!(e.to_string().contains("motivo"), "{e}");
    // Not the last number: cannot be deleted.
    let e = sp::excluir(&mut tx, &a, s1.id).await.unwrap_err();
    assert!(e.to_string().contains("número 2"), "{e}");
    drop(tx);
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let cancelada = sp::cancelar(&mut tx, &a, s1.id, "Falta de energia no prédio")
        .await
        .unwrap();
    assert!(cancelada.cancelada());
    assert_eq!(
        cancelada.motivo_cancelamento.as_deref(),
        Some("Falta de energia no prédio")
    );
    assert_eq!(cancelada.versao, s1.versao + 1);
    let e = sp::cancelar(&mut tx, &a, s1.id, "de novo")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("já está cancelada"), "{e}");
    // A cancelled sessão is not deleted; it stays in the record.
    let e = sp::excluir(&mut tx, &a, s1.id).await.unwrap_err();
    assert!(
        e.to_string().contains("canceladas não são excluídas"),
        "{e}"
    );
    tx.commit().await.unwrap();
    // The last one can go, and its number comes back.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    sp::excluir(&mut tx, &a, s2.id).await.unwrap();
    tx.commit().await.unwrap();
    let s3 = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-05-19 18:00)))
        .await
        .unwrap();
    assert_eq!(s3.numero, 2);
    // Every write is in the audit log.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let (reg, _) = store::auditoria::listar(
        &mut tx,
        &store::auditoria::Filtro {
            entidade: Some("sessao_plenaria".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .await
    .unwrap();
    let acoes: BTreeSet<&str> = reg.iter().map(|r| r.acao.as_str()).collect();
    assert_eq!(
        acoes,
        ["cancelar", "criar", "excluir"].into_iter().collect()
    );
    // The database refuses a cancelled sessão without its motivo.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let e = sqlx::query(
        "UPDATE app.sessao_plenaria SET status = 'cancelada' WHERE tenant_id = $1 AND id = $2",
    )
    .bind(c.t.id)
    .bind(s3.id)
    .execute(tx.conn())
    .await
    .unwrap_err();
    assert!(e.to_string().contains("sessao_plenaria_motivo"), "{e}");
}

#[tokio::test]
async fn edits_upcoming_and_the_month() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "editar").await;
    let a = Autor::cli("t");
    let s = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-11-03 18:00)))
        .await
        .unwrap();
    criar(
        &env,
        &c.t,
        &nova(&c.extraordinaria, datetime!(2026-12-01 09:00)),
    )
    .await
    .unwrap();
    let cancelar = criar(&env, &c.t, &nova(&c.ordinaria, datetime!(2026-11-10 18:00)))
        .await
        .unwrap();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let e = sp::editar(
        &mut tx,
        &a,
        s.id,
        &EdicaoSessao {
            inicio: datetime!(2026-11-04 19:00),
            fim: Some(datetime!(2026-11-04 18:00)),
            local: String::new(),
            observacoes: String::new(),
        },
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("término"), "{e}");
    let s = sp::editar(
        &mut tx,
        &a,
        s.id,
        &EdicaoSessao {
            inicio: datetime!(2026-11-04 19:00),
            fim: Some(datetime!(2026-11-04 22:30)),
            local: "Auditório da Escola Municipal".into(),
            observacoes: "Sessão itinerante.".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (s.data(), s.hora.as_str(), s.hora_fim.as_deref(), s.numero),
        ("04/11/2026".into(), "19:00", Some("22:30"), 1)
    );
    sp::cancelar(&mut tx, &a, cancelar.id, "Feriado municipal")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let nov = sp::do_mes(&mut tx, 2026, Month::November).await.unwrap();
    assert_eq!(nov.len(), 2, "cancelled ones show in the calendar");
    assert_eq!(nov[0].dia, date!(2026 - 11 - 04));
    assert!(nov[1].cancelada());
    // The next scheduled ones: cancelled and past ones are left out.
    let agora = datetime!(2026-11-01 12:00 UTC);
    let prox = sp::proximas(&mut tx, agora, 5).await.unwrap();
    let titulos: Vec<String> = prox.iter().map(|s| s.titulo()).collect();
    assert_eq!(
        titulos,
        [
            "1ª Sessão Ordinária da 2ª Sessão Legislativa",
            "1ª Sessão Extraordinária da 2ª Sessão Legislativa"
        ]
    );
    let prox = sp::proximas(&mut tx, datetime!(2026-11-05 12:00 UTC), 5)
        .await
        .unwrap();
    assert_eq!(prox.len(), 1);
    assert_eq!(sp::anos(&mut tx).await.unwrap(), [2026]);
}

#[tokio::test]
async fn tipos_are_configurable() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "tipos").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let e = sp::criar_tipo(&mut tx, &a, "Ordinária", 9)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("Já existe um tipo"), "{e}");
    drop(tx);
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let e = sp::criar_tipo(&mut tx, &a, "X", 9).await.unwrap_err();
    assert!(matches!(e, Error::Validation(_)), "{e}");
    let audiencia = sp::criar_tipo(&mut tx, &a, "Sessão Itinerante", 5)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let s = criar(&env, &c.t, &nova(&audiencia, datetime!(2026-06-06 10:00)))
        .await
        .unwrap();
    assert_eq!(s.titulo(), "1ª Sessão Itinerante da 2ª Sessão Legislativa");
    // A used tipo cannot be deleted, only deactivated; an inactive one takes no new sessões.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let e = sp::excluir_tipo(&mut tx, &a, audiencia.id)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("desative-o"), "{e}");
    drop(tx);
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    sp::editar_tipo(&mut tx, &a, audiencia.id, "Sessão Itinerante", 5, false)
        .await
        .unwrap();
    sp::excluir_tipo(&mut tx, &a, c.extraordinaria.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let e = criar(&env, &c.t, &nova(&audiencia, datetime!(2026-06-13 10:00)))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("desativado"), "{e}");
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    assert_eq!(
        sp::tipos(&mut tx, true)
            .await
            .unwrap()
            .iter()
            .map(|t| t.nome.as_str())
            .collect::<Vec<_>>(),
        ["Ordinária", "Solene", "Especial"]
    );
}

/// The lengths, the end after the start, the motivo and the tipo's nome and ordem are the
/// tables' checks (one home): the store refuses them behind a savepoint, with the field and
/// the Portuguese message, the caller's transaction goes on, and a refused sessão gives its
/// number back.
#[tokio::test]
async fn the_tables_checks_refuse_behind_a_savepoint_and_give_the_number_back() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "uma-casa").await;
    let a = Autor::cli("t");
    let campo = |e: &Error| match e {
        Error::Validation(v) => v.field,
        _ => "",
    };
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let mut longa = nova(&c.ordinaria, datetime!(2026-03-03 18:00));
    longa.local = "x".repeat(201);
    let e = sp::criar(&mut tx, &a, &longa).await.unwrap_err();
    assert_eq!(campo(&e), "local", "{e}");
    let mut ao_contrario = nova(&c.ordinaria, datetime!(2026-03-03 18:00));
    ao_contrario.fim = Some(datetime!(2026-03-03 17:00));
    let e = sp::criar(&mut tx, &a, &ao_contrario).await.unwrap_err();
    assert_eq!(campo(&e), "hora_fim", "{e}");
    assert!(e.to_string().contains("depois do horário de início"), "{e}");
    let s = sp::criar(
        &mut tx,
        &a,
        &nova(&c.ordinaria, datetime!(2026-03-03 18:00)),
    )
    .await
    .unwrap();
    assert_eq!(s.numero, 1, "the refused ones gave their numbers back");
    let e = sp::cancelar(&mut tx, &a, s.id, " x ").await.unwrap_err();
    assert_eq!(campo(&e), "motivo", "{e}");
    let e = sp::criar_tipo(&mut tx, &a, "Especial de Verão", 1000)
        .await
        .unwrap_err();
    assert_eq!(campo(&e), "ordem", "{e}");
    let e = sp::criar_tipo(&mut tx, &a, "ab", 5).await.unwrap_err();
    assert_eq!(campo(&e), "nome", "{e}");
    // Still agendada, and the transaction commits.
    assert!(
        !sp::por_id(&mut tx, s.id)
            .await
            .unwrap()
            .unwrap()
            .cancelada()
    );
    tx.commit().await.unwrap();
}
