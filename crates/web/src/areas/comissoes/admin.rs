//! The admin of the comissões: the list and a new one, one comissão's page with its
//! composição, extinguishing it, and ending or removing a membership.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::comissoes::{
    self, CARGOS, Comissao, Composicao, DadosComissao, MembroComissao, NovoMembroComissao,
};
use time::Date;
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{self, Erros, br_opt, escolha, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const POR_PAGINA: i64 = 20;

pub(super) struct FormComissao {
    tipo: String,
    nome: String,
    sigla: String,
    finalidade: String,
    criacao: String,
    prazo: String,
}

impl FormComissao {
    fn vazio(hoje: Date) -> Self {
        Self {
            tipo: "permanente".into(),
            nome: String::new(),
            sigla: String::new(),
            finalidade: String::new(),
            criacao: hoje.br(),
            prazo: String::new(),
        }
    }

    fn de(c: &Comissao) -> Self {
        Self {
            tipo: c.tipo.clone(),
            nome: c.nome.clone(),
            sigla: c.sigla.clone(),
            finalidade: c.finalidade.clone(),
            criacao: c.criacao.br(),
            prazo: br_opt(c.prazo),
        }
    }
}

#[derive(Deserialize)]
pub(super) struct ComissaoForm {
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    nome: String,
    #[serde(default)]
    sigla: String,
    #[serde(default)]
    finalidade: String,
    #[serde(default)]
    criacao: String,
    #[serde(default)]
    prazo: String,
}

impl ComissaoForm {
    /// The comissão's data, or nothing with every wrong field in `erros`.
    fn dados(&self, erros: &mut Erros) -> Option<DadosComissao> {
        let criacao = erros.campo(formulario::data("criacao", &self.criacao));
        let prazo = erros.campo(formulario::data_opt("prazo", &self.prazo));
        Some(DadosComissao {
            tipo: self.tipo.trim().to_owned(),
            nome: self.nome.clone(),
            sigla: self.sigla.clone(),
            finalidade: self.finalidade.clone(),
            criacao: criacao?,
            prazo: prazo?,
        })
    }

    fn form(self) -> FormComissao {
        FormComissao {
            tipo: self.tipo,
            nome: self.nome,
            sigla: self.sigla,
            finalidade: self.finalidade,
            criacao: self.criacao,
            prazo: self.prazo,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/lista.html")]
pub(super) struct AdminLista {
    shell: Shell,
    comissoes: Vec<Comissao>,
    q: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
    tipos: [(&'static str, &'static str); 4],
    erros: Erros,
    form: FormComissao,
}

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    q: Option<String>,
    pagina: Option<i64>,
}

async fn pagina_lista(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    q: ListaQuery,
) -> Result<AdminLista, WebError> {
    let termo = q.q.unwrap_or_default().trim().to_owned();
    let busca = (!termo.is_empty()).then_some(termo.as_str());
    let (_, total) = comissoes::listar(tx, busca, 1, 0).await?;
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    let pagina = q.pagina.unwrap_or(1).clamp(1, paginas);
    let (lista, _) = comissoes::listar(tx, busca, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let hoje = camara::hoje(tx).await?;
    Ok(AdminLista {
        shell: Shell::new(current, logado, "/admin/comissoes"),
        comissoes: lista,
        query_base: form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &termo)
            .finish(),
        q: termo,
        pagina,
        paginas,
        total,
        tipos: TIPOS_FORM,
        erros: Erros::default(),
        form: FormComissao::vazio(hoje),
    })
}

/// The tipos as the forms offer them (singular labels).
const TIPOS_FORM: [(&str, &str); 4] = [
    ("permanente", "Permanente"),
    ("temporaria", "Temporária"),
    ("especial", "Especial"),
    ("cpi", "Comissão Parlamentar de Inquérito (CPI)"),
];

pub(super) async fn admin_lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<ListaQuery>,
) -> Result<AdminLista, WebError> {
    pagina_lista(&mut tx, &current, &logado, q).await
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<ComissaoForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    if let Some(d) = f.dados(&mut erros) {
        match tx
            .tentar(async |tx| comissoes::criar(tx, &logado.autor, &d).await)
            .await
        {
            Ok(c) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/{}", c.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_lista(&mut tx, &current, &logado, ListaQuery::default()).await?;
    page.erros = erros;
    page.form = f.form();
    Ok(invalido(page))
}

// ---------------------------------------------------------------- admin: one comissão

#[derive(Default)]
pub(super) struct FormMembro {
    parlamentar: String,
    cargo: String,
    titular: bool,
    designacao: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/comissao.html")]
pub(super) struct AdminComissao {
    shell: Shell,
    c: Comissao,
    composicao: Composicao,
    tipos: [(&'static str, &'static str); 4],
    cargos: [(&'static str, &'static str); 4],
    parlamentares: Vec<(Uuid, String)>,
    erros: Erros,
    form: FormComissao,
    erros_membro: Erros,
    form_membro: FormMembro,
}

async fn comissao_alvo(tx: &mut TenantTx, id: &str) -> Result<Comissao, WebError> {
    comissoes::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn pagina_comissao(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    c: Comissao,
) -> Result<AdminComissao, WebError> {
    let hoje = camara::hoje(tx).await?;
    Ok(AdminComissao {
        shell: Shell::new(current, logado, "/admin/comissoes"),
        composicao: comissoes::composicao(tx, c.id, hoje).await?,
        tipos: TIPOS_FORM,
        cargos: CARGOS,
        parlamentares: store::composicao::opcoes(tx).await?,
        erros: Erros::default(),
        form: FormComissao::de(&c),
        erros_membro: Erros::default(),
        form_membro: FormMembro {
            titular: true,
            designacao: hoje.max(c.criacao).br(),
            ..FormMembro::default()
        },
        c,
    })
}

pub(super) async fn admin_detalhe(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<AdminComissao, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    pagina_comissao(&mut tx, &current, &logado, c).await
}

/// Re-reads the comissão's page, for showing a form's error, in the request's own
/// transaction (the refused write ran behind [`TenantTx::tentar`]'s savepoint).
async fn reler(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<AdminComissao, WebError> {
    let c = comissoes::por_id(tx, id).await?.ok_or(WebError::NotFound)?;
    pagina_comissao(tx, current, logado, c).await
}

pub(super) async fn editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<ComissaoForm>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    if let Some(d) = f.dados(&mut erros) {
        match tx
            .tentar(async |tx| comissoes::editar(tx, &logado.autor, c.id, &d).await)
            .await
        {
            Ok(c) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/{}", c.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = reler(&mut tx, &current, &logado, c.id).await?;
    page.erros = erros;
    page.form = f.form();
    Ok(invalido(page))
}

#[derive(Deserialize)]
pub(super) struct MembroForm {
    #[serde(default)]
    parlamentar: String,
    #[serde(default)]
    cargo: String,
    #[serde(default)]
    titular: String,
    #[serde(default)]
    designacao: String,
}

pub(super) async fn designar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<MembroForm>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    let titular = f.titular != "suplente";
    let mut erros = Erros::default();
    let parlamentar = erros.campo(escolha(
        "parlamentar",
        &f.parlamentar,
        "Escolha o parlamentar.",
    ));
    let designacao = erros.campo(formulario::data("designacao", &f.designacao));
    if let (Some(parlamentar_id), Some(designacao)) = (parlamentar, designacao) {
        let n = NovoMembroComissao {
            comissao_id: c.id,
            parlamentar_id,
            cargo: f.cargo.trim().to_owned(),
            titular,
            designacao,
        };
        match tx
            .tentar(async |tx| comissoes::designar(tx, &logado.autor, &n).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/{}", c.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = reler(&mut tx, &current, &logado, c.id).await?;
    page.erros_membro = erros;
    page.form_membro = FormMembro {
        parlamentar: f.parlamentar,
        cargo: f.cargo,
        titular,
        designacao: f.designacao,
    };
    Ok(invalido(page))
}

// ---------------------------------------------------------------- admin: extinguish

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/extinguir.html")]
pub(super) struct ExtinguirPage {
    shell: Shell,
    c: Comissao,
    data: String,
    erros: Erros,
}

pub(super) async fn extinguir_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    if !c.ativa {
        return Ok(redirecionar(&format!("/admin/comissoes/{}", c.id)));
    }
    let hoje = camara::hoje(&mut tx).await?;
    Ok(ExtinguirPage {
        shell: Shell::new(&current, &logado, "/admin/comissoes"),
        data: hoje.max(c.criacao).br(),
        c,
        erros: Erros::default(),
    }
    .into_response())
}

#[derive(Deserialize)]
pub(super) struct DataForm {
    #[serde(default)]
    data: String,
    #[serde(default)]
    motivo: String,
}

pub(super) async fn extinguir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<DataForm>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    if let Some(d) = erros.campo(formulario::data("data", &f.data)) {
        match tx
            .tentar(async |tx| comissoes::extinguir(tx, &logado.autor, c.id, d).await)
            .await
        {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/{}", c.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    // Nothing else is read: the page is the form and its messages.
    Ok(invalido(ExtinguirPage {
        shell: Shell::new(&current, &logado, "/admin/comissoes"),
        c,
        data: f.data,
        erros,
    }))
}

// ---------------------------------------------------------------- admin: memberships

async fn membro_alvo(tx: &mut TenantTx, id: &str) -> Result<MembroComissao, WebError> {
    comissoes::membro(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/desligar.html")]
pub(super) struct DesligarPage {
    shell: Shell,
    m: MembroComissao,
    data: String,
    motivo: String,
    erros: Erros,
}

pub(super) async fn desligar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<DesligarPage, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let hoje = camara::hoje(&mut tx).await?;
    Ok(DesligarPage {
        shell: Shell::new(&current, &logado, "/admin/comissoes"),
        data: hoje.max(m.designacao).br(),
        motivo: String::new(),
        m,
        erros: Erros::default(),
    })
}

pub(super) async fn desligar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<DataForm>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    if let Some(d) = erros.campo(formulario::data("data", &f.data)) {
        match tx
            .tentar(async |tx| comissoes::desligar(tx, &logado.autor, m.id, d, &f.motivo).await)
            .await
        {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/{}", m.comissao_id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    Ok(invalido(DesligarPage {
        shell: Shell::new(&current, &logado, "/admin/comissoes"),
        m,
        data: f.data,
        motivo: f.motivo,
        erros,
    }))
}

fn confirmar_remocao(shell: Shell, m: &MembroComissao) -> Confirmacao {
    Confirmacao::new(
        shell,
        "Remover membro da comissão",
        format!(
            "O registro de {} ({}, designado em {}) será apagado. Use esta opção só para um \
             registro feito por engano; para quem deixou a comissão, use \"Desligar\", que \
             mantém o histórico.",
            m.nome_parlamentar,
            m.cargo_label(),
            m.designacao.br()
        ),
        format!("/admin/comissoes/membros/{}/remover", m.id),
        "Remover",
        format!("/admin/comissoes/{}", m.comissao_id),
    )
}

pub(super) async fn remover_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    Ok(confirmar_remocao(
        Shell::new(&current, &logado, "/admin/comissoes"),
        &m,
    ))
}

/// Removes a membership entered by mistake; one with relatorias, votes or presenças is
/// refused on the confirmation page (409), with the way to end it instead.
pub(super) async fn remover(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| comissoes::remover_membro(tx, &logado.autor, m.id).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/comissoes/{}", m.comissao_id)))
        }
        Err(e) => {
            confirmar_remocao(Shell::new(&current, &logado, "/admin/comissoes"), &m).recusada(e)
        }
    }
}
