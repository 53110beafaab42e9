//! Logs: one span per request (`pedido`: request id, method, route template, client
//! address, câmara, user) around everything the request does, so every line written while
//! it runs carries them,
//! and one line when it is answered (status, latency). With `PLENARIO_LOG_FORMAT=json`
//! these are JSON lines ([`assinante`]).
//!
//! What is never written: bodies, query strings, headers, cookies, raw paths (the route
//! template is logged, so a token in a path or a query never reaches the log). As a second
//! line of defence every line passes [`redigir`] before it is written, which masks what
//! has the shape of a secret: `token=` values, session cookies, CPFs, argon2 hashes, TOTP
//! URIs.

use std::io::Write;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The route template of a request (`/admin/usuarios/{id}`), never its raw path.
pub fn rota_de(req: &Request) -> String {
    req.extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(sem rota)".to_owned(), |m| m.as_str().to_owned())
}

/// Names the câmara in the current request's span (`tenant::resolve`).
pub fn anotar_camara(slug: &str) {
    tracing::Span::current().record("camara", slug);
}

/// Names the logged-in user in the current request's span (the guards).
pub fn anotar_usuario(id: &uuid::Uuid) {
    tracing::Span::current().record("usuario", tracing::field::display(id));
}

/// The layer: the request's span, its line when answered, the platform login's lockouts.
pub async fn camada(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let rota = rota_de(&req);
    let request_id = crate::http::pedido::request_id(req.headers()).unwrap_or_default();
    // The client's address behind the trusted proxies (`PLENARIO_TRUSTED_PROXIES`).
    let ip = crate::http::pedido::client_ip(
        &state.config.trusted_proxies,
        req.extensions(),
        req.headers(),
    );
    let span = tracing::info_span!(
        "pedido",
        request_id = %request_id,
        metodo = %req.method(),
        rota = %rota,
        ip = tracing::field::Empty,
        camara = tracing::field::Empty,
        usuario = tracing::field::Empty,
    );
    if let Some(ip) = ip {
        span.record("ip", tracing::field::display(ip));
    }
    let inicio = Instant::now();
    let resp = next.run(req).instrument(span.clone()).await;
    let status = resp.status();
    let latencia_ms = inicio.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::error!(target: "plenario::pedido", status = status.as_u16(), latencia_ms, "respondido");
        } else {
            tracing::info!(target: "plenario::pedido", status = status.as_u16(), latencia_ms, "respondido");
        }
    });
    if status == axum::http::StatusCode::TOO_MANY_REQUESTS
        && rota == crate::areas::plataforma::LOGIN
    {
        crate::http::prometheus::bloqueio_da_plataforma(&state.metrics);
    }
    resp
}

/// The process's log subscriber: `PLENARIO_LOG`-style `filtro`, JSON lines or compact text,
/// every line through [`redigir`] into `saida`.
pub fn assinante<W>(
    filtro: &str,
    json: bool,
    saida: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'a> tracing_subscriber::fmt::MakeWriter<'a> + Send + Sync + 'static,
{
    use tracing_subscriber::EnvFilter;
    let filtro = EnvFilter::try_new(filtro)
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let b = tracing_subscriber::fmt()
        .with_env_filter(filtro)
        .with_writer(Redigido(saida));
    if json {
        Box::new(
            b.json()
                .flatten_event(true)
                .with_current_span(true)
                .with_span_list(false)
                .finish(),
        )
    } else {
        Box::new(b.compact().finish())
    }
}

/// A writer maker whose every line goes through [`redigir`].
pub struct Redigido<W>(pub W);

impl<'a, W: tracing_subscriber::fmt::MakeWriter<'a>> tracing_subscriber::fmt::MakeWriter<'a>
    for Redigido<W>
{
    type Writer = Redator<W::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        Redator(self.0.make_writer())
    }
}

/// Masks secrets in what it writes (each log line arrives in one `write`).
pub struct Redator<W>(W);

