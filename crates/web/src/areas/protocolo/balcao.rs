//! The protocolo desk (`/admin/protocolo`, permission `protocolo.gerir`): the list with its
//! filters, a new protocolo with its files, one protocolo with its receipt, its documents,
//! and its annulment.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::protocolo::TipoInteressado;
use serde::Deserialize;
use store::TenantTx;
use store::protocolo::{self, Documento, Filtro, NovoProtocolo, Protocolo};

use super::comprovante::{self, Comprovante};
use super::envios;
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, id_de, inteiro_opt, invalido, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

const POR_PAGINA: i64 = 20;
const MENU: &str = "/admin/protocolo";

#[derive(Template, WebTemplate)]
#[template(path = "protocolo/admin/lista.html")]
pub(super) struct Lista {
    shell: Shell,
    protocolos: Vec<Protocolo>,
    f_ano: String,
    f_numero: String,
    f_q: String,
    erros: Erros,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
    /// Drafts waiting in the inbox.
    eletronicas: i64,
}

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    ano: Option<String>,
    numero: Option<String>,
    q: Option<String>,
    pagina: Option<i64>,
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<ListaQuery>,
) -> Result<Lista, WebError> {
    let t = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    let (f_ano, f_numero, f_q) = (t(&q.ano), t(&q.numero), t(&q.q));
    let mut erros = Erros::default();
    let ano = erros
        .campo(inteiro_opt(
            "ano",
            &f_ano,
            "O ano deve ser um número, por exemplo 2026.",
        ))
        .flatten();
    let numero = erros
        .campo(inteiro_opt(
            "numero",
            &f_numero,
            "O número deve ser um número inteiro.",
        ))
        .flatten();
    let filtro = Filtro {
        ano,
        numero,
        texto: (!f_q.is_empty()).then(|| f_q.chars().take(200).collect()),
    };
    let pagina = q.pagina.unwrap_or(1).clamp(1, 100_000);
    let (protocolos, total) =
        protocolo::listar(&mut tx, &filtro, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let eletronicas = store::eletronica::caixa(&mut tx, 1, 0).await?.1;
    let query_base = form_urlencoded::Serializer::new(String::new())
        .append_pair("ano", &f_ano)
        .append_pair("numero", &f_numero)
        .append_pair("q", &f_q)
        .finish();
    Ok(Lista {
        shell: Shell::new(&current, &logado, MENU),
        protocolos,
        f_ano,
        f_numero,
        f_q,
        erros,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
        eletronicas,
    })
}

/// The new protocolo's fields, as typed.
#[derive(Default)]
pub(super) struct Campos {
    tipo_documento: String,
    interessado_nome: String,
    interessado_email: String,
    interessado_tipo: String,
    assunto: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocolo/admin/form.html")]
pub(super) struct FormPage {
    shell: Shell,
    f: Campos,
    erros: Erros,
    tipos: &'static [TipoInteressado],
}

impl FormPage {
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }
}

pub(super) async fn novo(current: CurrentTenant, logado: Logado) -> FormPage {
    FormPage {
        shell: Shell::new(&current, &logado, MENU),
        f: Campos {
            interessado_tipo: "executivo".into(),
            ..Campos::default()
        },
        erros: Erros::default(),
        tipos: &TipoInteressado::ALL,
    }
}

/// Records a protocolo with its files (multipart); a refusal shows the form again with
/// every message and what was typed (the files must be chosen again).
pub(super) async fn criar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    let (e, arquivos) = envios::ler(&mut multipart, "arquivos", &mut erros).await;
    let f = Campos {
        tipo_documento: e.campo("tipo_documento").to_owned(),
        interessado_nome: e.campo("interessado_nome").to_owned(),
        interessado_email: e.campo("interessado_email").to_owned(),
        interessado_tipo: e.campo("interessado_tipo").to_owned(),
        assunto: e.campo("assunto").to_owned(),
    };
    let tipo = erros.campo(TipoInteressado::parse(&f.interessado_tipo));
    let novo = tipo.and_then(|interessado_tipo| {
        let n = NovoProtocolo {
            tipo_documento: f.tipo_documento.clone(),
            interessado_nome: f.interessado_nome.clone(),
            interessado_email: f.interessado_email.clone(),
            interessado_tipo,
            assunto: f.assunto.clone(),
        };
        match n.validar() {
            Ok(n) => Some(n),
            Err(es) => {
                es.into_iter().for_each(|v| erros.push(v));
                None
            }
        }
    });
    if tipo.is_none() {
        // The other fields' messages too, whatever the tipo.
        let n = NovoProtocolo {
            tipo_documento: f.tipo_documento.clone(),
            interessado_nome: f.interessado_nome.clone(),
            interessado_email: f.interessado_email.clone(),
            interessado_tipo: TipoInteressado::Outro,
            assunto: f.assunto.clone(),
        };
        if let Err(es) = n.validar() {
            es.into_iter().for_each(|v| erros.push(v));
        }
    }
    let conferidos = envios::conferir(arquivos, "arquivos", &mut erros).await;
    let refazer = |tx: TenantTx, f: Campos, erros: Erros| {
        drop(tx);
        Ok(invalido(FormPage {
            shell: Shell::new(&current, &logado, MENU),
            f,
            erros,
            tipos: &TipoInteressado::ALL,
        }))
    };
    let Some(novo) = novo.filter(|_| erros.vazio()) else {
        return refazer(tx, f, erros);
    };
    let documentos = envios::guardar(&state, tx.tenant_id(), "protocolo", conferidos).await?;
    match tx
        .tentar(async |tx| protocolo::registrar(tx, &logado.autor, &novo, &documentos).await)
        .await
    {
        Ok(p) => {
            envios::enfileirar_comprovante(&state, &current, &mut tx, &p).await?;
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/protocolo/{}?salvo=1", p.id)))
        }
        Err(e) => refazer(tx, f, Erros::do_store(e)?),
    }
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Protocolo, WebError> {
    protocolo::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "protocolo/admin/detalhe.html")]
