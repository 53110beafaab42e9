//! The public page of the mesa diretora and its open data.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::camara;
use store::mesa::{self, MembroMesa, MesaDoPeriodo};
use time::Date;
use uuid::Uuid;

use super::periodo_label;
use crate::areas::dados_abertos::{self, ApiQuery, Consulta};
use crate::error::WebError;
use crate::http::entrada::Query;
use crate::http::tenant::Tx;
use crate::kit::formato::DataBr;
use crate::kit::portal::Portal;

// ---------------------------------------------------------------- public

#[derive(Template, WebTemplate)]
#[template(path = "mesa/publico/mesa.html")]
pub(super) struct Publica {
    portal: Portal,
    atual: Vec<MembroMesa>,
    periodo_atual: Option<String>,
    historico: Vec<(String, MesaDoPeriodo)>,
}

impl Publica {
    fn iniciais(nome: &str) -> String {
        nome.split_whitespace()
            .filter_map(|p| p.chars().next())
            .filter(|c| c.is_uppercase())
            .take(2)
            .collect()
    }
}

pub(super) async fn publica(Tx(mut tx): Tx, jar: CookieJar) -> Result<Publica, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let hoje = camara::hoje(&mut tx).await?;
    let atual = mesa::mesa_atual(&mut tx, hoje).await?;
    let periodo_atual = mesa::periodo_em(&mut tx, hoje)
        .await?
        .map(|p| periodo_label(&p));
    let historico = mesa::historico(&mut tx)
        .await?
        .into_iter()
        // A mesa elected for a future período shows once it takes office.
        .filter(|h| !h.membros.is_empty() && h.periodo.inicio <= hoje)
        .map(|h| (periodo_label(&h.periodo), h))
        .collect();
    tx.commit().await?;
    Ok(Publica {
        portal,
        atual,
        periodo_atual,
        historico,
    })
}

#[derive(Deserialize)]
pub(super) struct MesaApiQuery {
    itens: Option<i64>,
    cursor: Option<String>,
    formato: Option<String>,
    /// aaaa-mm-dd: the mesa in office that day (default: today).
    data: Option<String>,
}

/// The mesa in office (today, or on `?data=aaaa-mm-dd`), one row per cargo
/// ([`MembroMesa`]); the cursor is the number of rows already given.
pub(super) async fn api(
    Tx(mut tx): Tx,
    Query(q): Query<MesaApiQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(ApiQuery {
        itens: q.itens,
        cursor: q.cursor,
        formato: q.formato,
    }) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let dia = match q.data.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => camara::hoje(&mut tx).await?,
        Some(d) => {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            match Date::parse(d, &fmt) {
                Ok(d) => d,
                Err(_) => {
                    return Ok(dados_abertos::ConsultaInvalida(
                        "O parâmetro data usa o formato aaaa-mm-dd.",
                    )
                    .into_response());
                }
            }
        }
    };
    let inicio: usize = match consulta.cursor.as_deref().map(str::parse) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Ok(dados_abertos::ConsultaInvalida("Cursor inválido.").into_response());
        }
    };
    let lista: Vec<MembroMesa> = mesa::mesa_atual(&mut tx, dia)
        .await?
        .into_iter()
        .skip(inicio)
        .take(consulta.buscar() as usize)
        .collect();
    tx.commit().await?;
    let consulta = consulta.com_filtro(
        "data",
        q.data.as_deref().map(str::trim).filter(|d| !d.is_empty()),
    );
    let posicoes: Vec<Uuid> = lista.iter().map(|m| m.id).collect();
    dados_abertos::responder("mesa-diretora", &consulta, lista, |m| {
        let i = posicoes.iter().position(|id| *id == m.id).unwrap_or(0);
        (inicio + i + 1).to_string()
    })
}