impl<W: Write> Write for Redator<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let texto = String::from_utf8_lossy(buf);
        self.0.write_all(redigir(&texto).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

const OCULTO: &str = "[oculto]";

/// Masks what has the shape of a secret: the value after `token=`, `plenario_sessao=`,
/// `plenario_plataforma=` (and their `_csrf` cookies), argon2 hashes, `otpauth://` URIs,
/// and CPFs (`123.456.789-09`, or 11 digits standing alone).
pub fn redigir(linha: &str) -> String {
    let mut s = linha.to_owned();
    for chave in [
        "token=",
        "plenario_sessao=",
        "plenario_plataforma=",
        "plenario_csrf=",
        "plenario_plataforma_csrf=",
        "$argon2",
        "otpauth://",
    ] {
        s = mascarar_apos(&s, chave);
    }
    mascarar_cpfs(&s)
}

fn parte_de_segredo(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.~%+/=$,:?&@".contains(c)
}

fn mascarar_apos(s: &str, chave: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut resto = s;
    while let Some(i) = resto.find(chave) {
        out.push_str(&resto[..i + chave.len()]);
        resto = &resto[i + chave.len()..];
        let fim = resto
            .char_indices()
            .find(|(_, c)| !parte_de_segredo(*c) || (*c == '&' && chave == "token="))
            .map_or(resto.len(), |(j, _)| j);
        if fim > 0 {
            out.push_str(OCULTO);
        }
        resto = &resto[fim..];
    }
    out.push_str(resto);
    out
}

fn mascarar_cpfs(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copiado = 0;
    let solto = |j: usize| j >= b.len() || !(b[j].is_ascii_alphanumeric());
    while i < b.len() {
        let antes_ok = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if antes_ok && b[i].is_ascii_digit() {
            // 123.456.789-09
            let formatado = b.len() >= i + 14
                && (0..14).all(|k| match k {
                    3 | 7 => b[i + k] == b'.',
                    11 => b[i + k] == b'-',
                    _ => b[i + k].is_ascii_digit(),
                })
                && solto(i + 14);
            let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let largura = if formatado {
                14
            } else if n == 11 && solto(i + 11) {
                11
            } else {
                i += n.max(1);
                continue;
            };
            out.push_str(&s[copiado..i]);
            out.push_str("[cpf oculto]");
            i += largura;
            copiado = i;
            continue;
        }
        i += 1;
    }
    out.push_str(&s[copiado..]);
    out
}

/// A `MakeWriter` that appends every line to a file (tests: the whole binary's logs).
pub struct Arquivo(pub std::sync::Arc<std::sync::Mutex<std::fs::File>>);

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Arquivo {
    type Writer = LinhaDeArquivo;

    fn make_writer(&'a self) -> Self::Writer {
        LinhaDeArquivo(self.0.clone())
    }
}

pub struct LinhaDeArquivo(std::sync::Arc<std::sync::Mutex<std::fs::File>>);

impl Write for LinhaDeArquivo {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut f = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::redigir;

    #[test]
    fn secrets_are_masked() {
        assert_eq!(
            redigir("GET /acompanhamento/confirmar?token=abc-DEF_123&x=1 ok"),
            "GET /acompanhamento/confirmar?token=[oculto]&x=1 ok"
        );
        assert_eq!(
            redigir("cookie plenario_sessao=12.s3cr3t; outra"),
            "cookie plenario_sessao=[oculto]; outra"
        );
        assert_eq!(redigir("cpf 123.456.789-09."), "cpf [cpf oculto].");
        assert_eq!(
            redigir("{\"cpf\":\"52998224725\"}"),
            "{\"cpf\":\"[cpf oculto]\"}"
        );
        assert_eq!(
            redigir("h=$argon2id$v=19$m=1,t=2$abc$def fim"),
            "h=$argon2[oculto] fim"
        );
        // Other numbers stay: ids, sizes, a digit run inside an identifier.
        assert_eq!(
            redigir("id 123456 tamanho 1234567890123"),
            "id 123456 tamanho 1234567890123"
        );
        assert_eq!(redigir("rid a12345678901b"), "rid a12345678901b");
    }
}
