//! The autógrafo's workflow from the database: made only from an approved proposição, each
//! step through `passos::registrar` (checked by `can_become` on the act's date, refused in
//! Portuguese with nothing written), the sanção tácita at the prazo's edge with a municipal
//! holiday in between, the veto parcial's dispositivos, the norma made from the proposição
//! (autoria, ementa, link both ways) and the vetoed parts promulgated after a derrubada,
//! the proposição's events and derived situação, the audit, the pending prazos.

use domain::normas::sancao::EstadoAutografo::{self, *};
use domain::normas::sancao::{Origem, Promulgador};
use store::auditoria::Autor;
use store::calendario::{self, NovoFeriado};
use store::normas::autografos::{self, NovoAutografo};
use store::normas::passos::{self, NovoPasso};
use store::normas::{self, consultas};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::autografos::{aprovada, passo, protocolada};
use testkit::fixtures::normas::tipo;
use time::macros::date;
use time::{Date, Duration};
use uuid::Uuid;

use super::tramitacao::mensagem;

const TEXTO: &str = "Art. 1º Fica criado o programa de hortas.\nArt. 2º O programa terá:\n\
I – hortas escolares;\nII – feiras livres.\nParágrafo único. O regulamento dirá o resto.\n\
Art. 3º Esta Lei entra em vigor na data de sua publicação.";

