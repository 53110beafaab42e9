//! Comissões at work: distribuição → relator → parecer → the comissão's vote → parecer da
//! comissão → pronta para a pauta (the derived situação after each step), the relator as a
//! current member, quórum, reuniões; emendas numbered within their mãe, subemendas, the
//! substitutivo replacing the text and the versioned redação final.

use domain::comissoes::{Conclusao, Resultado, Voto};
use domain::proposicoes::{Regime, TipoAutor};
use store::auditoria::Autor;
use store::comissoes::pareceres::{self, NovoParecer};
use store::comissoes::relatoria::{self, NovaRelatoria};
use store::comissoes::{self, reunioes};
use store::proposicoes::{self, AutorNovo, NovaProposicao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use time::Date;
use time::macros::{date, time};
use uuid::Uuid;

pub(crate) struct Cenario {
    pub autor: Autor,
    pub cj: Uuid,
    pub cf: Uuid,
    /// Members of CJ (membership ids) and CF.
    pub membros_cj: Vec<Uuid>,
    pub membros_cf: Vec<Uuid>,
    /// A CJ member who left on 2026-01-31.
    pub ex_membro: Uuid,
    pub pl: Uuid,
}

pub(crate) async fn tipo(tx: &mut TenantTx, sigla: &str) -> Uuid {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = $2")
        .bind(tenant)
        .bind(sigla)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

pub(crate) async fn situacao(tx: &mut TenantTx, id: Uuid) -> String {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

pub(crate) async fn eventos(tx: &mut TenantTx, id: Uuid, tipo: &str) -> i64 {
    let tenant = tx.tenant_id();
    sqlx::query_scalar(
        "SELECT count(*) FROM app.proposicao_evento WHERE tenant_id = $1 AND proposicao_id = $2 AND tipo = $3",
    )
    .bind(tenant)
    .bind(id)
    .bind(tipo)
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

pub(crate) async fn texto_de(tx: &mut TenantTx, id: Uuid) -> String {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT texto FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

pub(crate) fn nova(tipo_id: Uuid, mae_id: Option<Uuid>) -> NovaProposicao {
    NovaProposicao {
        tipo_id,
        mae_id,
        ementa: "Dispõe sobre a arborização das vias públicas.".into(),
        texto: "Art. 1º Texto original.".into(),
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

/// Two comissões (CJ, CF) with three members each, a CJ member who left, and a PL.
pub(crate) async fn cenario(tx: &mut TenantTx) -> Cenario {
    let autor = Autor::cli("teste");
    let leg = store::composicao::criar_legislatura(
        tx,
        &autor,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let mut parlamentares = Vec::new();
    for i in 0..8 {
        let (p, _) = store::composicao::criar_parlamentar(
            tx,
            &autor,
            &store::composicao::NovoParlamentar {
                nome_civil: format!("Vereador Civil {i}"),
                nome_parlamentar: format!("Vereador {i}"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        store::composicao::criar_mandato(
            tx,
            &autor,
            p,
            leg.id,
            true,
            None,
            date!(2025 - 01 - 01),
            date!(2028 - 12 - 31),
        )
        .await
        .unwrap();
        parlamentares.push(p);
    }
    let mut comissao = async |sigla: &str, nome: &str, ps: &[Uuid]| {
        let c = comissoes::criar(
            tx,
            &autor,
            &comissoes::DadosComissao {
                tipo: "permanente".into(),
                nome: nome.into(),
                sigla: sigla.into(),
                finalidade: String::new(),
                criacao: date!(2025 - 01 - 01),
                prazo: None,
            },
        )
        .await
        .unwrap();
        let mut ms = Vec::new();
        for (i, p) in ps.iter().enumerate() {
            ms.push(
                comissoes::designar(
                    tx,
                    &autor,
                    &comissoes::NovoMembroComissao {
                        comissao_id: c.id,
                        parlamentar_id: *p,
                        cargo: if i == 0 { "presidente" } else { "membro" }.into(),
                        titular: true,
                        designacao: date!(2025 - 02 - 01),
                    },
                )
                .await
                .unwrap(),
            );
        }
        (c.id, ms)
    };
    let (cj, mut membros_cj) = comissao(
        "CJ",
        "Comissão de Constituição e Justiça",
        &parlamentares[0..4],
    )
    .await;
    let (cf, membros_cf) = comissao("CF", "Comissão de Finanças", &parlamentares[4..7]).await;
    let ex_membro = membros_cj.pop().unwrap();
    comissoes::desligar(tx, &autor, ex_membro, date!(2026 - 01 - 31), "Renúncia")
        .await
        .unwrap();
    let pl_tipo = tipo(tx, "PL").await;
    let pl = proposicoes::criar(tx, &autor, &nova(pl_tipo, None))
        .await
        .unwrap()
        .id;
    Cenario {
        autor,
        cj,
        cf,
        membros_cj,
        membros_cf,
        ex_membro,
        pl,
    }
}

pub(crate) async fn distribuicao_de(tx: &mut TenantTx, pl: Uuid, comissao: Uuid) -> Uuid {
    comissoes::distribuicao::distribuicoes(tx, pl)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.comissao_id == comissao)
        .unwrap()
        .id
}

pub(crate) fn relator(distribuicao_id: Uuid, membro_id: Uuid, data: Date) -> NovaRelatoria {
    NovaRelatoria {
        distribuicao_id,
        membro_id,
        data,
        prazo_dias: 5,
        motivo: String::new(),
    }
}

pub(crate) fn parecer(distribuicao_id: Uuid, conclusao: Conclusao) -> NovoParecer {
    NovoParecer {
        distribuicao_id,
        conclusao,
        texto: "Pela constitucionalidade e legalidade do projeto.".into(),
        data: date!(2026 - 04 - 06),
        arquivo: None,
        emendas: Vec::new(),
    }
}

#[tokio::test]
async fn distribution_relator_parecer_vote_and_ready_for_the_pauta() {
    let env = TestEnv::new().await;
    let t = env.camara("com-caminho", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let a = &c.autor;
    assert_eq!(situacao(&mut tx, c.pl).await, "protocolada");

    comissoes::distribuir(
        &mut tx,
        a,
        c.pl,
        &[c.cj, c.cf],
        date!(2026 - 03 - 31),
        "À CJ e à CF.",
    )
    .await
    .unwrap();
    assert_eq!(situacao(&mut tx, c.pl).await, "em_comissao");
    assert_eq!(eventos(&mut tx, c.pl, "distribuida").await, 2);
    let ds = comissoes::distribuicao::distribuicoes(&mut tx, c.pl)
        .await
        .unwrap();
    assert_eq!(
        ds.iter()
            .map(|d| (d.comissao_sigla.as_str(), d.ordem))
            .collect::<Vec<_>>(),
        [("CJ", 1), ("CF", 2)]
    );
    // Each event names the comissão's unidade.
    let tenant = tx.tenant_id();
    let unidades: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.proposicao_evento e JOIN app.unidade u
            ON u.tenant_id = e.tenant_id AND u.id = e.unidade_id
          WHERE e.tenant_id = $1 AND e.proposicao_id = $2 AND e.tipo = 'distribuida'
            AND u.comissao_id IN ($3, $4)",
    )
    .bind(tenant)
    .bind(c.pl)
    .bind(c.cj)
    .bind(c.cf)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(unidades, 2);
    // Twice to the same comissão: refused.
    let r = tx
        .tentar(async |tx| {
            comissoes::distribuir(tx, a, c.pl, &[c.cj], date!(2026 - 03 - 31), "De novo.").await
        })
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");

    // Relator of the CJ, 5 dias úteis from Wednesday 1 April 2026: Good Friday (3 April) does
    // not count, so the prazo ends on Thursday 9 April.
    let d_cj = distribuicao_de(&mut tx, c.pl, c.cj).await;
    relatoria::designar_relator(
        &mut tx,
        a,
        &relator(d_cj, c.membros_cj[1], date!(2026 - 04 - 01)),
    )
    .await
    .unwrap();
    let r = relatoria::atual(&mut tx, d_cj).await.unwrap().unwrap();
    assert_eq!(r.prazo, date!(2026 - 04 - 09));
    assert_eq!(situacao(&mut tx, c.pl).await, "em_comissao");

    let p = pareceres::apresentar(&mut tx, a, &parecer(d_cj, Conclusao::Favoravel))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, c.pl).await, "em_comissao");
    assert!(
        comissoes::pareceres_da_proposicao(&mut tx, c.pl)
            .await
            .unwrap()
            .is_empty()
    );
    // 3 members: 2 sim, 1 não.
    let votos = [
        (c.membros_cj[0], Voto::Sim),
        (c.membros_cj[1], Voto::Sim),
        (c.membros_cj[2], Voto::Nao),
    ];
    let ap = pareceres::votar(&mut tx, a, p, date!(2026 - 04 - 07), &votos)
        .await
        .unwrap();
    assert_eq!(ap.resultado, Resultado::Aprovado);
    assert_eq!(eventos(&mut tx, c.pl, "parecer").await, 1);
    assert_eq!(situacao(&mut tx, c.pl).await, "em_comissao");
    let publicos = comissoes::pareceres_da_proposicao(&mut tx, c.pl)
        .await
        .unwrap();
    assert_eq!(publicos.len(), 1);
    assert_eq!((publicos[0].sim, publicos[0].nao), (Some(2), Some(1)));
    assert_eq!(publicos[0].comissao_sigla, "CJ");

    // The CF has not given its parecer: not ready yet.
    let r = tx
        .tentar(async |tx| comissoes::marcar_pronta(tx, a, c.pl).await)
        .await;
    assert!(
        matches!(&r, Err(store::Error::Conflict(m)) if m.contains("CF")),
        "{r:?}"
    );
    assert_eq!(situacao(&mut tx, c.pl).await, "em_comissao");

    let d_cf = distribuicao_de(&mut tx, c.pl, c.cf).await;
    relatoria::designar_relator(
        &mut tx,
        a,
        &relator(d_cf, c.membros_cf[2], date!(2026 - 04 - 01)),
    )
    .await
    .unwrap();
    let p2 = pareceres::apresentar(&mut tx, a, &parecer(d_cf, Conclusao::Contrario))
        .await
        .unwrap();
    let votos: Vec<_> = c.membros_cf.iter().map(|m| (*m, Voto::Sim)).collect();
    pareceres::votar(&mut tx, a, p2, date!(2026 - 04 - 08), &votos)
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, c.pl).await, "em_comissao");
    assert_eq!(
        comissoes::pareceres_da_proposicao(&mut tx, c.pl)
            .await
            .unwrap()
            .len(),
        2
    );

    let s = comissoes::marcar_pronta(&mut tx, a, c.pl).await.unwrap();
    assert_eq!(s.as_str(), "pronta_para_pauta");
    assert_eq!(situacao(&mut tx, c.pl).await, "pronta_para_pauta");
    // Once is enough.
    let r = tx
        .tentar(async |tx| comissoes::marcar_pronta(tx, a, c.pl).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    // The comissão gave its parecer: no new relator, no new parecer.
    let r = tx
        .tentar(async |tx| {
            relatoria::designar_relator(
                tx,
                a,
                &relator(d_cj, c.membros_cj[0], date!(2026 - 04 - 10)),
            )
            .await
        })
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_relator_must_be_a_current_member_of_that_comissao_and_redistribution_keeps_history() {
    let env = TestEnv::new().await;
    let t = env.camara("com-relator", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let a = &c.autor;
    comissoes::distribuir(&mut tx, a, c.pl, &[c.cj], date!(2026 - 03 - 31), "À CJ.")
        .await
        .unwrap();
    let d = distribuicao_de(&mut tx, c.pl, c.cj).await;
    // A member of the other comissão, a member who left.
    for (membro, data) in [
        (c.membros_cf[0], date!(2026 - 04 - 01)),
        (c.ex_membro, date!(2026 - 04 - 01)),
    ] {
        let r = tx
            .tentar(async |tx| relatoria::designar_relator(tx, a, &relator(d, membro, data)).await)
            .await;
        assert!(
            matches!(&r, Err(store::Error::Validation(v)) if v.field == "membro_id"
                && v.message.contains("membro da comissão em exercício")),
            "{r:?}"
        );
    }
    // Before the distribuição: refused.
    let r = tx
        .tentar(async |tx| {
            relatoria::designar_relator(tx, a, &relator(d, c.membros_cj[0], date!(2026 - 03 - 30)))
                .await
        })
        .await;
    assert!(
        matches!(&r, Err(store::Error::Validation(v)) if v.field == "data"),
        "{r:?}"
    );
    assert!(relatoria::relatorias(&mut tx, d).await.unwrap().is_empty());
    relatoria::designar_relator(
        &mut tx,
        a,
        &relator(d, c.membros_cj[0], date!(2026 - 04 - 01)),
    )
    .await
    .unwrap();
    let mut nova = relator(d, c.membros_cj[1], date!(2026 - 04 - 15));
    nova.motivo = "Licença do relator".into();
    relatoria::designar_relator(&mut tx, a, &nova)
        .await
        .unwrap();
    let h = relatoria::relatorias(&mut tx, d).await.unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].membro_id, c.membros_cj[1]);
    assert_eq!(h[0].encerrada_em, None);
    assert_eq!(h[1].membro_id, c.membros_cj[0]);
    assert_eq!(h[1].encerrada_em, Some(date!(2026 - 04 - 15)));
    assert_eq!(h[1].motivo_fim, "Licença do relator");
    // A redistribution dated before the current relatoria: refused, history unchanged.
    let r = tx
        .tentar(async |tx| {
            relatoria::designar_relator(tx, a, &relator(d, c.membros_cj[0], date!(2026 - 04 - 10)))
                .await
        })
        .await;
    assert!(r.is_err(), "{r:?}");
    assert_eq!(relatoria::relatorias(&mut tx, d).await.unwrap().len(), 2);
}

#[tokio::test]
async fn no_quorum_decides_nothing_and_a_rejected_parecer_needs_another() {
    let env = TestEnv::new().await;
    let t = env.camara("com-quorum", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let a = &c.autor;
    comissoes::distribuir(&mut tx, a, c.pl, &[c.cj], date!(2026 - 03 - 31), "À CJ.")
        .await
        .unwrap();
    let d = distribuicao_de(&mut tx, c.pl, c.cj).await;
    // No relator: no parecer.
    let r = tx
        .tentar(async |tx| pareceres::apresentar(tx, a, &parecer(d, Conclusao::Favoravel)).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    relatoria::designar_relator(
        &mut tx,
        a,
        &relator(d, c.membros_cj[0], date!(2026 - 04 - 01)),
    )
    .await
    .unwrap();
    let p = pareceres::apresentar(&mut tx, a, &parecer(d, Conclusao::Favoravel))
        .await
        .unwrap();
    // Another while it waits for its vote: refused.
    let r = tx
        .tentar(async |tx| pareceres::apresentar(tx, a, &parecer(d, Conclusao::Contrario)).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    // One of three present: sem quórum, nothing decided.
    let ap = pareceres::votar(
        &mut tx,
        a,
        p,
        date!(2026 - 04 - 07),
        &[(c.membros_cj[0], Voto::Sim)],
    )
    .await
    .unwrap();
    assert_eq!(ap.resultado, Resultado::SemQuorum);
    assert_eq!(ap.ausentes, 2);
    assert_eq!(
        pareceres::parecer(&mut tx, p)
            .await
            .unwrap()
            .unwrap()
            .resultado,
        None
    );
    assert_eq!(eventos(&mut tx, c.pl, "parecer").await, 0);
    // The ex-member does not vote.
    let r = tx
        .tentar(async |tx| {
            pareceres::votar(tx, a, p, date!(2026 - 04 - 07), &[(c.ex_membro, Voto::Sim)]).await
        })
        .await;
    assert!(
        matches!(&r, Err(store::Error::Validation(v)) if v.field == "votos"),
        "{r:?}"
    );
    // 1 sim of 3 present (1 não, 1 abstenção) is not a majority: rejected.
    let votos = [
        (c.membros_cj[0], Voto::Sim),
        (c.membros_cj[1], Voto::Nao),
        (c.membros_cj[2], Voto::Abstencao),
    ];
    let ap = pareceres::votar(&mut tx, a, p, date!(2026 - 04 - 08), &votos)
        .await
        .unwrap();
    assert_eq!(ap.resultado, Resultado::Rejeitado);
    assert_eq!(
        pareceres::parecer(&mut tx, p)
            .await
            .unwrap()
            .unwrap()
            .resultado
            .as_deref(),
        Some("rejeitado")
    );
    assert_eq!(eventos(&mut tx, c.pl, "parecer").await, 0);
    assert_eq!(pareceres::votos(&mut tx, p).await.unwrap().len(), 6);
    // Voted already: refused.
    let r = tx
        .tentar(async |tx| pareceres::votar(tx, a, p, date!(2026 - 04 - 09), &votos).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    // A new relator (voto vencedor) and a new parecer, approved.
    relatoria::designar_relator(
        &mut tx,
        a,
        &relator(d, c.membros_cj[1], date!(2026 - 04 - 09)),
    )
    .await
    .unwrap();
    let mut n = parecer(d, Conclusao::Contrario);
    n.data = date!(2026 - 04 - 10);
    let p2 = pareceres::apresentar(&mut tx, a, &n).await.unwrap();
    let votos = [
        (c.membros_cj[0], Voto::Nao),
        (c.membros_cj[1], Voto::Sim),
        (c.membros_cj[2], Voto::Sim),
    ];
    let ap = pareceres::votar(&mut tx, a, p2, date!(2026 - 04 - 13), &votos)
        .await
        .unwrap();
    assert_eq!(ap.resultado, Resultado::Aprovado);
    let publicos = comissoes::pareceres_da_proposicao(&mut tx, c.pl)
        .await
        .unwrap();
    assert_eq!(publicos.len(), 1);
    assert_eq!(publicos[0].id, p2);
    assert_eq!(publicos[0].relator, "Vereador 1");
}

#[tokio::test]
async fn reunioes_are_numbered_per_comissao_and_year_with_pauta_and_presenca() {
    let env = TestEnv::new().await;
    let t = env.camara("com-reuniao", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let a = &c.autor;
    let dados = |data| reunioes::DadosReuniao {
        data,
        hora: time!(14:30),
        local: "Sala das Comissões".into(),
        ata: String::new(),
    };
    let r1 = reunioes::criar(&mut tx, a, c.cj, &dados(date!(2026 - 04 - 07)))
        .await
        .unwrap();
    let r2 = reunioes::criar(&mut tx, a, c.cj, &dados(date!(2026 - 04 - 14)))
        .await
        .unwrap();
    let f1 = reunioes::criar(&mut tx, a, c.cf, &dados(date!(2026 - 04 - 14)))
        .await
        .unwrap();
    let n1 = reunioes::criar(&mut tx, a, c.cj, &dados(date!(2027 - 02 - 10)))
        .await
        .unwrap();
    assert_eq!((r1.numero, r2.numero, f1.numero, n1.numero), (1, 2, 1, 1));
    assert_eq!(r2.titulo(), "2ª Reunião de 2026");
    // Only proposições distributed to the comissão go on its pauta.
    let r = tx
        .tentar(async |tx| reunioes::incluir_na_pauta(tx, a, r1.id, c.pl).await)
        .await;
    assert!(
        matches!(&r, Err(store::Error::Validation(v)) if v.field == "proposicao_id"),
        "{r:?}"
    );
    comissoes::distribuir(&mut tx, a, c.pl, &[c.cj], date!(2026 - 03 - 31), "À CJ.")
        .await
        .unwrap();
    reunioes::incluir_na_pauta(&mut tx, a, r1.id, c.pl)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| reunioes::incluir_na_pauta(tx, a, r1.id, c.pl).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    let pauta = reunioes::pautas(&mut tx, &[r1.id]).await.unwrap();
    assert_eq!(pauta.len(), 1);
    assert_eq!(pauta[0].identificacao(), "PL 1/2026");
    // Presença of the members serving on the date (the ex-member is not listed).
    reunioes::registrar_presenca(&mut tx, a, r1.id, &[c.membros_cj[0], c.membros_cj[2]])
        .await
        .unwrap();
    let p = reunioes::presencas(&mut tx, r1.id).await.unwrap();
    assert_eq!(p.len(), 3);
    assert_eq!(p.iter().filter(|(_, _, x)| *x).count(), 2);
    let r = tx
        .tentar(async |tx| reunioes::registrar_presenca(tx, a, r1.id, &[c.ex_membro]).await)
        .await;
    assert!(
        matches!(&r, Err(store::Error::Validation(v)) if v.field == "presenca"),
        "{r:?}"
    );
    // The ata; a date in another year is refused (the number belongs to its year).
    let mut d = dados(date!(2026 - 04 - 08));
    d.ata = "Aberta a reunião às 14h30.".into();
    let e = reunioes::editar(&mut tx, a, r1.id, &d).await.unwrap();
    assert_eq!((e.numero, e.data), (1, date!(2026 - 04 - 08)));
    assert!(e.ata_html().contains("Aberta a reunião"));
    let r = tx
        .tentar(async |tx| reunioes::editar(tx, a, r1.id, &dados(date!(2027 - 01 - 05))).await)
        .await;
    assert!(
        matches!(&r, Err(store::Error::Validation(v)) if v.field == "data"),
        "{r:?}"
    );
    let (lista, total) = reunioes::reunioes(&mut tx, c.cj, 10, 0).await.unwrap();
    assert_eq!(total, 3);
    assert_eq!(lista[0].id, n1.id);
}
