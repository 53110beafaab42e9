//! Response headers decided in one place, and request headers bounded before anything
//! reads them.
//!
//! * Caching: a page for a logged-in user, an `/admin` or `/admin-master` page, or an
//!   answer that sets the session cookie is `Cache-Control: no-store`; a public page that
//!   did not choose its own policy gets the one of the page cache ([`crate::http::cache`]):
//!   `public, max-age=<ttl>` with `Vary: Cookie` (the contrast mode and the session change
//!   the page), or `no-cache` when the page cache is off.
//! * HSTS behind HTTPS (`WebConfig::secure`).
//! * `X-Request-Id`: a client's value is kept only when short and plain (it is echoed in the
//!   answer, logged and written to the audit log); anything else is replaced by a fresh id.

/// The Content-Security-Policy of every answer that sets none itself (a page framing the
/// TV Câmara adds its player's `frame-src`: `areas::camara::tv::com_politica`).
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'self'; base-uri 'self'";

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// Longest client request id kept.
const MAX_REQUEST_ID: usize = 64;

/// Whether a client-sent request id is safe to echo, log and store.
pub fn request_id_aceitavel(v: &[u8]) -> bool {
    !v.is_empty()
        && v.len() <= MAX_REQUEST_ID
        && v.iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Outermost request layer: drops a request id the client shaped (too long, odd bytes, or
/// repeated), so the id layer makes a fresh one.
pub async fn limpar_pedido(mut req: Request, next: Next) -> Response {
    let ids = req.headers().get_all("x-request-id").iter().count();
    let aceitavel = req
        .headers()
        .get("x-request-id")
        .is_some_and(|v| request_id_aceitavel(v.as_bytes()));
    if ids > 1 || (ids == 1 && !aceitavel) {
        req.headers_mut().remove("x-request-id");
    }
    next.run(req).await
}

fn define_sessao(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with(crate::http::pedido::SESSION_COOKIE))
}

/// Whether a path belongs to a logged-in surface (a câmara's admin or the master panel).
pub fn caminho_restrito(path: &str) -> bool {
    path == "/admin"
        || path.starts_with("/admin/")
        || path == "/admin-master"
        || path.starts_with("/admin-master/")
}

/// Whether a request is for a logged-in surface or carries a câmara session.
pub fn pedido_restrito(path: &str, headers: &HeaderMap) -> bool {
    caminho_restrito(path) || !crate::http::cache::anonimo(headers)
}

/// The caching policy of an answer (see the module documentation).
///
/// `restrito`: the request was for a logged-in surface or carried a session (see
/// [`pedido_restrito`]); `leitura`: it was a GET or HEAD.
pub fn politica(
    restrito: bool,
    leitura: bool,
    resposta: &mut HeaderMap,
    ttl_publico: std::time::Duration,
) {
    let restrita = restrito || define_sessao(resposta);
    if restrita {
        let ja = resposta
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store"));
        if !ja {
            resposta.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        return;
    }
    if resposta.contains_key(header::CACHE_CONTROL) || !leitura {
        return;
    }
    let valor = if ttl_publico.is_zero() {
        HeaderValue::from_static("no-cache")
    } else {
        // Numbers only: always a valid header value.
        HeaderValue::from_str(&format!("public, max-age={}", ttl_publico.as_secs().max(1)))
            .unwrap_or_else(|_| HeaderValue::from_static("no-cache"))
    };
    resposta.insert(header::CACHE_CONTROL, valor);
    resposta.append(header::VARY, HeaderValue::from_static("Cookie"));
}

/// Response layer of the whole application: caching policy and HSTS.
pub async fn camada(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // What the policy needs from the request, decided before it is handed on.
    let restrito = pedido_restrito(req.uri().path(), req.headers());
    let leitura = matches!(*req.method(), Method::GET | Method::HEAD);
    let mut resp = next.run(req).await;
    politica(
        restrito,
        leitura,
        resp.headers_mut(),
        state.config.cache_publico,
    );
    if state.config.secure {
        resp.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    resp
}

/// `filename` and `filename*` (RFC 6266 / RFC 8187) of a `Content-Disposition` header: the
/// ASCII fallback keeps letters, digits and `.-_ `, the UTF-8 form keeps the whole name.
pub fn disposicao(tipo: &str, nome: &str) -> String {
    let limpo: String = nome
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
        .take(200)
        .collect();
    let ascii: String = deunicode_simples(&limpo);
    let mut codificado = String::new();
    for b in limpo.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            codificado.push(b as char);
        } else {
            codificado.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{tipo}; filename=\"{ascii}\"; filename*=UTF-8''{codificado}")
}

/// An ASCII stand-in for a file name: transliterated (`ç` → `c`), and anything that is
/// not a letter, digit, dot, dash, underscore or space becomes `_`.
fn deunicode_simples(nome: &str) -> String {
    let s: String = deunicode::deunicode(nome)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.trim().is_empty() {
        "arquivo".to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_bounded() {
        assert!(request_id_aceitavel(
            b"0192f3a4-abcd-7def-8123-456789abcdef"
        ));
        assert!(!request_id_aceitavel(b""));
        assert!(!request_id_aceitavel("x".repeat(65).as_bytes()));
        assert!(!request_id_aceitavel(b"abc\r\ndef"));
        assert!(!request_id_aceitavel(b"<script>"));
    }

    #[test]
    fn disposition_has_ascii_fallback_and_utf8_name() {
        let d = disposicao("attachment", "Relatório de gestão 2025.pdf");
        assert_eq!(
            d,
            "attachment; filename=\"Relatorio de gestao 2025.pdf\"; \
             filename*=UTF-8''Relat%C3%B3rio%20de%20gest%C3%A3o%202025.pdf"
        );
        let d = disposicao("inline", "a\"b\\c/d\r\n.pdf");
        assert!(d.starts_with("inline; filename=\"a_bcd.pdf\""), "{d}");
        assert!(!d.contains('\r') && !d.contains('\n'));
        let d = disposicao("inline", "報告.pdf");
        let ascii = d.split("filename*").next().unwrap_or_default();
        assert!(ascii.is_ascii() && ascii.contains(".pdf"), "{d}");
        assert!(
            d.ends_with("filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf"),
            "{d}"
        );
    }
}
