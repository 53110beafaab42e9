//! axe-core (WCAG 2.0/2.1 A and AA, as `Navegador::axe`) at 390 and 1366 px on the pages issue #13's portal
//! work touched: the open-data page, the public Mesa and a parlamentar's page with a
//! feminine cargo, the password form with its policy, and the parlamentar's admin form
//! with the gênero field.

use domain::auth::Papel;
use store::auditoria::Autor;
use store::composicao::{self, DadosParlamentar};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::browser::Navegador;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_of_the_portal_work_pass_axe_at_both_widths() {
    let env = TestEnv::new().await;
    let t = env.camara("axe-portal", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (id, slug) = composicao::criar_parlamentar_dados(
        &mut tx,
        &Autor::cli("t"),
        &DadosParlamentar {
            nome_civil: "Joana Souza da Silva".into(),
            nome_parlamentar: "Joana Souza".into(),
            genero: "feminino".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    let base = nav.base(&t);
    let c = &nav.client;
    nav.entrar(&env, &t, Papel::Secretaria).await;
    let paginas = [
        // The dashboard by role with its cards and grouped menu, and TV Câmara (items 4, 8).
        "/admin".to_owned(),
        "/admin/configuracoes/tv".to_owned(),
        "/dados-abertos".to_owned(),
        "/parlamentares/mesa-diretora".to_owned(),
        format!("/parlamentares/{slug}"),
        "/admin/senha".to_owned(),
        "/admin/senha?trocada=1".to_owned(),
        format!("/admin/parlamentares/{id}"),
    ];
    let mut falhas = Vec::new();
    for (w, h) in [(390u32, 844u32), (1366, 900)] {
        c.set_window_size(w, h).await.unwrap();
        for p in &paginas {
            c.goto(&format!("{base}{p}")).await.unwrap();
            for v in nav.axe().await {
                falhas.push(format!("{p} at {w} px: {v}"));
            }
        }
    }
    nav.fechar().await;
    assert!(falhas.is_empty(), "{}", falhas.join("\n"));
}
