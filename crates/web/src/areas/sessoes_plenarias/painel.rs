//! The operator console (`/admin/sessoes/{id}/painel`, `votacao.operar`) and the councilor's
//! page (`/admin/plenario`, `votacao.votar`): server-rendered forms over the same state
//! (`store::sessoes_plenarias::painel::EstadoPainel`), which the SSE painel will push later.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::TenantTx;
use store::sessoes_plenarias::oradores;
use store::sessoes_plenarias::pauta::{self, ItemPauta, NovoItem};
use store::sessoes_plenarias::presenca::{self, Chamada, Marca};
use store::sessoes_plenarias::votacao::{self, Encerramento, Votacao, VotoNominal};
use store::sessoes_plenarias::{self as sp, FaseSessao, SessaoPlenaria, StatusSessao};
use uuid::Uuid;

use domain::sessoes_plenarias::oradores::AcaoOrador;
use domain::sessoes_plenarias::pauta::AcaoItem;
use domain::sessoes_plenarias::presenca::{Ambito, SituacaoPresenca};
use domain::sessoes_plenarias::quorum::Resultado;
use domain::sessoes_plenarias::votacao::{Acao, StatusVotacao, TipoAcao, TipoVotacao, Voto};

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::CurrentTenant;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

/// A votação with its nominal votes (shown to the operator while open; secret: none).
pub(crate) struct VotacaoTela {
    pub v: Votacao,
    pub votos: Vec<VotoNominal>,
}

