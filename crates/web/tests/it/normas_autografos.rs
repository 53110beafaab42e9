//! The autógrafo's pages: made from the approved proposição's admin page, every error in
//! Portuguese with nothing written, the page with the prazo and the forms of the next steps
//! only, each step confirmed before it is recorded (the confirmation carries the form),
//! audited; the public pages of the proposição and of the norma show the path.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::auditoria::Autor;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::autografos::aprovada;
use testkit::fixtures::logged_in;
use testkit::http::host_of;
use uuid::Uuid;

const TEXTO: &str = "Art. 1º Fica criado o programa de hortas.\nArt. 2º O programa terá:\n\
I – hortas escolares;\nII – feiras livres.\nArt. 3º Esta Lei entra em vigor na data de sua publicação.";

async fn contar(env: &TestEnv, t: &store::infra::catalog::Tenant, sql: &str) -> i64 {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let n = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(tx.tenant_id())
        .fetch_one(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    n
}

fn br(d: time::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

#[tokio::test]
async fn from_the_approved_proposicao_to_the_norma_with_confirmations_and_audit() {
    let env = TestEnv::new().await;
    let t = env.camara("autografos-http", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let a = Autor::cli("t");
    let p = aprovada(
        &mut tx,
        &a,
        "PL",
        "Cria o programa municipal de hortas",
        TEXTO,
        "Vereadora Ana Souza",
    )
    .await;
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let app = env.app();
    let host = host_of(&t);
    let csrf = app.csrf(&host, &cookie).await;
    let post = |path: String, pares: Vec<(&'static str, String)>| {
        let (app, host, cookie, csrf) = (&app, &host, &cookie, &csrf);
        async move {
            let mut v: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
            v.extend(pares.iter().map(|(k, v)| (*k, v.as_str())));
            app.post_as(host, &path, cookie, &v).await
        }
    };

    // The proposição's admin page links to it; the form comes filled.
    let r = app
        .get_as(&host, &format!("/admin/proposicoes/{p}"), &cookie)
        .await;
    let novo = format!("/admin/normas/autografos/novo?proposicao={p}");
    assert!(
        r.body.contains(&novo.replace('&', "&amp;")) || r.body.contains(&novo),
        "link"
    );
    let r = app.get_as(&host, &novo, &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Fica criado o programa de hortas"));
    assert!(
        r.body.contains("selected>Lei Ordinária</option>"),
        "the PL becomes a lei ordinária"
    );
    let tipo_lo = {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let id = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
        tx.commit().await.unwrap();
        id
    };

    // Bad input: every message in Portuguese, nothing written.
    let campos = |enviado: &str, recebido: &str| {
        vec![
            ("proposicao_id", p.to_string()),
            ("tipo_norma_id", tipo_lo.to_string()),
            ("texto", TEXTO.to_owned()),
            ("enviado_em", enviado.to_owned()),
            ("recebido_em", recebido.to_owned()),
        ]
    };
    let r = post("/admin/normas/autografos".into(), campos("31/02/2026", "")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Data inválida: &#34;31/02/2026&#34;. Use o formato dd/mm/aaaa."),
        "{}",
        r.body
    );
    assert!(r.body.contains("Informe a data (dd/mm/aaaa)."));
    assert_eq!(
        contar(
            &env,
            &t,
            "SELECT count(*) FROM app.autografo WHERE tenant_id = $1"
        )
        .await,
        0
    );

    let recebido = hoje - time::Duration::days(3);
    // The valid form asks for confirmation first, carrying every field; nothing written.
    let r = post(
        "/admin/normas/autografos".into(),
        campos(&br(recebido), &br(recebido)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Este registro não pode ser desfeito."),
        "{}",
        r.body
    );
    assert!(r.body.contains("enviado à sanção do Executivo em"));
    assert!(r.body.contains("name=\"confirmado\" value=\"1\""));
    assert!(
        r.body
            .contains(&format!("name=\"proposicao_id\" value=\"{p}\""))
    );
    assert!(
        r.body.contains("Fica criado o programa de hortas"),
        "the text carried"
    );
    let contar_autografos = || {
        contar(
            &env,
            &t,
            "SELECT count(*) FROM app.autografo WHERE tenant_id = $1",
        )
    };
    assert_eq!(contar_autografos().await, 0);
    let confirmado = || {
        let mut c = campos(&br(recebido), &br(recebido));
        c.push(("confirmado", "1".to_owned()));
        c
    };
    let r = post("/admin/normas/autografos".into(), confirmado()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A reload of the confirmed post repeats nothing (PRG: the redirect was the answer).
    let de_novo = post("/admin/normas/autografos".into(), confirmado()).await;
    assert_eq!(de_novo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(contar_autografos().await, 1);
    assert_eq!(
        contar(&env, &t, "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'autografo' AND acao = 'criar'").await,
        1,
        "audited once"
    );
    let loc = r.header("location").to_owned();
    assert!(
        loc.starts_with("/admin/normas/autografos/") && loc.ends_with("?aviso=criado"),
        "{loc}"
    );
    let id: Uuid = loc["/admin/normas/autografos/".len()..loc.len() - "?aviso=criado".len()]
        .parse()
        .unwrap();
    let pagina = format!("/admin/normas/autografos/{id}");

    // The page: state, prazo, and only the next possible steps.
    let r = app.get_as(&host, &pagina, &cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Aguardando sanção"));
    assert!(r.body.contains("vence em "), "the prazo de sanção");
    assert!(r.body.contains("Registrar a sanção com veto parcial"));
    assert!(r.body.contains("Registrar o veto total"));
    assert!(!r.body.contains("Registrar a promulgação"), "not yet");
    assert!(!r.body.contains("Registrar a derrubada do veto"));
    let lista = app.get_as(&host, "/admin/normas/autografos", &cookie).await;
    assert!(lista.body.contains("PL 1/") && lista.body.contains("vence em "));
    // The dashboard's card lists the running prazo de sanção.
    let inicio = app.get_as(&host, "/admin", &cookie).await;
    assert!(
        inicio.body.contains("Sanção, veto e promulgação"),
        "the card"
    );
    assert!(
        inicio.body.contains(&pagina) && inicio.body.contains("Sanção ou veto pelo Executivo"),
        "the autógrafo's prazo on the dashboard"
    );

    // A veto parcial naming what is not in the text: refused, nothing written.
    let passo = |estado: &str, disp: &str, confirmado: &str| {
        vec![
            ("estado", estado.to_owned()),
            ("data", br(recebido)),
            ("dispositivos", disp.to_owned()),
            ("razoes", "Contraria o interesse público.".to_owned()),
            ("veto_recebido_em", br(recebido)),
            ("confirmado", confirmado.to_owned()),
        ]
    };
    let passos = format!("/admin/normas/autografos/{id}/passos");
    let r = post(
        passos.clone(),
        passo("sancionado_parcialmente", "art9, art2_cpt", ""),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("O dispositivo art9 não existe no autógrafo."),
        "{}",
        r.body
    );
    assert!(r.body.contains("nada foi registrado"));
    // The valid one asks for confirmation first, carrying the form; nothing written yet.
    let r = post(
        passos.clone(),
        passo("sancionado_parcialmente", "art2_inc2", ""),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Este passo não pode ser desfeito."));
    assert!(r.body.contains("name=\"confirmado\" value=\"1\""));
    assert!(r.body.contains("name=\"dispositivos\" value=\"art2_inc2\""));
    assert_eq!(
        contar(
            &env,
            &t,
            "SELECT count(*) FROM app.autografo_passo WHERE tenant_id = $1"
        )
        .await,
        0
    );
    let r = post(
        passos.clone(),
        passo("sancionado_parcialmente", "art2_inc2", "1"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        contar(
            &env,
            &t,
            "SELECT count(*) FROM app.autografo_passo WHERE tenant_id = $1"
        )
        .await,
        1
    );
    assert_eq!(
        contar(&env, &t, "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'autografo' AND acao = 'sancionado_parcialmente' AND usuario_email IS NOT NULL").await,
        1,
        "audited with the user"
    );
    let r = app.get_as(&host, &pagina, &cookie).await;
    assert!(r.body.contains("Sancionado parcialmente"));
    assert!(
        r.body.contains("Registrar a derrubada do veto")
            && r.body.contains("Registrar a manutenção do veto")
    );
    assert!(!r.body.contains("Registrar o veto total"));
    assert!(r.body.contains("Prazo para deliberar o veto (30 dias)"));
    // The step that is not possible now is refused in Portuguese even when posted.
    let r = post(passos.clone(), passo("vetado", "", "1")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("não pode passar a"), "{}", r.body);

    // The public pages show the path; the norma was made with the vetoed part marked.
    let ano = (hoje - time::Duration::days(60)).year();
    let r = app
        .get(&host, &format!("/legislativo/proposicoes/{ano}/pl/1"))
        .await;
    assert!(
        r.body.contains("Sanção, veto e promulgação"),
        "{}",
        r.status
    );
    assert!(r.body.contains("Autógrafo enviado ao Executivo"));
    assert!(r.body.contains("Razões do veto") && r.body.contains("Contraria o interesse público."));
    assert!(r.body.contains("Dispositivos vetados: art2_inc2"));
    assert!(r.body.contains("Transformada em"));
    let norma: Uuid = {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let n = sqlx::query_scalar(
            "SELECT id FROM app.norma WHERE tenant_id = $1 AND proposicao_id = $2",
        )
        .bind(tx.tenant_id())
        .bind(p)
        .fetch_one(tx.conn())
        .await
        .unwrap();
        tx.commit().await.unwrap();
        n
    };
    let r = app
        .get(&host, &format!("/legislativo/normas/{norma}"))
        .await;
    assert!(
        r.body.contains("Sanção, veto e promulgação") && r.body.contains("Vetado"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Vereadora Ana Souza"), "the autoria copied");

    // Derrubada, then the promulgação of the vetoed part.
    let r = post(passos.clone(), passo("veto_derrubado", "", "1")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = post(passos.clone(), passo("promulgado", "", "")).await;
    assert!(r.body.contains("das partes vetadas"), "{}", r.body);
    let r = post(passos.clone(), passo("promulgado", "", "1")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app.get_as(&host, &pagina, &cookie).await;
    assert!(r.body.contains("O caminho deste autógrafo está concluído."));
    let r = app
        .get(&host, &format!("/legislativo/normas/{norma}"))
        .await;
    assert!(r.body.contains("feiras livres.") && r.body.contains("após a derrubada do veto"));
}

/// After the sanção tácita the Prefeito has 48 horas to promulgate, then the Presidente da
/// Câmara: the dashboard's card and the public path say whose turn it is; the form asks who
/// promulgates and refuses the Prefeito once his prazo is over; the norma is made at the
/// promulgação.
#[tokio::test]
async fn the_sancao_tacita_then_the_promulgacao_passes_to_the_vice_presidente() {
    let env = TestEnv::new().await;
    let t = env.camara("autografos-tacita", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let a = Autor::cli("t");
    let p = aprovada(
        &mut tx,
        &a,
        "PL",
        "Institui a semana municipal do livro",
        TEXTO,
        "Vereador Caio",
    )
    .await;
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let recebido = hoje - time::Duration::days(60);
    let lo = testkit::fixtures::normas::tipo(&mut tx, "LO").await;
    let id = store::normas::autografos::criar(
        &mut tx,
        &a,
        &store::normas::autografos::NovoAutografo {
            proposicao_id: p,
            tipo_norma_id: lo,
            texto: TEXTO.into(),
            enviado_em: Some(recebido),
            recebido_em: Some(recebido),
        },
        hoje,
    )
    .await
    .unwrap();
    let (ano, numero): (i32, i32) =
        sqlx::query_as("SELECT ano, numero FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tx.tenant_id())
            .bind(p)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    tx.commit().await.unwrap();
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let app = env.app();
    let host = host_of(&t);
    let csrf = app.csrf(&host, &cookie).await;
    // Sixty days after the receipt, the Prefeito's 48 horas after the sanção tácita and the
    // Presidente's after them are long gone: the Vice-Presidente promulgates.
    let devida = "Promulgação pelo Vice-Presidente da Câmara (nem o Prefeito nem o Presidente da Câmara promulgaram em 48 horas)";

    let inicio = app.get_as(&host, "/admin", &cookie).await;
    assert!(inicio.body.contains(devida), "the dashboard's card");
    let pagina = format!("/admin/normas/autografos/{id}");
    let r = app.get_as(&host, &pagina, &cookie).await;
    assert!(r.body.contains("Sanção tácita"));
    assert!(r.body.contains("Promulgação após a sanção tácita"));
    assert!(
        r.body
            .contains("<option value=\"vice_presidente\" selected>"),
        "the one due today chosen: {}",
        r.body
    );
    let publica = format!("/legislativo/proposicoes/{ano}/pl/{numero}");
    let r = app.get(&host, &publica).await;
    assert!(
        r.body.contains("Sanção tácita") && r.body.contains(devida),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("vencido em "),
        "the Vice-Presidente's prazo ran out too"
    );

    let passos = format!("/admin/normas/autografos/{id}/passos");
    let hoje_br = br(hoje);
    let passo = |quem: &'static str, confirmado: &'static str| {
        vec![
            ("_csrf", csrf.as_str()),
            ("estado", "promulgado"),
            ("data", hoje_br.as_str()),
            ("promulgador", quem),
            ("confirmado", confirmado),
        ]
    };
    let r = app
        .post_as(&host, &passos, &cookie, &passo("prefeito", "1"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("a promulgação não cabe ao Prefeito: passadas as 48 horas do Prefeito e as do Presidente da Câmara, cabe ao Vice-Presidente da Câmara"),
        "{}",
        r.body
    );
    let r = app
        .post_as(&host, &passos, &cookie, &passo("presidente", "1"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("não cabe ao Presidente da Câmara"),
        "the competence passed on: {}",
        r.body
    );
    let r = app
        .post_as(&host, &passos, &cookie, &passo("vice_presidente", ""))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains("pelo Vice-Presidente da Câmara, após a sanção tácita: será criada a norma"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("name=\"promulgador\" value=\"vice_presidente\"")
    );
    assert_eq!(
        contar(
            &env,
            &t,
            "SELECT count(*) FROM app.norma WHERE tenant_id = $1"
        )
        .await,
        0,
        "nothing before the confirmation"
    );
    let r = app
        .post_as(&host, &passos, &cookie, &passo("vice_presidente", "1"))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A reload of the confirmed post records nothing again.
    let r = app
        .post_as(&host, &passos, &cookie, &passo("vice_presidente", "1"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        contar(
            &env,
            &t,
            "SELECT count(*) FROM app.autografo_passo WHERE tenant_id = $1"
        )
        .await,
        1
    );
    assert_eq!(
        contar(
            &env,
            &t,
            "SELECT count(*) FROM app.norma WHERE tenant_id = $1"
        )
        .await,
        1,
        "the norma made at the promulgação"
    );
    let r = app.get(&host, &publica).await;
    assert!(r.body.contains("Promulgado pelo Vice-Presidente da Câmara"));
    assert!(!r.body.contains(devida));
    let inicio = app.get_as(&host, "/admin", &cookie).await;
    assert!(!inicio.body.contains(devida), "off the dashboard");
}
