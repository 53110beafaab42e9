//! The câmara's calendar (`/admin/calendario`): one year with every holiday (national ones
//! computed, the câmara's own editable) and the recessos; prazos in dias úteis count on it.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::calendario::{self, ABRANGENCIAS, DiaSemExpediente, NovoFeriado, NovoRecesso, Recesso};

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{self, Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const MENU: &str = "/admin/calendario";

#[derive(Deserialize, Default)]
pub(super) struct AnoQuery {
    #[serde(default)]
    ano: String,
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct FeriadoForm {
    #[serde(default)]
    data: String,
    #[serde(default)]
    nome: String,
    #[serde(default)]
    abrangencia: String,
    anual: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct RecessoForm {
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
    #[serde(default)]
    descricao: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/calendario.html")]
pub(super) struct Pagina {
    shell: Shell,
    ano: i32,
    dias: Vec<DiaSemExpediente>,
    recessos: Vec<Recesso>,
    abrangencias: [(&'static str, &'static str); 3],
    feriado: FeriadoForm,
    erros: Erros,
    recesso: RecessoForm,
    erros_recesso: Erros,
}

fn dia_da_semana(d: time::Date) -> &'static str {
    use time::Weekday::*;
    match d.weekday() {
        Monday => "segunda-feira",
        Tuesday => "terça-feira",
        Wednesday => "quarta-feira",
        Thursday => "quinta-feira",
        Friday => "sexta-feira",
        Saturday => "sábado",
        Sunday => "domingo",
    }
}

impl Pagina {
    fn semana(&self, d: &time::Date) -> &'static str {
        dia_da_semana(*d)
    }
}

async fn montar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    ano: Option<i32>,
) -> Result<Pagina, WebError> {
    let hoje = store::camara::hoje(tx).await?;
    let ano = ano
        .filter(|a| (1900..=2200).contains(a))
        .unwrap_or(hoje.year());
    let (dias, recessos) = calendario::ano(tx, ano).await?;
    Ok(Pagina {
        shell: Shell::new(current, logado, MENU),
        ano,
        dias,
        recessos,
        abrangencias: ABRANGENCIAS,
        feriado: FeriadoForm {
            abrangencia: "municipal".into(),
            ..FeriadoForm::default()
        },
        erros: Erros::default(),
        recesso: RecessoForm::default(),
        erros_recesso: Erros::default(),
    })
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<AnoQuery>,
) -> Result<Pagina, WebError> {
    montar(&mut tx, &current, &logado, q.ano.trim().parse().ok()).await
}

pub(super) async fn criar_feriado(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<FeriadoForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    if let Some(data) = erros.campo(formulario::data("data", &f.data)) {
        let n = NovoFeriado {
            data,
            nome: f.nome.clone(),
            abrangencia: f.abrangencia.trim().to_owned(),
            anual: f.anual.is_some(),
        };
        match tx
            .tentar(async |tx| calendario::criar_feriado(tx, &logado.autor, &n).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/calendario?ano={}",
                    data.year()
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let ano = formulario::data("data", &f.data).ok().map(|d| d.year());
    let mut page = montar(&mut tx, &current, &logado, ano).await?;
    page.feriado = f;
    page.erros = erros;
    Ok(invalido(page))
}

pub(super) async fn criar_recesso(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<RecessoForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    let inicio = erros.campo(formulario::data("inicio", &f.inicio));
    let fim = erros.campo(formulario::data("fim", &f.fim));
    if let (Some(inicio), Some(fim)) = (inicio, fim) {
        let n = NovoRecesso {
            inicio,
            fim,
            descricao: f.descricao.clone(),
        };
        match tx
            .tentar(async |tx| calendario::criar_recesso(tx, &logado.autor, &n).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/calendario?ano={}",
                    inicio.year()
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = montar(&mut tx, &current, &logado, inicio.map(|d| d.year())).await?;
    page.recesso = f;
    page.erros_recesso = erros;
    Ok(invalido(page))
}

pub(super) async fn excluir_feriado_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let f = calendario::feriado(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, MENU),
        "Excluir feriado",
        format!(
            "O feriado \"{}\" ({}{}) será excluído do calendário. Os prazos já calculados não \
             mudam; os próximos passam a contar esse dia como útil.",
            f.nome,
            f.data.br(),
            if f.anual { ", todos os anos" } else { "" }
        ),
        format!("/admin/calendario/feriados/{}/excluir", f.id),
        "Excluir",
        format!("/admin/calendario?ano={}", f.data.year()),
    ))
}

pub(super) async fn excluir_feriado(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let f = calendario::feriado(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    calendario::excluir_feriado(&mut tx, &logado.autor, f.id).await?;
    tx.commit().await?;
    Ok(redirecionar(&format!(
        "/admin/calendario?ano={}",
        f.data.year()
    )))
}

pub(super) async fn excluir_recesso_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let r = calendario::recesso(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, MENU),
        "Excluir recesso",
        format!(
            "O recesso \"{}\" ({} a {}) será excluído do calendário. Os prazos já calculados \
             não mudam.",
            r.descricao,
            r.inicio.br(),
            r.fim.br()
        ),
        format!("/admin/calendario/recessos/{}/excluir", r.id),
        "Excluir",
        format!("/admin/calendario?ano={}", r.inicio.year()),
    ))
}

pub(super) async fn excluir_recesso(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let r = calendario::recesso(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    calendario::excluir_recesso(&mut tx, &logado.autor, r.id).await?;
    tx.commit().await?;
    Ok(redirecionar(&format!(
        "/admin/calendario?ano={}",
        r.inicio.year()
    )))
}
