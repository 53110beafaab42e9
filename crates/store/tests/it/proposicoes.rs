//! The proposições' core: numbering from the tipo's counter, the situação derived from the
//! history, and the history that cannot be rewritten.

use std::collections::BTreeSet;

use domain::proposicoes::{Evento, Regime, Situacao, TipoAutor};
use store::auditoria::Autor;
use store::proposicoes::{self, AutorNovo, EventoNovo, NovaProposicao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use time::macros::date;
use uuid::Uuid;

async fn tipo(tx: &mut TenantTx, sigla: &str) -> Uuid {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = $2")
        .bind(tenant)
        .bind(sigla)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

async fn situacao(tx: &mut TenantTx, id: Uuid) -> Option<String> {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

fn nova(tipo_id: Uuid, mae_id: Option<Uuid>) -> NovaProposicao {
    NovaProposicao {
        tipo_id,
        mae_id,
        ementa: "Dispõe sobre a arborização das vias públicas.".into(),
        texto: String::new(),
        justificativa: String::new(),
        regime: Regime::Ordinario,
        apresentada_em: date!(2026 - 03 - 10),
        autores: vec![AutorNovo {
            tipo: TipoAutor::Executivo,
            parlamentar_id: None,
            comissao_id: None,
            nome: "Prefeito Municipal".into(),
            subscrito_em: date!(2026 - 03 - 10),
        }],
        descricao: String::new(),
    }
}

#[tokio::test]
async fn numbers_have_no_gap_nor_duplicate_under_100_concurrent_creations() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-num", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl = tipo(&mut tx, "PL").await;
    tx.commit().await.unwrap();
    let tasks = (0..100).map(|i| {
        let (store, t) = (env.store.clone(), t.clone());
        async move {
            let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
            let c = proposicoes::criar(&mut tx, &Autor::cli("teste"), &nova(pl, None))
                .await
                .unwrap();
            if i % 10 == 0 {
                tx.rollback().await.unwrap();
                None
            } else {
                tx.commit().await.unwrap();
                Some(c.numero)
            }
        }
    });
    let got: Vec<i32> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .flatten()
        .collect();
    let set: BTreeSet<i32> = got.iter().copied().collect();
    assert_eq!(set.len(), got.len(), "duplicates: {got:?}");
    assert_eq!(set, (1..=90).collect::<BTreeSet<_>>(), "gaps: {got:?}");
}

#[tokio::test]
async fn the_situacao_follows_the_history_and_nobody_writes_it() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-sit", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl = tipo(&mut tx, "PL").await;
    let c = proposicoes::criar(&mut tx, &autor, &nova(pl, None))
        .await
        .unwrap();
    assert_eq!(c.identificacao(), "PL 1/2026");
    assert_eq!(
        situacao(&mut tx, c.id).await.as_deref(),
        Some("protocolada")
    );
    let ev = |evento| EventoNovo {
        evento,
        unidade_id: None,
        descricao: "Andamento.".into(),
        ocorrido_em: None,
        origem_id: None,
    };
    let (_, s) = proposicoes::registrar_evento(&mut tx, &autor, c.id, &ev(Evento::Distribuida))
        .await
        .unwrap();
    assert_eq!(s, Situacao::EmComissao);
    assert_eq!(
        situacao(&mut tx, c.id).await.as_deref(),
        Some("em_comissao")
    );
    // A vote needs a proposição ready for the pauta: refused, nothing recorded.
    let votada = Evento::Votada {
        aprovada: true,
        ultimo_turno: true,
    };
    assert!(
        proposicoes::registrar_evento(&mut tx, &autor, c.id, &ev(votada))
            .await
            .is_err()
    );
    assert_eq!(
        situacao(&mut tx, c.id).await.as_deref(),
        Some("em_comissao")
    );
    tx.commit().await.unwrap();

    // Writing the situação directly is refused by the database, whatever the value.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| {
            let tenant = tx.tenant_id();
            sqlx::query(
                "UPDATE app.proposicao SET situacao = 'aprovada' WHERE tenant_id = $1 AND id = $2",
            )
            .bind(tenant)
            .bind(c.id)
            .execute(tx.conn())
            .await
            .map_err(store::infra::recusas::mapear)?;
            Ok(())
        })
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    // The history cannot be rewritten nor erased by the application.
    for sql in [
        "UPDATE app.proposicao_evento SET descricao = 'outra' WHERE tenant_id = $1 AND proposicao_id = $2",
        "DELETE FROM app.proposicao_evento WHERE tenant_id = $1 AND proposicao_id = $2",
    ] {
        let r = tx
            .tentar(async |tx| {
                let tenant = tx.tenant_id();
                sqlx::query(sql)
                    .bind(tenant)
                    .bind(c.id)
                    .execute(tx.conn())
                    .await?;
                Ok(())
            })
            .await;
        assert!(r.is_err(), "{sql}");
    }
    // Deleting the proposição takes its history with it.
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(c.id)
        .execute(tx.conn())
        .await
        .unwrap();
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM app.proposicao_evento WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn emendas_belong_to_a_proposicao_and_are_numbered_within_it() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-eme", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (pl, eme) = (tipo(&mut tx, "PL").await, tipo(&mut tx, "EME").await);
    let a = proposicoes::criar(&mut tx, &autor, &nova(pl, None))
        .await
        .unwrap();
    let b = proposicoes::criar(&mut tx, &autor, &nova(pl, None))
        .await
        .unwrap();
    let mut n = vec![];
    for mae in [a.id, a.id, b.id] {
        n.push(
            proposicoes::criar(&mut tx, &autor, &nova(eme, Some(mae)))
                .await
                .unwrap()
                .numero,
        );
    }
    assert_eq!(n, [1, 2, 1]);
    // An emenda without its proposição, or a PL with one, is refused by name.
    for (tipo_id, mae) in [(eme, None), (pl, Some(a.id))] {
        let r = tx
            .tentar(async |tx| proposicoes::criar(tx, &autor, &nova(tipo_id, mae)).await)
            .await;
        assert!(
            matches!(r, Err(store::Error::Validation(ref v)) if v.field == "tipo_id"),
            "{r:?}"
        );
    }
}
