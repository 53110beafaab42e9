//! The master panel's management of a câmara: its users (create, change role, deactivate,
//! reactivate, one-time password behind confirmations, POST-redirect-GET), export, delete
//! with the typed identifier, the link to its portal.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::plataforma;
use uuid::Uuid;

const HOST: &str = "admin.localhost";
const SENHA: &str = "plenario_plataforma_senha";

/// (papel, ativo, senha_hash) of an account.
async fn conta(
    env: &TestEnv,
    t: &store::infra::catalog::Tenant,
    id: Uuid,
) -> (String, bool, String) {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    sqlx::query_as(
        "SELECT papel, ativo, senha_hash FROM app.usuario WHERE tenant_id = $1 AND id = $2",
    )
    .bind(t.id)
    .bind(id)
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

async fn auditoria(env: &TestEnv, t: &store::infra::catalog::Tenant, acao: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM control.platform_audit WHERE tenant_id = $1 AND action = $2",
    )
    .bind(t.id)
    .bind(acao)
    .fetch_one(env.store.control())
    .await
    .unwrap()
}

#[tokio::test]
async fn users_are_managed_behind_confirmations_and_a_reload_repeats_nothing() {
    let env = TestEnv::new().await;
    let app = env.app();
    let t = env.camara("mestre-usuarios", "pool").await;
    let p = plataforma::logada(&app, &env.store).await;
    let base = format!("/admin-master/camaras/{}/usuarios", t.slug);
    let lista = app.get_as(HOST, &base, &p.cookie).await;
    assert_eq!(lista.status, StatusCode::OK);
    assert!(
        lista.body.contains("Usuários da Câmara Municipal"),
        "agreement: {}",
        lista.body
    );

    // Create: a one-time password, shown once on the page the POST redirects to.
    let email = format!("{}@mestre.example", testkit::unique("nova"));
    let criar = app
        .post_as(
            HOST,
            &base,
            &p.cookie,
            &[
                ("_csrf", &p.csrf),
                ("nome", "Joana Editora"),
                ("email", &email),
                ("papel", "EDITOR"),
            ],
        )
        .await;
    assert_eq!(criar.status, StatusCode::SEE_OTHER, "{}", criar.body);
    assert_eq!(criar.location, format!("{base}?feito=criado"));
    let senha = criar.cookie(SENHA).expect("the password travels once");
    let com_senha = format!("{}; {SENHA}={senha}", p.cookie);
    let vista = app.get_as(HOST, &criar.location, &com_senha).await;
    let provisoria = senha.split_once('.').unwrap_or_else(|| panic!("{senha}")).1;
    assert!(
        vista.body.contains(&format!("Senha provisória de {email}"))
            && vista.body.contains(provisoria)
            && vista.body.contains("Usuário criado."),
        "{}",
        vista.body
    );
    assert!(
        vista
            .set_cookies
            .iter()
            .any(|c| c.starts_with(&format!("{SENHA}=;")) || c.contains("Max-Age=0")),
        "the page forgets it: {:?}",
        vista.set_cookies
    );
    // A reload (the cookie gone) shows no password and creates nothing more.
    let recarga = app.get_as(HOST, &criar.location, &p.cookie).await;
    assert!(!recarga.body.contains(provisoria));
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let u = store::conta::usuarios::por_email(&mut tx, &email)
        .await
        .unwrap();
    drop(tx);
    assert_eq!((u.papel, u.trocar_senha), (Papel::Editor, true));
    assert_eq!(auditoria(&env, &t, "user.create").await, 1);
    // A cookie naming an account of another list shows nothing.
    let alheio = format!("{}; {SENHA}={}.x", p.cookie, Uuid::now_v7());
    assert!(
        !app.get_as(HOST, &base, &alheio)
            .await
            .body
            .contains("Senha provisória de")
    );

    // Change the role.
    let papel = app
        .post_as(
            HOST,
            &format!("{base}/{}/papel", u.id),
            &p.cookie,
            &[("_csrf", &p.csrf), ("papel", "SECRETARIA")],
        )
        .await;
    assert_eq!(papel.status, StatusCode::SEE_OTHER, "{}", papel.body);
    assert_eq!(conta(&env, &t, u.id).await.0, "SECRETARIA");
    assert_eq!(auditoria(&env, &t, "user.role").await, 1);

    // One-time password: the confirmation page changes nothing; the POST does, once.
    let antes = conta(&env, &t, u.id).await.2;
    let confirmar = app
        .get_as(HOST, &format!("{base}/{}/senha", u.id), &p.cookie)
        .await;
    assert!(
        confirmar.body.contains("receberá uma senha provisória")
            && confirmar
                .body
                .contains(&format!("action=\"{base}/{}/senha\"", u.id)),
        "{}",
        confirmar.body
    );
    assert_eq!(conta(&env, &t, u.id).await.2, antes, "a GET resets nothing");
    let reset = app
        .post_as(
            HOST,
            &format!("{base}/{}/senha", u.id),
            &p.cookie,
            &[("_csrf", &p.csrf)],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    let depois = conta(&env, &t, u.id).await.2;
    assert_ne!(depois, antes);
    for _ in 0..2 {
        app.get_as(HOST, &reset.location, &p.cookie).await;
    }
    assert_eq!(
        conta(&env, &t, u.id).await.2,
        depois,
        "reloads reset nothing"
    );
    assert_eq!(auditoria(&env, &t, "user.reset_password").await, 1);
    // Without the CSRF token: refused.
    let sem_csrf = app
        .post_as(HOST, &format!("{base}/{}/senha", u.id), &p.cookie, &[])
        .await;
    assert_eq!(sem_csrf.status, StatusCode::FORBIDDEN);
    assert_eq!(conta(&env, &t, u.id).await.2, depois);

    // Deactivate and reactivate, each behind its confirmation.
    let pagina = app
        .get_as(HOST, &format!("{base}/{}/desativar", u.id), &p.cookie)
        .await;
    assert!(
        pagina
            .body
            .contains("não poderá mais entrar na administração da Câmara")
    );
    assert!(conta(&env, &t, u.id).await.1);
    let r = app
        .post_as(
            HOST,
            &format!("{base}/{}/desativar", u.id),
            &p.cookie,
            &[("_csrf", &p.csrf)],
        )
        .await;
    assert_eq!(r.location, format!("{base}?feito=desativado"));
    assert!(!conta(&env, &t, u.id).await.1);
    assert!(
        app.get_as(HOST, &r.location, &p.cookie)
            .await
            .body
            .contains(&format!("{base}/{}/reativar", u.id))
    );
    let r = app
        .post_as(
            HOST,
            &format!("{base}/{}/reativar", u.id),
            &p.cookie,
            &[("_csrf", &p.csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(conta(&env, &t, u.id).await.1);
    assert_eq!(auditoria(&env, &t, "user.deactivate").await, 1);
    assert_eq!(auditoria(&env, &t, "user.reactivate").await, 1);
    // Every action is in the câmara's own audit log too, by the platform's administrator.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let nossas: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'usuario'
            AND entidade_id = $2 AND usuario_email = $3",
    )
    .bind(t.id)
    .bind(u.id.to_string())
    .bind(format!("plataforma:{}", p.email))
    .fetch_one(tx.conn())
    .await
    .unwrap();
    drop(tx);
    assert!(
        nossas >= 5,
        "create, role, password, deactivate, reactivate: {nossas}"
    );

    // The last active administrator is never deactivated, nor demoted.
    let admin_email = t.admin_email.clone().unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let admin = store::conta::usuarios::por_email(&mut tx, &admin_email)
        .await
        .unwrap();
    drop(tx);
    let r = app
        .post_as(
            HOST,
            &format!("{base}/{}/desativar", admin.id),
            &p.cookie,
            &[("_csrf", &p.csrf)],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(conta(&env, &t, admin.id).await.1);
    // An unknown role or a bad e-mail is explained, nothing is created.
    let r = app
        .post_as(
            HOST,
            &base,
            &p.cookie,
            &[
                ("_csrf", &p.csrf),
                ("nome", "Sem E-mail"),
                ("email", "nao-e-email"),
                ("papel", "EDITOR"),
            ],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.cookie(SENHA).is_none());
}

#[tokio::test]
async fn a_camara_is_exported_and_deleted_only_with_its_typed_identifier() {
    let env = TestEnv::new().await;
    let app = env.app();
    let t = env.camara("mestre-excluir", "pool").await;
    let p = plataforma::logada(&app, &env.store).await;
    let camara = format!("/admin-master/camaras/{}", t.slug);
    let detalhe = app.get_as(HOST, &camara, &p.cookie).await;
    assert!(
        detalhe.body.contains(&format!(
            "href=\"http://{}.localhost/\">Abrir o portal da Câmara",
            t.slug
        )),
        "{}",
        detalhe.body
    );

    // Export: a JSON download without secrets, audited.
    let export = app
        .post_as(
            HOST,
            &format!("{camara}/exportar"),
            &p.cookie,
            &[("_csrf", &p.csrf)],
        )
        .await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    assert!(export.content_type.starts_with("application/json"));
    let json: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    let usuarios = json["usuario"].as_array().expect("the users' table");
    assert!(!usuarios.is_empty());
    assert!(
        usuarios.iter().all(|u| !u["senha_hash"]
            .as_str()
            .unwrap_or("")
            .starts_with("$argon2")),
        "no password hashes"
    );
    assert_eq!(auditoria(&env, &t, "tenant.export").await, 1);

    // Delete: the page asks for the identifier; anything else deletes nothing.
    let pagina = app
        .get_as(HOST, &format!("{camara}/excluir"), &p.cookie)
        .await;
    assert!(
        pagina.body.contains("name=\"confirmacao\"")
            && pagina.body.contains("não pode ser desfeito"),
        "{}",
        pagina.body
    );
    for errado in ["", "outra-camara", "sim"] {
        let r = app
            .post_as(
                HOST,
                &format!("{camara}/excluir"),
                &p.cookie,
                &[("_csrf", &p.csrf), ("confirmacao", errado)],
            )
            .await;
        assert!(r.status.is_client_error(), "{errado:?}: {}", r.status);
        assert!(
            store::infra::catalog::find_by_slug(env.store.control(), &t.slug)
                .await
                .unwrap()
                .is_some(),
            "{errado:?} deleted nothing"
        );
    }
    let r = app
        .post_as(
            HOST,
            &format!("{camara}/excluir"),
            &p.cookie,
            &[("_csrf", &p.csrf), ("confirmacao", &t.slug)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(
        store::infra::catalog::find_by_slug(env.store.control(), &t.slug)
            .await
            .unwrap()
            .is_none()
    );
    let apagadas: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.platform_audit WHERE tenant_slug = $1 AND action = 'tenant.delete'",
    )
    .bind(&t.slug)
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(apagadas, 1);
}
