//! "Esqueci minha senha": an e-mail with a single-use, expiring link.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::conta::usuarios::{self, NovoUsuario};
use store::{Access, TenantTx};
use testkit::http::form;
use testkit::http::{TestApp, host_of, post_publico};
use testkit::smtp::SmtpSink;
use testkit::{BASE_DOMAIN, TestEnv};
use web::WebConfig;
use web::mail::Mailer;

/// The link of a quoted-printable (or plain) message.
fn link(dados: &str) -> String {
    let decoded = dados.replace("=\n", "").replace("=3D", "=");
    let start = decoded
        .find("/admin/senha/redefinir?token=")
        .expect("a reset link");
    let tail = &decoded[start..];
    tail[..tail.find(|c: char| c.is_whitespace()).unwrap_or(tail.len())].to_owned()
}

#[tokio::test]
async fn a_reset_link_by_email_works_once_and_expires() {
    let env = TestEnv::new().await;
    let t = env.camara("esqueci", "pool").await;
    let host = host_of(&t);
    let sink = SmtpSink::start().await;
    let app = TestApp::with_config(
        env.store.clone(),
        WebConfig {
            mailer: Mailer::new(Some(&sink.url()), "Plenário <nao-responda@teste.example>")
                .unwrap(),
            ..WebConfig::new(BASE_DOMAIN, false)
        },
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (u, _) = usuarios::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovoUsuario {
            nome: "Bruna Secretária".into(),
            email: "bruna@camara.example".into(),
            papel: Papel::Secretaria,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    assert!(
        app.get(&host, "/admin/login")
            .await
            .body
            .contains("/admin/senha/esqueci")
    );
    // Unknown e-mails get the same answer and no message.
    let r = post_publico(
        &app,
        &host,
        "/admin/senha/esqueci",
        "/admin/senha/esqueci",
        &[("email", "ninguem@camara.example")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Se o e-mail estiver cadastrado"));
    assert!(sink.recebidos().is_empty());
    let no_csrf = app
        .send(
            Method::POST,
            &host,
            "/admin/senha/esqueci",
            &[],
            &form(&[("email", "bruna@camara.example")]),
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);

    let r = post_publico(
        &app,
        &host,
        "/admin/senha/esqueci",
        "/admin/senha/esqueci",
        &[("email", "Bruna@Camara.example")],
    )
    .await;
    assert!(r.body.contains("Se o e-mail estiver cadastrado"));
    let msgs = sink.recebidos();
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].para, vec!["bruna@camara.example"]);
    assert!(
        msgs[0].dados.contains("Subject: ") && msgs[0].dados.contains(&format!("http://{host}")),
        "{}",
        msgs[0].dados
    );
    let path = link(&msgs[0].dados);

    let form_page = app.get(&host, &path).await;
    assert_eq!(form_page.status, StatusCode::OK, "{}", form_page.body);
    let token = form_page.field("token").unwrap();
    let weak = post_publico(
        &app,
        &host,
        &path,
        "/admin/senha/redefinir",
        &[
            ("token", &token),
            ("nova", "curta"),
            ("confirmacao", "curta"),
        ],
    )
    .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Common passwords, the câmara's name and município, the e-mail: refused, saying why.
    for fraca in [
        "1234567890",
        "senha12345",
        t.nome_oficial.as_str(),
        "Olinda2026!",
        "bruna@camara.example",
    ] {
        let r = post_publico(
            &app,
            &host,
            &path,
            "/admin/senha/redefinir",
            &[("token", &token), ("nova", fraca), ("confirmacao", fraca)],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fraca}");
        assert!(
            r.body.contains("Senha fácil de adivinhar") || r.body.contains("o seu e-mail"),
            "{fraca}: {}",
            r.body
        );
        assert!(r.body.contains("força 3"), "the policy is stated");
    }
    let ok = post_publico(
        &app,
        &host,
        &path,
        "/admin/senha/redefinir",
        &[
            ("token", &token),
            ("nova", "Nova#Senha#2026"),
            ("confirmacao", "Nova#Senha#2026"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("Senha alterada"));
    let removal = ok
        .set_cookies
        .iter()
        .find(|c| c.starts_with("plenario_csrf="))
        .expect("the CSRF cookie is removed");
    assert!(
        removal.contains("Path=/admin") && removal.contains("Max-Age=0"),
        "{removal}"
    );
    // Used: the link is dead.
    assert_eq!(app.get(&host, &path).await.status, StatusCode::GONE);
    let again = post_publico(
        &app,
        &host,
        "/admin/senha/esqueci",
        "/admin/senha/redefinir",
        &[
            ("token", &token),
            ("nova", "Outra#Senha#2026"),
            ("confirmacao", "Outra#Senha#2026"),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::GONE);

    // The new password opens the admin.
    let login = post_publico(
        &app,
        &host,
        "/admin/login",
        "/admin/login",
        &[
            ("email", "bruna@camara.example"),
            ("senha", "Nova#Senha#2026"),
            ("volta", "/admin"),
        ],
    )
    .await;
    assert_eq!(
        (login.status, login.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin")
    );

    // An expired link is refused.
    post_publico(
        &app,
        &host,
        "/admin/senha/esqueci",
        "/admin/senha/esqueci",
        &[("email", "bruna@camara.example")],
    )
    .await;
    let path2 = link(&sink.recebidos()[1].dados);
    let mut su = testkit::cluster::get().superuser("plenario").await;
    sqlx::query("UPDATE app.senha_reset SET expira_em = now() - interval '1 second' WHERE tenant_id = $1 AND usuario_id = $2 AND usado_em IS NULL")
        .bind(t.id)
        .bind(u.id)
        .execute(&mut su)
        .await
        .unwrap();
    assert_eq!(app.get(&host, &path2).await.status, StatusCode::GONE);

    // At most three requests an hour: the fourth sends nothing.
    post_publico(
        &app,
        &host,
        "/admin/senha/esqueci",
        "/admin/senha/esqueci",
        &[("email", "bruna@camara.example")],
    )
    .await;
    post_publico(
        &app,
        &host,
        "/admin/senha/esqueci",
        "/admin/senha/esqueci",
        &[("email", "bruna@camara.example")],
    )
    .await;
    assert_eq!(sink.recebidos().len(), 3);
}
