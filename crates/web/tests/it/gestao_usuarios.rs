//! Who manages whom: the matrix of docs/identity.md, walked over HTTP for every acting
//! role, account role and action (issue #8: a SECRETARIA promoted itself to ADMIN).

use std::collections::HashMap;

use axum::http::{Method, StatusCode};
use domain::auth::{AcaoUsuario, Papel, Permissao, pode_gerir};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::form;
use testkit::http::{TestApp, TestResponse, host_of};
use uuid::Uuid;

const DOC: &str = include_str!("../../../../docs/identity.md");

type Matriz = HashMap<(Papel, Papel), bool>;

/// A matrix of docs/identity.md: the table after `<!-- matriz: nome -->`.
fn matriz(nome: &str) -> Matriz {
    let marker = format!("<!-- matriz: {nome} -->");
    let start = DOC.find(&marker).expect("matrix in docs/identity.md") + marker.len();
    let mut linhas = DOC[start..]
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with('|'));
    let cabecalho: Vec<Papel> = linhas
        .next()
        .unwrap()
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .skip(1)
        .map(|c| Papel::parse(c).unwrap())
        .collect();
    assert_eq!(cabecalho, Papel::ALL.to_vec());
    let mut m = Matriz::new();
    for linha in linhas.skip(1) {
        let cells: Vec<&str> = linha
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let ator = Papel::parse(cells[0]).unwrap();
        for (alvo, cell) in cabecalho.iter().zip(&cells[1..]) {
            let v = match *cell {
                "sim" => true,
                "não" => false,
                other => panic!("cell {other:?} of {nome}"),
            };
            m.insert((ator, *alvo), v);
        }
    }
    assert_eq!(m.len(), Papel::ALL.len().pow(2), "{nome}: every pair");
    m
}

#[test]
fn the_documented_matrix_is_the_rule_of_the_domain() {
    let agir = matriz("agir");
    let conceder = matriz("conceder");
    for a in Papel::ALL {
        for t in Papel::ALL {
            for acao in AcaoUsuario::ALL {
                let esperado = if acao == AcaoUsuario::Criar {
                    conceder[&(a, t)]
                } else {
                    agir[&(a, t)]
                };
                assert_eq!(
                    pode_gerir(a, t, None, false, acao).is_ok(),
                    esperado,
                    "{a} {acao:?} {t}"
                );
            }
            for novo in Papel::ALL {
                assert_eq!(
                    pode_gerir(a, t, Some(novo), false, AcaoUsuario::Editar).is_ok(),
                    agir[&(a, t)] && (novo == t || conceder[&(a, novo)]),
                    "{a} changes {t} to {novo}"
                );
            }
        }
    }
}

/// The whole row of a user, as JSON text (to prove a refused action changed nothing).
async fn linha(env: &TestEnv, t: &store::infra::catalog::Tenant, id: Uuid) -> Option<String> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    sqlx::query_scalar(
        "SELECT row_to_json(u)::text FROM app.usuario u WHERE tenant_id = $1 AND id = $2",
    )
    .bind(t.id)
    .bind(id)
    .fetch_optional(tx.conn())
    .await
    .unwrap()
}

async fn usuario(
    env: &TestEnv,
    t: &store::infra::catalog::Tenant,
    id: Uuid,
) -> store::conta::usuarios::Usuario {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    store::conta::usuarios::por_id(&mut tx, id)
        .await
        .unwrap()
        .unwrap()
}

struct Cenario<'a> {
    env: &'a TestEnv,
    t: &'a store::infra::catalog::Tenant,
    app: TestApp,
    host: String,
    /// One argon2 hash for every target account (hashing is the slow part).
    hash: String,
}

impl Cenario<'_> {
    /// An account of role `papel` with two-factor login on, active or not.
    async fn alvo(&self, papel: Papel, ativo: bool) -> Uuid {
        let id = Uuid::now_v7();
        let mut tx = TenantTx::begin(&self.env.store, self.t, Access::Write)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO app.usuario (tenant_id, id, nome, email, papel, senha_hash, trocar_senha,
                                      ativo, totp_segredo, totp_ativo)
             VALUES ($1, $2, 'Conta Alvo', $3, $4, $5, false, $6, 'JBSWY3DPEHPK3PXP', true)",
        )
        .bind(self.t.id)
        .bind(id)
        .bind(format!("{}@alvo.example", testkit::unique("alvo")))
        .bind(papel.as_str())
        .bind(&self.hash)
        .bind(ativo)
        .execute(tx.conn())
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    }

    async fn post(
        &self,
        cookie: &str,
        csrf: &str,
        path: &str,
        campos: &[(&str, &str)],
    ) -> TestResponse {
        let mut campos = campos.to_vec();
        campos.push(("_csrf", csrf));
        self.app
            .send(
                Method::POST,
                &self.host,
                path,
                &[("cookie", cookie)],
                &form(&campos),
            )
            .await
    }
}

