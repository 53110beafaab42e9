//! The comissão members from their own accounts over HTTP (`/admin/minhas-comissoes`): the
//! relator's matérias and parecer (another parlamentar gets 404), the electronic vote opened
//! and closed by the secretaria where each member votes once (a second vote, a non-member
//! and a closed vote refused), the paper form that does not overwrite an electronic vote,
//! the permission per papel and another câmara's ids recorded.

use axum::http::StatusCode;
use domain::auth::{Papel, Permissao};
use store::auditoria::Autor;
use store::comissoes::{self, relatoria};
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of, multipart};
use time::macros::date;
use uuid::Uuid;

use crate::comissoes_trabalho::{cenario, links, situacao};

/// A logged-in PARLAMENTAR account linked to the parlamentar of `membro`: its cookie.
async fn membro_logado(env: &TestEnv, t: &Tenant, membro: Uuid) -> (Uuid, String) {
    let (u, cookie) = logged_in(&env.store, t, Papel::Parlamentar).await;
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    sqlx::query(
        "UPDATE app.usuario SET parlamentar_id = (SELECT parlamentar_id FROM app.membro_comissao
            WHERE tenant_id = $1 AND id = $3) WHERE tenant_id = $1 AND id = $2",
    )
    .bind(t.id)
    .bind(u.id)
    .bind(membro)
    .execute(tx.conn())
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (u.id, cookie)
}

