//! What text input may contain, decided once, at the edge.
//!
//! The rule, for every path, query string and form (after percent-decoding): valid UTF-8,
//! no NUL and no C0 control character other than tab, carriage return and line feed.
//! PostgreSQL refuses NUL in text, and control characters have no business in a name, an
//! e-mail or a slug; a lossy decoding would silently store replacement characters.
//!
//! * [`borda`] is a layer on the whole application: it refuses a path or query string that
//!   breaks the rule before any route runs (so routes without extractors are covered).
//! * [`Form`], [`Query`] and [`Path`] replace axum's extractors in the handlers: they apply
//!   the rule to the form body too and answer every rejection (missing field, a number that
//!   is not one, a wrong content type…) in Portuguese, as an HTML page or, under `/api/`, as
//!   `application/problem+json`.
//! * [`texto_valido`] and [`texto_de_bytes`] are the rule itself, for the text fields of a
//!   multipart form (read them as bytes, then check).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::error::{Recusa, WebError};

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextoInvalido {
    /// The NUL character (byte 0).
    Nulo,
    /// A C0 control character other than tab, carriage return and line feed.
    Controle,
    /// Bytes that are not UTF-8.
    Utf8,
}

impl TextoInvalido {
    /// The reason, to follow "O campo nome …".
    pub fn motivo(self) -> &'static str {
        match self {
            TextoInvalido::Nulo => "contém o caractere nulo (NUL), que não é aceito",
            TextoInvalido::Controle => {
                "contém um caractere de controle invisível, que não é aceito"
            }
            TextoInvalido::Utf8 => "não está codificado em UTF-8 válido",
        }
    }
}

impl std::fmt::Display for TextoInvalido {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.motivo())
    }
}

/// The rule: no NUL, no C0 control character except `\t`, `\r` and `\n`.
pub fn texto_valido(s: &str) -> Result<(), TextoInvalido> {
    for c in s.chars() {
        match c {
            '\0' => return Err(TextoInvalido::Nulo),
            '\t' | '\r' | '\n' => {}
            c if (c as u32) < 0x20 => return Err(TextoInvalido::Controle),
            _ => {}
        }
    }
    Ok(())
}

