//! The job queue seen by the operator: the depth per câmara and tipo in every database,
//! the failed jobs with their last error, and retrying or discarding one (audited in the
//! platform audit log, like every read of a câmara's rows from here).

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use store::infra::catalog::Tenant;
use store::jobs::{self, JobListado};
use store::{Access, TenantTx};
use uuid::Uuid;

use super::{POR_PAGINA, PaginaQuery, camara, logado, paginas};
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::state::AppState;

/// Failed jobs shown per câmara (the newest).
const FALHOS_POR_CAMARA: i64 = 10;

/// (pendentes, executando, falhos, the earliest due time) of a câmara's tipo.
type Profundidade = (i64, i64, i64, Option<time::OffsetDateTime>);

/// One line of the depth table.
struct Linha {
    slug: String,
    nome: String,
    tipo: String,
    pendentes: i64,
    executando: i64,
    falhos: i64,
    proximo: String,
}

/// A câmara's failed jobs.
struct Falhas {
    slug: String,
    nome: String,
    total: i64,
    /// Each job with when it last changed (dd/mm/aaaa hh:mm:ss).
    jobs: Vec<(JobListado, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/fila.html")]
pub(super) struct FilaPage {
    admin: String,
    csrf: String,
    linhas: Vec<Linha>,
    pagina: i64,
    paginas: i64,
    falhas: Vec<Falhas>,
    inacessiveis: Vec<String>,
}

fn data_hora(t: time::OffsetDateTime) -> String {
    // Brasília time, like the panel's other pages.
    t.to_offset(time::macros::offset!(-3))
        .format(time::macros::format_description!(
            "[day]/[month]/[year] [hour]:[minute]:[second]"
        ))
        .unwrap_or_default()
}

pub(super) async fn fila(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<FilaPage, WebError> {
    let l = logado(&ext)?;
    let (contagens, inacessiveis) = jobs::resumo(&state.store).await?;
    // (câmara, tipo) → counts per state.
    let mut por: BTreeMap<(i32, String), Profundidade> = BTreeMap::new();
    for c in contagens {
        let e = por.entry((c.tenant_id, c.tipo)).or_default();
        match c.estado.as_str() {
            "pendente" => e.0 += c.quantidade,
            "executando" => e.1 += c.quantidade,
            _ => e.2 += c.quantidade,
        }
        if c.estado != "falhou" {
            e.3 = match (e.3, c.proximo) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    let total = i64::try_from(por.len()).unwrap_or(i64::MAX);
    let (pagina, n_paginas) = paginas(total, q.pagina);
    let inicio = usize::try_from((pagina - 1) * POR_PAGINA).unwrap_or(0);
    let mut camaras: BTreeMap<i32, Option<Tenant>> = BTreeMap::new();
    let mut linhas = Vec::new();
    for ((tenant_id, tipo), (p, x, f, proximo)) in por.iter().skip(inicio).take(POR_PAGINA as usize)
    {
        let t = match camaras.get(tenant_id) {
            Some(t) => t.clone(),
            None => {
                let t = jobs::camara(&state.store, *tenant_id).await?;
                camaras.insert(*tenant_id, t.clone());
                t
            }
        };
        let (slug, nome) = t.map_or_else(
            || (format!("#{tenant_id}"), String::new()),
            |t| (t.slug, t.nome_oficial),
        );
        linhas.push(Linha {
            slug,
            nome,
            tipo: tipo.clone(),
            pendentes: *p,
            executando: *x,
            falhos: *f,
            proximo: proximo.map(data_hora).unwrap_or_else(|| "—".into()),
        });
    }
    // The failed jobs of the câmaras on this page that have some.
    let mut falhas = Vec::new();
    let com_falhas: Vec<i32> = por
        .iter()
        .skip(inicio)
        .take(POR_PAGINA as usize)
        .filter(|(_, v)| v.2 > 0)
        .map(|((t, _), _)| *t)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for tenant_id in com_falhas {
        let Some(Some(t)) = camaras.get(&tenant_id).cloned() else {
            continue;
        };
        let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
        let (jobs, total) = jobs::falhos(&mut tx, FALHOS_POR_CAMARA, 0).await?;
        drop(tx);
        l.leu(&state, &t, "tarefas com falha").await?;
        falhas.push(Falhas {
            slug: t.slug,
            nome: t.nome_oficial,
            total,
            jobs: jobs
                .into_iter()
                .map(|j| {
                    let quando = data_hora(j.atualizado_em);
                    (j, quando)
                })
                .collect(),
        });
    }
    Ok(FilaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        linhas,
        pagina,
        paginas: n_paginas,
        falhas,
        inacessiveis,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/confirmar.html")]
pub(super) struct ConfirmarDescarte {
    admin: String,
    csrf: String,
    titulo: String,
    texto: String,
    acao: String,
    voltar: String,
    digitar: Option<String>,
}

/// Discarding a job is for good: it is asked first (the form posts to [`acao`]).
pub(super) async fn confirmar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, id, acao)): Path<(String, String, String)>,
) -> Result<ConfirmarDescarte, WebError> {
    let l = logado(&ext)?;
    if acao != "descartar" {
        return Err(WebError::NotFound);
    }
    let t = camara(&state, &slug).await?;
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
    let job = jobs::job(&mut tx, id)
        .await?
        .filter(|j| j.estado == "falhou" || j.estado == "pendente")
        .ok_or(WebError::NotFound)?;
    drop(tx);
    l.leu(&state, &t, "tarefa a descartar").await?;
    Ok(ConfirmarDescarte {
        admin: l.admin.nome,
        csrf: l.csrf,
        titulo: "Descartar tarefa".into(),
        texto: format!(
            "A tarefa {} ({}) {} não será mais executada; isto não pode ser desfeito.{}",
            job.id,
            job.tipo,
            crate::kit::formato::de_camara(&t.nome_oficial),
            job.ultimo_erro
                .map(|e| format!(" Último erro: {e}"))
                .unwrap_or_default()
        ),
        acao: format!("/admin-master/camaras/{}/jobs/{}/descartar", t.slug, job.id),
        voltar: "/admin-master/fila".into(),
        digitar: None,
    })
}

/// `reprocessar` or `descartar` one job of a câmara.
pub(super) async fn acao(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path((slug, id, acao)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let mut tx = TenantTx::begin(&state.store, &t, Access::Write).await?;
    let (feito, nome) = match acao.as_str() {
        "reprocessar" => (jobs::reprocessar(&mut tx, id).await?, "job.retry"),
        "descartar" => (jobs::descartar(&mut tx, id).await?, "job.discard"),
        _ => return Err(WebError::NotFound),
    };
    let job = feito.ok_or(WebError::NotFound)?;
    tx.commit().await?;
    l.registrou(
        &state,
        nome,
        Some(&t),
        serde_json::json!({ "job": id, "tipo": job.tipo, "ultimo_erro": job.ultimo_erro }),
    )
    .await?;
    Ok(Redirect::to("/admin-master/fila").into_response())
}