/// The expected status of an allowed action.
fn sucesso(acao: AcaoUsuario) -> StatusCode {
    match acao {
        AcaoUsuario::RedefinirSenha => StatusCode::OK,
        AcaoUsuario::Criar => StatusCode::CREATED,
        _ => StatusCode::SEE_OTHER,
    }
}

#[tokio::test]
async fn every_role_pair_and_action_over_http_follows_the_matrix() {
    let env = TestEnv::new().await;
    let t = env.camara("matriz", "pool").await;
    let c = Cenario {
        env: &env,
        t: &t,
        app: env.app(),
        host: host_of(&t),
        hash: store::conta::usuarios::hash_senha("Alvo#Senha2026x")
            .await
            .unwrap(),
    };
    let agir = matriz("agir");
    let conceder = matriz("conceder");
    let acoes = [
        AcaoUsuario::Editar,
        AcaoUsuario::Desativar,
        AcaoUsuario::Reativar,
        AcaoUsuario::RedefinirSenha,
        AcaoUsuario::Redefinir2fa,
    ];
    let mut casos = 0;
    for ator in Papel::ALL {
        let (eu, cookie) = logged_in(&env.store, &t, ator).await;
        let csrf = c
            .app
            .get_as(&c.host, "/admin", &cookie)
            .await
            .field("_csrf")
            .unwrap();
        for papel in Papel::ALL {
            // Actions on an existing account.
            for acao in acoes {
                let id = c.alvo(papel, acao != AcaoUsuario::Reativar).await;
                let antes = linha(&env, &t, id).await.unwrap();
                let path = format!("/admin/usuarios/{id}/{}", acao.as_str());
                let permitido = agir[&(ator, papel)];
                let pagina = c.app.get_as(&c.host, &path, &cookie).await;
                let r = c
                    .post(
                        &cookie,
                        &csrf,
                        &path,
                        &[("nome", "Nome Novo"), ("papel", papel.as_str())],
                    )
                    .await;
                let depois = usuario(&env, &t, id).await;
                let caso = format!("{ator} {} {papel}: {}", acao.as_str(), r.body);
                if permitido {
                    assert_eq!(pagina.status, StatusCode::OK, "{caso}");
                    assert_eq!(r.status, sucesso(acao), "{caso}");
                    let mudou = match acao {
                        AcaoUsuario::Editar => depois.nome == "Nome Novo",
                        AcaoUsuario::Desativar => !depois.ativo,
                        AcaoUsuario::Reativar => depois.ativo,
                        AcaoUsuario::RedefinirSenha => depois.trocar_senha,
                        _ => !depois.totp_ativo,
                    };
                    assert!(mudou, "{caso}");
                } else {
                    if ator.pode(Permissao::UsuarioGerir) {
                        // The reason, on the users page.
                        assert!(r.body.contains("class=\"alerta\""), "{caso}");
                    }
                    assert_eq!(pagina.status, StatusCode::FORBIDDEN, "{caso}");
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{caso}");
                    assert_eq!(linha(&env, &t, id).await.unwrap(), antes, "{caso}");
                }
                casos += 1;
            }
            // Every role change of an account of this role.
            for novo in Papel::ALL.into_iter().filter(|n| *n != papel) {
                let id = c.alvo(papel, true).await;
                let antes = linha(&env, &t, id).await.unwrap();
                let r = c
                    .post(
                        &cookie,
                        &csrf,
                        &format!("/admin/usuarios/{id}/editar"),
                        &[("nome", "Conta Alvo"), ("papel", novo.as_str())],
                    )
                    .await;
                let caso = format!("{ator} changes {papel} to {novo}: {}", r.body);
                if agir[&(ator, papel)] && conceder[&(ator, novo)] {
                    assert_eq!(r.status, StatusCode::SEE_OTHER, "{caso}");
                    assert_eq!(usuario(&env, &t, id).await.papel, novo, "{caso}");
                } else {
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{caso}");
                    assert_eq!(linha(&env, &t, id).await.unwrap(), antes, "{caso}");
                }
                casos += 1;
            }
            // Creating an account with this role.
            let email = format!("{}@novo.example", testkit::unique("novo"));
            let r = c
                .post(
                    &cookie,
                    &csrf,
                    "/admin/usuarios",
                    &[
                        ("nome", "Conta Nova"),
                        ("email", &email),
                        ("papel", papel.as_str()),
                    ],
                )
                .await;
            let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
            let criado = store::conta::usuarios::por_email(&mut tx, &email)
                .await
                .ok();
            drop(tx);
            let caso = format!("{ator} creates {papel}: {}", r.body);
            if conceder[&(ator, papel)] {
                assert_eq!(r.status, StatusCode::CREATED, "{caso}");
                assert_eq!(criado.map(|u| u.papel), Some(papel), "{caso}");
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{caso}");
                assert!(criado.is_none(), "{caso}");
            }
            casos += 1;
        }
        // One's own account: the name only, and only with usuario.gerir.
        let antes = linha(&env, &t, eu.id).await.unwrap();
        for novo in Papel::ALL.into_iter().filter(|n| *n != ator) {
            let r = c
                .post(
                    &cookie,
                    &csrf,
                    &format!("/admin/usuarios/{}/editar", eu.id),
                    &[("nome", "Eu Mesma"), ("papel", novo.as_str())],
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{ator} makes itself {novo}"
            );
            casos += 1;
        }
        for acao in [
            AcaoUsuario::Desativar,
            AcaoUsuario::RedefinirSenha,
            AcaoUsuario::Redefinir2fa,
        ] {
            let path = format!("/admin/usuarios/{}/{}", eu.id, acao.as_str());
            let r = c.post(&cookie, &csrf, &path, &[]).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{ator} {} itself",
                acao.as_str()
            );
            casos += 1;
        }
        assert_eq!(
            linha(&env, &t, eu.id).await.unwrap(),
            antes,
            "{ator} on itself"
        );
        let r = c
            .post(
                &cookie,
                &csrf,
                &format!("/admin/usuarios/{}/editar", eu.id),
                &[("nome", "Eu Mesma"), ("papel", ator.as_str())],
            )
            .await;
        let pode = ator.pode(Permissao::UsuarioGerir);
        assert_eq!(
            r.status,
            if pode {
                StatusCode::SEE_OTHER
            } else {
                StatusCode::FORBIDDEN
            },
            "{ator} renames itself"
        );
        assert_eq!(usuario(&env, &t, eu.id).await.nome == "Eu Mesma", pode);
        casos += 1;
    }
    // n acting roles × (n account roles × (5 actions + n - 1 role changes + create) + n + 3
    // on oneself)
    let n = Papel::ALL.len();
    assert_eq!(casos, n * (n * (5 + n - 1 + 1) + n + 3));
}