/// The rule for raw bytes (a multipart text field): valid UTF-8, then [`texto_valido`].
pub fn texto_de_bytes(b: &[u8]) -> Result<&str, TextoInvalido> {
    let s = std::str::from_utf8(b).map_err(|_| TextoInvalido::Utf8)?;
    texto_valido(s)?;
    Ok(s)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decoding; in a form or query string `+` is a space.
fn decodificar(raw: &[u8], mais_e_espaco: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(a), Some(b)) => {
                    out.push(a * 16 + b);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if mais_e_espaco => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Checks every name and value of an urlencoded string; on failure, the (lossy) name of the
/// field and why.
pub fn verificar_urlencoded(raw: &[u8]) -> Result<(), (String, TextoInvalido)> {
    for par in raw.split(|b| *b == b'&') {
        if par.is_empty() {
            continue;
        }
        let (k, v) = match par.iter().position(|b| *b == b'=') {
            Some(i) => (&par[..i], &par[i + 1..]),
            None => (par, &par[..0]),
        };
        let nome = decodificar(k, true);
        let nome_legivel = || {
            String::from_utf8_lossy(&nome)
                .chars()
                .filter(|c| !c.is_control())
                .take(40)
                .collect::<String>()
        };
        if let Err(e) = texto_de_bytes(&nome) {
            return Err((nome_legivel(), e));
        }
        if let Err(e) = texto_de_bytes(&decodificar(v, true)) {
            return Err((nome_legivel(), e));
        }
    }
    Ok(())
}

pub(crate) fn recusa(
    path: &str,
    status: StatusCode,
    titulo: &'static str,
    detalhe: String,
) -> WebError {
    WebError::Entrada(Recusa {
        status,
        titulo,
        detalhe,
        api: e_api(path),
    })
}

/// Whether a path belongs to the open-data API (answers in problem+json).
pub fn e_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The layer: refuses a path or query string that breaks the rule, on every route.
pub async fn borda(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if let Err(e) = texto_de_bytes(&decodificar(path.as_bytes(), false)) {
        return recusa(
            path,
            StatusCode::BAD_REQUEST,
            "Endereço inválido",
            format!("O endereço {e}."),
        )
        .into_response();
    }
    if let Some(q) = req.uri().query()
        && let Err((campo, e)) = verificar_urlencoded(q.as_bytes())
    {
        return recusa(
            path,
            StatusCode::BAD_REQUEST,
            "Endereço inválido",
            format!("O parâmetro {campo} do endereço {e}."),
        )
        .into_response();
    }
    next.run(req).await
}

/// Portuguese for a deserialisation error of a form or query (`onde`: "campo", "parâmetro").
fn explicar(onde: &str, e: &serde_path_to_error::Error<serde_urlencoded::de::Error>) -> String {
    let inner = e.inner().to_string();
    if let Some(resto) = inner.strip_prefix("missing field `") {
        let nome = resto.trim_end_matches('`');
        return format!("O {onde} {nome} é obrigatório e não foi enviado.");
    }
    let caminho = e.path().to_string();
    let nome = if caminho == "." || caminho.is_empty() {
        String::new()
    } else {
        format!(" {caminho}")
    };
    let numero = [
        "invalid digit",
        "number too",
        "cannot parse integer",
        "invalid float",
    ]
    .iter()
    .any(|m| inner.contains(m));
    if numero {
        format!("O {onde}{nome} deve ser um número inteiro dentro dos limites aceitos.")
    } else if inner.starts_with("unknown variant") {
        format!("O {onde}{nome} tem uma opção que não existe.")
    } else {
        format!("O {onde}{nome} tem um valor que não pôde ser lido.")
    }
}

fn ler_urlencoded<T: DeserializeOwned>(
    raw: &[u8],
) -> Result<T, serde_path_to_error::Error<serde_urlencoded::de::Error>> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(raw));
    serde_path_to_error::deserialize(de)
}

/// `axum::extract::Query`, with the rule and Portuguese rejections.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, WebError> {
        let path = parts.uri.path();
        let q = parts.uri.query().unwrap_or_default().as_bytes();
        if let Err((campo, e)) = verificar_urlencoded(q) {
            return Err(recusa(
                path,
                StatusCode::BAD_REQUEST,
                "Endereço inválido",
                format!("O parâmetro {campo} do endereço {e}."),
            ));
        }
        ler_urlencoded(q).map(Query).map_err(|e| {
            recusa(
                path,
                StatusCode::BAD_REQUEST,
                "Requisição inválida",
                explicar("parâmetro", &e),
            )
        })
    }
}

/// `axum::Form` (urlencoded), with the rule and Portuguese rejections.
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

fn e_formulario(parts_headers: &axum::http::HeaderMap) -> bool {
    parts_headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let path = req.uri().path().to_owned();
        if req.method() == Method::GET || req.method() == Method::HEAD {
            let (mut parts, _) = req.into_parts();
            return Query::from_request_parts(&mut parts, state)
                .await
                .map(|Query(v)| Form(v));
        }
        if !e_formulario(req.headers()) {
            return Err(recusa(
                &path,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Formulário inválido",
                "O formulário deve ser enviado como application/x-www-form-urlencoded.".to_owned(),
            ));
        }
        let corpo = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                recusa(
                    &path,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Formulário grande demais",
                    "O formulário enviado passa do tamanho aceito.".to_owned(),
                )
            } else {
                recusa(
                    &path,
                    StatusCode::BAD_REQUEST,
                    "Formulário inválido",
                    "Não foi possível ler o formulário enviado. Tente de novo.".to_owned(),
                )
            }
        })?;
        if let Err((campo, e)) = verificar_urlencoded(&corpo) {
            return Err(recusa(
                &path,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Formulário inválido",
                format!("O campo {campo} {e}."),
            ));
        }
        ler_urlencoded(&corpo).map(Form).map_err(|e| {
            recusa(
                &path,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Formulário inválido",
                explicar("campo", &e),
            )
        })
    }
}

