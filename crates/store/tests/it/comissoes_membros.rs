//! The comissão members from their own accounts (migration 0021): the relator's parecer only
//! by the current relator; the electronic vote where each current member votes once from
//! their own account (the database refuses a second vote, a non-member, an ex-member,
//! another account, another câmara's member and a vote after the closing); closing counts
//! the votes with `apurar`; the paper form does not overwrite an electronic vote.

use domain::comissoes::{Conclusao, Resultado, Voto};
use store::auditoria::Autor;
use store::comissoes::{self, pareceres, participacao, relatoria};
use store::{Access, TenantTx};
use testkit::TestEnv;
use time::macros::date;
use uuid::Uuid;

use crate::comissoes_trabalho::{Cenario, cenario, distribuicao_de, parecer, relator};

async fn parlamentar_de(tx: &mut TenantTx, membro: Uuid) -> Uuid {
    let tenant = tx.tenant_id();
    sqlx::query_scalar(
        "SELECT parlamentar_id FROM app.membro_comissao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(membro)
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

/// An account linked to the parlamentar of `membro`: its `Autor`.
async fn conta(tx: &mut TenantTx, membro: Uuid) -> (Uuid, Autor) {
    let tenant = tx.tenant_id();
    let parl = parlamentar_de(tx, membro).await;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.usuario (tenant_id, id, nome, email, papel, senha_hash, parlamentar_id)
         VALUES ($1, $2, 'Vereador de teste', $3, 'PARLAMENTAR', 'x', $4)",
    )
    .bind(tenant)
    .bind(id)
    .bind(format!("v-{id}@teste.example"))
    .bind(parl)
    .execute(tx.conn())
    .await
    .unwrap();
    (
        parl,
        Autor {
            usuario_id: Some(id),
            email: Some(format!("v-{id}@teste.example")),
            ..Autor::default()
        },
    )
}

/// The CJ's parecer (relator: the second CJ member) waiting for the vote.
async fn parecer_pendente(tx: &mut TenantTx, c: &Cenario) -> (Uuid, Uuid) {
    comissoes::distribuir(tx, &c.autor, c.pl, &[c.cj], date!(2026 - 03 - 31), "À CJ.")
        .await
        .unwrap();
    let d = distribuicao_de(tx, c.pl, c.cj).await;
    relatoria::designar_relator(
        tx,
        &c.autor,
        &relator(d, c.membros_cj[1], date!(2026 - 04 - 01)),
    )
    .await
    .unwrap();
    let (relator_parl, relator_autor) = conta(tx, c.membros_cj[1]).await;
    let p = participacao::apresentar_como_relator(
        tx,
        &relator_autor,
        relator_parl,
        &parecer(d, Conclusao::Favoravel),
    )
    .await
    .unwrap();
    (d, p)
}

/// A raw vote, as a buggy or hostile handler would write it: the constraint that refuses it.
async fn voto_cru(tx: &mut TenantTx, votacao: Uuid, membro: Uuid, usuario: Uuid) -> String {
    let tenant = tx.tenant_id();
    let r = tx
        .tentar(async |tx| {
            sqlx::query(
                "INSERT INTO app.voto_membro_parecer (tenant_id, id, votacao_id, membro_id, usuario_id, voto)
                 VALUES ($1, $2, $3, $4, $5, 'sim')",
            )
            .bind(tenant)
            .bind(Uuid::now_v7())
            .bind(votacao)
            .bind(membro)
            .bind(usuario)
            .execute(tx.conn())
            .await
            .map_err(store::Error::from)
        })
        .await;
    match r {
        Err(e) => e.constraint().unwrap_or("sem restrição").to_owned(),
        Ok(_) => "aceito".to_owned(),
    }
}

#[tokio::test]
async fn each_member_votes_once_from_their_account_and_the_closing_counts() {
    let env = TestEnv::new().await;
    let t = env.camara("commembros-voto", "pool").await;
    let outra = env.camara("commembros-outra", "pool").await;
    // Another câmara's member (same pool).
    let mut tx2 = TenantTx::begin(&env.store, &outra, Access::Write)
        .await
        .unwrap();
    let c2 = cenario(&mut tx2).await;
    let (parl_alheio, autor_alheio) = conta(&mut tx2, c2.membros_cj[0]).await;
    tx2.commit().await.unwrap();

    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    comissoes::distribuir(
        &mut tx,
        &c.autor,
        c.pl,
        &[c.cj],
        date!(2026 - 03 - 31),
        "À CJ.",
    )
    .await
    .unwrap();
    let d = distribuicao_de(&mut tx, c.pl, c.cj).await;
    relatoria::designar_relator(
        &mut tx,
        &c.autor,
        &relator(d, c.membros_cj[1], date!(2026 - 04 - 01)),
    )
    .await
    .unwrap();

    let (p0, a0) = conta(&mut tx, c.membros_cj[0]).await;
    let (p1, a1) = conta(&mut tx, c.membros_cj[1]).await;
    let (_, a2) = conta(&mut tx, c.membros_cj[2]).await;
    let (p_ex, a_ex) = conta(&mut tx, c.ex_membro).await;
    let (p_cf, a_cf) = conta(&mut tx, c.membros_cf[0]).await;

    // The relator's matérias: only the relator sees the distribuição, only the relator
    // presents the parecer.
    let (minhas, total) = participacao::minhas_relatorias(&mut tx, p1, 20, 0)
        .await
        .unwrap();
    assert_eq!((minhas.len(), total), (1, 1));
    assert_eq!(minhas[0].prazo, date!(2026 - 04 - 09));
    assert_eq!(
        minhas[0].situacao_prazo(date!(2026 - 04 - 06)).1,
        "faltam 3 dias úteis"
    );
    assert_eq!(
        minhas[0].situacao_prazo(date!(2026 - 04 - 13)).1,
        "vencido há 2 dias úteis"
    );
    assert_eq!(
        participacao::minhas_relatorias(&mut tx, p0, 20, 0)
            .await
            .unwrap()
            .1,
        0
    );
    let r = tx
        .tentar(async |tx| {
            participacao::apresentar_como_relator(tx, &a0, p0, &parecer(d, Conclusao::Favoravel))
                .await
        })
        .await;
    assert!(matches!(r, Err(store::Error::NotFound(_))), "{r:?}");
    let p =
        participacao::apresentar_como_relator(&mut tx, &a1, p1, &parecer(d, Conclusao::Favoravel))
            .await
            .unwrap();

    // Open once.
    let v = participacao::abrir(&mut tx, &c.autor, p, date!(2026 - 04 - 07))
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| participacao::abrir(tx, &c.autor, p, date!(2026 - 04 - 07)).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    assert_eq!(
        participacao::para_votar(&mut tx, p0).await.unwrap().len(),
        1
    );
    assert!(
        participacao::para_votar(&mut tx, p_ex)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        participacao::para_votar(&mut tx, p_cf)
            .await
            .unwrap()
            .is_empty()
    );

    // A member votes once.
    participacao::votar_como_membro(&mut tx, &a0, p0, v, Voto::Sim)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| participacao::votar_como_membro(tx, &a0, p0, v, Voto::Nao).await)
        .await;
    match r {
        Err(store::Error::Conflict(m)) => assert!(m.contains("já votou"), "{m}"),
        r => panic!("{r:?}"),
    }
    // The ex-member: the database refuses (the store found their old membership).
    let r = tx
        .tentar(async |tx| participacao::votar_como_membro(tx, &a_ex, p_ex, v, Voto::Sim).await)
        .await;
    match r {
        Err(store::Error::Conflict(m)) => assert!(m.contains("em exercício"), "{m}"),
        r => panic!("{r:?}"),
    }
    // Written directly, the database refuses each of them by its own rule.
    let u = |a: &Autor| a.usuario_id.unwrap();
    assert_eq!(
        voto_cru(&mut tx, v, c.ex_membro, u(&a_ex)).await,
        "voto_membro_atual"
    );
    assert_eq!(
        voto_cru(&mut tx, v, c.membros_cf[0], u(&a_cf)).await,
        "voto_membro_atual",
        "a member of another comissão"
    );
    assert_eq!(
        voto_cru(&mut tx, v, c.membros_cj[2], u(&a0)).await,
        "voto_membro_proprio",
        "someone else's account"
    );
    // The member's assessor, linked to the same parlamentar, does not vote for them.
    let assessor = Uuid::now_v7();
    let parl2 = parlamentar_de(&mut tx, c.membros_cj[2]).await;
    sqlx::query(
        "INSERT INTO app.usuario (tenant_id, id, nome, email, papel, senha_hash, parlamentar_id)
         VALUES ($1, $2, 'Assessor de teste', $3, 'ASSESSOR', 'x', $4)",
    )
    .bind(tx.tenant_id())
    .bind(assessor)
    .bind(format!("a-{assessor}@teste.example"))
    .bind(parl2)
    .execute(tx.conn())
    .await
    .unwrap();
    assert_eq!(
        voto_cru(&mut tx, v, c.membros_cj[2], assessor).await,
        "voto_membro_proprio",
        "the member's assessor"
    );
    assert_eq!(
        voto_cru(&mut tx, v, c.membros_cj[0], u(&a0)).await,
        "voto_membro_parecer_unico"
    );
    assert_ne!(
        voto_cru(&mut tx, v, c2.membros_cj[0], u(&autor_alheio)).await,
        "aceito",
        "another câmara's member"
    );
    let r = tx
        .tentar(async |tx| {
            participacao::votar_como_membro(tx, &autor_alheio, parl_alheio, v, Voto::Sim).await
        })
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");

    // The relator votes too; the closing counts 2 sim, 1 ausente of 3: approved.
    participacao::votar_como_membro(&mut tx, &a1, p1, v, Voto::Sim)
        .await
        .unwrap();
    let a = participacao::encerrar(&mut tx, &c.autor, p).await.unwrap();
    assert_eq!((a.membros, a.sim, a.nao, a.ausentes), (3, 2, 0, 1));
    assert_eq!(a.resultado, Resultado::Aprovado);
    let x = pareceres::parecer(&mut tx, p).await.unwrap().unwrap();
    assert_eq!(x.resultado.as_deref(), Some("aprovado"));
    assert!(participacao::aberta(&mut tx, p).await.unwrap().is_none());
    let votos = pareceres::votos(&mut tx, p).await.unwrap();
    assert_eq!(
        votos.iter().filter(|v| v.voto == "ausente").count(),
        1,
        "{votos:?}"
    );
    // After the closing nobody votes.
    assert_eq!(
        voto_cru(&mut tx, v, c.membros_cj[2], u(&a2)).await,
        "voto_membro_votacao_aberta"
    );
    // Every write is in the audit log, with its author.
    let tenant = tx.tenant_id();
    let auditados: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1
            AND entidade IN ('voto_membro_parecer', 'votacao_eletronica_parecer')",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(auditados, 3);
}

