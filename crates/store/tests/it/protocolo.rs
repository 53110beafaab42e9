//! Protocolo: gapless numbering under concurrency, annulment keeping the number, records
//! that cannot be rewritten; the proposição eletrônica's author scoping and reception.

use std::collections::BTreeSet;

use domain::protocolo::TipoInteressado;
use store::auditoria::Autor;
use store::eletronica::{self, RascunhoForm};
use store::protocolo::{self, DocumentoNovo, Filtro, NovoProtocolo};
use store::{Access, TenantTx};
use testkit::TestEnv;

fn novo(assunto: &str) -> NovoProtocolo {
    NovoProtocolo {
        tipo_documento: "Ofício".into(),
        interessado_nome: "Prefeitura Municipal".into(),
        interessado_email: String::new(),
        interessado_tipo: TipoInteressado::Executivo,
        assunto: assunto.into(),
    }
}

#[tokio::test]
async fn protocolo_numbers_have_no_gap_nor_duplicate_under_100_concurrent_registrations() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-num", "pool").await;
    let tasks = (0..100).map(|i| {
        let (store, t) = (env.store.clone(), t.clone());
        async move {
            let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
            let p = protocolo::registrar(
                &mut tx,
                &Autor::cli("teste"),
                &novo(&format!("Documento {i}")),
                &[],
            )
            .await
            .unwrap();
            if i % 10 == 0 {
                tx.rollback().await.unwrap();
                None
            } else {
                tx.commit().await.unwrap();
                Some((p.numero, p.codigo))
            }
        }
    });
    let got: Vec<(i32, String)> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .flatten()
        .collect();
    let numeros: BTreeSet<i32> = got.iter().map(|(n, _)| *n).collect();
    assert_eq!(numeros.len(), got.len(), "duplicates: {got:?}");
    assert_eq!(numeros, (1..=90).collect::<BTreeSet<_>>(), "gaps: {got:?}");
    let codigos: BTreeSet<&String> = got.iter().map(|(_, c)| c).collect();
    assert_eq!(codigos.len(), 90, "every code is different");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (lista, total) = protocolo::listar(&mut tx, &Filtro::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(total, 90);
    assert_eq!(lista[0].numero, 90, "newest first");
}

