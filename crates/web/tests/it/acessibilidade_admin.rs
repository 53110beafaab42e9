//! Every admin page of a populated câmara passes axe-core (WCAG 2.0/2.1 A and AA, as
//! `Navegador::axe`) and is never wider than the window, at 390 and at 1366 px (issues #12
//! and #13): one address per admin GET route of the route table (`rotas.txt`), found by
//! following the admin's links from `/admin` (and the parlamentar's from theirs), logged in
//! as an Admin and then as a Parlamentar. A new admin GET route that the walk does not reach
//! fails the test by name, unless [`SEM_PAGINA`] says why it has no page.
//! `PLENARIO_CAPTURAS=DIR` saves a screenshot of every page at each width.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::Method;
use domain::auth::{Papel, Permissao};
use store::auditoria::Autor;
use store::conta::usuarios;
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::browser::Navegador;
use testkit::fixtures::populate;
use testkit::http::{TestApp, host_of};

/// Admin GET routes that answer no HTML page of their own, with the reason: files and
/// downloads (checked by their own tests), and pages the walk cannot be logged in for.
const SEM_PAGINA: &[(&str, &str)] = &[
    ("/admin/login/2fa", "a second step of a login in progress"),
    ("/admin/senha/redefinir", "needs a token sent by e-mail"),
    ("/admin/comissoes/pareceres/{id}/arquivo", "a file"),
    ("/admin/sessoes/{id}/certidao-presenca.pdf", "a PDF"),
    ("/admin/protocolo/{id}/comprovante.pdf", "a PDF"),
    ("/admin/protocolo/documentos/{id}", "a file"),
    ("/admin/proposicoes/anexos/{id}", "a file"),
    ("/admin/minhas-proposicoes/anexos/{id}", "a file"),
    ("/admin/protocolo/eletronicas/anexos/{id}", "a file"),
    ("/admin/paginas/anexos/{id}", "a file"),
    ("/admin/noticias/{id}/capa", "an image"),
];

/// Admin pages that take their row in the query string (linked only from some states).
const COM_CONSULTA: &[(&str, &str)] = &[("/admin/normas/autografos/novo", "?proposicao={id}")];

/// The admin GET routes of the table (those with a permission, and `/admin/...` open ones).
pub(crate) fn rotas_admin() -> Vec<&'static str> {
    web::routes::route_info()
        .into_iter()
        .filter(|r| r.method == Method::GET && r.path.starts_with("/admin"))
        .map(|r| r.path)
        .collect()
}

