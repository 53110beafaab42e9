//! The master panel in tests: a platform administrator's login (password and TOTP code),
//! and the isolation walk of every master-panel route, taken from
//! `web::routes::plataforma_route_info()` (nothing listed by hand):
//!
//! * on a câmara's host, every route is a plain 404 and changes nothing, even with a valid
//!   platform session and its CSRF token;
//! * on the platform host, a câmara administrator's session (sent under its own name and
//!   under the platform cookie's name) opens nothing and changes nothing;
//! * a platform administrator who names câmara A in the address and an identifier of câmara
//!   B beside it is refused (or told "not found"), and nothing of B changes.
//!
//! Every request carries a body that would do something if it reached a handler (a fresh
//! câmara, a fresh domain, the administrator's real password), so "changes nothing" is
//! something the walk can see fail. One request per route: the cost grows with the routes.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::http::{Method, StatusCode};
use store::Store;
use store::infra::catalog::Tenant;
use uuid::Uuid;

use crate::escritas::um_id_por_tabela;
use crate::fuzz::digest;
use crate::http::{TestApp, TestResponse, form, host_of, now};

/// The name of the master panel's session cookie.
pub const COOKIE: &str = "plenario_plataforma";

/// A platform administrator: e-mail and (one-time) password.
pub async fn novo_admin(store: &Store) -> (String, String) {
    let email = format!("{}@plataforma.example", crate::unique("plataforma"));
    let (_, senha, _, _) =
        store::plataforma::criar(store, &email, "Operadora da Plataforma", "teste")
            .await
            .unwrap();
    (email, senha)
}

/// The current TOTP code of a platform administrator.
pub async fn codigo(store: &Store, email: &str) -> String {
    store::plataforma::codigo_de_teste(store, email, now())
        .await
        .unwrap()
}

/// The current TOTP code, with the replay guard reset first (for tests that log in several
/// times within one 30-second step; replays are tested on their own).
pub async fn codigo_de_novo(store: &Store, email: &str) -> String {
    sqlx::query("UPDATE control.platform_admins SET totp_ultimo_passo = 0 WHERE email = $1")
        .bind(email)
        .execute(store.control())
        .await
        .unwrap();
    codigo(store, email).await
}

/// The login form posted from `from` (the socket address `serve` sees), with the CSRF
/// cookie of the login page.
pub async fn entrar(
    app: &TestApp,
    from: Option<SocketAddr>,
    email: &str,
    senha: &str,
    codigo: &str,
) -> TestResponse {
    let host = app.state.config.platform_host.clone();
    let page = app
        .send_from(from, Method::GET, &host, "/admin-master/login", &[], "")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.cookie("plenario_plataforma_csrf").unwrap();
    app.send_from(
        from,
        Method::POST,
        &host,
        "/admin-master/login",
        &[("cookie", &format!("plenario_plataforma_csrf={csrf}"))],
        &form(&[
            ("_csrf", &csrf),
            ("email", email),
            ("senha", senha),
            ("codigo", codigo),
        ]),
    )
    .await
}

/// The Cookie header of the platform session a login response opened.
pub fn sessao(r: &TestResponse) -> String {
    format!("{COOKIE}={}", r.cookie(COOKIE).unwrap())
}

/// A logged-in platform administrator, past the first-login password change.
pub struct Plataforma {
    pub email: String,
    /// The current password (the one chosen at the first login).
    pub senha: String,
    /// The Cookie header.
    pub cookie: String,
    pub csrf: String,
}

/// A new platform administrator, logged in, with the one-time password replaced.
pub async fn logada(app: &TestApp, store: &Store) -> Plataforma {
    let (email, provisoria) = novo_admin(store).await;
    let r = entrar(app, None, &email, &provisoria, &codigo(store, &email).await).await;
    assert_eq!(r.location, "/admin-master/senha", "{}", r.body);
    let cookie = sessao(&r);
    let (senha, csrf) = trocar_primeira_senha(app, &cookie, &provisoria).await;
    Plataforma {
        email,
        senha,
        cookie,
        csrf,
    }
}

