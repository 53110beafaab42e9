//! The open data: `/api/v1/proposicoes` (the filters of the page, JSON and CSV),
//! `/api/v1/proposicoes/{id}` (one proposição whole) and `/api/v1/tramitacoes` (the
//! events). The layer of `dados_abertos::openapi` has already refused parameters the
//! document does not declare, or of the wrong type; what is left is what names nothing in
//! the câmara (404) and the ranges between parameters.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::proposicoes::Situacao;
use serde::Deserialize;
use store::proposicoes::busca::{self, Filtro};
use store::proposicoes::dados::{self as pd, FiltroTramitacao};
use time::Date;
use uuid::Uuid;

use super::valor;
use crate::areas::dados_abertos::{self, ApiQuery, Consulta, ConsultaInvalida, NaoEncontrado};
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::Tx;

#[derive(Deserialize, Default)]
pub(super) struct ProposicoesQuery {
    tipo: Option<String>,
    numero: Option<String>,
    ano: Option<String>,
    autor: Option<String>,
    situacao: Option<String>,
    assunto: Option<String>,
    de: Option<String>,
    ate: Option<String>,
    texto: Option<String>,
}

/// aaaa-mm-dd (the layer in front checked the form; this reads it).
fn iso(s: &Option<String>) -> Result<Option<Date>, ConsultaInvalida> {
    match valor(s) {
        None => Ok(None),
        Some(v) => Date::parse(v, time::macros::format_description!("[year]-[month]-[day]"))
            .map(Some)
            .map_err(|_| ConsultaInvalida("As datas devem estar no formato aaaa-mm-dd.")),
    }
}

fn periodo(
    de: &Option<String>,
    ate: &Option<String>,
) -> Result<(Option<Date>, Option<Date>), ConsultaInvalida> {
    // A period that ends before it starts is a valid question with no answer: an empty
    // list, as the other collections give (schemathesis holds the API to it).
    Ok((iso(de)?, iso(ate)?))
}

fn cursor(consulta: &Consulta) -> Result<Option<Uuid>, ConsultaInvalida> {
    match consulta.cursor.as_deref().map(str::parse::<Uuid>) {
        None => Ok(None),
        Some(Ok(c)) => Ok(Some(c)),
        Some(Err(_)) => Err(ConsultaInvalida("Cursor inválido.")),
    }
}

pub(super) async fn lista(
    Tx(mut tx): Tx,
    Query(q): Query<ApiQuery>,
    Query(f): Query<ProposicoesQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let (depois, (de, ate)) = match (cursor(&consulta), periodo(&f.de, &f.ate)) {
        (Ok(c), Ok(p)) => (c, p),
        (Err(e), _) | (_, Err(e)) => return Ok(e.into_response()),
    };
    let (tipos, autores) = busca::opcoes(&mut tx).await?;
    let mut filtro = Filtro {
        de,
        ate,
        numero: valor(&f.numero).and_then(|n| n.parse().ok()),
        ano: valor(&f.ano).and_then(|a| a.parse().ok()),
        texto: valor(&f.texto).map(str::to_owned),
        ..Filtro::default()
    };
    if let Some(t) = valor(&f.tipo) {
        match tipos.iter().find(|x| x.sigla.eq_ignore_ascii_case(t)) {
            Some(x) => filtro.tipo_id = Some(x.id),
            None => {
                return Ok(NaoEncontrado(
                    "Tipo de proposição desconhecido (use a sigla, por exemplo PL).",
                )
                .into_response());
            }
        }
    }
    if let Some(a) = valor(&f.autor) {
        match autores.iter().find(|x| x.slug == a) {
            Some(x) => filtro.autor = Some(x.id),
            None => {
                return Ok(NaoEncontrado(
                    "Autor desconhecido (use o slug do parlamentar, como em /api/v1/parlamentares).",
                )
                .into_response());
            }
        }
    }
    if let Some(s) = valor(&f.situacao) {
        match Situacao::parse(s) {
            Some(s) => filtro.situacao = Some(s),
            None => return Ok(ConsultaInvalida("Situação desconhecida.").into_response()),
        }
    }
    if let Some(a) = valor(&f.assunto) {
        if !busca::assunto_existe(&mut tx, a).await? {
            return Ok(
                NaoEncontrado("Nenhuma proposição da câmara tem esse assunto.").into_response(),
            );
        }
        filtro.assunto = Some(a.to_owned());
    }
    let linhas = busca::pagina_dados(&mut tx, &filtro, depois, consulta.buscar()).await?;
    tx.commit().await?;
    let consulta = consulta
        .com_filtro("tipo", valor(&f.tipo))
        .com_filtro("numero", filtro.numero)
        .com_filtro("ano", filtro.ano)
        .com_filtro("autor", valor(&f.autor))
        .com_filtro("situacao", valor(&f.situacao))
        .com_filtro("assunto", valor(&f.assunto))
        .com_filtro("de", valor(&f.de))
        .com_filtro("ate", valor(&f.ate))
        .com_filtro("texto", valor(&f.texto));
    dados_abertos::responder("proposicoes", &consulta, linhas, |p| p.id.to_string())
}

/// One proposição whole, as `{"dados": {...}}`.
pub(super) async fn detalhe(Tx(mut tx): Tx, Path(id): Path<String>) -> Result<Response, WebError> {
    let Ok(id) = id.parse::<Uuid>() else {
        return Ok(NaoEncontrado("Proposição não encontrada.").into_response());
    };
    let Some(dados) = pd::detalhe(&mut tx, id).await? else {
        return Ok(NaoEncontrado("Proposição não encontrada.").into_response());
    };
    tx.commit().await?;
    Ok((
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        axum::Json(serde_json::json!({ "dados": dados })),
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct TramitacoesQuery {
    proposicao: Option<String>,
    de: Option<String>,
    ate: Option<String>,
}

pub(super) async fn tramitacoes(
    Tx(mut tx): Tx,
    Query(q): Query<ApiQuery>,
    Query(f): Query<TramitacoesQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let (depois, (de, ate)) = match (cursor(&consulta), periodo(&f.de, &f.ate)) {
        (Ok(c), Ok(p)) => (c, p),
        (Err(e), _) | (_, Err(e)) => return Ok(e.into_response()),
    };
    let proposicao = match valor(&f.proposicao).map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(_)) => {
            return Ok(ConsultaInvalida("O parâmetro proposicao deve ser um UUID.").into_response());
        }
    };
    let filtro = FiltroTramitacao {
        proposicao,
        de,
        ate,
    };
    let linhas = pd::tramitacoes(&mut tx, &filtro, depois, consulta.buscar()).await?;
    tx.commit().await?;
    let consulta = consulta
        .com_filtro("proposicao", proposicao)
        .com_filtro("de", valor(&f.de))
        .com_filtro("ate", valor(&f.ate));
    dados_abertos::responder("tramitacoes", &consulta, linhas, |e| e.id.to_string())
}
