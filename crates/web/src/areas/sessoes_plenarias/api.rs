//! The open data: `/api/v1/sessoes` (JSON and CSV).

use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::sessoes_plenarias as sp;
use uuid::Uuid;

use super::{tipo_de, valor};
use crate::areas::dados_abertos::{self, ApiQuery, Consulta, ConsultaInvalida};
use crate::error::WebError;
use crate::http::entrada::Query;
use crate::http::tenant::Tx;

#[derive(Deserialize, Default)]
pub(super) struct SessoesApiQuery {
    ano: Option<String>,
    tipo: Option<String>,
}

pub(super) async fn api(
    Tx(mut tx): Tx,
    Query(q): Query<ApiQuery>,
    Query(f): Query<SessoesApiQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let ano = match valor(&f.ano).map(str::parse::<i32>) {
        None => None,
        Some(Ok(a)) if (1900..=2200).contains(&a) => Some(a),
        Some(_) => {
            return Ok(
                ConsultaInvalida("O parâmetro ano deve ser um ano com quatro dígitos.")
                    .into_response(),
            );
        }
    };
    let tipo = match valor(&f.tipo) {
        None => None,
        Some(v) => {
            let tipos = sp::tipos(&mut tx, false).await?;
            match tipo_de(&tipos, v) {
                Some(t) => Some(t),
                None => {
                    return Ok(dados_abertos::NaoEncontrado(
                        "Tipo de sessão desconhecido (use o nome, por exemplo ordinaria, ou o id).",
                    )
                    .into_response());
                }
            }
        }
    };
    let depois = match consulta.cursor.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(_)) => return Ok(ConsultaInvalida("Cursor inválido.").into_response()),
    };
    let lista = sp::dados(&mut tx, ano, tipo, depois, consulta.buscar()).await?;
    tx.commit().await?;
    let consulta = consulta
        .com_filtro("ano", ano)
        .com_filtro("tipo", valor(&f.tipo));
    dados_abertos::responder("sessoes", &consulta, lista, |s| s.id.to_string())
}