#[tokio::test]
async fn the_paper_form_keeps_the_electronic_votes_and_no_quorum_reopens() {
    let env = TestEnv::new().await;
    let t = env.camara("commembros-papel", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let (_, p) = parecer_pendente(&mut tx, &c).await;
    let (p0, a0) = conta(&mut tx, c.membros_cj[0]).await;

    // Sem quórum: one vote of three; the vote can be opened again.
    let v = participacao::abrir(&mut tx, &c.autor, p, date!(2026 - 04 - 07))
        .await
        .unwrap();
    participacao::votar_como_membro(&mut tx, &a0, p0, v, Voto::Nao)
        .await
        .unwrap();
    let a = participacao::encerrar(&mut tx, &c.autor, p).await.unwrap();
    assert_eq!(a.resultado, Resultado::SemQuorum);
    let r = tx
        .tentar(async |tx| participacao::encerrar(tx, &c.autor, p).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    let v = participacao::abrir(&mut tx, &c.autor, p, date!(2026 - 04 - 08))
        .await
        .unwrap();
    participacao::votar_como_membro(&mut tx, &a0, p0, v, Voto::Nao)
        .await
        .unwrap();

    // The paper form cannot turn that "não" into a "sim"; it names who voted.
    let papel = |m0: Voto| {
        vec![
            (c.membros_cj[0], m0),
            (c.membros_cj[1], Voto::Sim),
            (c.membros_cj[2], Voto::Sim),
        ]
    };
    let r = tx
        .tentar(async |tx| {
            pareceres::votar(tx, &c.autor, p, date!(2026 - 04 - 08), &papel(Voto::Sim)).await
        })
        .await;
    match r {
        Err(store::Error::Validation(e)) => {
            assert!(e.message.contains("Vereador 0 (Não)"), "{e:?}")
        }
        r => panic!("{r:?}"),
    }
    // Agreeing with it, the paper form records the vote and closes the electronic one.
    let a = pareceres::votar(
        &mut tx,
        &c.autor,
        p,
        date!(2026 - 04 - 08),
        &papel(Voto::Nao),
    )
    .await
    .unwrap();
    assert_eq!((a.sim, a.nao, a.resultado), (2, 1, Resultado::Aprovado));
    assert!(participacao::aberta(&mut tx, p).await.unwrap().is_none());
    let tenant = tx.tenant_id();
    let fechadas: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.votacao_eletronica_parecer
          WHERE tenant_id = $1 AND parecer_id = $2 AND votacao_id IS NOT NULL",
    )
    .bind(tenant)
    .bind(p)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(fechadas, 2);
}
