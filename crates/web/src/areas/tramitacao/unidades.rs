//! The unidades de tramitação: the list and a new one, one unidade (edit, deactivate, its
//! users) and its inbox (what arrived and is not received yet).

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use domain::proposicoes::TipoUnidade;
use serde::Deserialize;
use store::TenantTx;
use store::tramitacao::{self, Chegada, DadosUnidade, Unidade, UsuarioDaUnidade};
use uuid::Uuid;

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{Erros, escolha, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const POR_PAGINA: i64 = 30;
const MENU: &str = "/admin/tramitacao";

#[derive(Deserialize, Default)]
pub(super) struct UnidadeForm {
    #[serde(default)]
    nome: String,
    #[serde(default)]
    tipo: String,
    /// A checkbox: present when checked.
    ativa: Option<String>,
}

impl UnidadeForm {
    fn dados(&self) -> DadosUnidade {
        DadosUnidade {
            nome: self.nome.clone(),
            tipo: self.tipo.trim().to_owned(),
            ativa: self.ativa.is_some(),
        }
    }

    fn de(u: &Unidade) -> Self {
        Self {
            nome: u.nome.clone(),
            tipo: u.tipo.clone(),
            ativa: u.ativa.then(|| "on".into()),
        }
    }
}

#[derive(Deserialize, Default)]
pub(super) struct PaginaQuery {
    pagina: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/unidades.html")]
pub(super) struct Lista {
    shell: Shell,
    unidades: Vec<Unidade>,
    total: i64,
    pagina: i64,
    paginas: i64,
    tipos: Vec<TipoUnidade>,
    form: UnidadeForm,
    erros: Erros,
}

async fn pagina_lista(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    pagina: Option<i64>,
) -> Result<Lista, WebError> {
    let (_, total) = tramitacao::listar(tx, true, 1, 0).await?;
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    let pagina = pagina.unwrap_or(1).clamp(1, paginas);
    let (unidades, _) = tramitacao::listar(tx, true, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    Ok(Lista {
        shell: Shell::new(current, logado, MENU),
        unidades,
        total,
        pagina,
        paginas,
        tipos: tramitacao::tipos_editaveis(),
        form: UnidadeForm {
            tipo: "secretaria".into(),
            ativa: Some("on".into()),
            ..UnidadeForm::default()
        },
        erros: Erros::default(),
    })
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Query(q): Query<PaginaQuery>,
) -> Result<Lista, WebError> {
    pagina_lista(&mut tx, &current, &logado, q.pagina).await
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<UnidadeForm>,
) -> Result<Response, WebError> {
    let d = f.dados();
    match tx
        .tentar(async |tx| tramitacao::criar(tx, &logado.autor, &d).await)
        .await
    {
        Ok(u) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/tramitacao/unidades/{}",
                u.id
            )))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let mut page = pagina_lista(&mut tx, &current, &logado, None).await?;
            page.erros = erros;
            page.form = f;
            Ok(invalido(page))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/unidade.html")]
pub(super) struct Detalhe {
    shell: Shell,
    u: Unidade,
    tipos: Vec<TipoUnidade>,
    form: UnidadeForm,
    erros: Erros,
    usuarios: Vec<UsuarioDaUnidade>,
    /// Active users not in the unidade yet: (id, "nome <e-mail>").
    outros: Vec<(Uuid, String)>,
    erros_usuario: Erros,
}

impl Detalhe {
    fn comissao(&self) -> String {
        self.u
            .comissao_id
            .map(|c| c.to_string())
            .unwrap_or_default()
    }
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Unidade, WebError> {
    tramitacao::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn pagina_detalhe(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    u: Unidade,
) -> Result<Detalhe, WebError> {
    let usuarios = tramitacao::usuarios(tx, u.id).await?;
    let (todos, _) = store::conta::usuarios::listar(tx, 1000, 0).await?;
    let outros = todos
        .into_iter()
        .filter(|x| x.ativo && !usuarios.iter().any(|y| y.usuario_id == x.id))
        .map(|x| (x.id, format!("{} <{}>", x.nome, x.email)))
        .collect();
    Ok(Detalhe {
        shell: Shell::new(current, logado, MENU),
        tipos: tramitacao::tipos_editaveis(),
        form: UnidadeForm::de(&u),
        erros: Erros::default(),
        usuarios,
        outros,
        erros_usuario: Erros::default(),
        u,
    })
}

pub(super) async fn detalhe(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Detalhe, WebError> {
    let u = alvo(&mut tx, &id).await?;
    pagina_detalhe(&mut tx, &current, &logado, u).await
}

pub(super) async fn editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<UnidadeForm>,
) -> Result<Response, WebError> {
    let u = alvo(&mut tx, &id).await?;
    let d = f.dados();
    match tx
        .tentar(async |tx| tramitacao::editar(tx, &logado.autor, u.id, &d).await)
        .await
    {
        Ok(u) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/tramitacao/unidades/{}",
                u.id
            )))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let mut page = pagina_detalhe(&mut tx, &current, &logado, u).await?;
            page.erros = erros;
            page.form = f;
            Ok(invalido(page))
        }
    }
}

