//! The assessor parlamentar: an account of role ASSESSOR, linked by an administrator to the
//! parlamentar it works for, writes and sends proposições eletrônicas in that parlamentar's
//! name; the protocolo sees who wrote them; the assessor never votes nor reaches the
//! secretaria's screens.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of, multipart};
use uuid::Uuid;

use crate::protocolo::id_do_destino;

async fn parlamentar(env: &TestEnv, t: &Tenant, nome: &str) -> Uuid {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let (id, _) = store::composicao::criar_parlamentar(
        &mut tx,
        &Autor::cli("teste"),
        &store::composicao::NovoParlamentar {
            nome_civil: nome.into(),
            nome_parlamentar: nome.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// The administrator's user form: name, role and parlamentar of account `usuario`.
async fn editar_conta(
    app: &TestApp,
    host: &str,
    admin: &str,
    usuario: Uuid,
    papel: &str,
    parlamentar: &str,
) -> testkit::http::TestResponse {
    let csrf = app.csrf(host, admin).await;
    app.post_as(
        host,
        &format!("/admin/usuarios/{usuario}/editar"),
        admin,
        &[
            ("_csrf", &csrf),
            ("nome", "Carla Assessora"),
            ("papel", papel),
            ("parlamentar", parlamentar),
        ],
    )
    .await
}

#[tokio::test]
async fn an_assessor_writes_and_sends_for_their_parlamentar_and_never_votes() {
    let env = TestEnv::new().await;
    let t = env.camara("assessor", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let ana = parlamentar(&env, &t, "Ana Vereadora").await;
    let (_, admin) = logged_in(&env.store, &t, Papel::Admin).await;
    let (carla, cookie_carla) = logged_in(&env.store, &t, Papel::Assessor).await;
    let (davi, _) = logged_in(&env.store, &t, Papel::Assessor).await;

    // Not linked yet (like a PARLAMENTAR account without its parlamentar): the author's
    // pages are refused.
    assert_eq!(
        app.get_as(&host, "/admin/minhas-proposicoes", &cookie_carla)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Two assessores for one parlamentar; one own account of the parlamentar.
    let ana_s = ana.to_string();
    for u in [carla.id, davi.id] {
        let r = editar_conta(&app, &host, &admin, u, "ASSESSOR", &ana_s).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let (vereadora, _) = logged_in(&env.store, &t, Papel::Parlamentar).await;
    let (outra, _) = logged_in(&env.store, &t, Papel::Parlamentar).await;
    let r = editar_conta(&app, &host, &admin, vereadora.id, "PARLAMENTAR", &ana_s).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let dupla = editar_conta(&app, &host, &admin, outra.id, "PARLAMENTAR", &ana_s).await;
    assert_eq!(dupla.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        dupla
            .body
            .contains("Esse parlamentar já está ligado a outra conta de parlamentar."),
        "{}",
        dupla.body
    );

    // The assessor writes and sends a draft in Ana's name.
    let pl = {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        store::eletronica::tipos(&mut tx)
            .await
            .unwrap()
            .into_iter()
            .find(|(_, s, _)| s == "PL")
            .unwrap()
            .0
            .to_string()
    };
    let csrf = app.csrf(&host, &cookie_carla).await;
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/minhas-proposicoes?_csrf={csrf}"),
            &cookie_carla,
            multipart(
                &[
                    ("tipo_id", &pl),
                    ("ementa", "Cria o programa de bibliotecas de bairro."),
                    ("texto", "Art. 1º Fica criado o programa."),
                ],
                &[],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_do_destino(&r.location, "/admin/minhas-proposicoes/");
    let r = app
        .post_as(
            &host,
            &format!("/admin/minhas-proposicoes/{id}/enviar"),
            &cookie_carla,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // The protocolo sees the parlamentar as author and who wrote it, and receives it.
    let (_, sec) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let ver = app
        .get_as(&host, &format!("/admin/protocolo/eletronicas/{id}"), &sec)
        .await;
    assert!(ver.body.contains("Ana Vereadora"), "{}", ver.body);
    assert!(ver.body.contains("Escrita por"), "{}", ver.body);
    assert!(
        ver.body.contains("<dd>Carla Assessora</dd>"),
        "{}",
        ver.body
    );
    let csrf_sec = app.csrf(&host, &sec).await;
    let r = app
        .post_as(
            &host,
            &format!("/admin/protocolo/eletronicas/{id}/receber"),
            &sec,
            &[("_csrf", &csrf_sec)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let autor: Uuid = sqlx::query_scalar(
        "SELECT a.parlamentar_id FROM app.proposicao_autor a
           JOIN app.proposicao p ON p.tenant_id = a.tenant_id AND p.id = a.proposicao_id
          WHERE a.tenant_id = $1 AND a.primeiro",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(autor, ana);
    drop(tx);
    // The other assessor of Ana sees it among Ana's proposições.
    let minhas = app
        .get_as(&host, "/admin/minhas-proposicoes", &cookie_carla)
        .await;
    assert!(minhas.body.contains("bibliotecas de bairro"));

    // Nothing of the secretaria, no vote: every route needing a permission the role lacks
    // is refused.
    for r in web::routes::route_info() {
        let Some(p) = r.permissao else { continue };
        if Papel::Assessor.pode(p) || r.method != axum::http::Method::GET || r.path.contains('{') {
            continue;
        }
        let resp = app.get_as(&host, r.path, &cookie_carla).await;
        assert_eq!(resp.status, StatusCode::FORBIDDEN, "GET {}", r.path);
    }
    assert!(!Papel::Assessor.pode(domain::auth::Permissao::VotacaoVotar));
}
