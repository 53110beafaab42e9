//! The câmara's parlamentares: public pages and open data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::dados_abertos::{self, ApiQuery, Consulta};
use store::camara;
use store::parlamentares::{self, ParlamentarPublico};

use super::Routes;
use super::publico::Portal;
use crate::error::WebError;
use crate::tenant::Tx;
use axum_extra::extract::cookie::CookieJar;

#[derive(Deserialize)]
struct BuscaQuery {
    q: Option<String>,
}

pub fn routes() -> Routes {
    Routes::new()
        .get("/parlamentares", lista)
        .get("/parlamentares/{slug}", detalhe)
        .get("/api/v1/parlamentares", api)
        .get("/api/v1/legislaturas", api_legislaturas)
        .get("/api/v1/partidos", api_partidos)
}

#[derive(Template, WebTemplate)]
#[template(path = "parlamentares/lista.html")]
struct Lista {
    portal: Portal,
    legislatura: Option<i32>,
    parlamentares: Vec<ParlamentarPublico>,
}

async fn lista(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Query(b): Query<BuscaQuery>,
) -> Result<Lista, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let hoje = camara::hoje(&mut tx).await?;
    let leg = parlamentares::legislatura_atual(&mut tx, hoje).await?;
    let lista = match &leg {
        Some(l) => parlamentares::da_legislatura(&mut tx, l.id, hoje, None, 200).await?,
        None => Vec::new(),
    };
    tx.commit().await?;
    // Search by name, accents and case aside.
    let termo =
        b.q.as_deref()
            .map(domain::slugify)
            .filter(|t| !t.is_empty());
    let parlamentares = match termo {
        Some(t) => lista
            .into_iter()
            .filter(|p| {
                domain::slugify(&p.nome_parlamentar).contains(&t)
                    || domain::slugify(&p.nome_civil).contains(&t)
            })
            .collect(),
        None => lista,
    };
    Ok(Lista {
        portal,
        legislatura: leg.map(|l| l.numero),
        parlamentares,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "parlamentares/detalhe.html")]
struct Detalhe {
    portal: Portal,
    p: ParlamentarPublico,
    /// The biografia, Markdown rendered and sanitised.
    biografia: String,
}

async fn detalhe(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(slug): Path<String>,
) -> Result<Detalhe, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let hoje = camara::hoje(&mut tx).await?;
    let leg = parlamentares::legislatura_atual(&mut tx, hoje).await?;
    let p = parlamentares::por_slug(&mut tx, &slug, leg.map(|l| l.id), hoje)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let biografia = domain::texto::markdown_seguro(&p.biografia);
    Ok(Detalhe {
        portal,
        p,
        biografia,
    })
}

#[derive(Serialize)]
struct ParlamentarDados {
    id: uuid::Uuid,
    slug: String,
    nome_parlamentar: String,
    nome_civil: String,
    partido: Option<String>,
    mandato: Option<String>,
    email: String,
    telefone: String,
    uri: String,
}

async fn api(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let hoje = camara::hoje(&mut tx).await?;
    let leg = parlamentares::legislatura_atual(&mut tx, hoje).await?;
    let lista = match &leg {
        Some(l) => {
            parlamentares::da_legislatura(
                &mut tx,
                l.id,
                hoje,
                consulta.cursor.as_deref(),
                consulta.buscar(),
            )
            .await?
        }
        None => Vec::new(),
    };
    tx.commit().await?;
    let dados: Vec<ParlamentarDados> = lista
        .into_iter()
        .map(|p| ParlamentarDados {
            uri: format!("/parlamentares/{}", p.slug),
            id: p.id,
            slug: p.slug,
            nome_parlamentar: p.nome_parlamentar,
            nome_civil: p.nome_civil,
            partido: p.partido,
            mandato: p.mandato,
            email: p.email,
            telefone: p.telefone,
        })
        .collect();
    dados_abertos::responder("parlamentares", &consulta, dados, |d| d.slug.clone())
}

async fn api_legislaturas(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let depois = consulta
        .cursor
        .as_deref()
        .and_then(|c| c.parse::<i32>().ok());
    let lista = parlamentares::legislaturas(&mut tx, depois, consulta.buscar()).await?;
    tx.commit().await?;
    dados_abertos::responder("legislaturas", &consulta, lista, |l| l.numero.to_string())
}

async fn api_partidos(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let lista =
        parlamentares::partidos(&mut tx, consulta.cursor.as_deref(), consulta.buscar()).await?;
    tx.commit().await?;
    dados_abertos::responder("partidos", &consulta, lista, |p| p.sigla.clone())
}
