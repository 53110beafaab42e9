use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// An error a handler returns. The user sees a plain Portuguese page; the cause goes to the
/// log with the request id.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("página não encontrada")]
    NotFound,
    /// Not logged in (a write without a session).
    #[error("acesso não autenticado")]
    Unauthorized,
    /// Logged in without the permission the route needs.
    #[error("acesso negado")]
    Forbidden,
    /// A state-changing form without its CSRF token.
    #[error("token CSRF ausente ou inválido")]
    Csrf,
    /// Temporarily unavailable, with a message for the visitor.
    #[error("{0}")]
    Unavailable(String),
    /// A request body larger than the server accepts (413).
    #[error("corpo da requisição grande demais")]
    TooLarge,
    /// A request body that did not arrive in time (408).
    #[error("corpo da requisição lento demais")]
    BodyTimeout,
    /// A form that is not what its page sends (wrong type, broken multipart): 400.
    #[error("{0}")]
    FormularioInvalido(String),
    #[error(transparent)]
    Store(#[from] store::Error),
    /// Input refused before the handler (see `entrada`): Portuguese, problem+json on /api/.
    #[error("{0}")]
    Entrada(Recusa),
}

/// Marks a response caused by a row level security violation (SQLSTATE 42501).
#[derive(Debug, Clone)]
pub struct RlsViolation(pub String);

#[derive(Template)]
#[template(path = "kit/erro.html")]
struct ErrorPage<'a> {
    titulo: &'a str,
    mensagem: &'a str,
}

fn page(status: StatusCode, titulo: &str, mensagem: &str) -> Response {
    let body = ErrorPage { titulo, mensagem }
        .render()
        .unwrap_or_else(|_| mensagem.to_owned());
    let mut resp = (status, Html(body)).into_response();
    resp.extensions_mut()
        .insert(crate::http::erros::PaginaDeErro {
            titulo: titulo.to_owned(),
            mensagem: mensagem.to_owned(),
        });
    if status == StatusCode::SERVICE_UNAVAILABLE {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("30"));
    }
    resp
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound => page(
                StatusCode::NOT_FOUND,
                "Página não encontrada",
                "O endereço que você procurou não existe nesta câmara.",
            ),
            WebError::Unauthorized => page(
                StatusCode::UNAUTHORIZED,
                "Acesso restrito",
                "Sua sessão terminou ou você não entrou. Entre novamente em /admin/login.",
            ),
            WebError::Forbidden => page(
                StatusCode::FORBIDDEN,
                "Acesso negado",
                "Seu perfil não tem permissão para esta página. Fale com o administrador da câmara.",
            ),
            WebError::Csrf => page(
                StatusCode::FORBIDDEN,
                "Formulário expirado",
                "Este formulário expirou ou não veio desta página. Volte, recarregue a página e envie de novo.",
            ),
            WebError::Unavailable(msg) => page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Temporariamente indisponível",
                &msg,
            ),
            WebError::TooLarge => page(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Envio grande demais",
                "O formulário enviado é grande demais. Reduza o tamanho dos arquivos e envie de novo.",
            ),
            WebError::BodyTimeout => {
                let mut resp = page(
                    StatusCode::REQUEST_TIMEOUT,
                    "Envio interrompido",
                    "O envio do formulário demorou demais e foi interrompido. Verifique a sua \
                     conexão e envie de novo.",
                );
                resp.headers_mut().insert(
                    header::CONNECTION,
                    header::HeaderValue::from_static("close"),
                );
                resp
            }
            WebError::FormularioInvalido(msg) => {
                page(StatusCode::BAD_REQUEST, "Formulário inválido", &msg)
            }
            WebError::Entrada(r) if r.api => problema(r.status, r.titulo, &r.detalhe),
            WebError::Entrada(r) => page(r.status, r.titulo, &r.detalhe),
            WebError::Store(e) => match e {
                store::Error::Busy => {
                    tracing::warn!("database busy: answered 503");
                    let mut resp = page(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Sistema ocupado",
                        "O sistema está ocupado no momento. Tente novamente em alguns segundos.",
                    );
                    resp.headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
                    resp
                }
                store::Error::Unavailable(cause) => {
                    tracing::error!(%cause, "database unreachable: answered 503");
                    page(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Em manutenção",
                        "O sistema está temporariamente fora do ar para manutenção. Tente \
                         novamente em alguns minutos.",
                    )
                }
                store::Error::Frozen => page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Alterações suspensas por instantes",
                    &e.to_string(),
                ),
                store::Error::NotResident | store::Error::SchemaOutdated { .. } => {
                    tracing::error!(error = %e, "câmara database unavailable");
                    page(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Temporariamente indisponível",
                        "O portal desta câmara está em manutenção. Tente novamente em instantes.",
                    )
                }
                store::Error::NotFound(_) => WebError::NotFound.into_response(),
                store::Error::Validation(v) => page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Dados inválidos",
                    &v.message,
                ),
                store::Error::Conflict(msg) => page(StatusCode::CONFLICT, "Conflito", &msg),
                other if other.sqlstate().as_deref() == Some("42501") => {
                    // Row level security refused a write: a cross-tenant attempt, or a bug.
                    // `tenant::resolve` records it as a security event.
                    tracing::error!(error = %other, "row level security violation");
                    let mut resp = page(
                        StatusCode::FORBIDDEN,
                        "Acesso negado",
                        "A operação foi recusada. O incidente foi registrado.",
                    );
                    resp.extensions_mut()
                        .insert(RlsViolation(other.to_string()));
                    resp
                }
                other => {
                    tracing::error!(error = %other, "internal error");
                    page(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Erro interno",
                        "Ocorreu um erro inesperado. A equipe técnica foi avisada; tente novamente \
                         em instantes.",
                    )
                }
            },
        }
    }
}

/// An input refused before the handler, with what to tell the visitor.
#[derive(Debug)]
pub struct Recusa {
    pub status: StatusCode,
    pub titulo: &'static str,
    pub detalhe: String,
    /// Under `/api/`: answered as `application/problem+json`.
    pub api: bool,
}

impl std::fmt::Display for Recusa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detalhe)
    }
}

/// An RFC 9457 problem, in Portuguese.
pub fn problema(status: StatusCode, titulo: &str, detalhe: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::json!({ "title": titulo, "status": status.as_u16(), "detail": detalhe })
            .to_string(),
    )
        .into_response()
}
