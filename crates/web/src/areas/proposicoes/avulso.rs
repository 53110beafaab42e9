//! The public avulso of a proposição (`…/{ano}/{sigla}/{numero}/avulso.pdf`): the PDF the
//! job `proposicao.avulso` rendered and stored (`store::jobs::avulso`). 404 until it ran;
//! never rendered in the request.

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use store::jobs::avulso;
use store::proposicoes::consultas;

use crate::error::WebError;
use crate::http::tenant::Tx;

pub(super) async fn pdf(
    Tx(mut tx): Tx,
    headers: HeaderMap,
    Path((ano, sigla, numero)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let (Ok(ano), Ok(numero)) = (ano.parse::<i32>(), numero.parse::<i32>()) else {
        return Err(WebError::NotFound);
    };
    if sigla.len() > 10 {
        return Err(WebError::NotFound);
    }
    let p = consultas::por_identificacao(&mut tx, ano, &sigla, numero)
        .await?
        .ok_or(WebError::NotFound)?;
    let a = avulso::avulso(&mut tx, p.id)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let etag = format!("\"{}\"", a.sha256);
    let nome = format!("avulso-{}-{}-{}.pdf", sigla.to_lowercase(), numero, ano);
    let comuns = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, "public, max-age=60".to_owned()),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok((StatusCode::NOT_MODIFIED, comuns).into_response());
    }
    Ok((
        comuns,
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao("inline", &nome),
            ),
        ],
        a.pdf,
    )
        .into_response())
}
