//! The public pages of the páginas institucionais: the index, one page, its attachments.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use store::TenantTx;
use store::conteudo::paginas::{self, Anexo, Pagina};

use crate::error::WebError;
use crate::http::entrada::Path;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::formulario::id_de;
use crate::kit::portal::Portal;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/paginas/indice.html")]
pub(super) struct Indice {
    portal: Portal,
    paginas: Vec<Pagina>,
}

pub(super) async fn indice(Tx(mut tx): Tx, jar: CookieJar) -> Result<Indice, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let paginas = paginas::listar(&mut tx, true).await?;
    tx.commit().await?;
    Ok(Indice { portal, paginas })
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/paginas/pagina.html")]
pub(super) struct PaginaPublica {
    portal: Portal,
    p: Pagina,
    corpo: String,
    anexos: Vec<Anexo>,
    /// The other published pages (navigation).
    outras: Vec<Pagina>,
    /// Attachments are linked to the admin route in a preview.
    previa: bool,
}

impl PaginaPublica {
    /// A page as the portal shows it, with its attachments and the other pages; `previa`:
    /// the admin's preview (attachments linked to the admin route). Ends the transaction.
    pub(super) async fn exibir(
        mut tx: TenantTx,
        jar: &CookieJar,
        p: Pagina,
        previa: bool,
    ) -> Result<Self, WebError> {
        let portal = Portal::carregar(&mut tx, jar).await?;
        let anexos = paginas::anexos(&mut tx, p.id).await?;
        let outras = paginas::listar(&mut tx, true).await?;
        tx.commit().await?;
        Ok(Self {
            portal,
            corpo: domain::texto::markdown_seguro(&p.corpo),
            p,
            anexos,
            outras,
            previa,
        })
    }
}

pub(super) async fn pagina(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(slug): Path<String>,
) -> Result<PaginaPublica, WebError> {
    let p = paginas::por_slug(&mut tx, &slug, true)
        .await?
        .ok_or(WebError::NotFound)?;
    PaginaPublica::exibir(tx, &jar, p, false).await
}

pub(super) async fn servir_anexo(
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
pub(super) async fn anexo_publico(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (a, publicada) = paginas::anexo(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    if !publicada {
        return Err(WebError::NotFound);
    }
    servir_anexo(&state, &current, &a, false).await
}