async fn situacao(tx: &mut TenantTx, p: Uuid) -> String {
    sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
        .bind(tx.tenant_id())
        .bind(p)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

async fn contar(tx: &mut TenantTx, sql: &str, id: Uuid) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(tx.tenant_id())
        .bind(id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

async fn novo(tx: &mut TenantTx, a: &Autor, p: Uuid, sigla: &str, recebido: Option<Date>) -> Uuid {
    let hoje = store::camara::hoje(tx).await.unwrap();
    let t = tipo(tx, sigla).await;
    autografos::criar(
        tx,
        a,
        &NovoAutografo {
            proposicao_id: p,
            tipo_norma_id: t,
            texto: TEXTO.into(),
            enviado_em: recebido,
            recebido_em: recebido,
        },
        hoje,
    )
    .await
    .unwrap()
}

/// The step behind a savepoint, as the handlers run it.
async fn registrar(tx: &mut TenantTx, a: &Autor, id: Uuid, n: &NovoPasso) -> store::Result<Uuid> {
    let hoje = store::camara::hoje(tx).await?;
    tx.tentar(async |tx| passos::registrar(tx, a, id, n, hoje).await)
        .await
}

async fn quadro(tx: &mut TenantTx, id: Uuid, hoje: Date) -> autografos::Quadro {
    let cal = calendario::calendario(tx).await.unwrap();
    let a = autografos::por_id(tx, id).await.unwrap().unwrap();
    autografos::quadro(tx, a, &cal, hoje).await.unwrap()
}

async fn estado(tx: &mut TenantTx, id: Uuid, hoje: Date) -> EstadoAutografo {
    quadro(tx, id, hoje).await.estado
}

#[tokio::test]
async fn a_veto_parcial_derrubado_and_the_parts_promulgated_into_the_norma() {
    let env = TestEnv::new().await;
    let t = env.camara("autografo-parcial", "pool").await;
    let a = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let dia = |n: i64| hoje - Duration::days(n);
    let p = aprovada(
        &mut tx,
        &a,
        "PL",
        "Cria o programa municipal de hortas",
        TEXTO,
        "Vereadora Ana Souza",
    )
    .await;
    let id = novo(&mut tx, &a, p, "LO", Some(dia(10))).await;
    assert_eq!(situacao(&mut tx, p).await, "aguardando_sancao");
    // One autógrafo per proposição.
    let t_lo = tipo(&mut tx, "LO").await;
    let again = tx
        .tentar(async |tx| {
            autografos::criar(
                tx,
                &a,
                &NovoAutografo {
                    proposicao_id: p,
                    tipo_norma_id: t_lo,
                    texto: TEXTO.into(),
                    enviado_em: Some(hoje),
                    recebido_em: Some(hoje),
                },
                hoje,
            )
            .await
        })
        .await
        .unwrap_err();
    assert!(mensagem(again).contains("aprovada"), "no longer aprovada");

    // The veto parcial: whole dispositivos of the text, with razões and the receipt.
    let parcial = |disp: &[&str], razoes: &str, recebido| NovoPasso {
        dispositivos: disp.iter().map(|d| (*d).to_owned()).collect(),
        razoes: razoes.into(),
        veto_recebido_em: recebido,
        ..passo(SancionadoParcialmente, dia(8))
    };
    let e = registrar(
        &mut tx,
        &a,
        id,
        &parcial(
            &["art9", "art2_cpt"],
            "Razões do veto parcial.",
            Some(dia(7)),
        ),
    )
    .await
    .unwrap_err();
    let m = mensagem(e);
    assert!(
        m.contains("art9 não existe") && m.contains("art2_cpt é caput"),
        "{m}"
    );
    let e = registrar(
        &mut tx,
        &a,
        id,
        &parcial(&["art2_inc2"], "curta", Some(dia(7))),
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("razões do veto"));
    let e = registrar(
        &mut tx,
        &a,
        id,
        &parcial(&["art2_inc2"], "Razões do veto parcial.", None),
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("recebeu o veto"));
    let e = registrar(
        &mut tx,
        &a,
        id,
        &passo(Sancionado, hoje + Duration::days(1)),
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("futura"));
    let e = registrar(&mut tx, &a, id, &passo(Sancionado, dia(11)))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("anterior ao passo anterior"));
    let e = registrar(&mut tx, &a, id, &passo(VetoDerrubado, dia(8)))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("Não há veto"));
    assert_eq!(
        contar(
            &mut tx,
            "SELECT count(*) FROM app.autografo_passo WHERE tenant_id = $1 AND autografo_id = $2",
            id
        )
        .await,
        0,
        "nothing half-written"
    );
    assert_eq!(
        contar(
            &mut tx,
            "SELECT count(*) FROM app.norma WHERE tenant_id = $1 AND proposicao_id = $2",
            p
        )
        .await,
        0
    );

    registrar(
        &mut tx,
        &a,
        id,
        &parcial(
            &["art2_inc2", "art2_par1u"],
            "Contraria o interesse público.",
            Some(dia(7)),
        ),
    )
    .await
    .unwrap();
    assert_eq!(situacao(&mut tx, p).await, "sancionada");
    let cal = calendario::calendario(&mut tx).await.unwrap();
    let q = quadro(&mut tx, id, hoje).await;
    assert_eq!(q.estado, SancionadoParcialmente);
    assert_eq!(q.prazo_veto, Some(dia(7) + Duration::days(30)));
    assert_eq!(q.proximos(), vec![VetoMantido, VetoDerrubado]);
    let norma_id = q.norma_id.expect("the sanção made the norma");
    let n = normas::norma(&mut tx, norma_id).await.unwrap().unwrap();
    assert_eq!(n.proposicao_id, Some(p), "norma → proposição");
    assert_eq!(n.ementa, "Cria o programa municipal de hortas");
    assert_eq!(n.autoria, "Vereadora Ana Souza");
    assert_eq!(n.tipo_sigla, "LO");
    assert_eq!((n.numero, n.data_assinatura), (1, dia(8)));
    let texto = consultas::texto(&mut tx, &n).await.unwrap();
    assert_eq!(
        texto.buscar("art2_inc2").unwrap().nota.as_deref(),
        Some("Vetado")
    );
    assert!(texto.buscar("art2_inc2").unwrap().texto.is_empty());
    assert_eq!(
        texto.buscar("art2_inc1").unwrap().texto,
        "hortas escolares;"
    );
    // The pending prazo of the veto, for the dashboard.
    let pend = autografos::prazos_pendentes(&mut tx, &cal, hoje, 30)
        .await
        .unwrap();
    assert_eq!(pend.len(), 1);
    assert_eq!(pend[0].o_que, "Deliberação do veto pela Câmara");
    assert!(!pend[0].vencido);
    assert!(
        autografos::prazos_pendentes(&mut tx, &cal, hoje, 5)
            .await
            .unwrap()
            .is_empty()
    );

    registrar(&mut tx, &a, id, &passo(VetoDerrubado, dia(2)))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, p).await, "sancionada");
    assert_eq!(estado(&mut tx, id, hoje).await, VetoDerrubado);
    let e = registrar(&mut tx, &a, id, &passo(VetoMantido, dia(1)))
        .await
        .unwrap_err();
    assert!(!mensagem(e).is_empty());
    // After the derrubada the Prefeito has 48 horas to promulgate (CF art. 66 § 5º by
    // symmetry): the Presidente da Câmara may not yet.
    let q = quadro(&mut tx, id, dia(1)).await;
    assert_eq!(
        q.promulgacao,
        Some((Promulgador::Prefeito, dia(0), Origem::Derrubada))
    );
    let cedo = NovoPasso {
        promulgador: Some(Promulgador::Presidente),
        ..passo(Promulgado, dia(1))
    };
    let e = registrar(&mut tx, &a, id, &cedo).await.unwrap_err();
    assert!(
        mensagem(e).contains("48 horas após a derrubada do veto"),
        "the Presidente waits the Prefeito's 48 horas"
    );
    registrar(&mut tx, &a, id, &passo(Promulgado, dia(1)))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, p).await, "promulgada");
    let texto = consultas::texto(&mut tx, &n).await.unwrap();
    let inc2 = texto.buscar("art2_inc2").unwrap();
    assert_eq!(inc2.texto, "feiras livres.");
    let nota = inc2.nota.as_deref().unwrap();
    assert!(
        nota.starts_with("Vetado e promulgado pelo Prefeito em ")
            && nota.ends_with("após a derrubada do veto"),
        "{nota}"
    );
    assert_eq!(
        texto.buscar("art2_par1u").unwrap().texto,
        "O regulamento dirá o resto."
    );
    let q = quadro(&mut tx, id, hoje).await;
    assert_eq!(q.estado, Promulgado);
    assert!(q.proximos().is_empty());
    let ultimo = q.passos.last().unwrap();
    assert_eq!(ultimo.promulgador.as_deref(), Some("prefeito"));
    assert_eq!(ultimo.norma_id, Some(norma_id), "the step → the norma");
    assert_eq!(ultimo.dispositivos, vec!["art2_inc2", "art2_par1u"]);
    // Every step audited, the proposição's timeline has each.
    assert_eq!(
        contar(&mut tx, "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'autografo' AND entidade_id = $2::text", id).await,
        4
    );
    let tipos: Vec<String> = sqlx::query_scalar(
        "SELECT tipo FROM app.proposicao_evento WHERE tenant_id = $1 AND proposicao_id = $2 ORDER BY ocorrido_em, id",
    )
    .bind(tx.tenant_id())
    .bind(p)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(
        &tipos[tipos.len() - 4..],
        [
            "enviada_sancao",
            "sancionada",
            "veto_deliberado",
            "promulgada"
        ]
    );
    // The steps are immutable for the application role.
    let e = sqlx::query("UPDATE app.autografo_passo SET razoes = 'x' WHERE tenant_id = $1")
        .bind(tx.tenant_id())
        .execute(tx.conn())
        .await;
    assert!(e.is_err(), "no UPDATE on the history");
}

