//! The comissões: every refusal with its message, composition over time, the public queries.

use super::*;

#[tokio::test]
async fn the_database_refuses_what_the_comissao_rules_forbid() {
    let env = TestEnv::new().await;
    let t = env.camara("comis-regras", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = Autor::cli("t");
    let s = cenario(&mut tx).await;
    let [ana, bruno, carla, davi] = s.com_mandato[..] else {
        unreachable!()
    };
    let cjr = comissoes::criar(
        &mut tx,
        &a,
        &dados("permanente", "Constituição, Justiça e Redação", "cjr"),
    )
    .await
    .unwrap();
    assert_eq!(
        (cjr.sigla.as_str(), cjr.slug.as_str(), cjr.ativa),
        ("CJR", "constituicao-justica-e-redacao", true)
    );
    let e = recusa!(
        tx,
        comissoes::criar(&mut tx, &a, &dados("permanente", "Outra comissão", "CJR"))
    );
    assert!(
        e.to_string().contains("mesma sigla") || e.to_string().contains("essa sigla"),
        "{e}"
    );
    let e = recusa!(
        tx,
        comissoes::criar(
            &mut tx,
            &a,
            &dados("permanente", "Constituição, Justiça e Redação", "CJ2")
        )
    );
    assert!(e.to_string().contains("esse nome"), "{e}");
    let e = recusa!(
        tx,
        comissoes::criar(&mut tx, &a, &dados("cpi", "CPI dos Transportes", "CPI-1"))
    );
    assert!(e.to_string().contains("precisam de um prazo"), "{e}");
    let e = recusa!(
        tx,
        comissoes::criar(&mut tx, &a, &dados("permanente", "Finanças", "CFO!"))
    );
    assert!(e.to_string().contains("A sigla deve ter"), "{e}");
    // The database's own checks, past the store's validation.
    let e = recusa!(
        tx,
        sqlx::query(
            "INSERT INTO app.comissao (tenant_id, id, tipo, nome, sigla, slug, criacao)
             VALUES ($1, $2, 'temporaria', 'Sem prazo', 'SP', 'sem-prazo', '2025-01-01')"
        )
        .bind(t.id)
        .bind(Uuid::now_v7())
        .execute(tx.conn())
    );
    assert_eq!(
        e.as_database_error().unwrap().constraint(),
        Some("comissao_prazo")
    );

    comissoes::designar(
        &mut tx,
        &a,
        &designacao(cjr.id, ana, "presidente", date!(2025 - 02 - 01)),
    )
    .await
    .unwrap();
    // Twice at once in the same comissão.
    let e = recusa!(
        tx,
        comissoes::designar(
            &mut tx,
            &a,
            &designacao(cjr.id, ana, "membro", date!(2025 - 05 - 01))
        )
    );
    assert!(e.to_string().contains("já faz parte dessa comissão"), "{e}");
    // Two presidentes at once.
    let e = recusa!(
        tx,
        comissoes::designar(
            &mut tx,
            &a,
            &designacao(cjr.id, bruno, "presidente", date!(2025 - 05 - 01))
        )
    );
    assert!(
        e.to_string().contains("já tem quem ocupe esse cargo"),
        "{e}"
    );
    comissoes::designar(
        &mut tx,
        &a,
        &designacao(cjr.id, bruno, "vice-presidente", date!(2025 - 02 - 01)),
    )
    .await
    .unwrap();
    let e = recusa!(
        tx,
        comissoes::designar(
            &mut tx,
            &a,
            &designacao(cjr.id, carla, "vice-presidente", date!(2025 - 02 - 01))
        )
    );
    assert!(
        e.to_string().contains("já tem quem ocupe esse cargo"),
        "{e}"
    );
    // Relatores and members are not unique.
    comissoes::designar(
        &mut tx,
        &a,
        &designacao(cjr.id, carla, "relator", date!(2025 - 02 - 01)),
    )
    .await
    .unwrap();
    comissoes::designar(
        &mut tx,
        &a,
        &designacao(cjr.id, davi, "relator", date!(2025 - 02 - 01)),
    )
    .await
    .unwrap();
    // Before the comissão existed; without a mandato.
    let e = recusa!(
        tx,
        comissoes::designar(
            &mut tx,
            &a,
            &designacao(cjr.id, s.curto, "membro", date!(2025 - 01 - 10))
        )
    );
    assert!(e.to_string().contains("vigência da comissão"), "{e}");
    let e = recusa!(
        tx,
        comissoes::designar(
            &mut tx,
            &a,
            &designacao(cjr.id, s.sem_mandato, "membro", date!(2025 - 03 - 01))
        )
    );
    assert!(e.to_string().contains("não tem mandato"), "{e}");
    let e = recusa!(
        tx,
        comissoes::designar(
            &mut tx,
            &a,
            &designacao(cjr.id, s.curto, "membro", date!(2026 - 03 - 01))
        )
    );
    assert!(e.to_string().contains("não tem mandato"), "{e}");

    // A CPI, extinguished: open memberships end with it, later designações are refused.
    let mut d = dados("cpi", "CPI da Merenda Escolar", "CPI-1");
    d.prazo = Some(date!(2025 - 06 - 01));
    let cpi = comissoes::criar(&mut tx, &a, &d).await.unwrap();
    comissoes::designar(
        &mut tx,
        &a,
        &designacao(cpi.id, s.curto, "presidente", date!(2025 - 02 - 10)),
    )
    .await
    .unwrap();
    let e = recusa!(
        tx,
        comissoes::extinguir(&mut tx, &a, cpi.id, date!(2025 - 01 - 01))
    );
    assert!(matches!(e, Error::Validation(_)), "{e}");
    comissoes::extinguir(&mut tx, &a, cpi.id, date!(2025 - 06 - 01))
        .await
        .unwrap();
    let e = recusa!(
        tx,
        comissoes::extinguir(&mut tx, &a, cpi.id, date!(2025 - 06 - 02))
    );
    assert!(e.to_string().contains("já está extinta"), "{e}");
    let e = recusa!(
        tx,
        comissoes::designar(
            &mut tx,
            &a,
            &designacao(cpi.id, ana, "membro", date!(2025 - 07 - 01))
        )
    );
    assert!(e.to_string().contains("vigência da comissão"), "{e}");
    let comp = comissoes::composicao(&mut tx, cpi.id, date!(2025 - 08 - 01))
        .await
        .unwrap();
    assert!(comp.atuais.is_empty());
    assert_eq!(comp.anteriores.len(), 1);
    assert_eq!(comp.anteriores[0].desligamento, Some(date!(2025 - 06 - 01)));
    assert_eq!(comp.anteriores[0].motivo, "Extinção da comissão");
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn comissoes_keep_their_composition_and_answer_the_public_queries() {
    let env = TestEnv::new().await;
    let t = env.camara("comis-hist", "dedicated").await;
    let mut tx = begin(&env, &t).await;
    let a = Autor::cli("t");
    let s = cenario(&mut tx).await;
    let [ana, bruno, carla, _] = s.com_mandato[..] else {
        unreachable!()
    };
    let cfo = comissoes::criar(
        &mut tx,
        &a,
        &dados("permanente", "Finanças e Orçamento", "CFO"),
    )
    .await
    .unwrap();
    let mut d = dados("temporaria", "Comissão do Centenário", "CCENT");
    d.prazo = Some(date!(2030 - 01 - 01));
    let temp = comissoes::criar(&mut tx, &a, &d).await.unwrap();
    let m = comissoes::designar(
        &mut tx,
        &a,
        &designacao(cfo.id, ana, "presidente", date!(2025 - 02 - 01)),
    )
    .await
    .unwrap();
    let e = recusa!(
        tx,
        comissoes::desligar(&mut tx, &a, m, date!(2025 - 01 - 01), "")
    );
    assert!(matches!(e, Error::Validation(_)), "{e}");
    comissoes::desligar(&mut tx, &a, m, date!(2025 - 04 - 30), "Licença")
        .await
        .unwrap();
    // Presidente again, after leaving: a new row, the old one kept.
    comissoes::designar(
        &mut tx,
        &a,
        &designacao(cfo.id, bruno, "presidente", date!(2025 - 05 - 01)),
    )
    .await
    .unwrap();
    comissoes::designar(
        &mut tx,
        &a,
        &designacao(cfo.id, ana, "membro", date!(2025 - 05 - 01)),
    )
    .await
    .unwrap();
    let mut sup = designacao(cfo.id, carla, "membro", date!(2025 - 05 - 01));
    sup.titular = false;
    comissoes::designar(&mut tx, &a, &sup).await.unwrap();
    comissoes::designar(
        &mut tx,
        &a,
        &designacao(temp.id, ana, "relator", date!(2025 - 03 - 01)),
    )
    .await
    .unwrap();

    let comp = comissoes::composicao(&mut tx, cfo.id, date!(2025 - 06 - 01))
        .await
        .unwrap();
    assert_eq!(
        comp.atuais
            .iter()
            .map(|m| (m.nome_parlamentar.as_str(), m.cargo.as_str(), m.titular))
            .collect::<Vec<_>>(),
        [
            ("Bruno Dias", "presidente", true),
            ("Ana Lúcia", "membro", true),
            ("Carla Reis", "membro", false),
        ]
    );
    assert_eq!(comp.anteriores.len(), 1);
    assert_eq!(comp.anteriores[0].motivo, "Licença");
    assert_eq!(comp.atuais[0].partido.as_deref(), Some("PCA"));

    let ativas = comissoes::comissoes_ativas(&mut tx).await.unwrap();
    assert_eq!(
        ativas.iter().map(|c| c.sigla.as_str()).collect::<Vec<_>>(),
        ["CFO", "CCENT"],
        "permanentes first"
    );
    for chave in ["cfo", "CFO", "financas-e-orcamento"] {
        assert_eq!(
            comissoes::por_sigla_ou_slug(&mut tx, chave)
                .await
                .unwrap()
                .map(|c| c.id),
            Some(cfo.id),
            "{chave}"
        );
    }
    assert!(
        comissoes::por_sigla_ou_slug(&mut tx, "xyz")
            .await
            .unwrap()
            .is_none()
    );
    let (busca, total) = comissoes::listar(&mut tx, Some("orçamento"), 10, 0)
        .await
        .unwrap();
    assert_eq!((busca.len(), total), (1, 1));
    let (_, total) = comissoes::listar(&mut tx, None, 1, 0).await.unwrap();
    assert_eq!(total, 2);

    let ana_comissoes = comissoes::comissoes_do_parlamentar(&mut tx, ana)
        .await
        .unwrap();
    assert_eq!(ana_comissoes.len(), 3);
    assert!(ana_comissoes[0].atual && ana_comissoes[1].atual && !ana_comissoes[2].atual);
    assert_eq!(ana_comissoes[2].cargo, "presidente");

    let dados = comissoes::dados_abertos(&mut tx, None, 10, date!(2025 - 06 - 01))
        .await
        .unwrap();
    assert_eq!(dados[0].sigla, "CCENT");
    assert_eq!(dados[1].membros.len(), 3);
    let csv: comissoes::ComissaoCsv = dados[1].clone().into();
    assert_eq!(
        csv.membros,
        "Bruno Dias (presidente, titular); Ana Lúcia (membro, titular); Carla Reis (membro, suplente)"
    );
    let depois = comissoes::dados_abertos(&mut tx, Some("CCENT"), 10, date!(2025 - 06 - 01))
        .await
        .unwrap();
    assert_eq!(depois.len(), 1);

    // Editing keeps the slug in step with the nome; audited.
    let mut novo = dados_de(&cfo);
    novo.nome = "Finanças, Orçamento e Tributação".into();
    let cfo2 = comissoes::editar(&mut tx, &a, cfo.id, &novo).await.unwrap();
    assert_eq!(cfo2.slug, "financas-orcamento-e-tributacao");
    novo.criacao = date!(2025 - 03 - 01);
    let e = recusa!(tx, comissoes::editar(&mut tx, &a, cfo.id, &novo));
    assert!(e.to_string().contains("designações anteriores"), "{e}");
    let audit: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade IN ('comissao', 'membro_comissao')",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(audit, 2 + 5 + 1 + 1);
    tx.commit().await.unwrap();
}
