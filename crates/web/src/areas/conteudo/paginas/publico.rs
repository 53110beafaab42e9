//! Páginas institucionais: admin editing with attachments, public pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::ValidationError;
use domain::auth::Permissao;
use serde::Deserialize;
use store::TenantTx;
use store::conteudo::paginas::{self, Anexo, NovoAnexo, Pagina, PaginaForm};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::portal::Portal;
use crate::kit::shell::Shell;
use crate::routes::Routes;
use crate::state::AppState;

/// The attachment form's limit: the 20 MB file and its title.
const ANEXO_FORM_MAX: usize = paginas::ANEXO_MAX_BYTES + 64 * 1024;

pub fn routes() -> Routes {
    use Permissao::NoticiaPublicar as P;
    Routes::new()
        .get("/institucional", indice)
        .get("/institucional/{slug}", pagina)
        .get("/institucional/anexos/{id}", anexo_publico)
        .admin_get("/admin/paginas", P, admin_lista)
        .admin_get("/admin/paginas/nova", P, admin_nova)
        .admin_post("/admin/paginas", P, admin_criar)
        .admin_get("/admin/paginas/{id}", P, admin_editar)
        .admin_post("/admin/paginas/{id}", P, admin_salvar)
        .admin_get("/admin/paginas/{id}/previa", P, admin_previa)
        .admin_get("/admin/paginas/{id}/excluir", P, admin_confirmar_exclusao)
        .admin_post("/admin/paginas/{id}/excluir", P, admin_excluir)
        .admin_post(
            "/admin/paginas/{id}/anexos",
            P,
            admin_anexo_enviar.layer(DefaultBodyLimit::max(ANEXO_FORM_MAX)),
        )
        .admin_get("/admin/paginas/anexos/{id}", P, admin_anexo)
        .admin_get(
            "/admin/paginas/anexos/{id}/excluir",
            P,
            admin_anexo_confirmar,
        )
        .admin_post("/admin/paginas/anexos/{id}/excluir", P, admin_anexo_excluir)
}

// ---------------------------------------------------------------- public pages

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/paginas/indice.html")]
struct Indice {
    portal: Portal,
    paginas: Vec<Pagina>,
}

async fn indice(Tx(mut tx): Tx, jar: CookieJar) -> Result<Indice, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let paginas = paginas::listar(&mut tx, true).await?;
    tx.commit().await?;
    Ok(Indice { portal, paginas })
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/paginas/pagina.html")]
struct PaginaPublica {
    portal: Portal,
    p: Pagina,
    corpo: String,
    anexos: Vec<Anexo>,
    /// The other published pages (navigation).
    outras: Vec<Pagina>,
    /// Attachments are linked to the admin route in a preview.
    previa: bool,
}

async fn pagina(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(slug): Path<String>,
) -> Result<PaginaPublica, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let p = paginas::por_slug(&mut tx, &slug, true)
        .await?
        .ok_or(WebError::NotFound)?;
    let anexos = paginas::anexos(&mut tx, p.id).await?;
    let outras = paginas::listar(&mut tx, true).await?;
    tx.commit().await?;
    Ok(PaginaPublica {
        portal,
        corpo: domain::texto::markdown_seguro(&p.corpo),
        p,
        anexos,
        outras,
        previa: false,
    })
}

async fn servir_anexo(
    state: &AppState,
    current: &CurrentTenant,
    a: &Anexo,
    privado: bool,
) -> Result<Response, WebError> {
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, &a.arquivo_key)
        .await?
        .ok_or(WebError::NotFound)?;
    // PDFs and images open in the browser; office files download.
    let disposicao = if a.content_type == "application/pdf" || a.content_type.starts_with("image/")
    {
        "inline"
    } else {
        "attachment"
    };
    Ok((
        [
            (header::CONTENT_TYPE, a.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao(disposicao, &a.nome_arquivo),
            ),
            (
                header::CACHE_CONTROL,
                if privado {
                    "private, no-store".to_owned()
                } else {
                    "public, max-age=300".to_owned()
                },
            ),
        ],
        bytes,
    )
        .into_response())
}