#[tokio::test]
async fn the_sancao_tacita_at_the_prazos_edge_with_a_holiday_in_between() {
    let env = TestEnv::new().await;
    let t = env.camara("autografo-tacita", "pool").await;
    let a = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    calendario::criar_feriado(
        &mut tx,
        &a,
        &NovoFeriado {
            data: date!(2026 - 04 - 10),
            nome: "Aniversário do município".into(),
            abrangencia: "municipal".into(),
            anual: false,
        },
    )
    .await
    .unwrap();
    // Received Friday 27/03/2026: Good Friday (03/04), the municipal holiday (10/04) and
    // Tiradentes (21/04) do not count; the 15th dia útil is 22/04/2026.
    let recebido = date!(2026 - 03 - 27);
    let fim = date!(2026 - 04 - 22);
    let p1 = aprovada(
        &mut tx,
        &a,
        "PL",
        "Cria o programa municipal de hortas",
        TEXTO,
        "Vereador Bento",
    )
    .await;
    let id1 = novo(&mut tx, &a, p1, "LO", Some(recebido)).await;
    let cal = calendario::calendario(&mut tx).await.unwrap();
    let q = quadro(&mut tx, id1, fim).await;
    assert_eq!(q.prazo_sancao, Some(fim));
    assert_eq!(q.estado, AguardandoSancao, "on the last day");
    assert_eq!(
        estado(&mut tx, id1, fim + Duration::days(1)).await,
        SancaoTacita,
        "the day after"
    );

    // A sanção after the prazo is refused; a promulgação within it too.
    let e = registrar(
        &mut tx,
        &a,
        id1,
        &passo(Sancionado, fim + Duration::days(1)),
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("venceu em 22/04/2026: houve sanção tácita"));
    let e = registrar(&mut tx, &a, id1, &passo(Promulgado, fim))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("ainda está no prazo de sanção (vence em 22/04/2026)"));
    // After the tácita the Prefeito has 48 horas (through 24/04) to promulgate: the
    // Presidente da Câmara may not yet, and the Prefeito may no longer after them.
    let q = quadro(&mut tx, id1, fim + Duration::days(1)).await;
    assert_eq!(
        q.promulgacao,
        Some((
            Promulgador::Prefeito,
            date!(2026 - 04 - 24),
            Origem::SancaoTacita
        ))
    );
    assert_eq!(q.prazo(), Some(date!(2026 - 04 - 24)));
    let pend = autografos::prazos_pendentes(&mut tx, &cal, fim + Duration::days(1), 10)
        .await
        .unwrap();
    assert_eq!(pend.len(), 1);
    assert_eq!(
        pend[0].o_que,
        "Promulgação pelo Prefeito (48 horas após a sanção tácita)"
    );
    assert!(!pend[0].vencido);
    let q = quadro(&mut tx, id1, date!(2026 - 04 - 25)).await;
    assert_eq!(
        q.promulgacao,
        Some((
            Promulgador::Presidente,
            date!(2026 - 04 - 26),
            Origem::SancaoTacita
        ))
    );
    let pelo = |quem, data| NovoPasso {
        promulgador: Some(quem),
        ..passo(Promulgado, data)
    };
    let e = registrar(
        &mut tx,
        &a,
        id1,
        &pelo(Promulgador::Presidente, fim + Duration::days(2)),
    )
    .await
    .unwrap_err();
    assert!(
        mensagem(e).contains("o Prefeito tem até 24/04/2026"),
        "the Presidente waits the 48 horas"
    );
    let e = registrar(
        &mut tx,
        &a,
        id1,
        &pelo(Promulgador::Prefeito, fim + Duration::days(3)),
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("cabe ao Presidente da Câmara, até 26/04/2026"));
    assert_eq!(
        contar(
            &mut tx,
            "SELECT count(*) FROM app.autografo_passo WHERE tenant_id = $1 AND autografo_id = $2",
            id1
        )
        .await,
        0,
        "nothing written"
    );
    // Within the 48 horas the date alone says the Prefeito: the norma is made at the
    // promulgação, the proposição promulgada.
    registrar(
        &mut tx,
        &a,
        id1,
        &passo(Promulgado, fim + Duration::days(1)),
    )
    .await
    .unwrap();
    assert_eq!(situacao(&mut tx, p1).await, "promulgada");
    let q = quadro(&mut tx, id1, fim + Duration::days(5)).await;
    assert_eq!(q.passos[0].promulgador(), Some(Promulgador::Prefeito));
    assert_eq!(q.passos[0].rotulo(), "Promulgado pelo Prefeito");
    assert!(q.norma_id.is_some() && q.promulgacao.is_none());
    let n = normas::buscar(
        &mut tx,
        &normas::Filtro {
            proposicao_id: Some(p1),
            ..Default::default()
        },
        1,
    )
    .await
    .unwrap()
    .0;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].data_assinatura, date!(2026 - 04 - 23));
    assert_eq!(n[0].autoria, "Vereador Bento");

    // On the prazo's last day the sanção is still in time.
    let p2 = aprovada(
        &mut tx,
        &a,
        "PL",
        "Institui a semana municipal do livro",
        TEXTO,
        "Vereador Caio",
    )
    .await;
    let id2 = novo(&mut tx, &a, p2, "LO", Some(recebido)).await;
    registrar(&mut tx, &a, id2, &passo(Sancionado, fim))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, p2).await, "sancionada");
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    assert_eq!(estado(&mut tx, id2, hoje).await, Sancionado);
    let e = registrar(&mut tx, &a, id2, &passo(Promulgado, hoje))
        .await
        .unwrap_err();
    assert!(!mensagem(e).is_empty(), "a sanção total is final");
    // Numbered by the tipo's gapless counter.
    let numeros: Vec<i32> =
        sqlx::query_scalar("SELECT numero FROM app.norma WHERE tenant_id = $1 ORDER BY numero")
            .bind(tx.tenant_id())
            .fetch_all(tx.conn())
            .await
            .unwrap();
    assert_eq!(numeros, vec![1, 2]);

    // A third one left waiting since the spring is listed as overdue for the dashboard.
    let p3 = aprovada(
        &mut tx,
        &a,
        "PL",
        "Denomina a praça central do bairro",
        TEXTO,
        "Vereadora Dora",
    )
    .await;
    let id3 = novo(&mut tx, &a, p3, "LO", Some(recebido)).await;
    let pend = autografos::prazos_pendentes(&mut tx, &cal, hoje, 10)
        .await
        .unwrap();
    assert_eq!(pend.len(), 1);
    assert_eq!(pend[0].autografo_id, id3);
    // Today the Presidente's 48 horas (25–26/04) are long gone too: the Vice-Presidente's.
    assert_eq!(
        pend[0].o_que,
        "Promulgação pelo Vice-Presidente da Câmara (nem o Prefeito nem o Presidente da Câmara promulgaram em 48 horas)"
    );
    assert!(pend[0].vencido);
    assert_eq!(pend[0].vence_em, date!(2026 - 04 - 28));
    // On the 27th the competence has passed to the Vice-Presidente; on the 26th the
    // Presidente promulgates it, after the Prefeito's 48 horas.
    let e = registrar(
        &mut tx,
        &a,
        id3,
        &pelo(Promulgador::Presidente, date!(2026 - 04 - 27)),
    )
    .await
    .unwrap_err();
    assert!(
        mensagem(e).contains("cabe ao Vice-Presidente da Câmara"),
        "the Presidente's prazo ended"
    );
    registrar(
        &mut tx,
        &a,
        id3,
        &pelo(Promulgador::Presidente, date!(2026 - 04 - 26)),
    )
    .await
    .unwrap();
    assert_eq!(situacao(&mut tx, p3).await, "promulgada");
    let q = quadro(&mut tx, id3, hoje).await;
    assert_eq!(q.passos[0].rotulo(), "Promulgado pelo Presidente da Câmara");
}

