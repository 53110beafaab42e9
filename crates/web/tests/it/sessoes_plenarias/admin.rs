//! The admin of the sessões: scheduling, editing, cancelling, deleting; the tipos; who may.

use super::*;

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
    let r = app
        .post_as(
            &host,
            "/admin/sessoes/nova",
            &cookie,
            &[
                ("_csrf", &csrf),
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
    let r = app
        .post_as(
            &host,
            "/admin/sessoes/nova",
            &cookie,
            &[
                ("_csrf", &csrf),
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
    let r = app
        .post_as(
            &host,
            "/admin/sessoes/nova",
            &cookie,
            &[
                ("_csrf", &csrf),
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
    let r = app
        .post_as(
            &host,
            "/admin/sessoes/nova",
            &cookie,
            &[
                ("_csrf", &csrf),
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
    let r = app
        .post_as(
            &host,
            &path,
            &cookie,
            &[
                ("_csrf", &csrf),
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
    let r = app
        .post_as(&host, &path, &cookie, &[("_csrf", &csrf), ("motivo", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Informe o motivo"), "{}", r.body);
    let r = app
        .post_as(
            &host,
            &path,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("motivo", "Luto oficial decretado pelo município"),
            ],
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
    // Its edit form says why it cannot be changed, as a notice, not as a refused form.
    let form = app
        .get_as(&host, &format!("/admin/sessoes/{}/editar", s.id), &cookie)
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("reative-a antes de alterá-la") && !form.body.contains("nada foi salvo"),
        "{}",
        form.body
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
    let r = app
        .post_as(
            &host,
            &format!("/admin/sessoes/{}/excluir", s.id),
            &cookie,
            &[("_csrf", &csrf)],
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
    let r = app
        .post_as(&host, &path, &cookie, &[("_csrf", &csrf)])
        .await;
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
    let r = app
        .post_as(
            &host,
            "/admin/sessoes/tipos",
            &cookie,
            &[("_csrf", &csrf), ("nome", "Solene"), ("ordem", "5")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Já existe um tipo de sessão com esse nome"));
    let r = app
        .post_as(
            &host,
            "/admin/sessoes/tipos",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("nome", "Audiência Pública"),
                ("ordem", "5"),
            ],
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
    let r = app
        .post_as(
            &host,
            &format!("/admin/sessoes/tipos/{}/editar", novo.id),
            &cookie,
            &[
                ("_csrf", &csrf),
                ("nome", "Audiência Pública"),
                ("ordem", "6"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let t2 = sp::tipo_por_id(&mut tx, novo.id).await.unwrap().unwrap();
    assert_eq!((t2.ordem, t2.ativo), (6, false), "unticked: deactivated");
    drop(tx);
    let r = app
        .post_as(
            &host,
            &format!("/admin/sessoes/tipos/{}/excluir", novo.id),
            &cookie,
            &[("_csrf", &csrf)],
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
    let r = app
        .post_as(
            &host,
            "/admin/sessoes/nova",
            &editor,
            &[
                ("_csrf", &csrf),
                ("tipo", &tipos[0].id.to_string()),
                ("data", &dd_mm_aaaa(hoje + Duration::days(4))),
                ("hora", "18:00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .post_as(
            &host,
            &format!("/admin/sessoes/{}/excluir", s.id),
            &editor,
            &[("_csrf", &csrf)],
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
