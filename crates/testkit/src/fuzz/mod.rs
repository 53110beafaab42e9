//! Hostile input on every route of the route table: no 5xx, and nothing written by a
//! request that was refused.
//!
//! Nothing is listed by hand. Routes come from `web::routes::route_info()`; concrete
//! addresses (with real ids) and the fields of every form come from crawling the câmara's
//! pages as its administrator. Each route is then sent a small set of hostile values in each
//! path parameter, in every query parameter its pages use, and in each field of its forms
//! (one field at a time, the others keeping their valid defaults, and all at once), as a
//! visitor and as an administrator. Refused writes (4xx) must leave the câmara's rows as
//! they were: a digest of every `app` table is compared before and after.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::{Method, StatusCode};
use store::infra::catalog::Tenant;
use store::{Access, Store, TenantTx, quote_ident};

use crate::http::{TestApp, TestResponse, host_of};

mod html;
use html::atributo;
pub use html::{Formulario, casa, formularios, links};

/// Hostile values, already percent-encoded (so invalid UTF-8 can be sent).
pub const HOSTIS: &[&str] = &[
    "%00",
    "a%00b",
    "%FF%FE",
    "%C3%28",
    "a%01b",
    "%1B%5B31m",
    "linha%0Aquebra%0D%0A",
    "99999999999999999999",
    "-1",
    "-9223372036854775809",
    "2025-13-45",
    "31%2F02%2F2025",
    "00000000-0000-0000-0000-000000000000",
    "nao-e-id",
    "%27%20OR%201%3D1%20--",
    "%3Cscript%3E",
    "",
];

/// 10 kB strings, ASCII and accented.
pub fn longos() -> Vec<String> {
    vec!["x".repeat(10_000), "%C3%A7".repeat(5_000)]
}

/// The smaller set sent field by field.
pub const HOSTIS_POR_CAMPO: &[&str] = &[
    "%00",
    "Texto+com%00nulo",
    "%FF%FETexto+inv%E1lido",
    "Texto+com%01controle",
    "99999999999999999999",
    "-1",
    "2025-13-45",
    "nao-e-id",
];

/// Query parameters tried on every GET route besides those its forms name.
pub const PARAMETROS: &[&str] = &[
    "pagina",
    "q",
    "volta",
    "cursor",
    "itens",
    "formato",
    "ano",
    "tipo",
    "data",
    "de",
    "ate",
    "status",
    "aviso",
    "salvo",
    "legislatura",
    "partido",
    "periodo",
    "categoria",
    "tag",
    "token",
    "erro",
    "id",
];

/// Tables whose rows change on refused requests by design: the session's last activity,
/// failed logins (throttling).
const SEM_DIGEST: &[&str] = &["sessao", "login_falha"];

/// A digest of every `app` table's rows of `tenant` (as the owner would read them).
pub async fn digest(store: &Store, tenant: &Tenant) -> BTreeMap<String, String> {
    let mut tx = TenantTx::begin(store, tenant, Access::Read).await.unwrap();
    let tabelas = crate::isolation::app_tables(tx.conn()).await;
    let partes: Vec<String> = tabelas
        .iter()
        .filter(|t| !SEM_DIGEST.contains(&t.as_str()))
        .map(|t| {
            let lit = t.replace('\'', "''");
            format!(
                "SELECT '{lit}'::text, (SELECT count(*) || ':' || coalesce(md5(string_agg(to_jsonb(x)::text, ',' ORDER BY to_jsonb(x)::text)), '') FROM app.{id} x WHERE x.tenant_id = $1)",
                id = quote_ident(t)
            )
        })
        .collect();
    let linhas: Vec<(String, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(partes.join(" UNION ALL ")))
            .bind(tenant.id)
            .fetch_all(tx.conn())
            .await
            .unwrap();
    let _ = tx.rollback().await;
    linhas.into_iter().collect()
}