#[derive(Deserialize)]
pub(super) struct VinculoForm {
    #[serde(default)]
    usuario_id: String,
}

pub(super) async fn vincular(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<VinculoForm>,
) -> Result<Response, WebError> {
    let u = alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    if let Some(usuario) = erros.campo(escolha("usuario_id", &f.usuario_id, "Escolha o usuário."))
    {
        match tx
            .tentar(async |tx| tramitacao::vincular(tx, &logado.autor, u.id, usuario).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!(
                    "/admin/tramitacao/unidades/{}",
                    u.id
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_detalhe(&mut tx, &current, &logado, u).await?;
    page.erros_usuario = erros;
    Ok(invalido(page))
}

async fn vinculo_alvo(tx: &mut TenantTx, id: &str) -> Result<(Uuid, Unidade, String), WebError> {
    let vid = id_de(id)?;
    let v = tramitacao::vinculo(tx, vid).await?;
    let (unidade_id, nome) = v.ok_or(WebError::NotFound)?;
    let u = alvo(tx, &unidade_id.to_string()).await?;
    Ok((vid, u, nome))
}

pub(super) async fn desvincular_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let (vid, u, nome) = vinculo_alvo(&mut tx, &id).await?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, MENU),
        "Tirar usuário da unidade",
        format!(
            "{nome} deixará de trabalhar em {}: não confirmará mais o recebimento do que chega \
             lá nem verá os seus prazos. O histórico de tramitações não muda.",
            u.nome
        ),
        format!("/admin/tramitacao/vinculos/{vid}/remover"),
        "Tirar da unidade",
        format!("/admin/tramitacao/unidades/{}", u.id),
    ))
}

pub(super) async fn desvincular(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (vid, u, _) = vinculo_alvo(&mut tx, &id).await?;
    tramitacao::desvincular(&mut tx, &logado.autor, vid).await?;
    tx.commit().await?;
    Ok(redirecionar(&format!(
        "/admin/tramitacao/unidades/{}",
        u.id
    )))
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/caixa.html")]
pub(super) struct Caixa {
    shell: Shell,
    u: Unidade,
    chegadas: Vec<Chegada>,
    total: i64,
    pagina: i64,
    paginas: i64,
    /// The logged-in user works here (may confirm receipts).
    daqui: bool,
}

pub(super) async fn caixa(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<PaginaQuery>,
) -> Result<Caixa, WebError> {
    let u = alvo(&mut tx, &id).await?;
    let (_, total) = tramitacao::caixa(&mut tx, u.id, 1, 0).await?;
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    let pagina = q.pagina.unwrap_or(1).clamp(1, paginas);
    let (chegadas, _) =
        tramitacao::caixa(&mut tx, u.id, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let daqui = tramitacao::do_usuario(&mut tx, logado.sessao.usuario.id)
        .await?
        .contains(&u.id);
    Ok(Caixa {
        shell: Shell::new(&current, &logado, MENU),
        u,
        chegadas,
        total,
        pagina,
        paginas,
        daqui,
    })
}
