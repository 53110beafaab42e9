//! The mesa diretora and the comissões over HTTP: admin flows with their validation
//! messages and permissions, the public pages (current and past), the open data, and the
//! static `/parlamentares/mesa-diretora` winning over `/parlamentares/{slug}`.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::comissoes::{self, DadosComissao, NovoMembroComissao};
use store::composicao::{self, NovoParlamentar};
use store::infra::catalog::Tenant;
use store::mesa::{self, NovoMembroMesa};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::form;
use testkit::http::{TestApp, TestResponse, host_of};
use time::macros::date;
use uuid::Uuid;

async fn post(
    app: &TestApp,
    host: &str,
    path: &str,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> TestResponse {
    app.send(
        Method::POST,
        host,
        path,
        &[("cookie", cookie)],
        &form(pairs),
    )
    .await
}

struct Composicao {
    legislatura: Uuid,
    /// Ana, Bruno, Carla, Davi: mandatos for the whole legislatura.
    p: Vec<Uuid>,
    /// No mandato at all.
    sem_mandato: Uuid,
}

/// A legislatura in force (2025–2028, the tests' "today" falls inside) and parlamentares.
async fn compor(env: &TestEnv, t: &Tenant) -> Composicao {
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let ano = hoje.year() - (hoje.year() - 1).rem_euclid(4);
    let inicio = time::Date::from_calendar_date(ano, time::Month::January, 1).unwrap();
    let fim = time::Date::from_calendar_date(ano + 3, time::Month::December, 31).unwrap();
    let leg = composicao::criar_legislatura(&mut tx, &a, 20, inicio, fim)
        .await
        .unwrap();
    let pt = composicao::criar_partido(&mut tx, &a, "PCA", "Partido da Câmara", None)
        .await
        .unwrap();
    let mut p = Vec::new();
    for nome in [
        "Ana Lúcia",
        "Bruno Dias",
        "Carla Reis",
        "Davi Melo",
        "Fábio Sem",
    ] {
        let (id, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("{nome} da Silva"),
                nome_parlamentar: nome.into(),
                cpf: Some("52998224725".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::filiar(&mut tx, &a, id, pt, date!(2020 - 01 - 01), None)
            .await
            .unwrap();
        if nome != "Fábio Sem" {
            composicao::criar_mandato(&mut tx, &a, id, leg.id, true, None, inicio, fim)
                .await
                .unwrap();
        }
        p.push(id);
    }
    tx.commit().await.unwrap();
    let sem_mandato = p.pop().unwrap();
    Composicao {
        legislatura: leg.id,
        p,
        sem_mandato,
    }
}

fn br(d: time::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

#[tokio::test]
async fn the_mesa_diretora_page_is_not_captured_by_the_parlamentar_route() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-rota", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    // Even a parlamentar whose slug is "mesa-diretora" does not take the page.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (_, slug) = composicao::criar_parlamentar(
        &mut tx,
        &Autor::cli("t"),
        &NovoParlamentar {
            nome_civil: "Mesa Diretora Souza".into(),
            nome_parlamentar: "Mesa Diretora".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(slug, "mesa-diretora");
    let r = app.get(&host, "/parlamentares/mesa-diretora").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h1>Mesa Diretora</h1>"), "{}", r.body);
    assert!(r.body.contains("Composição atual"));
    assert!(
        !r.body.contains("Mesa Diretora Souza"),
        "not the parlamentar's page"
    );
    assert!(r.body.contains("<title>Mesa Diretora —"));
}

#[tokio::test]
async fn secretaria_manages_the_mesa_and_editor_is_denied() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-admin", "pool").await;
    let s = compor(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    assert_eq!(
        app.get_as(&host, "/admin/mesa", &editor).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as(&host, "/admin/mesa/cargos", &editor)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let page = app.get_as(&host, "/admin/mesa", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Nenhum período da Mesa cadastrado"),
        "{}",
        page.body
    );
    let csrf = page.field("_csrf").unwrap();
    let r = post(
        &app,
        &host,
        "/admin/mesa/periodos",
        &editor,
        &[("_csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let leg = s.legislatura.to_string();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    drop(tx);
    let (inicio, fim_bienio) = (
        br(l.inicio),
        br(l.inicio
            .replace_year(l.inicio.year() + 1)
            .unwrap()
            .replace_month(time::Month::December)
            .unwrap()
            .replace_day(31)
            .unwrap()),
    );
    // Validation: a bad date, a período outside the legislatura.
    let r = post(
        &app,
        &host,
        "/admin/mesa/periodos",
        &cookie,
        &[
            ("_csrf", &csrf),
            ("legislatura", &leg),
            ("inicio", "31/02/2025"),
            ("fim", &fim_bienio),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Início: data inválida"), "{}", r.body);
    let r = post(
        &app,
        &host,
        "/admin/mesa/periodos",
        &cookie,
        &[
            ("_csrf", &csrf),
            ("legislatura", &leg),
            ("inicio", &inicio),
            ("fim", "31/12/2040"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("dentro do período da legislatura"),
        "{}",
        r.body
    );
    let r = post(
        &app,
        &host,
        "/admin/mesa/periodos",
        &cookie,
        &[
            ("_csrf", &csrf),
            ("legislatura", &leg),
            ("inicio", &inicio),
            ("fim", &fim_bienio),
            ("descricao", "Primeiro biênio"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let periodo = r
        .location
        .trim_start_matches("/admin/mesa?periodo=")
        .to_owned();
    let page = app.get_as(&host, &r.location, &cookie).await;
    assert!(
        page.body.contains("Cargos obrigatórios sem ocupante"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Primeiro biênio"));

    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let cargos = mesa::cargos(&mut tx, false).await.unwrap();
    drop(tx);
    let designar = async |parl: Uuid, cargo: Uuid| {
        post(
            &app,
            &host,
            "/admin/mesa/membros",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("periodo", &periodo),
                ("parlamentar", &parl.to_string()),
                ("cargo", &cargo.to_string()),
                ("inicio", &inicio),
                ("fim", ""),
            ],
        )
        .await
    };
    for (p, c) in s.p.iter().zip(&cargos).take(3) {
        let r = designar(*p, c.id).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = designar(s.p[3], cargos[0].id).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("já tem um ocupante"), "{}", r.body);
    assert!(
        r.body.contains("Cargos obrigatórios sem ocupante"),
        "{}",
        r.body
    );
    let r = designar(s.p[3], cargos[3].id).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = designar(s.sem_mandato, Uuid::nil()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Cargo inexistente"), "{}", r.body);
    // A fifth cargo, to test the mandato rule on a free one.
    let r = post(
        &app,
        &host,
        "/admin/mesa/cargos",
        &cookie,
        &[("_csrf", &csrf), ("nome", "3º Secretário"), ("ordem", "5")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post(
        &app,
        &host,
        "/admin/mesa/cargos",
        &cookie,
        &[("_csrf", &csrf), ("nome", "Presidente"), ("ordem", "6")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Já existe um cargo"), "{}", r.body);
    let r = post(
        &app,
        &host,
        "/admin/mesa/cargos",
        &cookie,
        &[("_csrf", &csrf), ("nome", "Ouvidor"), ("ordem", "cem")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("A ordem deve ser um número"), "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let terceiro = mesa::cargos(&mut tx, false).await.unwrap().remove(4);
    drop(tx);
    assert_eq!(terceiro.nome, "3º Secretário");
    let r = designar(s.sem_mandato, terceiro.id).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("não tem mandato"), "{}", r.body);
    // Edit a cargo: deactivated, it leaves the designation form.
    let r = post(
        &app,
        &host,
        &format!("/admin/mesa/cargos/{}", terceiro.id),
        &cookie,
        &[
            ("_csrf", &csrf),
            ("nome", "Terceiro Secretário"),
            ("ordem", "5"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, "/admin/mesa/cargos", &cookie).await;
    assert!(
        page.body.contains("value=\"Terceiro Secretário\""),
        "{}",
        page.body
    );
    let page = app.get_as(&host, "/admin/mesa", &cookie).await;
    assert!(
        !page.body.contains("Cargos obrigatórios sem ocupante"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(">Terceiro Secretário</option>"));

    // End the presidente's term (history kept), then remove a row made by mistake.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let membros = mesa::membros_do_periodo(&mut tx, periodo.parse().unwrap())
        .await
        .unwrap();
    drop(tx);
    let pres = &membros[0];
    let caminho = format!("/admin/mesa/membros/{}/encerrar", pres.id);
    let page = app.get_as(&host, &caminho, &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ana Lúcia"));
    let r = post(
        &app,
        &host,
        &caminho,
        &cookie,
        &[("_csrf", &csrf), ("fim", "1/1/1990")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("anterior ao início"), "{}", r.body);
    let ultimo_dia = br(pres
        .inicio
        .replace_month(time::Month::June)
        .unwrap()
        .replace_day(30)
        .unwrap());
    let r = post(
        &app,
        &host,
        &caminho,
        &cookie,
        &[
            ("_csrf", &csrf),
            ("fim", &ultimo_dia),
            ("observacao", "Renúncia"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &r.location, &cookie).await;
    assert!(
        page.body.contains("Renúncia") && page.body.contains(&ultimo_dia),
        "{}",
        page.body
    );

    let vice = &membros[1];
    let caminho = format!("/admin/mesa/membros/{}/remover", vice.id);
    let confirmar = app.get_as(&host, &caminho, &cookie).await;
    assert_eq!(confirmar.status, StatusCode::OK);
    assert!(confirmar.body.contains("feito por engano") && confirmar.body.contains("Bruno Dias"));
    let r = post(&app, &host, &caminho, &cookie, &[("_csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_as(&host, &caminho, &cookie).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_as(&host, "/admin/mesa/membros/nao-e-id/encerrar", &cookie)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A período with members cannot be removed; an empty one can (after a confirmation).
    let remover = format!("/admin/mesa/periodos/{periodo}/remover");
    let confirmar = app.get_as(&host, &remover, &cookie).await;
    assert_eq!(confirmar.status, StatusCode::OK);
    assert!(
        confirmar.body.contains("Remover período da Mesa"),
        "{}",
        confirmar.body
    );
    let r = post(&app, &host, &remover, &cookie, &[("_csrf", &csrf)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("não pode ser removido"), "{}", r.body);
    let segundo = (
        br(l.inicio.replace_year(l.inicio.year() + 2).unwrap()),
        br(l.fim),
    );
    let r = post(
        &app,
        &host,
        "/admin/mesa/periodos",
        &cookie,
        &[
            ("_csrf", &csrf),
            ("legislatura", &leg),
            ("inicio", &segundo.0),
            ("fim", &segundo.1),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let vazio = r
        .location
        .trim_start_matches("/admin/mesa?periodo=")
        .to_owned();
    let page = app.get_as(&host, &r.location, &cookie).await;
    assert!(
        page.body.contains("2º período da 20ª legislatura"),
        "{}",
        page.body
    );
    let r = post(
        &app,
        &host,
        &format!("/admin/mesa/periodos/{vazio}/remover"),
        &cookie,
        &[("_csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert_eq!(mesa::periodos(&mut tx).await.unwrap().len(), 1);
    let acoes: Vec<(String, String)> = sqlx::query_as(
        "SELECT entidade, acao FROM app.auditoria WHERE tenant_id = $1
           AND entidade IN ('mesa_periodo', 'membro_mesa', 'cargo_mesa') ORDER BY em, id",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    let conta = |e: &str, a: &str| acoes.iter().filter(|(x, y)| x == e && y == a).count();
    assert_eq!(conta("mesa_periodo", "remover"), 1);
    assert_eq!(conta("mesa_periodo", "criar"), 2);
    assert_eq!(conta("membro_mesa", "designar"), 4);
    assert_eq!(conta("membro_mesa", "encerrar"), 1);
    assert_eq!(conta("membro_mesa", "remover"), 1);
    assert_eq!(
        conta("cargo_mesa", "criar") + conta("cargo_mesa", "editar"),
        2
    );
}

#[tokio::test]
async fn secretaria_manages_comissoes_and_their_composition() {
    let env = TestEnv::new().await;
    let t = env.camara("comis-admin", "pool").await;
    let s = compor(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    assert_eq!(
        app.get_as(&host, "/admin/comissoes", &editor).await.status,
        StatusCode::FORBIDDEN
    );
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let page = app.get_as(&host, "/admin/comissoes", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.field("_csrf").unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    drop(tx);
    let criacao = br(l.inicio);
    let base = [
        ("_csrf", csrf.as_str()),
        ("tipo", "temporaria"),
        ("nome", "Comissão do Centenário"),
        ("sigla", "ccent"),
        ("criacao", criacao.as_str()),
        ("finalidade", "Organizar o **centenário**."),
    ];
    let r = post(&app, &host, "/admin/comissoes", &cookie, &base).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("precisam de um prazo"), "{}", r.body);
    assert!(
        r.body.contains("value=\"Comissão do Centenário\""),
        "keeps what was typed"
    );
    let mut ok = base.to_vec();
    ok.push(("prazo", "31/12/2040"));
    let r = post(&app, &host, "/admin/comissoes", &cookie, &ok).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let caminho = r.location.clone();
    let r = post(&app, &host, "/admin/comissoes", &cookie, &ok).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("essa sigla"), "{}", r.body);
    let mut cfo = ok.clone();
    cfo.retain(|(k, _)| !matches!(*k, "nome" | "sigla" | "tipo" | "prazo"));
    cfo.extend([
        ("nome", "Finanças e Orçamento"),
        ("sigla", "CFO"),
        ("tipo", "permanente"),
    ]);
    let r = post(&app, &host, "/admin/comissoes", &cookie, &cfo).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Search and pagination.
    let lista = app
        .get_as(&host, "/admin/comissoes?q=orcamento", &cookie)
        .await;
    assert!(
        lista.body.contains("Finanças e Orçamento") && !lista.body.contains("Centenário"),
        "{}",
        lista.body
    );
    assert!(lista.body.contains("1 comissão(ões)"));

    // Composição.
    let page = app.get_as(&host, &caminho, &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let designar = async |parl: Uuid, cargo: &str, condicao: &str| {
        post(
            &app,
            &host,
            &format!("{caminho}/membros"),
            &cookie,
            &[
                ("_csrf", &csrf),
                ("parlamentar", &parl.to_string()),
                ("cargo", cargo),
                ("titular", condicao),
                ("designacao", &criacao),
            ],
        )
        .await
    };
    assert_eq!(
        designar(s.p[0], "presidente", "titular").await.status,
        StatusCode::SEE_OTHER
    );
    let r = designar(s.p[1], "presidente", "titular").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("já tem quem ocupe esse cargo"),
        "{}",
        r.body
    );
    let r = designar(s.p[0], "membro", "titular").await;
    assert!(r.body.contains("já faz parte dessa comissão"), "{}", r.body);
    let r = designar(s.sem_mandato, "membro", "titular").await;
    assert!(r.body.contains("não tem mandato"), "{}", r.body);
    assert_eq!(
        designar(s.p[1], "relator", "titular").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        designar(s.p[2], "membro", "suplente").await.status,
        StatusCode::SEE_OTHER
    );
    let page = app.get_as(&host, &caminho, &cookie).await;
    assert!(
        page.body.contains("Suplente") && page.body.contains("Relator"),
        "{}",
        page.body
    );

    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let id: Uuid = caminho
        .trim_start_matches("/admin/comissoes/")
        .parse()
        .unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let comp = comissoes::composicao(&mut tx, id, hoje).await.unwrap();
    drop(tx);
    let relator = comp.atuais.iter().find(|m| m.cargo == "relator").unwrap();
    let desligar = format!("/admin/comissoes/membros/{}/desligar", relator.id);
    assert_eq!(
        app.get_as(&host, &desligar, &cookie).await.status,
        StatusCode::OK
    );
    let r = post(
        &app,
        &host,
        &desligar,
        &cookie,
        &[("_csrf", &csrf), ("data", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("informe a data"), "{}", r.body);
    let r = post(
        &app,
        &host,
        &desligar,
        &cookie,
        &[
            ("_csrf", &csrf),
            ("data", &br(hoje)),
            ("motivo", "A pedido"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let suplente = comp.atuais.iter().find(|m| !m.titular).unwrap();
    let remover = format!("/admin/comissoes/membros/{}/remover", suplente.id);
    let confirmar = app.get_as(&host, &remover, &cookie).await;
    assert!(
        confirmar.body.contains("feito por engano"),
        "{}",
        confirmar.body
    );
    assert_eq!(
        post(&app, &host, &remover, &cookie, &[("_csrf", &csrf)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // Edit, then extinguish (with confirmation and a date).
    let mut editar = ok.clone();
    editar.retain(|(k, _)| *k != "nome");
    editar.push(("nome", "Comissão Especial do Centenário"));
    let r = post(&app, &host, &caminho, &cookie, &editar).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let extinguir = format!("{caminho}/extinguir");
    let page = app.get_as(&host, &extinguir, &cookie).await;
    assert!(
        page.body.contains("Extinguir comissão")
            && page.body.contains("Comissão Especial do Centenário")
    );
    let r = post(
        &app,
        &host,
        &extinguir,
        &cookie,
        &[("_csrf", &csrf), ("data", "01/01/1990")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("anterior à criação"), "{}", r.body);
    let r = post(
        &app,
        &host,
        &extinguir,
        &cookie,
        &[("_csrf", &csrf), ("data", &br(hoje))],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &caminho, &cookie).await;
    assert!(page.body.contains("Extinta em"), "{}", page.body);
    assert!(!page.body.contains("Designar membro"));
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let acoes: Vec<String> = sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade IN ('comissao', 'membro_comissao')",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    for a in [
        "criar",
        "editar",
        "extinguir",
        "designar",
        "desligar",
        "remover",
    ] {
        assert!(acoes.iter().any(|x| x == a), "{a}: {acoes:?}");
    }
}

/// A mesa with history and comissões (one CPI extinct), straight through the store.
async fn semear(env: &TestEnv, t: &Tenant) -> Composicao {
    let s = compor(env, t).await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let cargos = mesa::cargos(&mut tx, false).await.unwrap();
    let p = mesa::criar_periodo(&mut tx, &a, l.id, l.inicio, l.fim, "")
        .await
        .unwrap();
    // Ana presided until yesterday; Bruno from today.
    let ontem = hoje.previous_day().unwrap().max(l.inicio);
    let novo = |parl, cargo, inicio, fim| NovoMembroMesa {
        periodo_id: p.id,
        parlamentar_id: parl,
        cargo_id: cargo,
        inicio,
        fim,
        observacao: String::new(),
    };
    mesa::designar(
        &mut tx,
        &a,
        &novo(s.p[0], cargos[0].id, l.inicio, Some(ontem)),
    )
    .await
    .unwrap();
    mesa::designar(
        &mut tx,
        &a,
        &novo(s.p[1], cargos[0].id, ontem.next_day().unwrap(), None),
    )
    .await
    .unwrap();
    mesa::designar(&mut tx, &a, &novo(s.p[2], cargos[2].id, l.inicio, None))
        .await
        .unwrap();
    let dados = |tipo: &str, nome: &str, sigla: &str, prazo| DadosComissao {
        tipo: tipo.into(),
        nome: nome.into(),
        sigla: sigla.into(),
        finalidade: format!("Cuidar de **{nome}**."),
        criacao: l.inicio,
        prazo,
    };
    let cjr = comissoes::criar(
        &mut tx,
        &a,
        &dados("permanente", "Constituição, Justiça e Redação", "CJR", None),
    )
    .await
    .unwrap();
    let cfo = comissoes::criar(
        &mut tx,
        &a,
        &dados("permanente", "Finanças e Orçamento", "CFO", None),
    )
    .await
    .unwrap();
    let cpi = comissoes::criar(
        &mut tx,
        &a,
        &dados(
            "cpi",
            "CPI da Merenda",
            "CPI-1",
            Some(l.inicio.next_day().unwrap()),
        ),
    )
    .await
    .unwrap();
    let membro = |c, parl, cargo: &str, titular| NovoMembroComissao {
        comissao_id: c,
        parlamentar_id: parl,
        cargo: cargo.into(),
        titular,
        designacao: l.inicio,
    };
    comissoes::designar(&mut tx, &a, &membro(cjr.id, s.p[0], "presidente", true))
        .await
        .unwrap();
    comissoes::designar(&mut tx, &a, &membro(cjr.id, s.p[1], "membro", true))
        .await
        .unwrap();
    comissoes::designar(&mut tx, &a, &membro(cjr.id, s.p[2], "membro", false))
        .await
        .unwrap();
    let saiu = comissoes::designar(&mut tx, &a, &membro(cfo.id, s.p[3], "relator", true))
        .await
        .unwrap();
    comissoes::desligar(&mut tx, &a, saiu, l.inicio, "Licença")
        .await
        .unwrap();
    comissoes::designar(&mut tx, &a, &membro(cpi.id, s.p[3], "presidente", true))
        .await
        .unwrap();
    comissoes::extinguir(&mut tx, &a, cpi.id, l.inicio.next_day().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    s
}

#[tokio::test]
async fn public_pages_show_the_current_mesa_and_comissoes_and_their_past() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-publica", "pool").await;
    semear(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/parlamentares/mesa-diretora").await;
    assert_eq!(r.status, StatusCode::OK);
    let (atual, historico) = r.body.split_once("Histórico por período").unwrap();
    assert!(
        atual.contains("Bruno Dias") && atual.contains("Carla Reis"),
        "{atual}"
    );
    assert!(!atual.contains("Ana Lúcia"), "{atual}");
    assert!(
        historico.contains("Ana Lúcia")
            && historico.contains("<caption>1º período da 20ª legislatura"),
        "{historico}"
    );
    assert!(atual.contains("(PCA)"));
    assert!(!r.body.contains("52998224725"));

    let r = app.get(&host, "/legislativo/comissoes").await;
    assert_eq!(r.status, StatusCode::OK);
    let (ativas, extintas) = r.body.split_once("Comissões extintas").unwrap();
    assert!(
        ativas.contains("<h2 id=\"tipo-1\">Permanentes</h2>"),
        "{ativas}"
    );
    assert!(
        ativas.contains("href=\"/legislativo/comissoes/cjr\"")
            && ativas.contains("Finanças e Orçamento")
    );
    assert!(!ativas.contains("CPI da Merenda"));
    assert!(
        extintas.contains("CPI da Merenda") && extintas.contains("extinta em"),
        "{extintas}"
    );

    for caminho in [
        "/legislativo/comissoes/cjr",
        "/legislativo/comissoes/constituicao-justica-e-redacao",
    ] {
        let r = app.get(&host, caminho).await;
        assert_eq!(r.status, StatusCode::OK, "{caminho}");
        assert!(
            r.body
                .contains("<h1>Constituição, Justiça e Redação (CJR)</h1>"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("<strong>Constituição, Justiça e Redação</strong>"),
            "Markdown rendered"
        );
        assert!(r.body.contains("Ana Lúcia") && r.body.contains("Suplente"));
    }
    let r = app.get(&host, "/legislativo/comissoes/cfo").await;
    let (atual, anteriores) = r.body.split_once("Membros anteriores").unwrap();
    assert!(atual.contains("Nenhum membro em exercício"), "{atual}");
    assert!(
        anteriores.contains("Davi Melo") && anteriores.contains("Licença"),
        "{anteriores}"
    );
    let r = app.get(&host, "/legislativo/comissoes/cpi-1").await;
    assert!(r.body.contains("Extinta em"), "{}", r.body);
    assert_eq!(
        app.get(&host, "/legislativo/comissoes/nao-existe")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn open_data_for_comissoes_and_the_mesa_in_json_and_csv() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-api", "dedicated").await;
    semear(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/api/v1/comissoes?itens=2").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let dados = v["dados"].as_array().unwrap();
    assert_eq!(
        dados
            .iter()
            .map(|d| d["sigla"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["CFO", "CJR"]
    );
    assert_eq!(dados[0]["membros"].as_array().unwrap().len(), 0);
    let cjr = dados[1]["membros"].as_array().unwrap();
    assert_eq!(cjr.len(), 3);
    assert_eq!(cjr[0]["nome_parlamentar"], "Ana Lúcia");
    assert_eq!(cjr[0]["cargo"], "presidente");
    assert_eq!(cjr[2]["titular"], false);
    assert_eq!(dados[1]["uri"], "/legislativo/comissoes/cjr");
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap();
    assert!(next["href"].as_str().unwrap().contains("cursor=CJR"));
    let r = app.get(&host, "/api/v1/comissoes?itens=2&cursor=CJR").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"][0]["sigla"], "CPI-1");
    assert_eq!(v["dados"][0]["ativa"], false);

    let csv = app.get(&host, "/api/v1/comissoes?formato=csv").await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'));
    let linhas: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(linhas.len(), 4, "{}", csv.body);
    assert!(
        linhas[0]
            .starts_with("id,sigla,nome,tipo,finalidade,criacao,prazo,extincao,ativa,uri,membros"),
        "{}",
        linhas[0]
    );
    assert!(
        linhas[2].contains("Ana Lúcia (presidente, titular); Bruno Dias (membro, titular); Carla Reis (membro, suplente)"),
        "{}",
        linhas[2]
    );

    let r = app.get(&host, "/api/v1/mesa-diretora").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let mesa = v["dados"].as_array().unwrap();
    assert_eq!(
        mesa.iter()
            .map(|m| (
                m["cargo"].as_str().unwrap(),
                m["nome_parlamentar"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        [
            ("Presidente", "Bruno Dias"),
            ("1º Secretário", "Carla Reis")
        ]
    );
    assert!(mesa[0].get("cpf").is_none() && !r.body.contains("52998224725"));
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    drop(tx);
    let r = app
        .get(&host, &format!("/api/v1/mesa-diretora?data={}", l.inicio))
        .await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"][0]["nome_parlamentar"], "Ana Lúcia", "{}", r.body);
    let r = app.get(&host, "/api/v1/mesa-diretora?itens=1").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.get(&host, &next).await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        v["dados"][0]["nome_parlamentar"], "Carla Reis",
        "{}",
        r.body
    );
    let csv = app.get(&host, "/api/v1/mesa-diretora?formato=csv").await;
    let linhas: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(linhas.len(), 3, "{}", csv.body);
    assert!(
        linhas[0].starts_with("id,periodo_id,parlamentar_id,nome_parlamentar"),
        "{}",
        linhas[0]
    );
    assert_eq!(
        app.get(&host, "/api/v1/mesa-diretora?data=01/01/2025")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

/// In a real headless Chromium: the secretariat creates a comissão, designates its
/// presidente, and the public page shows them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_browser_the_secretariat_creates_a_comissao_and_designates_its_presidente() {
    let env = TestEnv::new().await;
    let Some(nav) = testkit::browser::Navegador::abrir(&env).await else {
        return;
    };
    let t = env.camara("mesa-nav", "pool").await;
    let s = compor(&env, &t).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    drop(tx);
    nav.entrar(&env, &t, Papel::Secretaria).await;
    nav.esperar("nav.menu-admin a[href='/admin/comissoes']")
        .await;
    nav.client
        .goto(&format!("{}/admin/comissoes", nav.base(&t)))
        .await
        .unwrap();
    nav.esperar("#nome").await;
    nav.definir("tipo", "permanente").await;
    nav.preencher("nome", "Obras e Serviços Públicos").await;
    nav.preencher("sigla", "cosp").await;
    nav.preencher("criacao", &br(l.inicio)).await;
    nav.preencher("finalidade", "Opinar sobre **obras públicas**.")
        .await;
    nav.clicar("form[method=post][action='/admin/comissoes'] button[type=submit]")
        .await;
    nav.esperar("#designacao").await;
    assert!(
        nav.texto()
            .await
            .contains("Obras e Serviços Públicos (COSP)")
    );
    nav.definir("parlamentar", &s.p[1].to_string()).await;
    nav.definir("cargo", "presidente").await;
    nav.preencher("designacao", &br(l.inicio)).await;
    nav.clicar("form[action$='/membros'] button[type=submit]")
        .await;
    nav.esperar("a[href$='/desligar']").await;
    nav.client
        .goto(&format!("{}/legislativo/comissoes/cosp", nav.base(&t)))
        .await
        .unwrap();
    nav.esperar("table.composicao").await;
    let texto = nav.texto().await;
    assert!(
        texto.contains("Bruno Dias")
            && texto.contains("Presidente")
            && texto.contains("obras públicas"),
        "{texto}"
    );
    nav.fechar().await;
}
