//! The admin of the cargos of the mesa (Presidente, Vice-Presidente…).

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::mesa::{self, CargoMesa};

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::CurrentTenant;
use crate::kit::formulario::{Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

#[derive(Template, WebTemplate)]
#[template(path = "mesa/admin/cargos.html")]
pub(super) struct CargosPage {
    shell: Shell,
    cargos: Vec<CargoMesa>,
    erros: Erros,
    form_nome: String,
    form_ordem: String,
}

pub(super) async fn cargos_pagina(
    Admin(mut tx, current, logado): Admin,
) -> Result<CargosPage, WebError> {
    responder(Erros::default(), &mut tx, &current, &logado, None).await
}

#[derive(Deserialize)]
pub(super) struct CargoForm {
    #[serde(default)]
    nome: String,
    #[serde(default)]
    ordem: String,
    #[serde(default)]
    obrigatorio: Option<String>,
    #[serde(default)]
    ativo: Option<String>,
}

/// The ordem typed, or its message.
fn ordem_de(s: &str) -> Result<i32, domain::ValidationError> {
    s.trim()
        .parse()
        .map_err(|_| domain::ValidationError::new("ordem", "A ordem deve ser um número de 1 a 99."))
}

pub(super) async fn cargo_criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<CargoForm>,
) -> Result<Response, WebError> {
    let resultado = match ordem_de(&f.ordem) {
        Ok(ordem) => tx
            .tentar(async |tx| {
                mesa::criar_cargo(tx, &logado.autor, &f.nome, ordem, f.obrigatorio.is_some()).await
            })
            .await
            .map(|_| ()),
        Err(v) => Err(store::Error::Validation(v)),
    };
    cargo_resposta(tx, current, logado, resultado, Some(f)).await
}

pub(super) async fn cargo_editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<CargoForm>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    mesa::cargo(&mut tx, id).await?.ok_or(WebError::NotFound)?;
    let resultado = match ordem_de(&f.ordem) {
        Ok(ordem) => tx
            .tentar(async |tx| {
                mesa::editar_cargo(
                    tx,
                    &logado.autor,
                    id,
                    &f.nome,
                    ordem,
                    f.obrigatorio.is_some(),
                    f.ativo.is_some(),
                )
                .await
            })
            .await
            .map(|_| ()),
        Err(v) => Err(store::Error::Validation(v)),
    };
    // An edit's values stay in its row; the "new cargo" form stays empty.
    cargo_resposta(tx, current, logado, resultado, None).await
}

async fn cargo_resposta(
    mut tx: TenantTx,
    current: CurrentTenant,
    logado: Logado,
    resultado: Result<(), store::Error>,
    novo: Option<CargoForm>,
) -> Result<Response, WebError> {
    match resultado {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/mesa/cargos"))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let page = responder(erros, &mut tx, &current, &logado, novo).await?;
            Ok(invalido(page))
        }
    }
}

/// The page with the cargos, the messages and the "new cargo" form as typed.
async fn responder(
    erros: Erros,
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    novo: Option<CargoForm>,
) -> Result<CargosPage, WebError> {
    let (form_nome, form_ordem) = novo.map(|f| (f.nome, f.ordem)).unwrap_or_default();
    Ok(CargosPage {
        shell: Shell::new(current, logado, "/admin/mesa"),
        cargos: mesa::cargos(tx, true).await?,
        erros,
        form_nome,
        form_ordem,
    })
}
