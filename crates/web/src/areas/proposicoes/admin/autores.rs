//! The autores of a proposição: a coautor added (with the date of subscription), one made
//! primeiro autor, a coautor removed after confirmation (never the primeiro autor).

use axum::response::Response;
use store::TenantTx;
use store::proposicoes::autores::{self, Autoria};

use super::lista::LinhaAutor;
use super::pagina::{Secao, alvo, de_novo};
use super::{MENU, Pares, executar, para_proposicao};
use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::entrada::{Form, Path};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, redirecionar};
use crate::kit::shell::Shell;

pub(super) async fn adicionar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(pares): Form<Pares>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let l = LinhaAutor::ler(&pares, 1, "autor_");
    let hoje = store::camara::hoje(&mut tx).await?;
    let mut erros = Erros::default();
    let novo = l.validar("autor", hoje, &mut erros);
    let r = match novo {
        Some(a) if erros.vazio() => {
            tx.tentar(async |tx| autores::adicionar(tx, &logado.autor, p.id, &a).await)
                .await
        }
        _ => return de_novo(&mut tx, &current, &logado, p.id, Secao::Autor(l, erros)).await,
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&para_proposicao(p.id, "autor")))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            de_novo(&mut tx, &current, &logado, p.id, Secao::Autor(l, erros)).await
        }
    }
}

async fn autoria(tx: &mut TenantTx, id: &str) -> Result<Autoria, WebError> {
    autores::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

/// Makes a coautor the primeiro autor.
pub(super) async fn primeiro(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = autoria(&mut tx, &id).await?;
    autores::tornar_primeiro(&mut tx, &logado.autor, a.id).await?;
    tx.commit().await?;
    Ok(redirecionar(&para_proposicao(a.proposicao_id, "autor")))
}

fn confirmacao(current: &CurrentTenant, logado: &Logado, a: &Autoria) -> Confirmacao {
    let c = Confirmacao::new(
        Shell::new(current, logado, MENU),
        "Remover coautor",
        format!("{} deixará de ser coautor da proposição.", a.nome),
        format!("/admin/proposicoes/autores/{}/excluir", a.id),
        "Remover coautor",
        format!("/admin/proposicoes/{}", a.proposicao_id),
    );
    match autores::impedimento_remocao(a) {
        Some(m) => c.impedida(m),
        None => c,
    }
}

pub(super) async fn confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let a = autoria(&mut tx, &id).await?;
    Ok(confirmacao(&current, &logado, &a))
}

pub(super) async fn remover(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = autoria(&mut tx, &id).await?;
    let c = confirmacao(&current, &logado, &a);
    let r = tx
        .tentar(async |tx| autores::remover(tx, &logado.autor, a.id).await)
        .await;
    executar(tx, r, c, &para_proposicao(a.proposicao_id, "autor")).await
}
