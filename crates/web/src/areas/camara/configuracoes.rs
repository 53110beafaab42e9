//! The câmara's institutional identity: name, contacts, colours, time zone, security.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::FUSOS_HORARIOS;
use domain::ValidationError;
use domain::auth::Permissao;
use domain::documentos::formatar_cnpj;
use domain::identidade::{self, IdentidadeForm};
use serde::Deserialize;
use store::camara::{self, CamaraConfig};

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::multiparte::{Multiparte, Retido};
use crate::kit::shell::Shell;
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .admin_get("/admin/configuracoes", Permissao::ConfigVer, pagina)
        .admin_post(
            "/admin/configuracoes",
            Permissao::ConfigGerir,
            salvar.layer(DefaultBodyLimit::max(FORM_MAX)),
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
    contraste: Option<Contraste>,
    retido: Option<Retido>,
}

/// The identity form's largest body: the brasão and room for the fields.
const FORM_MAX: usize = store::infra::arquivos::BRASAO_MAX_BYTES + 64 * 1024;

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

impl Campos {
    fn identidade(&self) -> IdentidadeForm {
        IdentidadeForm {
            nome: self.nome.clone(),
            endereco: self.endereco.clone(),
            cep: self.cep.clone(),
            cnpj: self.cnpj.clone(),
            telefones: self.telefones.clone(),
            email: self.email.clone(),
            horario_atendimento: self.horario_atendimento.clone(),
            cor_primaria: self.cor_primaria.clone(),
            cor_secundaria: self.cor_secundaria.clone(),
            fuso_horario: self.fuso_horario.clone(),
            exigir_2fa: self.exigir_2fa.is_some(),
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
        contraste: Contraste::de(&config.cor_primaria),
        retido: None,
    })
}

/// The one identity form (multipart: the fields and, optionally, a new brasão). Nothing is
/// saved unless everything is valid; a brasão that passed its checks is kept for the next
/// try when another field was refused.
async fn salvar(
    State(state): State<crate::state::AppState>,
    Admin(mut tx, current, logado): Admin,
    crate::http::corpo::Envio(mut mp): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let arquivos = state.store.arquivos();
    let tenant = current.tenant.id;
    let grande = "O brasão deve ter no máximo 2 MB; reduza a imagem e envie de novo.";
    let (f, identidade, mut erros, png, nome_arquivo) =
        match Multiparte::ler(&mut mp, &["brasao"], grande).await {
            Err(v) => (Campos::default(), None, vec![v], None, String::new()),
            Ok(mut envio) => {
                let f: Campos = envio.formulario()?;
                let (identidade, mut erros) = match f.identidade().validar() {
                    Ok(i) => (Some(i), Vec::new()),
                    Err(e) => (None, e),
                };
                let (png, nome) = match envio.arquivo("brasao") {
                    Some(a) => match processar_brasao(a.bytes).await {
                        Ok(png) => (Some(png), a.nome),
                        Err(v) => {
                            erros.push(v);
                            (None, String::new())
                        }
                    },
                    None => match Retido::retomar(arquivos, tenant, "brasao", &envio).await? {
                        Some(a) => (Some(a.bytes), a.nome),
                        None => (None, String::new()),
                    },
                };
                (f, identidade, erros, png, nome)
            }
        };
    if let (Some(identidade), true) = (identidade, erros.is_empty()) {
        camara::atualizar_identidade(&mut tx, &logado.autor, &identidade).await?;
        if let Some(png) = png {
            camara::definir_brasao(&mut tx, &logado.autor, arquivos, png).await?;
        }
        tx.commit().await?;
        return Ok(Redirect::to("/admin/configuracoes?salvo=1").into_response());
    }
    let retido = match png {
        Some(png) => {
            Some(Retido::guardar(arquivos, tenant, "brasao", "png", png, &nome_arquivo).await?)
        }
        None => None,
    };
    erros.sort_by_key(|e| e.field == "brasao");
    let tem_brasao = camara::config(&mut tx)
        .await?
        .is_some_and(|c| c.brasao_key.is_some());
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        Pagina {
            shell: Shell::new(&current, &logado, "/admin/configuracoes"),
            contraste: Contraste::de(&f.cor_primaria),
            f,
            fusos: &FUSOS_HORARIOS,
            pode_gerir: true,
            erros: erros.into_iter().map(|e| e.message).collect(),
            salvo: false,
            tem_brasao,
            retido,
        },
    )
        .into_response())
}

/// Checks and re-encodes a brasão off the async threads.
async fn processar_brasao(dados: Vec<u8>) -> Result<Vec<u8>, ValidationError> {
    match tokio::task::spawn_blocking(move || store::infra::arquivos::processar_brasao(&dados))
        .await
    {
        Ok(r) => r,
        Err(_) => Err(ValidationError::new(
            "brasao",
            "Não foi possível ler a imagem enviada.",
        )),
    }
}

/// How legible white text on the primary colour (and the primary colour on white) is.
struct Contraste {
    /// "7,2:1".
    razao: String,
    baixo: bool,
}

impl Contraste {
    fn de(cor: &str) -> Option<Self> {
        let r = identidade::contraste(cor, "#ffffff")?;
        Some(Self {
            razao: format!("{:.1}:1", (r * 10.0).floor() / 10.0).replace('.', ","),
            baixo: r < identidade::CONTRASTE_MINIMO,
        })
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