/// Replaces the one-time password of a fresh platform session (the session then opens the
/// panel); gives the new password and the session's CSRF token.
pub async fn trocar_primeira_senha(app: &TestApp, cookie: &str, atual: &str) -> (String, String) {
    let host = app.state.config.platform_host.clone();
    let page = app.get_as(&host, "/admin-master/senha", cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.field("_csrf").unwrap();
    let nova = "Plataforma#Nova2026".to_owned();
    let r = app
        .post_as(
            &host,
            "/admin-master/senha",
            cookie,
            &[
                ("_csrf", &csrf),
                ("atual", atual),
                ("nova", &nova),
                ("confirmacao", &nova),
            ],
        )
        .await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/admin-master/senha?trocada=1"),
        "{}",
        r.body
    );
    (nova, csrf)
}

/// What the walk of the master panel did and found.
#[derive(Debug, Default)]
pub struct Resultado {
    pub achados: Vec<String>,
    /// Requests on a câmara's host, as a câmara's admin, and with B's ids.
    pub no_host_da_camara: usize,
    pub como_admin_da_camara: usize,
    pub com_ids_de_b: usize,
}

/// The value for a `{param}` of a master-panel path: A's slug for the câmara, a word of the
/// actions, and for an identifier B's id of the table the previous segment names
/// (`usuarios/{id}` → a row of `app.usuario` of B). `None`: a kind of parameter the walk
/// does not know yet (a finding, so a new route cannot go unwalked).
fn valor(
    anterior: &str,
    param: &str,
    slug_a: &str,
    de_b: &BTreeMap<String, Uuid>,
) -> Option<(String, bool)> {
    match param {
        "slug" => Some((slug_a.to_owned(), false)),
        "acao" => Some(("suspender".to_owned(), false)),
        _ => [
            anterior,
            anterior.strip_suffix('s').unwrap_or(anterior),
            anterior.strip_suffix("es").unwrap_or(anterior),
        ]
        .into_iter()
        .find_map(|t| de_b.get(t))
        .map(|id| (id.to_string(), true)),
    }
}

/// The path with its parameters filled (see [`valor`]), and whether it carries an id of B.
fn preencher(
    path: &str,
    slug_a: &str,
    de_b: &BTreeMap<String, Uuid>,
) -> Result<(String, bool), String> {
    let mut anterior = "";
    let mut de_b_usado = false;
    let mut partes = Vec::new();
    for seg in path.split('/') {
        if let Some(param) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let (v, b) = valor(anterior, param, slug_a, de_b)
                .ok_or_else(|| format!("{path}: não sei que valor dar a {{{param}}}"))?;
            de_b_usado |= b;
            partes.push(v);
        } else {
            partes.push(seg.to_owned());
        }
        anterior = seg;
    }
    Ok((partes.join("/"), de_b_usado))
}

/// What a master-panel request could change: the catalog rows and domains of `tenants`,
/// a câmara or domain named `fresco`, the administrator's account and sessions, and the
/// platform audit about `tenants` (or by the administrator, when `ator` is given).
async fn controle(
    store: &Store,
    tenants: &[&Tenant],
    fresco: &str,
    admin: &str,
    ator: Option<&str>,
) -> String {
    let ids: Vec<i32> = tenants.iter().map(|t| t.id).collect();
    sqlx::query_scalar(
        "SELECT jsonb_build_array(
            (SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id) FROM control.tenants t
              WHERE t.id = ANY($1) OR t.slug = $2),
            (SELECT jsonb_agg(to_jsonb(d) ORDER BY d.host) FROM control.domains d
              WHERE d.tenant_id = ANY($1) OR d.host LIKE $2 || '%'),
            (SELECT jsonb_agg(to_jsonb(a)) FROM control.platform_admins a WHERE a.email = $3),
            (SELECT jsonb_agg(s.id ORDER BY s.id) FROM control.platform_sessions s
               JOIN control.platform_admins a ON a.id = s.admin_id WHERE a.email = $3),
            (SELECT jsonb_agg(to_jsonb(l) ORDER BY l.tenant_id) FROM control.limites_taxa l
              WHERE l.tenant_id = ANY($1)),
            (SELECT count(*) FROM control.platform_audit
              WHERE tenant_id = ANY($1) OR actor = $4))::text",
    )
    .bind(&ids)
    .bind(fresco)
    .bind(admin)
    .bind(ator.unwrap_or(""))
    .fetch_one(store.control())
    .await
    .unwrap()
}

