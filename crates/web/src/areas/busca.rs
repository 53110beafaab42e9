//! `/busca`: the portal's search box (PNTP 1.4: on the home page, independent of case,
//! accents and plurals) over parlamentares, comissões, páginas and notícias.

use askama::Template;
use askama_web::WebTemplate;
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::busca::{self, Resultado};
use store::conteudo::noticias::{self, FiltroPublico, NoticiaResumo};

use crate::error::WebError;
use crate::http::entrada::Query;
use crate::http::tenant::Tx;
use crate::kit::portal::Portal;
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/busca", buscar)
}

#[derive(Deserialize)]
struct BuscaQuery {
    q: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "busca/busca.html")]
struct Busca {
    portal: Portal,
    termo: String,
    resultados: Vec<Resultado>,
    noticias: Vec<NoticiaResumo>,
    total_noticias: i64,
}

async fn buscar(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Query(b): Query<BuscaQuery>,
) -> Result<Busca, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let termo: String = b.q.unwrap_or_default().trim().chars().take(200).collect();
    let (resultados, noticias, total_noticias) = if termo.is_empty() {
        (Vec::new(), Vec::new(), 0)
    } else {
        let r = busca::buscar(&mut tx, &termo, 30).await?;
        let filtro = FiltroPublico {
            busca: Some(termo.clone()),
            categoria: None,
        };
        let (n, total) = noticias::publicadas(&mut tx, &filtro, 10, 0).await?;
        (r, n, total)
    };
    tx.commit().await?;
    Ok(Busca {
        portal,
        termo,
        resultados,
        noticias,
        total_noticias,
    })
}
