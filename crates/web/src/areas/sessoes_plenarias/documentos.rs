//! The sessão's documents for the public and the staff: the published ata (HTML at
//! `/legislativo/sessoes/{id}/ata`, PDF at `…/ata.pdf`; an unpublished ata is a 404), the
//! PDF of one closed votação (`/legislativo/votacoes/{id}/votacao.pdf`; a secret votação
//! prints turnout and totals only), and the certidão de presença (public once the sessão is
//! encerrada, `/legislativo/sessoes/{id}/certidao-presenca.pdf`; staff at any point after
//! the opening, `/admin/sessoes/{id}/certidao-presenca.pdf`). Rendered on the server with
//! `jobs::pdf::ata` (pdf-writer), never cached by shared caches.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use jobs::pdf::ata::{self as pdf, Cabecalho, Presencas, VotacaoPdf};
use store::TenantTx;
use store::sessoes_plenarias::ata::documento::{self as doc, Ata};
use store::sessoes_plenarias::votacao::{self, Votacao};
use store::sessoes_plenarias::{self as sp, SessaoPlenaria, StatusSessao};
use uuid::Uuid;

use domain::sessoes_plenarias::votacao::TipoVotacao;

use crate::error::WebError;
use crate::http::entrada::Path;
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::portal::Portal;
use crate::state::AppState;

fn arquivo(nome: &str, corpo: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao("inline", nome),
            ),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        corpo,
    )
        .into_response()
}

fn id(s: &str) -> Result<Uuid, WebError> {
    s.parse().map_err(|_| WebError::NotFound)
}

async fn sessao(tx: &mut TenantTx, id: Uuid) -> Result<SessaoPlenaria, WebError> {
    sp::por_id(tx, id).await?.ok_or(WebError::NotFound)
}

/// The public page of a published ata.
#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/publico/ata.html")]
pub(super) struct AtaPublica {
    portal: Portal,
    s: SessaoPlenaria,
    ata: Ata,
}

pub(super) async fn ata_publica(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(sid): Path<String>,
) -> Result<AtaPublica, WebError> {
    let sid = id(&sid)?;
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let s = sessao(&mut tx, sid).await?;
    let ata = doc::publicada(&mut tx, sid)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    Ok(AtaPublica { portal, s, ata })
}

pub(super) async fn ata_pdf(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(sid): Path<String>,
) -> Result<Response, WebError> {
    let sid = id(&sid)?;
    let s = sessao(&mut tx, sid).await?;
    let ata = doc::publicada(&mut tx, sid)
        .await?
        .ok_or(WebError::NotFound)?;
    let emitido = store::camara::agora_local(&mut tx).await?;
    tx.commit().await?;
    let url = format!(
        "{}/legislativo/sessoes/{sid}/ata",
        crate::http::origem::da_camara(&state, &current)
    );
    let (titulo, data) = (s.titulo(), s.data());
    let mut situacao = format!(
        "Aprovada em {}; publicada em {}",
        ata.aprovada_dia.as_deref().unwrap_or("—"),
        ata.publicada_dia.as_deref().unwrap_or("—")
    );
    if ata.retificada {
        situacao.push_str("; retificada");
    }
    let corpo = pdf::ata(
        &Cabecalho {
            camara: &current.tenant.nome_oficial,
            documento: "Ata",
            sessao: &titulo,
            data: &data,
            url: &url,
            emitido_em: &emitido,
        },
        &ata.texto,
        &situacao,
    );
    Ok(arquivo(&format!("ata-{sid}.pdf"), corpo))
}

