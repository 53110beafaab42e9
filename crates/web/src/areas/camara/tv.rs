//! TV Câmara (issue #13, item 8): the câmara's channel or video (`/admin/configuracoes/tv`),
//! the player the home page and a running sessão's page frame, and the page's
//! Content-Security-Policy, whose `frame-src` allows exactly that player's origin (the
//! default policy, with no channel, frames nothing from elsewhere).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::auth::Permissao;
use domain::tv::Player;
use serde::Deserialize;
use store::camara::{self, CamaraConfig};

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Query};
use crate::kit::formulario::{Erros, invalido, redirecionar};
use crate::kit::shell::Shell;
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .admin_get("/admin/configuracoes/tv", Permissao::ConfigVer, pagina)
        .admin_post("/admin/configuracoes/tv", Permissao::ConfigGerir, salvar)
}

/// The player of the câmara's TV, if it has a valid one.
pub fn player(c: &CamaraConfig) -> Option<Player> {
    domain::tv::player(&c.tv_url).ok().flatten()
}

/// The answer with the default policy plus `frame-src` for the player's origin, when the
/// page frames one; without a player the answer is left to the default policy.
pub fn com_politica(resposta: impl IntoResponse, player: Option<&Player>) -> Response {
    let mut r = resposta.into_response();
    if let Some(p) = player
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{}; frame-src {}",
            crate::http::cabecalhos::CSP,
            p.origem
        ))
    {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    r
}

#[derive(Template, WebTemplate)]
#[template(path = "camara/tv.html")]
struct Pagina {
    shell: Shell,
    tv_url: String,
    player: Option<Player>,
    pode_gerir: bool,
    erros: Erros,
    salvo: bool,
}

#[derive(Deserialize, Default)]
struct SalvoQuery {
    salvo: Option<String>,
}

async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<SalvoQuery>,
) -> Result<Pagina, WebError> {
    let config = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
    Ok(Pagina {
        shell: Shell::new(&current, &logado, "/admin/configuracoes"),
        player: player(&config),
        tv_url: config.tv_url,
        pode_gerir: logado.sessao.usuario.papel.pode(Permissao::ConfigGerir),
        erros: Erros::default(),
        salvo: q.salvo.is_some(),
    })
}

#[derive(Deserialize)]
struct TvForm {
    #[serde(default)]
    tv_url: String,
}

async fn salvar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<TvForm>,
) -> Result<Response, WebError> {
    match domain::tv::player(&f.tv_url) {
        Ok(_) => {
            camara::definir_tv(&mut tx, &logado.autor, f.tv_url.trim()).await?;
            tx.commit().await?;
            Ok(redirecionar("/admin/configuracoes/tv?salvo=1"))
        }
        Err(e) => Ok(invalido(Pagina {
            shell: Shell::new(&current, &logado, "/admin/configuracoes"),
            tv_url: f.tv_url,
            player: None,
            pode_gerir: true,
            erros: Erros::de_lista(vec![e]),
            salvo: false,
        })),
    }
}
