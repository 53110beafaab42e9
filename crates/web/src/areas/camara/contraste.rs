//! The high-contrast mode of the portal, which works without JavaScript: a link sets a
//! cookie and goes back to the page the visitor was on.

use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::kit::portal::CONTRASTE_COOKIE;
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/acessibilidade/contraste", alternar_contraste)
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
