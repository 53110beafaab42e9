//! The open data of normas: `/api/v1/normas` (the public list's filters plus assunto and
//! vigência, JSON and CSV, cursor pagination) and `/api/v1/normas/{id}/texto` (the
//! compiled text by dispositivo, or the text in force on `?vigente_em=aaaa-mm-dd`). The
//! layer of `dados_abertos::openapi` has already refused parameters the document does not
//! declare, or of the wrong type.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::normas::dados::{self, TextoDados};
use store::normas::{Filtro, consultas, tipos};
use time::Date;
use uuid::Uuid;

use crate::areas::dados_abertos::{self, ApiQuery, Consulta, ConsultaInvalida, NaoEncontrado};
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};

#[derive(Deserialize, Default)]
pub(super) struct NormasQuery {
    tipo: Option<String>,
    numero: Option<String>,
    ano: Option<String>,
    assunto: Option<String>,
    vigencia: Option<String>,
    texto: Option<String>,
}

fn valor(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// aaaa-mm-dd.
fn iso(s: &str) -> Option<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

pub(super) async fn lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Query(q): Query<ApiQuery>,
    Query(f): Query<NormasQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let apos = match consulta.cursor.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(_)) => return Ok(ConsultaInvalida("Cursor inválido.").into_response()),
    };
    let hoje = store::camara::hoje(&mut tx).await?;
    let mut filtro = Filtro {
        numero: valor(&f.numero).and_then(|n| n.parse().ok()),
        ano: valor(&f.ano).and_then(|a| a.parse().ok()),
        texto: valor(&f.texto).map(str::to_owned),
        assunto: valor(&f.assunto).map(str::to_owned),
        apos,
        ..Filtro::default()
    };
    if let Some(t) = valor(&f.tipo) {
        let tipos = tipos::listar(&mut tx).await?;
        match tipos.iter().find(|x| x.sigla.eq_ignore_ascii_case(t)) {
            Some(x) => filtro.tipo_id = Some(x.id),
            None => {
                return Ok(NaoEncontrado(
                    "Tipo de norma desconhecido (use a sigla, por exemplo LO).",
                )
                .into_response());
            }
        }
    }
    if let Some(a) = valor(&f.assunto)
        && !consultas::assunto_existe(&mut tx, a).await?
    {
        return Ok(NaoEncontrado("Nenhuma norma da câmara tem esse assunto.").into_response());
    }
    filtro.em_vigor = match valor(&f.vigencia) {
        None => None,
        Some("vigente") => Some((true, hoje)),
        Some(_) => Some((false, hoje)),
    };
    let normas = consultas::seguintes(&mut tx, &filtro, consulta.buscar()).await?;
    let linhas = dados::linhas(&mut tx, &normas, hoje, &super::localidade(&current.tenant)).await?;
    tx.commit().await?;
    let consulta = consulta
        .com_filtro("tipo", valor(&f.tipo))
        .com_filtro("numero", filtro.numero)
        .com_filtro("ano", filtro.ano)
        .com_filtro("assunto", valor(&f.assunto))
        .com_filtro("vigencia", valor(&f.vigencia))
        .com_filtro("texto", valor(&f.texto));
    dados_abertos::responder("normas", &consulta, linhas, |n| n.id.to_string())
}

#[derive(Deserialize, Default)]
pub(super) struct TextoQuery {
    vigente_em: Option<String>,
}

/// The compiled text by dispositivo, as `{"dados": {...}}`.
pub(super) async fn texto(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
    Query(q): Query<TextoQuery>,
) -> Result<Response, WebError> {
    let em = match valor(&q.vigente_em) {
        None => None,
        Some(s) => match iso(s) {
            Some(d) => Some(d),
            None => {
                return Ok(
                    ConsultaInvalida("vigente_em deve ser uma data no formato aaaa-mm-dd.")
                        .into_response(),
                );
            }
        },
    };
    let nao = || Ok(NaoEncontrado("Norma não encontrada.").into_response());
    let Ok(id) = id.parse::<Uuid>() else {
        return nao();
    };
    let Some(n) = consultas::norma(&mut tx, id).await? else {
        return nao();
    };
    let compilado = consultas::compilado(&mut tx, &n, em).await?;
    tx.commit().await?;
    let urn = n.urn(&super::localidade(&current.tenant));
    let dados = TextoDados::de(&n, urn, em, &compilado);
    Ok((
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        axum::Json(serde_json::json!({ "dados": dados })),
    )
        .into_response())
}
