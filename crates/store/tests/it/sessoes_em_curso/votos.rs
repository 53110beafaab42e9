//! The votação of the running sessão: one vote per councilor, the computed result, secrecy,
//! and 15 councilors racing a close.

use super::*;

#[tokio::test]
async fn one_vote_per_councilor_is_the_databases_rule_and_changes_keep_history() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "votounico", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Requerimento de informação"))
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
        .await
        .unwrap();
    // A second live votação of the same (item, turno) is refused.
    let r = tx
        .tentar(async |tx| votacao::abrir(tx, &a, item.id, TipoVotacao::Nominal).await)
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    let p = c.parlamentares[0];
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, p, Voto::Sim)
            .await
            .unwrap(),
        Registro::Novo
    );
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, p, Voto::Sim)
            .await
            .unwrap(),
        Registro::Repetido
    );
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, p, Voto::Nao)
            .await
            .unwrap(),
        Registro::Alterado
    );
    let tenant = tx.tenant_id();
    let raw = tx
        .tentar(async |tx| {
            sqlx::query("INSERT INTO app.voto (tenant_id, id, votacao_id, parlamentar_id, voto) VALUES ($1, $2, $3, $4, 'sim')")
                .bind(tenant).bind(Uuid::now_v7()).bind(v.id).bind(p)
                .execute(tx.conn()).await.map_err(Error::from)
        })
        .await
        .unwrap_err();
    assert_eq!(constraint(&raw).as_deref(), Some("voto_unico"));
    let hist: Vec<(String, String)> =
        sqlx::query_as("SELECT anterior, novo FROM app.voto_historico WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_all(tx.conn())
            .await
            .unwrap();
    assert_eq!(hist, [("sim".to_owned(), "nao".to_owned())]);
    // Absent: not eligible.
    presenca::marcar(
        &mut tx,
        &a,
        s,
        &Marca {
            situacao: SituacaoPresenca::Ausente,
            ..presente(c.parlamentares[1])
        },
    )
    .await
    .unwrap();
    let r = tx
        .tentar(async |tx| votacao::votar(tx, &a, v.id, c.parlamentares[1], Voto::Sim).await)
        .await;
    assert!(matches!(r, Err(Error::Validation(_))), "{r:?}");
    votacao::votar(&mut tx, &a, v.id, c.parlamentares[2], Voto::Sim)
        .await
        .unwrap();
    votacao::mover(&mut tx, &a, v.id, Acao::Travar, "")
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| votacao::votar(tx, &a, v.id, c.parlamentares[2], Voto::Nao).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(_))),
        "a locked votação takes no votes"
    );
    votacao::mover(&mut tx, &a, v.id, Acao::Destravar, "")
        .await
        .unwrap();
    let fim = votacao::encerrar(&mut tx, &a, v.id, &Encerramento::default())
        .await
        .unwrap();
    // 2 present of 3 seats (quórum 2): 1 × 1 → tie → rejected.
    assert_eq!(
        (fim.sim, fim.nao, fim.resultado.as_deref()),
        (1, 1, Some("rejeitada"))
    );
    // After the close, even a raw INSERT is refused by the database.
    let raw = tx
        .tentar(async |tx| {
            sqlx::query("UPDATE app.voto SET voto = 'sim' WHERE tenant_id = $1 AND votacao_id = $2")
                .bind(tenant)
                .bind(v.id)
                .execute(tx.conn())
                .await
                .map_err(Error::from)
        })
        .await
        .unwrap_err();
    assert_eq!(constraint(&raw).as_deref(), Some("voto_votacao_aberta"));
    // Reopen and cancel are audited steps with a motivo.
    assert!(
        tx.tentar(async |tx| votacao::mover(tx, &a, v.id, Acao::Reabrir, "curto").await)
            .await
            .is_err()
    );
    votacao::mover(
        &mut tx,
        &a,
        v.id,
        Acao::Reabrir,
        "Painel registrou voto errado.",
    )
    .await
    .unwrap();
    let c2 = votacao::mover(
        &mut tx,
        &a,
        v.id,
        Acao::Cancelar,
        "Votação anulada pela Mesa.",
    )
    .await
    .unwrap();
    assert_eq!(c2.status, "cancelada");
    let acoes: Vec<String> = sqlx::query_scalar("SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'votacao' ORDER BY em, id")
        .bind(tenant).fetch_all(tx.conn()).await.unwrap();
    assert_eq!(
        acoes,
        [
            "abrir",
            "travar",
            "destravar",
            "encerrar",
            "reabrir",
            "cancelar"
        ]
    );
}

