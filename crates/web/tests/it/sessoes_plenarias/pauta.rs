//! The operator takes items out of the pauta: adiamento and retirada asked first (with a
//! motivo, every error shown at once, nothing written on bad input), the pedido de vista
//! from the console, and the routes refused to a role without `votacao.operar`.

use super::*;

#[tokio::test]
async fn the_operator_adia_and_retira_items_after_confirming_with_a_motivo() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "pauta-itens").await;
    let app = env.app();
    let host = host_of(&t);
    let s = agendar(&env, &t, &tipos[0], hoje, 18, "Plenário").await;
    let depois = agendar(
        &env,
        &t,
        &tipos[0],
        hoje + Duration::days(7),
        18,
        "Plenário",
    )
    .await;
    let (_, op) = logged_in(&env.store, &t, Papel::Operador).await;
    let painel = format!("/admin/sessoes/{}/painel", s.id);
    let pagina = app.get_as(&host, &painel, &op).await;
    let csrf = pagina.field("_csrf").unwrap();
    for d in ["Moção de aplauso à escola", "Requerimento de informação"] {
        let r = app
            .post_as(
                &host,
                &painel,
                &op,
                &[
                    ("_csrf", &csrf),
                    ("acao", "item"),
                    ("descricao", d),
                    ("tipo_acao", "votacao"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let itens = async || {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let mut v = sp::pauta::itens(&mut tx, s.id).await.unwrap();
        v.extend(sp::pauta::itens(&mut tx, depois.id).await.unwrap());
        v
    };
    let lista = itens().await;
    let (moc, req) = (lista[0].id.to_string(), lista[1].id.to_string());
    let pagina = app.get_as(&host, &painel, &op).await;
    assert!(
        pagina
            .body
            .contains(&format!("/admin/sessoes/pauta/{moc}/adiar"))
            && pagina
                .body
                .contains(&format!("/admin/sessoes/pauta/{moc}/retirar")),
        "{}",
        pagina.body
    );
    // A free item has no pedido de vista: refused with the reason on the console.
    let r = app
        .post_as(
            &host,
            &painel,
            &op,
            &[
                ("_csrf", &csrf),
                ("acao", "item_vista"),
                ("item", &moc),
                ("prazo", "5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("Pedido de vista só de item com proposição"),
        "{}",
        r.body
    );

    // Adiar: the page lists the later agendada sessão; the motivo and the sessão are asked.
    let adiar = format!("/admin/sessoes/pauta/{moc}/adiar");
    let c = app.get_as(&host, &adiar, &op).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert!(c.body.contains(&depois.id.to_string()), "{}", c.body);
    assert!(
        !c.body.contains(&format!("value=\"{}\"", s.id)),
        "not to itself"
    );
    let r = app
        .post_as(&host, &adiar, &op, &[("_csrf", &csrf), ("motivo", "curto")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Informe o motivo"), "{}", r.body);
    assert_eq!(itens().await.len(), 2, "nothing written");
    let destino = depois.id.to_string();
    let r = app
        .post_as(
            &host,
            &adiar,
            &op,
            &[
                ("_csrf", &csrf),
                ("motivo", "A pedido do autor da moção"),
                ("sessao_destino", &destino),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let lista = itens().await;
    assert_eq!(lista.len(), 3);
    assert_eq!(lista[0].situacao, "adiado");
    assert_eq!(
        (lista[2].sessao_id, lista[2].situacao.as_str()),
        (depois.id, "na_pauta")
    );
    // Once adiado, the page says so and offers no button.
    let c = app.get_as(&host, &adiar, &op).await;
    assert!(c.body.contains("O item está adiado") && !c.body.contains("Adiar o item</button>"));

    // Retirar: asked first, then final; the console shows it with the motivo.
    let retirar = format!("/admin/sessoes/pauta/{req}/retirar");
    let c = app.get_as(&host, &retirar, &op).await;
    assert!(c.body.contains("Retirar de pauta") && c.body.contains("não poderá mais ser anexada"));
    let r = app
        .post_as(
            &host,
            &retirar,
            &op,
            &[
                ("_csrf", &csrf),
                ("motivo", "Retirado a requerimento do autor"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let pagina = app.get_as(&host, &painel, &op).await;
    assert!(
        pagina
            .body
            .contains("Retirado de pauta</strong>: Retirado a requerimento do autor"),
        "{}",
        pagina.body
    );

    // Without votacao.operar: 403 on every one of these routes.
    let (_, sem) = logged_in(&env.store, &t, Papel::Parlamentar).await;
    for rota in [&adiar, &retirar] {
        assert_eq!(
            app.get_as(&host, rota, &sem).await.status,
            StatusCode::FORBIDDEN,
            "{rota}"
        );
        let r = app
            .post_as(
                &host,
                rota,
                &sem,
                &[("_csrf", &csrf), ("motivo", "x".repeat(12).as_str())],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{rota}");
    }
}

#[tokio::test]
async fn the_operator_moves_an_item_with_a_reason_from_the_console() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "pauta-ordem").await;
    let app = env.app();
    let host = host_of(&t);
    let s = agendar(&env, &t, &tipos[0], hoje, 18, "Plenário").await;
    let (_, op) = logged_in(&env.store, &t, Papel::Operador).await;
    let painel = format!("/admin/sessoes/{}/painel", s.id);
    let csrf = app
        .get_as(&host, &painel, &op)
        .await
        .field("_csrf")
        .unwrap();
    for d in ["Moção de aplauso à escola", "Requerimento de informação"] {
        let campos = [
            ("_csrf", csrf.as_str()),
            ("acao", "item"),
            ("descricao", d),
            ("tipo_acao", "votacao"),
        ];
        let r = app.post_as(&host, &painel, &op, &campos).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let titulos = async || {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        let itens = sp::pauta::itens(&mut tx, s.id).await.unwrap();
        itens
            .into_iter()
            .map(|i| (i.id.to_string(), i.titulo))
            .collect::<Vec<_>>()
    };
    let antes = titulos().await;
    let pagina = app.get_as(&host, &painel, &op).await;
    assert!(pagina.body.contains("Mudar a posição"), "{}", pagina.body);
    // Without a reason: refused with the message, nothing moved.
    let mover = |motivo: &'static str| {
        let item = antes[1].0.clone();
        let (app, host, painel, op, csrf) = (&app, &host, &painel, &op, &csrf);
        async move {
            let campos = [
                ("_csrf", csrf.as_str()),
                ("acao", "item_posicao"),
                ("item", item.as_str()),
                ("posicao", "1"),
                ("motivo", motivo),
            ];
            app.post_as(host, painel, op, &campos).await
        }
    };
    let r = mover("").await;
    assert_ne!(r.status, StatusCode::SEE_OTHER);
    assert!(
        r.body.contains("Informe o motivo da mudança de ordem"),
        "{}",
        r.body
    );
    assert_eq!(titulos().await, antes);
    // With one: the requerimento first.
    let r = mover("Pedido do autor, aceito pela Mesa").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let depois = titulos().await;
    assert_eq!(depois, [antes[1].clone(), antes[0].clone()]);
}