/// Everything of `tenants` and of the control plane a request could change.
async fn estado(
    store: &Store,
    tenants: &[&Tenant],
    fresco: &str,
    admin: &str,
    ator: Option<&str>,
) -> (Vec<BTreeMap<String, String>>, String) {
    let mut digests = Vec::new();
    for t in tenants {
        digests.push(digest(store, t).await);
    }
    (digests, controle(store, tenants, fresco, admin, ator).await)
}

/// A body every master-panel form would act on if it reached its handler.
fn corpo(csrf: &str, fresco: &str, p: &Plataforma, b_dominio: &str) -> String {
    form(&[
        ("_csrf", csrf),
        ("slug", fresco),
        ("nome", "Câmara Municipal de Olinda"),
        ("municipio", "Olinda"),
        ("uf", "PE"),
        ("posicionamento", "pool"),
        ("dominio", b_dominio),
        ("principal", "on"),
        ("atual", &p.senha),
        ("nova", "Plataforma#Trocada2026"),
        ("confirmacao", "Plataforma#Trocada2026"),
    ])
}

/// The walk (see the module documentation). A and B must be populated; B gets a custom
/// domain here, so a form naming it can be seen to move or remove it.
pub async fn check_master_panel(app: &TestApp, store: &Store, a: &Tenant, b: &Tenant) -> Resultado {
    let mut r = Resultado::default();
    let plataforma = app.state.config.platform_host.clone();
    let p = logada(app, store).await;
    let ator = format!("plataforma:{}", p.email);
    let fresco = crate::unique("mestre-fresca");
    let b_dominio = format!("{}.pe.leg.br", b.slug);
    store::infra::catalog::add_domain(store.control(), b, &b_dominio, false, crate::BASE_DOMAIN)
        .await
        .unwrap();
    let de_b = um_id_por_tabela(store, b).await;
    let rotas = web::routes::plataforma_route_info();
    if rotas.len() < 10 {
        r.achados.push(format!(
            "plataforma_route_info() tem só {} rotas: a verificação não verificaria nada",
            rotas.len()
        ));
    }
    let (_, cookie_a) = crate::fixtures::logged_in(store, a, domain::auth::Papel::Admin).await;
    let csrf_a = app.csrf(&host_of(a), &cookie_a).await;
    let token_a = cookie_a
        .split(';')
        .find_map(|c| c.trim().split_once('=').map(|(_, v)| v.to_owned()))
        .unwrap_or_default();
    // A câmara admin's session, also under the platform cookie's name.
    let como_camara = format!("{cookie_a}; {COOKIE}={token_a}");

    let antes = estado(store, &[a, b], &fresco, &p.email, Some(&ator)).await;
    for rota in &rotas {
        let (path, _) = match preencher(rota.path, &a.slug, &de_b) {
            Ok(x) => x,
            Err(e) => {
                r.achados.push(e);
                continue;
            }
        };
        let abre = web::routes::PLATAFORMA_PUBLIC.contains(&rota.path);
        // (a) on A's host, with a valid platform session and its token; (b) on the
        // platform host, as A's administrator (the login page is open to anyone).
        let mut pedidos = vec![(
            "host_da_camara",
            host_of(a),
            p.cookie.as_str(),
            p.csrf.as_str(),
        )];
        if !abre {
            pedidos.push(("admin_da_camara", plataforma.clone(), &como_camara, &csrf_a));
        }
        for (tipo, host, cookie, csrf) in pedidos {
            let body = if rota.method == Method::POST {
                corpo(csrf, &fresco, &p, &format!("{fresco}.pe.leg.br"))
            } else {
                String::new()
            };
            let resp = app
                .send(
                    rota.method.clone(),
                    &host,
                    &path,
                    &[("cookie", cookie)],
                    &body,
                )
                .await;
            let recusada = if tipo == "host_da_camara" {
                r.no_host_da_camara += 1;
                resp.status == StatusCode::NOT_FOUND
            } else {
                r.como_admin_da_camara += 1;
                // The login guard's own answers: to the login page, or 403. A 401 would be
                // a handler refusing by itself, i.e. a route outside the guard.
                (resp.status == StatusCode::SEE_OTHER && resp.location == "/admin-master/login")
                    || resp.status == StatusCode::FORBIDDEN
            };
            if !recusada {
                r.achados.push(format!(
                    "{} {path} em {host} ({tipo}) não foi recusada: {} {}",
                    rota.method, resp.status, resp.location
                ));
            }
            let depois = estado(store, &[a, b], &fresco, &p.email, Some(&ator)).await;
            if depois != antes {
                r.achados.push(format!(
                    "{} {path} em {host} ({tipo}) alterou dados ({})",
                    rota.method, resp.status
                ));
                return r;
            }
        }
    }

    // (c) the platform administrator, naming A in the address and B's identifiers beside
    // it: B's ids in the path, B's domain in the form. A route with an id of B must refuse;
    // every route naming A must leave B as it was and show nothing of B.
    let antes = estado(store, &[b], &fresco, &p.email, None).await;
    let canario_b = crate::fixtures::canary(b);
    for rota in &rotas {
        if !rota.path.contains("{slug}") {
            continue;
        }
        let Ok((path, com_id_de_b)) = preencher(rota.path, &a.slug, &de_b) else {
            continue;
        };
        let body = if rota.method == Method::POST {
            corpo(&p.csrf, &fresco, &p, &b_dominio)
        } else {
            String::new()
        };
        let resp = app
            .send(
                rota.method.clone(),
                &plataforma,
                &path,
                &[("cookie", &p.cookie)],
                &body,
            )
            .await;
        r.com_ids_de_b += 1;
        if com_id_de_b && !resp.status.is_client_error() {
            r.achados.push(format!(
                "{} {path} (A com identificadores de B) não foi recusada: {} {}",
                rota.method, resp.status, resp.location
            ));
        }
        if resp.body.contains(&canario_b) {
            r.achados.push(format!(
                "{} {path} (A com identificadores de B) mostrou dados de B",
                rota.method
            ));
        }
        if estado(store, &[b], &fresco, &p.email, None).await != antes {
            r.achados.push(format!(
                "{} {path} (A com identificadores de B) alterou dados de B ({})",
                rota.method, resp.status
            ));
            return r;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_get_as_slug_and_bs_id_of_the_table_the_path_names() {
        let u = Uuid::now_v7();
        let de_b = BTreeMap::from([("usuario".to_owned(), u)]);
        assert_eq!(
            preencher(
                "/admin-master/camaras/{slug}/usuarios/{id}/senha",
                "a",
                &de_b
            ),
            Ok((format!("/admin-master/camaras/a/usuarios/{u}/senha"), true))
        );
        assert_eq!(
            preencher("/admin-master/camaras/{slug}/{acao}", "a", &de_b),
            Ok(("/admin-master/camaras/a/suspender".to_owned(), false))
        );
        // A kind of parameter the walk does not know is an error, not a skipped route.
        assert!(preencher("/admin-master/camaras/{slug}/votos/{id}", "a", &de_b).is_err());
        assert!(preencher("/admin-master/x/{outro}", "a", &de_b).is_err());
    }
}
