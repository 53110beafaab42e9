//! Conta: login, the câmara's users, two-factor login and password reset.

pub mod login;
pub mod segundo_fator;
pub mod senha;
pub mod senha_reset;
pub mod usuarios;

use domain::auth::Permissao;

use crate::routes::Routes;

/// The conta routes, with the admin's home page ([`crate::areas::camara::inicio`]) and the
/// audit log ([`crate::areas::auditoria`]) in the places the route table has always had them.
pub fn routes() -> Routes {
    use Permissao::*;
    Routes::new()
        .get("/admin/login", login::login_form)
        .post("/admin/login", login::login)
        .admin_post("/admin/sair", PainelVer, login::logout)
        .merge(crate::areas::camara::inicio::routes())
        .admin_get("/admin/senha", PainelVer, senha::senha_form)
        .admin_post("/admin/senha", PainelVer, senha::trocar_senha)
        .admin_get("/admin/usuarios", UsuarioVer, usuarios::usuarios_lista)
        .admin_post("/admin/usuarios", UsuarioGerir, usuarios::usuario_criar)
        .admin_get(
            "/admin/usuarios/{id}/{acao}",
            UsuarioGerir,
            usuarios::usuario_confirmar,
        )
        .admin_post(
            "/admin/usuarios/{id}/{acao}",
            UsuarioGerir,
            usuarios::usuario_acao,
        )
        .merge(crate::areas::auditoria::routes())
        .merge(segundo_fator::routes())
}
