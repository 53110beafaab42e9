//! The author's pages (`/admin/minhas-proposicoes`, permission `proposicao.criar`, for a user
//! linked to a parlamentar): the drafts and their state, the proposições, the draft form
//! (with coautores and files, one multipart form), and sending it to the protocolo.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::TenantTx;
use store::eletronica::{self, Anexo, MinhaProposicao, Rascunho, RascunhoForm};
use uuid::Uuid;

use crate::areas::protocolo::envios;
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

pub(super) const MENU: &str = "/admin/minhas-proposicoes";
const POR_PAGINA: i64 = 20;

/// The author's parlamentar; an account linked to none is refused (403): only
/// parlamentares write proposições eletrônicas.
fn parlamentar(logado: &Logado) -> Result<Uuid, WebError> {
    logado
        .sessao
        .usuario
        .parlamentar_id
        .ok_or(WebError::Forbidden)
}

#[derive(Template, WebTemplate)]
#[template(path = "eletronica/minhas.html")]
pub(super) struct Minhas {
    shell: Shell,
    rascunhos: Vec<Rascunho>,
    proposicoes: Vec<MinhaProposicao>,
    /// Of those, the ones returned to their author, with the despacho.
    devolvidas: std::collections::HashMap<Uuid, String>,
    pagina: i64,
    paginas: i64,
    total: i64,
    pp: i64,
    pp_paginas: i64,
    pp_total: i64,
    aviso: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub(super) struct MinhasQuery {
    pagina: Option<i64>,
    pp: Option<i64>,
    aviso: Option<String>,
}

pub(super) async fn minhas(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<MinhasQuery>,
) -> Result<Minhas, WebError> {
    let parl = parlamentar(&logado)?;
    let pagina = q.pagina.unwrap_or(1).clamp(1, 100_000);
    let pp = q.pp.unwrap_or(1).clamp(1, 100_000);
    let (rascunhos, total) =
        eletronica::do_autor_lista(&mut tx, parl, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let (proposicoes, pp_total) =
        eletronica::proposicoes_do_parlamentar(&mut tx, parl, POR_PAGINA, (pp - 1) * POR_PAGINA)
            .await?;
    let ids: Vec<Uuid> = proposicoes.iter().map(|p| p.id).collect();
    let devolvidas = store::jobs::retorno::devolvidas(&mut tx, &ids).await?;
    let n = |t: i64| ((t + POR_PAGINA - 1) / POR_PAGINA).max(1);
    Ok(Minhas {
        shell: Shell::new(&current, &logado, MENU),
        rascunhos,
        proposicoes,
        devolvidas,
        pagina,
        paginas: n(total),
        total,
        pp,
        pp_paginas: n(pp_total),
        pp_total,
        aviso: match q.aviso.as_deref() {
            Some("enviada") => Some("Proposição enviada ao protocolo."),
            _ => None,
        },
    })
}

/// The draft's fields, as typed.
#[derive(Default)]
pub(super) struct Campos {
    tipo_id: String,
    ementa: String,
    texto: String,
    justificativa: String,
    coautores: Vec<String>,
}

impl Campos {
    fn de(r: &Rascunho, coautores: &[(Uuid, String)]) -> Self {
        Self {
            tipo_id: r.tipo_id.to_string(),
            ementa: r.ementa.clone(),
            texto: r.texto.clone(),
            justificativa: r.justificativa.clone(),
            coautores: coautores.iter().map(|(id, _)| id.to_string()).collect(),
        }
    }

    fn coautor(&self, id: &Uuid) -> bool {
        self.coautores.iter().any(|c| c.trim() == id.to_string())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "eletronica/form.html")]
pub(super) struct FormPage {
    shell: Shell,
    r: Option<Rascunho>,
    anexos: Vec<Anexo>,
    f: Campos,
    erros: Erros,
    tipos: Vec<(Uuid, String, String)>,
    parlamentares: Vec<(Uuid, String)>,
    salvo: bool,
}

impl FormPage {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }

    fn editavel(&self) -> bool {
        self.r.as_ref().is_none_or(|r| r.editavel())
    }

    fn texto_html(&self) -> String {
        domain::texto::markdown_seguro(&self.f.texto)
    }
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    eu: Uuid,
    r: Option<Rascunho>,
    f: Option<Campos>,
    erros: Erros,
    salvo: bool,
) -> Result<FormPage, WebError> {
    let (anexos, f) = match &r {
        Some(r) => {
            let co = eletronica::coautores(tx, r.id).await?;
            let a = eletronica::anexos(tx, r.id).await?;
            (a, f.unwrap_or_else(|| Campos::de(r, &co)))
        }
        None => (Vec::new(), f.unwrap_or_default()),
    };
    let parlamentares = store::composicao::opcoes(tx)
        .await?
        .into_iter()
        .filter(|(id, _)| *id != eu)
        .collect();
    Ok(FormPage {
        shell: Shell::new(current, logado, MENU),
        r,
        anexos,
        f,
        erros,
        tipos: eletronica::tipos(tx).await?,
        parlamentares,
        salvo,
    })
}

pub(super) async fn nova(Admin(mut tx, current, logado): Admin) -> Result<FormPage, WebError> {
    let eu = parlamentar(&logado)?;
    form_page(
        &mut tx,
        &current,
        &logado,
        eu,
        None,
        None,
        Erros::default(),
        false,
    )
    .await
}

async fn meu(tx: &mut TenantTx, eu: Uuid, id: &str) -> Result<Rascunho, WebError> {
    eletronica::do_autor(tx, eu, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Deserialize, Default)]
pub(super) struct SalvoQuery {
    salvo: Option<String>,
}

pub(super) async fn editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<SalvoQuery>,
) -> Result<FormPage, WebError> {
    let eu = parlamentar(&logado)?;
    let r = meu(&mut tx, eu, &id).await?;
    let salvo = q.salvo.is_some();
    form_page(
        &mut tx,
        &current,
        &logado,
        eu,
        Some(r),
        None,
        Erros::default(),
        salvo,
    )
    .await
}

