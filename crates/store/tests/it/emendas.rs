//! Emendas, subemendas and substitutivos: numbered within their mãe, a subemenda belongs to
//! an emenda of the same mãe, the substitutivo replaces the text when approved, the redação
//! final is a version, and a parecer "favorável com emendas" names emendas of its proposição.

use domain::comissoes::Conclusao;
use domain::emendas::TipoEmenda;
use store::comissoes::{self, pareceres, relatoria};
use store::proposicoes;
use store::proposicoes::emendas::{self, NovaEmenda};
use store::{Access, TenantTx};
use testkit::TestEnv;
use time::macros::date;
use uuid::Uuid;

use super::comissoes_trabalho::{cenario, distribuicao_de, nova, parecer, relator, texto_de, tipo};

fn emenda(
    mae_id: Uuid,
    tipo_id: Uuid,
    tipo_emenda: TipoEmenda,
    emenda_id: Option<Uuid>,
) -> NovaEmenda {
    NovaEmenda {
        mae_id,
        tipo_id,
        tipo_emenda,
        emenda_id,
        dispositivo: "art. 3º, § 2º".into(),
        ementa: "Altera a redação do art. 3º do projeto.".into(),
        texto: "Art. 1º Texto do substitutivo.".into(),
        justificativa: String::new(),
        apresentada_em: date!(2026 - 03 - 20),
        autores: nova(mae_id, None).autores,
    }
}

