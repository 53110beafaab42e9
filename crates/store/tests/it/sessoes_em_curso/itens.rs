//! The states of a pauta item (pedido de vista, adiamento, retirada de pauta) through the
//! one entry point, and two turnos in one sessão when the tipo allows.

use domain::sessoes_plenarias::pauta::AcaoItem;
use store::proposicoes::relacionadas::{self, TipoRelacao};
use store::sessoes_plenarias::pauta::Movimento;

use super::*;

fn motivo(m: &str) -> Movimento {
    Movimento {
        motivo: m.into(),
        ..Movimento::default()
    }
}

#[tokio::test]
async fn vista_adiamento_and_retirada_are_audited_states_and_a_retirada_locks_anexacao() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "itenspauta", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let seguinte = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-17 18:00)))
        .await
        .unwrap()
        .id;
    let pl = pronta(&mut tx, "PL", "Institui a semana do meio ambiente.").await;
    let item = pauta::adicionar_item(
        &mut tx,
        &a,
        s,
        &NovoItem {
            proposicao_id: Some(pl),
            ..item_livre("")
        },
    )
    .await
    .unwrap();
    let mover = async |tx: &mut TenantTx, acao, m: &Movimento| {
        tx.tentar(async |tx| pauta::mover_item(tx, &a, item.id, acao, m).await)
            .await
    };
    // Vista: a prazo of 1 to 30 days, asked and checked before anything is written.
    let r = mover(&mut tx, AcaoItem::PedirVista, &Movimento::default()).await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "prazo"),
        "{r:?}"
    );
    let prazo = |d| Movimento {
        prazo_dias: Some(d),
        ..Movimento::default()
    };
    let r = mover(&mut tx, AcaoItem::PedirVista, &prazo(31)).await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "prazo"),
        "{r:?}"
    );
    let vista = mover(&mut tx, AcaoItem::PedirVista, &prazo(5))
        .await
        .unwrap();
    assert_eq!(
        (vista.situacao.as_str(), vista.vista_ate),
        ("vista", Some(date!(2025 - 03 - 15)))
    );
    // Out of the pauta: not voted until it returns.
    let r = tx
        .tentar(async |tx| votacao::abrir(tx, &a, item.id, TipoVotacao::Nominal).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("vista")),
        "{r:?}"
    );
    let de_volta = mover(&mut tx, AcaoItem::DevolverVista, &Movimento::default())
        .await
        .unwrap();
    assert_eq!(
        (de_volta.situacao.as_str(), de_volta.vista_ate),
        ("na_pauta", None)
    );
    // Nothing moves while the item is being voted.
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
        .await
        .unwrap();
    let r = mover(&mut tx, AcaoItem::Adiar, &motivo("Falta de parecer")).await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    votacao::mover(&mut tx, &a, v.id, Acao::Cancelar, "Aberta por engano")
        .await
        .unwrap();
    // Adiamento: a motivo and a later, agendada sessão; the item is carried there.
    let r = mover(&mut tx, AcaoItem::Adiar, &motivo("curto")).await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "motivo"),
        "{r:?}"
    );
    let sem_destino = mover(&mut tx, AcaoItem::Adiar, &motivo("A pedido do autor")).await;
    assert!(
        matches!(sem_destino, Err(Error::Validation(ref e)) if e.field == "sessao_destino"),
        "{sem_destino:?}"
    );
    let para_si = Movimento {
        destino: Some(s),
        ..motivo("A pedido do autor")
    };
    assert!(mover(&mut tx, AcaoItem::Adiar, &para_si).await.is_err());
    let adiado = mover(
        &mut tx,
        AcaoItem::Adiar,
        &Movimento {
            destino: Some(seguinte),
            ..motivo("A pedido do autor")
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (adiado.situacao.as_str(), adiado.adiado_para),
        ("adiado", Some(seguinte))
    );
    let la = pauta::itens(&mut tx, seguinte).await.unwrap();
    assert_eq!(la.len(), 1);
    assert_eq!(
        (la[0].proposicao_id, la[0].situacao.as_str()),
        (Some(pl), "na_pauta")
    );
    // An adiado item is final here.
    assert!(
        mover(&mut tx, AcaoItem::Retirar, &motivo("Retirada pelo autor"))
            .await
            .is_err()
    );

    // Retirada: final, and the proposição takes no anexação afterwards (either side).
    let outra = pronta(&mut tx, "PL", "Institui o dia do voluntariado.").await;
    let terceira = pronta(&mut tx, "PL", "Altera o dia do voluntariado.").await;
    let i2 = pauta::adicionar_item(
        &mut tx,
        &a,
        s,
        &NovoItem {
            proposicao_id: Some(outra),
            ..item_livre("")
        },
    )
    .await
    .unwrap();
    let retirado = pauta::mover_item(
        &mut tx,
        &a,
        i2.id,
        AcaoItem::Retirar,
        &motivo("Retirada a requerimento do autor"),
    )
    .await
    .unwrap();
    assert_eq!(retirado.situacao_label(), "Retirado de pauta");
    let r = tx
        .tentar(async |tx| votacao::abrir(tx, &a, i2.id, TipoVotacao::Nominal).await)
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    for (p, x) in [(outra, terceira), (terceira, outra)] {
        let r = tx
            .tentar(async |tx| {
                relacionadas::relacionar(tx, &a, p, x, TipoRelacao::Anexada, date!(2025 - 03 - 10))
                    .await
            })
            .await;
        assert!(
            matches!(r, Err(Error::Conflict(ref m)) if m.contains("retirada")),
            "{r:?}"
        );
    }
    // Every move audited, in order.
    let tenant = tx.tenant_id();
    let acoes: Vec<String> = sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'pauta_item'
            AND acao <> 'criar' ORDER BY em, id",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(acoes, ["pedir_vista", "devolver_vista", "adiar", "retirar"]);
}

