//! Every text search of the tree speaks the same Portuguese as the proposições' (issue #10):
//! accents AND plurals aside ("licitação" finds "licitações", "conselhos municipais" finds
//! "conselho municipal"), in the notícias (public and admin) and in the portal's search box.

use store::auditoria::Autor;
use store::conteudo::noticias::{self, FiltroAdmin, FiltroPublico, NoticiaForm, Publicacao};
use store::{Access, TenantTx};
use testkit::TestEnv;

fn noticia(titulo: &str, corpo: &str) -> NoticiaForm {
    NoticiaForm {
        titulo: titulo.into(),
        slug: String::new(),
        resumo: "Resumo da notícia.".into(),
        corpo: corpo.into(),
        categoria: "legislativo".into(),
        tags: String::new(),
        capa_alt: String::new(),
        publicacao: Publicacao::Agora,
    }
}

#[tokio::test]
async fn noticias_find_singulars_and_plurals_with_or_without_accents() {
    let env = TestEnv::new().await;
    let t = env.camara("busca-pt-not", "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    for (titulo, corpo) in [
        (
            "Câmara aprova as licitações do transporte",
            "Os papéis foram entregues aos conselhos municipais.",
        ),
        (
            "Vereadores visitam a obra da ponte",
            "A comissão acompanhou a licitação da ponte e o imóvel alugado.",
        ),
    ] {
        let v = noticia(titulo, corpo).validar(false).unwrap();
        noticias::criar(&mut tx, &a, &v, None).await.unwrap();
    }
    for (busca, esperado) in [
        // Plural in the document, singular in the query, and back.
        ("licitação", 2),
        ("licitacoes", 2),
        ("LICITAÇÕES", 2),
        ("conselho municipal", 1),
        ("papel", 1),
        ("imovel alugado", 1),
        ("licitações -ponte", 1),
        ("orçamentos inexistentes", 0),
    ] {
        let publico = FiltroPublico {
            busca: Some(busca.into()),
            categoria: None,
        };
        let (_, total) = noticias::publicadas(&mut tx, &publico, 10, 0)
            .await
            .unwrap();
        assert_eq!(total, esperado, "public search {busca:?}");
        let admin = FiltroAdmin {
            busca: Some(busca.into()),
            situacao: None,
        };
        let (_, total) = noticias::listar_admin(&mut tx, &admin, 10, 0)
            .await
            .unwrap();
        assert_eq!(total, esperado, "admin search {busca:?}");
    }
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn the_portal_search_box_finds_plurals_by_the_singular() {
    let env = TestEnv::new().await;
    let t = env.camara("busca-pt-portal", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    // A published página (a new câmara has its default ones) about the conselhos.
    let slug: String = sqlx::query_scalar(
        "UPDATE app.pagina SET corpo = 'Conheça os conselhos municipais e as audiências públicas.',
                publicada = true
          WHERE tenant_id = $1 AND id = (SELECT id FROM app.pagina WHERE tenant_id = $1
                                          ORDER BY ordem, id LIMIT 1)
        RETURNING slug",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let url = format!("/institucional/{slug}");
    for (termo, acha) in [
        ("conselho municipal", true),
        ("Conselhos Municipais", true),
        ("audiencia publica", true),
        ("xyzzy inexistente", false),
    ] {
        let r = store::busca::buscar(&mut tx, termo, 30).await.unwrap();
        assert_eq!(
            r.iter().any(|x| x.url == url),
            acha,
            "{termo:?}: {:?}",
            r.iter().map(|x| &x.url).collect::<Vec<_>>()
        );
    }
    tx.rollback().await.unwrap();
}
