//! Admin of the composition: legislaturas, sessões legislativas, partidos (logo),
//! parlamentares (photo, contatos, gabinete, redes), mandatos, afastamentos, filiações.
//! One module per entity; the routes are all here.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use domain::ValidationError;
use domain::auth::Permissao;
use serde::Deserialize;
use store::TenantTx;
use store::auditoria::Autor;
use store::composicao::{
    self as parl, Afastamento, DadosAfastamento, DadosMandato, DadosParlamentar, Filiacao,
    Legislatura, LegislaturaResumo, Mandato, ParlamentarAdmin, ParlamentarLinha, Partido,
    PartidoResumo, RedeParlamentar, SessaoLegislativa,
};
use time::Date;
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::{DataBr, NumBr};
use crate::kit::formulario::{
    Erros, br_opt, data, data_opt, id_de, inteiro_opt, invalido, redirecionar,
};
use crate::kit::shell::Shell;
use crate::routes::Routes;
use crate::state::AppState;

mod afastamentos;
mod filiacoes;
mod legislaturas;
mod mandatos;
mod parlamentares;
mod partidos;
mod redes;
mod sessoes_legislativas;

use afastamentos::*;
use filiacoes::*;
use legislaturas::*;
use mandatos::*;
use parlamentares::*;
use partidos::*;
use redes::*;
use sessoes_legislativas::*;

/// Uploads up to the photo's 5 MB, plus the form's other fields.
const LIMITE_UPLOAD: usize = 6 * 1024 * 1024;
const POR_PAGINA: i64 = 20;

pub fn routes() -> Routes {
    use Permissao::ParlamentarGerir as P;
    let limite = || DefaultBodyLimit::max(LIMITE_UPLOAD);
    Routes::new()
        .admin_get("/admin/parlamentares", P, lista)
        .admin_get("/admin/parlamentares/novo", P, novo)
        .admin_post("/admin/parlamentares", P, criar.layer(limite()))
        .admin_get("/admin/parlamentares/{id}", P, pagina)
        .admin_post("/admin/parlamentares/{id}", P, salvar.layer(limite()))
        .admin_post("/admin/parlamentares/{id}/mandatos", P, mandato_criar)
        .admin_post("/admin/parlamentares/{id}/filiacoes", P, filiacao_criar)
        .admin_post("/admin/parlamentares/{id}/redes", P, rede_criar)
        .admin_get("/admin/parlamentares/{id}/{acao}", P, parlamentar_confirmar)
        .admin_post("/admin/parlamentares/{id}/{acao}", P, parlamentar_acao)
        .admin_get("/admin/mandatos/{id}", P, pagina_de::<MandatoPage>)
        .admin_post("/admin/mandatos/{id}", P, salvar_de::<MandatoPage>)
        .admin_post("/admin/mandatos/{id}/encerrar", P, mandato_encerrar)
        .admin_post("/admin/mandatos/{id}/afastamentos", P, afastamento_criar)
        .admin_get("/admin/mandatos/{id}/excluir", P, confirmacao::<Mandato>)
        .admin_post("/admin/mandatos/{id}/excluir", P, destruir::<Mandato>)
        .admin_get("/admin/afastamentos/{id}", P, pagina_de::<AfastamentoPage>)
        .admin_post("/admin/afastamentos/{id}", P, salvar_de::<AfastamentoPage>)
        .admin_get(
            "/admin/afastamentos/{id}/excluir",
            P,
            confirmacao::<Afastamento>,
        )
        .admin_post(
            "/admin/afastamentos/{id}/excluir",
            P,
            destruir::<Afastamento>,
        )
        .admin_post("/admin/filiacoes/{id}/encerrar", P, filiacao_encerrar)
        .admin_get("/admin/filiacoes/{id}/excluir", P, confirmacao::<Filiacao>)
        .admin_post("/admin/filiacoes/{id}/excluir", P, destruir::<Filiacao>)
        .admin_get(
            "/admin/redes-parlamentares/{id}/excluir",
            P,
            confirmacao::<Rede>,
        )
        .admin_post(
            "/admin/redes-parlamentares/{id}/excluir",
            P,
            destruir::<Rede>,
        )
        .admin_get("/admin/legislaturas", P, legislaturas)
        .admin_post("/admin/legislaturas", P, legislatura_criar)
        .admin_get("/admin/legislaturas/{id}", P, pagina_de::<LegislaturaPage>)
        .admin_post("/admin/legislaturas/{id}", P, salvar_de::<LegislaturaPage>)
        .admin_post("/admin/legislaturas/{id}/sessoes", P, sessao_criar)
        .admin_get(
            "/admin/legislaturas/{id}/excluir",
            P,
            confirmacao::<Legislatura>,
        )
        .admin_post(
            "/admin/legislaturas/{id}/excluir",
            P,
            destruir::<Legislatura>,
        )
        .admin_get(
            "/admin/sessoes-legislativas/{id}",
            P,
            pagina_de::<SessaoPage>,
        )
        .admin_post(
            "/admin/sessoes-legislativas/{id}",
            P,
            salvar_de::<SessaoPage>,
        )
        .admin_get(
            "/admin/sessoes-legislativas/{id}/excluir",
            P,
            confirmacao::<SessaoLegislativa>,
        )
        .admin_post(
            "/admin/sessoes-legislativas/{id}/excluir",
            P,
            destruir::<SessaoLegislativa>,
        )
        .admin_get("/admin/partidos", P, partidos)
        .admin_post("/admin/partidos", P, partido_criar)
        .admin_get("/admin/partidos/{id}", P, pagina_de::<PartidoPage>)
        .admin_post("/admin/partidos/{id}", P, salvar_de::<PartidoPage>)
        .admin_post("/admin/partidos/{id}/logo", P, logo_enviar.layer(limite()))
        .admin_get("/admin/partidos/{id}/remover-logo", P, confirmacao::<Logo>)
        .admin_post("/admin/partidos/{id}/remover-logo", P, destruir::<Logo>)
        .admin_get("/admin/partidos/{id}/excluir", P, confirmacao::<Partido>)
        .admin_post("/admin/partidos/{id}/excluir", P, destruir::<Partido>)
}

