//! The câmara's status de tramitação: the list and a new one, editing (and deactivating)
//! one, and deleting one no tramitação used.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::tramitacao::{self, DadosStatus, Status};

use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path};
use crate::http::tenant::CurrentTenant;
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{self, Erros, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const MENU: &str = "/admin/tramitacao";

#[derive(Deserialize, Default)]
pub(super) struct StatusForm {
    #[serde(default)]
    nome: String,
    encerra: Option<String>,
    retorna_ao_autor: Option<String>,
    ativo: Option<String>,
    #[serde(default)]
    ordem: String,
}

impl StatusForm {
    fn de(s: &Status) -> Self {
        let marca = |b: bool| b.then(|| "on".to_owned());
        Self {
            nome: s.nome.clone(),
            encerra: marca(s.encerra),
            retorna_ao_autor: marca(s.retorna_ao_autor),
            ativo: marca(s.ativo),
            ordem: s.ordem.to_string(),
        }
    }

    fn dados(&self, erros: &mut Erros) -> Option<DadosStatus> {
        let ordem = erros.campo(formulario::inteiro_opt(
            "ordem",
            &self.ordem,
            "A ordem deve ser um número de 0 a 1000.",
        ))?;
        Some(DadosStatus {
            nome: self.nome.clone(),
            encerra: self.encerra.is_some(),
            retorna_ao_autor: self.retorna_ao_autor.is_some(),
            ativo: self.ativo.is_some(),
            ordem: ordem.unwrap_or(0),
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/status_lista.html")]
pub(super) struct Lista {
    shell: Shell,
    status: Vec<Status>,
    form: StatusForm,
    erros: Erros,
}

async fn pagina_lista(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
) -> Result<Lista, WebError> {
    Ok(Lista {
        shell: Shell::new(current, logado, MENU),
        status: tramitacao::listar_status(tx, true).await?,
        form: StatusForm {
            ativo: Some("on".into()),
            ordem: "0".into(),
            ..StatusForm::default()
        },
        erros: Erros::default(),
    })
}

pub(super) async fn lista(Admin(mut tx, current, logado): Admin) -> Result<Lista, WebError> {
    pagina_lista(&mut tx, &current, &logado).await
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Form(f): Form<StatusForm>,
) -> Result<Response, WebError> {
    let mut erros = Erros::default();
    if let Some(d) = f.dados(&mut erros) {
        match tx
            .tentar(async |tx| tramitacao::criar_status(tx, &logado.autor, &d).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar("/admin/tramitacao/status"));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_lista(&mut tx, &current, &logado).await?;
    page.erros = erros;
    page.form = f;
    Ok(invalido(page))
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/status.html")]
pub(super) struct Detalhe {
    shell: Shell,
    s: Status,
    form: StatusForm,
    erros: Erros,
}

async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Status, WebError> {
    tramitacao::status_por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

pub(super) async fn detalhe(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Detalhe, WebError> {
    let s = alvo(&mut tx, &id).await?;
    Ok(Detalhe {
        shell: Shell::new(&current, &logado, MENU),
        form: StatusForm::de(&s),
        erros: Erros::default(),
        s,
    })
}

pub(super) async fn editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    if let Some(d) = f.dados(&mut erros) {
        match tx
            .tentar(async |tx| tramitacao::editar_status(tx, &logado.autor, s.id, &d).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar("/admin/tramitacao/status"));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    Ok(invalido(Detalhe {
        shell: Shell::new(&current, &logado, MENU),
        s,
        form: f,
        erros,
    }))
}

fn confirmacao(current: &CurrentTenant, logado: &Logado, s: &Status) -> Confirmacao {
    Confirmacao::new(
        Shell::new(current, logado, MENU),
        "Excluir status de tramitação",
        format!(
            "O status \"{}\" será excluído. Só é possível excluir um status que nenhuma \
             tramitação usou; um status em uso pode ser desativado.",
            s.nome
        ),
        format!("/admin/tramitacao/status/{}/excluir", s.id),
        "Excluir",
        format!("/admin/tramitacao/status/{}", s.id),
    )
}

pub(super) async fn excluir_confirmar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let s = alvo(&mut tx, &id).await?;
    Ok(confirmacao(&current, &logado, &s))
}

pub(super) async fn excluir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| tramitacao::excluir_status(tx, &logado.autor, s.id).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/tramitacao/status"))
        }
        Err(e) => confirmacao(&current, &logado, &s).recusada(e),
    }
}
