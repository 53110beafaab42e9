//! The reuniões of a comissão: the list with a new one, and one reunião with its pauta,
//! presença and ata.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::comissoes::distribuicao::{self, Resumo};
use store::comissoes::reunioes::{self, DadosReuniao, ItemPauta, Reuniao};
use store::comissoes::{self, Comissao};
use uuid::Uuid;

use super::materias::{MENU, campo, paginar, todos};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::formato::DataBr;
use crate::kit::formulario::{self, Erros, escolha, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

const POR_PAGINA: i64 = 20;

/// The reunião form as typed: data, hora, local, ata.
#[derive(Default)]
pub(super) struct FormReuniao {
    data: String,
    hora: String,
    local: String,
    ata: String,
}

impl FormReuniao {
    fn de(r: &Reuniao) -> Self {
        Self {
            data: r.data.br(),
            hora: r.hora_texto(),
            local: r.local.clone(),
            ata: r.ata.clone(),
        }
    }

    fn de_campos(c: &[(String, String)]) -> Self {
        Self {
            data: campo(c, "data").to_owned(),
            hora: campo(c, "hora").to_owned(),
            local: campo(c, "local").to_owned(),
            ata: campo(c, "ata").to_owned(),
        }
    }

    fn dados(&self, erros: &mut Erros) -> Option<DadosReuniao> {
        let data = erros.campo(formulario::data("data", &self.data));
        let hora = erros.campo(formulario::hora("hora", &self.hora));
        Some(DadosReuniao {
            data: data?,
            hora: hora?,
            local: self.local.clone(),
            ata: self.ata.clone(),
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/reunioes.html")]
pub(super) struct Lista {
    shell: Shell,
    c: Comissao,
    reunioes: Vec<Reuniao>,
    pagina: i64,
    paginas: i64,
    total: i64,
    erros: Erros,
    form: FormReuniao,
}

#[derive(Deserialize, Default)]
pub(super) struct PaginaQuery {
    pagina: Option<i64>,
}

async fn comissao_alvo(tx: &mut TenantTx, id: &str) -> Result<Comissao, WebError> {
    comissoes::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn pagina_lista(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    c: Comissao,
    pedida: Option<i64>,
) -> Result<Lista, WebError> {
    let (_, total) = reunioes::reunioes(tx, c.id, 1, 0).await?;
    let (pagina, paginas) = paginar(total, pedida, POR_PAGINA);
    let (lista, _) = reunioes::reunioes(tx, c.id, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let hoje = camara::hoje(tx).await?;
    Ok(Lista {
        shell: Shell::new(current, logado, MENU),
        c,
        reunioes: lista,
        pagina,
        paginas,
        total,
        erros: Erros::default(),
        form: FormReuniao {
            data: hoje.br(),
            hora: "14:00".into(),
            local: "Sala das Comissões".into(),
            ata: String::new(),
        },
    })
}

pub(super) async fn lista(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<PaginaQuery>,
) -> Result<Lista, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    pagina_lista(&mut tx, &current, &logado, c, q.pagina).await
}

pub(super) async fn criar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    let form = FormReuniao::de_campos(&campos);
    let mut erros = Erros::default();
    if let Some(d) = form.dados(&mut erros) {
        match tx
            .tentar(async |tx| reunioes::criar(tx, &logado.autor, c.id, &d).await)
            .await
        {
            Ok(r) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/reunioes/{}", r.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina_lista(&mut tx, &current, &logado, c, None).await?;
    page.erros = erros;
    page.form = form;
    Ok(invalido(page))
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/reuniao.html")]
pub(super) struct Pagina {
    shell: Shell,
    c: Comissao,
    r: Reuniao,
    pauta: Vec<ItemPauta>,
    distribuidas: Vec<Resumo>,
    presencas: Vec<(Uuid, String, bool)>,
    erros_dados: Erros,
    form: FormReuniao,
    erros_pauta: Erros,
    erros_presenca: Erros,
}

async fn reuniao_alvo(tx: &mut TenantTx, id: &str) -> Result<Reuniao, WebError> {
    reunioes::reuniao(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

async fn pagina(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    r: Reuniao,
) -> Result<Pagina, WebError> {
    let c = comissoes::por_id(tx, r.comissao_id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(Pagina {
        shell: Shell::new(current, logado, MENU),
        pauta: reunioes::pautas(tx, &[r.id]).await?,
        distribuidas: distribuicao::da_comissao(tx, c.id).await?,
        presencas: reunioes::presencas(tx, r.id).await?,
        erros_dados: Erros::default(),
        form: FormReuniao::de(&r),
        erros_pauta: Erros::default(),
        erros_presenca: Erros::default(),
        c,
        r,
    })
}

pub(super) async fn ver(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Pagina, WebError> {
    let r = reuniao_alvo(&mut tx, &id).await?;
    pagina(&mut tx, &current, &logado, r).await
}

/// Saves date, time, place and ata.
pub(super) async fn editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let r = reuniao_alvo(&mut tx, &id).await?;
    let form = FormReuniao::de_campos(&campos);
    let mut erros = Erros::default();
    if let Some(d) = form.dados(&mut erros) {
        match tx
            .tentar(async |tx| reunioes::editar(tx, &logado.autor, r.id, &d).await)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/reunioes/{}", r.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina(&mut tx, &current, &logado, r).await?;
    page.erros_dados = erros;
    page.form = form;
    Ok(invalido(page))
}

/// Adds a proposição (`proposicao`) to the pauta.
pub(super) async fn incluir(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let r = reuniao_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    if let Some(p) = erros.campo(escolha(
        "proposicao_id",
        campo(&campos, "proposicao"),
        "Escolha uma proposição distribuída à comissão.",
    )) {
        match tx
            .tentar(async |tx| reunioes::incluir_na_pauta(tx, &logado.autor, r.id, p).await)
            .await
        {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/reunioes/{}", r.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina(&mut tx, &current, &logado, r).await?;
    page.erros_pauta = erros;
    Ok(invalido(page))
}

/// Records who was present (`presente`, repeated: membership ids).
pub(super) async fn presenca(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(campos): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let r = reuniao_alvo(&mut tx, &id).await?;
    let mut erros = Erros::default();
    let marcados = todos(&campos, "presente");
    let ids: Vec<Uuid> = marcados.iter().filter_map(|s| s.parse().ok()).collect();
    if ids.len() != marcados.len() {
        erros.push(domain::ValidationError::new(
            "presenca",
            "Marque os membros da lista.",
        ));
    } else {
        match tx
            .tentar(async |tx| reunioes::registrar_presenca(tx, &logado.autor, r.id, &ids).await)
            .await
        {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirecionar(&format!("/admin/comissoes/reunioes/{}", r.id)));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let mut page = pagina(&mut tx, &current, &logado, r).await?;
    page.erros_presenca = erros;
    Ok(invalido(page))
}
