//! The public calendar, detail and .ics feeds, the open data, and a browser scheduling a sessão.

use super::*;

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
            // 2ª: the older `antiga` of the same tipo comes first by date (issue #12).
            "<a href=\"/legislativo/sessoes/{}\">18:00 — 2ª Ordinária</a>",
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
            .contains("<h1>2ª Sessão Ordinária da 2ª Sessão Legislativa</h1>")
            && d.body.contains(&dd_mm_aaaa(dia))
            && d.body.contains("18:00")
            && d.body.contains("Agendada"),
        "{}",
        d.body
    );
    // A past sessão never opened says so, never "Agendada" (issue #12, LegNet §3.5).
    let passada = app
        .get(&host, &format!("/legislativo/sessoes/{}", antiga.id))
        .await;
    assert!(
        passada.body.contains("Não realizada") && !passada.body.contains("Agendada"),
        "{}",
        passada.body
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
        "2ª Sessão Ordinária da 2ª Sessão Legislativa"
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
    // A past sessão never opened is "nao_realizada" in the open data too (issue #12).
    assert_eq!(v["dados"][0]["status"], "nao_realizada");
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
    // What the native date picker sends: aaaa-mm-dd.
    nav.definir("data", &format!("{}-{:02}", mes_iso(dia), dia.day()))
        .await;
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