#[tokio::test]
async fn emendas_are_numbered_within_their_mae_and_a_subemenda_belongs_to_an_emenda() {
    let env = TestEnv::new().await;
    let t = env.camara("com-emendas", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let a = &c.autor;
    let (pl, eme, sub, subs) = (
        tipo(&mut tx, "PL").await,
        tipo(&mut tx, "EME").await,
        tipo(&mut tx, "SUB").await,
        tipo(&mut tx, "SUBS").await,
    );
    let outra = proposicoes::criar(&mut tx, a, &nova(pl, None))
        .await
        .unwrap()
        .id;
    let mut numeros = Vec::new();
    for mae in [c.pl, c.pl, c.pl, outra] {
        let e = emendas::criar_emenda(&mut tx, a, &emenda(mae, eme, TipoEmenda::Aditiva, None))
            .await
            .unwrap();
        numeros.push(e.numero);
    }
    assert_eq!(numeros, [1, 2, 3, 1]);
    let lista = emendas::emendas_da_proposicao(&mut tx, c.pl).await.unwrap();
    assert_eq!(lista.len(), 3);
    assert_eq!(lista[1].titulo(), "Emenda nº 2");
    assert_eq!(lista[1].dispositivo, "art. 3º, § 2º");
    let e2 = lista[1].id;
    let da_outra = emendas::emendas_da_proposicao(&mut tx, outra)
        .await
        .unwrap()[0]
        .id;

    let s = emendas::criar_emenda(
        &mut tx,
        a,
        &emenda(c.pl, sub, TipoEmenda::Modificativa, Some(e2)),
    )
    .await
    .unwrap();
    assert_eq!(s.numero, 1);
    let st = emendas::criar_emenda(
        &mut tx,
        a,
        &emenda(c.pl, subs, TipoEmenda::Substitutiva, None),
    )
    .await
    .unwrap();
    assert_eq!(st.numero, 1);
    let lista = emendas::emendas_da_proposicao(&mut tx, c.pl).await.unwrap();
    let titulos: Vec<String> = lista.iter().map(|e| e.titulo()).collect();
    assert_eq!(
        titulos,
        [
            "Substitutivo nº 1",
            "Emenda nº 1",
            "Emenda nº 2",
            "Subemenda nº 1 à Emenda nº 2",
            "Emenda nº 3"
        ]
    );
    let o_substitutivo = lista[0].id;
    let a_subemenda = lista[3].id;
    // A subemenda without its emenda, to another mãe's emenda, to a subemenda or to a
    // substitutivo; an emenda with one; a substitutivo not substitutiva; an emenda of an
    // emenda: each refused, and nothing numbered.
    let casos = [
        (emenda(c.pl, sub, TipoEmenda::Aditiva, None), "emenda_id"),
        (
            emenda(c.pl, sub, TipoEmenda::Aditiva, Some(da_outra)),
            "emenda_id",
        ),
        (
            emenda(c.pl, sub, TipoEmenda::Aditiva, Some(a_subemenda)),
            "emenda_id",
        ),
        (
            emenda(c.pl, sub, TipoEmenda::Aditiva, Some(o_substitutivo)),
            "emenda_id",
        ),
        (
            emenda(c.pl, eme, TipoEmenda::Aditiva, Some(e2)),
            "emenda_id",
        ),
        (emenda(c.pl, subs, TipoEmenda::Aditiva, None), "tipo_emenda"),
        (emenda(s.id, eme, TipoEmenda::Aditiva, None), "mae_id"),
        (emenda(c.pl, pl, TipoEmenda::Aditiva, None), "tipo_id"),
    ];
    for (n, campo) in casos {
        let r = tx
            .tentar(async |tx| emendas::criar_emenda(tx, a, &n).await)
            .await;
        assert!(
            matches!(&r, Err(store::Error::Validation(v)) if v.field == campo),
            "{campo}: {r:?}"
        );
    }
    assert_eq!(
        emendas::emendas_da_proposicao(&mut tx, c.pl)
            .await
            .unwrap()
            .len(),
        5
    );
    let e = emendas::criar_emenda(&mut tx, a, &emenda(c.pl, eme, TipoEmenda::Supressiva, None))
        .await
        .unwrap();
    assert_eq!(e.numero, 4, "no number was lost to the refusals");
}

#[tokio::test]
async fn an_approved_substitutivo_replaces_the_text_and_the_redacao_final_is_a_version() {
    let env = TestEnv::new().await;
    let t = env.camara("com-subst", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let a = &c.autor;
    let (eme, subs) = (tipo(&mut tx, "EME").await, tipo(&mut tx, "SUBS").await);
    emendas::criar_emenda(&mut tx, a, &emenda(c.pl, eme, TipoEmenda::Aditiva, None))
        .await
        .unwrap();
    emendas::criar_emenda(
        &mut tx,
        a,
        &emenda(c.pl, subs, TipoEmenda::Substitutiva, None),
    )
    .await
    .unwrap();
    let lista = emendas::emendas_da_proposicao(&mut tx, c.pl).await.unwrap();
    let (st, em) = (lista[0].id, lista[1].id);
    emendas::registrar_parecer(&mut tx, a, em, false, "Inoportuna.")
        .await
        .unwrap();
    let s = emendas::registrar_resultado(&mut tx, a, em, false)
        .await
        .unwrap();
    assert_eq!(s.as_str(), "rejeitada");
    assert_eq!(texto_de(&mut tx, c.pl).await, "Art. 1º Texto original.");
    assert!(emendas::textos(&mut tx, c.pl).await.unwrap().is_empty());

    let s = emendas::registrar_resultado(&mut tx, a, st, true)
        .await
        .unwrap();
    assert_eq!(s.as_str(), "aprovada");
    let e = emendas::emenda(&mut tx, st).await.unwrap().unwrap();
    assert_eq!(e.resultado_label(), "Aprovada");
    assert_eq!(
        texto_de(&mut tx, c.pl).await,
        "Art. 1º Texto do substitutivo."
    );
    let v = emendas::textos(&mut tx, c.pl).await.unwrap();
    assert_eq!(
        v.iter()
            .map(|v| (v.versao, v.tipo.as_str()))
            .collect::<Vec<_>>(),
        [(2, "substitutivo"), (1, "original")]
    );
    assert_eq!(v[1].texto, "Art. 1º Texto original.");
    assert_eq!(v[0].origem_id, Some(e.proposicao_id));
    // Its result is recorded once.
    let r = tx
        .tentar(async |tx| emendas::registrar_resultado(tx, a, st, false).await)
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");

    let n = emendas::redacao_final(&mut tx, a, c.pl, "Art. 1º Redação final aprovada.")
        .await
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(
        texto_de(&mut tx, c.pl).await,
        "Art. 1º Redação final aprovada."
    );
    assert_eq!(
        emendas::textos(&mut tx, c.pl).await.unwrap()[0].tipo,
        "redacao_final"
    );
    // The versions are never rewritten by the application.
    let r = tx
        .tentar(async |tx| {
            let tenant = tx.tenant_id();
            sqlx::query("UPDATE app.proposicao_texto SET texto = 'x' WHERE tenant_id = $1")
                .bind(tenant)
                .execute(tx.conn())
                .await?;
            Ok(())
        })
        .await;
    assert!(r.is_err());
    // Of an emenda there is no redação final.
    let r = tx
        .tentar(async |tx| {
            emendas::redacao_final(tx, a, e.proposicao_id, "Texto qualquer aqui.").await
        })
        .await;
    assert!(
        matches!(&r, Err(store::Error::Validation(v)) if v.field == "texto"),
        "{r:?}"
    );
}

#[tokio::test]
async fn a_parecer_favoravel_com_emendas_names_emendas_of_its_proposicao() {
    let env = TestEnv::new().await;
    let t = env.camara("com-comemendas", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let c = cenario(&mut tx).await;
    let a = &c.autor;
    let (pl, eme) = (tipo(&mut tx, "PL").await, tipo(&mut tx, "EME").await);
    let outra = proposicoes::criar(&mut tx, a, &nova(pl, None))
        .await
        .unwrap()
        .id;
    emendas::criar_emenda(&mut tx, a, &emenda(c.pl, eme, TipoEmenda::Aditiva, None))
        .await
        .unwrap();
    emendas::criar_emenda(&mut tx, a, &emenda(outra, eme, TipoEmenda::Aditiva, None))
        .await
        .unwrap();
    let minha = emendas::emendas_da_proposicao(&mut tx, c.pl).await.unwrap()[0].id;
    let alheia = emendas::emendas_da_proposicao(&mut tx, outra)
        .await
        .unwrap()[0]
        .id;
    comissoes::distribuir(&mut tx, a, c.pl, &[c.cj], date!(2026 - 03 - 31), "À CJ.")
        .await
        .unwrap();
    let d = distribuicao_de(&mut tx, c.pl, c.cj).await;
    relatoria::designar_relator(
        &mut tx,
        a,
        &relator(d, c.membros_cj[0], date!(2026 - 04 - 01)),
    )
    .await
    .unwrap();
    for (conclusao, emendas) in [
        (Conclusao::FavoravelComEmendas, vec![]),
        (Conclusao::FavoravelComEmendas, vec![alheia]),
        (Conclusao::Favoravel, vec![minha]),
    ] {
        let mut n = parecer(d, conclusao);
        n.emendas = emendas;
        let r = tx
            .tentar(async |tx| pareceres::apresentar(tx, a, &n).await)
            .await;
        assert!(
            matches!(&r, Err(store::Error::Validation(v)) if v.field == "emendas"),
            "{r:?}"
        );
    }
    let mut n = parecer(d, Conclusao::FavoravelComEmendas);
    n.emendas = vec![minha];
    let p = pareceres::apresentar(&mut tx, a, &n).await.unwrap();
    let e = emendas::emenda(&mut tx, minha).await.unwrap().unwrap();
    assert_eq!(e.parecer_id, Some(p));
    // Emendas go with the principal: distributing one is refused.
    let r = tx
        .tentar(async |tx| {
            comissoes::distribuir(
                tx,
                a,
                e.proposicao_id,
                &[c.cj],
                date!(2026 - 04 - 01),
                "À CJ.",
            )
            .await
        })
        .await;
    assert!(
        matches!(&r, Err(store::Error::Validation(v)) if v.field == "comissoes"),
        "{r:?}"
    );
}
