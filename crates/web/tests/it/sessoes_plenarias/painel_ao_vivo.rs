//! The live painel pushed by SSE (LISTEN/NOTIFY → the process's channel → every
//! subscriber): a real HTTP client reads the stream while a vote arrives through another
//! connection; a câmara's stream never carries another's; a secret vote streams counts only.

use std::time::Duration;

use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::presenca::{Ambito, SituacaoPresenca};
use domain::sessoes_plenarias::votacao::{TipoAcao, TipoVotacao};
use store::sessoes_plenarias::votacao::{self, Encerramento};
use store::sessoes_plenarias::{pauta, presenca};
use testkit::sse::Servidor;

use super::painel::vereador;
use super::*;

const ESPERA: Duration = Duration::from_secs(20);

/// A sessão opened today with the councilor present and a votação of `tipo` open on an
/// item named `item`: (sessão, votação, the councilor's id and cookie).
pub(super) async fn em_votacao(
    env: &TestEnv,
    t: &Tenant,
    tipo: TipoVotacao,
    item: &str,
) -> (uuid::Uuid, uuid::Uuid, uuid::Uuid, String) {
    let (hoje, tipos) = (camara_hoje(env, t).await, tipos(env, t).await);
    let (p, cookie) = vereador(env, t, hoje).await;
    let s = agendar(env, t, &tipos[0], hoje, 18, "Plenário").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    sp::transicionar(&mut tx, &a, s.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    presenca::marcar(
        &mut tx,
        &a,
        s.id,
        &presenca::Marca {
            parlamentar_id: p,
            ambito: Ambito::Sessao,
            situacao: SituacaoPresenca::Presente,
            justificativa: String::new(),
            pelo_proprio: true,
        },
    )
    .await
    .unwrap();
    let i = pauta::adicionar_item(
        &mut tx,
        &a,
        s.id,
        &pauta::NovoItem {
            proposicao_id: None,
            descricao: item.into(),
            tipo_acao: TipoAcao::Votacao,
            quorum: None,
            turno: 1,
            fase_id: None,
        },
    )
    .await
    .unwrap();
    let v = votacao::abrir(&mut tx, &a, i.id, tipo).await.unwrap();
    tx.commit().await.unwrap();
    (s.id, v.id, p, cookie)
}

async fn camara_hoje(env: &TestEnv, t: &Tenant) -> Date {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let h = camara::hoje(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    h
}

async fn tipos(env: &TestEnv, t: &Tenant) -> Vec<TipoSessao> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let ts = sp::tipos(&mut tx, true).await.unwrap();
    tx.commit().await.unwrap();
    ts
}

/// The councilor votes from their page (confirmed), through the in-process router: another
/// connection than the stream's.
async fn votar_pela_pagina(
    app: &testkit::http::TestApp,
    host: &str,
    cookie: &str,
    v: uuid::Uuid,
    voto: &str,
) {
    let csrf = app.csrf(host, cookie).await;
    let r = app
        .post_as(
            host,
            "/admin/plenario/votar",
            cookie,
            &[
                ("_csrf", &csrf),
                ("votacao", &v.to_string()),
                ("voto", voto),
                ("confirmado", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn encerrar_votacao(env: &TestEnv, t: &Tenant, v: uuid::Uuid) {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    votacao::encerrar(&mut tx, &Autor::cli("t"), v, &Encerramento::default())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_subscriber_receives_the_vote_cast_through_another_connection() {
    let env = TestEnv::new().await;
    let (t, _, _) = preparar(&env, "aovivo-voto").await;
    let app = env.app();
    let host = host_of(&t);
    let (s, v, _, cookie) = em_votacao(&env, &t, TipoVotacao::Nominal, "Requerimento 7").await;
    let servidor = Servidor::iniciar(&app).await;
    let mut fluxo = servidor
        .assinar(&host, &format!("/sessoes/{s}/painel/eventos"), None)
        .await;
    assert_eq!(fluxo.status, 200);
    assert!(
        fluxo
            .cabecalhos
            .iter()
            .any(|h| h.starts_with("content-type: text/event-stream")),
        "{:?}",
        fluxo.cabecalhos
    );
    // The full state on connect.
    let q = fluxo.estado(ESPERA).await.expect("the first snapshot");
    assert_eq!(q["sessao_id"], s.to_string());
    assert_eq!(q["votacao"]["votantes"], 0);
    assert_eq!(q["presentes"], 1);
    assert_eq!(q["votacao"]["item"], "Requerimento 7");

    votar_pela_pagina(&app, &host, &cookie, v, "sim").await;
    let q = fluxo
        .esperar(ESPERA, |q| q["votacao"]["votantes"] == 1)
        .await;
    assert_eq!(
        q["votacao"]["sim"], 1,
        "the running count, computed by the server"
    );
    assert_eq!(q["votos"][0]["nome"], "Joana Vereadora");
    assert_eq!(q["votos"][0]["rotulo"], "SIM");

    encerrar_votacao(&env, &t, v).await;
    let q = fluxo
        .esperar(ESPERA, |q| q["votacao"]["status"] == "encerrada")
        .await;
    assert_eq!(q["votacao"]["resultado_label"], "Aprovada");
    assert_eq!(
        q["votos"][0]["rotulo"], "SIM",
        "the nominal votes when closed"
    );

    // The public page renders the same state without JavaScript, and names its stream.
    let pagina = app.get(&host, &format!("/sessoes/{s}/painel")).await;
    assert_eq!(pagina.status, StatusCode::OK);
    assert!(pagina.body.contains("Aprovada"), "{}", pagina.body);
    assert!(
        pagina
            .body
            .contains(&format!("data-painel=\"/sessoes/{s}/painel/eventos\""))
    );

    // The sessão closes: a last snapshot, and the stream ends.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    sp::transicionar(&mut tx, &Autor::cli("t"), s, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let q = fluxo.esperar(ESPERA, |q| q["status"] == "encerrada").await;
    assert_eq!(q["ao_vivo"], false);
    assert!(
        fluxo.termina(ESPERA).await,
        "the stream of a closed sessão ends"
    );
}

#[tokio::test]
async fn a_camaras_stream_never_carries_another_camaras_events() {
    let env = TestEnv::new().await;
    let (a, _, _) = preparar(&env, "aovivo-a").await;
    let (b, _, _) = preparar(&env, "aovivo-b").await;
    let app = env.app();
    let (ha, hb) = (host_of(&a), host_of(&b));
    let (sa, va, _, ca) = em_votacao(&env, &a, TipoVotacao::Nominal, "Item da câmara A").await;
    let (sb, vb, _, cb) = em_votacao(&env, &b, TipoVotacao::Nominal, "Item da câmara B").await;
    let servidor = Servidor::iniciar(&app).await;
    // B's sessão through A's host: not found, like every page.
    let alheio = servidor
        .assinar(&ha, &format!("/sessoes/{sb}/painel/eventos"), None)
        .await;
    assert_eq!(alheio.status, 404);
    assert_eq!(
        app.get(&ha, &format!("/sessoes/{sb}/painel")).await.status,
        StatusCode::NOT_FOUND
    );
    let mut fa = servidor
        .assinar(&ha, &format!("/sessoes/{sa}/painel/eventos"), None)
        .await;
    let mut fb = servidor
        .assinar(&hb, &format!("/sessoes/{sb}/painel/eventos"), None)
        .await;
    fa.estado(ESPERA).await.unwrap();
    fb.estado(ESPERA).await.unwrap();
    // B votes first and its stream sees it; then A votes. Everything A's stream carried up
    // to A's own vote is A's.
    votar_pela_pagina(&app, &hb, &cb, vb, "nao").await;
    fb.esperar(ESPERA, |q| q["votacao"]["nao"] == 1).await;
    votar_pela_pagina(&app, &ha, &ca, va, "sim").await;
    let limite = tokio::time::Instant::now() + ESPERA;
    loop {
        let resta = limite.saturating_duration_since(tokio::time::Instant::now());
        let (_, dados) = fa.proximo(resta).await.expect("A's own vote on A's stream");
        assert!(
            !dados.contains(&sb.to_string())
                && !dados.contains(&vb.to_string())
                && !dados.contains("câmara B"),
            "{dados}"
        );
        let q: serde_json::Value = serde_json::from_str(&dados).unwrap();
        assert_eq!(q["sessao_id"], sa.to_string());
        assert_eq!(
            q["votacao"]["nao"], 0,
            "B's vote never counted on A's painel"
        );
        if q["votacao"]["sim"] == 1 {
            break;
        }
    }
}

#[tokio::test]
async fn a_secret_votes_stream_carries_counts_only() {
    let env = TestEnv::new().await;
    let (t, _, _) = preparar(&env, "aovivo-secreta").await;
    let app = env.app();
    let host = host_of(&t);
    let (s, v, p, cookie) = em_votacao(&env, &t, TipoVotacao::Secreta, "Cassação").await;
    let servidor = Servidor::iniciar(&app).await;
    let mut fluxo = servidor
        .assinar(&host, &format!("/sessoes/{s}/painel/eventos"), None)
        .await;
    fluxo.estado(ESPERA).await.unwrap();
    votar_pela_pagina(&app, &host, &cookie, v, "nao").await;
    let limite = tokio::time::Instant::now() + ESPERA;
    let mut brutos = Vec::new();
    loop {
        let resta = limite.saturating_duration_since(tokio::time::Instant::now());
        let (_, dados) = fluxo
            .proximo(resta)
            .await
            .expect("the turnout on the stream");
        let q: serde_json::Value = serde_json::from_str(&dados).unwrap();
        brutos.push(dados);
        // While open: turnout only, no totals, no vote.
        assert_eq!(
            (
                &q["votacao"]["sim"],
                &q["votacao"]["nao"],
                &q["votacao"]["abstencao"]
            ),
            (&0.into(), &0.into(), &0.into())
        );
        assert_eq!(q["votos"].as_array().map(Vec::len), Some(0));
        if q["votacao"]["votantes"] == 1 {
            break;
        }
    }
    encerrar_votacao(&env, &t, v).await;
    let q = fluxo
        .esperar(ESPERA, |q| q["votacao"]["status"] == "encerrada")
        .await;
    assert_eq!(q["votacao"]["nao"], 1, "the totals at the close");
    assert_eq!(q["votos"].as_array().map(Vec::len), Some(0));
    brutos.push(q.to_string());
    for d in &brutos {
        assert!(!d.contains(&p.to_string()), "no councilor's id: {d}");
        assert!(!d.contains("\"voto\""), "no vote: {d}");
    }
}

#[tokio::test]
async fn speakers_sign_up_and_the_server_holds_their_time() {
    let env = TestEnv::new().await;
    let (t, _, _) = preparar(&env, "aovivo-oradores").await;
    let app = env.app();
    let host = host_of(&t);
    let (s, _, _, vereadora) = em_votacao(&env, &t, TipoVotacao::Simbolica, "Indicação 3").await;
    let (_, op) = logged_in(&env.store, &t, Papel::Operador).await;
    let console = format!("/admin/sessoes/{s}/painel");
    let csrf = app.csrf(&host, &op).await;
    let agir = async |campos: &[(&str, &str)]| {
        let mut c = vec![("_csrf", csrf.as_str())];
        c.extend_from_slice(campos);
        app.post_as(&host, &console, &op, &c).await
    };
    // The sessão opened in its first phase.
    let fase = {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let f = sp::fases(&mut tx).await.unwrap()[0].id;
        tx.commit().await.unwrap();
        f
    };
    let f = fase.to_string();
    assert_eq!(
        agir(&[("acao", "fase"), ("fase", &f)]).await.status,
        StatusCode::SEE_OTHER
    );
    // The regimento's time of the phase; a wrong one is refused in Portuguese.
    let r = agir(&[("acao", "tempo_fase"), ("fase", &f), ("tempo", "0,1")]).await;
    assert!(r.body.contains("de 30 segundos a 2 horas"), "{}", r.body);
    assert_eq!(
        agir(&[("acao", "tempo_fase"), ("fase", &f), ("tempo", "2,5")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // The councilor signs up from their page; twice is refused.
    let vcsrf = app.csrf(&host, &vereadora).await;
    let inscrever = async || {
        app.post_as(
            &host,
            "/admin/plenario/inscrever",
            &vereadora,
            &[("_csrf", &vcsrf), ("sessao", &s.to_string())],
        )
        .await
    };
    assert_eq!(inscrever().await.status, StatusCode::SEE_OTHER);
    let r = inscrever().await;
    assert!(r.body.contains("já está inscrito nesta fase"), "{}", r.body);

    let servidor = Servidor::iniciar(&app).await;
    let mut fluxo = servidor
        .assinar(&host, &format!("/sessoes/{s}/painel/eventos"), None)
        .await;
    let q = fluxo.estado(ESPERA).await.unwrap();
    assert_eq!(q["oradores"][0]["nome"], "Joana Vereadora");
    assert_eq!(q["oradores"][0]["duracao"], 150);
    assert_eq!(q["tribuna"], serde_json::Value::Null);
    let o = q["oradores"][0]["id"].as_str().unwrap().to_owned();

    // The operator gives the floor: the time runs on the server.
    assert_eq!(
        agir(&[("acao", "orador_iniciar"), ("orador", &o)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let q = fluxo
        .esperar(ESPERA, |q| q["tribuna"]["correndo"] == true)
        .await;
    let ms = q["tribuna"]["restante_ms"].as_i64().unwrap();
    assert!(ms <= 150_000 && ms > 0, "{ms}");
    // Paused: the time stands still, and the painel says so.
    agir(&[("acao", "orador_pausar"), ("orador", &o)]).await;
    let q = fluxo
        .esperar(ESPERA, |q| q["tribuna"]["status"] == "pausado")
        .await;
    assert_eq!(q["tribuna"]["correndo"], false);
    let parado = q["tribuna"]["restante_ms"].as_i64().unwrap();
    let pagina = app.get(&host, &format!("/sessoes/{s}/painel")).await;
    assert!(pagina.body.contains("Tempo pausado"), "{}", pagina.body);
    let q = fluxo::repetir(&app, &host, s).await;
    assert_eq!(q["tribuna"]["restante_ms"].as_i64().unwrap(), parado);
    // A minute more, granted while paused: exactly 60 s more on every screen.
    let r = agir(&[("acao", "orador_mais_tempo"), ("orador", &o)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q = fluxo
        .esperar(ESPERA, |q| q["tribuna"]["duracao"] == 210)
        .await;
    assert_eq!(
        q["tribuna"]["restante_ms"].as_i64().unwrap(),
        parado + 60_000
    );
    // A second speaker cannot take the floor; ending frees it.
    let r = agir(&[("acao", "orador_iniciar"), ("orador", &o)]).await;
    assert!(r.body.contains("pausado"), "{}", r.body);
    agir(&[("acao", "orador_encerrar"), ("orador", &o)]).await;
    let q = fluxo.esperar(ESPERA, |q| q["tribuna"].is_null()).await;
    assert_eq!(q["oradores"][0]["status"], "concluido");
    // Nothing to add once the speech is over.
    let r = agir(&[("acao", "orador_mais_tempo"), ("orador", &o)]).await;
    assert!(r.body.contains("já concluiu a fala"), "{}", r.body);

    // Every step audited.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let acoes: Vec<String> = sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade IN ('orador', 'fase_sessao') ORDER BY em, id",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    tx.commit().await.unwrap();
    for a in [
        "tempo_orador",
        "inscrever",
        "iniciar",
        "pausar",
        "acrescentar_tempo",
        "encerrar",
    ] {
        assert!(acoes.iter().any(|x| x == a), "{a}: {acoes:?}");
    }

    // Permissions: the operator does not sign up as a councilor, the councilor does not
    // operate the console.
    let r = app
        .post_as(
            &host,
            "/admin/plenario/inscrever",
            &op,
            &[("_csrf", &csrf), ("sessao", &s.to_string())],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_as(
            &host,
            &console,
            &vereadora,
            &[
                ("_csrf", &vcsrf),
                ("acao", "orador_iniciar"),
                ("orador", &o),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

mod fluxo {
    /// A fresh snapshot through a new connection (the first event of a new stream).
    pub(super) async fn repetir(
        app: &testkit::http::TestApp,
        host: &str,
        s: uuid::Uuid,
    ) -> serde_json::Value {
        let servidor = testkit::sse::Servidor::iniciar(app).await;
        let mut f = servidor
            .assinar(host, &format!("/sessoes/{s}/painel/eventos"), None)
            .await;
        f.estado(super::ESPERA).await.unwrap()
    }
}

#[tokio::test]
async fn the_operators_bell_reaches_every_screen_once_and_only_while_the_sessao_runs() {
    let env = TestEnv::new().await;
    let (t, _, _) = preparar(&env, "aovivo-campainha").await;
    let app = env.app();
    let host = host_of(&t);
    let (s, _, _, _) = em_votacao(&env, &t, TipoVotacao::Nominal, "Moção 3").await;
    let servidor = Servidor::iniciar(&app).await;
    let mut fluxo = servidor
        .assinar(&host, &format!("/sessoes/{s}/painel/eventos"), None)
        .await;
    let q = fluxo.estado(ESPERA).await.expect("the first snapshot");
    assert_eq!(
        (q["campainha"].clone(), q["campainha_recente"].clone()),
        (0.into(), false.into())
    );

    // The operator rings it from the console: every screen gets the count and "recent".
    let (_, operador) = logged_in(&env.store, &t, Papel::Operador).await;
    let csrf = app.csrf(&host, &operador).await;
    let console = format!("/admin/sessoes/{s}/painel");
    let campos = [("_csrf", csrf.as_str()), ("acao", "campainha")];
    let tocar = || app.post_as(&host, &console, &operador, &campos);
    let r = tocar().await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let q = fluxo.esperar(ESPERA, |q| q["campainha"] == 1).await;
    assert_eq!(q["campainha_recente"], true);
    let pagina = app.get(&host, &format!("/sessoes/{s}/painel")).await;
    assert!(
        pagina.body.contains("data-campainha=\"1\""),
        "{}",
        pagina.body
    );
    assert!(
        pagina.body.contains("data-campainha-aviso"),
        "{}",
        pagina.body
    );
    let console_pagina = app.get_as(&host, &console, &operador).await;
    assert!(console_pagina.body.contains("Tocar a campainha"));

    // Audited; and refused once the sessão is closed.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let tocadas: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND acao = 'campainha' AND entidade_id = $2",
    )
    .bind(t.id)
    .bind(s.to_string())
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(tocadas, 1);
    sp::transicionar(&mut tx, &Autor::cli("t"), s, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let r = tocar().await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.body
            .contains("A campainha só toca com a sessão aberta ou suspensa."),
        "{}",
        r.body
    );
    assert!(
        !app.get_as(&host, &console, &operador)
            .await
            .body
            .contains("Tocar a campainha")
    );
}
