//! `/documentos/verificar`: anyone checks a receipt by its code (the form, or `?codigo=`),
//! sees the protocolo's number, date, assunto, the interessado (a private person's name
//! masked) and each document's SHA-256, and may send a file to compare its hash.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::protocolo::{self, Documento, Protocolo};

use super::envios;
use crate::error::WebError;
use crate::http::entrada::Query;
use crate::http::tenant::Tx;
use crate::kit::formulario::{Erros, invalido};
use crate::kit::portal::Portal;

#[derive(Template, WebTemplate)]
#[template(path = "protocolo/publico/verificar.html")]
pub(super) struct Verificar {
    portal: Portal,
    codigo: String,
    /// A code was asked for and nothing matches it.
    nao_encontrado: bool,
    p: Option<Protocolo>,
    documentos: Vec<Documento>,
    /// The file sent to compare: its name, its SHA-256, and the document it matches.
    comparado: Option<(String, String, Option<String>)>,
    erros: Erros,
}

#[derive(Deserialize, Default)]
pub(super) struct VerificarQuery {
    codigo: Option<String>,
}

async fn pagina(
    tx: &mut store::TenantTx,
    jar: &CookieJar,
    codigo: &str,
) -> Result<Verificar, WebError> {
    let portal = Portal::carregar(tx, jar).await?;
    let codigo: String = codigo.trim().chars().take(64).collect();
    let (p, documentos) = match domain::protocolo::normalizar_codigo(&codigo) {
        Some(c) => match protocolo::por_codigo(tx, &c).await? {
            Some(p) => {
                let d = protocolo::documentos(tx, p.id).await?;
                (Some(p), d)
            }
            None => (None, Vec::new()),
        },
        None => (None, Vec::new()),
    };
    Ok(Verificar {
        portal,
        nao_encontrado: !codigo.is_empty() && p.is_none(),
        codigo,
        p,
        documentos,
        comparado: None,
        erros: Erros::default(),
    })
}

pub(super) async fn verificar(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Query(q): Query<VerificarQuery>,
) -> Result<Response, WebError> {
    let v = pagina(&mut tx, &jar, q.codigo.as_deref().unwrap_or("")).await?;
    tx.commit().await?;
    let naoencontrado = v.nao_encontrado;
    let mut r = v.into_response();
    if naoencontrado {
        *r.status_mut() = axum::http::StatusCode::NOT_FOUND;
    }
    // The answer depends on the code only, never on who asks: private to the visitor
    // nonetheless (a receipt is not a page to share through caches).
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}

/// The comparison: a file sent with the code (multipart `codigo`, `arquivo`); nothing is
/// stored, the file's SHA-256 is compared with the protocolo's documents'.
pub(super) async fn comparar(
    Tx(mut tx): Tx,
    jar: CookieJar,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    let (e, arquivos) = envios::ler(&mut multipart, "arquivo", &mut erros).await;
    let mut v = pagina(&mut tx, &jar, e.campo("codigo")).await?;
    tx.commit().await?;
    if v.p.is_none() {
        erros.push(domain::ValidationError::new(
            "codigo",
            "Informe o código de verificação do comprovante (16 letras e números).",
        ));
    }
    match arquivos.into_iter().next() {
        Some((nome, dados)) if v.p.is_some() => {
            let hash = protocolo::sha256_hex(&dados);
            let igual = v
                .documentos
                .iter()
                .find(|d| d.sha256 == hash)
                .map(|d| d.nome_arquivo.clone());
            v.comparado = Some((protocolo::nome_de_arquivo(&nome), hash, igual));
        }
        Some(_) => {}
        None => erros.push(domain::ValidationError::new(
            "arquivo",
            "Escolha o arquivo a comparar.",
        )),
    }
    v.erros = erros;
    let mut r = if v.erros.vazio() {
        v.into_response()
    } else {
        invalido(v)
    };
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}
