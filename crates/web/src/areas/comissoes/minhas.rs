//! A comissão member's own pages (`/admin/minhas-comissoes`, permission
//! `comissao.participar`, for an account linked to a parlamentar): the matérias where they
//! are the current relator, with the prazo in dias úteis and the form of their parecer
//! (recorded by the same store function as the secretaria's), and the pareceres of their
//! comissões open for the vote, where they vote once. Anything not theirs is a 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use domain::ValidationError;
use domain::calendario::SituacaoPrazo;
use domain::comissoes::{Conclusao, Voto};
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::comissoes::pareceres::{self, Parecer};
use store::comissoes::participacao::{self, MinhaRelatoria, ParaVotar};
use store::proposicoes::emendas::{self, Emenda};
use time::Date;
use uuid::Uuid;

use super::materias::campo;
use super::pareceres::{FormParecer, ler_parecer};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;
use crate::state::AppState;

pub(super) const MENU: &str = "/admin/minhas-comissoes";
const POR_PAGINA: i64 = 20;

/// The member's parlamentar; an account linked to none is refused (403).
fn parlamentar(logado: &Logado) -> Result<Uuid, WebError> {
    logado
        .sessao
        .usuario
        .parlamentar_id
        .ok_or(WebError::Forbidden)
}

/// A relatoria with where its prazo stands today.
pub(super) struct Linha {
    r: MinhaRelatoria,
    vencido: bool,
    situacao: String,
}

fn linha(r: MinhaRelatoria, hoje: Date) -> Linha {
    let (s, situacao) = r.situacao_prazo(hoje);
    Linha {
        vencido: s == SituacaoPrazo::Vencido,
        situacao,
        r,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/minhas/lista.html")]
pub(super) struct Lista {
    shell: Shell,
    relatorias: Vec<Linha>,
    votacoes: Vec<ParaVotar>,
    pagina: i64,
    paginas: i64,
    total: i64,
}

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    pagina: Option<i64>,
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<ListaQuery>,
) -> Result<Lista, WebError> {
    let parl = parlamentar(&logado)?;
    let hoje = camara::hoje(&mut tx).await?;
    let pagina = q.pagina.unwrap_or(1).clamp(1, 100_000);
    let (relatorias, total) =
        participacao::minhas_relatorias(&mut tx, parl, POR_PAGINA, (pagina - 1) * POR_PAGINA)
            .await?;
    Ok(Lista {
        shell: Shell::new(&current, &logado, MENU),
        relatorias: relatorias.into_iter().map(|r| linha(r, hoje)).collect(),
        votacoes: participacao::para_votar(&mut tx, parl).await?,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
    })
}

// ---------------------------------------------------------------- the relator's parecer

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/minhas/relatoria.html")]
pub(super) struct PaginaRelatoria {
    shell: Shell,
    l: Linha,
    texto_html: String,
    pareceres: Vec<Parecer>,
    emendas: Vec<Emenda>,
    conclusoes: &'static [Conclusao],
    erros_parecer: Erros,
    form: FormParecer,
}

impl PaginaRelatoria {
    fn acao_parecer(&self) -> String {
        format!("{MENU}/relatorias/{}/parecer", self.l.r.distribuicao_id)
    }

    fn emenda_escolhida(&self, id: &Uuid) -> bool {
        self.form.emendas.iter().any(|e| *e == id.to_string())
    }
}

async fn minha(tx: &mut TenantTx, logado: &Logado, id: &str) -> Result<MinhaRelatoria, WebError> {
    let parl = parlamentar(logado)?;
    participacao::minha_relatoria(tx, parl, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn pagina_relatoria(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    r: MinhaRelatoria,
) -> Result<PaginaRelatoria, WebError> {
    let hoje = camara::hoje(tx).await?;
    let texto = store::comissoes::distribuicao::resumo(tx, r.proposicao_id)
        .await?
        .map(|p| p.texto)
        .unwrap_or_default();
    Ok(PaginaRelatoria {
        shell: Shell::new(current, logado, MENU),
        texto_html: domain::texto::markdown_seguro(&texto),
        pareceres: pareceres::da_distribuicao(tx, r.distribuicao_id).await?,
        emendas: emendas::emendas_da_proposicao(tx, r.proposicao_id).await?,
        conclusoes: Conclusao::ALL,
        erros_parecer: Erros::default(),
        form: FormParecer {
            data: hoje.max(r.designada_em).br(),
            ..FormParecer::default()
        },
        l: linha(r, hoje),
    })
}

pub(super) async fn relatoria(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<PaginaRelatoria, WebError> {
    let r = minha(&mut tx, &logado, &id).await?;
    pagina_relatoria(&mut tx, &current, &logado, r).await
}

/// The relator's own parecer (the form of `ler_parecer`).
pub(super) async fn parecer(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mut multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let r = minha(&mut tx, &logado, &id).await?;
    let parl = parlamentar(&logado)?;
    let (form, lido) = ler_parecer(&state, &tx, &mut multipart, r.distribuicao_id).await?;
    let erros = match lido {
        Ok(n) => match tx
            .tentar(async |tx| {
                participacao::apresentar_como_relator(tx, &logado.autor, parl, &n).await
            })
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "{MENU}/relatorias/{}",
                    r.distribuicao_id
                )));
            }
            Err(e) => Erros::do_store(e)?,
        },
        Err(erros) => erros,
    };
    let mut page = pagina_relatoria(&mut tx, &current, &logado, r).await?;
    page.erros_parecer = erros;
    page.form = form;
    Ok(invalido(page))
}