pub(super) async fn votacoes_da(
    tx: &mut TenantTx,
    sessao: Uuid,
) -> Result<Vec<VotacaoTela>, WebError> {
    let mut fora = Vec::new();
    for v in votacao::da_sessao(tx, sessao).await? {
        let votos = votacao::votos(tx, v.id).await?;
        fora.push(VotacaoTela {
            v: votacao::publica(&v),
            votos,
        });
    }
    Ok(fora)
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/painel.html")]
pub(super) struct Console {
    shell: Shell,
    s: SessaoPlenaria,
    fases: Vec<FaseSessao>,
    chamada: Chamada,
    itens: Vec<ItemPauta>,
    votacoes: Vec<VotacaoTela>,
    /// The live box (fed by the sessão's SSE stream).
    q: sp::painel::Quadro,
    /// The pauta still changes (the sessão is neither encerrada nor cancelada).
    pauta_aberta: bool,
    recarregar: bool,
    erros: Erros,
}

async fn console(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
    erros: Erros,
) -> Result<Console, WebError> {
    let s = sp::por_id(tx, id).await?.ok_or(WebError::NotFound)?;
    Ok(Console {
        shell: Shell::new(current, logado, "/admin/sessoes"),
        fases: sp::fases(tx).await?,
        chamada: presenca::chamada(tx, id).await?,
        itens: pauta::itens(tx, id).await?,
        votacoes: votacoes_da(tx, id).await?,
        q: sp::painel::quadro(tx, id).await?,
        pauta_aberta: !matches!(s.status, StatusSessao::Encerrada | StatusSessao::Cancelada),
        recarregar: true,
        s,
        erros,
    })
}

pub(super) async fn console_ver(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Console, WebError> {
    let id = id_de(&id)?;
    let c = console(&mut tx, &current, &logado, id, Erros::default()).await?;
    tx.commit().await?;
    Ok(c)
}

/// One form for every operator action; `acao` says which.
#[derive(Deserialize, Default)]
pub(super) struct AcaoForm {
    #[serde(default)]
    acao: String,
    #[serde(default)]
    fase: String,
    #[serde(default)]
    parlamentar: String,
    #[serde(default)]
    situacao: String,
    #[serde(default)]
    ambito: String,
    #[serde(default)]
    justificativa: String,
    #[serde(default)]
    descricao: String,
    #[serde(default)]
    tipo_acao: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    votacao: String,
    #[serde(default)]
    sim: String,
    #[serde(default)]
    nao: String,
    #[serde(default)]
    abstencao: String,
    #[serde(default)]
    resultado: String,
    #[serde(default)]
    motivo: String,
    #[serde(default)]
    orador: String,
    #[serde(default)]
    tempo: String,
    #[serde(default)]
    prazo: String,
    #[serde(default)]
    posicao: String,
}

fn uuid(campo: &'static str, s: &str, msg: &str) -> Result<Uuid, store::Error> {
    s.trim()
        .parse()
        .map_err(|_| store::Error::Validation(domain::ValidationError::new(campo, msg)))
}

fn contagem(f: &AcaoForm) -> Option<(i64, i64, i64)> {
    let n = |s: &str| s.trim().parse::<i64>().ok();
    match (n(&f.sim), n(&f.nao), n(&f.abstencao)) {
        (Some(a), Some(b), c) => Some((a, b, c.unwrap_or(0))),
        _ => None,
    }
}

async fn executar(
    tx: &mut TenantTx,
    logado: &Logado,
    id: Uuid,
    f: &AcaoForm,
) -> Result<(), store::Error> {
    let a = &logado.autor;
    match f.acao.as_str() {
        "abrir" => sp::transicionar(tx, a, id, StatusSessao::Aberta, None)
            .await
            .map(drop),
        "suspender" => sp::transicionar(tx, a, id, StatusSessao::Suspensa, None)
            .await
            .map(drop),
        "retomar" => sp::transicionar(tx, a, id, StatusSessao::Aberta, None)
            .await
            .map(drop),
        "encerrar" => sp::transicionar(tx, a, id, StatusSessao::Encerrada, None)
            .await
            .map(drop),
        "campainha" => sp::tocar_campainha(tx, a, id).await,
        "fase" => {
            let fase = uuid("fase", &f.fase, "Escolha uma fase da lista.")?;
            sp::definir_fase(tx, a, id, fase).await.map(drop)
        }
        "presenca" => {
            let p = uuid("parlamentar", &f.parlamentar, "Escolha o parlamentar.")?;
            let situacao =
                SituacaoPresenca::parse(&f.situacao).unwrap_or(SituacaoPresenca::Presente);
            let ambito = Ambito::parse(&f.ambito).unwrap_or(Ambito::Sessao);
            presenca::marcar(
                tx,
                a,
                id,
                &Marca {
                    parlamentar_id: p,
                    ambito,
                    situacao,
                    justificativa: f.justificativa.clone(),
                    pelo_proprio: false,
                },
            )
            .await
        }
        "item" => {
            let tipo_acao = TipoAcao::parse(&f.tipo_acao).unwrap_or(TipoAcao::DiscussaoVotacao);
            pauta::adicionar_item(
                tx,
                a,
                id,
                &NovoItem {
                    proposicao_id: None,
                    descricao: f.descricao.clone(),
                    tipo_acao,
                    quorum: None,
                    turno: 1,
                    fase_id: None,
                },
            )
            .await
            .map(drop)
        }
        "orador_inscrever" => {
            let p = uuid("parlamentar", &f.parlamentar, "Escolha o parlamentar.")?;
            oradores::inscrever(tx, a, id, p, false).await
        }
        "orador_iniciar" | "orador_pausar" | "orador_retomar" | "orador_encerrar" => {
            let o = uuid("orador", &f.orador, "Orador não encontrado.")?;
            let acao = AcaoOrador::parse(f.acao.trim_start_matches("orador_"))
                .ok_or_else(|| store::Error::Conflict("Ação desconhecida.".into()))?;
            oradores::agir(tx, a, o, acao).await
        }
        "orador_mais_tempo" => {
            let o = uuid("orador", &f.orador, "Orador não encontrado.")?;
            oradores::acrescentar_tempo(tx, a, o, 60).await
        }
        "tempo_fase" => {
            let fase = uuid("fase", &f.fase, "Escolha uma fase da lista.")?;
            let minutos: f64 = f.tempo.trim().replace(',', ".").parse().map_err(|_| {
                store::Error::Validation(domain::ValidationError::new(
                    "tempo",
                    "Informe o tempo de fala em minutos (por exemplo, 5 ou 2,5).",
                ))
            })?;
            // Whole seconds; the table checks the range.
            let segundos = (minutos * 60.0).round().clamp(0.0, 1e6) as i32;
            oradores::definir_tempo(tx, a, fase, segundos).await
        }
        "item_vista" | "item_devolver" => {
            let item = uuid("item", &f.item, "Escolha o item.")?;
            let (acao, prazo_dias) = if f.acao == "item_vista" {
                let dias = f.prazo.trim().parse().map_err(|_| {
                    store::Error::Validation(domain::ValidationError::new(
                        "prazo",
                        "Informe o prazo da vista, em dias (de 1 a 30).",
                    ))
                })?;
                (AcaoItem::PedirVista, Some(dias))
            } else {
                (AcaoItem::DevolverVista, None)
            };
            let m = pauta::Movimento {
                prazo_dias,
                ..Default::default()
            };
            pauta::mover_item(tx, a, item, acao, &m).await.map(drop)
        }
        "item_posicao" => {
            let item = uuid("item", &f.item, "Escolha o item.")?;
            let posicao = f.posicao.trim().parse().unwrap_or(0);
            pauta::reposicionar(tx, a, item, posicao, &f.motivo).await
        }
        "abrir_votacao" => {
            let item = uuid("item", &f.item, "Escolha o item.")?;
            let tipo = TipoVotacao::parse(&f.tipo).unwrap_or(TipoVotacao::Nominal);
            votacao::abrir(tx, a, item, tipo).await.map(drop)
        }
        "encerrar_votacao" => {
            let v = uuid("votacao", &f.votacao, "Votação não encontrada.")?;
            let alterar = Resultado::parse(&f.resultado);
            votacao::encerrar(
                tx,
                a,
                v,
                &Encerramento {
                    contagem: contagem(f),
                    declarado: alterar,
                    alterar_para: alterar.filter(|_| !f.justificativa.trim().is_empty()),
                    justificativa: f.justificativa.clone(),
                },
            )
            .await
            .map(drop)
        }
        mover => {
            let acao = Acao::parse(mover.trim_end_matches("_votacao"))
                .ok_or_else(|| store::Error::Conflict("Ação desconhecida.".into()))?;
            let v = uuid("votacao", &f.votacao, "Votação não encontrada.")?;
            votacao::mover(tx, a, v, acao, &f.motivo).await.map(drop)
        }
    }
}

pub(super) async fn console_agir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<AcaoForm>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    sp::por_id(&mut tx, id).await?.ok_or(WebError::NotFound)?;
    match tx
        .tentar(async |tx| executar(tx, &logado, id, &f).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/sessoes/{id}/painel")))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let c = console(&mut tx, &current, &logado, id, erros).await?;
            Ok(invalido(c))
        }
    }
}