/// The PL distributed to the CJ on 31/03/2026 and its relator (`membro`) designated on
/// 01/04/2026: the distribuição's id.
async fn distribuida(env: &TestEnv, t: &Tenant, pl: Uuid, cj: Uuid, membro: Uuid) -> Uuid {
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let d = comissoes::distribuir(&mut tx, &a, pl, &[cj], date!(2026 - 03 - 31), "À CJ.")
        .await
        .unwrap()[0];
    relatoria::designar_relator(
        &mut tx,
        &a,
        &relatoria::NovaRelatoria {
            distribuicao_id: d,
            membro_id: membro,
            data: date!(2026 - 04 - 01),
            prazo_dias: 5,
            motivo: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    d
}

async fn parecer_do_relator(
    app: &TestApp,
    host: &str,
    cookie: &str,
    d: Uuid,
    conclusao: &str,
) -> testkit::http::TestResponse {
    let csrf = app.csrf(host, cookie).await;
    let corpo = multipart(
        &[
            ("conclusao", conclusao),
            ("texto", "Pela aprovação, o projeto é constitucional."),
            ("data", "06/04/2026"),
        ],
        &[],
    );
    app.post_multipart_as(
        host,
        &format!("/admin/minhas-comissoes/relatorias/{d}/parecer?_csrf={csrf}"),
        cookie,
        corpo,
    )
    .await
}

#[tokio::test]
async fn the_relator_gives_the_parecer_and_each_member_votes_once_from_their_account() {
    let env = TestEnv::new().await;
    let t = env.camara("commembros-web", "pool").await;
    let c = cenario(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let d = distribuida(&env, &t, c.pl, c.cj, c.membros[1]).await;
    let (_, secretaria) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf_s = app.csrf(&host, &secretaria).await;
    let mut membros = Vec::new();
    for m in &c.membros {
        membros.push(membro_logado(&env, &t, *m).await);
    }
    let (_, de_fora) = membro_logado(&env, &t, c.de_fora).await;
    let (relator, outro) = (&membros[1].1, &membros[0].1);
    let relatoria = format!("/admin/minhas-comissoes/relatorias/{d}");

    // The relator sees the matéria with its prazo; another parlamentar does not reach it.
    let page = app.get_as(&host, "/admin/minhas-comissoes", relator).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&relatoria) && page.body.contains("5 dias úteis, até 09/04/2026"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Minhas comissões"));
    let page = app.get_as(&host, "/admin/minhas-comissoes", outro).await;
    assert!(!page.body.contains(&relatoria), "{}", page.body);
    assert_eq!(
        app.get_as(&host, &relatoria, outro).await.status,
        StatusCode::NOT_FOUND
    );
    let r = parecer_do_relator(&app, &host, outro, d, "favoravel").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // Every error at once, the text kept; then the parecer.
    let r = parecer_do_relator(&app, &host, relator, d, "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Escolha a conclusão") && r.body.contains("o projeto é constitucional"),
        "{}",
        r.body
    );
    let r = parecer_do_relator(&app, &host, relator, d, "favoravel").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &relatoria, relator).await;
    assert!(
        page.body.contains("aguarda a votação da comissão"),
        "{}",
        page.body
    );

    // The secretaria opens the electronic vote.
    let page = app
        .get_as(
            &host,
            &format!("/admin/comissoes/distribuicoes/{d}"),
            &secretaria,
        )
        .await;
    let parecer = links(&page.body, "/admin/comissoes/pareceres/").remove(0);
    let r = app
        .post_as(
            &host,
            &format!("{parecer}/votacao-eletronica"),
            &secretaria,
            &[("_csrf", &csrf_s), ("data", "07/04/2026")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Members vote from their accounts, once.
    let page = app.get_as(&host, "/admin/minhas-comissoes", outro).await;
    assert!(page.body.contains("Você ainda não votou"), "{}", page.body);
    let votacao = links(&page.body, "/admin/minhas-comissoes/votacoes/").remove(0);
    let votar = async |cookie: &str, voto: &str| {
        let csrf = app.csrf(&host, cookie).await;
        app.post_as(&host, &votacao, cookie, &[("_csrf", &csrf), ("voto", voto)])
            .await
    };
    let r = votar(outro, "talvez").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Escolha o voto"), "{}", r.body);
    assert_eq!(votar(outro, "sim").await.status, StatusCode::SEE_OTHER);
    let page = app.get_as(&host, &votacao, outro).await;
    assert!(
        page.body
            .contains("Seu voto foi registrado: <strong>Sim</strong>"),
        "{}",
        page.body
    );
    let r = votar(outro, "nao").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("já votou"), "{}", r.body);
    // A parlamentar of another comissão does not reach the vote.
    assert_eq!(
        app.get_as(&host, &votacao, &de_fora).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(votar(&de_fora, "sim").await.status, StatusCode::NOT_FOUND);
    assert_eq!(votar(relator, "sim").await.status, StatusCode::SEE_OTHER);

    // The paper form shows who voted and does not overwrite them.
    let page = app.get_as(&host, &parecer, &secretaria).await;
    assert!(
        page.body.contains("(votou eletronicamente: Sim)")
            && page.body.contains("Votos dados até agora (2 de 3 membros)"),
        "{}",
        page.body
    );
    let r = app
        .post_as(
            &host,
            &format!("{parecer}/votacao"),
            &secretaria,
            &[
                ("_csrf", &csrf_s),
                ("data", "07/04/2026"),
                (&format!("voto_{}", c.membros[0]), "nao"),
                (&format!("voto_{}", c.membros[1]), "sim"),
                (&format!("voto_{}", c.membros[2]), "ausente"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Já votaram eletronicamente"), "{}", r.body);

    // The secretaria closes it after a confirmation: 2 sim, 1 ausente of 3, approved.
    let encerrar = format!("{parecer}/votacao-eletronica/encerrar");
    let confirmar = app.get_as(&host, &encerrar, &secretaria).await;
    assert!(
        confirmar.body.contains("Encerrar e apurar"),
        "{}",
        confirmar.body
    );
    let r = app
        .post_as(&host, &encerrar, &secretaria, &[("_csrf", &csrf_s)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &parecer, &secretaria).await;
    assert!(
        page.body.contains("Aprovado pela comissão"),
        "{}",
        page.body
    );
    assert_eq!(situacao(&env, &t, c.pl).await, "em_comissao");
    // Closed: nobody else votes, nor closes it twice.
    assert_eq!(
        votar(&membros[2].1, "sim").await.status,
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_as(&host, &encerrar, &secretaria, &[("_csrf", &csrf_s)])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

    // Each vote is audited with its own account.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let contas: Vec<Uuid> = sqlx::query_scalar(
        "SELECT usuario_id FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'voto_membro_parecer'
          ORDER BY em",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(contas, [membros[0].0, membros[1].0]);
}

#[tokio::test]
async fn only_a_parlamentar_linked_to_a_member_reaches_the_members_pages() {
    assert!(Papel::Parlamentar.pode(Permissao::ComissaoParticipar));
    for papel in [
        Papel::Secretaria,
        Papel::Operador,
        Papel::Editor,
        Papel::Auxiliar,
    ] {
        assert!(!papel.pode(Permissao::ComissaoParticipar), "{papel:?}");
    }
    let env = TestEnv::new().await;
    let t = env.camara("commembros-perm", "pool").await;
    let c = cenario(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let d = distribuida(&env, &t, c.pl, c.cj, c.membros[1]).await;
    let rotas: Vec<_> = web::routes::route_info()
        .into_iter()
        .filter(|r| r.permissao == Some(Permissao::ComissaoParticipar))
        .collect();
    assert_eq!(rotas.len(), 5);
    for papel in [Papel::Secretaria, Papel::Editor, Papel::Parlamentar] {
        // A PARLAMENTAR account linked to no parlamentar is refused too.
        let (_, cookie) = logged_in(&env.store, &t, papel).await;
        let csrf = app.csrf(&host, &cookie).await;
        for r in &rotas {
            let path = r.path.replace("{id}", &d.to_string());
            let resp = if r.method == axum::http::Method::GET {
                app.get_as(&host, &path, &cookie).await
            } else if path.ends_with("/parecer") {
                let corpo = multipart(&[("conclusao", "favoravel")], &[]);
                app.post_multipart_as(&host, &format!("{path}?_csrf={csrf}"), &cookie, corpo)
                    .await
            } else {
                app.post_as(&host, &path, &cookie, &[("_csrf", &csrf), ("voto", "sim")])
                    .await
            };
            assert_eq!(
                resp.status,
                StatusCode::FORBIDDEN,
                "{papel:?} {} {path}",
                r.method
            );
        }
    }
    let (_, cookie) = membro_logado(&env, &t, c.membros[1]).await;
    let page = app.get_as(&host, "/admin/minhas-comissoes", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("href=\"/admin/minhas-comissoes\""));
}

#[tokio::test]
async fn another_camaras_relatoria_is_a_404_and_recorded() {
    let env = TestEnv::new().await;
    let a = env.camara("commembros-a", "pool").await;
    let b = env.camara("commembros-b", "pool").await;
    let ca = cenario(&env, &a).await;
    let cb = cenario(&env, &b).await;
    let d_b = distribuida(&env, &b, cb.pl, cb.cj, cb.membros[1]).await;
    let app = env.app();
    let host = host_of(&a);
    let (_, cookie) = membro_logado(&env, &a, ca.membros[1]).await;
    let eventos = async || -> i64 {
        sqlx::query_scalar(
            "SELECT count(*) FROM control.security_events WHERE kind = 'id_de_outra_camara' AND host_tenant_id = $1",
        )
        .bind(a.id)
        .fetch_one(env.store.control())
        .await
        .unwrap()
    };
    let antes = eventos().await;
    let r = app
        .get_as(
            &host,
            &format!("/admin/minhas-comissoes/relatorias/{d_b}"),
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = parecer_do_relator(&app, &host, &cookie, d_b, "favoravel").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(eventos().await, antes + 2);
    assert_eq!(situacao(&env, &b, cb.pl).await, "em_comissao");
}
