//! The câmara as a LexML provider (`/admin/normas/lexml`, `norma.gerir`): the OAI-PMH base
//! address to give Prodasen, and the publisher id (`idPublicador`) Prodasen assigns, which
//! the records' Items carry. Until it is recorded the Items carry the IBGE code.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use store::normas::oai;

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Query};
use crate::http::origem;
use crate::kit::formulario::{Erros, inteiro_opt, invalido, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

const CAMINHO: &str = "/admin/normas/lexml";

#[derive(Template, WebTemplate)]
#[template(path = "normas/admin/lexml.html")]
pub(super) struct Pagina {
    shell: Shell,
    base_oai: String,
    codigo_ibge: i32,
    /// As recorded, or as typed after a refusal.
    id_publicador: String,
    registrado: bool,
    erros: Erros,
    salvo: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct SalvoQuery {
    salvo: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct LexmlForm {
    #[serde(default)]
    id_publicador: String,
}

pub(super) async fn pagina(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<SalvoQuery>,
) -> Result<Pagina, WebError> {
    let id = oai::id_publicador(&mut tx).await?;
    Ok(Pagina {
        base_oai: format!("{}/oai", origem::da_camara(&state, &current)),
        codigo_ibge: current.tenant.codigo_ibge,
        id_publicador: id.map(|n| n.to_string()).unwrap_or_default(),
        registrado: id.is_some(),
        shell: Shell::new(&current, &logado, "/admin/normas"),
        erros: Erros::default(),
        salvo: q.salvo.is_some(),
    })
}

pub(super) async fn salvar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<LexmlForm>,
) -> Result<Response, WebError> {
    let lido = inteiro_opt(
        "id_publicador",
        &f.id_publicador,
        "O identificador do publicador deve ser um número inteiro, como o que o Prodasen informou no registro.",
    );
    let erros = match lido {
        Ok(id) => match tx
            .tentar(async |tx| oai::definir_id_publicador(tx, &logado.autor, id).await)
            .await
        {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("{CAMINHO}?salvo=1")));
            }
            Err(e) => Erros::do_store(e)?,
        },
        Err(e) => Erros::de_lista(vec![e]),
    };
    let registrado = oai::id_publicador(&mut tx).await?.is_some();
    Ok(invalido(Pagina {
        base_oai: format!("{}/oai", origem::da_camara(&state, &current)),
        codigo_ibge: current.tenant.codigo_ibge,
        id_publicador: f.id_publicador,
        registrado,
        shell: Shell::new(&current, &logado, "/admin/normas"),
        erros,
        salvo: false,
    }))
}
