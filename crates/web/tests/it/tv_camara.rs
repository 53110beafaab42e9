//! TV Câmara: the channel configured by the câmara (checked against the allow-list of
//! players), shown on the home page and on a running sessão's page, and the
//! Content-Security-Policy whose `frame-src` allows exactly that player's origin.

use axum::http::{StatusCode, header};
use domain::auth::Papel;
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::host_of;

const CANAL: &str = "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv";
const PLAYER: &str = "https://www.youtube-nocookie.com";

fn csp(r: &testkit::http::TestResponse) -> String {
    r.headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_channel_is_framed_with_exactly_its_players_origin() {
    let env = TestEnv::new().await;
    let t = env.camara("tv-camara", "pool").await;
    let app = env.app();
    let host = host_of(&t);

    // No channel: no player, the default policy (nothing framed from elsewhere).
    let home = app.get(&host, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(!home.body.contains("<iframe"));
    assert!(!csp(&home).contains("frame-src"), "{}", csp(&home));
    assert!(!csp(&home).contains("youtube"));

    // The editor (config.ver) sees the page but cannot save; the admin saves.
    let (_, editor) = logged_in(&env.store, &t, Papel::Editor).await;
    let pagina = app.get_as(&host, "/admin/configuracoes/tv", &editor).await;
    assert_eq!(pagina.status, StatusCode::OK);
    assert!(!pagina.body.contains("name=\"tv_url\""));
    let csrf = app.csrf(&host, &editor).await;
    let r = app
        .post_as(
            &host,
            "/admin/configuracoes/tv",
            &editor,
            &[("_csrf", &csrf), ("tv_url", CANAL)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let (_, admin) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app.csrf(&host, &admin).await;
    // A player outside the allow-list is refused, with the reason, and nothing changes.
    for (url, motivo) in [
        ("https://evil.example/embed/x", "YouTube e do Vimeo"),
        ("https://www.youtube.com/@camara", "Copiar ID do canal"),
    ] {
        let r = app
            .post_as(
                &host,
                "/admin/configuracoes/tv",
                &admin,
                &[("_csrf", &csrf), ("tv_url", url)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        assert!(r.body.contains(motivo), "{url}: {}", r.body);
        assert!(r.body.contains(url), "the typed address is kept");
    }
    assert!(!app.get(&host, "/").await.body.contains("<iframe"));
    let r = app
        .post_as(
            &host,
            "/admin/configuracoes/tv",
            &admin,
            &[("_csrf", &csrf), ("tv_url", CANAL)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, "/admin/configuracoes/tv?salvo=1");

    // The home page frames the channel's live stream; its policy allows that origin only.
    let home = app.get(&host, "/").await;
    assert!(
        home.body.contains(&format!(
            "<iframe src=\"{PLAYER}/embed/live_stream?channel=UCabcdefghijklmnopqrstuv\""
        )),
        "{}",
        home.body
    );
    let politica = csp(&home);
    let frame_src: Vec<&str> = politica
        .split(';')
        .map(str::trim)
        .filter(|d| d.starts_with("frame-src"))
        .collect();
    assert_eq!(
        frame_src,
        vec![format!("frame-src {PLAYER}").as_str()],
        "{politica}"
    );
    assert!(politica.contains("default-src 'self'") && politica.contains("object-src 'none'"));
    // Other pages keep the default policy.
    let outra = app.get(&host, "/parlamentares").await;
    assert!(!csp(&outra).contains("frame-src"), "{}", csp(&outra));
    // Audited.
    let mut tx = store::TenantTx::begin(&env.store, &t, store::Access::Read)
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND acao = 'alterar_tv'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    drop(tx);
    assert_eq!(n, 1);

    // Emptying the field removes the player and the origin.
    let r = app
        .post_as(
            &host,
            "/admin/configuracoes/tv",
            &admin,
            &[("_csrf", &csrf), ("tv_url", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let home = app.get(&host, "/").await;
    assert!(!home.body.contains("<iframe"));
    assert!(!csp(&home).contains("frame-src"));
}

#[tokio::test]
async fn a_running_sessao_shows_the_live_channel() {
    let env = TestEnv::new().await;
    let t = env.camara("tv-sessao", "pool").await;
    testkit::fixtures::populate(&env.store, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let mut su = testkit::cluster::get().superuser("plenario").await;
    sqlx::query("UPDATE app.camara_config SET tv_url = $2 WHERE tenant_id = $1")
        .bind(t.id)
        .bind(CANAL)
        .execute(&mut su)
        .await
        .unwrap();
    let agendada: uuid::Uuid = sqlx::query_scalar(
        "SELECT id FROM app.sessao_plenaria WHERE tenant_id = $1 AND status = 'agendada'
          ORDER BY inicio LIMIT 1",
    )
    .bind(t.id)
    .fetch_one(&mut su)
    .await
    .unwrap();
    let caminho = format!("/legislativo/sessoes/{agendada}");
    let antes = app.get(&host, &caminho).await;
    assert_eq!(antes.status, StatusCode::OK);
    assert!(!antes.body.contains("<iframe"), "not running: no player");
    assert!(!csp(&antes).contains("frame-src"));
    sqlx::query(
        "UPDATE app.sessao_plenaria SET status = 'aberta', aberta_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(t.id)
    .bind(agendada)
    .execute(&mut su)
    .await
    .unwrap();
    let durante = app.get(&host, &caminho).await;
    assert!(
        durante.body.contains("TV Câmara — ao vivo")
            && durante
                .body
                .contains(&format!("<iframe src=\"{PLAYER}/embed/live_stream")),
        "{}",
        durante.body
    );
    assert!(csp(&durante).contains(&format!("frame-src {PLAYER}")));
}
