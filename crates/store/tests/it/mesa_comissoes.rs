//! Database rules of the mesa diretora and the comissões: every refusal with its message,
//! history kept, the defaults of a new câmara.

use store::auditoria::Autor;
use store::comissoes::{self, DadosComissao, NovoMembroComissao};
use store::composicao::{self, NovoParlamentar};
use store::infra::catalog::Tenant;
use store::mesa::{self, NovoMembroMesa};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::Date;
use time::macros::date;
use uuid::Uuid;

/// Runs a write that must fail inside a savepoint (so the transaction goes on) and returns
/// its error.
macro_rules! recusa {
    ($tx:expr, $op:expr) => {{
        sqlx::query("SAVEPOINT recusa")
            .execute($tx.conn())
            .await
            .unwrap();
        let r = $op.await;
        sqlx::query("ROLLBACK TO SAVEPOINT recusa")
            .execute($tx.conn())
            .await
            .unwrap();
        match r {
            Ok(_) => panic!("a escrita deveria ter sido recusada"),
            Err(e) => e,
        }
    }};
}

struct Cenario {
    legislatura: Uuid,
    /// Parlamentares with a mandato for the whole legislatura.
    com_mandato: Vec<Uuid>,
    /// One with a mandato only in 2025.
    curto: Uuid,
    /// One without any mandato.
    sem_mandato: Uuid,
}

async fn cenario(tx: &mut TenantTx) -> Cenario {
    let a = Autor::cli("t");
    let leg =
        composicao::criar_legislatura(tx, &a, 20, date!(2025 - 01 - 01), date!(2028 - 12 - 31))
            .await
            .unwrap();
    let pt = composicao::criar_partido(tx, &a, "PCA", "Partido da Câmara", None)
        .await
        .unwrap();
    let mut criar = async |nome: &str, mandato: Option<(Date, Date)>| {
        let (id, _) = composicao::criar_parlamentar(
            tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("{nome} da Silva"),
                nome_parlamentar: nome.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::filiar(tx, &a, id, pt, date!(2020 - 01 - 01), None)
            .await
            .unwrap();
        if let Some((i, f)) = mandato {
            composicao::criar_mandato(tx, &a, id, leg.id, true, None, i, f)
                .await
                .unwrap();
        }
        id
    };
    let inteiro = Some((date!(2025 - 01 - 01), date!(2028 - 12 - 31)));
    let mut com_mandato = Vec::new();
    for nome in ["Ana Lúcia", "Bruno Dias", "Carla Reis", "Davi Melo"] {
        com_mandato.push(criar(nome, inteiro).await);
    }
    let curto = criar(
        "Edu Curto",
        Some((date!(2025 - 01 - 01), date!(2025 - 12 - 31))),
    )
    .await;
    let sem_mandato = criar("Fábio Sem", None).await;
    Cenario {
        legislatura: leg.id,
        com_mandato,
        curto,
        sem_mandato,
    }
}

async fn cargo(tx: &mut TenantTx, nome: &str) -> Uuid {
    mesa::cargos(tx, true)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.nome == nome)
        .unwrap()
        .id
}

fn membro(periodo: Uuid, parlamentar: Uuid, cargo: Uuid, inicio: Date) -> NovoMembroMesa {
    NovoMembroMesa {
        periodo_id: periodo,
        parlamentar_id: parlamentar,
        cargo_id: cargo,
        inicio,
        fim: None,
        observacao: String::new(),
    }
}

async fn begin(env: &TestEnv, t: &Tenant) -> TenantTx {
    TenantTx::begin(&env.store, t, Access::Write).await.unwrap()
}

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

fn dados(tipo: &str, nome: &str, sigla: &str) -> DadosComissao {
    DadosComissao {
        tipo: tipo.into(),
        nome: nome.into(),
        sigla: sigla.into(),
        finalidade: "Opinar sobre a **constitucionalidade** das proposições.".into(),
        criacao: date!(2025 - 02 - 01),
        prazo: None,
    }
}

fn designacao(comissao: Uuid, parlamentar: Uuid, cargo: &str, dia: Date) -> NovoMembroComissao {
    NovoMembroComissao {
        comissao_id: comissao,
        parlamentar_id: parlamentar,
        cargo: cargo.into(),
        titular: true,
        designacao: dia,
    }
}

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

fn dados_de(c: &comissoes::Comissao) -> DadosComissao {
    DadosComissao {
        tipo: c.tipo.clone(),
        nome: c.nome.clone(),
        sigla: c.sigla.clone(),
        finalidade: c.finalidade.clone(),
        criacao: c.criacao,
        prazo: c.prazo,
    }
}
