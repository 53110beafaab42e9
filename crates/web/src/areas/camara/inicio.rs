//! The câmara's admin home page (`/admin`): what the logged-in user has to do today, one
//! card per area their role's permissions open (`cartoes`), and a link to the portal.

use askama::Template;
use askama_web::WebTemplate;
use domain::auth::{Papel, Permissao};

use super::cartoes::{self, Para, Quadro};
use crate::error::WebError;
use crate::http::auth::Admin;
use crate::kit::formato::NumBr;
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
    cartoes: Vec<Quadro>,
}

pub(super) async fn painel(Admin(mut tx, current, logado): Admin) -> Result<Painel, WebError> {
    let papel = logado.sessao.usuario.papel;
    let para = Para {
        papel,
        usuario_id: logado.sessao.usuario.id,
    };
    Ok(Painel {
        shell: Shell::new(&current, &logado, "/admin"),
        papel,
        cartoes: cartoes::cartoes(&mut tx, &para).await?,
    })
}
