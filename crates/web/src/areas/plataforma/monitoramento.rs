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

/// One câmara's figures over 24 hours.
struct Linha {
    slug: String,
    nome: String,
    requisicoes: i64,
    por_segundo: String,
    erros_4xx: i64,
    erros_5xx: i64,
    disponibilidade: String,
    media_ms: f64,
    p50: String,
    p95: String,
    p99: String,
}

fn faixa(buckets: &[i64], p: f64) -> String {
    match crate::http::metrics::percentile(buckets, p) {
        Some(v) if v.is_finite() => format!("≤ {v} ms"),
        Some(_) => "> 2500 ms".into(),
        None => "—".into(),
    }
}

fn virgula(x: f64, casas: usize) -> String {
    format!("{x:.casas$}").replace('.', ",")
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/monitoramento.html")]
pub(super) struct MonitoramentoPage {
    admin: String,
    csrf: String,
    linhas: Vec<Linha>,
    alertas: Vec<super::alertas::Alerta>,
    bancos_fora: Vec<String>,
    no_ar: String,
}

pub(super) async fn monitoramento(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<MonitoramentoPage, WebError> {
    use store::plataforma::monitoramento as m;
    let l = logado(&ext)?;
    // Flush this process's counters first, so the page includes the latest minute.
    crate::http::metrics::flush(&state).await?;
    let linhas = m::uso(&state.store, 86_400, 100)
        .await?
        .into_iter()
        .map(|u| Linha {
            por_segundo: virgula(u.requisicoes as f64 / u.segundos, 2),
            disponibilidade: virgula(
                100.0 * (1.0 - u.erros_5xx as f64 / u.requisicoes.max(1) as f64),
                2,
            ),
            p50: faixa(&u.buckets, 0.50),
            p95: faixa(&u.buckets, 0.95),
            p99: faixa(&u.buckets, 0.99),
            slug: u.slug,
            nome: u.nome,
            requisicoes: u.requisicoes,
            erros_4xx: u.erros_4xx,
            erros_5xx: u.erros_5xx,
            media_ms: u.media_ms,
        })
        .collect();
    let recentes = m::uso(&state.store, super::alertas::JANELA_S, 10_000).await?;
    let mut alertas = super::alertas::das_requisicoes(&recentes);
    let alheias = m::tentativas_alheias(&state.store, super::alertas::JANELA_ALHEIAS_S).await?;
    alertas.extend(super::alertas::das_tentativas(&alheias));
    let bancos_fora = crate::http::prometheus::bancos_fora(&state).await;
    if !bancos_fora.is_empty() {
        alertas.push(super::alertas::Alerta {
            nome: "PlenarioBancoInacessivel",
            camara: None,
            texto: format!("Não responderam: {}.", bancos_fora.join(", ")),
        });
    }
    let s = state.metrics.uptime().as_secs();
    let no_ar = format!(
        "{}d {:02}h {:02}min",
        s / 86_400,
        s % 86_400 / 3600,
        s % 3600 / 60
    );
    Ok(MonitoramentoPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        linhas,
        alertas,
        bancos_fora,
        no_ar,
    })
}
