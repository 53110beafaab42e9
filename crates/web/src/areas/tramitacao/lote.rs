//! Tramitação em lote: proposições chosen with checkboxes from a filtered list, one
//! despacho for all, recorded in one transaction (all or nothing).

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use serde::Deserialize;
use store::TenantTx;
use store::tramitacao::{self, Candidata, FiltroLote};
use uuid::Uuid;

use super::despacho::{FormDespacho, Opcoes, Pares, valor, valores};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Form, Query};
use crate::http::tenant::CurrentTenant;
use crate::kit::formulario::{Erros, invalido, redirecionar};
use crate::kit::shell::Shell;

const POR_PAGINA: i64 = 50;

#[derive(Deserialize, Default, Clone)]
pub(super) struct Filtro {
    #[serde(default)]
    unidade_id: String,
    #[serde(default)]
    tipo_id: String,
    #[serde(default)]
    ano: String,
    #[serde(default)]
    texto: String,
    pagina: Option<i64>,
    /// How many were sent by the last lote (the notice after it).
    feito: Option<i64>,
}

impl Filtro {
    fn store(&self) -> FiltroLote {
        FiltroLote {
            unidade_id: self.unidade_id.trim().parse().ok(),
            tipo_id: self.tipo_id.trim().parse().ok(),
            ano: self.ano.trim().parse().ok(),
            texto: Some(self.texto.clone()),
        }
    }

    fn query_base(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("unidade_id", &self.unidade_id)
            .append_pair("tipo_id", &self.tipo_id)
            .append_pair("ano", &self.ano)
            .append_pair("texto", &self.texto)
            .finish()
    }

    fn de(p: &Pares) -> Self {
        Self {
            unidade_id: valor(p, "filtro_unidade_id"),
            tipo_id: valor(p, "filtro_tipo_id"),
            ano: valor(p, "filtro_ano"),
            texto: valor(p, "filtro_texto"),
            pagina: valor(p, "filtro_pagina").parse().ok(),
            feito: None,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "tramitacao/lote.html")]
pub(super) struct Pagina {
    shell: Shell,
    filtro: Filtro,
    tipos: Vec<(Uuid, String)>,
    candidatas: Vec<Candidata>,
    total: i64,
    pagina: i64,
    paginas: i64,
    query_base: String,
    marcadas: Vec<String>,
    opcoes: Opcoes,
    form: FormDespacho,
    erros: Erros,
}

impl Pagina {
    fn marcada(&self, id: &Uuid) -> bool {
        self.marcadas.contains(&id.to_string())
    }

    fn filtro_unidade(&self, id: &Uuid) -> bool {
        self.filtro.unidade_id == id.to_string()
    }

    fn filtro_tipo(&self, id: &Uuid) -> bool {
        self.filtro.tipo_id == id.to_string()
    }
}

async fn montar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    filtro: Filtro,
    form: Option<FormDespacho>,
    marcadas: Vec<String>,
    erros: Erros,
) -> Result<Pagina, WebError> {
    let f = filtro.store();
    let (_, total) = tramitacao::candidatas(tx, &f, 1, 0).await?;
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    let pagina = filtro.pagina.unwrap_or(1).clamp(1, paginas);
    let (candidatas, _) =
        tramitacao::candidatas(tx, &f, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let form = form.unwrap_or_else(|| FormDespacho {
        origem_id: filtro.unidade_id.clone(),
        ..FormDespacho::default()
    });
    Ok(Pagina {
        shell: Shell::new(current, logado, "/admin/tramitacao"),
        tipos: tramitacao::tipos(tx).await?,
        candidatas,
        total,
        pagina,
        paginas,
        query_base: filtro.query_base(),
        filtro,
        marcadas,
        opcoes: Opcoes::carregar(tx).await?,
        form,
        erros,
    })
}

pub(super) async fn pagina(
    Admin(mut tx, current, logado): Admin,
    Query(filtro): Query<Filtro>,
) -> Result<Pagina, WebError> {
    montar(
        &mut tx,
        &current,
        &logado,
        filtro,
        None,
        Vec::new(),
        Erros::default(),
    )
    .await
}

pub(super) async fn enviar(
    Admin(mut tx, current, logado): Admin,
    Form(pares): Form<Pares>,
) -> Result<Response, WebError> {
    let filtro = Filtro::de(&pares);
    let marcadas = valores(&pares, "proposicoes");
    let form = FormDespacho::de(&pares);
    let mut erros = Erros::default();
    let mut ids = Vec::new();
    for m in &marcadas {
        match m.parse::<Uuid>() {
            Ok(id) => ids.push(id),
            Err(_) => {
                erros.push(domain::ValidationError::new(
                    "proposicoes",
                    "Escolha as proposições da lista.",
                ));
                break;
            }
        }
    }
    if marcadas.is_empty() {
        erros.push(domain::ValidationError::new(
            "proposicoes",
            "Marque ao menos uma proposição.",
        ));
    }
    if let Some(n) = form.dados(&mut erros).filter(|_| erros.vazio()) {
        match tramitacao::lote(&mut tx, &logado.autor, &ids, &n).await {
            Ok(_) => {
                tx.commit().await?;
                let destino = n
                    .destinos
                    .first()
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                return Ok(redirecionar(&format!(
                    "/admin/tramitacao/lote?unidade_id={destino}&feito={}",
                    ids.len()
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let page = montar(
        &mut tx,
        &current,
        &logado,
        filtro,
        Some(form),
        marcadas,
        erros,
    )
    .await?;
    Ok(invalido(page))
}
