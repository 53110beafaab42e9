//! The open data of the votações: `/api/v1/votacoes` (JSON and CSV) and
//! `/api/v1/sessoes/{id}/votacoes` (JSON). Closed votações only; secret ones give totals
//! and turnout, never a vote.

use axum::Json;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::sessoes_plenarias as sp;
use store::sessoes_plenarias::votacao::dados::{self, SessaoVotacoesDados};
use uuid::Uuid;

use super::valor;
use crate::areas::dados_abertos::{self, ApiQuery, Consulta, ConsultaInvalida};
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::Tx;

#[derive(Deserialize, Default)]
pub(super) struct VotacoesQuery {
    sessao: Option<String>,
}

pub(super) async fn api_votacoes(
    Tx(mut tx): Tx,
    Query(q): Query<ApiQuery>,
    Query(f): Query<VotacoesQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let sessao = match valor(&f.sessao).map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(s)) => Some(s),
        Some(Err(_)) => {
            return Ok(
                ConsultaInvalida("O parâmetro sessao deve ser um id (UUID).").into_response(),
            );
        }
    };
    let depois = match consulta.cursor.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(_)) => return Ok(ConsultaInvalida("Cursor inválido.").into_response()),
    };
    let lista = dados::dados(&mut tx, sessao, depois, consulta.buscar()).await?;
    tx.commit().await?;
    let consulta = consulta.com_filtro("sessao", valor(&f.sessao));
    dados_abertos::responder("votacoes", &consulta, lista, |v| v.id.to_string())
}

pub(super) async fn api_sessao_votacoes(
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Ok(id) = id.parse::<Uuid>() else {
        return Ok(dados_abertos::NaoEncontrado("Sessão não encontrada.").into_response());
    };
    if sp::por_id(&mut tx, id).await?.is_none() {
        return Ok(dados_abertos::NaoEncontrado("Sessão não encontrada.").into_response());
    }
    let votacoes = dados::da_sessao(&mut tx, id).await?;
    tx.commit().await?;
    Ok((
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        Json(serde_json::json!({ "dados": SessaoVotacoesDados { sessao_id: id, votacoes } })),
    )
        .into_response())
}