// ------------------------------------------------------------------ the councilor's page

/// A running sessão on the councilor's page: their presença, and each votação with whether
/// they voted and (nominal) how.
type SessaoDoVereador = (
    SessaoPlenaria,
    Option<&'static str>,
    Vec<(Votacao, bool, Option<Voto>)>,
    String,
);

/// The painel's current votação as the live script compares it (`id:status`): the page
/// reloads when the stream says it changed.
async fn votacao_atual(tx: &mut TenantTx, sessao: Uuid) -> Result<String, WebError> {
    Ok(sp::painel::estado(tx, sessao)
        .await?
        .votacao
        .map(|v| format!("{}:{}", v.id, v.status))
        .unwrap_or_default())
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/plenario.html")]
pub(super) struct Plenario {
    shell: Shell,
    sessoes: Vec<SessaoDoVereador>,
    /// The vote waiting for confirmation: (votação, voto).
    confirmar: Option<(Uuid, Voto)>,
    erros: Erros,
}

fn parlamentar(logado: &Logado) -> Result<Uuid, WebError> {
    logado
        .sessao
        .usuario
        .parlamentar_id
        .ok_or(WebError::Forbidden)
}

async fn plenario(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    confirmar: Option<(Uuid, Voto)>,
    erros: Erros,
) -> Result<Plenario, WebError> {
    let p = parlamentar(logado)?;
    let (abertas, _) = sp::listar(tx, &sp::Filtro::default(), 200, 0).await?;
    let mut sessoes = Vec::new();
    for s in abertas.into_iter().filter(|s| s.status.em_curso()) {
        let ch = presenca::chamada(tx, s.id).await?;
        let minha = ch
            .linhas
            .iter()
            .find(|l| l.parlamentar_id == p)
            .map(|l| l.rotulo());
        let vs: Vec<Votacao> = votacao::da_sessao(tx, s.id)
            .await?
            .into_iter()
            .filter(|v| v.status() != StatusVotacao::Cancelada)
            .collect();
        let ids: Vec<Uuid> = vs.iter().map(|v| v.id).collect();
        let meus = votacao::meus_votos(tx, &ids, p).await?;
        let vs = vs
            .iter()
            .map(|v| {
                let meu = meus.get(&v.id);
                (votacao::publica(v), meu.is_some(), meu.copied().flatten())
            })
            .collect();
        let atual = votacao_atual(tx, s.id).await?;
        sessoes.push((s, minha, vs, atual));
    }
    Ok(Plenario {
        shell: Shell::new(current, logado, "/admin/plenario"),
        sessoes,
        confirmar,
        erros,
    })
}

/// After a councilor's action: committed and back to their page, or the page again with
/// the refusal (the action rolled back to its savepoint).
async fn de_volta<T>(
    mut tx: TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    r: store::Result<T>,
) -> Result<Response, WebError> {
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/plenario"))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            Ok(invalido(
                plenario(&mut tx, current, logado, None, erros).await?,
            ))
        }
    }
}

