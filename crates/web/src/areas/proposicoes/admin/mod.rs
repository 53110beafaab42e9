//! The secretaria's registry of proposições (permission `protocolo.gerir`): the tipos, the
//! list, the new proposição, its page (texts, autores, anexos, relacionadas, history) and
//! its deletion. One module per entity; the routes are all here.

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use domain::auth::Permissao;
use store::TenantTx;
use uuid::Uuid;

use store::auditoria::Autor;
use store::proposicoes::anexos::AnexoProposicao;
use store::proposicoes::autores::Autoria;
use store::proposicoes::editar::Proposicao;
use store::proposicoes::relacionadas::Relacao;
use store::proposicoes::tipos::TipoProposicao;

use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::Path;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;
use crate::routes::Routes;

mod anexos;
mod autores;
mod exclusao;
mod lista;
mod pagina;
mod relacionadas;
mod tipos;

/// The upload form's limit: the 20 MB file and its few fields.
const ANEXO_FORM_MAX: usize = store::proposicoes::anexos::ANEXO_MAX_BYTES + 64 * 1024;
const POR_PAGINA: i64 = 20;
/// The admin menu entry of these pages.
const MENU: &str = "/admin/proposicoes";

pub fn routes() -> Routes {
    use Permissao::ProtocoloGerir as P;
    Routes::new()
        .admin_get("/admin/proposicoes/tipos", P, tipos::lista)
        .admin_post("/admin/proposicoes/tipos", P, tipos::criar)
        .admin_get("/admin/proposicoes/tipos/{id}", P, tipos::pagina)
        .admin_post("/admin/proposicoes/tipos/{id}", P, tipos::salvar)
        .admin_post("/admin/proposicoes/tipos/{id}/ativo", P, tipos::ativo)
        .admin_get(
            "/admin/proposicoes/tipos/{id}/excluir",
            P,
            confirmar::<TipoProposicao>,
        )
        .admin_post(
            "/admin/proposicoes/tipos/{id}/excluir",
            P,
            destruir::<TipoProposicao>,
        )
        .admin_get("/admin/proposicoes", P, lista::lista)
        .admin_get("/admin/proposicoes/nova", P, lista::nova)
        .admin_post("/admin/proposicoes", P, lista::criar)
        .admin_get("/admin/proposicoes/{id}", P, pagina::pagina)
        .admin_post("/admin/proposicoes/{id}", P, pagina::salvar)
        .admin_get(
            "/admin/proposicoes/{id}/excluir",
            P,
            confirmar::<Proposicao>,
        )
        .admin_post("/admin/proposicoes/{id}/excluir", P, destruir::<Proposicao>)
        .admin_post("/admin/proposicoes/{id}/autores", P, autores::adicionar)
        .admin_post(
            "/admin/proposicoes/autores/{id}/primeiro",
            P,
            autores::primeiro,
        )
        .admin_get(
            "/admin/proposicoes/autores/{id}/excluir",
            P,
            confirmar::<Autoria>,
        )
        .admin_post(
            "/admin/proposicoes/autores/{id}/excluir",
            P,
            destruir::<Autoria>,
        )
        .admin_post(
            "/admin/proposicoes/{id}/anexos",
            P,
            anexos::enviar.layer(DefaultBodyLimit::max(ANEXO_FORM_MAX)),
        )
        .admin_get("/admin/proposicoes/anexos/{id}", P, anexos::baixar)
        .admin_get(
            "/admin/proposicoes/anexos/{id}/excluir",
            P,
            confirmar::<AnexoProposicao>,
        )
        .admin_post(
            "/admin/proposicoes/anexos/{id}/excluir",
            P,
            destruir::<AnexoProposicao>,
        )
        .admin_post(
            "/admin/proposicoes/{id}/relacionadas",
            P,
            relacionadas::adicionar,
        )
        .admin_get(
            "/admin/proposicoes/relacionadas/{id}/excluir",
            P,
            confirmar::<Relacao>,
        )
        .admin_post(
            "/admin/proposicoes/relacionadas/{id}/excluir",
            P,
            destruir::<Relacao>,
        )
}

/// A form sent as pairs (checkbox lists and numbered rows repeat or vary their names).
#[derive(Debug, Clone, Default)]
pub(super) struct Pares(Vec<(String, String)>);

impl Pares {
    /// The first value of `k` ("" when absent).
    fn um(&self, k: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of `k`, in order.
    fn todos(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn marcado(&self, k: &str) -> bool {
        self.0.iter().any(|(n, v)| n == k && !v.is_empty())
    }
}

impl<'de> serde::Deserialize<'de> for Pares {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<(String, String)>::deserialize(d).map(Pares)
    }
}

/// The write behind a savepoint when the form was read (`Ok`), else the form's messages.
async fn gravar<D, T>(
    tx: &mut TenantTx,
    lido: Result<D, Erros>,
    escrita: impl AsyncFnOnce(&mut TenantTx, D) -> store::Result<T>,
) -> Result<Result<T, Erros>, WebError> {
    match lido {
        Ok(d) => match tx.tentar(async move |tx| escrita(tx, d).await).await {
            Ok(v) => Ok(Ok(v)),
            Err(e) => Ok(Err(Erros::do_store(e)?)),
        },
        Err(e) => Ok(Err(e)),
    }
}

/// A form's end: committed and on to `para(v)`, or the page `de_novo` builds in the same
/// transaction with the messages (422).
async fn concluir<T, P: IntoResponse>(
    mut tx: TenantTx,
    r: Result<T, Erros>,
    para: impl FnOnce(T) -> String,
    de_novo: impl AsyncFnOnce(&mut TenantTx, Erros) -> Result<P, WebError>,
) -> Result<Response, WebError> {
    match r {
        Ok(v) => {
            tx.commit().await?;
            Ok(redirecionar(&para(v)))
        }
        Err(erros) => Ok(invalido(de_novo(&mut tx, erros).await?)),
    }
}

/// A destructive action behind one confirmation page (GET asks, POST does): the record,
/// what the page says (or why it cannot be done), what it does and where it goes after.
pub(super) trait Destrutiva: Sized + Send + Sync {
    /// The record (`None`: 404).
    fn buscar(
        tx: &mut TenantTx,
        id: Uuid,
    ) -> impl Future<Output = store::Result<Option<Self>>> + Send;

    fn confirmacao(
        &self,
        tx: &mut TenantTx,
        shell: Shell,
    ) -> impl Future<Output = Result<Confirmacao, WebError>> + Send;

    fn fazer(
        &self,
        tx: &mut TenantTx,
        autor: &Autor,
    ) -> impl Future<Output = store::Result<()>> + Send;

    /// Where to go once it is done.
    fn depois(&self) -> String;
}

/// GET: the confirmation page.
async fn confirmar<D: Destrutiva>(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let d = D::buscar(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    d.confirmacao(&mut tx, Shell::new(&current, &logado, MENU))
        .await
}

/// POST: the action, confirmed; committed and on, or the page again with the reason (409).
async fn destruir<D: Destrutiva>(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let d = D::buscar(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = d
        .confirmacao(&mut tx, Shell::new(&current, &logado, MENU))
        .await?;
    match tx.tentar(async |tx| d.fazer(tx, &logado.autor).await).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&d.depois()))
        }
        Err(e) => c.recusada(e),
    }
}

/// The proposição's page with a notice.
fn para_proposicao(id: Uuid, aviso: &str) -> String {
    format!("/admin/proposicoes/{id}?aviso={aviso}")
}