/// The route of `rotas` that serves `caminho` (no query): the one with most literal
/// segments, as the router prefers `/novo` to `/{id}`.
pub(crate) fn rota_de(rotas: &[&'static str], caminho: &str) -> Option<&'static str> {
    let partes: Vec<&str> = caminho.split('/').collect();
    rotas
        .iter()
        .filter(|r| {
            let segs: Vec<&str> = r.split('/').collect();
            segs.len() == partes.len()
                && segs
                    .iter()
                    .zip(&partes)
                    .all(|(s, p)| s.starts_with('{') || s == p)
        })
        .max_by_key(|r| r.split('/').filter(|s| !s.starts_with('{')).count())
        .copied()
}

/// The `href`s of a page that start with `prefixo` (entities decoded, no anchor).
pub(crate) fn hrefs(html: &str, prefixo: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .map(|h| h.split('#').next().unwrap_or_default().to_owned())
        .filter(|h| h.starts_with(prefixo))
        .collect()
}

/// Follows the links under `prefixo` from `inicio` (with the session `cookie`, if any), one
/// address per route: the first that answers 200, with the content type it answered.
pub(crate) async fn caminhar(
    app: &TestApp,
    host: &str,
    cookie: &str,
    inicio: &[&str],
    rotas: &[&'static str],
    prefixo: &str,
) -> BTreeMap<&'static str, (String, String)> {
    let mut achadas: BTreeMap<&'static str, (String, String)> = BTreeMap::new();
    let mut tentadas = BTreeSet::new();
    let mut fila: VecDeque<String> = inicio.iter().map(|s| (*s).to_owned()).collect();
    while let Some(p) = fila.pop_front() {
        let caminho = p.split('?').next().unwrap_or_default().to_owned();
        let Some(rota) = rota_de(rotas, &caminho) else {
            continue;
        };
        if achadas.contains_key(rota) || tentadas.len() > 1500 || !tentadas.insert(p.clone()) {
            continue;
        }
        let r = if cookie.is_empty() {
            app.get(host, &p).await
        } else {
            app.get_as(host, &p, cookie).await
        };
        if r.status != 200 {
            continue;
        }
        if r.content_type.starts_with("text/html") {
            fila.extend(hrefs(&r.body, prefixo));
        }
        achadas.insert(rota, (p, r.content_type.clone()));
    }
    achadas
}

/// Violations and overflows found on a set of pages, and how many of each axe rule.
#[derive(Default)]
pub(crate) struct Achados {
    pub falhas: Vec<String>,
    pub por_regra: BTreeMap<String, usize>,
    pub largas: usize,
    pub paginas: usize,
}

impl Achados {
    pub fn resumo(&self) -> String {
        let regras: Vec<String> = self
            .por_regra
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect();
        format!(
            "{} page views; {} overflowing; axe violations by rule: {}",
            self.paginas,
            self.largas,
            if regras.is_empty() {
                "none".to_owned()
            } else {
                regras.join(", ")
            }
        )
    }
}

/// Opens every page of `paginas` (paths on `base`) at 390 and at 1366 px: axe's
/// violations and the page being wider than the window go into `achados`.
pub(crate) async fn verificar(
    nav: &Navegador,
    base: &str,
    paginas: &[String],
    achados: &mut Achados,
) {
    let c = &nav.client;
    for (w, h) in [(390u32, 844u32), (1366, 900)] {
        c.set_window_size(w, h).await.unwrap();
        for p in paginas {
            c.goto(&format!("{base}{p}")).await.unwrap();
            achados.paginas += 1;
            if let Ok(dir) = std::env::var("PLENARIO_CAPTURAS") {
                let nome: String = p
                    .chars()
                    .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
                    .collect();
                if let Ok(png) = c.screenshot().await {
                    let _ = std::fs::write(format!("{dir}/{w}{nome}.png"), png);
                }
            }
            let (doc, janela, fora) = super::largura::larguras(nav).await;
            if doc > janela {
                achados.largas += 1;
                achados.falhas.push(format!(
                    "{p} at {w} px: {doc} px wide in a {janela} px window ({fora})"
                ));
            }
            for v in nav.axe().await {
                let regra = v.split(' ').next().unwrap_or_default().to_owned();
                *achados.por_regra.entry(regra).or_default() += 1;
                achados.falhas.push(format!("{p} at {w} px: {v}"));
            }
        }
    }
}

/// The browser's session cookie, as a `Cookie` header.
pub(crate) async fn cookie_de(nav: &Navegador) -> String {
    nav.client
        .get_all_cookies()
        .await
        .unwrap()
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Logs the browser into `t` as the existing user `email` (a password set directly).
pub(crate) async fn entrar_como(nav: &Navegador, env: &TestEnv, t: &Tenant, email: &str) {
    const SENHA: &str = "Navegador#Teste2026";
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let usuario = usuarios::por_email(&mut tx, email).await.unwrap();
    usuarios::definir_senha(&mut tx, &Autor::cli("testes"), &usuario, SENHA, false, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    nav.client
        .goto(&format!("{}/admin/login", nav.base(t)))
        .await
        .unwrap();
    nav.preencher("email", email).await;
    nav.preencher("senha", SENHA).await;
    nav.clicar("form[action='/admin/login'] button[type=submit]")
        .await;
    nav.esperar("nav.menu-admin").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_admin_page_passes_axe_and_fits_a_phone() {
    let env = TestEnv::new().await;
    let t = env.camara("axe-admin", "pool").await;
    populate(&env.store, &t).await;
    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    let app = env.app();
    let host = host_of(&t);
    let base = nav.base(&t);
    let rotas = rotas_admin();
    let mut achados = Achados::default();

    // Before logging in: the login and the forgotten password.
    let abertas = ["/admin/login".to_owned(), "/admin/senha/esqueci".to_owned()];
    verificar(&nav, &base, &abertas, &mut achados).await;

    // The admin, from the dashboard.
    nav.entrar(&env, &t, Papel::Admin).await;
    let cookie_admin = cookie_de(&nav).await;
    let admin = caminhar(&app, &host, &cookie_admin, &["/admin"], &rotas, "/admin").await;

    // The parlamentar's own pages, as the fixtures' vereadora (tied to their parlamentar).
    nav.client.delete_all_cookies().await.unwrap();
    entrar_como(
        &nav,
        &env,
        &t,
        &format!("vereadora-{}@fixture.example", t.slug),
    )
    .await;
    let proprias = [
        Permissao::ComissaoParticipar,
        Permissao::ProposicaoCriar,
        Permissao::VotacaoVotar,
    ];
    let do_parlamentar: Vec<&'static str> = web::routes::route_info()
        .into_iter()
        .filter(|r| r.method == Method::GET && r.permissao.is_some_and(|p| proprias.contains(&p)))
        .map(|r| r.path)
        .collect();
    let inicio: Vec<&str> = do_parlamentar
        .iter()
        .copied()
        .filter(|r| !r.contains('{'))
        .collect();
    let parlamentar = caminhar(
        &app,
        &host,
        &cookie_de(&nav).await,
        &inicio,
        &do_parlamentar,
        "/admin",
    )
    .await;

    // A route no page links to: its `{id}` filled with each identifier of the câmara's
    // rows until one answers (a page reached by a form, or by a button's script).
    let mut admin = admin;
    let ids = testkit::isolation::identifiers_of(&env.store, &t).await;
    for rota in rotas.iter().copied() {
        let consulta = COM_CONSULTA
            .iter()
            .find(|(r, _)| *r == rota)
            .map(|(_, q)| *q);
        if admin.contains_key(rota)
            || !(rota.contains('{') || consulta.is_some())
            || SEM_PAGINA.iter().any(|(s, _)| *s == rota)
        {
            continue;
        }
        for id in &ids {
            if uuid::Uuid::parse_str(id).is_err() {
                continue;
            }
            let p = testkit::isolation::fill_path(rota, id)
                + &consulta.map(|q| q.replace("{id}", id)).unwrap_or_default();
            let r = app.get_as(&host, &p, &cookie_admin).await;
            if r.status == 200 {
                admin.insert(rota, (p, r.content_type.clone()));
                break;
            }
        }
    }

    // Every admin route has an address, or a reason why it has none.
    let sem: Vec<&str> = rotas
        .iter()
        .copied()
        .filter(|r| {
            !admin.contains_key(r)
                && !parlamentar.contains_key(r)
                && !abertas.iter().any(|a| a == r)
                && !SEM_PAGINA.iter().any(|(s, _)| s == r)
        })
        .collect();
    assert!(
        sem.is_empty(),
        "admin GET routes the walk did not reach (link them, add a fixture, or say why in SEM_PAGINA):\n{}",
        sem.join("\n")
    );
    let paginas = |m: &BTreeMap<&'static str, (String, String)>| -> Vec<String> {
        m.values()
            .filter(|(_, tipo)| tipo.starts_with("text/html"))
            .map(|(p, _)| p.clone())
            .collect()
    };
    verificar(&nav, &base, &paginas(&parlamentar), &mut achados).await;
    nav.client.delete_all_cookies().await.unwrap();
    nav.entrar(&env, &t, Papel::Admin).await;
    // The admin's pages, less the parlamentar's own (just walked as the parlamentar).
    admin.retain(|r, _| !parlamentar.contains_key(r));
    verificar(&nav, &base, &paginas(&admin), &mut achados).await;
    nav.fechar().await;
    eprintln!("admin walk: {}", achados.resumo());
    assert!(
        achados.falhas.is_empty(),
        "{}\n{}",
        achados.resumo(),
        achados.falhas.join("\n")
    );
}