/// An attachment of a published page (an unpublished page's are not served).
async fn anexo_publico(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let (a, publicada) = paginas::anexo(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    if !publicada {
        return Err(WebError::NotFound);
    }
    servir_anexo(&state, &current, &a, false).await
}

// ---------------------------------------------------------------- admin

#[derive(Deserialize, Default)]
struct SalvoQuery {
    salvo: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/paginas/lista.html")]
struct AdminLista {
    shell: Shell,
    paginas: Vec<Pagina>,
    salvo: bool,
}

async fn admin_lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<SalvoQuery>,
) -> Result<AdminLista, WebError> {
    let paginas = paginas::listar(&mut tx, false).await?;
    Ok(AdminLista {
        shell: Shell::new(&current, &logado, "/admin/paginas"),
        paginas,
        salvo: q.salvo.is_some(),
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Campos {
    #[serde(default)]
    titulo: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    corpo: String,
    #[serde(default)]
    publicada: Option<String>,
    #[serde(default)]
    ordem: String,
}

impl From<&Pagina> for Campos {
    fn from(p: &Pagina) -> Self {
        Self {
            titulo: p.titulo.clone(),
            slug: p.slug.clone(),
            corpo: p.corpo.clone(),
            publicada: p.publicada.then(|| "1".to_owned()),
            ordem: p.ordem.to_string(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/paginas/form.html")]
struct FormPage {
    shell: Shell,
    pagina: Option<Pagina>,
    anexos: Vec<Anexo>,
    f: Campos,
    erros: Vec<ValidationError>,
    /// Problems of the attachment upload.
    erros_anexo: Vec<String>,
    salvo: bool,
}

impl FormPage {
    fn erro(&self, campo: &str) -> String {
        self.erros
            .iter()
            .filter(|e| e.field == campo)
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

async fn admin_nova(current: CurrentTenant, logado: Logado) -> FormPage {
    FormPage {
        shell: Shell::new(&current, &logado, "/admin/paginas"),
        pagina: None,
        anexos: Vec::new(),
        f: Campos::default(),
        erros: Vec::new(),
        erros_anexo: Vec::new(),
        salvo: false,
    }
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Pagina, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    paginas::por_id(tx, id).await?.ok_or(WebError::NotFound)
}

async fn admin_editar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Query(q): Query<SalvoQuery>,
) -> Result<FormPage, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let anexos = paginas::anexos(&mut tx, p.id).await?;
    Ok(FormPage {
        shell: Shell::new(&current, &logado, "/admin/paginas"),
        f: Campos::from(&p),
        pagina: Some(p),
        anexos,
        erros: Vec::new(),
        erros_anexo: Vec::new(),
        salvo: q.salvo.is_some(),
    })
}

fn form_de(c: &Campos) -> PaginaForm {
    PaginaForm {
        titulo: c.titulo.clone(),
        slug: c.slug.clone(),
        corpo: c.corpo.clone(),
        publicada: c.publicada.is_some(),
        ordem: c.ordem.clone(),
    }
}

/// Shows the form again with its messages, reading the page in the request's own
/// transaction (a refused write ran behind [`TenantTx::tentar`]'s savepoint).
async fn de_novo(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Option<Uuid>,
    f: Campos,
    erros: Vec<ValidationError>,
    erros_anexo: Vec<String>,
) -> Result<Response, WebError> {
    let (pagina, anexos) = match id {
        Some(id) => {
            let p = paginas::por_id(tx, id).await?;
            let a = paginas::anexos(tx, id).await?;
            (p, a)
        }
        None => (None, Vec::new()),
    };
    let f = if erros.is_empty() {
        pagina.as_ref().map(Campos::from).unwrap_or(f)
    } else {
        f
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        FormPage {
            shell: Shell::new(current, logado, "/admin/paginas"),
            pagina,
            anexos,
            f,
            erros,
            erros_anexo,
            salvo: false,
        },
    )
        .into_response())
}

async fn admin_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<Campos>,
) -> Result<Response, WebError> {
    let r = match form_de(&f).validar() {
        Ok(v) => tx
            .tentar(async |tx| paginas::criar(tx, &logado.autor, &v).await)
            .await
            .map_err(|e| match e {
                store::Error::Validation(v) => Ok(vec![v]),
                e => Err(e),
            }),
        Err(es) => Err(Ok(es)),
    };
    match r {
        Ok(p) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/paginas/{}?salvo=1", p.id)).into_response())
        }
        Err(Ok(erros)) => de_novo(&mut tx, &current, &logado, None, f, erros, Vec::new()).await,
        Err(Err(e)) => Err(e.into()),
    }
}

async fn admin_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<Campos>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let r = match form_de(&f).validar() {
        Ok(v) => tx
            .tentar(async |tx| paginas::atualizar(tx, &logado.autor, p.id, &v).await)
            .await
            .map_err(|e| match e {
                store::Error::Validation(v) => Ok(vec![v]),
                e => Err(e),
            }),
        Err(es) => Err(Ok(es)),
    };
    match r {
        Ok(p) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/paginas/{}?salvo=1", p.id)).into_response())
        }
        Err(Ok(erros)) => {
            de_novo(&mut tx, &current, &logado, Some(p.id), f, erros, Vec::new()).await
        }
        Err(Err(e)) => Err(e.into()),
    }
}

async fn admin_previa(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<PaginaPublica, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let anexos = paginas::anexos(&mut tx, p.id).await?;
    let outras = paginas::listar(&mut tx, true).await?;
    tx.commit().await?;
    Ok(PaginaPublica {
        portal,
        corpo: domain::texto::markdown_seguro(&p.corpo),
        p,
        anexos,
        outras,
        previa: true,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/noticias/confirmar.html")]
struct Confirmar {
    shell: Shell,
    titulo: String,
    texto: String,
    acao: String,
    botao: &'static str,
    voltar: String,
}

async fn admin_confirmar_exclusao(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let p = alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/paginas"),
        titulo: "Excluir página".into(),
        texto: format!(
            "A página \"{}\" (/institucional/{}) e seus anexos serão excluídos. Esta ação não pode ser desfeita.",
            p.titulo, p.slug
        ),
        acao: format!("/admin/paginas/{}/excluir", p.id),
        botao: "Excluir",
        voltar: format!("/admin/paginas/{}", p.id),
    })
}

async fn admin_excluir(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    paginas::excluir(&mut tx, &logado.autor, p.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/paginas?salvo=1").into_response())
}

/// Receives an attachment (multipart: `titulo`, `arquivo`).
async fn admin_anexo_enviar(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let grande = "O anexo deve ter no máximo 20 MB.";
    let mut titulo = String::new();
    let mut arquivo: Option<(String, Vec<u8>)> = None;
    let mut erros = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let nome = field.name().unwrap_or_default().to_owned();
                if nome == "arquivo" {
                    let nome_arquivo = field.file_name().unwrap_or("anexo").to_owned();
                    match field.bytes().await {
                        Ok(b) => arquivo = Some((nome_arquivo, b.to_vec())),
                        Err(e) => {
                            erros.push(crate::http::corpo::erro_multipart(&e, grande));
                            break;
                        }
                    }
                } else if nome == "titulo" {
                    match field.bytes().await {
                        Ok(b) => match crate::http::corpo::texto_do_campo(&b) {
                            Ok(t) => titulo = t,
                            Err(m) => erros.push(m),
                        },
                        Err(e) => {
                            erros.push(crate::http::corpo::erro_multipart(&e, grande));
                            break;
                        }
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                erros.push(crate::http::corpo::erro_multipart(&e, grande));
                break;
            }
        }
    }
    let titulo_ok = match paginas::validar_titulo_anexo(&titulo) {
        Ok(t) => Some(t),
        Err(e) => {
            erros.push(e.message);
            None
        }
    };
    let verificado = match arquivo {
        Some((nome, dados)) if erros.is_empty() => {
            match tokio::task::spawn_blocking(move || {
                paginas::verificar_anexo(&nome, dados).map(|v| (nome, v))
            })
            .await
            {
                Ok(Ok(v)) => Some(v),
                Ok(Err(e)) => {
                    erros.push(e.message);
                    None
                }
                Err(_) => {
                    erros.push("Não foi possível ler o arquivo enviado.".into());
                    None
                }
            }
        }
        Some(_) => None,
        None => {
            erros.push("Escolha o arquivo a anexar.".into());
            None
        }
    };
    let (Some(titulo), Some((nome, v)), true) = (titulo_ok, verificado, erros.is_empty()) else {
        return de_novo(
            &mut tx,
            &current,
            &logado,
            Some(p.id),
            Campos::default(),
            Vec::new(),
            erros,
        )
        .await;
    };
    let tamanho = v.dados.len() as i64;
    let key = state
        .store
        .arquivos()
        .guardar(tx.tenant_id(), "paginas", v.ext, v.dados)
        .await?;
    paginas::adicionar_anexo(
        &mut tx,
        &logado.autor,
        p.id,
        &NovoAnexo {
            titulo,
            nome_arquivo: nome,
            arquivo_key: key,
            content_type: v.content_type.to_owned(),
            tamanho,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/paginas/{}?salvo=1", p.id)).into_response())
}

async fn anexo_alvo(tx: &mut TenantTx, id: &str) -> Result<Anexo, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    Ok(paginas::anexo(tx, id).await?.ok_or(WebError::NotFound)?.0)
}

/// Any attachment, the unpublished pages' included, for editors.
async fn admin_anexo(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = anexo_alvo(&mut tx, &id).await?;
    tx.commit().await?;
    servir_anexo(&state, &current, &a, true).await
}

async fn admin_anexo_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let a = anexo_alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/paginas"),
        titulo: "Excluir anexo".into(),
        texto: format!(
            "O anexo \"{}\" ({}) será retirado da página. Esta ação não pode ser desfeita.",
            a.titulo, a.nome_arquivo
        ),
        acao: format!("/admin/paginas/anexos/{}/excluir", a.id),
        botao: "Excluir anexo",
        voltar: format!("/admin/paginas/{}", a.pagina_id),
    })
}

async fn admin_anexo_excluir(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = anexo_alvo(&mut tx, &id).await?;
    paginas::remover_anexo(&mut tx, &logado.autor, a.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/paginas/{}?salvo=1", a.pagina_id)).into_response())
}
