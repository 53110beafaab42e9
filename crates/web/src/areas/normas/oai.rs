//! The câmara's OAI-PMH 2.0 data provider at `/oai` (GET and POST), the protocol the
//! LexML harvester speaks: the six verbs, every protocol error, `oai_dc` and `oai_lexml`,
//! `from`/`until` in UTC, one set per tipo de norma (`ListSets`, `set=`, each header's
//! `setSpec`), resumption tokens as a cursor by (datestamp, id) that survive
//! inserts between pages, and tombstones of deleted normas (`deletedRecord=persistent`).
//! The arguments' rules are `domain::normas::oai`; the records' metadata `oai_registro`.

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::normas::oai::{self as protocolo, Cursor, Erro, Formato, Lista, Pedido, datestamp};
use store::TenantTx;
use store::normas::oai::{self as registros, Cabecalho};
use time::OffsetDateTime;
use uuid::Uuid;

use super::oai_registro::{Contexto, metadados};
use crate::error::WebError;
use crate::http::origem;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::xml::Xml;
use crate::state::AppState;

const OAI_NS: &str = "http://www.openarchives.org/OAI/2.0/";
const OAI_XSD: &str =
    "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd";
pub(super) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

pub(super) async fn get(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(tx): Tx,
    RawQuery(q): RawQuery,
) -> Result<Response, WebError> {
    responder(&state, &current, tx, q.as_deref().unwrap_or("")).await
}

/// POST with the arguments urlencoded in the body, as the protocol allows.
pub(super) async fn post(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(tx): Tx,
    corpo: String,
) -> Result<Response, WebError> {
    responder(&state, &current, tx, &corpo).await
}

/// The repository's identifier namespace: the câmara's host under the deployment's domain
/// (a custom domain may come and go; this one stays).
pub(crate) fn namespace(state: &AppState, current: &CurrentTenant) -> String {
    format!("{}.{}", current.tenant.slug, state.config.base_domain)
}

async fn responder(
    state: &AppState,
    current: &CurrentTenant,
    mut tx: TenantTx,
    argumentos: &str,
) -> Result<Response, WebError> {
    let pares: Vec<(String, String)> = form_urlencoded::parse(argumentos.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let agora = OffsetDateTime::now_utc();
    let origem = origem::da_camara(state, current);
    let ctx = Contexto {
        base: format!("{origem}/oai"),
        origem,
        namespace: namespace(state, current),
        localidade: super::localidade(&current.tenant),
        id_publicador: registros::id_publicador(&mut tx)
            .await?
            .unwrap_or(current.tenant.codigo_ibge)
            .to_string(),
        agora,
    };
    let mut corpo = Xml::fragmento();
    let resultado = match protocolo::ler(&pares, agora) {
        Ok(p) => executar(&mut tx, current, &ctx, &p, &mut corpo).await?,
        Err(e) => Err(e),
    };
    tx.commit().await?;

    let mut x = Xml::new();
    x.abrir(
        "OAI-PMH",
        &[
            ("xmlns", OAI_NS),
            ("xmlns:xsi", XSI),
            ("xsi:schemaLocation", OAI_XSD),
        ],
    );
    x.elemento("responseDate", &[], &datestamp(agora));
    let atributos: Vec<(&str, &str)> = match &resultado {
        Err(e) if e.sem_atributos() => Vec::new(),
        _ => pares
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
    };
    x.elemento("request", &atributos, &ctx.base);
    match resultado {
        Ok(()) => {
            let bytes = corpo
                .fim()
                .map_err(|_| WebError::Unavailable("Falha ao gerar o XML.".into()))?;
            x.incluir(&bytes);
        }
        Err(e) => {
            x.elemento("error", &[("code", e.codigo)], &e.mensagem);
        }
    }
    x.fechar("OAI-PMH");
    let bytes = x
        .fim()
        .map_err(|_| WebError::Unavailable("Falha ao gerar o XML.".into()))?;
    Ok(([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], bytes).into_response())
}

/// Writes the verb's element into `x`, or gives the protocol error found on the way.
async fn executar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    ctx: &Contexto,
    p: &Pedido,
    x: &mut Xml,
) -> Result<Result<(), Erro>, WebError> {
    match p {
        Pedido::Identify => {
            let primeiro = registros::primeiro(tx)
                .await?
                .unwrap_or(current.tenant.created_at);
            let config = store::camara::config(tx).await?;
            let nome = config
                .as_ref()
                .map(|c| c.nome.trim().to_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| current.tenant.nome_oficial.clone());
            let email = config
                .map(|c| c.email.trim().to_owned())
                .filter(|e| e.contains('@'))
                .or_else(|| current.tenant.admin_email.clone())
                .unwrap_or_else(|| format!("contato@{}", ctx.namespace));
            x.abrir("Identify", &[])
                .elemento("repositoryName", &[], &format!("{nome}: normas jurídicas"))
                .elemento("baseURL", &[], &ctx.base)
                .elemento("protocolVersion", &[], "2.0")
                .elemento("adminEmail", &[], &email)
                .elemento("earliestDatestamp", &[], &datestamp(primeiro))
                .elemento("deletedRecord", &[], "persistent")
                .elemento("granularity", &[], "YYYY-MM-DDThh:mm:ssZ")
                .fechar("Identify");
        }
        Pedido::ListSets => {
            let conjuntos = registros::conjuntos(tx).await?;
            if conjuntos.is_empty() {
                return Ok(Err(Erro::sem_conjuntos()));
            }
            x.abrir("ListSets", &[]);
            for c in conjuntos {
                x.abrir("set", &[])
                    .elemento("setSpec", &[], &protocolo::set_spec(&c.spec))
                    .elemento("setName", &[], &c.nome)
                    .fechar("set");
            }
            x.fechar("ListSets");
        }
        Pedido::ListMetadataFormats { identificador } => {
            if let Some(i) = identificador
                && cabecalho(tx, ctx, i).await?.is_none()
            {
                return Ok(Err(Erro::inexistente(i)));
            }
            x.abrir("ListMetadataFormats", &[]);
            for f in Formato::TODOS {
                x.abrir("metadataFormat", &[])
                    .elemento("metadataPrefix", &[], f.prefixo())
                    .elemento("schema", &[], f.esquema())
                    .elemento("metadataNamespace", &[], f.namespace())
                    .fechar("metadataFormat");
            }
            x.fechar("ListMetadataFormats");
        }
        Pedido::ListIdentifiers(l) => return listar(tx, ctx, l, false, x).await,
        Pedido::ListRecords(l) => return listar(tx, ctx, l, true, x).await,
        Pedido::GetRecord {
            identificador,
            formato,
        } => {
            let Some(c) = cabecalho(tx, ctx, identificador).await? else {
                return Ok(Err(Erro::inexistente(identificador)));
            };
            x.abrir("GetRecord", &[]);
            registrosxml(tx, ctx, &[c], Some(*formato), x).await?;
            x.fechar("GetRecord");
        }
    }
    Ok(Ok(()))
}

