//! What every public page shares: the câmara's identity in the header and footer, the
//! eMAG shortcuts (Alt+1 conteúdo, Alt+2 menu, Alt+3 busca, Alt+4 rodapé) and the
//! high-contrast mode, which works without JavaScript (a cookie set by a link).

use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use store::TenantTx;
use store::camara::{self, CamaraConfig, RedeSocial};

use crate::error::WebError;
use crate::routes::Routes;

pub const CONTRASTE_COOKIE: &str = "plenario_contraste";

pub fn routes() -> Routes {
    Routes::new().get("/acessibilidade/contraste", alternar_contraste)
}

/// The frame of a public page.
pub struct Portal {
    pub camara: CamaraConfig,
    pub redes: Vec<RedeSocial>,
    /// Stands in for the brasão until one is uploaded.
    pub inicial: String,
    pub contraste: bool,
}

impl Portal {
    pub async fn carregar(tx: &mut TenantTx, jar: &CookieJar) -> Result<Self, WebError> {
        Self::de(camara::identidade(tx).await?, jar)
    }
}

/// Turns high contrast on or off and goes back to the page the visitor was on.
async fn alternar_contraste(jar: CookieJar, headers: HeaderMap) -> Response {
    let ligado = jar
        .get(CONTRASTE_COOKIE)
        .is_some_and(|c| c.value() == "alto");
    let volta = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_owned()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());
    let jar = if ligado {
        jar.remove(Cookie::build((CONTRASTE_COOKIE, "")).path("/").build())
    } else {
        jar.add(
            Cookie::build((CONTRASTE_COOKIE, "alto"))
                .path("/")
                .same_site(SameSite::Lax)
                .http_only(true)
                .max_age(time::Duration::days(365))
                .build(),
        )
    };
    (jar, Redirect::to(&volta)).into_response()
}

impl Portal {
    /// The frame from an identity already read (the one-statement page reads,
    /// [`store::infra::leitura::Pagina`]); `None`: the câmara has no configuration (404).
    pub fn de(
        ident: Option<std::sync::Arc<camara::Identidade>>,
        jar: &CookieJar,
    ) -> Result<Self, WebError> {
        let ident = ident.ok_or(WebError::NotFound)?;
        let (camara, redes) = (ident.config.clone(), ident.redes.clone());
        Ok(Self {
            inicial: camara.municipio.chars().take(1).collect(),
            camara,
            redes,
            contraste: jar
                .get(CONTRASTE_COOKIE)
                .is_some_and(|c| c.value() == "alto"),
        })
    }
}