/// Creates (`id` None) or changes a draft, adding the files sent with it; a refusal shows
/// the form again with every message and what was typed.
async fn gravar(
    state: &AppState,
    mut tx: TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    eu: Uuid,
    id: Option<Uuid>,
    multipart: &mut axum::extract::Multipart,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    let (e, arquivos) = envios::ler(multipart, "arquivos", &mut erros).await;
    let f = Campos {
        tipo_id: e.campo("tipo_id").to_owned(),
        ementa: e.campo("ementa").to_owned(),
        texto: e.campo("texto").to_owned(),
        justificativa: e.campo("justificativa").to_owned(),
        coautores: e
            .todos("coautores")
            .into_iter()
            .map(str::to_owned)
            .collect(),
    };
    let mut coautores = Vec::new();
    for c in &f.coautores {
        match c.trim().parse::<Uuid>() {
            Ok(u) => coautores.push(u),
            Err(_) => erros.push(domain::ValidationError::new(
                "coautores",
                "Escolha os coautores da lista.",
            )),
        }
    }
    let form = RascunhoForm {
        tipo_id: f.tipo_id.trim().parse().ok(),
        ementa: f.ementa.clone(),
        texto: f.texto.clone(),
        justificativa: f.justificativa.clone(),
        coautores,
    };
    if let Err(es) = form.validar() {
        es.into_iter().for_each(|v| erros.push(v));
    }
    let conferidos = envios::conferir(arquivos, "arquivos", &mut erros).await;
    if erros.vazio() {
        let docs = envios::guardar(state, tx.tenant_id(), "proposicoes", conferidos).await?;
        let r = tx
            .tentar(async |tx| {
                let r = match id {
                    None => eletronica::criar(tx, &logado.autor, eu, &form).await?,
                    Some(id) => eletronica::salvar(tx, &logado.autor, eu, id, &form).await?,
                };
                for d in &docs {
                    eletronica::adicionar_anexo(tx, &logado.autor, eu, r.id, d).await?;
                }
                Ok(r)
            })
            .await;
        match r {
            Ok(r) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("{MENU}/{}?salvo=1", r.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let r = match id {
        Some(id) => eletronica::do_autor(&mut tx, eu, id).await?,
        None => None,
    };
    let page = form_page(&mut tx, current, logado, eu, r, Some(f), erros, false).await?;
    Ok(invalido(page))
}

pub(super) async fn criar(
    State(state): State<AppState>,
    Admin(tx, current, logado): Admin,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let eu = parlamentar(&logado)?;
    gravar(&state, tx, &current, &logado, eu, None, &mut multipart).await
}

pub(super) async fn salvar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let eu = parlamentar(&logado)?;
    let r = meu(&mut tx, eu, &id).await?;
    gravar(
        &state,
        tx,
        &current,
        &logado,
        eu,
        Some(r.id),
        &mut multipart,
    )
    .await
}

fn confirmar_envio(current: &CurrentTenant, logado: &Logado, r: &Rascunho) -> Confirmacao {
    let c = Confirmacao::new(
        Shell::new(current, logado, MENU),
        "Enviar ao protocolo",
        format!(
            "\"{} — {}\" será enviada ao protocolo da câmara, que a receberá (dando-lhe número) \
             ou a devolverá com o motivo. Enquanto aguarda, ela não pode ser alterada.",
            r.tipo_nome, r.ementa
        ),
        format!("{MENU}/{}/enviar", r.id),
        "Enviar",
        format!("{MENU}/{}", r.id),
    );
    match r
        .situacao()
        .impedimento(domain::protocolo::SituacaoRascunho::Enviada)
    {
        Some(porque) => c.impedida(porque),
        None => c,
    }
}

pub(super) async fn enviar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let eu = parlamentar(&logado)?;
    let r = meu(&mut tx, eu, &id).await?;
    Ok(confirmar_envio(&current, &logado, &r))
}

pub(super) async fn enviar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let eu = parlamentar(&logado)?;
    let r = meu(&mut tx, eu, &id).await?;
    match tx
        .tentar(async |tx| eletronica::enviar(tx, &logado.autor, eu, r.id).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("{MENU}?aviso=enviada")))
        }
        Err(e) => confirmar_envio(&current, &logado, &r).recusada(e),
    }
}

/// One of the author's own files.
pub(super) async fn anexo(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let eu = parlamentar(&logado)?;
    let (a, dono) = eletronica::anexo(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    if dono != eu {
        return Ok(StatusCode::NOT_FOUND.into_response());
    }
    crate::areas::protocolo::balcao::servir(
        &state,
        &current,
        &a.arquivo_key,
        &a.content_type,
        &a.nome_arquivo,
    )
    .await
}

impl Minhas {
    /// The despacho of a proposição returned to its author (`None` when it was not).
    fn devolvida(&self, id: &Uuid) -> Option<&str> {
        self.devolvidas.get(id).map(String::as_str)
    }
}
