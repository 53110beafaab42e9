//! The running sessão on screen: the operator console, the councilor's page (self
//! check-in, SIM / NÃO / ABSTENÇÃO with a confirmation), the public page and the open data
//! of the votações (nominal votes shown, secret ones as totals only).

use super::*;

/// A parlamentar with a mandato around today, and a PARLAMENTAR account linked to them.
pub(super) async fn vereador(env: &TestEnv, t: &Tenant, hoje: Date) -> (uuid::Uuid, String) {
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let leg = composicao::legislaturas_resumo(&mut tx).await.unwrap()[0].id;
    let (p, _) = composicao::criar_parlamentar(
        &mut tx,
        &a,
        &composicao::NovoParlamentar {
            nome_civil: "Joana Vereadora da Silva".into(),
            nome_parlamentar: "Joana Vereadora".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    composicao::criar_mandato(
        &mut tx,
        &a,
        p,
        leg,
        true,
        None,
        hoje - Duration::days(300),
        hoje + Duration::days(300),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (u, cookie) = logged_in(&env.store, t, Papel::Parlamentar).await;
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    sqlx::query("UPDATE app.usuario SET parlamentar_id = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(u.id)
        .bind(p)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (p, cookie)
}

#[tokio::test]
async fn the_operator_runs_the_sessao_and_the_councilor_votes_from_their_page() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "painel-sessao").await;
    let app = env.app();
    let host = host_of(&t);
    let (p, vereadora) = vereador(&env, &t, hoje).await;
    let s = agendar(&env, &t, &tipos[0], hoje, 18, "Plenário").await;
    let (_, op) = logged_in(&env.store, &t, Papel::Operador).await;
    let painel = format!("/admin/sessoes/{}/painel", s.id);
    let pagina = app.get_as(&host, &painel, &op).await;
    assert_eq!(pagina.status, StatusCode::OK, "{}", pagina.body);
    let csrf = pagina.field("_csrf").unwrap();
    let agir = async |campos: &[(&str, &str)]| {
        let mut c = vec![("_csrf", csrf.as_str())];
        c.extend_from_slice(campos);
        app.post_as(&host, &painel, &op, &c).await
    };
    // A votação before the sessão opens is refused with the reason, on the page.
    assert_eq!(
        agir(&[("acao", "abrir")]).await.status,
        StatusCode::SEE_OTHER
    );
    let r = agir(&[
        ("acao", "item"),
        ("descricao", "Requerimento nº 5"),
        ("tipo_acao", "votacao"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let pagina = app.get_as(&host, &painel, &op).await;
    assert!(
        pagina.body.contains("Em andamento") && pagina.body.contains("Pequeno Expediente"),
        "{}",
        pagina.body
    );
    assert!(pagina.body.contains("Quórum de deliberação"));

    // The councilor's page: self check-in.
    let minha = app.get_as(&host, "/admin/plenario", &vereadora).await;
    assert_eq!(minha.status, StatusCode::OK, "{}", minha.body);
    assert!(
        minha.body.contains("Registrar minha presença"),
        "{}",
        minha.body
    );
    let vcsrf = minha.field("_csrf").unwrap();
    let sid = s.id.to_string();
    let r = app
        .post_as(
            &host,
            "/admin/plenario/presenca",
            &vereadora,
            &[("_csrf", &vcsrf), ("sessao", &sid)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The operator opens a nominal votação on the item.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let item = store::sessoes_plenarias::pauta::itens(&mut tx, s.id)
        .await
        .unwrap()[0]
        .id
        .to_string();
    drop(tx);
    let r = agir(&[
        ("acao", "abrir_votacao"),
        ("item", &item),
        ("tipo", "nominal"),
    ])
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let v = store::sessoes_plenarias::votacao::da_sessao(&mut tx, s.id)
        .await
        .unwrap()[0]
        .id
        .to_string();
    drop(tx);

    // SIM asks for confirmation first and records nothing…
    let r = app
        .post_as(
            &host,
            "/admin/plenario/votar",
            &vereadora,
            &[("_csrf", &vcsrf), ("votacao", &v), ("voto", "sim")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Confirma o voto"), "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let uv = v.parse().unwrap();
    assert_eq!(
        store::sessoes_plenarias::votacao::meu_voto(&mut tx, uv, p)
            .await
            .unwrap(),
        (false, None)
    );
    drop(tx);
    // …then records it; a repeated submit is harmless.
    for _ in 0..2 {
        let r = app
            .post_as(
                &host,
                "/admin/plenario/votar",
                &vereadora,
                &[
                    ("_csrf", &vcsrf),
                    ("votacao", &v),
                    ("voto", "sim"),
                    ("confirmado", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let minha = app.get_as(&host, "/admin/plenario", &vereadora).await;
    assert!(
        minha.body.contains("Seu voto: <strong>SIM"),
        "{}",
        minha.body
    );
    // The operator may not vote as a councilor (no votacao.votar), the councilor may not operate.
    assert_eq!(
        app.get_as(&host, "/admin/plenario", &op).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_as(&host, &painel, &vereadora).await.status,
        StatusCode::FORBIDDEN
    );

    let r = agir(&[("acao", "encerrar_votacao"), ("votacao", &v)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Closing the sessão goes through the confirmation page.
    let conf = app.get_as(&host, &format!("{painel}/encerrar"), &op).await;
    assert!(conf.body.contains("retificação"), "{}", conf.body);
    let r = app
        .post_as(
            &host,
            &format!("{painel}/encerrar"),
            &op,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Public page and open data: the result and the nominal vote.
    let publica = app
        .get(&host, &format!("/legislativo/sessoes/{}", s.id))
        .await;
    assert!(publica.body.contains("Encerrada"), "{}", publica.body);
    assert!(
        publica.body.contains("Aprovada") && publica.body.contains("Joana Vereadora"),
        "{}",
        publica.body
    );
    let api = app
        .get(&host, &format!("/api/v1/sessoes/{}/votacoes", s.id))
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let j: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(
        j["dados"]["votacoes"][0]["votacao"]["resultado"],
        "aprovada"
    );
    assert_eq!(j["dados"]["votacoes"][0]["votos"][0]["voto"], "sim");
    let lista = app
        .get(&host, &format!("/api/v1/votacoes?sessao={}", s.id))
        .await;
    assert_eq!(lista.status, StatusCode::OK, "{}", lista.body);
    assert!(
        lista.body.contains("\"resultado\":\"aprovada\""),
        "{}",
        lista.body
    );
    let csv = app.get(&host, "/api/v1/votacoes?formato=csv").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv.body.contains("aprovada"));
    // The ata's draft lists it all: presença, the item, its result and the nominal vote.
    let ata = app
        .get_as(&host, &format!("/admin/sessoes/{}/ata", s.id), &op)
        .await;
    assert_eq!(ata.status, StatusCode::OK, "{}", ata.body);
    for t in [
        "foi aberta",
        "Presentes: Joana Vereadora.",
        "Requerimento nº 5",
        "Resultado: **Aprovada**",
        "- Joana Vereadora: SIM",
        "a sessão foi encerrada às",
    ] {
        assert!(ata.body.contains(t), "{t:?} in {}", ata.body);
    }
}

#[tokio::test]
async fn a_secret_votacao_shows_only_totals_on_the_public_page_and_the_open_data() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "painel-secreta").await;
    let app = env.app();
    let host = host_of(&t);
    let (p, _) = vereador(&env, &t, hoje).await;
    let s = agendar(&env, &t, &tipos[0], hoje, 18, "Plenário").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    use domain::sessoes_plenarias::votacao::{TipoAcao, TipoVotacao, Voto};
    use store::sessoes_plenarias::{pauta, presenca, votacao};
    sp::transicionar(
        &mut tx,
        &a,
        s.id,
        domain::sessoes_plenarias::StatusSessao::Aberta,
        None,
    )
    .await
    .unwrap();
    presenca::marcar(
        &mut tx,
        &a,
        s.id,
        &presenca::Marca {
            parlamentar_id: p,
            ambito: domain::sessoes_plenarias::presenca::Ambito::Sessao,
            situacao: domain::sessoes_plenarias::presenca::SituacaoPresenca::Presente,
            justificativa: String::new(),
            pelo_proprio: true,
        },
    )
    .await
    .unwrap();
    let item = pauta::adicionar_item(
        &mut tx,
        &a,
        s.id,
        &pauta::NovoItem {
            proposicao_id: None,
            descricao: "Cassação de mandato".into(),
            tipo_acao: TipoAcao::Votacao,
            quorum: None,
            turno: 1,
            fase_id: None,
        },
    )
    .await
    .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Secreta)
        .await
        .unwrap();
    votacao::votar(&mut tx, &a, v.id, p, Voto::Nao)
        .await
        .unwrap();
    votacao::encerrar(&mut tx, &a, v.id, &votacao::Encerramento::default())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let publica = app
        .get(&host, &format!("/legislativo/sessoes/{}", s.id))
        .await;
    assert!(
        publica.body.contains("Rejeitada") && publica.body.contains("NÃO 1"),
        "{}",
        publica.body
    );
    assert!(
        !publica.body.contains("Joana Vereadora"),
        "no name next to a secret vote"
    );
    let api = app
        .get(&host, &format!("/api/v1/sessoes/{}/votacoes", s.id))
        .await;
    assert!(!api.body.contains(&p.to_string()), "{}", api.body);
    let j: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(j["dados"]["votacoes"][0]["votacao"]["nao"], 1);
    assert_eq!(
        j["dados"]["votacoes"][0]["votos"].as_array().map(Vec::len),
        Some(0)
    );
    // The ata's draft: totals only, no vote next to a name.
    let (_, op) = logged_in(&env.store, &t, Papel::Operador).await;
    let ata = app
        .get_as(&host, &format!("/admin/sessoes/{}/ata", s.id), &op)
        .await;
    assert_eq!(ata.status, StatusCode::OK, "{}", ata.body);
    assert!(
        ata.body
            .contains("Votação secreta em 1º turno: SIM 0, NÃO 1"),
        "{}",
        ata.body
    );
    assert!(!ata.body.contains("- Joana Vereadora"), "{}", ata.body);
}
