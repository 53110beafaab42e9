//! The plenário's screens and the master panel pass axe-core and fit a phone (issues #12
//! and #13), at 390 and at 1366 px: the painel eletrônico (the TV's page), the operator's
//! console and the councilor's voting page of a running sessão (a speaker's timer running
//! and a nominal votação open), the public sessão and its
//! ata, and every master-panel GET page on the platform host (`rotas_plataforma.txt`; a new
//! GET route the walk does not reach fails the test by name).

use axum::http::Method;
use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::oradores::AcaoOrador;
use domain::sessoes_plenarias::presenca::{Ambito, SituacaoPresenca};
use domain::sessoes_plenarias::votacao::{TipoAcao, TipoVotacao, Voto};
use store::auditoria::Autor;
use store::sessoes_plenarias::{self as sp, NovaSessao, oradores, pauta, presenca, votacao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::browser::Navegador;
use testkit::fixtures::populate;
use testkit::http::host_of;

use super::acessibilidade_admin::{Achados, caminhar, cookie_de, entrar_como, hrefs, verificar};

/// Master-panel GET routes with no page of their own to walk, and why.
const SEM_PAGINA: &[(&str, &str)] = &[
    (
        "/admin-master/camaras/{slug}/usuarios/{id}/reativar",
        "needs a deactivated user; the kit's confirmation page, walked as desativar",
    ),
    (
        "/admin-master/camaras/{slug}/jobs/{id}/{acao}",
        "needs a failed job; the kit's confirmation page",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plenario_screens_and_the_master_panel_pass_axe_and_fit_a_phone() {
    let env = TestEnv::new().await;
    let t = env.camara("axe-painel", "pool").await;
    populate(&env.store, &t).await;
    // A sessão running now, besides the fixtures' closed one with its ata.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let a = Autor::cli("testes");
    let tipo = sp::tipos(&mut tx, true).await.unwrap()[0].id;
    let s = sp::criar(
        &mut tx,
        &a,
        &NovaSessao {
            tipo_id: tipo,
            inicio: time::PrimitiveDateTime::new(
                time::Date::from_calendar_date(2025, time::Month::December, 1).unwrap(),
                time::Time::from_hms(19, 0, 0).unwrap(),
            ),
            fim: None,
            local: "Plenário Vereador João Batista".into(),
            observacoes: String::new(),
        },
    )
    .await
    .unwrap();
    sp::transicionar(&mut tx, &a, s.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    // Mid-work, as the screens are used: the fixtures' vereadora present and speaking (the
    // timer running) and a nominal votação open with her vote.
    let vereadora: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM app.parlamentar WHERE nome_parlamentar = $1")
            .bind(format!("Vereadora {}", t.slug))
            .fetch_one(tx.conn())
            .await
            .unwrap();
    let fase = sp::fases(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.nome == "Ordem do Dia")
        .expect("the default phases");
    sp::definir_fase(&mut tx, &a, s.id, fase.id).await.unwrap();
    let marca = presenca::Marca {
        parlamentar_id: vereadora,
        ambito: Ambito::Sessao,
        situacao: SituacaoPresenca::Presente,
        justificativa: String::new(),
        pelo_proprio: true,
    };
    presenca::marcar(&mut tx, &a, s.id, &marca).await.unwrap();
    oradores::definir_tempo(&mut tx, &a, fase.id, 300)
        .await
        .unwrap();
    oradores::inscrever(&mut tx, &a, s.id, vereadora, true)
        .await
        .unwrap();
    let orador = oradores::da_sessao(&mut tx, s.id).await.unwrap()[0].id;
    oradores::agir(&mut tx, &a, orador, AcaoOrador::Iniciar)
        .await
        .unwrap();
    let item = pauta::NovoItem {
        proposicao_id: None,
        descricao: "Requerimento de votos de aplauso".into(),
        tipo_acao: TipoAcao::DiscussaoVotacao,
        quorum: None,
        turno: 1,
        fase_id: Some(fase.id),
    };
    // Two items, so the console offers to move them.
    let mut segundo = item.clone();
    segundo.descricao = "Moção de aplauso".into();
    let item = pauta::adicionar_item(&mut tx, &a, s.id, &item)
        .await
        .unwrap();
    pauta::adicionar_item(&mut tx, &a, s.id, &segundo)
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
        .await
        .unwrap();
    votacao::votar(&mut tx, &a, v.id, vereadora, Voto::Sim)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    let app = env.app();
    let host = host_of(&t);
    let base = nav.base(&t);
    let mut achados = Achados::default();

    // The public side: the sessões, a sessão, its ata and its painel (the TV's page).
    let publicas = [
        "/legislativo/sessoes",
        "/legislativo/sessoes/{id}",
        "/legislativo/sessoes/{id}/ata",
    ];
    // Every sessão's page, for the links to its ata and its painel.
    let lista = app.get(&host, "/legislativo/sessoes").await;
    let mut inicio = vec!["/legislativo/sessoes".to_owned()];
    for d in hrefs(&lista.body, "/legislativo/sessoes/") {
        inicio.extend(hrefs(&app.get(&host, &d).await.body, "/"));
        inicio.push(d);
    }
    let inicio: Vec<&str> = inicio.iter().map(String::as_str).collect();
    let achadas = caminhar(&app, &host, "", &inicio, &publicas, "/").await;
    for r in publicas {
        assert!(achadas.contains_key(r), "no address for {r}: {achadas:?}");
    }
    let fechada = achadas["/legislativo/sessoes/{id}/ata"]
        .0
        .trim_end_matches("/ata")
        .trim_start_matches("/legislativo/sessoes/")
        .to_owned();
    let mut paginas: Vec<String> = achadas
        .values()
        .filter(|(_, tipo)| tipo.starts_with("text/html"))
        .map(|(p, _)| p.clone())
        .collect();
    paginas.push(format!("/legislativo/sessoes/{fechada}"));
    paginas.push(format!("/legislativo/sessoes/{}", s.id));
    paginas.push(format!("/sessoes/{fechada}/painel"));
    paginas.push(format!("/sessoes/{}/painel", s.id));
    verificar(&nav, &base, &paginas, &mut achados).await;

    // The operator's console of the running sessão, and of the closed one.
    nav.entrar(&env, &t, domain::auth::Papel::Operador).await;
    let consoles = [
        format!("/admin/sessoes/{}/painel", s.id),
        format!("/admin/sessoes/{fechada}/painel"),
    ];
    verificar(&nav, &base, &consoles, &mut achados).await;

    // The councilor's voting page, as the fixtures' vereadora.
    nav.client.delete_all_cookies().await.unwrap();
    entrar_como(
        &nav,
        &env,
        &t,
        &format!("vereadora-{}@fixture.example", t.slug),
    )
    .await;
    verificar(&nav, &base, &["/admin/plenario".to_owned()], &mut achados).await;

    // The master panel on the platform host, as a platform administrator.
    let plataforma = testkit::plataforma::logada(&app, &env.store).await;
    let phost = app.state.config.platform_host.clone();
    let rotas: Vec<&'static str> = web::routes::plataforma_route_info()
        .into_iter()
        .filter(|r| r.method == Method::GET)
        .map(|r| r.path)
        .collect();
    let achadas = caminhar(
        &app,
        &phost,
        &plataforma.cookie,
        &["/admin-master", "/admin-master/senha"],
        &rotas,
        "/admin-master",
    )
    .await;
    let sem: Vec<&str> = rotas
        .iter()
        .copied()
        .filter(|r| {
            *r != "/admin-master/login"
                && !achadas.contains_key(r)
                && !SEM_PAGINA.iter().any(|(s, _)| s == r)
        })
        .collect();
    assert!(
        sem.is_empty(),
        "master-panel GET routes the walk did not reach:\n{}",
        sem.join("\n")
    );
    let pbase = format!("http://{phost}:{}", nav.port);
    nav.client
        .goto(&format!("{pbase}/admin-master/login"))
        .await
        .unwrap();
    // The login page first, without the session.
    verificar(
        &nav,
        &pbase,
        &["/admin-master/login".to_owned()],
        &mut achados,
    )
    .await;
    // The session, set from the page (WebDriver refuses cookies for `*.localhost`).
    nav.client
        .execute(
            "document.cookie = arguments[0] + '; path=/'",
            vec![serde_json::json!(plataforma.cookie)],
        )
        .await
        .unwrap();
    assert!(cookie_de(&nav).await.contains(testkit::plataforma::COOKIE));
    let paginas: Vec<String> = achadas
        .iter()
        .filter(|(r, (_, tipo))| **r != "/admin-master/login" && tipo.starts_with("text/html"))
        .map(|(_, (p, _))| p.clone())
        .collect();
    verificar(&nav, &pbase, &paginas, &mut achados).await;
    nav.fechar().await;
    eprintln!("plenário and master panel: {}", achados.resumo());
    assert!(
        achados.falhas.is_empty(),
        "{}\n{}",
        achados.resumo(),
        achados.falhas.join("\n")
    );
}
