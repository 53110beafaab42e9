//! The admin of the mesa's composição: períodos, designating members, ending and removing
//! a membership.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::composicao::{self, Legislatura};
use store::mesa::{self, CargoMesa, MembroMesa, NovoMembroMesa, PeriodoMesa};
use time::Date;
use uuid::Uuid;

use super::periodo_label;
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{self, Erros, escolha, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

#[derive(Default)]
pub(super) struct FormMembro {
    parlamentar: String,
    cargo: String,
    inicio: String,
    fim: String,
    observacao: String,
}

#[derive(Default)]
pub(super) struct FormPeriodo {
    legislatura: String,
    inicio: String,
    fim: String,
    descricao: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "mesa/admin/mesa.html")]
pub(super) struct MesaAdmin {
    shell: Shell,
    periodos: Vec<(PeriodoMesa, String)>,
    periodo: Option<(PeriodoMesa, String)>,
    membros: Vec<MembroMesa>,
    vagos: Vec<CargoMesa>,
    cargos: Vec<CargoMesa>,
    parlamentares: Vec<(Uuid, String)>,
    legislaturas: Vec<Legislatura>,
    hoje: Date,
    /// The messages of the membro form.
    erros: Erros,
    erros_periodo: Erros,
    form: FormMembro,
    form_periodo: FormPeriodo,
}

fn rotulado(p: PeriodoMesa) -> (PeriodoMesa, String) {
    let l = periodo_label(&p);
    (p, l)
}

