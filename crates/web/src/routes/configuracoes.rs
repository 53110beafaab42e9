//! The câmara's institutional identity: name, contacts, colours, time zone, security.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::FUSOS_HORARIOS;
use domain::auth::Permissao;
use domain::identidade::{IdentidadeForm, formatar_cnpj};
use serde::Deserialize;
use store::camara::{self, CamaraConfig};

use super::Routes;
use super::admin::Shell;
use crate::auth::Logado;
use crate::error::WebError;
use crate::tenant::{CurrentTenant, Tx};

pub fn routes() -> Routes {
    Routes::new()
        .admin_get("/admin/configuracoes", Permissao::ConfigVer, pagina)
        .admin_post("/admin/configuracoes", Permissao::ConfigGerir, salvar)
        .get("/static/admin.js", script)
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/configuracoes.html")]
struct Pagina {
    shell: Shell,
    f: Campos,
    fusos: &'static [&'static str],
    pode_gerir: bool,
    erros: Vec<String>,
    salvo: bool,
}

/// The form's values as typed (or as stored).
#[derive(Debug, Clone, Default, Deserialize)]
struct Campos {
    nome: String,
    endereco: String,
    cep: String,
    cnpj: String,
    telefones: String,
    email: String,
    horario_atendimento: String,
    cor_primaria: String,
    cor_secundaria: String,
    fuso_horario: String,
    #[serde(default)]
    exigir_2fa: Option<String>,
}

impl From<&CamaraConfig> for Campos {
    fn from(c: &CamaraConfig) -> Self {
        Self {
            nome: c.nome.clone(),
            endereco: c.endereco.clone(),
            cep: c.cep.clone(),
            cnpj: formatar_cnpj(&c.cnpj),
            telefones: c.telefones.join("\n"),
            email: c.email.clone(),
            horario_atendimento: c.horario_atendimento.clone(),
            cor_primaria: c.cor_primaria.clone(),
            cor_secundaria: c.cor_secundaria.clone(),
            fuso_horario: c.fuso_horario.clone(),
            exigir_2fa: c.exigir_2fa.then(|| "on".to_owned()),
        }
    }
}

#[derive(Deserialize)]
struct SalvoQuery {
    salvo: Option<String>,
}

async fn pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    axum::extract::Query(q): axum::extract::Query<SalvoQuery>,
) -> Result<Pagina, WebError> {
    let config = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
    Ok(Pagina {
        shell: Shell::new(&current, &logado, "/admin/configuracoes"),
        f: Campos::from(&config),
        fusos: &FUSOS_HORARIOS,
        pode_gerir: logado.sessao.usuario.papel.pode(Permissao::ConfigGerir),
        erros: Vec::new(),
        salvo: q.salvo.is_some(),
    })
}

async fn salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<Campos>,
) -> Result<Response, WebError> {
    let form = IdentidadeForm {
        nome: f.nome.clone(),
        endereco: f.endereco.clone(),
        cep: f.cep.clone(),
        cnpj: f.cnpj.clone(),
        telefones: f.telefones.clone(),
        email: f.email.clone(),
        horario_atendimento: f.horario_atendimento.clone(),
        cor_primaria: f.cor_primaria.clone(),
        cor_secundaria: f.cor_secundaria.clone(),
        fuso_horario: f.fuso_horario.clone(),
        exigir_2fa: f.exigir_2fa.is_some(),
    };
    match form.validar() {
        Ok(identidade) => {
            camara::atualizar_identidade(&mut tx, &logado.autor, &identidade).await?;
            tx.commit().await?;
            Ok(Redirect::to("/admin/configuracoes?salvo=1").into_response())
        }
        Err(erros) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Pagina {
                shell: Shell::new(&current, &logado, "/admin/configuracoes"),
                f,
                fusos: &FUSOS_HORARIOS,
                pode_gerir: true,
                erros: erros.into_iter().map(|e| e.message).collect(),
                salvo: false,
            },
        )
            .into_response()),
    }
}

/// Progressive enhancement of the admin (live preview of the colours).
async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/admin.js"),
    )
}
