//! Database rules of conteudo: notícias (slugs, drafts, scheduling, search) and páginas
//! institucionais (defaults, attachments).

use store::auditoria::Autor;
use store::conteudo::noticias::{self, FiltroPublico, NoticiaForm, Publicacao};
use store::conteudo::paginas::{self, NovoAnexo};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;

fn form(titulo: &str, publicacao: Publicacao) -> NoticiaForm {
    NoticiaForm {
        titulo: titulo.into(),
        slug: String::new(),
        resumo: "Resumo da notícia.".into(),
        corpo: "Texto da notícia.".into(),
        categoria: "legislativo".into(),
        tags: "orçamento, saúde".into(),
        capa_alt: String::new(),
        publicacao,
    }
}

#[tokio::test]
async fn slugs_are_unique_per_camara_with_a_clear_message() {
    let env = TestEnv::new().await;
    let t = env.camara("not-slug", "pool").await;
    let outra = env.camara("not-slug-b", "pool").await;
    let a = Autor::cli("t");
    let v = form("Câmara aprova orçamento de 2027", Publicacao::Agora)
        .validar(false)
        .unwrap();
    assert_eq!(v.slug, "camara-aprova-orcamento-de-2027");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    noticias::criar(&mut tx, &a, &v, None).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    match noticias::criar(&mut tx, &a, &v, None).await {
        Err(Error::Validation(e)) => {
            assert_eq!(e.field, "slug");
            assert!(e.message.contains("Já existe uma notícia"), "{}", e.message);
        }
        other => panic!("expected a slug conflict, got {other:?}"),
    }
    drop(tx);
    // Another câmara may use the same slug.
    let mut tx = TenantTx::begin(&env.store, &outra, Access::Write)
        .await
        .unwrap();
    noticias::criar(&mut tx, &a, &v, None).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn validation_messages_are_in_portuguese() {
    let mut f = form("", Publicacao::Agora);
    f.categoria = "futebol".into();
    let erros = f.validar(true).unwrap_err();
    let campos: Vec<_> = erros.iter().map(|e| e.field).collect();
    assert!(campos.contains(&"titulo"), "{erros:?}");
    assert!(campos.contains(&"categoria"), "{erros:?}");
    assert!(campos.contains(&"capa_alt"), "{erros:?}");
    assert!(
        erros
            .iter()
            .any(|e| e.message == "Escolha uma categoria da lista.")
    );
}

#[tokio::test]
async fn the_database_refuses_a_cover_without_alt_text() {
    let env = TestEnv::new().await;
    let t = env.camara("not-alt", "pool").await;
    let a = Autor::cli("t");
    // Validated without a cover, then given one: the database still refuses it.
    let v = form("Notícia com capa", Publicacao::Agora)
        .validar(false)
        .unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let r = noticias::criar(&mut tx, &a, &v, Some("camaras/1/noticias/x.jpg")).await;
    match r {
        Err(Error::Validation(e)) => assert_eq!(e.field, "capa_alt"),
        other => panic!("expected the alt text check, got {other:?}"),
    }
}

#[tokio::test]
async fn drafts_and_scheduled_noticias_stay_out_of_public_queries() {
    let env = TestEnv::new().await;
    let t = env.camara("not-vis", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let amanha = time::OffsetDateTime::now_utc() + time::Duration::days(1);
    let local = time::PrimitiveDateTime::new(amanha.date(), amanha.time());
    let publicada = noticias::criar(
        &mut tx,
        &a,
        &form("Sessão solene homenageia professores", Publicacao::Agora)
            .validar(false)
            .unwrap(),
        None,
    )
    .await
    .unwrap();
    let rascunho = noticias::criar(
        &mut tx,
        &a,
        &form("Rascunho sobre professores", Publicacao::Rascunho)
            .validar(false)
            .unwrap(),
        None,
    )
    .await
    .unwrap();
    let agendada = noticias::criar(
        &mut tx,
        &a,
        &form("Agendada sobre professores", Publicacao::Agendada(local))
            .validar(false)
            .unwrap(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(publicada.situacao(), "Publicada");
    assert_eq!(rascunho.situacao(), "Rascunho");
    assert_eq!(agendada.situacao(), "Agendada");
    tx.commit().await.unwrap();

    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let recentes = noticias::recentes(&mut tx, 10).await.unwrap();
    assert_eq!(
        recentes.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![publicada.id]
    );
    let (lista, total) = noticias::publicadas(&mut tx, &FiltroPublico::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!((lista.len(), total), (1, 1));
    for slug in [&rascunho.slug, &agendada.slug] {
        assert!(
            noticias::publicada_por_slug(&mut tx, slug)
                .await
                .unwrap()
                .is_none()
        );
    }
    assert!(
        noticias::publicada_por_slug(&mut tx, &publicada.slug)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(noticias::para_feed(&mut tx, 20).await.unwrap().len(), 1);
    assert_eq!(
        noticias::dados_abertos(&mut tx, None, 20)
            .await
            .unwrap()
            .len(),
        1
    );
    drop(tx);

    // When its time comes, the scheduled one appears (moved to the past here).
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    sqlx::query("UPDATE app.noticia SET publicar_em = now() - interval '1 minute' WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(agendada.id)
        .execute(tx.conn())
        .await
        .unwrap();
    assert_eq!(noticias::recentes(&mut tx, 10).await.unwrap().len(), 2);
}

#[tokio::test]
async fn search_ignores_accents_and_plurals() {
    let env = TestEnv::new().await;
    let t = env.camara("not-busca", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let mut f = form("Audiência pública debate a educação", Publicacao::Agora);
    f.corpo = "As comissões ouviram os professores da rede municipal.".into();
    noticias::criar(&mut tx, &a, &f.validar(false).unwrap(), None)
        .await
        .unwrap();
    noticias::criar(
        &mut tx,
        &a,
        &form("Obras na praça central", Publicacao::Agora)
            .validar(false)
            .unwrap(),
        None,
    )
    .await
    .unwrap();
    for (busca, esperado) in [
        ("educacao", 1),
        ("AUDIENCIA", 1),
        ("comissoes", 1),
        ("Municipal", 1),
        ("professor", 1),
        ("praça", 1),
        ("orçamentos inexistentes", 0),
    ] {
        let filtro = FiltroPublico {
            busca: Some(busca.into()),
            categoria: None,
        };
        let (_, total) = noticias::publicadas(&mut tx, &filtro, 10, 0).await.unwrap();
        assert_eq!(total, esperado, "busca {busca:?}");
    }
    let filtro = FiltroPublico {
        busca: None,
        categoria: Some("eventos".into()),
    };
    assert_eq!(
        noticias::publicadas(&mut tx, &filtro, 10, 0)
            .await
            .unwrap()
            .1,
        0
    );
}

#[tokio::test]
async fn a_new_camara_starts_with_the_default_pages() {
    let env = TestEnv::new().await;
    let t = env.camara("pag-padrao", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let todas = paginas::listar(&mut tx, false).await.unwrap();
    let slugs: Vec<_> = todas.iter().map(|p| p.slug.as_str()).collect();
    for s in [
        "sobre",
        "historia",
        "regimento-interno",
        "lei-organica",
        "codigo-de-etica",
        "papel-do-vereador",
    ] {
        assert!(slugs.contains(&s), "{slugs:?}");
    }
    let publicas = paginas::listar(&mut tx, true).await.unwrap();
    assert!(publicas.iter().any(|p| p.slug == "sobre"));
    assert!(!publicas.iter().any(|p| p.slug == "regimento-interno"));
    assert!(
        paginas::por_slug(&mut tx, "regimento-interno", true)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        paginas::por_slug(&mut tx, "regimento-interno", false)
            .await
            .unwrap()
            .is_some()
    );
    drop(tx);
    // The defaults (also run by the migration for existing câmaras) never duplicate a page.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    sqlx::query("SELECT app.paginas_padrao($1)")
        .bind(t.id)
        .execute(tx.conn())
        .await
        .unwrap();
    assert_eq!(
        paginas::listar(&mut tx, false).await.unwrap().len(),
        todas.len()
    );
}

#[test]
fn attachments_are_checked_by_content() {
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".to_vec();
    let ok = paginas::verificar_anexo("regimento.pdf", pdf.clone()).unwrap();
    assert_eq!(ok.content_type, "application/pdf");
    // The name does not matter, the content does.
    assert_eq!(
        paginas::verificar_anexo("regimento.exe", pdf)
            .unwrap()
            .content_type,
        "application/pdf"
    );
    for (nome, dados) in [
        ("virus.pdf", b"MZ\x90\x00 executavel".to_vec()),
        (
            "pagina.html",
            b"<html><script>alert(1)</script></html>".to_vec(),
        ),
        ("arquivo.zip", b"PK\x03\x04 qualquer coisa".to_vec()),
        ("vazio.pdf", Vec::new()),
    ] {
        let e = paginas::verificar_anexo(nome, dados).unwrap_err();
        assert_eq!(e.field, "arquivo");
    }
    let grande = vec![b'%'; paginas::ANEXO_MAX_BYTES + 1];
    let e = paginas::verificar_anexo("grande.pdf", grande).unwrap_err();
    assert!(e.message.contains("20 MB"), "{}", e.message);
    // Images are decoded and re-encoded.
    let img = image::RgbImage::from_fn(40, 30, |x, _| image::Rgb([x as u8 * 5, 100, 150]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(
        paginas::verificar_anexo("organograma.png", png)
            .unwrap()
            .content_type,
        "image/png"
    );
}

#[tokio::test]
async fn the_database_refuses_an_attachment_type_outside_the_allow_list() {
    let env = TestEnv::new().await;
    let t = env.camara("pag-anexo", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let p = paginas::por_slug(&mut tx, "sobre", false)
        .await
        .unwrap()
        .unwrap();
    let novo = |ct: &str| NovoAnexo {
        titulo: "Documento".into(),
        nome_arquivo: "doc.html".into(),
        arquivo_key: format!("camaras/{}/paginas/x", t.id),
        content_type: ct.into(),
        tamanho: 10,
    };
    match paginas::adicionar_anexo(&mut tx, &a, p.id, &novo("text/html")).await {
        Err(Error::Validation(e)) => assert!(e.message.contains("não aceito"), "{}", e.message),
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(tx);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let ok = paginas::adicionar_anexo(&mut tx, &a, p.id, &novo("application/pdf"))
        .await
        .unwrap();
    assert_eq!(paginas::anexos(&mut tx, p.id).await.unwrap().len(), 1);
    paginas::remover_anexo(&mut tx, &a, ok.id).await.unwrap();
    assert!(paginas::anexos(&mut tx, p.id).await.unwrap().is_empty());
}