/// A logged-in administrator: the Cookie header and the session's CSRF token.
pub async fn admin(app: &TestApp, store: &Store, t: &Tenant) -> (String, String) {
    let (_, cookie) = crate::fixtures::logged_in(store, t, domain::auth::Papel::Admin).await;
    let r = app
        .get_as(&host_of(t), "/admin/configuracoes", &cookie)
        .await;
    let csrf = r
        .field("_csrf")
        .or_else(|| {
            let i = r.body.find("name=\"_csrf\"")?;
            let tag_start = r.body[..i].rfind('<')?;
            let tag_end = r.body[i..].find('>')? + i;
            atributo(&r.body[tag_start..=tag_end], "value")
        })
        .unwrap_or_default();
    (cookie, csrf)
}

/// What the walk found: every finding, and how many requests it made.
#[derive(Debug, Default)]
pub struct Relatorio {
    pub achados: Vec<String>,
    pub pedidos: usize,
    pub formularios: usize,
    pub paginas: usize,
    /// How many answers of each (method, status).
    pub estados: BTreeMap<String, usize>,
}

struct Walker<'a> {
    app: &'a TestApp,
    store: &'a Store,
    t: &'a Tenant,
    host: String,
    rel: Relatorio,
    /// The digest after the last refused POST, if nothing may have written since.
    ultimo: Option<BTreeMap<String, String>>,
}

impl Walker<'_> {
    async fn send(
        &mut self,
        method: Method,
        url: &str,
        cookie: Option<&str>,
        body: &str,
    ) -> TestResponse {
        self.rel.pedidos += 1;
        let mut headers = vec![("accept", "text/html")];
        if let Some(c) = cookie {
            headers.push(("cookie", c));
        }
        let r = self
            .app
            .send(method.clone(), &self.host, url, &headers, body)
            .await;
        *self
            .rel
            .estados
            .entry(format!(
                "{method} {}{}",
                r.status.as_u16(),
                if r.location.starts_with("/admin/login") {
                    " → login"
                } else {
                    ""
                }
            ))
            .or_default() += 1;
        if r.status.is_server_error() {
            let quem = if cookie.is_some() {
                "admin"
            } else {
                "visitante"
            };
            let corpo: String = body.chars().take(120).collect();
            self.rel.achados.push(format!(
                "{method} {} ({quem}, corpo {corpo:?}) respondeu {}",
                url.chars().take(160).collect::<String>(),
                r.status
            ));
        }
        r
    }

    /// A POST whose refusal must leave the câmara as it was.
    async fn post(&mut self, url: &str, cookie: Option<&str>, body: &str) {
        let antes = match self.ultimo.take() {
            Some(d) => d,
            None => digest(self.store, self.t).await,
        };
        let abertas = self.store.aberturas(self.t.id);
        let r = self.send(Method::POST, url, cookie, body).await;
        let abertas = self.store.aberturas(self.t.id) - abertas;
        // A refused admin form is answered from the request's own transaction: the guard's
        // session check and the handler's, never a second one opened to re-render.
        if cookie.is_some() && r.status.is_client_error() && abertas > 2 {
            self.rel.achados.push(format!(
                "POST {} recusado com {} abriu {abertas} transações da câmara (no máximo 2)",
                url.chars().take(160).collect::<String>(),
                r.status
            ));
        }
        if r.status.is_client_error() {
            let depois = digest(self.store, self.t).await;
            let mudou: Vec<&String> = depois
                .iter()
                .filter(|(k, v)| antes.get(*k) != Some(v))
                .map(|(k, _)| k)
                .collect();
            if !mudou.is_empty() {
                self.rel.achados.push(format!(
                    "POST {} recusado com {} mas alterou {mudou:?} (corpo {:?})",
                    url.chars().take(160).collect::<String>(),
                    r.status,
                    body.chars().take(120).collect::<String>()
                ));
            }
            self.ultimo = Some(depois);
        }
    }
}

fn corpo(campos: &[(String, String)], csrf: &str, hostil: Option<(&str, &str)>) -> String {
    let mut s = String::new();
    let mut tem_csrf = false;
    for (n, v) in campos {
        if !s.is_empty() {
            s.push('&');
        }
        let n_enc: String = form_urlencoded::byte_serialize(n.as_bytes()).collect();
        s.push_str(&n_enc);
        s.push('=');
        if n == "_csrf" {
            tem_csrf = true;
            s.push_str(csrf);
        } else {
            match hostil {
                Some((alvo, h)) if alvo == "*" || alvo == n => s.push_str(h),
                _ => s.extend(form_urlencoded::byte_serialize(v.as_bytes())),
            }
        }
    }
    if !tem_csrf {
        if !s.is_empty() {
            s.push('&');
        }
        s.push_str("_csrf=");
        s.push_str(csrf);
    }
    s
}

