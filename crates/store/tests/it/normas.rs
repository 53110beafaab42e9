//! Normas: numbering from the tipo's counter (continuous or per year, gapless), the text
//! stored as dispositivos and read back as the same tree, vínculos checked against the
//! altered norma's text, the compiled text and the derived situação from the database.

use std::collections::BTreeSet;

use domain::normas::{Estado, Situacao, TipoVinculo};
use store::auditoria::Autor;
use store::normas::{self, Filtro, NovoVinculo};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::normas::{dados, tipo};
use time::macros::date;

const TEXTO: &str = "LEI Nº …\nDispõe sobre o conselho.\nCAPÍTULO I\nDO CONSELHO\n\
Art. 1º Fica criado o Conselho Municipal de Cultura.\nArt. 2º O Conselho terá:\n\
I – três membros do Executivo;\nII – três membros da sociedade civil, sendo:\n\
a) um de associação cultural;\nb) um de universidade.\nParágrafo único. O mandato é de dois anos.\n\
Art. 3º Esta Lei entra em vigor na data de sua publicação.";

#[tokio::test]
async fn numbers_per_tipo_gapless_continuous_or_per_year() {
    let env = TestEnv::new().await;
    let t = env.camara("norma-num", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (lo, res) = (tipo(&mut tx, "LO").await, tipo(&mut tx, "RES").await);
    tx.commit().await.unwrap();
    let tasks = (0..30).map(|i| {
        let (store, t, autor) = (env.store.clone(), t.clone(), autor.clone());
        async move {
            let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
            let d = dados(
                lo,
                format!("Ementa da lei número {i}"),
                TEXTO.into(),
                date!(2025 - 01 - 10),
            );
            let id = normas::criar(&mut tx, &autor, &d).await.unwrap();
            let n = normas::norma(&mut tx, id).await.unwrap().unwrap();
            if i % 5 == 0 {
                tx.rollback().await.unwrap();
                None
            } else {
                tx.commit().await.unwrap();
                Some(n.numero)
            }
        }
    });
    let got: BTreeSet<i32> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(got, (1..=24).collect::<BTreeSet<_>>());

    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    // Continuous: a lei of the next year goes on; a resolução starts again each year.
    let d = dados(
        lo,
        "Ementa de uma lei do ano seguinte".into(),
        TEXTO.into(),
        date!(2026 - 01 - 02),
    );
    let id = normas::criar(&mut tx, &autor, &d).await.unwrap();
    assert_eq!(
        normas::norma(&mut tx, id).await.unwrap().unwrap().numero,
        25
    );
    for (ano, esperado) in [(2025, 1), (2025, 2), (2026, 1)] {
        let d = dados(
            res,
            "Ementa de uma resolução".into(),
            TEXTO.into(),
            time::Date::from_calendar_date(ano, time::Month::March, 1).unwrap(),
        );
        let id = normas::criar(&mut tx, &autor, &d).await.unwrap();
        assert_eq!(
            normas::norma(&mut tx, id).await.unwrap().unwrap().numero,
            esperado
        );
    }
    // A number given by hand (an old lei) moves the counter past it; a repeated one is refused.
    let mut d = dados(
        lo,
        "Uma lei antiga numerada à mão".into(),
        TEXTO.into(),
        date!(2026 - 02 - 01),
    );
    d.numero = Some(100);
    normas::criar(&mut tx, &autor, &d).await.unwrap();
    let r = tx
        .tentar(async |tx| normas::criar(tx, &autor, &d).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("já foi usado")),
        "{r:?}"
    );
    d.numero = None;
    let id = normas::criar(&mut tx, &autor, &d).await.unwrap();
    assert_eq!(
        normas::norma(&mut tx, id).await.unwrap().unwrap().numero,
        101
    );
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_text_is_stored_as_dispositivos_and_compiled_from_vinculos() {
    let env = TestEnv::new().await;
    let t = env.camara("norma-texto", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let lo = tipo(&mut tx, "LO").await;
    let a = normas::criar(
        &mut tx,
        &autor,
        &dados(
            lo,
            "Cria o conselho de cultura".into(),
            TEXTO.into(),
            date!(2020 - 02 - 01),
        ),
    )
    .await
    .unwrap();
    let na = normas::norma(&mut tx, a).await.unwrap().unwrap();
    let lido = normas::consultas::texto(&mut tx, &na).await.unwrap();
    assert_eq!(lido, domain::normas::parse(TEXTO).unwrap());
    assert_eq!(na.identificacao(), "Lei Ordinária nº 1/2020");

    // A bad text is refused with every wrong line, and nothing is written.
    let ruim = dados(
        lo,
        "Uma lei com texto ruim".into(),
        "I – solto\nArt. 1º Bom.\na) perdida".into(),
        date!(2021 - 01 - 01),
    );
    let r = tx
        .tentar(async |tx| normas::criar(tx, &autor, &ruim).await)
        .await;
    let Err(Error::Validation(e)) = r else {
        panic!("{r:?}")
    };
    assert!(
        e.message.contains("Linha 1") && e.message.contains("Linha 3"),
        "{}",
        e.message
    );

    let mut leis = Vec::new();
    for (ano, n) in [(2021, "B"), (2022, "C"), (2023, "D")] {
        let d = dados(
            lo,
            format!("Altera a lei do conselho, lei {n}"),
            "Art. 1º Altera.\nArt. 2º Vigência.".into(),
            time::Date::from_calendar_date(ano, time::Month::January, 10).unwrap(),
        );
        leis.push(normas::criar(&mut tx, &autor, &d).await.unwrap());
    }
    let v = |tipo, d: &str, novo: &str, vig| NovoVinculo {
        alvo_id: a,
        tipo,
        dispositivo: Some(d.to_owned()),
        texto_novo: novo.to_owned(),
        vigencia: vig,
        observacao: String::new(),
    };
    normas::vinculos::adicionar(
        &mut tx,
        &autor,
        leis[0],
        &v(
            TipoVinculo::Altera,
            "art1",
            "Art. 1º Fica criado o Conselho de Cultura e Turismo.",
            date!(2021 - 02 - 01),
        ),
    )
    .await
    .unwrap();
    normas::vinculos::adicionar(
        &mut tx,
        &autor,
        leis[1],
        &v(
            TipoVinculo::Acrescenta,
            "art2_inc3",
            "III – um membro da Câmara.",
            date!(2022 - 02 - 01),
        ),
    )
    .await
    .unwrap();
    normas::vinculos::adicionar(
        &mut tx,
        &autor,
        leis[2],
        &v(
            TipoVinculo::Revoga,
            "art2_inc2_ali2",
            "",
            date!(2023 - 02 - 01),
        ),
    )
    .await
    .unwrap();
    // A dispositivo that does not exist is refused by the field.
    let r = tx
        .tentar(async |tx| {
            normas::vinculos::adicionar(
                tx,
                &autor,
                leis[2],
                &v(TipoVinculo::Revoga, "art9", "", date!(2023 - 02 - 01)),
            )
            .await
        })
        .await;
    let Err(Error::Validation(e)) = r else {
        panic!("{r:?}")
    };
    assert_eq!(e.field, "dispositivo");

    let c = normas::consultas::compilado(&mut tx, &na, None)
        .await
        .unwrap();
    assert_eq!(
        c.linha("art1").unwrap().texto,
        "Fica criado o Conselho de Cultura e Turismo."
    );
    assert_eq!(c.linha("art1").unwrap().anteriores.len(), 1);
    assert!(c.linha("art2_inc3").is_some());
    let ali2 = c.linha("art2_inc2_ali2").unwrap();
    assert_eq!(ali2.estado, Estado::Revogado);
    assert_eq!(ali2.marcas[0].origem.rotulo, "Lei Ordinária nº 4/2023");
    let em_2021 = normas::consultas::compilado(&mut tx, &na, Some(date!(2021 - 12 - 31)))
        .await
        .unwrap();
    assert!(em_2021.linha("art2_inc3").is_none());
    assert_eq!(
        em_2021.linha("art2_inc2_ali2").unwrap().estado,
        Estado::Vigente
    );

    assert_eq!(
        normas::consultas::situacao(&mut tx, &na, date!(2022 - 06 - 01))
            .await
            .unwrap(),
        Situacao::Vigente
    );
    assert_eq!(
        normas::consultas::situacao(&mut tx, &na, date!(2024 - 01 - 01))
            .await
            .unwrap(),
        Situacao::RevogadaParcialmente
    );

    // Both directions.
    let recebidos = normas::vinculos::recebidos(&mut tx, a).await.unwrap();
    assert_eq!(recebidos.len(), 3);
    let feitos = normas::vinculos::feitos(&mut tx, leis[2]).await.unwrap();
    assert_eq!(feitos.len(), 1);
    assert_eq!(feitos[0].outra, "Lei Ordinária nº 1/2020");

    // The search: text in Portuguese (plural, no accents), tipo, ano, 20 per page.
    let (achadas, total) = normas::buscar(
        &mut tx,
        &Filtro {
            texto: Some("conselhos".into()),
            ..Default::default()
        },
        1,
    )
    .await
    .unwrap();
    assert_eq!(total, 4, "{achadas:?}");
    let (_, total) = normas::buscar(
        &mut tx,
        &Filtro {
            ano: Some(2020),
            tipo_id: Some(lo),
            ..Default::default()
        },
        1,
    )
    .await
    .unwrap();
    assert_eq!(total, 1);
    let (_, total) = normas::buscar(
        &mut tx,
        &Filtro {
            numero: Some(3),
            ..Default::default()
        },
        1,
    )
    .await
    .unwrap();
    assert_eq!(total, 1);
    tx.commit().await.unwrap();
}
