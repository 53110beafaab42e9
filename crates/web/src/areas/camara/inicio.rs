//! The câmara's admin home page (`/admin`): the logged-in user's role and what it may do.

use askama::Template;
use askama_web::WebTemplate;
use domain::auth::{Papel, Permissao};

use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::formato::DataBr;
use crate::kit::shell::Shell;
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().admin_get("/admin", Permissao::PainelVer, painel)
}

#[derive(Template, WebTemplate)]
#[template(path = "camara/inicio.html")]
pub(super) struct Painel {
    shell: Shell,
    papel: Papel,
    permissoes: Vec<&'static str>,
    /// Prazos vencidos and vencendo of the user's unidades (store::tramitacao).
    prazos: Vec<store::tramitacao::PrazoAberto>,
}

pub(super) async fn painel(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
) -> Result<Painel, WebError> {
    let papel = logado.sessao.usuario.papel;
    Ok(Painel {
        shell: Shell::new(&current, &logado, "/admin"),
        papel,
        permissoes: papel.permissoes().iter().map(|p| p.as_str()).collect(),
        prazos: store::tramitacao::prazos_do_usuario(&mut tx, logado.sessao.usuario.id).await?,
    })
}
