//! The comissões over HTTP: the admin flows with their validation messages.

use super::*;

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
    let r = app.post_as(&host, "/admin/comissoes", &cookie, &base).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("precisam de um prazo"), "{}", r.body);
    assert!(
        r.body.contains("value=\"Comissão do Centenário\""),
        "keeps what was typed"
    );
    let mut ok = base.to_vec();
    ok.push(("prazo", "31/12/2040"));
    let r = app.post_as(&host, "/admin/comissoes", &cookie, &ok).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let caminho = r.location.clone();
    let r = app.post_as(&host, "/admin/comissoes", &cookie, &ok).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("essa sigla"), "{}", r.body);
    let mut cfo = ok.clone();
    cfo.retain(|(k, _)| !matches!(*k, "nome" | "sigla" | "tipo" | "prazo"));
    cfo.extend([
        ("nome", "Finanças e Orçamento"),
        ("sigla", "CFO"),
        ("tipo", "permanente"),
    ]);
    let r = app.post_as(&host, "/admin/comissoes", &cookie, &cfo).await;
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
        app.post_as(
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
    let r = app
        .post_as(&host, &desligar, &cookie, &[("_csrf", &csrf), ("data", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("<span id=\"erro-data\" class=\"erro-campo\">Informe a data"),
        "{}",
        r.body
    );
    let r = app
        .post_as(
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
        app.post_as(&host, &remover, &cookie, &[("_csrf", &csrf)])
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // Edit, then extinguish (with confirmation and a date).
    let mut editar = ok.clone();
    editar.retain(|(k, _)| *k != "nome");
    editar.push(("nome", "Comissão Especial do Centenário"));
    let r = app.post_as(&host, &caminho, &cookie, &editar).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let extinguir = format!("{caminho}/extinguir");
    let page = app.get_as(&host, &extinguir, &cookie).await;
    assert!(
        page.body.contains("Extinguir comissão")
            && page.body.contains("Comissão Especial do Centenário")
    );
    let r = app
        .post_as(
            &host,
            &extinguir,
            &cookie,
            &[("_csrf", &csrf), ("data", "01/01/1990")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("anterior à criação"), "{}", r.body);
    let r = app
        .post_as(
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