#[tokio::test]
async fn two_turnos_in_one_sessao_only_without_intersticio_and_both_results_kept() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "doisturnos", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    // PELO: two turnos, 10 dias úteis of interstício (the seeded tipo).
    let pelo = pronta(&mut tx, "PELO", "Altera o art. 10 da Lei Orgânica.").await;
    let item = |turno| NovoItem {
        proposicao_id: Some(pelo),
        turno,
        ..item_livre("")
    };
    let i1 = pauta::adicionar_item(&mut tx, &a, s, &item(1))
        .await
        .unwrap();
    let i2 = pauta::adicionar_item(&mut tx, &a, s, &item(2))
        .await
        .unwrap();
    // The second turno waits for the first's approval.
    let r = tx
        .tentar(async |tx| votacao::abrir(tx, &a, i2.id, TipoVotacao::Nominal).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("1º")),
        "{r:?}"
    );
    let votar_todos = async |tx: &mut TenantTx, item: Uuid| {
        let v = votacao::abrir(tx, &a, item, TipoVotacao::Nominal)
            .await
            .unwrap();
        for p in &c.parlamentares {
            votacao::votar(tx, &a, v.id, *p, Voto::Sim).await.unwrap();
        }
        votacao::encerrar(tx, &a, v.id, &Encerramento::default())
            .await
            .unwrap()
    };
    let primeiro = votar_todos(&mut tx, i1.id).await;
    assert_eq!(primeiro.resultado.as_deref(), Some("aprovada"));
    let tenant = tx.tenant_id();
    let situacao = async |tx: &mut TenantTx| -> String {
        sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(pelo)
            .fetch_one(tx.conn())
            .await
            .unwrap()
    };
    assert_eq!(situacao(&mut tx).await, "pronta_para_pauta");
    // Ten dias úteis of interstício: not in the same sessão.
    let r = tx
        .tentar(async |tx| votacao::abrir(tx, &a, i2.id, TipoVotacao::Nominal).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("Interstício")),
        "{r:?}"
    );
    // A tipo without interstício allows both turnos in one sessão; both results are kept.
    sqlx::query("UPDATE app.tipo_proposicao SET intersticio_dias_uteis = 0 WHERE tenant_id = $1 AND sigla = 'PELO'")
        .bind(tenant)
        .execute(tx.conn())
        .await
        .unwrap();
    let segundo = votar_todos(&mut tx, i2.id).await;
    assert_eq!(segundo.resultado.as_deref(), Some("aprovada"));
    let turnos: Vec<(i16, Option<String>)> = votacao::da_sessao(&mut tx, s)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.turno, v.resultado))
        .collect();
    assert_eq!(
        turnos,
        [
            (1, Some("aprovada".to_owned())),
            (2, Some("aprovada".to_owned()))
        ]
    );
    assert_eq!(situacao(&mut tx).await, "aprovada");
    // No third turno for a tipo of two.
    let r = tx
        .tentar(async |tx| pauta::adicionar_item(tx, &a, s, &item(3)).await)
        .await;
    assert!(r.is_err());
}