/// What a crawl of the admin found: one concrete address per route pattern, the POST
/// forms (one per action pattern and set of fields), and the names of GET form fields.
pub struct Rastro {
    pub exemplos: BTreeMap<&'static str, String>,
    pub formularios: Vec<Formulario>,
    pub nomes_get: BTreeSet<String>,
}

/// Crawls the câmara as its administrator from every GET route without parameters.
async fn rastrear(w: &mut Walker<'_>, rotas: &[web::RouteInfo], cookie: &str) -> Rastro {
    let mut vistos = BTreeSet::new();
    let mut fila: VecDeque<String> = rotas
        .iter()
        .filter(|r| r.method == Method::GET && !r.path.contains('{'))
        .map(|r| r.path.to_owned())
        .collect();
    let mut exemplos: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut forms: Vec<Formulario> = Vec::new();
    let mut nomes_get: BTreeSet<String> = PARAMETROS.iter().map(|s| s.to_string()).collect();
    while let Some(url) = fila.pop_front() {
        if vistos.len() >= 400 || !vistos.insert(url.clone()) {
            continue;
        }
        let Some(rota) = rotas
            .iter()
            .find(|r| r.method == Method::GET && casa(r.path, &url))
        else {
            continue;
        };
        if url.ends_with("/sair") {
            continue;
        }
        let r = w.send(Method::GET, &url, Some(cookie), "").await;
        w.rel.paginas += 1;
        exemplos.entry(rota.path).or_insert_with(|| url.clone());
        if r.status != StatusCode::OK || !r.content_type.starts_with("text/html") {
            continue;
        }
        for f in formularios(&r.body, &url) {
            if !f.post {
                nomes_get.extend(f.campos.iter().map(|(n, _)| n.clone()));
            } else {
                let chave = |g: &Formulario| {
                    let a = g.action.split('?').next().unwrap_or("").to_owned();
                    let padrao = rotas
                        .iter()
                        .find(|r| r.method == Method::POST && casa(r.path, &a))
                        .map(|r| r.path.to_owned())
                        .unwrap_or(a);
                    let nomes: BTreeSet<&str> = g.campos.iter().map(|(n, _)| n.as_str()).collect();
                    (padrao, format!("{nomes:?}"))
                };
                if !forms.iter().any(|g| chave(g) == chave(&f)) {
                    forms.push(f);
                }
            }
        }
        for l in links(&r.body) {
            let sem_query = l.split(['?', '#']).next().unwrap_or("").to_owned();
            let nova = !exemplos.keys().any(|p| casa(p, &sem_query));
            if nova && !vistos.contains(&sem_query) {
                fila.push_back(sem_query);
            }
        }
    }
    Rastro {
        exemplos,
        formularios: forms,
        nomes_get,
    }
}

/// Crawls `t`'s admin as its administrator (see [`Rastro`]).
pub async fn rastrear_camara(app: &TestApp, store: &Store, t: &Tenant, cookie: &str) -> Rastro {
    let mut w = Walker {
        app,
        store,
        t,
        host: host_of(t),
        rel: Relatorio::default(),
        ultimo: None,
    };
    let rotas = web::routes::route_info();
    rastrear(&mut w, &rotas, cookie).await
}