#[tokio::test]
async fn the_result_is_computed_overridden_only_with_a_justification_and_fed_to_the_proposicao() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "resultado", 5).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let tenant = tx.tenant_id();
    let prop = pronta(&mut tx, "PL", "Dispõe sobre a coleta seletiva de lixo.").await;
    let item = pauta::adicionar_item(
        &mut tx,
        &a,
        s,
        &NovoItem {
            proposicao_id: Some(prop),
            ..item_livre("")
        },
    )
    .await
    .unwrap();
    assert!(item.titulo.starts_with("PL 1/2025"), "{}", item.titulo);
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
        .await
        .unwrap();
    for (p, voto) in
        c.parlamentares
            .iter()
            .zip([Voto::Sim, Voto::Sim, Voto::Sim, Voto::Nao, Voto::Abstencao])
    {
        votacao::votar(&mut tx, &a, v.id, *p, voto).await.unwrap();
    }
    // Overriding the computed result without a justification is refused.
    let sem = Encerramento {
        alterar_para: Some(Resultado::Rejeitada),
        ..Encerramento::default()
    };
    let r = tx
        .tentar(async |tx| votacao::encerrar(tx, &a, v.id, &sem).await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "justificativa"),
        "{r:?}"
    );
    let fim = votacao::encerrar(&mut tx, &a, v.id, &Encerramento::default())
        .await
        .unwrap();
    assert_eq!(
        (fim.sim, fim.nao, fim.abstencao, fim.presentes),
        (3, 1, 1, Some(5))
    );
    assert_eq!(fim.resultado.as_deref(), Some("aprovada"));
    assert_eq!(fim.resultado_calculado.as_deref(), Some("aprovada"));
    let situacao: Option<String> =
        sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(prop)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert_eq!(situacao.as_deref(), Some("aprovada"));
    // A result recorded on the proposição is not reopened here.
    let r = tx
        .tentar(async |tx| {
            votacao::mover(tx, &a, v.id, Acao::Reabrir, "Quero votar de novo.").await
        })
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))));
    // An override with its justification is kept next to the computed result.
    let item2 = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Moção de aplauso"))
        .await
        .unwrap();
    let v2 = votacao::abrir(&mut tx, &a, item2.id, TipoVotacao::Simbolica)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| votacao::votar(tx, &a, v2.id, c.parlamentares[0], Voto::Sim).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(_))),
        "symbolic: no individual votes"
    );
    let fim2 = votacao::encerrar(
        &mut tx,
        &a,
        v2.id,
        &Encerramento {
            contagem: Some((2, 2, 1)),
            alterar_para: Some(Resultado::Aprovada),
            justificativa: "O presidente declarou aprovada por contraste visível.".into(),
            ..Encerramento::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(fim2.resultado_calculado.as_deref(), Some("rejeitada"));
    assert_eq!(fim2.resultado.as_deref(), Some("aprovada"));
    assert!(fim2.alterado());
}

/// Every row of every table of `app` for this câmara, as text.
async fn fotografia(tx: &mut TenantTx) -> BTreeSet<(String, String)> {
    let tabelas: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'app' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(tx.conn())
    .await
    .unwrap();
    let mut linhas = BTreeSet::new();
    for t in tabelas {
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT row_to_json(x)::text FROM app.{t} x"
        )))
        .fetch_all(tx.conn())
        .await
        .unwrap();
        linhas.extend(rows.into_iter().map(|r| (t.clone(), r)));
    }
    linhas
}

