//! The deletion of a proposição created by mistake: only the last number of its scope,
//! with no history beyond the protocolo (its number goes back to the counter).

use axum::response::Response;
use store::proposicoes::editar::{self, Proposicao};

use super::pagina::alvo;
use super::{MENU, executar};
use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::entrada::Path;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::shell::Shell;

async fn confirmacao(
    tx: &mut store::TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    p: &Proposicao,
) -> Result<Confirmacao, WebError> {
    let c = Confirmacao::new(
        Shell::new(current, logado, MENU),
        "Excluir proposição",
        format!(
            "{} ({}) será excluída com seus autores, anexos e relações, e o número {} volta \
             à numeração. Esta ação não pode ser desfeita.",
            p.identificacao(),
            p.ementa,
            p.numero
        ),
        format!("/admin/proposicoes/{}/excluir", p.id),
        "Excluir proposição",
        format!("/admin/proposicoes/{}", p.id),
    );
    Ok(match editar::impedimento_exclusao(tx, p).await? {
        Some(m) => c.impedida(m),
        None => c,
    })
}

pub(super) async fn confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let p = alvo(&mut tx, &id).await?;
    confirmacao(&mut tx, &current, &logado, &p).await
}

pub(super) async fn excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let c = confirmacao(&mut tx, &current, &logado, &p).await?;
    let r = tx
        .tentar(async |tx| editar::excluir(tx, &logado.autor, p.id).await)
        .await;
    executar(tx, r, c, "/admin/proposicoes?aviso=excluida").await
}
