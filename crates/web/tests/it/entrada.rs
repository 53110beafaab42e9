//! Bytes PostgreSQL refuses, and framework rejections: refused at the edge with a
//! Portuguese answer (an HTML page, or problem+json under /api/), never a 500, never saved
//! with replacement characters.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use serde_json::Value;
use store::auditoria::Autor;
use store::conta::usuarios::{self, NovoUsuario};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::{logged_in, populate};
use testkit::http::{TestResponse, host_of};

fn pagina_portuguesa(r: &TestResponse, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    assert!(r.body.contains("lang=\"pt-BR\""), "{}", r.body);
    for ingles in ["Failed to", "deserialize", "Content-Type", "invalid"] {
        assert!(!r.body.contains(ingles), "English in {}", r.body);
    }
}

fn problema(r: &TestResponse, status: StatusCode) -> Value {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.content_type, "application/problem+json");
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["status"], status.as_u16());
    assert!(!v["title"].as_str().unwrap().is_empty());
    v
}

#[tokio::test]
async fn nul_control_characters_and_invalid_utf8_are_refused_at_the_edge() {
    let env = TestEnv::new().await;
    let t = env.camara("entrada", "pool").await;
    populate(&env.store, &t).await;
    let app = env.app();
    let host = host_of(&t);
    // Anonymous, on routes with and without extractors.
    for url in [
        "/busca?q=%00",
        "/busca?q=a%01b",
        "/busca?q=%FF%FE",
        "/parlamentares/%00",
        "/parlamentares/a%C3%28",
        "/noticias?pagina=%00",
        "/transparencia?x=%1B",
        "/%00",
    ] {
        let r = app.get(&host, url).await;
        pagina_portuguesa(&r, StatusCode::BAD_REQUEST);
    }
    // Tab, CR and LF are text.
    let r = app.get(&host, "/busca?q=linha%0Aoutra%09tab").await;
    assert_eq!(r.status, StatusCode::OK);
    // The API answers problem+json.
    for url in [
        "/api/v1/parlamentares?cursor=%00",
        "/api/v1/partidos?cursor=%FF",
        "/api/v1/noticias?cursor=a%02",
    ] {
        let r = app.get(&host, url).await;
        let v = problema(&r, StatusCode::BAD_REQUEST);
        assert!(v["detail"].as_str().unwrap().contains("cursor"), "{v}");
    }
}

#[tokio::test]
async fn admin_forms_refuse_nul_and_invalid_utf8_instead_of_failing_or_replacing() {
    let env = TestEnv::new().await;
    let t = env.camara("entradaform", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app
        .get_as(&host, "/admin/partidos", &cookie)
        .await
        .field("_csrf")
        .unwrap();
    for (corpo, campo) in [
        ("sigla=PNU&nome=Partido%00Nulo", "nome"),
        ("sigla=PIU&nome=Partido+%FF+inv%E1lido", "nome"),
        ("sigla=P%01C&nome=Partido+controle", "sigla"),
    ] {
        let r = app
            .send(
                Method::POST,
                &host,
                "/admin/partidos",
                &[("cookie", &cookie)],
                &format!("_csrf={csrf}&{corpo}&numero=55"),
            )
            .await;
        pagina_portuguesa(&r, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains(&format!("O campo {campo}")), "{}", r.body);
    }
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let partidos = store::composicao::partidos(&mut tx, None, 100)
        .await
        .unwrap();
    assert!(partidos.is_empty(), "nothing saved: {partidos:?}");
    drop(tx);

    // Framework rejections in Portuguese: a number that is not one, a missing field, a
    // wrong content type.
    for url in [
        "/noticias?pagina=abc",
        "/noticias?pagina=99999999999999999999",
    ] {
        let r = app.get(&host, url).await;
        pagina_portuguesa(&r, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("pagina"), "{}", r.body);
    }
    let r = app.get(&host, "/api/v1/sessoes?itens=abc").await;
    problema(&r, StatusCode::BAD_REQUEST);
    let r = app
        .send(
            Method::POST,
            &host,
            "/admin/partidos",
            &[("cookie", &cookie)],
            &format!("_csrf={csrf}"),
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    pagina_portuguesa(&r, r.status);
    let r = app
        .send(
            Method::POST,
            &host,
            "/admin/partidos",
            &[("cookie", &cookie), ("content-type", "text/plain")],
            &format!("_csrf={csrf}&sigla=PTX&nome=Partido+Texto"),
        )
        .await;
    pagina_portuguesa(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn the_login_refuses_a_nul_email_and_a_control_character_in_its_return_path() {
    let env = TestEnv::new().await;
    let t = env.camara("entradalogin", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let email = "maria@entrada.example";
    let (u, senha) = usuarios::criar(
        &mut tx,
        &Autor::cli("teste"),
        &NovoUsuario {
            nome: "Maria".into(),
            email: email.into(),
            papel: Papel::Admin,
        },
    )
    .await
    .unwrap();
    sqlx::query("UPDATE app.usuario SET trocar_senha = false WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(u.id)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let entrar = async |corpo: &str| {
        let page = app.get(&host, "/admin/login").await;
        let csrf = page.cookie("plenario_csrf").unwrap();
        app.send(
            Method::POST,
            &host,
            "/admin/login",
            &[("cookie", &format!("plenario_csrf={csrf}"))],
            &format!("_csrf={csrf}&{corpo}"),
        )
        .await
    };
    let r = entrar(&format!("email=maria%00@entrada.example&senha={senha}")).await;
    pagina_portuguesa(&r, StatusCode::UNPROCESSABLE_ENTITY);
    // A control character in `volta`: the login succeeds and goes to /admin.
    let senha_enc: String = form_urlencoded::byte_serialize(senha.as_bytes()).collect();
    let r = entrar(&format!(
        "email={email}&senha={senha_enc}&volta=%2Fadmin%2Fusuarios%0D%0ASet-Cookie%3A+x%3D1"
    ))
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, "/admin");
    assert!(web::http::auth::safe_return(Some("/admin/x\u{7f}")) == "/admin");
    assert!(
        web::http::auth::safe_return(Some("/admin/usuarios?pagina=2"))
            == "/admin/usuarios?pagina=2"
    );
}
