//! The tramitação's home (`/admin/tramitacao`): the user's unidades with what waits in each,
//! their prazos, and the way to the other screens.

use askama::Template;
use askama_web::WebTemplate;
use store::tramitacao::{self, PrazoAberto, Unidade};

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::kit::formato::DataBr;
use crate::kit::shell::Shell;

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/inicio.html")]
pub(super) struct Pagina {
    shell: Shell,
    /// The user's unidades, each with how many tramitações wait for its receipt.
    minhas: Vec<(Unidade, i64)>,
    prazos: Vec<PrazoAberto>,
}

pub(super) async fn pagina(Admin(mut tx, current, logado): Admin) -> Result<Pagina, WebError> {
    let usuario = logado.sessao.usuario.id;
    let mut minhas = Vec::new();
    for id in tramitacao::do_usuario(&mut tx, usuario).await? {
        if let Some(u) = tramitacao::por_id(&mut tx, id).await? {
            let (_, n) = tramitacao::caixa(&mut tx, id, 1, 0).await?;
            minhas.push((u, n));
        }
    }
    minhas.sort_by(|a, b| a.0.nome.cmp(&b.0.nome));
    Ok(Pagina {
        shell: Shell::new(&current, &logado, "/admin/tramitacao"),
        minhas,
        prazos: tramitacao::prazos_do_usuario(&mut tx, usuario).await?,
    })
}
