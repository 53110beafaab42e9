//! The norma to print and to keep: the printable view `/legislativo/normas/{id}/impressao`
//! (the compiled text without the portal's chrome: no menu, search or footer; its own
//! stylesheet, also the portal page's print stylesheet) and the PDF of the compiled text
//! `/legislativo/normas/{id}/texto.pdf` (`jobs::pdf::norma`, rendered in the request like
//! the ata's). Both take `?vigente-em=dd/mm/aaaa` for the text in force on a date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::normas::{Compilado, Situacao};
use store::normas::consultas::{self, Norma};
use time::Date;

use super::publico::NormaQuery;
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::formato::{DataBr, ler_data};
use crate::kit::formulario::id_de;
use crate::state::AppState;

/// The date asked for, if any (a date that is not one: the current text).
fn em(q: &NormaQuery) -> Option<Date> {
    q.vigente_em
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(ler_data)
}

/// What both documents say: the norma, its compiled text, its situação, URN and address.
struct Documento {
    n: Norma,
    compilado: Compilado,
    situacao: Situacao,
    em: Option<Date>,
    urn: String,
    camara: String,
    url: String,
    emitido_em: String,
}

impl Documento {
    fn titulo(&self) -> String {
        format!(
            "{} nº {}, de {}",
            self.n.tipo_nome,
            self.n.numero,
            self.n.data_assinatura.br()
        )
    }

    fn versao(&self) -> String {
        match self.em {
            Some(d) => format!("Texto em vigor em {}", d.br()),
            None => "Texto compilado".to_owned(),
        }
    }

    fn situacao(&self) -> String {
        match self.em {
            Some(d) => format!("{} em {}", self.situacao.rotulo(), d.br()),
            None => self.situacao.rotulo().to_owned(),
        }
    }

    fn publicacao(&self) -> Option<String> {
        let n = &self.n;
        let d = n.publicacao_data?;
        let mut s = String::new();
        if !n.publicacao_veiculo.is_empty() {
            s.push_str(&n.publicacao_veiculo);
            s.push_str(", ");
        }
        s.push_str(&d.br());
        if !n.publicacao_edicao.is_empty() {
            s.push_str(&format!(", edição {}", n.publicacao_edicao));
        }
        if !n.publicacao_pagina.is_empty() {
            s.push_str(&format!(", página {}", n.publicacao_pagina));
        }
        Some(s)
    }
}

async fn documento(
    state: &AppState,
    tx: &mut store::TenantTx,
    current: &CurrentTenant,
    id: &str,
    q: &NormaQuery,
) -> Result<Documento, WebError> {
    let id = id_de(id)?;
    let n = consultas::norma(tx, id).await?.ok_or(WebError::NotFound)?;
    let em = em(q);
    let hoje = store::camara::hoje(tx).await?;
    let compilado = consultas::compilado(tx, &n, em).await?;
    let situacao = consultas::situacao(tx, &n, em.unwrap_or(hoje)).await?;
    let emitido_em = store::camara::agora_local(tx).await?;
    let url = format!(
        "{}/legislativo/normas/{}",
        crate::http::origem::da_camara(state, current),
        n.id
    );
    Ok(Documento {
        urn: n.urn(&super::localidade(&current.tenant)),
        camara: current.tenant.nome_oficial.clone(),
        n,
        compilado,
        situacao,
        em,
        url,
        emitido_em,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/publico/impressao.html")]
pub(super) struct Impressao {
    d: Documento,
}

pub(super) async fn pagina(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
    Query(q): Query<NormaQuery>,
) -> Result<Impressao, WebError> {
    let d = documento(&state, &mut tx, &current, &id, &q).await?;
    tx.commit().await?;
    Ok(Impressao { d })
}

pub(super) async fn pdf(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
    Query(q): Query<NormaQuery>,
) -> Result<Response, WebError> {
    let d = documento(&state, &mut tx, &current, &id, &q).await?;
    tx.commit().await?;
    let (titulo, situacao, publicacao, versao) =
        (d.titulo(), d.situacao(), d.publicacao(), d.versao());
    let corpo = jobs::pdf::norma::norma(
        &jobs::pdf::norma::Cabecalho {
            camara: &d.camara,
            titulo: &titulo,
            ementa: &d.n.ementa,
            situacao: &situacao,
            publicacao: publicacao.as_deref(),
            urn: &d.urn,
            versao: &versao,
            url: &d.url,
            emitido_em: &d.emitido_em,
        },
        &d.compilado,
    );
    let nome = format!(
        "{}-{}-{}.pdf",
        d.n.tipo_sigla.to_lowercase(),
        d.n.numero,
        d.n.ano
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao("inline", &nome),
            ),
            (header::CACHE_CONTROL, "public, max-age=60".to_owned()),
        ],
        corpo,
    )
        .into_response())
}

/// The printable view's stylesheet, also the norma page's print stylesheet.
pub(super) async fn estilo() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        include_str!("../../../templates/normas/publico/impressao.css"),
    )
}