/// Walks every route of the table with hostile input on `t` (populated beforehand).
pub async fn check_routes(app: &TestApp, store: &Store, t: &Tenant) -> Relatorio {
    let host = host_of(t);
    let mut w = Walker {
        app,
        store,
        t,
        host,
        rel: Relatorio::default(),
        ultimo: None,
    };
    let rotas = web::routes::route_info();
    let (cookie, csrf) = admin(app, store, t).await;
    if csrf.is_empty() {
        w.rel
            .achados
            .push("sem token CSRF numa página do admin: os POSTs não passariam da guarda".into());
    }

    // 1. Crawl as the administrator: concrete addresses and forms.
    let rastro = rastrear(&mut w, &rotas, &cookie).await;
    let (exemplos, mut forms, nomes_get) = (rastro.exemplos, rastro.formularios, rastro.nomes_get);
    // The câmara's settings last: accepting one of them may demand two-factor logins,
    // which would send every later session to the enrolment page.
    forms.sort_by_key(|f| f.action.starts_with("/admin/configuracoes"));
    w.rel.formularios = forms.len();
    if std::env::var_os("PLENARIO_FUZZ_FORMS").is_some() {
        for f in &forms {
            let nomes: Vec<&str> = f.campos.iter().map(|(n, _)| n.as_str()).collect();
            eprintln!("form {} {nomes:?}", f.action);
        }
        return w.rel;
    }
    let mut hostis: Vec<String> = HOSTIS.iter().map(|s| s.to_string()).collect();
    hostis.extend(longos());

    // 2. GET: hostile path parameters and query strings, as visitor and admin.
    for rota in rotas.iter().filter(|r| r.method == Method::GET) {
        let base = exemplos
            .get(rota.path)
            .cloned()
            .unwrap_or_else(|| crate::isolation::fill_path(rota.path, "x"));
        for h in &hostis {
            // Every query parameter at once, split so an address stays under 60 kB.
            let mut urls = vec![format!("{base}?")];
            for n in &nomes_get {
                let par = format!("{n}={h}&");
                if urls.last().is_some_and(|u| u.len() + par.len() > 60_000) {
                    urls.push(format!("{base}?"));
                }
                if let Some(u) = urls.last_mut() {
                    u.push_str(&par);
                }
            }
            // (A path with several parameters filled with the longest values would pass
            // the URI limit of the HTTP library: those are tried in the query string above.)
            let caminho = crate::isolation::fill_path(rota.path, h);
            if rota.path.contains('{') && caminho.len() <= 60_000 {
                urls.push(caminho);
            }
            for url in urls {
                w.send(Method::GET, &url, None, "").await;
                if !url.ends_with("/sair") {
                    w.send(Method::GET, &url, Some(&cookie), "").await;
                }
            }
        }
    }

    // 3. POST on every route: hostile path parameters, anonymous and as admin.
    for rota in rotas.iter().filter(|r| r.method == Method::POST) {
        if rota.path.ends_with("/sair") {
            continue;
        }
        let campos: Vec<(String, String)> = forms
            .iter()
            .find(|f| casa(rota.path, f.action.split('?').next().unwrap_or("")))
            .map(|f| f.campos.clone())
            .unwrap_or_default();
        let urls: Vec<String> = if rota.path.contains('{') {
            hostis
                .iter()
                .map(|h| crate::isolation::fill_path(rota.path, h))
                .collect()
        } else {
            vec![rota.path.to_owned()]
        };
        for (i, url) in urls.iter().enumerate() {
            let b = corpo(&campos, &csrf, Some(("*", "Texto+com%00nulo")));
            // Without a session the guard answers every admin route alike: a few suffice.
            if rota.permissao.is_none() || i < 3 {
                w.post(url, None, &b).await;
            }
            w.post(url, Some(&cookie), &b).await;
        }
    }

    // 4. POST on every form found: each field hostile in turn, then all at once.
    for f in &forms {
        if f.action.ends_with("/sair") {
            continue;
        }
        let (cookie, csrf) = admin(app, store, t).await;
        w.ultimo = None;
        // Upload forms (multipart) are sent urlencoded too: a wrong content type must be
        // refused cleanly.
        let action = f.action.clone();
        for (nome, _) in f.campos.iter().filter(|(n, _)| n != "_csrf") {
            for h in HOSTIS_POR_CAMPO {
                let b = corpo(&f.campos, &csrf, Some((nome, h)));
                w.post(&action, Some(&cookie), &b).await;
            }
        }
        for h in &hostis {
            let b = corpo(&f.campos, &csrf, Some(("*", h)));
            w.post(&action, Some(&cookie), &b).await;
            w.post(&action, None, &b).await;
        }
    }
    w.rel
}
