//! The câmara's institutional identity: name, contacts, colours, time zone, security.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::FUSOS_HORARIOS;
use domain::auth::Permissao;
use domain::documentos::formatar_cnpj;
use domain::identidade::IdentidadeForm;
use serde::Deserialize;
use store::camara::{self, CamaraConfig};

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::Form;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::shell::Shell;
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .admin_get("/admin/configuracoes", Permissao::ConfigVer, pagina)
        .admin_post("/admin/configuracoes", Permissao::ConfigGerir, salvar)
        .admin_post(
            "/admin/configuracoes/brasao",
            Permissao::ConfigGerir,
            brasao_enviar,
        )
        .get("/brasao.png", brasao)
        .get("/static/admin.js", script)
}

#[derive(Template, WebTemplate)]
#[template(path = "camara/configuracoes.html")]
struct Pagina {
    shell: Shell,
    f: Campos,
    fusos: &'static [&'static str],
    pode_gerir: bool,
    erros: Vec<String>,
    salvo: bool,
    tem_brasao: bool,
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
    Admin(mut tx, current, logado): Admin,
    crate::http::entrada::Query(q): crate::http::entrada::Query<SalvoQuery>,
) -> Result<Pagina, WebError> {
    let config = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
    Ok(Pagina {
        shell: Shell::new(&current, &logado, "/admin/configuracoes"),
        f: Campos::from(&config),
        fusos: &FUSOS_HORARIOS,
        pode_gerir: logado.sessao.usuario.papel.pode(Permissao::ConfigGerir),
        erros: Vec::new(),
        salvo: q.salvo.is_some(),
        tem_brasao: config.brasao_key.is_some(),
    })
}

async fn salvar(
    Admin(mut tx, current, logado): Admin,
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
                tem_brasao: camara::config(&mut tx)
                    .await?
                    .is_some_and(|c| c.brasao_key.is_some()),
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
        include_str!("../../../static/admin.js"),
    )
}

/// Receives a new brasão (multipart field `brasao`), checks and re-encodes it.
async fn brasao_enviar(
    State(state): State<crate::state::AppState>,
    Admin(mut tx, current, logado): Admin,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let grande = "O arquivo do brasão deve ter no máximo 2 MB.";
    let mut data = None;
    let mut falha = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("brasao") => match field.bytes().await {
                Ok(b) => data = Some(b),
                Err(e) => {
                    falha = Some(crate::http::corpo::erro_multipart(&e, grande));
                    break;
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                falha = Some(crate::http::corpo::erro_multipart(&e, grande));
                break;
            }
        }
    }
    let erro = |msg: String| -> Result<Response, WebError> {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Pagina {
                shell: Shell::new(&current, &logado, "/admin/configuracoes"),
                f: Campos::default(),
                fusos: &FUSOS_HORARIOS,
                pode_gerir: true,
                erros: vec![msg],
                salvo: false,
                tem_brasao: false,
            },
        )
            .into_response())
    };
    if let Some(msg) = falha {
        return erro(msg);
    }
    let Some(data) = data.filter(|d| !d.is_empty()) else {
        return erro("Escolha o arquivo do brasão.".into());
    };
    let png =
        match tokio::task::spawn_blocking(move || store::infra::arquivos::processar_brasao(&data))
            .await
        {
            Ok(Ok(png)) => png,
            Ok(Err(v)) => return erro(v.message),
            Err(_) => return erro("Não foi possível ler a imagem enviada.".into()),
        };
    camara::definir_brasao(&mut tx, &logado.autor, state.store.arquivos(), png).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/configuracoes?salvo=1").into_response())
}

/// The câmara's brasão (PNG), revalidated by ETag.
async fn brasao(
    State(state): State<crate::state::AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let config = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let key = config.brasao_key.ok_or(WebError::NotFound)?;
    let etag = format!("\"{}\"", key.rsplit('/').next().unwrap_or_default());
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, &key)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png".to_owned()),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
            (header::ETAG, etag),
        ],
        bytes,
    )
        .into_response())
}
