//! The notícias' RSS and Atom feeds and their open data (`/api/v1/noticias`).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use store::TenantTx;
use store::conteudo::noticias::{self, NoticiaDados, NoticiaPublica};
use uuid::Uuid;

use super::NO_FEED;
use crate::areas::dados_abertos::{self, ApiQuery, Consulta};
use crate::error::WebError;
use crate::http::entrada::Query;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::state::AppState;

/// What a feed shows: the câmara (its name), the latest notícias, the câmara's address.
async fn ler(
    state: &AppState,
    current: &CurrentTenant,
    mut tx: TenantTx,
) -> Result<(store::camara::CamaraConfig, Vec<NoticiaPublica>, String), WebError> {
    let camara = store::camara::config(&mut tx)
        .await?
        .ok_or(WebError::NotFound)?;
    let lista = noticias::para_feed(&mut tx, NO_FEED).await?;
    tx.commit().await?;
    Ok((
        camara,
        lista,
        crate::http::origem::da_camara(state, current),
    ))
}

/// A feed's XML, cached for five minutes.
fn responder(tipo: &'static str, xml: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, tipo),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        domain::texto::para_xml(xml),
    )
        .into_response()
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub(super) async fn feed_rss(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(tx): Tx,
) -> Result<Response, WebError> {
    let (camara, lista, base) = ler(&state, &current, tx).await?;
    let items = lista
        .iter()
        .map(|n| {
            let link = format!("{base}{}", n.url());
            rss::Item {
                title: Some(n.titulo.clone()),
                link: Some(link.clone()),
                description: Some(if n.resumo.is_empty() {
                    domain::texto::markdown_seguro(&n.corpo)
                } else {
                    n.resumo.clone()
                }),
                guid: Some(rss::Guid {
                    value: link,
                    permalink: true,
                }),
                pub_date: n
                    .publicada_em
                    .format(&time::format_description::well_known::Rfc2822)
                    .ok(),
                categories: vec![rss::Category {
                    name: n.categoria_nome().to_owned(),
                    domain: None,
                }],
                ..Default::default()
            }
        })
        .collect();
    let canal = rss::Channel {
        title: format!("Notícias — {}", camara.nome),
        link: format!("{base}/noticias"),
        description: format!("Notícias da {}", camara.nome),
        language: Some("pt-BR".into()),
        last_build_date: lista.first().and_then(|n| {
            n.publicada_em
                .format(&time::format_description::well_known::Rfc2822)
                .ok()
        }),
        items,
        ..Default::default()
    };
    Ok(responder(
        "application/rss+xml; charset=utf-8",
        &canal.to_string(),
    ))
}

pub(super) async fn feed_atom(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(tx): Tx,
) -> Result<Response, WebError> {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
    let (camara, lista, base) = ler(&state, &current, tx).await?;
    let data = |t: time::OffsetDateTime| FixedDateTime::parse_from_rfc3339(&rfc3339(t)).ok();
    let link = |href: String, rel: &str| Link {
        href,
        rel: rel.into(),
        ..Default::default()
    };
    let entries: Vec<Entry> = lista
        .iter()
        .map(|n| {
            let url = format!("{base}{}", n.url());
            Entry {
                id: url.clone(),
                title: Text::plain(n.titulo.clone()),
                updated: data(n.atualizada_em).unwrap_or_default(),
                published: data(n.publicada_em),
                summary: (!n.resumo.is_empty()).then(|| Text::plain(n.resumo.clone())),
                content: Some(Content {
                    value: Some(domain::texto::markdown_seguro(&n.corpo)),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                links: vec![link(url, "alternate")],
                categories: vec![atom_syndication::Category {
                    term: n.categoria.clone(),
                    label: Some(n.categoria_nome().to_owned()),
                    ..Default::default()
                }],
                ..Default::default()
            }
        })
        .collect();
    let atualizado = lista
        .iter()
        .map(|n| n.atualizada_em)
        .max()
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    let feed = Feed {
        id: format!("{base}/noticias/feed.atom"),
        title: Text::plain(format!("Notícias — {}", camara.nome)),
        updated: data(atualizado).unwrap_or_default(),
        authors: vec![Person {
            name: camara.nome.clone(),
            ..Default::default()
        }],
        links: vec![
            link(format!("{base}/noticias/feed.atom"), "self"),
            link(format!("{base}/noticias"), "alternate"),
        ],
        lang: Some("pt-BR".into()),
        entries,
        ..Default::default()
    };
    Ok(responder(
        "application/atom+xml; charset=utf-8",
        &feed.to_string(),
    ))
}

// ---------------------------------------------------------------- open data

pub(super) async fn api(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let depois = match consulta.cursor.as_deref() {
        None => None,
        Some(c) => match c.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => {
                return Ok(dados_abertos::problem(
                    StatusCode::BAD_REQUEST,
                    "O cursor informado é inválido.",
                ));
            }
        },
    };
    let lista = noticias::dados_abertos(&mut tx, depois, consulta.buscar()).await?;
    tx.commit().await?;
    let dados: Vec<NoticiaDados> = lista.into_iter().map(NoticiaDados::from).collect();
    dados_abertos::responder("noticias", &consulta, dados, |d| d.id.to_string())
}
