//! Normas: the secretaria's import with a preview of the parsed structure, every error at
//! once and nothing saved; vínculos by dispositivo; the public list and page with the
//! compiled text and the text in force on a date; the proposição's page showing the norma
//! it became; every admin route refused to roles without `norma.gerir`.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::host_of;
use uuid::Uuid;

const TEXTO: &str = "Art. 1º Fica criado o Conselho Municipal de Cultura.\n\
Art. 2º O Conselho terá:\nI – três membros do Executivo;\nII - três membros da sociedade civil.\n\
Art. 3º Esta Lei entra em vigor na data de sua publicação.";

async fn tipo(env: &TestEnv, t: &store::infra::catalog::Tenant, sigla: &str) -> Uuid {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let id = testkit::fixtures::normas::tipo(&mut tx, sigla).await;
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn import_preview_vinculos_and_the_public_pages() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-http", "pool").await;
    let lo = tipo(&env, &t, "LO").await.to_string();
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let app = env.app();
    let host = host_of(&t);
    let csrf = app.csrf(&host, &cookie).await;
    let post = |path: String, pares: Vec<(&'static str, String)>| {
        let (app, host, cookie, csrf) = (&app, &host, &cookie, &csrf);
        async move {
            let mut p: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
            p.extend(pares.iter().map(|(k, v)| (*k, v.as_str())));
            app.post_as(host, &path, cookie, &p).await
        }
    };
    let lei = |data: &str, texto: &str, acao: &str| {
        vec![
            ("tipo_id", lo.clone()),
            ("data_assinatura", data.to_owned()),
            ("ementa", "Cria o Conselho Municipal de Cultura.".to_owned()),
            ("texto", texto.to_owned()),
            ("vigencia_inicio", data.to_owned()),
            ("acao", acao.to_owned()),
        ]
    };

    // Every error at once, nothing saved.
    let r = post(
        "/admin/normas".into(),
        vec![
            ("tipo_id", String::new()),
            ("data_assinatura", "31/02/2024".into()),
            ("ementa", "curta".into()),
            ("texto", "I – solto\nArt. 1º Bom.\na) perdida".into()),
            ("acao", "salvar".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for m in [
        "Escolha um tipo de norma da lista.",
        "Data inválida",
        "31/02/2024",
        "A ementa deve ter de 10 a 2.000 caracteres.",
        "Linha 1: inciso",
        "Linha 3: alínea",
    ] {
        assert!(r.body.contains(m), "missing {m:?}");
    }
    let lista = app.get_as(&host, "/admin/normas", &cookie).await;
    assert!(lista.body.contains("0 normas."), "nothing saved");

    // The preview shows the structure with the LexML ids and saves nothing.
    let r = post("/admin/normas".into(), lei("10/02/2020", TEXTO, "previa")).await;
    assert_eq!(r.status, StatusCode::OK);
    for id in ["art1", "art2_inc1", "art2_inc2", "art3"] {
        assert!(r.body.contains(&format!("<code>{id}</code>")), "{id}");
    }
    assert!(r.body.contains("II – três membros da sociedade civil."));
    assert!(
        app.get_as(&host, "/admin/normas", &cookie)
            .await
            .body
            .contains("0 normas.")
    );

    let r = post("/admin/normas".into(), lei("10/02/2020", TEXTO, "salvar")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let a = r
        .header("location")
        .trim_start_matches("/admin/normas/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let r = post(
        "/admin/normas".into(),
        lei(
            "05/03/2022",
            "Art. 1º Altera a Lei do Conselho.\nArt. 2º Vigência.",
            "salvar",
        ),
    )
    .await;
    let b = r
        .header("location")
        .trim_start_matches("/admin/normas/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();

    // A vínculo on a dispositivo that does not exist is refused; the right ones recorded.
    let v = |tipo: &str, d: &str, novo: &str| {
        vec![
            ("alvo_id", a.clone()),
            ("tipo", tipo.to_owned()),
            ("dispositivo", d.to_owned()),
            ("texto_novo", novo.to_owned()),
            ("vigencia", "01/04/2022".to_owned()),
            ("observacao", String::new()),
        ]
    };
    let r = post(
        format!("/admin/normas/{b}/vinculos"),
        v("revoga", "art9", ""),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("O dispositivo art9 não existe"),
        "{}",
        r.body
    );
    let r = post(
        format!("/admin/normas/{b}/vinculos"),
        v("revoga", "art2_inc2", ""),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post(
        format!("/admin/normas/{b}/vinculos"),
        v(
            "altera",
            "art1",
            "Art. 1º Fica criado o Conselho de Cultura e Turismo.",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Public: the list with its filters, the compiled text, the text on a date.
    let r = app
        .get(
            &host,
            "/legislativo/normas?texto=conselhos&tipo=LO&ano=2020",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("1 norma encontrada.") && r.body.contains("Lei Ordinária nº 1/2020"),
        "{}",
        r.body
    );
    let r = app.get(&host, "/legislativo/normas?ano=20&numero=x").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("O ano deve ter quatro dígitos")
            && r.body.contains("O número deve ser um inteiro")
    );

    let r = app.get(&host, &format!("/legislativo/normas/{a}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Fica criado o Conselho de Cultura e Turismo.")
    );
    assert!(
        r.body
            .contains("<del>Art. 1º Fica criado o Conselho Municipal de Cultura.</del>"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Revogado pela Lei Ordinária nº 2/2022"));
    assert!(r.body.contains("Revogada parcialmente"));
    assert!(r.body.contains("urn:lex:br;"), "URN shown");
    assert!(r.body.contains(":municipal:lei:2020-02-10;1"));
    let r = app
        .get(
            &host,
            &format!("/legislativo/normas/{a}?vigente-em=31/12/2021"),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("Fica criado o Conselho Municipal de Cultura.")
            && !r.body.contains("Turismo")
    );
    assert!(!r.body.contains("Revogado pela"));
    let r = app
        .get(
            &host,
            &format!("/legislativo/normas/{a}?vigente-em=32/13/2021"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Use o formato dd/mm/aaaa"));
    let r = app.get(&host, &format!("/legislativo/normas/{b}")).await;
    assert!(
        r.body
            .contains(&format!("/legislativo/normas/{a}#art2_inc2")),
        "vínculos both ways"
    );
}

#[tokio::test]
async fn the_proposicao_page_shows_the_norma_it_became() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-prop", "pool").await;
    let autor = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = 'PL'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let p = store::proposicoes::criar(
        &mut tx,
        &autor,
        &store::proposicoes::NovaProposicao {
            tipo_id: pl,
            mae_id: None,
            ementa: "Cria o Conselho Municipal de Cultura.".into(),
            texto: String::new(),
            justificativa: String::new(),
            regime: domain::proposicoes::Regime::Ordinario,
            apresentada_em: time::macros::date!(2024 - 02 - 01),
            autores: vec![store::proposicoes::AutorNovo {
                tipo: domain::proposicoes::TipoAutor::Executivo,
                parlamentar_id: None,
                comissao_id: None,
                nome: "Prefeito Municipal".into(),
                subscrito_em: time::macros::date!(2024 - 02 - 01),
            }],
            descricao: String::new(),
        },
    )
    .await
    .unwrap();
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let mut d = testkit::fixtures::normas::dados(
        lo,
        "Cria o Conselho Municipal de Cultura.".into(),
        TEXTO.into(),
        time::macros::date!(2024 - 05 - 02),
    );
    d.proposicao_id = Some(p.id);
    let n = store::normas::criar(&mut tx, &autor, &d).await.unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/legislativo/proposicoes/2024/pl/1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(&format!("/legislativo/normas/{n}"))
            && r.body.contains("Lei Ordinária nº 1/2024")
    );
    let r = app.get(&host, &format!("/legislativo/normas/{n}")).await;
    assert!(r.body.contains("/legislativo/proposicoes/2024/pl/1") && r.body.contains("PL 1/2024"));
}

#[tokio::test]
async fn roles_without_norma_gerir_are_refused_on_every_admin_route() {
    let env = TestEnv::new().await;
    let t = env.camara("normas-perm", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let d = testkit::fixtures::normas::dados(
        lo,
        "Cria o Conselho Municipal de Cultura.".into(),
        TEXTO.into(),
        time::macros::date!(2024 - 05 - 02),
    );
    let id = store::normas::criar(&mut tx, &Autor::cli("t"), &d)
        .await
        .unwrap()
        .to_string();
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    let rotas: Vec<_> = web::routes::route_info()
        .into_iter()
        .filter(|r| r.path.starts_with("/admin/normas"))
        .collect();
    assert_eq!(rotas.len(), 15, "{rotas:?}");
    for papel in [
        Papel::Parlamentar,
        Papel::Editor,
        Papel::Operador,
        Papel::Assessor,
        Papel::Auxiliar,
    ] {
        let (_, cookie) = logged_in(&env.store, &t, papel).await;
        let csrf = app.csrf(&host, &cookie).await;
        for r in &rotas {
            let path = testkit::isolation::fill_path(r.path, &id);
            let resp = if r.method == Method::GET {
                app.get_as(&host, &path, &cookie).await
            } else {
                app.post_as(
                    &host,
                    &path,
                    &cookie,
                    &[
                        ("_csrf", &csrf),
                        ("ementa", "Tentativa de alteração indevida."),
                    ],
                )
                .await
            };
            assert_eq!(
                resp.status,
                StatusCode::FORBIDDEN,
                "{papel:?} {} {}",
                r.method,
                r.path
            );
        }
        let shell = app.get_as(&host, "/admin", &cookie).await;
        assert!(
            !shell.body.contains("href=\"/admin/normas\""),
            "no menu entry for {papel:?}"
        );
    }
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    assert_eq!(
        app.get_as(&host, "/admin/normas", &cookie).await.status,
        StatusCode::OK
    );
    let r = app.get(&host, &format!("/legislativo/normas/{id}")).await;
    assert!(!r.body.contains("Tentativa de alteração indevida."));
}
