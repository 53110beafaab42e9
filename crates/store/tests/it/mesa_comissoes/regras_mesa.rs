//! The mesa diretora: the default cargos, every refusal with its message, history kept.

use super::*;

#[tokio::test]
async fn a_new_camara_starts_with_the_four_obligatory_cargos() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-padrao", "pool").await;
    let mut tx = begin(&env, &t).await;
    let cargos = mesa::cargos(&mut tx, true).await.unwrap();
    assert_eq!(
        cargos
            .iter()
            .map(|c| (c.nome.as_str(), c.ordem, c.obrigatorio, c.ativo))
            .collect::<Vec<_>>(),
        vec![
            ("Presidente", 1, true, true),
            ("Vice-Presidente", 2, true, true),
            ("1º Secretário", 3, true, true),
            ("2º Secretário", 4, true, true),
        ]
    );
    // Cargos are the câmara's own: a new one, a duplicate refused, an edit audited.
    let a = Autor::cli("t");
    let c = mesa::criar_cargo(&mut tx, &a, "3º Secretário", 5, false)
        .await
        .unwrap();
    let e = recusa!(tx, mesa::criar_cargo(&mut tx, &a, "Presidente", 6, false));
    assert!(e.to_string().contains("Já existe um cargo"), "{e}");
    let e = recusa!(tx, mesa::criar_cargo(&mut tx, &a, "X", 6, false));
    assert!(matches!(e, Error::Validation(_)), "{e}");
    let c2 = mesa::editar_cargo(&mut tx, &a, c.id, "Secretário-Geral", 5, false, false)
        .await
        .unwrap();
    assert_eq!((c2.nome.as_str(), c2.ativo), ("Secretário-Geral", false));
    assert_eq!(mesa::cargos(&mut tx, false).await.unwrap().len(), 4);
    let audit: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'cargo_mesa'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(audit, 2);
}