async fn pagina_mesa(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    escolhido: Option<Uuid>,
) -> Result<MesaAdmin, WebError> {
    let hoje = camara::hoje(tx).await?;
    let periodos = mesa::periodos(tx).await?;
    let periodo = match escolhido.and_then(|id| periodos.iter().find(|p| p.id == id)) {
        Some(p) => Some(p.clone()),
        None => match mesa::periodo_em(tx, hoje).await? {
            Some(p) => Some(p),
            None => periodos.first().cloned(),
        },
    };
    let (membros, vagos) = match &periodo {
        Some(p) => (
            mesa::membros_do_periodo(tx, p.id).await?,
            mesa::cargos_vagos(tx, p, hoje).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(MesaAdmin {
        shell: Shell::new(current, logado, "/admin/mesa"),
        periodos: periodos.into_iter().map(rotulado).collect(),
        periodo: periodo.map(rotulado),
        membros,
        vagos,
        cargos: mesa::cargos(tx, false).await?,
        parlamentares: composicao::opcoes(tx).await?,
        legislaturas: composicao::legislaturas(tx, None, 100).await?,
        hoje,
        erros: Erros::default(),
        erros_periodo: Erros::default(),
        form: FormMembro::default(),
        form_periodo: FormPeriodo::default(),
    })
}

#[derive(Deserialize)]
pub(super) struct PeriodoQuery {
    periodo: Option<String>,
}

pub(super) async fn admin_mesa(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<PeriodoQuery>,
) -> Result<MesaAdmin, WebError> {
    let escolhido = q.periodo.as_deref().and_then(|p| p.parse().ok());
    pagina_mesa(&mut tx, &current, &logado, escolhido).await
}

#[derive(Deserialize)]
pub(super) struct PeriodoForm {
    #[serde(default)]
    legislatura: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
    #[serde(default)]
    descricao: String,
}

pub(super) async fn criar_periodo(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<PeriodoForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    let leg = erros.campo(escolha(
        "legislatura",
        &f.legislatura,
        "Escolha a legislatura.",
    ));
    let inicio = erros.campo(formulario::data("inicio", &f.inicio));
    let fim = erros.campo(formulario::data("fim", &f.fim));
    if let (Some(leg), Some(inicio), Some(fim)) = (leg, inicio, fim) {
        match tx
            .tentar(async |tx| {
                mesa::criar_periodo(tx, &logado.autor, leg, inicio, fim, &f.descricao).await
            })
            .await
        {
            Ok(p) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/mesa?periodo={}", p.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_mesa(&mut tx, &current, &logado, None).await?;
    page.erros_periodo = erros;
    page.form_periodo = FormPeriodo {
        legislatura: f.legislatura,
        inicio: f.inicio,
        fim: f.fim,
        descricao: f.descricao,
    };
    Ok(invalido(page))
}

async fn periodo_alvo(tx: &mut TenantTx, id: &str) -> Result<PeriodoMesa, WebError> {
    mesa::periodo(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

pub(super) async fn periodo_remover_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let p = periodo_alvo(&mut tx, &id).await?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, "/admin/mesa"),
        "Remover período da Mesa",
        format!(
            "O {} será apagado. Só é possível remover um período sem membros designados \
             (um cadastro feito por engano).",
            periodo_label(&p)
        ),
        format!("/admin/mesa/periodos/{}/remover", p.id),
        "Remover",
        format!("/admin/mesa?periodo={}", p.id),
    ))
}

pub(super) async fn periodo_remover(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = periodo_alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| mesa::remover_periodo(tx, &logado.autor, p.id).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/mesa"))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let mut page = pagina_mesa(&mut tx, &current, &logado, Some(p.id)).await?;
            page.erros_periodo = erros;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

#[derive(Deserialize)]
pub(super) struct MembroForm {
    #[serde(default)]
    periodo: String,
    #[serde(default)]
    parlamentar: String,
    #[serde(default)]
    cargo: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
    #[serde(default)]
    observacao: String,
}

pub(super) async fn designar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<MembroForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    let periodo = erros.campo(escolha("periodo", &f.periodo, "Escolha o período da Mesa."));
    let parlamentar = erros.campo(escolha(
        "parlamentar",
        &f.parlamentar,
        "Escolha o parlamentar.",
    ));
    let cargo = erros.campo(escolha("cargo", &f.cargo, "Escolha o cargo."));
    let inicio = erros.campo(formulario::data("inicio", &f.inicio));
    let fim = erros.campo(formulario::data_opt("fim", &f.fim));
    if let (Some(periodo_id), Some(parlamentar_id), Some(cargo_id), Some(inicio), Some(fim)) =
        (periodo, parlamentar, cargo, inicio, fim)
    {
        let n = NovoMembroMesa {
            periodo_id,
            parlamentar_id,
            cargo_id,
            inicio,
            fim,
            observacao: f.observacao.clone(),
        };
        match tx
            .tentar(async |tx| mesa::designar(tx, &logado.autor, &n).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/mesa?periodo={periodo_id}")));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_mesa(&mut tx, &current, &logado, periodo).await?;
    page.erros = erros;
    page.form = FormMembro {
        parlamentar: f.parlamentar,
        cargo: f.cargo,
        inicio: f.inicio,
        fim: f.fim,
        observacao: f.observacao,
    };
    Ok(invalido(page))
}

async fn membro_alvo(tx: &mut TenantTx, id: &str) -> Result<MembroMesa, WebError> {
    mesa::membro(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "mesa/admin/encerrar.html")]
pub(super) struct EncerrarPage {
    shell: Shell,
    m: MembroMesa,
    fim: String,
    observacao: String,
    erros: Erros,
}

pub(super) async fn encerrar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<EncerrarPage, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let hoje = camara::hoje(&mut tx).await?;
    Ok(EncerrarPage {
        shell: Shell::new(&current, &logado, "/admin/mesa"),
        fim: hoje.clamp(m.inicio, m.fim).br(),
        observacao: String::new(),
        m,
        erros: Erros::default(),
    })
}

#[derive(Deserialize)]
pub(super) struct EncerrarForm {
    #[serde(default)]
    fim: String,
    #[serde(default)]
    observacao: String,
}

pub(super) async fn encerrar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<EncerrarForm>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    if let Some(fim) = erros.campo(formulario::data("fim", &f.fim)) {
        match tx
            .tentar(async |tx| mesa::encerrar(tx, &logado.autor, m.id, fim, &f.observacao).await)
            .await
        {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/mesa?periodo={}",
                    m.periodo_id
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    Ok(invalido(EncerrarPage {
        shell: Shell::new(&current, &logado, "/admin/mesa"),
        m,
        fim: f.fim,
        observacao: f.observacao,
        erros,
    }))
}

pub(super) async fn remover_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, "/admin/mesa"),
        "Remover membro da Mesa",
        format!(
            "O registro de {} como {} ({} a {}) será apagado. Use esta opção só para um \
             registro feito por engano; para quem deixou o cargo, use \"Encerrar\", que \
             mantém o histórico.",
            m.nome_parlamentar,
            m.cargo_do_titular,
            m.inicio.br(),
            m.fim.br()
        ),
        format!("/admin/mesa/membros/{}/remover", m.id),
        "Remover",
        format!("/admin/mesa?periodo={}", m.periodo_id),
    ))
}

pub(super) async fn remover(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    mesa::remover(&mut tx, &logado.autor, m.id).await?;
    tx.commit().await?;
    Ok(redirecionar(&format!(
        "/admin/mesa?periodo={}",
        m.periodo_id
    )))
}
