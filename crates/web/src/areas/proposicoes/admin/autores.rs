//! The autores of a proposição: a coautor added (with the date of subscription), one made
//! primeiro autor, a coautor removed after confirmation (never the primeiro autor).

use axum::response::Response;
use store::TenantTx;
use store::auditoria::Autor;
use store::proposicoes::autores::{self, Autoria};
use uuid::Uuid;

use super::lista::LinhaAutor;
use super::pagina::{Secao, alvo, de_novo};
use super::{Pares, para_proposicao};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::Tx;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, redirecionar};
use crate::kit::shell::Shell;

pub(super) async fn adicionar(
    Admin(mut tx, current, logado): Admin,
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

impl super::Destrutiva for Autoria {
    async fn buscar(tx: &mut TenantTx, id: Uuid) -> store::Result<Option<Self>> {
        autores::por_id(tx, id).await
    }

    async fn confirmacao(&self, _: &mut TenantTx, shell: Shell) -> Result<Confirmacao, WebError> {
        let c = Confirmacao::new(
            shell,
            "Remover coautor",
            format!("{} deixará de ser coautor da proposição.", self.nome),
            format!("/admin/proposicoes/autores/{}/excluir", self.id),
            "Remover coautor",
            format!("/admin/proposicoes/{}", self.proposicao_id),
        );
        Ok(match autores::impedimento_remocao(self) {
            Some(m) => c.impedida(m),
            None => c,
        })
    }

    async fn fazer(&self, tx: &mut TenantTx, autor: &Autor) -> store::Result<()> {
        autores::remover(tx, autor, self.id).await.map(|_| ())
    }

    fn depois(&self) -> String {
        para_proposicao(self.proposicao_id, "autor")
    }
}
