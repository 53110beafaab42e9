//! The public pages of the comissões and their open data.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use store::camara;
use store::comissoes::reunioes::{self, ItemPauta, Reuniao};
use store::comissoes::{self, Comissao, ComissaoCsv, Composicao, TIPOS};

use crate::areas::dados_abertos::{self, ApiQuery, Consulta};
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::Tx;
use crate::kit::formato::DataBr;
use crate::kit::portal::Portal;

// ---------------------------------------------------------------- public

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/publico/lista.html")]
pub(super) struct Lista {
    portal: Portal,
    grupos: Vec<(&'static str, Vec<Comissao>)>,
    extintas: Vec<Comissao>,
}

pub(super) async fn lista(Tx(mut tx): Tx, jar: CookieJar) -> Result<Lista, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let ativas = comissoes::comissoes_ativas(&mut tx).await?;
    let extintas = comissoes::comissoes_extintas(&mut tx).await?;
    tx.commit().await?;
    let grupos = TIPOS
        .iter()
        .map(|(tipo, rotulo)| {
            (
                *rotulo,
                ativas
                    .iter()
                    .filter(|c| c.tipo == *tipo)
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, l)| !l.is_empty())
        .collect();
    Ok(Lista {
        portal,
        grupos,
        extintas,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/publico/detalhe.html")]
pub(super) struct Detalhe {
    portal: Portal,
    c: Comissao,
    finalidade: String,
    composicao: Composicao,
    reunioes: Vec<(Reuniao, Vec<ItemPauta>)>,
    pagina: i64,
    paginas: i64,
}

#[derive(serde::Deserialize, Default)]
pub(super) struct PaginaQuery {
    pagina: Option<i64>,
}

const REUNIOES_POR_PAGINA: i64 = 10;

pub(super) async fn detalhe(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(chave): Path<String>,
    Query(q): Query<PaginaQuery>,
) -> Result<Detalhe, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let c = comissoes::por_sigla_ou_slug(&mut tx, &chave)
        .await?
        .ok_or(WebError::NotFound)?;
    let hoje = camara::hoje(&mut tx).await?;
    let composicao = comissoes::composicao(&mut tx, c.id, hoje).await?;
    let (_, total) = reunioes::reunioes(&mut tx, c.id, 1, 0).await?;
    let (pagina, paginas) = super::materias::paginar(total, q.pagina, REUNIOES_POR_PAGINA);
    let (lista, _) = reunioes::reunioes(
        &mut tx,
        c.id,
        REUNIOES_POR_PAGINA,
        (pagina - 1) * REUNIOES_POR_PAGINA,
    )
    .await?;
    let ids: Vec<_> = lista.iter().map(|r| r.id).collect();
    let mut pautas = reunioes::pautas(&mut tx, &ids).await?;
    tx.commit().await?;
    let reunioes = lista
        .into_iter()
        .map(|r| {
            let (minha, resto): (Vec<_>, Vec<_>) =
                pautas.drain(..).partition(|i| i.reuniao_id == r.id);
            pautas = resto;
            (r, minha)
        })
        .collect();
    Ok(Detalhe {
        portal,
        finalidade: domain::texto::markdown_seguro(&c.finalidade),
        c,
        composicao,
        reunioes,
        pagina,
        paginas,
    })
}

/// Every comissão by sigla (the cursor), with its current members: in JSON a list inside
/// each one ([`comissoes::ComissaoDados`]); in CSV one flat row per comissão whose
/// `membros` column reads `Nome (cargo, titular|suplente); …` ([`ComissaoCsv`]).
pub(super) async fn api(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let csv = consulta.csv();
    let hoje = camara::hoje(&mut tx).await?;
    let lista =
        comissoes::dados_abertos(&mut tx, consulta.cursor.as_deref(), consulta.buscar(), hoje)
            .await?;
    tx.commit().await?;
    if csv {
        let linhas: Vec<ComissaoCsv> = lista.into_iter().map(Into::into).collect();
        dados_abertos::responder("comissoes", &consulta, linhas, |c| c.sigla.clone())
    } else {
        dados_abertos::responder("comissoes", &consulta, lista, |c| c.sigla.clone())
    }
}
