//! The câmara's admin home page (`/admin`): the logged-in user's role and what it may do.

use askama::Template;
use askama_web::WebTemplate;
use domain::auth::{Papel, Permissao};

use crate::http::auth::Logado;
use crate::http::tenant::CurrentTenant;
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
}

pub(super) async fn painel(current: CurrentTenant, logado: Logado) -> Painel {
    let papel = logado.sessao.usuario.papel;
    Painel {
        shell: Shell::new(&current, &logado, "/admin"),
        papel,
        permissoes: papel.permissoes().iter().map(|p| p.as_str()).collect(),
    }
}
