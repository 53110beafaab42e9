//! The master panel's own pages: monitoring (requests per câmara), security events and the
//! schema version of every database.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use store::infra::migrate;

use super::logado;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/seguranca.html")]
pub(super) struct SegurancaPage {
    admin: String,
    csrf: String,
    eventos: Vec<store::plataforma::painel::Evento>,
    total: i64,
}

pub(super) async fn seguranca(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<SegurancaPage, WebError> {
    let l = logado(&ext)?;
    let (eventos, total) =
        store::plataforma::painel::eventos_de_seguranca(&state.store, 200).await?;
    Ok(SegurancaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        eventos,
        total,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/versoes.html")]
pub(super) struct VersoesPage {
    admin: String,
    csrf: String,
    esperada: i32,
    atualizados: usize,
    bancos: Vec<(String, i32, usize)>,
}

pub(super) async fn versoes(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<VersoesPage, WebError> {
    let l = logado(&ext)?;
    let dbs = state.store.data_databases().await?;
    let mut bancos = Vec::with_capacity(dbs.len());
    for db in dbs {
        let lido = store::plataforma::painel::versao_do_banco(&state.store, &db).await;
        // A database dropped meanwhile (a câmara deleted or moved) is left out.
        if let Ok((v, residentes)) = lido {
            bancos.push((db.to_string(), v, residentes as usize));
        }
    }
    let esperada = migrate::Scope::App.latest();
    Ok(VersoesPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        esperada,
        atualizados: bancos.iter().filter(|(_, v, _)| *v >= esperada).count(),
        bancos,
    })
}

/// One câmara's last 24 hours.
struct Uso {
    slug: String,
    nome: String,
    requisicoes: i64,
    erros: i64,
    media_ms: f64,
    p95_ms: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/monitoramento.html")]
pub(super) struct MonitoramentoPage {
    admin: String,
    csrf: String,
    usos: Vec<Uso>,
}

pub(super) async fn monitoramento(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<MonitoramentoPage, WebError> {
    let l = logado(&ext)?;
    // Flush this process's counters first, so the page includes the latest minute.
    crate::http::metrics::flush(&state).await?;
    let usos = store::plataforma::painel::uso_24h(&state.store)
        .await?
        .into_iter()
        .map(|u| Uso {
            p95_ms: match crate::http::metrics::percentile(&u.buckets, 0.95) {
                Some(v) if v.is_finite() => format!("≤ {v} ms"),
                Some(_) => "> 2500 ms".into(),
                None => "—".into(),
            },
            slug: u.slug,
            nome: u.nome,
            requisicoes: u.requisicoes,
            erros: u.erros,
            media_ms: u.media_ms,
        })
        .collect();
    Ok(MonitoramentoPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        usos,
    })
}