/// What changed in the database with one vote of `p`: the rows that mention `p` and are new.
async fn rastros_do_voto(
    env: &TestEnv,
    c: &Cenario,
    tipo: TipoVotacao,
) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let s = aberta_com_todos(&mut tx, c, datetime!(2025-03-10 18:00)).await;
    let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Veto ao projeto"))
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, tipo).await.unwrap();
    let antes = fotografia(&mut tx).await;
    let p = c.parlamentares[0];
    votacao::votar(&mut tx, &a, v.id, p, Voto::Sim)
        .await
        .unwrap();
    let depois = fotografia(&mut tx).await;
    tx.rollback().await.unwrap();
    let novas: Vec<(String, String)> = depois.difference(&antes).cloned().collect();
    let com_p = novas
        .iter()
        .filter(|(_, r)| r.contains(&p.to_string()))
        .cloned()
        .collect();
    (novas, com_p)
}

#[tokio::test]
async fn a_secret_vote_leaves_no_row_or_audit_entry_linking_it_to_the_councilor() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "secreta", 3).await;
    let (novas, com_p) = rastros_do_voto(&env, &c, TipoVotacao::Secreta).await;
    // The only rows that changed: the votação's totals and the councilor's participation.
    let tabelas: BTreeSet<&str> = novas.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        tabelas,
        ["votacao", "votacao_participacao"].into_iter().collect(),
        "{novas:#?}"
    );
    assert!(
        !novas.iter().any(|(t, _)| t == "auditoria"),
        "no audit entry per secret vote"
    );
    // The one row naming the councilor says only that they took part: no vote, no time.
    assert_eq!(com_p.len(), 1, "{com_p:#?}");
    let (t, linha) = &com_p[0];
    assert_eq!(t, "votacao_participacao");
    for proibido in ["sim", "nao", "abstencao", "voto\"", "_em\""] {
        assert!(!linha.contains(proibido), "{linha} contains {proibido}");
    }
    // The inspection does find the link of a nominal vote (it can fail).
    let (_, com_p) = rastros_do_voto(&env, &c, TipoVotacao::Nominal).await;
    assert!(
        com_p
            .iter()
            .any(|(t, r)| t == "voto" && r.contains("\"sim\"")),
        "{com_p:#?}"
    );
    assert!(com_p.iter().any(|(t, _)| t == "auditoria"));
}

#[tokio::test]
async fn a_secret_votacao_counts_once_per_councilor_and_shows_totals_only_after_the_close() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "secreta2", 3).await;
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Cassação de mandato"))
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Secreta)
        .await
        .unwrap();
    votacao::votar(&mut tx, &a, v.id, c.parlamentares[0], Voto::Sim)
        .await
        .unwrap();
    // A repeated submit (even with another choice) does not count twice.
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, c.parlamentares[0], Voto::Nao)
            .await
            .unwrap(),
        Registro::Repetido
    );
    votacao::votar(&mut tx, &a, v.id, c.parlamentares[1], Voto::Sim)
        .await
        .unwrap();
    let aberta = votacao::publica(&votacao::por_id(&mut tx, v.id).await.unwrap());
    assert_eq!(
        (aberta.sim, aberta.nao, aberta.votantes),
        (0, 0, 2),
        "no running totals"
    );
    let estado = sp::painel::estado(&mut tx, s).await.unwrap();
    let vp = estado.votacao.unwrap();
    assert_eq!((vp.sim, vp.votantes, estado.presentes), (0, 2, 3));
    let fim = votacao::encerrar(&mut tx, &a, v.id, &Encerramento::default())
        .await
        .unwrap();
    assert_eq!((fim.sim, fim.nao, fim.votantes), (2, 0, 2));
    assert!(votacao::votos(&mut tx, v.id).await.unwrap().is_empty());
}

