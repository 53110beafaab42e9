//! The admin dashboard (`/admin`) by role: each role sees the cards of its permissions, with
//! the seeded pending items, and nothing else; the menu grouped by area.

use domain::auth::Papel;
use store::auditoria::Autor;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::{self, logged_in};
use testkit::http::host_of;

const CARTOES: [&str; 9] = [
    "protocolo",
    "eletronicas",
    "a-receber",
    "prazos",
    "pareceres",
    "sessoes",
    "noticias",
    "contas",
    "seguranca",
];

/// The HTML of card `id` (from its `<section>` to its end), if the page has it.
fn cartao<'a>(body: &'a str, id: &str) -> Option<&'a str> {
    let inicio = body.find(&format!("id=\"cartao-{id}\""))?;
    let resto = &body[inicio..];
    Some(&resto[..resto.find("</section>").unwrap_or(resto.len())])
}

fn cartoes_de(body: &str) -> Vec<&'static str> {
    CARTOES
        .into_iter()
        .filter(|c| cartao(body, c).is_some())
        .collect()
}

#[tokio::test]
async fn each_role_sees_only_its_cards_with_the_pending_items() {
    let env = TestEnv::new().await;
    let t = env.camara("painel-papeis", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    fixtures::populate(&env.store, &t).await;
    let c = fixtures::canary(&t);
    let mut su = testkit::cluster::get().superuser("plenario").await;
    // The published notícia becomes a scheduled one; the agendada sessão is running.
    sqlx::query(
        "UPDATE app.noticia SET publicar_em = now() + interval '2 days'
          WHERE tenant_id = $1 AND titulo = $2",
    )
    .bind(t.id)
    .bind(format!("Notícia publicada {}", t.slug))
    .execute(&mut su)
    .await
    .unwrap();
    let sessao: uuid::Uuid = sqlx::query_scalar(
        "UPDATE app.sessao_plenaria SET status = 'aberta', aberta_em = now()
          WHERE tenant_id = $1 AND id = (SELECT id FROM app.sessao_plenaria
                                          WHERE tenant_id = $1 AND status = 'agendada'
                                          ORDER BY inicio LIMIT 1)
          RETURNING id",
    )
    .bind(t.id)
    .fetch_one(&mut su)
    .await
    .unwrap();
    // An account held back by failed logins, and a failed login in the audit log.
    let (retido, _) = logged_in(&env.store, &t, Papel::Editor).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    for _ in 0..4 {
        store::conta::sessoes_login::registrar_falha(&mut tx, &retido.email, None)
            .await
            .unwrap();
    }
    store::auditoria::evento(
        &mut tx,
        &Autor::cli("teste"),
        "sessao",
        Some(&retido.id.to_string()),
        "login_falhou",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let painel = |papel| {
        let env = &env;
        let t = &t;
        let app = &app;
        let host = &host;
        async move {
            let (_, cookie) = logged_in(&env.store, t, papel).await;
            let r = app.get_as(host, "/admin", &cookie).await;
            assert_eq!(r.status, axum::http::StatusCode::OK, "{papel:?}");
            assert!(
                r.body.contains("href=\"/\">Abrir o portal da câmara"),
                "{papel:?}: the portal's link"
            );
            assert!(!r.body.contains("painel.ver"), "no permission codes");
            r.body
        }
    };

    let admin = painel(Papel::Admin).await;
    assert_eq!(cartoes_de(&admin), CARTOES.to_vec());
    let protocolo = cartao(&admin, "protocolo").unwrap();
    assert!(
        protocolo.contains(&format!("Ofício {c}")) && !protocolo.contains("Requerimento"),
        "the annulled one is not waiting: {protocolo}"
    );
    let contas = cartao(&admin, "contas").unwrap();
    assert!(
        contas.contains("<strong>1</strong> retidos por falhas de login"),
        "{contas}"
    );
    let seguranca = cartao(&admin, "seguranca").unwrap();
    assert!(
        seguranca.contains("Falha de login") && seguranca.contains(&retido.email),
        "{seguranca}"
    );
    assert!(!seguranca.contains("login_falhou"), "no raw codes");

    let operador = painel(Papel::Operador).await;
    assert_eq!(cartoes_de(&operador), vec!["sessoes"]);
    let sessoes = cartao(&operador, "sessoes").unwrap();
    assert!(
        sessoes.contains(&format!("href=\"/admin/sessoes/{sessao}/painel\""))
            && sessoes.contains("em andamento"),
        "{sessoes}"
    );

    let editor = painel(Papel::Editor).await;
    assert_eq!(cartoes_de(&editor), vec!["noticias"]);
    let noticias = cartao(&editor, "noticias").unwrap();
    assert!(
        noticias.contains(&format!("Rascunho {}", t.slug))
            && noticias.contains(&format!("Notícia publicada {}", t.slug))
            && noticias.contains("agendada para")
            && noticias.contains("<strong>1</strong> rascunhos")
            && noticias.contains("<strong>1</strong> agendadas"),
        "{noticias}"
    );
    assert!(!editor.contains(&format!("Ofício {c}")));

    let secretaria = painel(Papel::Secretaria).await;
    for id in [
        "protocolo",
        "eletronicas",
        "a-receber",
        "prazos",
        "pareceres",
    ] {
        assert!(cartao(&secretaria, id).is_some(), "secretaria: {id}");
    }

    for papel in [Papel::Parlamentar, Papel::Auxiliar, Papel::Assessor] {
        let body = painel(papel).await;
        assert!(cartoes_de(&body).is_empty(), "{papel:?}: {body}");
        assert!(body.contains("Nada pendente"), "{papel:?}");
    }
}

#[tokio::test]
async fn the_menu_is_grouped_by_area_and_shows_only_what_the_role_opens() {
    let env = TestEnv::new().await;
    let t = env.camara("painel-menu", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, admin) = logged_in(&env.store, &t, Papel::Admin).await;
    let body = app.get_as(&host, "/admin/usuarios", &admin).await.body;
    for grupo in ["Legislativo", "Plenário", "Portal", "Câmara", "Usuários"] {
        assert!(
            body.contains(&format!("<summary>{grupo}</summary>"))
                || body.contains(&format!("<summary class=\"ativo\">{grupo}</summary>")),
            "{grupo}: {body}"
        );
    }
    // The current page's group is marked, its link is the current page.
    assert!(body.contains("<summary class=\"ativo\">Usuários</summary>"));
    assert!(body.contains("href=\"/admin/usuarios\" aria-current=\"page\""));
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    let body = app.get_as(&host, "/admin", &editor).await.body;
    assert!(body.contains("<summary>Portal</summary>"));
    assert!(
        !body.contains("<summary>Legislativo</summary>")
            && !body.contains("<summary>Plenário</summary>"),
        "groups with nothing the editor opens are not shown: {body}"
    );
    assert!(!body.contains("href=\"/admin/usuarios\""));
}