async fn cabecalho(
    tx: &mut TenantTx,
    ctx: &Contexto,
    identificador: &str,
) -> Result<Option<Cabecalho>, WebError> {
    match protocolo::id_de(&ctx.namespace, identificador) {
        Some(id) => Ok(registros::cabecalho(tx, id).await?),
        None => Ok(None),
    }
}

async fn listar(
    tx: &mut TenantTx,
    ctx: &Contexto,
    l: &Lista,
    completos: bool,
    x: &mut Xml,
) -> Result<Result<(), Erro>, WebError> {
    let (mut linhas, total) = registros::cabecalhos(
        tx,
        &l.intervalo,
        l.conjunto.as_deref(),
        l.apos,
        protocolo::POR_PAGINA + 1,
    )
    .await?;
    if linhas.is_empty() {
        return Ok(Err(Erro::sem_registros()));
    }
    let mais = linhas.len() as i64 > protocolo::POR_PAGINA;
    linhas.truncate(protocolo::POR_PAGINA as usize);
    let verbo = if completos {
        "ListRecords"
    } else {
        "ListIdentifiers"
    };
    x.abrir(verbo, &[]);
    registrosxml(tx, ctx, &linhas, completos.then_some(l.formato), x).await?;
    let total = total.to_string();
    let cursor = l.entregues.to_string();
    let entregues = l.entregues + linhas.len() as i64;
    match linhas.last() {
        Some(u) if mais => {
            let ultimo = Cursor {
                datestamp: u.datestamp,
                id: u.id,
            };
            let expira = datestamp(protocolo::expira(ctx.agora));
            x.elemento(
                "resumptionToken",
                &[
                    ("expirationDate", &expira),
                    ("completeListSize", &total),
                    ("cursor", &cursor),
                ],
                &protocolo::token(l, ultimo, entregues, ctx.agora),
            );
        }
        // The last page of a resumed list: an empty token says it is complete.
        _ if l.apos.is_some() => {
            x.vazio(
                "resumptionToken",
                &[("completeListSize", &total), ("cursor", &cursor)],
            );
        }
        _ => {}
    }
    x.fechar(verbo);
    Ok(Ok(()))
}

/// The headers (ListIdentifiers: `formato` None) or the records of `linhas`.
async fn registrosxml(
    tx: &mut TenantTx,
    ctx: &Contexto,
    linhas: &[Cabecalho],
    formato: Option<Formato>,
    x: &mut Xml,
) -> Result<(), WebError> {
    let vivas: Vec<Uuid> = linhas
        .iter()
        .filter(|c| !c.excluida)
        .map(|c| c.id)
        .collect();
    let (normas, relacoes) = match formato {
        Some(_) if !vivas.is_empty() => (
            registros::normas(tx, &vivas).await?,
            registros::relacoes(tx, &vivas).await?,
        ),
        _ => (Vec::new(), Vec::new()),
    };
    for c in linhas {
        let norma = normas.iter().find(|n| n.id == c.id);
        if formato.is_some() {
            x.abrir("record", &[]);
        }
        let identificador = protocolo::identificador(&ctx.namespace, c.id);
        let ds = datestamp(c.datestamp);
        if c.excluida {
            x.abrir("header", &[("status", "deleted")]);
        } else {
            x.abrir("header", &[]);
        }
        x.elemento("identifier", &[], &identificador)
            .elemento("datestamp", &[], &ds);
        if let Some(c) = &c.conjunto {
            x.elemento("setSpec", &[], &protocolo::set_spec(c));
        }
        x.fechar("header");
        if let (Some(f), Some(n)) = (formato, norma) {
            x.abrir("metadata", &[]);
            let feitas: Vec<_> = relacoes.iter().filter(|r| r.norma_id == n.id).collect();
            metadados(x, ctx, f, n, &feitas);
            x.fechar("metadata");
        }
        if formato.is_some() {
            x.fechar("record");
        }
    }
    Ok(())
}
