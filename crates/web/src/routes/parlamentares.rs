//! The câmara's parlamentares: public pages and open data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
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
    paragrafos: Vec<String>,
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
    let paragrafos = p
        .biografia
        .split("\n\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(Detalhe {
        portal,
        p,
        paragrafos,
    })
}

#[derive(Deserialize)]
struct ApiQuery {
    itens: Option<i64>,
    cursor: Option<String>,
    formato: Option<String>,
}

/// The open-data shape (reference/standards.md §6): `dados` and `links`.
#[derive(Serialize)]
struct Pagina<T> {
    dados: Vec<T>,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct Link {
    rel: &'static str,
    href: String,
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
    let itens = q.itens.unwrap_or(20);
    if !(1..=100).contains(&itens) {
        return Ok(problem(
            StatusCode::BAD_REQUEST,
            "O parâmetro itens vai de 1 a 100.",
        ));
    }
    let hoje = camara::hoje(&mut tx).await?;
    let leg = parlamentares::legislatura_atual(&mut tx, hoje).await?;
    let mut lista = match &leg {
        Some(l) => {
            parlamentares::da_legislatura(&mut tx, l.id, hoje, q.cursor.as_deref(), itens + 1)
                .await?
        }
        None => Vec::new(),
    };
    tx.commit().await?;
    let mais = lista.len() as i64 > itens;
    lista.truncate(itens as usize);
    let dados: Vec<ParlamentarDados> = lista
        .into_iter()
        .map(|p| ParlamentarDados {
            uri: format!("/api/v1/parlamentares?cursor={}", p.slug),
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
    let cabecalhos = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::CACHE_CONTROL, "public, max-age=60"),
    ];
    if q.formato.as_deref() == Some("csv") {
        let mut w = csv::Writer::from_writer(Vec::new());
        for d in &dados {
            w.serialize(d)
                .map_err(|e| WebError::Store(store::Error::Embedded(e.to_string())))?;
        }
        let mut body = "\u{feff}".as_bytes().to_vec();
        body.extend(
            w.into_inner()
                .map_err(|e| WebError::Store(store::Error::Embedded(e.to_string())))?,
        );
        return Ok((
            cabecalhos,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"parlamentares.csv\"",
                ),
            ],
            body,
        )
            .into_response());
    }
    let mut links = vec![Link {
        rel: "self",
        href: format!(
            "/api/v1/parlamentares?itens={itens}{}",
            q.cursor
                .as_deref()
                .map(|c| format!("&cursor={c}"))
                .unwrap_or_default()
        ),
    }];
    if mais && let Some(ultimo) = dados.last() {
        links.push(Link {
            rel: "next",
            href: format!("/api/v1/parlamentares?itens={itens}&cursor={}", ultimo.slug),
        });
    }
    Ok((cabecalhos, axum::Json(Pagina { dados, links })).into_response())
}

fn problem(status: StatusCode, detail: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        serde_json::json!({ "title": "Requisição inválida", "status": status.as_u16(), "detail": detail }).to_string(),
    )
        .into_response()
}
