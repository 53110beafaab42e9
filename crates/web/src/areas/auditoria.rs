//! Auditoria: the câmara's audit log, filtered by user, entity and dates.

use askama::Template;
use askama_web::WebTemplate;
use domain::auth::Permissao;
use serde::Deserialize;
use store::auditoria::{self, Filtro, Registro};

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::Query;
use crate::kit::formulario::{Erros, data_opt};
use crate::kit::shell::Shell;
use crate::routes::Routes;

const POR_PAGINA: i64 = 20;

pub fn routes() -> Routes {
    Routes::new().admin_get("/admin/auditoria", Permissao::AuditoriaVer, auditoria_lista)
}

#[derive(Template, WebTemplate)]
#[template(path = "auditoria/lista.html")]
struct AuditoriaPage {
    shell: Shell,
    registros: Vec<Registro>,
    entidades: Vec<String>,
    f_usuario: String,
    f_entidade: String,
    f_de: String,
    f_ate: String,
    /// The dates that could not be read (each one's message).
    erros: Erros,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
}

#[derive(Deserialize, Default)]
struct AuditoriaQuery {
    usuario: Option<String>,
    entidade: Option<String>,
    de: Option<String>,
    ate: Option<String>,
    pagina: Option<i64>,
}

async fn auditoria_lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<AuditoriaQuery>,
) -> Result<AuditoriaPage, WebError> {
    let trimmed = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    let (f_usuario, f_entidade, f_de, f_ate) = (
        trimmed(&q.usuario),
        trimmed(&q.entidade),
        trimmed(&q.de),
        trimmed(&q.ate),
    );
    // A date that cannot be read does not filter; both messages are shown.
    let mut erros = Erros::default();
    let de = erros.campo(data_opt("de", &f_de)).flatten();
    let ate = erros.campo(data_opt("ate", &f_ate)).flatten();
    let filtro = Filtro {
        usuario_email: (!f_usuario.is_empty()).then(|| f_usuario.to_lowercase()),
        entidade: (!f_entidade.is_empty()).then(|| f_entidade.clone()),
        de,
        ate,
    };
    let pagina = q.pagina.unwrap_or(1).max(1);
    let (registros, total) =
        auditoria::listar(&mut tx, &filtro, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let entidades = auditoria::entidades(&mut tx).await?;
    let query_base: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("usuario", &f_usuario)
        .append_pair("entidade", &f_entidade)
        .append_pair("de", &f_de)
        .append_pair("ate", &f_ate)
        .finish();
    Ok(AuditoriaPage {
        shell: Shell::new(&current, &logado, "/admin/auditoria"),
        registros,
        entidades,
        f_usuario,
        f_entidade,
        f_de,
        f_ate,
        erros,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
    })
}