#[tokio::test]
async fn the_forms_offer_only_the_roles_one_may_grant() {
    let env = TestEnv::new().await;
    let t = env.camara("opcoes", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (eu, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let lista = app.get_as(&host, "/admin/usuarios", &cookie).await;
    assert_eq!(lista.status, StatusCode::OK);
    let opcoes = |body: &str| -> Vec<String> {
        let select = &body[body.find("<select id=\"papel\"").unwrap()..];
        let select = &select[..select.find("</select>").unwrap()];
        select
            .split("<option value=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_owned())
            .collect()
    };
    assert_eq!(
        opcoes(&lista.body),
        ["SECRETARIA", "EDITOR", "ASSESSOR", "AUXILIAR"]
    );
    // The administrator provisioned with the câmara shows no action links to SECRETARIA.
    let admin = t.admin_email.clone().unwrap();
    let linha_admin = lista.body.split(&admin).nth(1).unwrap();
    let linha_admin = &linha_admin[..linha_admin.find("</tr>").unwrap()];
    assert!(!linha_admin.contains("/editar"), "{linha_admin}");
    // One's own row offers only "Editar" (the name).
    let minha = lista.body.split(&eu.email).nth(1).unwrap();
    let minha = &minha[..minha.find("</tr>").unwrap()];
    assert!(
        minha.contains(&format!("/admin/usuarios/{}/editar", eu.id)),
        "{minha}"
    );
    assert!(
        !minha.contains("/desativar") && !minha.contains("/senha"),
        "{minha}"
    );
    // Editing oneself offers only one's own role.
    let proprio = app
        .get_as(&host, &format!("/admin/usuarios/{}/editar", eu.id), &cookie)
        .await;
    assert_eq!(proprio.status, StatusCode::OK);
    assert_eq!(opcoes(&proprio.body), ["SECRETARIA"]);
    // The reported attack, step by step: promote oneself, then reset the ADMIN's password.
    let csrf = proprio.field("_csrf").unwrap();
    let promover = app
        .send(
            Method::POST,
            &host,
            &format!("/admin/usuarios/{}/editar", eu.id),
            &[("cookie", &cookie)],
            &form(&[("_csrf", &csrf), ("nome", "Pessoa"), ("papel", "ADMIN")]),
        )
        .await;
    assert_eq!(promover.status, StatusCode::FORBIDDEN);
    assert!(
        promover
            .body
            .contains("Ninguém pode mudar o próprio perfil"),
        "{}",
        promover.body
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let adm = store::conta::usuarios::por_email(&mut tx, &admin)
        .await
        .unwrap();
    drop(tx);
    for acao in ["senha", "2fa", "desativar", "editar"] {
        let r = app
            .send(
                Method::POST,
                &host,
                &format!("/admin/usuarios/{}/{acao}", adm.id),
                &[("cookie", &cookie)],
                &form(&[("_csrf", &csrf), ("nome", "Tomada"), ("papel", "AUXILIAR")]),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{acao}");
        assert!(
            r.body
                .contains("Somente um administrador pode gerenciar contas de administrador"),
            "{}",
            r.body
        );
    }
    assert_eq!(usuario(&env, &t, adm.id).await, adm);
}
