//! The secretaria opens and closes a parecer's electronic vote (`tramitacao.gerir`): the
//! members vote from their own accounts (`minhas`), and closing counts the votes with the
//! same rule as the paper form (`store::comissoes::participacao::encerrar`).

use axum::response::Response;
use store::camara;
use store::comissoes::participacao;

use super::materias::{MENU, campo};
use super::pareceres::{pagina_parecer, parecer_alvo};
use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Path};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{self, Erros, invalido, redirecionar};
use crate::kit::shell::Shell;

fn caminho(parecer: uuid::Uuid) -> String {
    format!("/admin/comissoes/pareceres/{parecer}")
}

/// Opens the electronic vote on `data` (the members serving that day vote).
pub(super) async fn abrir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let x = parecer_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let data = match campo(&campos, "data").trim() {
        "" => Some(camara::hoje(&mut tx).await?),
        d => erros.campo(formulario::data("data", d)),
    };
    if let Some(data) = data {
        match tx
            .tentar(async |tx| participacao::abrir(tx, &logado.autor, x.id, data).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&caminho(x.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_parecer(&mut tx, &current, &logado, x, None).await?;
    page.erros_eletronica = erros;
    Ok(invalido(page))
}

fn confirmar_encerrar(shell: Shell, x: &store::comissoes::pareceres::Parecer) -> Confirmacao {
    Confirmacao::new(
        shell,
        format!("Encerrar a votação do parecer da {}", x.comissao_sigla),
        "Ao encerrar, ninguém mais vota: os votos dados são apurados (quem não votou conta \
         como ausente) e o resultado fica registrado. Sem quórum, nada se decide e a votação \
         pode ser aberta de novo.",
        format!("{}/votacao-eletronica/encerrar", caminho(x.id)),
        "Encerrar e apurar",
        caminho(x.id),
    )
}

pub(super) async fn encerrar_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let x = parecer_alvo(&mut tx, &id).await?;
    let c = confirmar_encerrar(Shell::new(&current, &logado, MENU), &x);
    Ok(match participacao::aberta(&mut tx, x.id).await? {
        Some(_) => c,
        None => c.impedida("A votação eletrônica deste parecer não está aberta."),
    })
}

/// Closes the electronic vote and records the count.
pub(super) async fn encerrar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let x = parecer_alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| participacao::encerrar(tx, &logado.autor, x.id).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&caminho(x.id)))
        }
        Err(e) => confirmar_encerrar(Shell::new(&current, &logado, MENU), &x).recusada(e),
    }
}