pub(super) async fn plenario_ver(
    Admin(mut tx, current, logado): Admin,
) -> Result<Plenario, WebError> {
    let page = plenario(&mut tx, &current, &logado, None, Erros::default()).await?;
    tx.commit().await?;
    Ok(page)
}

#[derive(Deserialize, Default)]
pub(super) struct VotoForm {
    #[serde(default)]
    sessao: String,
    #[serde(default)]
    votacao: String,
    #[serde(default)]
    voto: String,
    /// "1" on the confirmation step.
    #[serde(default)]
    confirmado: String,
}

/// Self check-in: the councilor marks their own presença.
pub(super) async fn plenario_presenca(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<VotoForm>,
) -> Result<Response, WebError> {
    let p = parlamentar(&logado)?;
    let sessao = id_de(&f.sessao)?;
    let marca = Marca {
        parlamentar_id: p,
        ambito: Ambito::Sessao,
        situacao: SituacaoPresenca::Presente,
        justificativa: String::new(),
        pelo_proprio: true,
    };
    let r = tx
        .tentar(async |tx| presenca::marcar(tx, &logado.autor, sessao, &marca).await)
        .await;
    de_volta(tx, &current, &logado, r).await
}

/// The councilor signs up to speak in the current phase of a running sessão.
pub(super) async fn plenario_inscrever(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<VotoForm>,
) -> Result<Response, WebError> {
    let p = parlamentar(&logado)?;
    let sessao = id_de(&f.sessao)?;
    let r = tx
        .tentar(async |tx| oradores::inscrever(tx, &logado.autor, sessao, p, true).await)
        .await;
    de_volta(tx, &current, &logado, r).await
}

/// SIM / NÃO / ABSTENÇÃO, with a confirmation step; a repeated submit is idempotent.
pub(super) async fn plenario_votar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<VotoForm>,
) -> Result<Response, WebError> {
    let p = parlamentar(&logado)?;
    let v = id_de(&f.votacao)?;
    let Some(voto) = Voto::parse(&f.voto) else {
        let erros = Erros::geral("Escolha SIM, NÃO ou ABSTENÇÃO.");
        return Ok(invalido(
            plenario(&mut tx, &current, &logado, None, erros).await?,
        ));
    };
    if f.confirmado != "1" {
        let page = plenario(
            &mut tx,
            &current,
            &logado,
            Some((v, voto)),
            Erros::default(),
        )
        .await?;
        return Ok(page.into_response());
    }
    let r = tx
        .tentar(async |tx| votacao::votar(tx, &logado.autor, v, p, voto).await)
        .await;
    de_volta(tx, &current, &logado, r).await
}

// ------------------------------------------------------------------ closing the sessão

/// Closing a sessão is final (it changes only through a retificação): asked first.
pub(super) async fn encerrar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<crate::kit::confirmacao::Confirmacao, WebError> {
    let id = id_de(&id)?;
    let s = sp::por_id(&mut tx, id).await?.ok_or(WebError::NotFound)?;
    let voltar = format!("/admin/sessoes/{id}/painel");
    let c = crate::kit::confirmacao::Confirmacao::new(
        Shell::new(&current, &logado, "/admin/sessoes"),
        format!("Encerrar: {}", s.titulo()),
        "Depois de encerrada, a sessão só muda por uma retificação, com o motivo.",
        format!("/admin/sessoes/{id}/painel/encerrar"),
        "Encerrar a sessão",
        voltar,
    );
    Ok(match s.status.impedimento(StatusSessao::Encerrada) {
        Some(porque) => c.impedida(porque),
        None => c,
    })
}

pub(super) async fn encerrar_salvar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let uid = id_de(&id)?;
    match tx
        .tentar(async |tx| {
            sp::transicionar(tx, &logado.autor, uid, StatusSessao::Encerrada, None).await
        })
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/sessoes/{uid}/painel")))
        }
        Err(e) => {
            let c = encerrar_form(Admin(tx, current, logado), Path(id)).await?;
            c.recusada(e)
        }
    }
}