#[tokio::test]
async fn a_veto_total_mantido_the_mesas_promulgacao_and_the_refusals() {
    let env = TestEnv::new().await;
    let t = env.camara("autografo-veto", "pool").await;
    let a = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let dia = |n: i64| hoje - Duration::days(n);

    // Only an approved proposição has an autógrafo.
    let p = aprovada(
        &mut tx,
        &a,
        "PL",
        "Cria o programa municipal de hortas",
        TEXTO,
        "Vereadora Eva",
    )
    .await;
    let nao = protocolada(
        &mut tx,
        &a,
        "PL",
        "Institui a semana municipal do livro",
        TEXTO,
        "Vereador Caio",
    )
    .await;
    let lo = tipo(&mut tx, "LO").await;
    let e = tx
        .tentar(async |tx| {
            let n = NovoAutografo {
                proposicao_id: nao,
                tipo_norma_id: lo,
                texto: TEXTO.into(),
                enviado_em: Some(hoje),
                recebido_em: Some(hoje),
            };
            autografos::criar(tx, &a, &n, hoje).await
        })
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("Só uma proposição aprovada"));
    // Refused input: no dates, a text that is not articulated.
    for (n, campo) in [
        (
            NovoAutografo {
                proposicao_id: p,
                tipo_norma_id: lo,
                texto: TEXTO.into(),
                enviado_em: None,
                recebido_em: Some(hoje),
            },
            "enviado_em",
        ),
        (
            NovoAutografo {
                proposicao_id: p,
                tipo_norma_id: lo,
                texto: TEXTO.into(),
                enviado_em: Some(hoje),
                recebido_em: Some(dia(1)),
            },
            "recebido_em",
        ),
        (
            NovoAutografo {
                proposicao_id: p,
                tipo_norma_id: lo,
                texto: "§ 1º Sem artigo antes.".into(),
                enviado_em: Some(hoje),
                recebido_em: Some(hoje),
            },
            "texto",
        ),
    ] {
        match tx
            .tentar(async |tx| autografos::criar(tx, &a, &n, hoje).await)
            .await
        {
            Err(Error::Validation(v)) => assert_eq!(v.field, campo, "{}", v.message),
            r => panic!("{campo}: {r:?}"),
        }
    }
    assert_eq!(
        situacao(&mut tx, p).await,
        "aprovada",
        "nothing half-written"
    );

    let id = novo(&mut tx, &a, p, "LO", Some(dia(5))).await;
    let veto = |razoes: &str| NovoPasso {
        razoes: razoes.into(),
        veto_recebido_em: Some(dia(3)),
        ..passo(Vetado, dia(4))
    };
    let e = registrar(
        &mut tx,
        &a,
        id,
        &NovoPasso {
            dispositivos: vec!["art1".into()],
            ..veto("")
        },
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("razões"));
    registrar(
        &mut tx,
        &a,
        id,
        &veto("Inconstitucionalidade formal: vício de iniciativa."),
    )
    .await
    .unwrap();
    assert_eq!(situacao(&mut tx, p).await, "vetada");
    registrar(&mut tx, &a, id, &passo(VetoMantido, dia(1)))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, p).await, "vetada");
    assert_eq!(estado(&mut tx, id, hoje).await, VetoMantido);
    let e = registrar(&mut tx, &a, id, &passo(Promulgado, hoje))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("não pode passar"));
    assert_eq!(
        contar(
            &mut tx,
            "SELECT count(*) FROM app.norma WHERE tenant_id = $1 AND proposicao_id = $2",
            p
        )
        .await,
        0,
        "a veto mantido makes no norma"
    );
    let passos_: Vec<(String, Vec<String>)> = sqlx::query_as(
        "SELECT estado, dispositivos FROM app.autografo_passo WHERE tenant_id = $1 AND autografo_id = $2 ORDER BY registrado_em",
    )
    .bind(tx.tenant_id())
    .bind(id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(
        passos_[0],
        ("vetado".to_owned(), Vec::new()),
        "a veto total names no dispositivos"
    );

    // A resolução goes to the Mesa: no dates, no sanção; its promulgação makes the norma.
    let r = aprovada(
        &mut tx,
        &a,
        "PR",
        "Altera o regimento interno da câmara",
        TEXTO,
        "Mesa Diretora",
    )
    .await;
    let res = tipo(&mut tx, "RES").await;
    let id = autografos::criar(
        &mut tx,
        &a,
        &NovoAutografo {
            proposicao_id: r,
            tipo_norma_id: res,
            texto: TEXTO.into(),
            enviado_em: Some(hoje),
            recebido_em: Some(hoje),
        },
        hoje,
    )
    .await
    .unwrap();
    assert_eq!(situacao(&mut tx, r).await, "aguardando_promulgacao");
    let au = autografos::por_id(&mut tx, id).await.unwrap().unwrap();
    assert!(au.mesa && au.enviado_em.is_none() && au.recebido_em.is_none());
    let e = registrar(&mut tx, &a, id, &passo(Sancionado, hoje))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("promulgada pela Mesa"));
    registrar(&mut tx, &a, id, &passo(Promulgado, hoje))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, r).await, "promulgada");
    let cal = calendario::calendario(&mut tx).await.unwrap();
    let q = autografos::quadro(&mut tx, au, &cal, hoje).await.unwrap();
    assert_eq!(q.passos[0].promulgador.as_deref(), Some("mesa"));
    let n = normas::norma(&mut tx, q.norma_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(n.tipo_sigla, "RES");
    assert_eq!(n.proposicao_id, Some(r));
}