#[tokio::test]
async fn the_database_refuses_what_the_mesa_rules_forbid() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-regras", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = Autor::cli("t");
    let s = cenario(&mut tx).await;
    let presidente = cargo(&mut tx, "Presidente").await;
    let vice = cargo(&mut tx, "Vice-Presidente").await;

    let e = recusa!(
        tx,
        mesa::criar_periodo(
            &mut tx,
            &a,
            s.legislatura,
            date!(2027 - 01 - 01),
            date!(2029 - 12 - 31),
            ""
        )
    );
    assert!(
        e.to_string().contains("dentro do período da legislatura"),
        "{e}"
    );
    let p = mesa::criar_periodo(
        &mut tx,
        &a,
        s.legislatura,
        date!(2025 - 01 - 01),
        date!(2026 - 12 - 31),
        "Primeiro biênio",
    )
    .await
    .unwrap();
    assert_eq!((p.numero, p.legislatura), (1, 20));
    let e = recusa!(
        tx,
        mesa::criar_periodo(
            &mut tx,
            &a,
            s.legislatura,
            date!(2026 - 06 - 01),
            date!(2027 - 12 - 31),
            ""
        )
    );
    assert!(e.to_string().contains("sobrepõe"), "{e}");

    let [ana, bruno, ..] = s.com_mandato[..] else {
        unreachable!()
    };
    mesa::designar(&mut tx, &a, &membro(p.id, ana, presidente, p.inicio))
        .await
        .unwrap();
    // One holder per cargo at a time.
    let e = recusa!(
        tx,
        mesa::designar(
            &mut tx,
            &a,
            &membro(p.id, bruno, presidente, date!(2026 - 01 - 01))
        )
    );
    assert!(
        matches!(e, Error::Conflict(_)) && e.to_string().contains("já tem um ocupante"),
        "{e}"
    );
    // One cargo per parlamentar at a time.
    let e = recusa!(
        tx,
        mesa::designar(&mut tx, &a, &membro(p.id, ana, vice, date!(2025 - 03 - 01)))
    );
    assert!(e.to_string().contains("já ocupa outro cargo"), "{e}");
    // A member without a mandato in the legislatura, or not for the whole time.
    let e = recusa!(
        tx,
        mesa::designar(&mut tx, &a, &membro(p.id, s.sem_mandato, vice, p.inicio))
    );
    assert!(
        matches!(e, Error::Validation(_)) && e.to_string().contains("não tem mandato"),
        "{e}"
    );
    let e = recusa!(
        tx,
        mesa::designar(&mut tx, &a, &membro(p.id, s.curto, vice, p.inicio))
    );
    assert!(e.to_string().contains("não tem mandato"), "{e}");
    // …but for the months of the mandato, yes.
    let mut curto = membro(p.id, s.curto, vice, p.inicio);
    curto.fim = Some(date!(2025 - 12 - 31));
    mesa::designar(&mut tx, &a, &curto).await.unwrap();
    // Dates outside the período.
    let e = recusa!(
        tx,
        mesa::designar(
            &mut tx,
            &a,
            &membro(p.id, bruno, vice, date!(2024 - 12 - 01))
        )
    );
    assert!(e.to_string().contains("dentro do período da Mesa"), "{e}");
    let mut fora = membro(p.id, bruno, vice, date!(2026 - 01 - 01));
    fora.fim = Some(date!(2027 - 06 - 30));
    let e = recusa!(tx, mesa::designar(&mut tx, &a, &fora));
    assert!(e.to_string().contains("dentro do período da Mesa"), "{e}");
    // A deactivated cargo takes nobody.
    let ouvidor = mesa::criar_cargo(&mut tx, &a, "Ouvidor", 7, false)
        .await
        .unwrap();
    mesa::editar_cargo(&mut tx, &a, ouvidor.id, "Ouvidor", 7, false, false)
        .await
        .unwrap();
    let e = recusa!(
        tx,
        mesa::designar(&mut tx, &a, &membro(p.id, bruno, ouvidor.id, p.inicio))
    );
    assert!(e.to_string().contains("desativado"), "{e}");
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_mesa_keeps_its_history_and_reports_empty_cargos() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-hist", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = Autor::cli("t");
    let s = cenario(&mut tx).await;
    let [ana, bruno, carla, davi] = s.com_mandato[..] else {
        unreachable!()
    };
    let cargos: Vec<Uuid> = mesa::cargos(&mut tx, false)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    let p1 = mesa::criar_periodo(
        &mut tx,
        &a,
        s.legislatura,
        date!(2025 - 01 - 01),
        date!(2026 - 12 - 31),
        "",
    )
    .await
    .unwrap();
    let p2 = mesa::criar_periodo(
        &mut tx,
        &a,
        s.legislatura,
        date!(2027 - 01 - 01),
        date!(2028 - 12 - 31),
        "",
    )
    .await
    .unwrap();
    assert_eq!(p2.numero, 2);
    // Before anyone is designated, every obligatory cargo is empty.
    assert_eq!(
        mesa::cargos_vagos(&mut tx, &p1, date!(2025 - 06 - 01))
            .await
            .unwrap()
            .len(),
        4
    );
    let pres = mesa::designar(&mut tx, &a, &membro(p1.id, ana, cargos[0], p1.inicio))
        .await
        .unwrap();
    mesa::designar(&mut tx, &a, &membro(p1.id, bruno, cargos[1], p1.inicio))
        .await
        .unwrap();
    mesa::designar(&mut tx, &a, &membro(p1.id, carla, cargos[2], p1.inicio))
        .await
        .unwrap();
    let vagos = mesa::cargos_vagos(&mut tx, &p1, date!(2025 - 06 - 01))
        .await
        .unwrap();
    assert_eq!(
        vagos.iter().map(|c| c.nome.as_str()).collect::<Vec<_>>(),
        ["2º Secretário"]
    );
    // Ana resigns on 30/06/2025; Bruno presides from the next day. Nothing is overwritten.
    let e = recusa!(
        tx,
        mesa::encerrar(&mut tx, &a, pres, date!(2024 - 06 - 30), "")
    );
    assert!(matches!(e, Error::Validation(_)), "{e}");
    mesa::encerrar(&mut tx, &a, pres, date!(2025 - 06 - 30), "Renúncia")
        .await
        .unwrap();
    let vice_id = mesa::membros_do_periodo(&mut tx, p1.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.parlamentar_id == bruno)
        .unwrap()
        .id;
    mesa::encerrar(&mut tx, &a, vice_id, date!(2025 - 06 - 30), "")
        .await
        .unwrap();
    mesa::designar(
        &mut tx,
        &a,
        &membro(p1.id, bruno, cargos[0], date!(2025 - 07 - 01)),
    )
    .await
    .unwrap();
    mesa::designar(
        &mut tx,
        &a,
        &membro(p1.id, davi, cargos[3], date!(2025 - 07 - 01)),
    )
    .await
    .unwrap();
    let antes = mesa::mesa_atual(&mut tx, date!(2025 - 03 - 01))
        .await
        .unwrap();
    assert_eq!(
        antes
            .iter()
            .map(|m| (m.cargo.as_str(), m.nome_parlamentar.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Presidente", "Ana Lúcia"),
            ("Vice-Presidente", "Bruno Dias"),
            ("1º Secretário", "Carla Reis"),
        ]
    );
    assert_eq!(antes[0].partido.as_deref(), Some("PCA"));
    let depois = mesa::mesa_atual(&mut tx, date!(2025 - 08 - 01))
        .await
        .unwrap();
    assert_eq!(
        depois
            .iter()
            .map(|m| (m.cargo.as_str(), m.nome_parlamentar.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Presidente", "Bruno Dias"),
            ("1º Secretário", "Carla Reis"),
            ("2º Secretário", "Davi Melo"),
        ]
    );
    assert_eq!(
        mesa::cargos_vagos(&mut tx, &p1, date!(2025 - 08 - 01))
            .await
            .unwrap()
            .iter()
            .map(|c| c.nome.as_str())
            .collect::<Vec<_>>(),
        ["Vice-Presidente"]
    );
    // The second período starts empty and its warning looks at its first day.
    assert_eq!(
        mesa::cargos_vagos(&mut tx, &p2, date!(2025 - 08 - 01))
            .await
            .unwrap()
            .len(),
        4
    );
    let historico = mesa::historico(&mut tx).await.unwrap();
    assert_eq!(historico.len(), 2);
    assert_eq!(historico[0].periodo.id, p2.id, "latest first");
    assert!(historico[0].membros.is_empty());
    assert_eq!(historico[1].membros.len(), 5, "history kept");
    let ana_cargos = mesa::cargos_mesa_do_parlamentar(&mut tx, ana)
        .await
        .unwrap();
    assert_eq!(ana_cargos.len(), 1);
    assert_eq!(
        (ana_cargos[0].fim, ana_cargos[0].observacao.as_str()),
        (date!(2025 - 06 - 30), "Renúncia")
    );
    assert_eq!(
        mesa::cargos_mesa_do_parlamentar(&mut tx, bruno)
            .await
            .unwrap()
            .len(),
        2
    );
    // A membership entered by mistake can be removed (and the removal is audited).
    mesa::remover(&mut tx, &a, vice_id).await.unwrap();
    assert!(mesa::membro(&mut tx, vice_id).await.unwrap().is_none());
    let audit: Vec<String> = sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'membro_mesa' ORDER BY em, id",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(audit.iter().filter(|a| *a == "designar").count(), 5);
    assert_eq!(audit.iter().filter(|a| *a == "encerrar").count(), 2);
    assert_eq!(audit.last().map(String::as_str), Some("remover"));
    // A período with history stays; an empty one entered by mistake can go.
    let e = recusa!(tx, mesa::remover_periodo(&mut tx, &a, p1.id));
    assert!(e.to_string().contains("não pode ser removido"), "{e}");
    mesa::remover_periodo(&mut tx, &a, p2.id).await.unwrap();
    assert_eq!(mesa::historico(&mut tx).await.unwrap().len(), 1);
    tx.commit().await.unwrap();
}