/// `axum::extract::Path`, with the rule and Portuguese rejections (a segment that does not
/// parse names nothing: 404).
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        use axum::extract::rejection::PathRejection;
        let path = parts.uri.path().to_owned();
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => {
                if let Ok(brutos) =
                    axum::extract::RawPathParams::from_request_parts(parts, state).await
                {
                    for (_, valor) in &brutos {
                        if let Err(e) = texto_valido(valor) {
                            return Err(recusa(
                                &path,
                                StatusCode::BAD_REQUEST,
                                "Endereço inválido",
                                format!("O endereço {e}."),
                            ));
                        }
                    }
                }
                Ok(Path(v))
            }
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                use axum::extract::path::ErrorKind;
                if let ErrorKind::InvalidUtf8InPathParam { .. } = e.kind() {
                    return Err(recusa(
                        &path,
                        StatusCode::BAD_REQUEST,
                        "Endereço inválido",
                        format!("O endereço {}.", TextoInvalido::Utf8),
                    ));
                }
                if e_api(&path) {
                    Err(recusa(
                        &path,
                        StatusCode::NOT_FOUND,
                        "Recurso não encontrado",
                        "O endereço não corresponde a nenhum recurso.".to_owned(),
                    ))
                } else {
                    Err(WebError::NotFound)
                }
            }
            Err(e) => {
                // MissingPathParams: a handler asks for a parameter its route lacks (a bug).
                tracing::error!(error = %e.body_text(), "path extractor misuse");
                Err(recusa(
                    &path,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erro interno",
                    "Ocorreu um erro inesperado. A equipe técnica foi avisada.".to_owned(),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        assert_eq!(texto_valido("Vereadora Ana\tde Sá\r\nLinha"), Ok(()));
        assert_eq!(texto_valido("a\0b"), Err(TextoInvalido::Nulo));
        assert_eq!(texto_valido("a\u{1b}b"), Err(TextoInvalido::Controle));
        assert_eq!(texto_valido("a\u{7}"), Err(TextoInvalido::Controle));
        assert_eq!(texto_de_bytes(b"\xff\xfe"), Err(TextoInvalido::Utf8));
        assert_eq!(texto_de_bytes("São".as_bytes()), Ok("São"));
    }

    #[test]
    fn urlencoded_is_checked_after_decoding() {
        assert!(verificar_urlencoded(b"q=S%C3%A3o+Paulo&pagina=2").is_ok());
        assert!(verificar_urlencoded(b"q=a%0Ab&x=%25").is_ok());
        assert_eq!(
            verificar_urlencoded(b"nome=ok&email=a%00b"),
            Err(("email".to_owned(), TextoInvalido::Nulo))
        );
        assert_eq!(
            verificar_urlencoded(b"q=%FF"),
            Err(("q".to_owned(), TextoInvalido::Utf8))
        );
        assert_eq!(
            verificar_urlencoded(b"q=%01"),
            Err(("q".to_owned(), TextoInvalido::Controle))
        );
        assert_eq!(
            verificar_urlencoded(b"%00=1"),
            Err(("".to_owned(), TextoInvalido::Nulo))
        );
        // A lone % or a truncated escape stays as it is.
        assert!(verificar_urlencoded(b"q=100%&r=%4").is_ok());
        assert_eq!(decodificar(b"a%2", true), b"a%2");
        assert_eq!(decodificar(b"%41+b", true), b"A b");
        assert_eq!(decodificar(b"%41+b", false), b"A+b");
    }
}
