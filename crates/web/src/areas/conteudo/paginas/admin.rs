//! Páginas' admin: the list, the form, the preview, the deletion, and the attachments
//! (upload, download by editors, removal).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::TenantTx;
use store::conteudo::paginas::{self, Anexo, NovoAnexo, Pagina, PaginaForm};
use uuid::Uuid;

use super::publico::{PaginaPublica, servir_anexo};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::anexo::{AnexoEnviado, FormAnexo};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub(super) struct SalvoQuery {
    salvo: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/paginas/lista.html")]
pub(super) struct AdminLista {
    shell: Shell,
    paginas: Vec<Pagina>,
    salvo: bool,
}

pub(super) async fn admin_lista(
    Admin(mut tx, current, logado): Admin,
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
pub(super) struct Campos {
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

impl Campos {
    fn form(&self) -> PaginaForm {
        PaginaForm {
            titulo: self.titulo.clone(),
            slug: self.slug.clone(),
            corpo: self.corpo.clone(),
            publicada: self.publicada.is_some(),
            ordem: self.ordem.clone(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/paginas/form.html")]
pub(super) struct FormPage {
    shell: Shell,
    pagina: Option<Pagina>,
    anexos: Vec<Anexo>,
    f: Campos,
    erros: Erros,
    /// The attachment upload as refused (empty otherwise).
    anexo: FormAnexo,
    salvo: bool,
}

impl FormPage {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }
}

pub(super) async fn admin_nova(current: CurrentTenant, logado: Logado) -> FormPage {
    FormPage {
        shell: Shell::new(&current, &logado, "/admin/paginas"),
        pagina: None,
        anexos: Vec::new(),
        f: Campos::default(),
        erros: Erros::default(),
        anexo: FormAnexo::default(),
        salvo: false,
    }
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Pagina, WebError> {
    paginas::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

pub(super) async fn admin_editar(
    Admin(mut tx, current, logado): Admin,
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
        erros: Erros::default(),
        anexo: FormAnexo::default(),
        salvo: q.salvo.is_some(),
    })
}

/// Shows the form again with its messages, reading the page in the request's own
/// transaction (a refused write ran behind [`TenantTx::tentar`]'s savepoint). With no
/// message on the form itself (a refused attachment), the form shows the page as stored.
async fn de_novo(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Option<Uuid>,
    f: Campos,
    erros: Erros,
    anexo: FormAnexo,
) -> Result<Response, WebError> {
    let (pagina, anexos) = match id {
        Some(id) => {
            let p = paginas::por_id(tx, id).await?;
            let a = paginas::anexos(tx, id).await?;
            (p, a)
        }
        None => (None, Vec::new()),
    };
    let f = if erros.vazio() {
        pagina.as_ref().map(Campos::from).unwrap_or(f)
    } else {
        f
    };
    Ok(invalido(FormPage {
        shell: Shell::new(current, logado, "/admin/paginas"),
        pagina,
        anexos,
        f,
        erros,
        anexo,
        salvo: false,
    }))
}

/// Creates (`existente` None) or changes a page; a refusal shows the form again.
async fn salvar(
    mut tx: TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    existente: Option<Uuid>,
    f: Campos,
) -> Result<Response, WebError> {
    let r = match f.form().validar() {
        Ok(v) => tx
            .tentar(async |tx| match existente {
                None => paginas::criar(tx, &logado.autor, &v).await,
                Some(id) => paginas::atualizar(tx, &logado.autor, id, &v).await,
            })
            .await
            .map_err(|e| match e {
                store::Error::Validation(v) => Ok(Erros::de_lista(vec![v])),
                e => Err(e),
            }),
        Err(es) => Err(Ok(Erros::de_lista(es))),
    };
    match r {
        Ok(p) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/paginas/{}?salvo=1", p.id)))
        }
        Err(Ok(erros)) => {
            de_novo(
                &mut tx,
                current,
                logado,
                existente,
                f,
                erros,
                FormAnexo::default(),
            )
            .await
        }
        Err(Err(e)) => Err(e.into()),
    }
}

pub(super) async fn admin_criar(
    Admin(tx, current, logado): Admin,
    Form(f): Form<Campos>,
) -> Result<Response, WebError> {
    salvar(tx, &current, &logado, None, f).await
}

pub(super) async fn admin_salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<Campos>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    salvar(tx, &current, &logado, Some(p.id), f).await
}

pub(super) async fn admin_previa(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<PaginaPublica, WebError> {
    let p = alvo(&mut tx, &id).await?;
    PaginaPublica::exibir(tx, &jar, p, true).await
}

pub(super) async fn admin_confirmar_exclusao(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let p = alvo(&mut tx, &id).await?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, "/admin/paginas"),
        "Excluir página",
        format!(
            "A página \"{}\" (/institucional/{}) e seus anexos serão excluídos. Esta ação não pode ser desfeita.",
            p.titulo, p.slug
        ),
        format!("/admin/paginas/{}/excluir", p.id),
        "Excluir",
        format!("/admin/paginas/{}", p.id),
    ))
}

pub(super) async fn admin_excluir(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    paginas::excluir(&mut tx, &logado.autor, p.id).await?;
    tx.commit().await?;
    Ok(redirecionar("/admin/paginas?salvo=1"))
}

/// Receives an attachment (multipart: `titulo`, `arquivo`).
pub(super) async fn admin_anexo_enviar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let arquivos = state.store.arquivos();
    let enviado = AnexoEnviado::ler(arquivos, tx.tenant_id(), &mut multipart).await?;
    let (titulo, nome, v) = match enviado.decidir(arquivos, tx.tenant_id()).await? {
        Ok(pronto) => pronto,
        Err(anexo) => {
            let sem_erros = Erros::default();
            return de_novo(
                &mut tx,
                &current,
                &logado,
                Some(p.id),
                Campos::default(),
                sem_erros,
                anexo,
            )
            .await;
        }
    };
    let tamanho = v.dados.len() as i64;
    let key = state
        .store
        .arquivos()
        .guardar(tx.tenant_id(), "paginas", v.ext, v.dados)
        .await?;
    let novo = NovoAnexo {
        titulo,
        nome_arquivo: nome,
        arquivo_key: key,
        content_type: v.content_type.to_owned(),
        tamanho,
    };
    paginas::adicionar_anexo(&mut tx, &logado.autor, p.id, &novo).await?;
    tx.commit().await?;
    Ok(redirecionar(&format!("/admin/paginas/{}?salvo=1", p.id)))
}

async fn anexo_alvo(tx: &mut TenantTx, id: &str) -> Result<Anexo, WebError> {
    Ok(paginas::anexo(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?
        .0)
}

/// Any attachment, the unpublished pages' included, for editors.
pub(super) async fn admin_anexo(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = anexo_alvo(&mut tx, &id).await?;
    tx.commit().await?;
    servir_anexo(&state, &current, &a, true).await
}

pub(super) async fn admin_anexo_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let a = anexo_alvo(&mut tx, &id).await?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, "/admin/paginas"),
        "Excluir anexo",
        format!(
            "O anexo \"{}\" ({}) será retirado da página. Esta ação não pode ser desfeita.",
            a.titulo, a.nome_arquivo
        ),
        format!("/admin/paginas/anexos/{}/excluir", a.id),
        "Excluir anexo",
        format!("/admin/paginas/{}", a.pagina_id),
    ))
}

pub(super) async fn admin_anexo_excluir(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let a = anexo_alvo(&mut tx, &id).await?;
    paginas::remover_anexo(&mut tx, &logado.autor, a.id).await?;
    tx.commit().await?;
    Ok(redirecionar(&format!(
        "/admin/paginas/{}?salvo=1",
        a.pagina_id
    )))
}
