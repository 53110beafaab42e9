//! The composition's periods: what lies inside a legislatura or a sessão legislativa stays
//! inside it when the container is edited (`domain::composicao`), and the rules the tables
//! hold come back as the field's message without a second check in Rust.

use store::auditoria::Autor;
use store::composicao::{self as parl, DadosAfastamento, DadosMandato};
use store::sessoes_plenarias::{self as sp, NovaSessao};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::macros::{date, datetime};

fn campo(r: Result<impl std::fmt::Debug, Error>, esperado: &str) -> String {
    match r {
        Err(Error::Validation(v)) => {
            assert_eq!(v.field, esperado, "{}", v.message);
            v.message
        }
        outro => panic!("expected a refusal of {esperado}, got {outro:?}"),
    }
}

#[tokio::test]
async fn a_legislatura_or_sessao_legislativa_cannot_shrink_past_what_lies_inside_it() {
    let env = TestEnv::new().await;
    let t = env.camara("periodos", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let leg = parl::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let (joana, _) = parl::criar_parlamentar(
        &mut tx,
        &a,
        &parl::NovoParlamentar {
            nome_civil: "Joana Maria da Silva".into(),
            nome_parlamentar: "Joana da Saúde".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    parl::criar_mandato(
        &mut tx,
        &a,
        joana,
        leg.id,
        true,
        None,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // The mandato runs to the legislatura's end: the legislatura cannot end before it.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| {
            parl::editar_legislatura(
                tx,
                &a,
                leg.id,
                20,
                date!(2025 - 01 - 01),
                date!(2027 - 12 - 31),
            )
            .await
        })
        .await;
    assert!(campo(r, "inicio").contains("mandatos fora do novo período"));
    // Nothing was kept.
    let l = parl::legislatura(&mut tx, leg.id).await.unwrap().unwrap();
    assert_eq!(l.fim, date!(2028 - 12 - 31));
    drop(tx);

    // A período da Mesa inside it is kept inside too.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let outra = parl::criar_legislatura(
        &mut tx,
        &a,
        21,
        date!(2029 - 01 - 01),
        date!(2032 - 12 - 31),
    )
    .await
    .unwrap();
    store::mesa::criar_periodo(
        &mut tx,
        &a,
        outra.id,
        date!(2029 - 01 - 01),
        date!(2030 - 12 - 31),
        "",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let r = parl::editar_legislatura(
        &mut tx,
        &a,
        outra.id,
        21,
        date!(2030 - 01 - 01),
        date!(2032 - 12 - 31),
    )
    .await;
    assert!(campo(r, "inicio").contains("períodos da Mesa"));
    drop(tx);

    // A sessão plenária inside a sessão legislativa keeps it from shrinking past its day.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let s = parl::criar_sessao_legislativa(
        &mut tx,
        &a,
        leg.id,
        1,
        date!(2025 - 02 - 01),
        date!(2025 - 12 - 22),
    )
    .await
    .unwrap();
    let tipo = sp::criar_tipo(&mut tx, &a, "Sessão de teste", 9)
        .await
        .unwrap();
    sp::criar(
        &mut tx,
        &a,
        &NovaSessao {
            tipo_id: tipo.id,
            inicio: datetime!(2025 - 11 - 04 19:00),
            fim: None,
            local: "Plenário".into(),
            observacoes: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let r = parl::editar_sessao_legislativa(
        &mut tx,
        &a,
        s.id,
        1,
        date!(2025 - 02 - 01),
        date!(2025 - 10 - 31),
    )
    .await;
    assert!(campo(r, "inicio").contains("sessões plenárias fora do novo período"));
    drop(tx);
    // Shrinking to a period that still holds it is fine.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    parl::editar_sessao_legislativa(
        &mut tx,
        &a,
        s.id,
        1,
        date!(2025 - 02 - 01),
        date!(2025 - 11 - 30),
    )
    .await
    .unwrap();
    parl::editar_legislatura(
        &mut tx,
        &a,
        leg.id,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_tables_rules_come_back_as_the_fields_message() {
    let env = TestEnv::new().await;
    let t = env.camara("regras-tabela", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let leg = parl::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let partido = parl::criar_partido(&mut tx, &a, "PCA", "Partido da Câmara", None)
        .await
        .unwrap();
    let (joana, _) = parl::criar_parlamentar(
        &mut tx,
        &a,
        &parl::NovoParlamentar {
            nome_civil: "Joana Maria da Silva".into(),
            nome_parlamentar: "Joana da Saúde".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mandato = parl::criar_mandato(
        &mut tx,
        &a,
        joana,
        leg.id,
        true,
        None,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    // The write behind a savepoint, refused with the field's message.
    macro_rules! recusa {
        ($campo:expr, |$tx:ident| $w:expr) => {{
            let r = tx.tentar(async |$tx| $w.await).await;
            campo(r, $campo)
        }};
    }
    let d = (date!(2029 - 01 - 01), date!(2032 - 12 - 31));
    recusa!("numero", |tx| parl::criar_legislatura(tx, &a, 0, d.0, d.1));
    recusa!("fim", |tx| parl::criar_legislatura(tx, &a, 21, d.1, d.0));
    recusa!("numero", |tx| parl::criar_sessao_legislativa(
        tx,
        &a,
        leg.id,
        0,
        date!(2025 - 02 - 01),
        date!(2025 - 12 - 22)
    ));
    recusa!("fim", |tx| parl::criar_sessao_legislativa(
        tx,
        &a,
        leg.id,
        1,
        date!(2025 - 12 - 22),
        date!(2025 - 02 - 01)
    ));
    recusa!("sigla", |tx| parl::criar_partido(
        tx,
        &a,
        "P",
        "Partido Um",
        None
    ));
    recusa!("nome", |tx| parl::editar_partido(
        tx, &a, partido, "PCA", "PC", None
    ));
    recusa!("numero", |tx| parl::criar_partido(
        tx,
        &a,
        "PCB",
        "Partido Dois",
        Some(100)
    ));
    let negativos = DadosMandato {
        legislatura: leg.id,
        titular: true,
        votos: Some(-1),
        inicio: date!(2025 - 01 - 01),
        fim: date!(2028 - 12 - 31),
    };
    recusa!("votos", |tx| parl::editar_mandato(
        tx, &a, mandato, &negativos
    ));
    let afastamento = |tipo: &str, fim: Option<time::Date>| DadosAfastamento {
        tipo: tipo.into(),
        inicio: date!(2025 - 03 - 01),
        fim,
        suplente: None,
        observacao: String::new(),
    };
    let ferias = afastamento("ferias", None);
    recusa!("tipo", |tx| parl::criar_afastamento(
        tx, &a, mandato, &ferias
    ));
    let ao_contrario = afastamento("outro", Some(date!(2025 - 02 - 01)));
    recusa!("fim", |tx| parl::criar_afastamento(
        tx,
        &a,
        mandato,
        &ao_contrario
    ));
    let m = recusa!("fim", |tx| parl::filiar(
        tx,
        &a,
        joana,
        partido,
        date!(2025 - 01 - 01),
        Some(date!(2025 - 01 - 01))
    ));
    assert_eq!(m, "A data de desfiliação deve ser posterior à de filiação.");
    let m = recusa!("url", |tx| parl::adicionar_rede(
        tx,
        &a,
        joana,
        "instagram",
        "http://inseguro.example"
    ));
    assert!(m.starts_with("O endereço deve começar com https://"), "{m}");
    recusa!("rede", |tx| parl::adicionar_rede(
        tx,
        &a,
        joana,
        "orkut",
        "https://orkut.example/joana"
    ));
    // The lengths of the parlamentar's form are the table's: nome civil too short.
    let curto = store::composicao::DadosParlamentar {
        nome_civil: "Jo".into(),
        nome_parlamentar: "Joana da Saúde".into(),
        ..Default::default()
    };
    recusa!("nome_civil", |tx| parl::editar_parlamentar(
        tx, &a, joana, &curto
    ));
}