fn votacao_pdf_de(v: &Votacao, votos: Vec<votacao::VotoNominal>) -> VotacaoPdf {
    let secreta = v.tipo() == TipoVotacao::Secreta;
    VotacaoPdf {
        item: v.titulo.clone(),
        turno: v.turno,
        tipo: v.tipo_label().to_owned(),
        secreta,
        quorum: v.quorum_label().to_owned(),
        sim: v.sim,
        nao: v.nao,
        abstencao: v.abstencao,
        votantes: v.votantes,
        presentes: v.presentes,
        resultado: v.resultado_label().to_owned(),
        explicacao: v.explicacao.clone(),
        justificativa: v.justificativa.clone(),
        votos: if secreta {
            Vec::new()
        } else {
            votos
                .into_iter()
                .map(|x| (x.nome.clone(), x.voto_label().to_owned()))
                .collect()
        },
    }
}

/// The PDF of a closed votação (any other is a 404).
pub(super) async fn votacao_pdf(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(vid): Path<String>,
) -> Result<Response, WebError> {
    let vid = id(&vid)?;
    let v = match votacao::por_id(&mut tx, vid).await {
        Ok(v) if v.encerrada() => v,
        Ok(_) | Err(store::Error::NotFound(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let s = sessao(&mut tx, v.sessao_id).await?;
    let votos = if v.tipo() == TipoVotacao::Nominal {
        votacao::votos(&mut tx, vid).await?
    } else {
        Vec::new()
    };
    let emitido = store::camara::agora_local(&mut tx).await?;
    tx.commit().await?;
    let url = format!(
        "{}/legislativo/sessoes/{}",
        crate::http::origem::da_camara(&state, &current),
        s.id
    );
    let (titulo, data) = (s.titulo(), s.data());
    let documento = format!("Votação {}", v.tipo_label().to_lowercase());
    let corpo = pdf::votacao(
        &Cabecalho {
            camara: &current.tenant.nome_oficial,
            documento: &documento,
            sessao: &titulo,
            data: &data,
            url: &url,
            emitido_em: &emitido,
        },
        &votacao_pdf_de(&v, votos),
    );
    Ok(arquivo(&format!("votacao-{vid}.pdf"), corpo))
}

async fn certidao(
    state: &AppState,
    mut tx: TenantTx,
    current: &CurrentTenant,
    s: SessaoPlenaria,
) -> Result<Response, WebError> {
    let d = sp::ata::dados(&mut tx, s.id).await?;
    let emitido = store::camara::agora_local(&mut tx).await?;
    tx.commit().await?;
    let (mut justificadas, mut ausentes) = (Vec::new(), Vec::new());
    for (nome, j) in d.ausentes {
        match j {
            Some(j) => justificadas.push((nome, j)),
            None => ausentes.push(nome),
        }
    }
    let url = format!(
        "{}/legislativo/sessoes/{}",
        crate::http::origem::da_camara(state, current),
        s.id
    );
    let (titulo, data) = (s.titulo(), s.data());
    let corpo = pdf::certidao(
        &Cabecalho {
            camara: &current.tenant.nome_oficial,
            documento: "Certidão de presença",
            sessao: &titulo,
            data: &data,
            url: &url,
            emitido_em: &emitido,
        },
        &Presencas {
            abertura: d.abertura,
            encerramento: d.encerramento,
            presentes: d.presentes,
            justificadas,
            ausentes,
        },
    );
    Ok(arquivo(&format!("certidao-presenca-{}.pdf", s.id), corpo))
}

/// The public certidão: only of an encerrada sessão (the roll is then final).
pub(super) async fn certidao_publica(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(sid): Path<String>,
) -> Result<Response, WebError> {
    let s = sessao(&mut tx, id(&sid)?).await?;
    if s.status != StatusSessao::Encerrada {
        return Err(WebError::NotFound);
    }
    certidao(&state, tx, &current, s).await
}

/// The staff's certidão: of a sessão that was opened (running or encerrada).
pub(super) async fn certidao_admin(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    Path(sid): Path<String>,
) -> Result<Response, WebError> {
    let s = sessao(&mut tx, id(&sid)?).await?;
    if matches!(s.status, StatusSessao::Agendada | StatusSessao::Cancelada) {
        return Err(WebError::NotFound);
    }
    certidao(&state, tx, &current, s).await
}
