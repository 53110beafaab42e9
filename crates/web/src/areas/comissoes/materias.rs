//! The secretaria's side of the comissões at work: the proposições (a paged list), one
//! proposição's distribution to comissões by despacho, and marking it ready for the pauta
//! once every comissão approved its parecer (a button, after a confirmation: never
//! automatic, so that the secretaria decides when it leaves the comissões).

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::comissoes::distribuicao::{self, Distribuicao, Resumo};
use store::comissoes::{self, Comissao};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{self, Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const POR_PAGINA: i64 = 20;
pub(super) const MENU: &str = "/admin/comissoes";

/// The pages in a list of `total` rows, and the page asked for, within them.
pub(super) fn paginar(total: i64, pedida: Option<i64>, por_pagina: i64) -> (i64, i64) {
    let paginas = ((total + por_pagina - 1) / por_pagina).max(1);
    (pedida.unwrap_or(1).clamp(1, paginas), paginas)
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/materias.html")]
pub(super) struct Materias {
    shell: Shell,
    lista: Vec<Resumo>,
    q: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
}

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    q: Option<String>,
    pagina: Option<i64>,
}

pub(super) async fn materias(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<ListaQuery>,
) -> Result<Materias, WebError> {
    let termo = q.q.unwrap_or_default().trim().to_owned();
    let busca = (!termo.is_empty()).then_some(termo.as_str());
    let (_, total) = distribuicao::materias(&mut tx, busca, 1, 0).await?;
    let (pagina, paginas) = paginar(total, q.pagina, POR_PAGINA);
    let (lista, _) =
        distribuicao::materias(&mut tx, busca, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    Ok(Materias {
        shell: Shell::new(&current, &logado, MENU),
        lista,
        query_base: form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &termo)
            .finish(),
        q: termo,
        pagina,
        paginas,
        total,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/materia.html")]
pub(super) struct Materia {
    shell: Shell,
    p: Resumo,
    distribuicoes: Vec<Distribuicao>,
    pareceres: Vec<store::comissoes::pareceres::Parecer>,
    comissoes: Vec<Comissao>,
    pendencia: Option<String>,
    erros: Erros,
    escolhidas: Vec<String>,
    data: String,
    despacho: String,
}

impl Materia {
    fn escolhida(&self, id: &Uuid) -> bool {
        self.escolhidas.iter().any(|e| *e == id.to_string())
    }
}

pub(super) async fn proposicao_alvo(tx: &mut TenantTx, id: &str) -> Result<Resumo, WebError> {
    distribuicao::resumo(tx, id_de(id)?)
        .await?
        .filter(|p| p.mae_id.is_none())
        .ok_or(WebError::NotFound)
}

async fn pagina_materia(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    p: Resumo,
) -> Result<Materia, WebError> {
    let hoje = camara::hoje(tx).await?;
    Ok(Materia {
        shell: Shell::new(current, logado, MENU),
        distribuicoes: distribuicao::distribuicoes(tx, p.id).await?,
        pareceres: comissoes::pareceres_da_proposicao(tx, p.id).await?,
        comissoes: comissoes::comissoes_ativas(tx).await?,
        pendencia: distribuicao::pendencias(tx, p.id).await?,
        p,
        erros: Erros::default(),
        escolhidas: Vec::new(),
        data: hoje.br(),
        despacho: String::new(),
    })
}

pub(super) async fn materia(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Materia, WebError> {
    let p = proposicao_alvo(&mut tx, &id).await?;
    pagina_materia(&mut tx, &current, &logado, p).await
}

/// The value of every field named `nome` in a form sent as pairs (repeated fields).
pub(super) fn todos<'a>(campos: &'a [(String, String)], nome: &str) -> Vec<&'a str> {
    campos
        .iter()
        .filter(|(k, _)| k == nome)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The value of the field `nome` (the first), or empty.
pub(super) fn campo<'a>(campos: &'a [(String, String)], nome: &str) -> &'a str {
    todos(campos, nome).first().copied().unwrap_or("")
}

/// Distributes to the comissões chosen (`comissao`, repeated), on `data`, by `despacho`.
pub(super) async fn distribuir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let p = proposicao_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let escolhidas: Vec<String> = todos(&campos, "comissao")
        .into_iter()
        .map(str::to_owned)
        .collect();
    let ids: Vec<Uuid> = escolhidas.iter().filter_map(|s| s.parse().ok()).collect();
    if ids.len() != escolhidas.len() {
        erros.push(domain::ValidationError::new(
            "comissoes",
            "Escolha as comissões da lista.",
        ));
    }
    let data = erros.campo(formulario::data("data", campo(&campos, "data")));
    let despacho = campo(&campos, "despacho").to_owned();
    if let (Some(data), true) = (data, erros.vazio()) {
        match tx
            .tentar(async |tx| {
                comissoes::distribuir(tx, &logado.autor, p.id, &ids, data, &despacho).await
            })
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/materias/{}", p.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_materia(&mut tx, &current, &logado, p).await?;
    page.erros = erros;
    page.escolhidas = escolhidas;
    page.data = campo(&campos, "data").to_owned();
    page.despacho = despacho;
    Ok(invalido(page))
}

fn confirmar_pronta(shell: Shell, p: &Resumo) -> Confirmacao {
    Confirmacao::new(
        shell,
        format!("{} pronta para a pauta", p.identificacao()),
        format!(
            "Todas as comissões deram o seu parecer sobre {} ({}). Ao confirmar, a proposição \
             sai das comissões e fica pronta para ser incluída na pauta do Plenário; o \
             andamento fica no histórico.",
            p.identificacao(),
            p.ementa
        ),
        format!("/admin/comissoes/materias/{}/pronta", p.id),
        "Marcar como pronta para a pauta",
        format!("/admin/comissoes/materias/{}", p.id),
    )
}

pub(super) async fn pronta_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let p = proposicao_alvo(&mut tx, &id).await?;
    let pendencia = distribuicao::pendencias(&mut tx, p.id).await?;
    let c = confirmar_pronta(Shell::new(&current, &logado, MENU), &p);
    Ok(match pendencia {
        Some(porque) => c.impedida(porque),
        None => c,
    })
}

pub(super) async fn pronta(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = proposicao_alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| comissoes::marcar_pronta(tx, &logado.autor, p.id).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/comissoes/materias/{}", p.id)))
        }
        Err(e) => confirmar_pronta(Shell::new(&current, &logado, MENU), &p).recusada(e),
    }
}
