//! One proposição's tramitação: where it is now, its history (corrections included), the
//! form of a new despacho (to one or several unidades), the receipt by the destination's
//! users, and the correction of a tramitação.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::TenantTx;
use store::tramitacao::{self, Correcao, Local, Registro, Resumo};
use uuid::Uuid;

use super::despacho::{FormDespacho, Opcoes, Pares, prazo, valor};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::CurrentTenant;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{Erros, escolha, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const MENU: &str = "/admin/tramitacao";

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/proposicao.html")]
pub(super) struct Pagina {
    shell: Shell,
    p: Resumo,
    locais: Vec<Local>,
    historico: Vec<Registro>,
    /// The unidades of the logged-in user (who may confirm a receipt).
    minhas: Vec<Uuid>,
    opcoes: Opcoes,
    form: FormDespacho,
    erros: Erros,
}

impl Pagina {
    fn pode_receber(&self, l: &Local) -> bool {
        !l.recebida && self.minhas.contains(&l.unidade_id)
    }
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Resumo, WebError> {
    tramitacao::resumo(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn montar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    p: Resumo,
    form: Option<FormDespacho>,
    erros: Erros,
) -> Result<Pagina, WebError> {
    let locais = tramitacao::onde_esta(tx, p.id).await?;
    let opcoes = Opcoes::carregar(tx).await?;
    let form = match form {
        Some(f) => f,
        None => {
            // From where it is now (the only place, or the Protocolo before its first despacho).
            let origem = match locais.as_slice() {
                [l] => Some(l.unidade_id),
                [] => opcoes
                    .unidades
                    .iter()
                    .find(|u| u.nome == "Protocolo")
                    .map(|u| u.id),
                _ => None,
            };
            FormDespacho {
                origem_id: origem.map(|u| u.to_string()).unwrap_or_default(),
                ..FormDespacho::default()
            }
        }
    };
    Ok(Pagina {
        shell: Shell::new(current, logado, MENU),
        historico: tramitacao::historico(tx, p.id).await?,
        minhas: tramitacao::do_usuario(tx, logado.sessao.usuario.id).await?,
        locais,
        opcoes,
        form,
        erros,
        p,
    })
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Pagina, WebError> {
    let p = alvo(&mut tx, &id).await?;
    montar(&mut tx, &current, &logado, p, None, Erros::default()).await
}

pub(super) async fn tramitar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(pares): Form<Pares>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let form = FormDespacho::de(&pares);
    let mut erros = Erros::default();
    if let Some(n) = form.dados(&mut erros) {
        match tx
            .tentar(async |tx| tramitacao::tramitar(tx, &logado.autor, p.id, &n).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/tramitacao/proposicoes/{}",
                    p.id
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let page = montar(&mut tx, &current, &logado, p, Some(form), erros).await?;
    Ok(invalido(page))
}

/// Where a receipt button goes back to: the inbox it was pressed in, or the proposição.
fn voltar(pares: &Pares, proposicao_id: Uuid) -> String {
    let v = valor(pares, "voltar");
    if v.starts_with("/admin/tramitacao/") && !v.contains("//") && !v.contains('\\') {
        v
    } else {
        format!("/admin/tramitacao/proposicoes/{proposicao_id}")
    }
}

pub(super) async fn receber(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(pares): Form<Pares>,
) -> Result<Response, WebError> {
    let tid = id_de(&id)?;
    let pid = tramitacao::proposicao_da(&mut tx, tid)
        .await?
        .ok_or(WebError::NotFound)?;
    let usuario = logado.sessao.usuario.id;
    match tx
        .tentar(async |tx| tramitacao::receber(tx, &logado.autor, usuario, tid).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&voltar(&pares, pid)))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let p = alvo(&mut tx, &pid.to_string()).await?;
            let page = montar(&mut tx, &current, &logado, p, None, erros).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/corrigir.html")]
pub(super) struct CorrigirPage {
    shell: Shell,
    p: Resumo,
    t: Registro,
    status: Vec<store::tramitacao::Status>,
    status_id: String,
    despacho: String,
    prazo_dias: String,
    prazo_data: String,
    motivo: String,
    erros: Erros,
}

/// The tramitação to correct (an original) and its proposição.
async fn tramitacao_alvo(tx: &mut TenantTx, id: &str) -> Result<(Resumo, Registro), WebError> {
    let tid = id_de(id)?;
    let pid = tramitacao::proposicao_da(tx, tid)
        .await?
        .ok_or(WebError::NotFound)?;
    let historico = tramitacao::historico(tx, pid).await?;
    let original = historico
        .iter()
        .find(|r| r.id == tid)
        .and_then(|r| r.corrige_id)
        .unwrap_or(tid);
    // The values to start from: those of the latest correction, else the original's.
    let atual = historico
        .iter()
        .rev()
        .find(|r| r.id == original || r.corrige_id == Some(original))
        .cloned()
        .ok_or(WebError::NotFound)?;
    let p = alvo(tx, &pid.to_string()).await?;
    Ok((
        p,
        Registro {
            id: original,
            ..atual
        },
    ))
}

pub(super) async fn corrigir_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<CorrigirPage, WebError> {
    let (p, t) = tramitacao_alvo(&mut tx, &id).await?;
    let status = tramitacao::listar_status(&mut tx, false).await?;
    let status_id = status
        .iter()
        .find(|s| s.nome == t.status)
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    Ok(CorrigirPage {
        shell: Shell::new(&current, &logado, MENU),
        status,
        status_id,
        despacho: t.despacho.clone(),
        prazo_dias: t.prazo_dias.map(|d| d.to_string()).unwrap_or_default(),
        prazo_data: match (t.prazo_dias, t.prazo) {
            (None, Some(d)) => d.br(),
            _ => String::new(),
        },
        motivo: String::new(),
        erros: Erros::default(),
        p,
        t,
    })
}

#[derive(Deserialize)]
pub(super) struct CorrecaoForm {
    #[serde(default)]
    status_id: String,
    #[serde(default)]
    despacho: String,
    #[serde(default)]
    prazo_dias: String,
    #[serde(default)]
    prazo_data: String,
    #[serde(default)]
    motivo: String,
}

pub(super) async fn corrigir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<CorrecaoForm>,
) -> Result<Response, WebError> {
    let (p, t) = tramitacao_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let status_id = erros.campo(escolha(
        "status_id",
        &f.status_id,
        "Escolha o status da tramitação.",
    ));
    let prazo = erros.campo(prazo(&f.prazo_dias, &f.prazo_data));
    if let (Some(status_id), Some(prazo)) = (status_id, prazo) {
        let c = Correcao {
            status_id,
            despacho: f.despacho.clone(),
            prazo,
            motivo: f.motivo.clone(),
        };
        match tx
            .tentar(async |tx| tramitacao::corrigir(tx, &logado.autor, t.id, &c).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/tramitacao/proposicoes/{}",
                    p.id
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let status = tramitacao::listar_status(&mut tx, false).await?;
    Ok(invalido(CorrigirPage {
        shell: Shell::new(&current, &logado, MENU),
        status,
        status_id: f.status_id,
        despacho: f.despacho,
        prazo_dias: f.prazo_dias,
        prazo_data: f.prazo_data,
        motivo: f.motivo,
        erros,
        p,
        t,
    }))
}
