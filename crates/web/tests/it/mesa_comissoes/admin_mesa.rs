//! The mesa diretora over HTTP: the admin flows with their validation messages and permissions, and `/parlamentares/mesa-diretora` winning over `/parlamentares/{slug}`.

use super::*;

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
    let r = app
        .post_as(&host, "/admin/mesa/periodos", &editor, &[("_csrf", &csrf)])
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
    let r = app
        .post_as(
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
    // The message stands next to its field.
    assert!(
        r.body.contains(
            "<span id=\"erro-periodo-inicio\" class=\"erro-campo\">Data inválida: &#34;31/02/2025&#34;"
        ),
        "{}",
        r.body
    );
    // Every wrong field is named at once, not only the first.
    let r = app
        .post_as(
            &host,
            "/admin/mesa/periodos",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("legislatura", "nenhuma"),
                ("inicio", "31/02/2025"),
                ("fim", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Escolha a legislatura.")
            && r.body.contains("id=\"erro-periodo-inicio\"")
            && r.body
                .contains("<span id=\"erro-periodo-fim\" class=\"erro-campo\">Informe a data"),
        "{}",
        r.body
    );
    let r = app
        .post_as(
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
    let r = app
        .post_as(
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
        app.post_as(
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
    let r = app
        .post_as(
            &host,
            "/admin/mesa/cargos",
            &cookie,
            &[("_csrf", &csrf), ("nome", "3º Secretário"), ("ordem", "5")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_as(
            &host,
            "/admin/mesa/cargos",
            &cookie,
            &[("_csrf", &csrf), ("nome", "Presidente"), ("ordem", "6")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Já existe um cargo"), "{}", r.body);
    let r = app
        .post_as(
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
    let r = app
        .post_as(
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
    let r = app
        .post_as(
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
    let r = app
        .post_as(
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
    let r = app
        .post_as(&host, &caminho, &cookie, &[("_csrf", &csrf)])
        .await;
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
    let r = app
        .post_as(&host, &remover, &cookie, &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("não pode ser removido"), "{}", r.body);
    let segundo = (
        br(l.inicio.replace_year(l.inicio.year() + 2).unwrap()),
        br(l.fim),
    );
    let r = app
        .post_as(
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
    let r = app
        .post_as(
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
