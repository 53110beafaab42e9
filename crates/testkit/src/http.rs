//! Driving the application in-process.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use store::Store;
use tower::ServiceExt;
use web::{AppState, WebConfig};

/// The router as `serve` builds it, with its state.
#[derive(Clone)]
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    /// The Location header, if any.
    pub location: String,
    /// Every Set-Cookie header.
    pub set_cookies: Vec<String>,
    pub content_type: String,
    /// Every response header.
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestApp {
    pub fn new(store: Store) -> Self {
        Self::with_config(store, WebConfig::new(crate::BASE_DOMAIN, false))
    }

    pub fn with_config(store: Store, config: WebConfig) -> Self {
        crate::logs::capturar();
        let state = AppState::new(store, config);
        Self {
            router: web::app(state.clone()),
            state,
        }
    }

    pub async fn request(&self, method: Method, host: &str, path: &str) -> TestResponse {
        self.send(method, host, path, &[], "").await
    }

    /// A request with extra headers (`Cookie`, …) and an urlencoded body.
    pub async fn send(
        &self,
        method: Method,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
        form: &str,
    ) -> TestResponse {
        self.send_from(None, method, host, path, headers, form)
            .await
    }

    /// Like [`Self::send`], from a client at `peer` (the socket address `serve` sees).
    pub async fn send_from(
        &self,
        peer: Option<std::net::SocketAddr>,
        method: Method,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
        form: &str,
    ) -> TestResponse {
        let tipo = (!form.is_empty()).then_some("application/x-www-form-urlencoded");
        self.send_raw(
            peer,
            method,
            host,
            path,
            headers,
            tipo,
            form.as_bytes().to_vec(),
        )
        .await
    }

    /// A request with any body and content type (multipart uploads, broken bodies).
    pub async fn send_bytes(
        &self,
        method: Method,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
        content_type: &str,
        body: Vec<u8>,
    ) -> TestResponse {
        self.send_raw(None, method, host, path, headers, Some(content_type), body)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn send_raw(
        &self,
        peer: Option<std::net::SocketAddr>,
        method: Method,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> TestResponse {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, host);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        if let Some(peer) = peer {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let location = resp
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let set_cookies = resp
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect();
        let content_type = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        TestResponse {
            status,
            location,
            set_cookies,
            content_type,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, host: &str, path: &str) -> TestResponse {
        self.request(Method::GET, host, path).await
    }

    /// GET with a session cookie.
    pub async fn get_as(&self, host: &str, path: &str, cookie: &str) -> TestResponse {
        self.send(Method::GET, host, path, &[("cookie", cookie)], "")
            .await
    }

    /// The CSRF token of a logged-in session (read from the admin's home page).
    pub async fn csrf(&self, host: &str, cookie: &str) -> String {
        self.get_as(host, "/admin", cookie)
            .await
            .field("_csrf")
            .unwrap_or_default()
    }

    /// POST of an urlencoded form with a session cookie (the pairs carry `_csrf` when the
    /// test wants it).
    pub async fn post_as(
        &self,
        host: &str,
        path: &str,
        cookie: &str,
        pairs: &[(&str, &str)],
    ) -> TestResponse {
        self.send(
            Method::POST,
            host,
            path,
            &[("cookie", cookie)],
            &form(pairs),
        )
        .await
    }

    /// POST of a multipart body (see [`multipart`]) with a session cookie.
    pub async fn post_multipart_as(
        &self,
        host: &str,
        path: &str,
        cookie: &str,
        corpo: (String, Vec<u8>),
    ) -> TestResponse {
        let (content_type, body) = corpo;
        self.send_bytes(
            Method::POST,
            host,
            path,
            &[("cookie", cookie)],
            &content_type,
            body,
        )
        .await
    }
}

/// A file of a multipart body: field name, file name, content type, bytes.
pub type Arquivo<'a> = (&'a str, &'a str, &'a str, &'a [u8]);

/// A multipart/form-data body: text fields, then files. Gives the content type (with its
/// boundary) and the bytes.
pub fn multipart(campos: &[(&str, &str)], arquivos: &[Arquivo<'_>]) -> (String, Vec<u8>) {
    let boundary = "----plenario-teste-5e1a";
    let mut body = Vec::new();
    for (k, v) in campos {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (campo, nome, tipo, dados) in arquivos {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{campo}\"; filename=\"{nome}\"\r\nContent-Type: {tipo}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(dados);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestResponse {
    /// A response header as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of a cookie this response sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies.iter().find_map(|c| {
            let first = c.split(';').next()?;
            let (k, v) = first.split_once('=')?;
            (k.trim() == name).then(|| v.trim().to_owned())
        })
    }

    /// The value of a hidden form field (`name="…" value="…"`).
    pub fn field(&self, name: &str) -> Option<String> {
        let needle = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&needle)? + needle.len();
        let end = self.body[start..].find('"')? + start;
        Some(self.body[start..end].to_owned())
    }
}

/// An urlencoded form body.
pub fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Seconds since the Unix epoch (TOTP steps).
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The host a câmara answers on in tests.
pub fn host_of(t: &store::infra::catalog::Tenant) -> String {
    format!("{}.{}", t.slug, crate::BASE_DOMAIN)
}

/// Logs in through the câmara's login form, as a browser would (its CSRF cookie and field),
/// asking to go back to `/admin`.
pub async fn login(app: &TestApp, host: &str, email: &str, senha: &str) -> TestResponse {
    login_voltando(app, host, email, senha, "/admin").await
}

/// Like [`login`], asking to go back to `volta` afterwards.
pub async fn login_voltando(
    app: &TestApp,
    host: &str,
    email: &str,
    senha: &str,
    volta: &str,
) -> TestResponse {
    let campos = [("email", email), ("senha", senha), ("volta", volta)];
    post_publico(app, host, "/admin/login", "/admin/login", &campos).await
}

/// A public form (login, password reset): GET `pagina` for its CSRF cookie and field, then
/// POST `campos` to `destino` with both, as a browser would.
pub async fn post_publico(
    app: &TestApp,
    host: &str,
    pagina: &str,
    destino: &str,
    campos: &[(&str, &str)],
) -> TestResponse {
    let page = app.get(host, pagina).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page
        .cookie("plenario_csrf")
        .expect("a public form sets its CSRF cookie");
    assert_eq!(page.field("_csrf").as_deref(), Some(csrf.as_str()));
    let mut todos = vec![("_csrf", csrf.as_str())];
    todos.extend_from_slice(campos);
    app.send(
        Method::POST,
        host,
        destino,
        &[("cookie", &format!("plenario_csrf={csrf}"))],
        &form(&todos),
    )
    .await
}