pub(super) struct Detalhe {
    shell: Shell,
    p: Protocolo,
    documentos: Vec<Documento>,
    url_verificacao: String,
    proposicao: Option<String>,
    salvo: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct SalvoQuery {
    salvo: Option<String>,
}

pub(super) async fn detalhe(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<SalvoQuery>,
) -> Result<Detalhe, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let documentos = protocolo::documentos(&mut tx, p.id).await?;
    let proposicao = match p.proposicao_id {
        Some(pid) => identificacao(&mut tx, pid).await?,
        None => None,
    };
    Ok(Detalhe {
        shell: Shell::new(&current, &logado, MENU),
        url_verificacao: envios::url_verificacao(&state, &current, &p.codigo),
        p,
        documentos,
        proposicao,
        salvo: q.salvo.is_some(),
    })
}

/// "PL 3/2026" of a proposição.
async fn identificacao(tx: &mut TenantTx, id: uuid::Uuid) -> Result<Option<String>, WebError> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT t.sigla || ' ' || p.numero || '/' || p.ano FROM app.proposicao p
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await
    .map_err(store::Error::from)?)
}

/// The receipt's PDF.
pub(super) async fn comprovante(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    let documentos = protocolo::documentos(&mut tx, p.id).await?;
    tx.commit().await?;
    let pdf = comprovante::pdf(&Comprovante {
        camara: &current.tenant.nome_oficial,
        protocolo: &p,
        documentos: &documentos,
        url_verificacao: envios::url_verificacao(&state, &current, &p.codigo),
    });
    let nome = format!("protocolo-{}-{}.pdf", p.numero, p.ano);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao("inline", &nome),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}

/// A file as stored, for the desk (PDFs and images inline, the rest downloaded).
pub(crate) async fn servir(
    state: &AppState,
    current: &CurrentTenant,
    key: &str,
    content_type: &str,
    nome: &str,
) -> Result<Response, WebError> {
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, key)
        .await?
        .ok_or(WebError::NotFound)?;
    let disposicao = if content_type == "application/pdf" || content_type.starts_with("image/") {
        "inline"
    } else {
        "attachment"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao(disposicao, nome),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

pub(super) async fn documento(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let d = protocolo::documento(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    servir(
        &state,
        &current,
        &d.arquivo_key,
        &d.content_type,
        &d.nome_arquivo,
    )
    .await
}

fn confirmar_anulacao(current: &CurrentTenant, logado: &Logado, p: &Protocolo) -> Confirmacao {
    let c = Confirmacao::new(
        Shell::new(current, logado, MENU),
        format!("Anular o protocolo nº {}", p.numero_ano()),
        format!(
            "O protocolo nº {} ({}, de {}) será marcado como anulado, com o motivo informado. \
             O número continua reservado a ele: a numeração não tem lacunas.",
            p.numero_ano(),
            p.tipo_documento,
            p.interessado_nome
        ),
        format!("/admin/protocolo/{}/anular", p.id),
        "Anular",
        format!("/admin/protocolo/{}", p.id),
    );
    if p.anulado() {
        c.impedida("Este protocolo já foi anulado.")
    } else if p.proposicao_id.is_some() {
        c.impedida("Este protocolo deu origem a uma proposição e não pode ser anulado.")
    } else {
        c
    }
}

pub(super) async fn anular_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let p = alvo(&mut tx, &id).await?;
    Ok(confirmar_anulacao(&current, &logado, &p).pedindo_motivo("Motivo da anulação", ""))
}

/// A confirmation form that asks for a motivo.
#[derive(Deserialize, Default)]
pub(crate) struct MotivoForm {
    #[serde(default)]
    pub(crate) motivo: String,
}

pub(super) async fn anular(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<MotivoForm>,
) -> Result<Response, WebError> {
    let p = alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| protocolo::anular(tx, &logado.autor, p.id, &f.motivo).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/protocolo/{}?salvo=1", p.id)))
        }
        Err(e) => confirmar_anulacao(&current, &logado, &p).motivo_recusado(
            "Motivo da anulação",
            f.motivo,
            e,
        ),
    }
}