/// 15 councilors vote at once while the operator closes the votação: the tally is exactly
/// the votes that committed, and none lands after the close (the instants are
/// `clock_timestamp()`: a vote's insert against the close's UPDATE, which runs only once
/// the votes in flight have committed). Repeated `RODADAS` times.
#[tokio::test]
async fn fifteen_councilors_voting_while_the_operator_closes_keep_an_exact_tally() {
    const RODADAS: usize = 100;
    let env = TestEnv::new().await;
    let c = cenario(&env, "corrida", 15).await;
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    tx.commit().await.unwrap();
    let mut fechadas_cedo = 0;
    for rodada in 0..RODADAS {
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
            .await
            .unwrap();
        let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre(&format!("Item {rodada}")))
            .await
            .unwrap();
        let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let votos = c.parlamentares.iter().enumerate().map(|(i, p)| {
            let (store, t, p) = (env.store.clone(), c.t.clone(), *p);
            async move {
                let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
                let voto = if i % 3 == 0 { Voto::Nao } else { Voto::Sim };
                match votacao::votar(&mut tx, &autor(), v.id, p, voto).await {
                    Ok(_) => {
                        tx.commit().await.unwrap();
                        Some(voto)
                    }
                    Err(Error::Conflict(m)) => {
                        assert!(m.contains("não recebe votos"), "{m}");
                        None
                    }
                    Err(e) => panic!("{e:?}"),
                }
            }
        });
        let (store, t) = (env.store.clone(), c.t.clone());
        let fechar = async move {
            let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
            let fim = votacao::encerrar(&mut tx, &autor(), v.id, &Encerramento::default())
                .await
                .unwrap();
            tx.commit().await.unwrap();
            fim
        };
        let (aceitos, fim) = futures::future::join(futures::future::join_all(votos), fechar).await;
        let aceitos: Vec<Voto> = aceitos.into_iter().flatten().collect();
        let sim = aceitos.iter().filter(|v| **v == Voto::Sim).count();
        let nao = aceitos.len() - sim;
        assert_eq!(
            (fim.sim as usize, fim.nao as usize),
            (sim, nao),
            "rodada {rodada}"
        );
        if aceitos.len() < 15 {
            fechadas_cedo += 1;
        }
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
            .await
            .unwrap();
        let tenant = tx.tenant_id();
        let (linhas, depois): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(*) FILTER (WHERE x.registrado_em > v.encerrada_em)
               FROM app.voto x JOIN app.votacao v ON v.tenant_id = x.tenant_id AND v.id = x.votacao_id
              WHERE x.tenant_id = $1 AND x.votacao_id = $2",
        )
        .bind(tenant).bind(v.id).fetch_one(tx.conn()).await.unwrap();
        assert_eq!(
            (linhas as usize, depois),
            (aceitos.len(), 0),
            "rodada {rodada}"
        );
        // A vote after the close is refused.
        let r = votacao::votar(&mut tx, &autor(), v.id, c.parlamentares[14], Voto::Sim).await;
        assert!(matches!(r, Err(Error::Conflict(_))));
    }
    eprintln!("{fechadas_cedo} of {RODADAS} rounds closed before every vote arrived");
}

#[tokio::test]
async fn the_councilors_own_votes_come_in_one_read_nominal_with_the_vote_secret_without() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "meusvotos", 2).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-11 18:00)).await;
    let mut ids = Vec::new();
    for (d, tipo) in [
        ("Requerimento nominal", TipoVotacao::Nominal),
        ("Veto secreto", TipoVotacao::Secreta),
        ("Moção sem voto", TipoVotacao::Nominal),
    ] {
        let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre(d))
            .await
            .unwrap();
        ids.push(votacao::abrir(&mut tx, &a, item.id, tipo).await.unwrap().id);
    }
    let p = c.parlamentares[0];
    votacao::votar(&mut tx, &a, ids[0], p, Voto::Nao)
        .await
        .unwrap();
    votacao::votar(&mut tx, &a, ids[1], p, Voto::Sim)
        .await
        .unwrap();
    // The other councilor's vote is not theirs.
    votacao::votar(&mut tx, &a, ids[2], c.parlamentares[1], Voto::Sim)
        .await
        .unwrap();
    let meus = votacao::meus_votos(&mut tx, &ids, p).await.unwrap();
    assert_eq!(meus.len(), 2, "{meus:?}");
    assert_eq!(meus.get(&ids[0]), Some(&Some(Voto::Nao)));
    assert_eq!(
        meus.get(&ids[1]),
        Some(&None),
        "a secret vote says only that they voted"
    );
    assert!(!meus.contains_key(&ids[2]));
    assert_eq!(
        votacao::meu_voto(&mut tx, ids[1], p).await.unwrap(),
        (true, None)
    );
}
