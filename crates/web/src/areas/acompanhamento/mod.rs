//! Acompanhar uma proposição by e-mail (issue #10, item 9; the rules are in
//! `store::acompanhamento`): the form on the proposição's public page
//! (`templates/acompanhamento/_formulario.html`, included by that page with a
//! [`Formulario`] named `acompanhar`), the confirmation link and the one-click cancellation.
//!
//! No account and no CSRF token: the form sits on a cached public page, and what a forged
//! request can do is what the citizen's own could (ask for a confirmation message, which the
//! per-e-mail and per-address limits bound; double opt-in does the rest). The links in the
//! messages carry unguessable tokens; following one shows a button (a GET never changes
//! anything, so mail scanners that open links confirm or cancel nothing), and the button
//! POSTs. `POST /acompanhamento/cancelar?token=…` is also the RFC 8058 one-click target
//! (`List-Unsubscribe-Post: List-Unsubscribe=One-Click`): it reads no body and no cookie.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::acompanhamento::{self, Pedido};
use store::{Access, TenantTx};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::entrada::{Form, Path, Query};
use crate::http::pedido;
use crate::http::tenant::CurrentTenant;
use crate::kit::portal::Portal;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .post("/legislativo/proposicoes/{id}/acompanhar", acompanhar)
        .get("/acompanhamento/confirmar", confirmar_form)
        .post("/acompanhamento/confirmar", confirmar)
        .get("/acompanhamento/cancelar", cancelar_form)
        .post("/acompanhamento/cancelar", cancelar)
}

/// What `acompanhamento/_formulario.html` shows: the proposição page passes
/// `acompanhar: Formulario::de(id)`.
#[derive(Debug, Clone)]
pub struct Formulario {
    pub acao: String,
    pub email: String,
    pub erro: Option<String>,
}

impl Formulario {
    pub fn de(proposicao_id: Uuid) -> Self {
        Self {
            acao: format!("/legislativo/proposicoes/{proposicao_id}/acompanhar"),
            email: String::new(),
            erro: None,
        }
    }
}

#[derive(Deserialize)]
struct AcompanharForm {
    #[serde(default)]
    email: String,
}

/// The answer to a request, or the form again with its error.
#[derive(Template, WebTemplate)]
#[template(path = "acompanhamento/pedido.html")]
struct PedidoPage {
    portal: Portal,
    acompanhar: Formulario,
    enviado: bool,
    limitado: bool,
}

async fn acompanhar(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    headers: HeaderMap,
    ext: axum::http::Extensions,
    Path(id): Path<String>,
    Form(f): Form<AcompanharForm>,
) -> Result<Response, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let mut acompanhar = Formulario::de(id);
    acompanhar.email = f.email.trim().to_owned();
    let (mut tx, portal) = abrir(&state, &current, &jar, Access::Write).await?;
    let Ok(email) = domain::auth::parse_email(&f.email) else {
        acompanhar.erro = Some("Informe um e-mail válido.".into());
        let page = PedidoPage {
            portal,
            acompanhar,
            enviado: false,
            limitado: false,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let ip = pedido::client_ip(&state.config.trusted_proxies, &ext, &headers);
    let origem = crate::http::origem::da_camara(&state, &current);
    let r = acompanhamento::solicitar(&mut tx, id, &email, &origem, ip).await?;
    tx.commit().await?;
    let limitado = r == Pedido::Limitado;
    let page = PedidoPage {
        portal,
        acompanhar,
        enviado: !limitado,
        limitado,
    };
    let status = if limitado {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        StatusCode::OK
    };
    Ok((status, [(header::CACHE_CONTROL, "no-store")], page).into_response())
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The page a link of a message opens, and the page after its button.
#[derive(Template, WebTemplate)]
#[template(path = "acompanhamento/link.html")]
struct LinkPage {
    portal: Portal,
    titulo: &'static str,
    texto: String,
    /// The button's form, when there is something to do.
    acao: Option<(String, &'static str)>,
    proposicao: Option<String>,
}

fn link(portal: Portal, titulo: &'static str, texto: String) -> LinkPage {
    LinkPage {
        portal,
        titulo,
        texto,
        acao: None,
        proposicao: None,
    }
}

fn responder(status: StatusCode, page: LinkPage) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], page).into_response()
}