/// What a form handler ends with: the write's value, or the messages of the refused input
/// (`Err(Err(_))`: an error that is not about the input, passed through).
type Saida<T> = Result<T, Result<Erros, WebError>>;

/// The write, behind a savepoint, when the form was read; otherwise the form's messages.
async fn gravar<D, T>(
    tx: &mut TenantTx,
    lido: Result<D, Vec<ValidationError>>,
    escrita: impl AsyncFnOnce(&mut TenantTx, D) -> store::Result<T>,
) -> Saida<T> {
    match lido {
        Ok(d) => tx
            .tentar(async move |tx| escrita(tx, d).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    }
}

/// A form's end: committed and on to the address `para` gives, or the page `pagina` builds
/// (in the same transaction) with the messages, 422.
async fn concluir<T, P: IntoResponse>(
    mut tx: TenantTx,
    r: Saida<T>,
    para: impl FnOnce(T) -> String,
    pagina: impl AsyncFnOnce(&mut TenantTx, Erros) -> Result<P, WebError>,
) -> Result<Response, WebError> {
    match r {
        Ok(v) => {
            tx.commit().await?;
            Ok(redirecionar(&para(v)))
        }
        Err(e) => {
            let erros = e?;
            Ok(invalido(pagina(&mut tx, erros).await?))
        }
    }
}

/// A destructive action behind one confirmation page (GET asks, POST does): the record it
/// acts on, what the page says, what it does and where it goes after.
pub(super) trait Destrutiva: Sized + Send + Sync {
    /// The admin menu its pages belong to.
    const MENU: &'static str;

    /// The record (`None`: 404).
    fn buscar(
        tx: &mut TenantTx,
        id: Uuid,
    ) -> impl Future<Output = store::Result<Option<Self>>> + Send;

    fn confirmacao(&self, shell: Shell) -> Confirmacao;

    fn fazer(
        &self,
        tx: &mut TenantTx,
        autor: &Autor,
    ) -> impl Future<Output = store::Result<()>> + Send;

    /// Where to go once it is done.
    fn depois(&self) -> String;
}

/// The page of one record with its form (GET shows it, POST saves it): how it is built, how
/// its form is read and written, where a saved form goes.
pub(super) trait Edicao: IntoResponse + Sized + Send {
    type Form: serde::de::DeserializeOwned + Send + Sync + 'static;
    type Dados: Send;

    /// The page (404 when there is no such record).
    fn montar(
        tx: &mut TenantTx,
        current: &CurrentTenant,
        logado: &Logado,
        id: Uuid,
    ) -> impl Future<Output = Result<Self, WebError>> + Send;

    /// The form as typed, or every field's message.
    fn validar(f: &Self::Form) -> Result<Self::Dados, Vec<ValidationError>>;

    /// Where a saved form goes (404 when there is no such record).
    fn depois(tx: &mut TenantTx, id: Uuid)
    -> impl Future<Output = Result<String, WebError>> + Send;

    fn gravar(
        tx: &mut TenantTx,
        autor: &Autor,
        id: Uuid,
        d: Self::Dados,
    ) -> impl Future<Output = store::Result<()>> + Send;

    /// The page again with the input and the messages of a refused form.
    fn com(self, f: Self::Form, erros: Erros) -> Self;
}

/// GET: a record's page.
async fn pagina_de<P: Edicao>(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<P, WebError> {
    P::montar(&mut tx, &current, &logado, id_de(&id)?).await
}

/// POST: a record's form saved, or its page again with the messages (422).
async fn salvar_de<P: Edicao>(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<P::Form>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let para = P::depois(&mut tx, id).await?;
    let r = gravar(&mut tx, P::validar(&f), async |tx, d| {
        P::gravar(tx, &logado.autor, id, d).await
    })
    .await;
    concluir(
        tx,
        r,
        |()| para,
        async |tx: &mut TenantTx, erros| {
            Ok(P::montar(tx, &current, &logado, id).await?.com(f, erros))
        },
    )
    .await
}

/// GET: the confirmation page of a destructive action.
async fn confirmacao<D: Destrutiva>(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let d = D::buscar(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(d.confirmacao(Shell::new(&current, &logado, D::MENU)))
}

/// POST: the destructive action, confirmed.
async fn destruir<D: Destrutiva>(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let d = D::buscar(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = d.confirmacao(Shell::new(&current, &logado, D::MENU));
    let r = d.fazer(&mut tx, &logado.autor).await;
    executar(tx, r, c, &d.depois()).await
}

/// A confirmed destructive action: committed and on to `para`, or the confirmation page
/// again with the reason (409).
async fn executar(
    tx: TenantTx,
    r: store::Result<()>,
    c: Confirmacao,
    para: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(para))
        }
        Err(e) => c.recusada(e),
    }
}
