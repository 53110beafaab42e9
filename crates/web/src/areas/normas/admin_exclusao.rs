//! The deletion of a norma, after a confirmation page: its text, vínculos and anexos go
//! with it and its OAI-PMH tombstone stays (`store::normas::oai::excluir`), so the LexML
//! harvester learns that it is gone.

use axum::response::Response;
use store::normas::consultas;

use super::admin::MENU;
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::Path;
use crate::http::tenant::Tx;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{id_de, redirecionar};
use crate::kit::shell::Shell;

pub(super) async fn confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let id = id_de(&id)?;
    let n = consultas::norma(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, MENU),
        "Excluir norma",
        format!(
            "A norma {} será excluída com o seu texto, os vínculos que fez ou recebeu e os anexos, e deixará de aparecer no portal e nos dados abertos; o provedor OAI-PMH informará a exclusão ao LexML. Esta ação não pode ser desfeita.",
            n.identificacao()
        ),
        format!("/admin/normas/{id}/excluir"),
        "Excluir",
        format!("/admin/normas/{id}"),
    ))
}

pub(super) async fn excluir(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    store::normas::oai::excluir(&mut tx, &logado.autor, id).await?;
    tx.commit().await?;
    Ok(redirecionar("/admin/normas?aviso=excluida"))
}