const LINK_INVALIDO: &str = "Este link não é válido ou já expirou. Se quiser acompanhar a \
     proposição, peça de novo na página dela.";

fn token_url(caminho: &str, token: &str) -> String {
    let mut url = format!("{caminho}?");
    url.push_str(
        &form_urlencoded::Serializer::new(String::new())
            .append_pair("token", token)
            .finish(),
    );
    url
}

/// The câmara's transaction and the page frame.
async fn abrir(
    state: &AppState,
    current: &CurrentTenant,
    jar: &CookieJar,
    access: Access,
) -> Result<(TenantTx, Portal), WebError> {
    let mut tx = TenantTx::begin(&state.store, &current.tenant, access).await?;
    let portal = Portal::carregar(&mut tx, jar).await?;
    Ok((tx, portal))
}

/// The page a link opens: `Ok(texto)` with the button that POSTs to `caminho?token=…`, or
/// `Err(texto)` for a link that is not (or no longer) valid.
fn com_botao(
    portal: Portal,
    titulo: &'static str,
    texto: Result<String, String>,
    (caminho, token, botao): (&str, &str, &'static str),
) -> Response {
    match texto {
        Err(t) => responder(StatusCode::NOT_FOUND, link(portal, titulo, t)),
        Ok(t) => {
            let mut page = link(portal, titulo, t);
            page.acao = Some((token_url(caminho, token), botao));
            responder(StatusCode::OK, page)
        }
    }
}

async fn confirmar_form(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let (_, portal) = abrir(&state, &current, &jar, Access::Read).await?;
    let texto = if q.token.is_empty() || q.token.len() > 100 {
        Err(LINK_INVALIDO.into())
    } else {
        Ok(
            "Confirme que deseja receber por e-mail as novidades da tramitação desta proposição."
                .into(),
        )
    };
    let acao = ("/acompanhamento/confirmar", q.token.as_str(), "Confirmar");
    Ok(com_botao(portal, "Confirmar acompanhamento", texto, acao))
}

async fn confirmar(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let (mut tx, portal) = abrir(&state, &current, &jar, Access::Write).await?;
    let Some(c) = acompanhamento::confirmar(&mut tx, &q.token).await? else {
        return Ok(responder(
            StatusCode::NOT_FOUND,
            link(portal, "Confirmar acompanhamento", LINK_INVALIDO.into()),
        ));
    };
    tx.commit().await?;
    let texto = if c.ja_estava {
        "Este acompanhamento já estava confirmado."
    } else {
        "Pronto: a cada novo andamento desta proposição você receberá um e-mail. Cada \
         mensagem traz um link para deixar de acompanhar."
    };
    let mut page = link(portal, "Acompanhamento confirmado", texto.into());
    page.proposicao = Some(format!("/legislativo/proposicoes/{}", c.proposicao_id));
    Ok(responder(StatusCode::OK, page))
}

async fn cancelar_form(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let (mut tx, portal) = abrir(&state, &current, &jar, Access::Read).await?;
    let texto = match acompanhamento::por_cancelar(&mut tx, &q.token).await? {
        Some(p) => Ok(format!(
            "Deseja deixar de receber por e-mail os andamentos da {p}?"
        )),
        None => Err("Este link não é válido, ou o acompanhamento já foi cancelado.".into()),
    };
    let acao = (
        "/acompanhamento/cancelar",
        q.token.as_str(),
        "Deixar de acompanhar",
    );
    Ok(com_botao(portal, "Deixar de acompanhar", texto, acao))
}

async fn cancelar(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let (mut tx, portal) = abrir(&state, &current, &jar, Access::Write).await?;
    acompanhamento::cancelar(&mut tx, &q.token).await?;
    tx.commit().await?;
    // The same answer when it was cancelled before (a second click, a mail client's
    // one-click POST after the citizen's): the citizen gets what they asked.
    Ok(responder(
        StatusCode::OK,
        link(
            portal,
            "Acompanhamento cancelado",
            "Você não receberá mais mensagens sobre esta proposição. Seu e-mail foi apagado \
             deste acompanhamento."
                .into(),
        ),
    ))
}
