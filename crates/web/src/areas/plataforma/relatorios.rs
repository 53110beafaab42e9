//! Reports across câmaras: the consolidated counts and the platform audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use domain::TenantStatus;
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};

use super::{POR_PAGINA, PaginaQuery, logado, pagina_de_camaras, paginas};
use crate::error::WebError;
use crate::http::entrada::Query;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/relatorios.html")]
pub(super) struct RelatoriosPage {
    admin: String,
    csrf: String,
    linhas: Vec<(Tenant, Option<(i64, i64)>)>,
    pagina: i64,
    paginas: i64,
}

pub(super) async fn contar_usuarios(
    state: &AppState,
    t: &Tenant,
) -> Result<(i64, i64), store::Error> {
    let mut tx = TenantTx::begin(&state.store, t, Access::Read).await?;
    store::conta::usuarios::contagem(&mut tx).await
}

/// Counts per câmara, read câmara by câmara through their scoped transactions (audited).
pub(super) async fn relatorios(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<RelatoriosPage, WebError> {
    let l = logado(&ext)?;
    let (camaras, pagina, paginas, _) = pagina_de_camaras(&state, q.pagina).await?;
    let mut linhas = Vec::with_capacity(camaras.len());
    for t in camaras {
        // A câmara being moved or deleted meanwhile shows as unavailable, not as an error.
        let serving = matches!(
            t.status,
            TenantStatus::Active | TenantStatus::Suspended | TenantStatus::Moving
        );
        let contagem = if serving {
            contar_usuarios(&state, &t).await.ok()
        } else {
            None
        };
        linhas.push((t, contagem));
    }
    l.registrou(
        &state,
        "platform.read",
        None,
        serde_json::json!({ "o_que": "relatório consolidado", "pagina": pagina }),
    )
    .await?;
    Ok(RelatoriosPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        linhas,
        pagina,
        paginas,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/auditoria.html")]
pub(super) struct AuditoriaPage {
    admin: String,
    csrf: String,
    registros: Vec<store::plataforma::painel::Registro>,
    pagina: i64,
    paginas: i64,
}

pub(super) async fn auditoria(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<AuditoriaPage, WebError> {
    let l = logado(&ext)?;
    let total = store::plataforma::painel::auditoria_total(&state.store).await?;
    let (pagina, paginas) = paginas(total, q.pagina);
    let registros =
        store::plataforma::painel::auditoria(&state.store, POR_PAGINA, (pagina - 1) * POR_PAGINA)
            .await?;
    Ok(AuditoriaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        registros,
        pagina,
        paginas,
    })
}