#[tokio::test]
async fn the_pauta_order_changes_only_with_a_reason_and_is_audited() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "ordempauta", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-11 18:00)).await;
    let mut ids = Vec::new();
    for d in ["Primeiro", "Segundo", "Terceiro"] {
        ids.push(
            pauta::adicionar_item(&mut tx, &a, s, &item_livre(d))
                .await
                .unwrap()
                .id,
        );
    }
    let ordem = async |tx: &mut TenantTx| -> Vec<(i32, Uuid)> {
        pauta::itens(tx, s)
            .await
            .unwrap()
            .iter()
            .map(|i| (i.ordem, i.id))
            .collect()
    };
    let motivo = "Urgência aprovada pelo plenário";
    // Refused: without a reason, out of range, where it already is.
    let recusa = |r: store::Result<()>| match r {
        Err(Error::Validation(v)) => v.field,
        outro => panic!("{outro:?}"),
    };
    assert_eq!(
        recusa(pauta::reposicionar(&mut tx, &a, ids[2], 1, "curto").await),
        "motivo"
    );
    assert_eq!(
        recusa(pauta::reposicionar(&mut tx, &a, ids[2], 0, motivo).await),
        "posicao"
    );
    assert_eq!(
        recusa(pauta::reposicionar(&mut tx, &a, ids[2], 4, motivo).await),
        "posicao"
    );
    assert_eq!(
        recusa(pauta::reposicionar(&mut tx, &a, ids[2], 3, motivo).await),
        "posicao"
    );
    // The third first; then the (now) second last.
    pauta::reposicionar(&mut tx, &a, ids[2], 1, motivo)
        .await
        .unwrap();
    assert_eq!(
        ordem(&mut tx).await,
        [(1, ids[2]), (2, ids[0]), (3, ids[1])]
    );
    pauta::reposicionar(&mut tx, &a, ids[0], 3, "Pedido do autor, aceito pela Mesa")
        .await
        .unwrap();
    assert_eq!(
        ordem(&mut tx).await,
        [(1, ids[2]), (2, ids[1]), (3, ids[0])]
    );
    let tenant = tx.tenant_id();
    let auditado: (serde_json::Value, serde_json::Value) = sqlx::query_as(
        "SELECT antes, depois FROM app.auditoria
          WHERE tenant_id = $1 AND acao = 'reordenar' AND entidade_id = $2",
    )
    .bind(tenant)
    .bind(ids[2].to_string())
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(auditado.0["posicao"], 3);
    assert_eq!(
        (auditado.1["posicao"].clone(), auditado.1["motivo"].clone()),
        (1.into(), motivo.into())
    );
    // A closed sessão's pauta does not change.
    sp::transicionar(&mut tx, &a, s, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    let r = pauta::reposicionar(&mut tx, &a, ids[0], 1, motivo).await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
}
