//! The admin of the tipos de sessão: list and create, edit, delete (a tipo in use is only
//! deactivated).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use store::TenantTx;
use store::sessoes_plenarias::{self as sp, TipoSessao};

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{self, Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const TIPOS: &str = "/admin/sessoes/tipos";

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/tipos.html")]
pub(super) struct TiposPage {
    shell: Shell,
    tipos: Vec<TipoSessao>,
    erros: Erros,
    f_nome: String,
    f_ordem: String,
}

async fn tipos_page(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
) -> Result<TiposPage, WebError> {
    Ok(TiposPage {
        shell: Shell::new(current, logado, "/admin/sessoes"),
        tipos: sp::tipos(tx, false).await?,
        erros: Erros::default(),
        f_nome: String::new(),
        f_ordem: String::new(),
    })
}

pub(super) async fn tipos_lista(
    Admin(mut tx, current, logado): Admin,
) -> Result<TiposPage, WebError> {
    tipos_page(&mut tx, &current, &logado).await
}

#[derive(Deserialize, Default)]
pub(super) struct TipoForm {
    #[serde(default)]
    nome: String,
    #[serde(default)]
    ordem: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    ativo: Option<String>,
}

/// The ordem typed (0 when empty), or its message.
fn ordem_de(s: &str) -> Result<i32, domain::ValidationError> {
    formulario::inteiro_opt("ordem", s, "A ordem deve ser um número de 0 a 999.")
        .map(Option::unwrap_or_default)
}

pub(super) async fn tipo_criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<TipoForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    if let Some(ordem) = erros.campo(ordem_de(&f.ordem)) {
        match tx
            .tentar(async |tx| sp::criar_tipo(tx, &logado.autor, &f.nome, ordem).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(TIPOS));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = tipos_page(&mut tx, &current, &logado).await?;
    page.erros = erros;
    page.f_nome = f.nome;
    page.f_ordem = f.ordem;
    Ok(invalido(page))
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/tipo_editar.html")]
pub(super) struct TipoEditar {
    shell: Shell,
    tipo: TipoSessao,
    f_nome: String,
    f_ordem: String,
    f_ativo: bool,
    erros: Erros,
}

async fn tipo_alvo(tx: &mut TenantTx, id: &str) -> Result<TipoSessao, WebError> {
    sp::tipo_por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

pub(super) async fn tipo_editar_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<TipoEditar, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    Ok(TipoEditar {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        f_nome: tipo.nome.clone(),
        f_ordem: tipo.ordem.to_string(),
        f_ativo: tipo.ativo,
        tipo,
        erros: Erros::default(),
    })
}

pub(super) async fn tipo_editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<TipoForm>,
) -> Result<Response, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    let ativo = f.ativo.is_some();
    let mut erros = Erros::default();
    if let Some(ordem) = erros.campo(ordem_de(&f.ordem)) {
        match tx
            .tentar(async |tx| {
                sp::editar_tipo(tx, &logado.autor, tipo.id, &f.nome, ordem, ativo).await
            })
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(TIPOS));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    Ok(invalido(TipoEditar {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        tipo,
        f_nome: f.nome,
        f_ordem: f.ordem,
        f_ativo: ativo,
        erros,
    }))
}

fn confirmar_exclusao(
    current: &CurrentTenant,
    logado: &Logado,
    tipo: &TipoSessao,
    texto: String,
) -> Confirmacao {
    Confirmacao::new(
        Shell::new(current, logado, "/admin/sessoes"),
        "Excluir tipo de sessão",
        texto,
        format!("/admin/sessoes/tipos/{}/excluir", tipo.id),
        "Excluir",
        TIPOS,
    )
}

pub(super) async fn tipo_excluir_form(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    let texto = format!(
        "O tipo \"{}\" será excluído. Um tipo já usado em sessões não pode ser excluído; \
         nesse caso, desative-o.",
        tipo.nome
    );
    Ok(confirmar_exclusao(&current, &logado, &tipo, texto))
}

pub(super) async fn tipo_excluir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| sp::excluir_tipo(tx, &logado.autor, tipo.id).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(TIPOS))
        }
        Err(e) => {
            let porque = Erros::do_store(e)?.mensagens().join(" ");
            let texto = format!("O tipo \"{}\" não pode ser excluído.", tipo.nome);
            let page = confirmar_exclusao(&current, &logado, &tipo, texto).impedida(porque);
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}
