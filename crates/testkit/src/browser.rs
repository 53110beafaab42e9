//! A real headless Chromium driving a real server (Debian's chromium + chromium-driver).
//!
//! [`Navegador::abrir`] starts chromedriver on a free port, serves the application on
//! another, and opens a browser session. Without chromedriver it panics, unless
//! `PLENARIO_SKIP_BROWSER=1` says this machine has no browser on purpose (then it returns
//! `None` and the test returns early).

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use domain::auth::Papel;
use fantoccini::{Client, ClientBuilder};
use serde_json::json;
use store::infra::catalog::Tenant;

use crate::TestEnv;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A browser session against the test server.
pub struct Navegador {
    pub client: Client,
    /// The server's port on 127.0.0.1 (câmaras answer on `<slug>.localhost:<port>`).
    pub port: u16,
    /// The in-process server, when [`abrir`](Self::abrir) started one.
    server: Option<tokio::task::JoinHandle<()>>,
    profile: std::path::PathBuf,
    _driver: Driver,
}

fn pular() -> bool {
    if std::env::var("PLENARIO_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("PLENARIO_SKIP_BROWSER=1: browser test not run");
        return true;
    }
    false
}

/// axe-core's source, read once.
fn axe_source() -> String {
    static FONTE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FONTE
        .get_or_init(|| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tools/axe/node_modules/axe-core/axe.min.js");
            std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}. Install it with `npm ci --prefix tools/axe` (or set PLENARIO_SKIP_BROWSER=1)",
                    path.display()
                )
            })
        })
        .clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Navegador {
    /// Starts chromedriver, the server (the same router as `serve`) and a browser session.
    pub async fn abrir(env: &TestEnv) -> Option<Self> {
        if pular() {
            return None;
        }
        let app = env.app();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                app.router
                    .into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        let mut nav = Self::externo(port).await?;
        nav.server = Some(server);
        Some(nav)
    }

    /// A browser session against a server already listening on `port` (e.g. `plenario dev`).
    pub async fn externo(port: u16) -> Option<Self> {
        if pular() {
            return None;
        }
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let driver_port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver not found: apt-get install chromium chromium-driver (or set PLENARIO_SKIP_BROWSER=1)");
        let driver = Driver(child);
        let mut up = false;
        for _ in 0..400 {
            if std::net::TcpStream::connect(("127.0.0.1", driver_port)).is_ok() {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert!(up, "chromedriver did not start");
        // Unique across test binaries and worktrees sharing /tmp.
        let profile = std::env::temp_dir().join(crate::unique(&format!(
            "chromium-profile-{}",
            std::process::id()
        )));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        let client = ClientBuilder::rustls()
            .unwrap()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .expect("a chromium session");
        Some(Self {
            client,
            port,
            server: None,
            profile,
            _driver: driver,
        })
    }

    /// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the current page and returns its
    /// violations, each as `id (impact): help — targets`. axe-core comes from
    /// `tools/axe/node_modules` (`npm ci --prefix tools/axe`, done by `.ci/run`).
    pub async fn axe(&self) -> Vec<String> {
        let fonte = axe_source();
        self.client.execute(&fonte, vec![]).await.unwrap();
        let r = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values:
                     ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help
                       + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))))
                   .catch(e => done(['axe falhou: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(r).unwrap()
    }

    /// `http://<slug>.localhost:<port>`.
    pub fn base(&self, t: &Tenant) -> String {
        format!("http://{}.localhost:{}", t.slug, self.port)
    }

    /// Logs the browser into `t` as a new user with `papel`, through the login form (a
    /// password set directly in the database). Returns the user.
    pub async fn entrar(
        &self,
        env: &TestEnv,
        t: &Tenant,
        papel: Papel,
    ) -> store::conta::usuarios::Usuario {
        const SENHA: &str = "Navegador#Teste2026";
        let (usuario, _) = crate::fixtures::logged_in(&env.store, t, papel).await;
        let mut tx = store::TenantTx::begin(&env.store, t, store::Access::Write)
            .await
            .unwrap();
        store::conta::usuarios::definir_senha(
            &mut tx,
            &store::auditoria::Autor::cli("testes"),
            &usuario,
            SENHA,
            false,
            None,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        self.client
            .goto(&format!("{}/admin/login", self.base(t)))
            .await
            .unwrap();
        self.preencher("email", &usuario.email).await;
        self.preencher("senha", SENHA).await;
        self.clicar("form[action='/admin/login'] button[type=submit]")
            .await;
        self.esperar("nav.menu-admin").await;
        usuario
    }

    /// Waits (up to 15 s) for an element.
    pub async fn esperar(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element {css} never appeared: {e}"))
    }

    /// Fills the input `#id` (clearing it first).
    pub async fn preencher(&self, id: &str, valor: &str) {
        let el = self
            .client
            .find(fantoccini::Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("no #{id}: {e}"));
        el.clear().await.unwrap();
        el.send_keys(valor).await.unwrap();
    }

    /// Sets a value through script (selects, dates, times: typing into them depends on locale).
    pub async fn definir(&self, id: &str, valor: &str) {
        self.client
            .execute(
                "document.getElementById(arguments[0]).value = arguments[1];",
                vec![json!(id), json!(valor)],
            )
            .await
            .unwrap();
    }

    /// Clicks the element matching `css`.
    pub async fn clicar(&self, css: &str) {
        self.client
            .find(fantoccini::Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// The page's visible text.
    pub async fn texto(&self) -> String {
        self.client
            .find(fantoccini::Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn fechar(self) {
        self.client.close().await.unwrap();
        if let Some(s) = &self.server {
            s.abort();
        }
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