#[tokio::test]
async fn an_annulled_protocolo_keeps_its_number_and_nothing_is_rewritten() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-anul", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let doc = DocumentoNovo {
        nome_arquivo: "../oficio.pdf".into(),
        arquivo_key: format!("camaras/{}/protocolo/x.pdf", t.id),
        content_type: "application/pdf".into(),
        tamanho: 10,
        sha256: protocolo::sha256_hex(b"%PDF-1.4 x"),
    };
    let p1 = protocolo::registrar(&mut tx, &autor, &novo("Primeiro"), &[doc])
        .await
        .unwrap();
    let p2 = protocolo::registrar(&mut tx, &autor, &novo("Segundo"), &[])
        .await
        .unwrap();
    assert_eq!((p1.numero, p2.numero), (1, 2));
    let docs = protocolo::documentos(&mut tx, p1.id).await.unwrap();
    assert_eq!(docs[0].nome_arquivo, "oficio.pdf");
    assert_eq!(docs[0].sha256.len(), 64);
    // Too short a motivo is refused; a good one annuls, once.
    assert!(
        protocolo::anular(&mut tx, &autor, p1.id, "x")
            .await
            .is_err()
    );
    let a = protocolo::anular(&mut tx, &autor, p1.id, "Registrado em duplicidade")
        .await
        .unwrap();
    assert!(a.anulado());
    assert_eq!(a.numero, 1);
    let again = tx
        .tentar(async |tx| protocolo::anular(tx, &autor, p1.id, "De novo").await)
        .await;
    assert!(matches!(again, Err(store::Error::Conflict(_))), "{again:?}");
    // The next one is 3: the annulled number stays taken.
    let p3 = protocolo::registrar(&mut tx, &autor, &novo("Terceiro"), &[])
        .await
        .unwrap();
    assert_eq!(p3.numero, 3);
    // The database refuses rewriting a record, and deleting one.
    let tenant = tx.tenant_id();
    let r = tx
        .tentar(async |tx| {
            sqlx::query(
                "UPDATE app.protocolo SET assunto = 'Outro' WHERE tenant_id = $1 AND id = $2",
            )
            .bind(tenant)
            .bind(p2.id)
            .execute(tx.conn())
            .await
            .map_err(store::infra::recusas::mapear)
        })
        .await;
    assert!(matches!(r, Err(store::Error::Conflict(_))), "{r:?}");
    let r = tx
        .tentar(async |tx| {
            sqlx::query("DELETE FROM app.protocolo WHERE tenant_id = $1 AND id = $2")
                .bind(tenant)
                .bind(p2.id)
                .execute(tx.conn())
                .await
                .map_err(store::Error::from)
        })
        .await;
    assert!(r.is_err(), "the application role cannot delete a protocolo");
    let (_, total) = protocolo::listar(
        &mut tx,
        &Filtro {
            texto: Some("segun".into()),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    assert_eq!(total, 1);
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_draft_is_its_authors_and_receiving_it_makes_protocolo_and_proposicao() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-elet", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let mut parl = Vec::new();
    for nome in ["Ana Autora", "Beto Coautor"] {
        let (id, _) = store::composicao::criar_parlamentar(
            &mut tx,
            &autor,
            &store::composicao::NovoParlamentar {
                nome_civil: nome.into(),
                nome_parlamentar: nome.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        parl.push(id);
    }
    let tipos = eletronica::tipos(&mut tx).await.unwrap();
    let pl = tipos.iter().find(|(_, s, _)| s == "PL").unwrap().0;
    let f = RascunhoForm {
        tipo_id: Some(pl),
        ementa: "Institui a semana municipal da leitura.".into(),
        texto: "Art. 1º Fica instituída…".into(),
        justificativa: "A leitura importa.".into(),
        coautores: vec![parl[1], parl[0]],
    };
    let r = eletronica::criar(&mut tx, &autor, parl[0], &f)
        .await
        .unwrap();
    // The other parlamentar neither sees nor changes it.
    assert!(
        eletronica::do_autor(&mut tx, parl[1], r.id)
            .await
            .unwrap()
            .is_none()
    );
    let alheio = tx
        .tentar(async |tx| eletronica::salvar(tx, &autor, parl[1], r.id, &f).await)
        .await;
    assert!(
        matches!(alheio, Err(store::Error::NotFound(_))),
        "{alheio:?}"
    );
    assert_eq!(
        eletronica::do_autor_lista(&mut tx, parl[1], 10, 0)
            .await
            .unwrap()
            .1,
        0
    );
    // Not yet sent: the protocolo cannot receive it.
    let cedo = tx
        .tentar(async |tx| eletronica::receber(tx, &autor, r.id).await)
        .await;
    assert!(matches!(cedo, Err(store::Error::Conflict(_))), "{cedo:?}");
    eletronica::enviar(&mut tx, &autor, parl[0], r.id)
        .await
        .unwrap();
    let (p, criada) = eletronica::receber(&mut tx, &autor, r.id).await.unwrap();
    assert_eq!(criada.identificacao(), format!("PL 1/{}", p.ano));
    assert_eq!(p.proposicao_id, Some(criada.id));
    let r = eletronica::do_autor(&mut tx, parl[0], r.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.situacao, "recebida");
    assert_eq!(r.proposicao_id, Some(criada.id));
    // Autores: the author first, then the coautor (the author listed as coautor is not doubled).
    let tenant = tx.tenant_id();
    let autores: Vec<(uuid::Uuid, bool)> = sqlx::query_as(
        "SELECT parlamentar_id, primeiro FROM app.proposicao_autor
          WHERE tenant_id = $1 AND proposicao_id = $2 ORDER BY ordem",
    )
    .bind(tenant)
    .bind(criada.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(autores, vec![(parl[0], true), (parl[1], false)]);
    let (minhas, _) = eletronica::proposicoes_do_parlamentar(&mut tx, parl[1], 10, 0)
        .await
        .unwrap();
    assert_eq!(minhas.len(), 1);
    assert_eq!(
        minhas[0].protocolo_numero.as_deref(),
        Some(p.numero_ano().as_str())
    );
    // Received: no longer editable, nor returnable.
    let tarde = tx
        .tentar(async |tx| eletronica::devolver(tx, &autor, r.id, "Motivo qualquer").await)
        .await;
    assert!(matches!(tarde, Err(store::Error::Conflict(_))), "{tarde:?}");
    tx.commit().await.unwrap();
}
