//! The protocolo's inbox of proposições eletrônicas (`/admin/protocolo/eletronicas`,
//! permission `protocolo.gerir`): the sent drafts, one draft, receiving it (protocolo and
//! proposição in one transaction) or returning it with a motivo.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::eletronica::{self, Anexo, Rascunho};
use uuid::Uuid;

use crate::areas::protocolo::balcao::MotivoForm;
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{id_de, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

const MENU: &str = "/admin/protocolo";
const BASE: &str = "/admin/protocolo/eletronicas";
const POR_PAGINA: i64 = 20;

#[derive(Template, WebTemplate)]
#[template(path = "eletronica/caixa.html")]
pub(super) struct Caixa {
    shell: Shell,
    rascunhos: Vec<Rascunho>,
    pagina: i64,
    paginas: i64,
    total: i64,
    aviso: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct CaixaQuery {
    pagina: Option<i64>,
    recebida: Option<String>,
    devolvida: Option<String>,
}

pub(super) async fn caixa(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<CaixaQuery>,
) -> Result<Caixa, WebError> {
    let pagina = q.pagina.unwrap_or(1).clamp(1, 100_000);
    let (rascunhos, total) =
        eletronica::caixa(&mut tx, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let aviso = match (q.recebida, q.devolvida) {
        (Some(n), _) => Some(format!(
            "Proposição recebida e protocolada: {}.",
            n.chars().take(40).collect::<String>()
        )),
        (_, Some(_)) => Some("Proposição devolvida ao autor.".to_owned()),
        _ => None,
    };
    Ok(Caixa {
        shell: Shell::new(&current, &logado, MENU),
        rascunhos,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        aviso,
    })
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Rascunho, WebError> {
    eletronica::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "eletronica/rascunho.html")]
pub(super) struct Ver {
    shell: Shell,
    r: Rascunho,
    coautores: Vec<(Uuid, String)>,
    anexos: Vec<Anexo>,
}

impl Ver {
    fn texto_html(&self) -> String {
        domain::texto::markdown_seguro(&self.r.texto)
    }
}

pub(super) async fn ver(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Ver, WebError> {
    let r = alvo(&mut tx, &id).await?;
    let coautores = eletronica::coautores(&mut tx, r.id).await?;
    let anexos = eletronica::anexos(&mut tx, r.id).await?;
    Ok(Ver {
        shell: Shell::new(&current, &logado, MENU),
        r,
        coautores,
        anexos,
    })
}

fn impedida(
    c: Confirmacao,
    r: &Rascunho,
    nova: domain::protocolo::SituacaoRascunho,
) -> Confirmacao {
    match r.situacao().impedimento(nova) {
        Some(porque) => c.impedida(porque),
        None => c,
    }
}

fn confirmar_recebimento(current: &CurrentTenant, logado: &Logado, r: &Rascunho) -> Confirmacao {
    let c = Confirmacao::new(
        Shell::new(current, logado, MENU),
        "Receber e protocolar",
        format!(
            "\"{} — {}\", de {}, receberá o próximo número de protocolo do ano e será \
             registrada como proposição, com a numeração do seu tipo.",
            r.tipo_nome, r.ementa, r.autor_nome
        ),
        format!("{BASE}/{}/receber", r.id),
        "Receber e protocolar",
        format!("{BASE}/{}", r.id),
    );
    impedida(c, r, domain::protocolo::SituacaoRascunho::Recebida)
}

pub(super) async fn receber_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let r = alvo(&mut tx, &id).await?;
    Ok(confirmar_recebimento(&current, &logado, &r))
}

pub(super) async fn receber(
    State(_state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let r = alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| eletronica::receber(tx, &logado.autor, r.id).await)
        .await
    {
        Ok((p, criada)) => {
            tx.commit().await?;
            let aviso = format!(
                "{}, protocolo nº {}",
                criada.identificacao(),
                p.numero_ano()
            );
            let q = form_urlencoded::Serializer::new(String::new())
                .append_pair("recebida", &aviso)
                .finish();
            Ok(redirecionar(&format!("{BASE}?{q}")))
        }
        Err(e) => confirmar_recebimento(&current, &logado, &r).recusada(e),
    }
}

fn confirmar_devolucao(current: &CurrentTenant, logado: &Logado, r: &Rascunho) -> Confirmacao {
    let c = Confirmacao::new(
        Shell::new(current, logado, MENU),
        "Devolver ao autor",
        format!(
            "\"{} — {}\" volta a {}, com o motivo informado; o autor pode corrigi-la e \
             enviá-la de novo.",
            r.tipo_nome, r.ementa, r.autor_nome
        ),
        format!("{BASE}/{}/devolver", r.id),
        "Devolver",
        format!("{BASE}/{}", r.id),
    );
    impedida(c, r, domain::protocolo::SituacaoRascunho::Devolvida)
}

pub(super) async fn devolver_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let r = alvo(&mut tx, &id).await?;
    Ok(confirmar_devolucao(&current, &logado, &r).pedindo_motivo("Motivo da devolução", ""))
}

pub(super) async fn devolver(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<MotivoForm>,
) -> Result<Response, WebError> {
    let r = alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| eletronica::devolver(tx, &logado.autor, r.id, &f.motivo).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("{BASE}?devolvida=1")))
        }
        Err(e) => confirmar_devolucao(&current, &logado, &r).motivo_recusado(
            "Motivo da devolução",
            f.motivo,
            e,
        ),
    }
}

/// A draft's file, for the protocolo.
pub(super) async fn anexo(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (a, _) = eletronica::anexo(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    crate::areas::protocolo::balcao::servir(
        &state,
        &current,
        &a.arquivo_key,
        &a.content_type,
        &a.nome_arquivo,
    )
    .await
}
