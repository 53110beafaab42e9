//! Tests of sessoes_plenarias (see the module's routes): the admin, the public calendar and
//! pages, the .ics feeds, the open data, and a browser scheduling a sessão.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::composicao;
use store::infra::catalog::Tenant;
use store::sessoes_plenarias::{self as sp, NovaSessao, SessaoPlenaria, TipoSessao};
use store::{Access, TenantTx, camara};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of};
use time::{Date, Duration, PrimitiveDateTime, Time};

/// A câmara whose sessão legislativa runs from 200 days ago to 100 days ahead; its today.
async fn preparar(env: &TestEnv, prefix: &str) -> (Tenant, Date, Vec<TipoSessao>) {
    let t = env.camara(prefix, "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let hoje = camara::hoje(&mut tx).await.unwrap();
    let leg = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        hoje - Duration::days(400),
        hoje + Duration::days(400),
    )
    .await
    .unwrap();
    composicao::criar_sessao_legislativa(
        &mut tx,
        &a,
        leg.id,
        2,
        hoje - Duration::days(200),
        hoje + Duration::days(100),
    )
    .await
    .unwrap();
    let tipos = sp::tipos(&mut tx, true).await.unwrap();
    tx.commit().await.unwrap();
    (t, hoje, tipos)
}

fn dd_mm_aaaa(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

fn mes_iso(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

async fn agendar(
    env: &TestEnv,
    t: &Tenant,
    tipo: &TipoSessao,
    dia: Date,
    hora: u8,
    local: &str,
) -> SessaoPlenaria {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let s = sp::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovaSessao {
            tipo_id: tipo.id,
            inicio: PrimitiveDateTime::new(dia, Time::from_hms(hora, 0, 0).unwrap()),
            fim: None,
            local: local.into(),
            observacoes: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    s
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn post(
    app: &TestApp,
    host: &str,
    path: &str,
    cookie: &str,
    csrf: &str,
    campos: &[(&str, &str)],
) -> testkit::http::TestResponse {
    let mut body = format!("_csrf={}", enc(csrf));
    for (k, v) in campos {
        body.push_str(&format!("&{k}={}", enc(v)));
    }
    app.send(Method::POST, host, path, &[("cookie", cookie)], &body)
        .await
}

#[tokio::test]
async fn an_operador_schedules_edits_cancels_and_deletes_sessoes() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "admin-sessoes").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Operador).await;
    let form = app.get_as(&host, "/admin/sessoes/nova", &cookie).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Agendar sessão plenária"));
    let csrf = form.field("_csrf").unwrap();
    let ordinaria = tipos[0].id.to_string();
    let dia = hoje + Duration::days(7);

    // Validation messages, next to the fields.
    let r = post(
        &app,
        &host,
        "/admin/sessoes/nova",
        &cookie,
        &csrf,
        &[
            ("tipo", &ordinaria),
            ("data", "31/02/2026"),
            ("hora", "25:00"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Data inválida:") && r.body.contains("31/02/2026"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Hora inválida"), "{}", r.body);
    let fora = hoje + Duration::days(150);
    let r = post(
        &app,
        &host,
        "/admin/sessoes/nova",
        &cookie,
        &csrf,
        &[
            ("tipo", &ordinaria),
            ("data", &dd_mm_aaaa(fora)),
            ("hora", "18:00"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(&format!(
            "Não há sessão legislativa cadastrada que inclua o dia {}",
            dd_mm_aaaa(fora)
        )),
        "{}",
        r.body
    );

    // Scheduled.
    let r = post(
        &app,
        &host,
        "/admin/sessoes/nova",
        &cookie,
        &csrf,
        &[
            ("tipo", &ordinaria),
            ("data", &dd_mm_aaaa(dia)),
            ("hora", "18:00"),
            ("hora_fim", "21:00"),
            ("local", "Plenário Tiradentes"),
            ("observacoes", "Transmissão ao vivo."),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, "/admin/sessoes?aviso=agendada");
    let lista = app
        .get_as(&host, "/admin/sessoes?aviso=agendada", &cookie)
        .await;
    assert!(lista.body.contains("Sessão agendada."), "{}", lista.body);
    assert!(
        lista
            .body
            .contains("1ª Sessão Ordinária da 2ª Sessão Legislativa"),
        "{}",
        lista.body
    );
    assert!(lista.body.contains(&dd_mm_aaaa(dia)));
    // Same instant: refused with a message.
    let r = post(
        &app,
        &host,
        "/admin/sessoes/nova",
        &cookie,
        &csrf,
        &[
            ("tipo", &tipos[1].id.to_string()),
            ("data", &dd_mm_aaaa(dia)),
            ("hora", "18:00"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("mesmo dia e horário"), "{}", r.body);

    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (sessoes, _) = sp::listar(&mut tx, &Default::default(), 10, 0)
        .await
        .unwrap();
    drop(tx);
    assert_eq!(sessoes.len(), 1, "nothing half-written");
    let s = &sessoes[0];
    assert_eq!(
        (s.hora.as_str(), s.hora_fim.as_deref()),
        ("18:00", Some("21:00"))
    );

    // Edit.
    let path = format!("/admin/sessoes/{}/editar", s.id);
    let f = app.get_as(&host, &path, &cookie).await;
    assert!(f.body.contains("Plenário Tiradentes"), "{}", f.body);
    let r = post(
        &app,
        &host,
        &path,
        &cookie,
        &csrf,
        &[
            ("data", &dd_mm_aaaa(dia)),
            ("hora", "19:30"),
            ("local", "Auditório Municipal"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Cancel: a confirmation page with the motivo, which is required.
    let path = format!("/admin/sessoes/{}/cancelar", s.id);
    let conf = app.get_as(&host, &path, &cookie).await;
    assert!(
        conf.body.contains("Motivo do cancelamento") && conf.body.contains("19:30"),
        "{}",
        conf.body
    );
    let r = post(&app, &host, &path, &cookie, &csrf, &[("motivo", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Informe o motivo"), "{}", r.body);
    let r = post(
        &app,
        &host,
        &path,
        &cookie,
        &csrf,
        &[("motivo", "Luto oficial decretado pelo município")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let publica = app
        .get(&host, &format!("/legislativo/sessoes/{}", s.id))
        .await;
    assert!(
        publica.body.contains("Sessão cancelada.")
            && publica
                .body
                .contains("Luto oficial decretado pelo município")
            && publica.body.contains("Auditório Municipal"),
        "{}",
        publica.body
    );
    // A cancelled sessão is not deleted: the page says why and has no button.
    let conf = app
        .get_as(&host, &format!("/admin/sessoes/{}/excluir", s.id), &cookie)
        .await;
    assert!(
        conf.body.contains("canceladas não são excluídas")
            && !conf.body.contains("type=\"submit\">Excluir"),
        "{}",
        conf.body
    );
    let r = post(
        &app,
        &host,
        &format!("/admin/sessoes/{}/excluir", s.id),
        &cookie,
        &csrf,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // A sessão scheduled by mistake is deleted after confirmation.
    let outra = agendar(&env, &t, &tipos[0], dia + Duration::days(1), 18, "Plenário").await;
    assert_eq!(outra.numero, 2);
    let path = format!("/admin/sessoes/{}/excluir", outra.id);
    let conf = app.get_as(&host, &path, &cookie).await;
    assert!(
        conf.body.contains("type=\"submit\">Excluir"),
        "{}",
        conf.body
    );
    let r = post(&app, &host, &path, &cookie, &csrf, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&host, &format!("/legislativo/sessoes/{}", outra.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Every write is audited.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (reg, _) = store::auditoria::listar(
        &mut tx,
        &store::auditoria::Filtro {
            entidade: Some("sessao_plenaria".into()),
            ..Default::default()
        },
        50,
        0,
    )
    .await
    .unwrap();
    let acoes: Vec<&str> = reg.iter().rev().map(|r| r.acao.as_str()).collect();
    assert_eq!(acoes, ["criar", "editar", "cancelar", "criar", "excluir"]);
    assert!(
        reg.iter()
            .filter(|r| ["editar", "cancelar", "excluir"].contains(&r.acao.as_str()))
            .all(|r| r
                .usuario_email
                .as_deref()
                .is_some_and(|e| e.starts_with("operador-"))),
        "the operador is the author"
    );
}

#[tokio::test]
async fn tipos_are_managed_in_the_admin() {
    let env = TestEnv::new().await;
    let (t, _, _) = preparar(&env, "admin-tipos").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let page = app.get_as(&host, "/admin/sessoes/tipos", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    for nome in ["Ordinária", "Extraordinária", "Solene", "Especial"] {
        assert!(page.body.contains(nome), "{nome}");
    }
    let csrf = page.field("_csrf").unwrap();
    let r = post(
        &app,
        &host,
        "/admin/sessoes/tipos",
        &cookie,
        &csrf,
        &[("nome", "Solene"), ("ordem", "5")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Já existe um tipo de sessão com esse nome"));
    let r = post(
        &app,
        &host,
        "/admin/sessoes/tipos",
        &cookie,
        &csrf,
        &[("nome", "Audiência Pública"), ("ordem", "5")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let novo = sp::tipos(&mut tx, false)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.nome == "Audiência Pública")
        .unwrap();
    drop(tx);
    let r = post(
        &app,
        &host,
        &format!("/admin/sessoes/tipos/{}/editar", novo.id),
        &cookie,
        &csrf,
        &[("nome", "Audiência Pública"), ("ordem", "6")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let t2 = sp::tipo_por_id(&mut tx, novo.id).await.unwrap().unwrap();
    assert_eq!((t2.ordem, t2.ativo), (6, false), "unticked: deactivated");
    drop(tx);
    let r = post(
        &app,
        &host,
        &format!("/admin/sessoes/tipos/{}/excluir", novo.id),
        &cookie,
        &csrf,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn other_roles_are_denied() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "negado").await;
    let s = agendar(
        &env,
        &t,
        &tipos[0],
        hoje + Duration::days(3),
        18,
        "Plenário",
    )
    .await;
    let app = env.app();
    let host = host_of(&t);
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    for path in [
        "/admin/sessoes".to_owned(),
        "/admin/sessoes/nova".to_owned(),
        "/admin/sessoes/tipos".to_owned(),
        format!("/admin/sessoes/{}/editar", s.id),
        format!("/admin/sessoes/{}/excluir", s.id),
    ] {
        let r = app.get_as(&host, &path, &editor).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
    // The editor's own token does not help either.
    let csrf = app
        .get_as(&host, "/admin/senha", &editor)
        .await
        .field("_csrf")
        .unwrap();
    let r = post(
        &app,
        &host,
        "/admin/sessoes/nova",
        &editor,
        &csrf,
        &[
            ("tipo", &tipos[0].id.to_string()),
            ("data", &dd_mm_aaaa(hoje + Duration::days(4))),
            ("hora", "18:00"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = post(
        &app,
        &host,
        &format!("/admin/sessoes/{}/excluir", s.id),
        &editor,
        &csrf,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Anonymous: to the login.
    let r = app.get(&host, "/admin/sessoes").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location.starts_with("/admin/login"));
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert_eq!(
        sp::listar(&mut tx, &Default::default(), 10, 0)
            .await
            .unwrap()
            .1,
        1
    );
}

/// Unfolds an iCalendar body, checking its line endings and line lengths on the way.
fn linhas_ics(corpo: &str) -> Vec<String> {
    assert!(corpo.ends_with("\r\n"));
    assert!(
        !corpo.replace("\r\n", "").contains('\n') && !corpo.replace("\r\n", "").contains('\r'),
        "only CRLF line endings"
    );
    let mut linhas: Vec<String> = Vec::new();
    for fisica in corpo.trim_end_matches("\r\n").split("\r\n") {
        assert!(fisica.len() <= 75, "{} octets: {fisica}", fisica.len());
        if let Some(cont) = fisica.strip_prefix(' ') {
            linhas.last_mut().unwrap().push_str(cont);
        } else {
            linhas.push(fisica.to_owned());
        }
    }
    linhas
}

/// The VEVENTs as maps of property → value.
fn eventos(linhas: &[String]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut out = Vec::new();
    let mut atual = None;
    for l in linhas {
        match l.as_str() {
            "BEGIN:VEVENT" => atual = Some(std::collections::BTreeMap::new()),
            "END:VEVENT" => out.push(atual.take().unwrap()),
            _ => {
                if let Some(m) = atual.as_mut() {
                    let (k, v) = l.split_once(':').unwrap();
                    m.insert(k.to_owned(), v.to_owned());
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn the_public_calendar_detail_and_ics() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "calendario").await;
    let longo = "Plenário Vereadora Maria José da Conceição Albuquerque, Rua de São Bento, 123 — Varadouro; térreo";
    let s1 = agendar(&env, &t, &tipos[0], hoje + Duration::days(2), 18, longo).await;
    let s2 = agendar(
        &env,
        &t,
        &tipos[1],
        hoje + Duration::days(9),
        10,
        "Plenário",
    )
    .await;
    let antiga = agendar(
        &env,
        &t,
        &tipos[0],
        hoje - Duration::days(20),
        18,
        "Plenário",
    )
    .await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    sp::cancelar(&mut tx, &Autor::cli("t"), s2.id, "Feriado municipal")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);

    // The calendar of the month of s1, accessible.
    let dia = hoje + Duration::days(2);
    let cal = app
        .get(&host, &format!("/legislativo/sessoes?mes={}", mes_iso(dia)))
        .await;
    assert_eq!(cal.status, StatusCode::OK);
    assert!(cal.body.contains("<caption>Sessões de "), "{}", cal.body);
    assert!(
        cal.body
            .contains("<th scope=\"col\" abbr=\"Domingo\">Dom</th>")
    );
    assert_eq!(cal.body.matches("<h1>").count(), 1);
    assert!(
        cal.body.contains(&format!(
            "<a href=\"/legislativo/sessoes/{}\">18:00 — 1ª Ordinária</a>",
            s1.id
        )),
        "{}",
        cal.body
    );
    // Upcoming (the cancelled one marked) and past lists.
    assert!(cal.body.contains("Próximas sessões"));
    assert!(cal.body.contains(&s1.titulo()));
    assert!(
        cal.body.contains("<strong>cancelada</strong>"),
        "{}",
        cal.body
    );
    // Filters: tipo by id, ano.
    let f = app
        .get(
            &host,
            &format!(
                "/legislativo/sessoes?tipo={}&ano={}",
                tipos[1].id,
                (hoje + Duration::days(9)).year()
            ),
        )
        .await;
    let linha_antiga = format!(
        "<th scope=\"row\"><a href=\"/legislativo/sessoes/{}\">",
        antiga.id
    );
    assert!(cal.body.contains(&linha_antiga), "{}", cal.body);
    assert!(!f.body.contains(&linha_antiga), "{}", f.body);
    // An invalid month falls back to today's.
    assert_eq!(
        app.get(&host, "/legislativo/sessoes?mes=xx").await.status,
        StatusCode::OK
    );

    // Detail.
    let d = app
        .get(&host, &format!("/legislativo/sessoes/{}", s1.id))
        .await;
    assert_eq!(d.status, StatusCode::OK);
    assert!(
        d.body
            .contains("<h1>1ª Sessão Ordinária da 2ª Sessão Legislativa</h1>")
            && d.body.contains(&dd_mm_aaaa(dia))
            && d.body.contains("18:00")
            && d.body.contains("Agendada"),
        "{}",
        d.body
    );
    assert_eq!(
        app.get(&host, "/legislativo/sessoes/nao-existe")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The feed: upcoming and recent sessões, RFC 5545.
    let ics = app.get(&host, "/legislativo/sessoes.ics").await;
    assert_eq!(ics.status, StatusCode::OK);
    assert_eq!(ics.content_type, "text/calendar; charset=utf-8");
    let linhas = linhas_ics(&ics.body);
    assert_eq!(linhas.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(linhas.last().unwrap(), "END:VCALENDAR");
    assert!(linhas.contains(&"VERSION:2.0".to_owned()));
    assert!(linhas.iter().any(|l| l.starts_with("PRODID:")));
    let ev = eventos(&linhas);
    assert_eq!(ev.len(), 3);
    let uids: BTreeSet<&String> = ev.iter().map(|e| &e["UID"]).collect();
    assert_eq!(uids.len(), 3, "one UID per sessão");
    let e1 = ev
        .iter()
        .find(|e| e["UID"] == format!("sessao-plenaria-{}@plenario", s1.id))
        .unwrap();
    assert_eq!(
        e1["SUMMARY"],
        "1ª Sessão Ordinária da 2ª Sessão Legislativa"
    );
    assert_eq!(e1["STATUS"], "CONFIRMED");
    assert!(
        e1["LOCATION"].contains("Albuquerque\\, Rua de São Bento\\, 123 — Varadouro\\; térreo")
    );
    // 18:00 in America/Sao_Paulo is 21:00 UTC.
    let esperado = format!(
        "{:04}{:02}{:02}T210000Z",
        dia.year(),
        u8::from(dia.month()),
        dia.day()
    );
    assert_eq!(e1["DTSTART"], esperado);
    assert!(e1["DTSTAMP"].ends_with('Z') && e1["DTSTAMP"].len() == 16);
    let e2 = ev
        .iter()
        .find(|e| e["UID"] == format!("sessao-plenaria-{}@plenario", s2.id))
        .unwrap();
    assert_eq!(e2["STATUS"], "CANCELLED");
    assert!(e2["DESCRIPTION"].contains("Motivo: Feriado municipal"));
    // Stable UIDs: the same on the next request and in the sessão's own file.
    let de_novo = eventos(&linhas_ics(
        &app.get(&host, "/legislativo/sessoes.ics").await.body,
    ));
    assert_eq!(
        de_novo
            .iter()
            .map(|e| e["UID"].clone())
            .collect::<BTreeSet<_>>(),
        uids.into_iter().cloned().collect::<BTreeSet<_>>()
    );
    let um = app
        .get(&host, &format!("/legislativo/sessoes/{}.ics", s1.id))
        .await;
    assert_eq!(um.content_type, "text/calendar; charset=utf-8");
    let ev1 = eventos(&linhas_ics(&um.body));
    assert_eq!(ev1.len(), 1);
    assert_eq!(ev1[0]["UID"], e1["UID"]);
}

#[tokio::test]
async fn open_data_in_json_and_csv() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "api-sessoes").await;
    for i in 0..5 {
        agendar(
            &env,
            &t,
            &tipos[0],
            hoje - Duration::days(30 - i * 5),
            18,
            "Plenário",
        )
        .await;
    }
    agendar(&env, &t, &tipos[1], hoje + Duration::days(1), 9, "Plenário").await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/api/v1/sessoes?itens=4").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type.starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"].as_array().unwrap().len(), 4);
    assert_eq!(v["dados"][0]["numero"], 1);
    assert_eq!(v["dados"][0]["tipo"], "Ordinária");
    assert_eq!(v["dados"][0]["hora"], "18:00");
    assert_eq!(
        v["dados"][0]["titulo"],
        "1ª Sessão Ordinária da 2ª Sessão Legislativa"
    );
    assert_eq!(v["dados"][0]["status"], "agendada");
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let p2: serde_json::Value = serde_json::from_str(&app.get(&host, &next).await.body).unwrap();
    let numeros: Vec<(String, i64)> = p2["dados"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["tipo"].as_str().unwrap().to_owned(),
                d["numero"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        numeros,
        [
            ("Ordinária".to_owned(), 5),
            ("Extraordinária".to_owned(), 1)
        ]
    );
    let ext: serde_json::Value = serde_json::from_str(
        &app.get(&host, "/api/v1/sessoes?tipo=extraordinaria")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(ext["dados"].as_array().unwrap().len(), 1);
    let ano = (hoje + Duration::days(1)).year();
    let por_ano: serde_json::Value = serde_json::from_str(
        &app.get(&host, &format!("/api/v1/sessoes?ano={ano}&itens=100"))
            .await
            .body,
    )
    .unwrap();
    assert!(
        por_ano["dados"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["data"].as_str().unwrap().starts_with(&ano.to_string()))
    );
    let vazio: serde_json::Value = serde_json::from_str(
        &app.get(&host, &format!("/api/v1/sessoes?ano={}", ano - 5))
            .await
            .body,
    )
    .unwrap();
    assert_eq!(vazio["dados"].as_array().unwrap().len(), 0);
    for bad in ["/api/v1/sessoes?ano=abc", "/api/v1/sessoes?cursor=x"] {
        let r = app.get(&host, bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.content_type.starts_with("application/problem+json"));
    }
    // A well-formed tipo that names nothing: 404 (documented in the OpenAPI document).
    let r = app.get(&host, "/api/v1/sessoes?tipo=nenhum").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.content_type.starts_with("application/problem+json"));

    let csv = app
        .get(&host, "/api/v1/sessoes?formato=csv&itens=100")
        .await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(
        lines[0].starts_with("id,numero,tipo,titulo,sessao_legislativa,legislatura,data,hora"),
        "{}",
        lines[0]
    );
    assert!(lines[6].contains("Extraordinária"), "{}", lines[6]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operador_schedules_in_the_browser_and_it_reaches_the_calendar_and_ics() {
    let env = TestEnv::new().await;
    let (t, hoje, _) = preparar(&env, "navegador-sessoes").await;
    let Some(nav) = testkit::browser::Navegador::abrir(&env).await else {
        return;
    };
    let base = nav.base(&t);
    nav.entrar(&env, &t, Papel::Operador).await;
    nav.esperar("nav.menu-admin a[href='/admin/sessoes']").await;
    let dia = hoje + Duration::days(5);
    nav.client
        .goto(&format!("{base}/admin/sessoes/nova"))
        .await
        .unwrap();
    nav.esperar("form[action='/admin/sessoes/nova']").await;
    nav.preencher("data", &dd_mm_aaaa(dia)).await;
    nav.definir("hora", "19:00").await;
    nav.preencher("local", "Plenário Joaquim Nabuco").await;
    nav.clicar("form[action='/admin/sessoes/nova'] button[type=submit]")
        .await;
    nav.esperar("p.sucesso").await;
    let texto = nav.texto().await;
    assert!(
        texto.contains("1ª Sessão Ordinária da 2ª Sessão Legislativa"),
        "{texto}"
    );
    // The public calendar of that month links it.
    nav.client
        .goto(&format!("{base}/legislativo/sessoes?mes={}", mes_iso(dia)))
        .await
        .unwrap();
    let link = nav
        .esperar("table.calendario a[href^='/legislativo/sessoes/']")
        .await;
    assert_eq!(link.text().await.unwrap(), "19:00 — 1ª Ordinária");
    link.click().await.unwrap();
    nav.esperar("dl.ficha").await;
    let texto = nav.texto().await;
    assert!(
        texto.contains("Plenário Joaquim Nabuco") && texto.contains(&dd_mm_aaaa(dia)),
        "{texto}"
    );
    nav.fechar().await;
    // …and the .ics has it.
    let ics = env
        .app()
        .get(&host_of(&t), "/legislativo/sessoes.ics")
        .await;
    let ev = eventos(&linhas_ics(&ics.body));
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0]["LOCATION"], "Plenário Joaquim Nabuco");
    assert_eq!(
        ev[0]["DTSTART"],
        format!(
            "{:04}{:02}{:02}T220000Z",
            dia.year(),
            u8::from(dia.month()),
            dia.day()
        )
    );
}