// ---------------------------------------------------------------- the member's vote

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/minhas/votacao.html")]
pub(super) struct PaginaVotacao {
    shell: Shell,
    v: ParaVotar,
    opcoes: Vec<Voto>,
    erros: Erros,
    escolhido: String,
}

async fn votacao_alvo(tx: &mut TenantTx, logado: &Logado, id: &str) -> Result<ParaVotar, WebError> {
    let parl = parlamentar(logado)?;
    participacao::para_votar_um(tx, parl, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

fn pagina_votacao(current: &CurrentTenant, logado: &Logado, v: ParaVotar) -> PaginaVotacao {
    PaginaVotacao {
        shell: Shell::new(current, logado, MENU),
        v,
        opcoes: Voto::ALL
            .iter()
            .copied()
            .filter(|v| *v != Voto::Ausente)
            .collect(),
        erros: Erros::default(),
        escolhido: String::new(),
    }
}

pub(super) async fn votacao(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<PaginaVotacao, WebError> {
    let v = votacao_alvo(&mut tx, &logado, &id).await?;
    Ok(pagina_votacao(&current, &logado, v))
}

/// The member's vote: `voto` (sim, nao, abstencao), once.
pub(super) async fn votar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let v = votacao_alvo(&mut tx, &logado, &id).await?;
    let parl = parlamentar(&logado)?;
    let mut erros = Erros::default();
    match Voto::parse(campo(&campos, "voto")).filter(|v| *v != Voto::Ausente) {
        None => erros.push(ValidationError::new(
            "voto",
            "Escolha o voto: sim, não ou abstenção.",
        )),
        Some(voto) => match tx
            .tentar(async |tx| {
                participacao::votar_como_membro(tx, &logado.autor, parl, v.votacao_id, voto).await
            })
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("{MENU}/votacoes/{}", v.votacao_id)));
            }
            Err(store::Error::Conflict(m)) => erros.geral = Some(m),
            Err(e) => erros = Erros::do_store(e)?,
        },
    }
    let mut page = pagina_votacao(&current, &logado, v);
    page.erros = erros;
    page.escolhido = campo(&campos, "voto").to_owned();
    Ok(invalido(page))
}
