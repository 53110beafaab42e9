//! A read-only page in ONE statement to PostgreSQL.
//!
//! The common public pages do not open a [`TenantTx`](crate::TenantTx) (`BEGIN READ
//! ONLY`, the scoping statement, each query, `COMMIT`: five to ten round trips). They send
//! one statement, outside any explicit transaction, calling a page function of schema
//! `app` (migration `0014_leitura_publica`):
//!
//! ```sql
//! SELECT app.pagina_<nome>($1 câmara, $2 versão da identidade em cache, $3 parâmetros jsonb)
//! ```
//!
//! A statement outside `BEGIN … COMMIT` is its own transaction, so the function's
//! transaction-local `set_config('app.tenant_id', …, true)` (and `transaction_read_only`)
//! ends with the statement, whether it succeeds or fails: no tenant setting survives on the
//! pooled connection (test builds check every connection the pool hands out). The function
//! is PL/pgSQL, whose statements run in order, so every read runs after the scoping; it is
//! `SECURITY INVOKER`, so the reads run as `plenario_app` under row level security.
//!
//! The answer is one JSON value `{"escopo": {...}, "dados": {...}}` (SQL NULL when the
//! câmara does not live in this database: [`Error::NotResident`]). `escopo` carries the
//! identity's version, today in the câmara's time zone and, only when the version cached
//! in this process is not the current one, the identity itself, read in the same statement
//! as its version.

use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use sqlx::types::Json;

use crate::camara::{CamaraConfig, Identidade, RedeSocial};
use crate::infra::catalog::Tenant;
use crate::{Error, Result, Store};

/// What a page read gives besides its own data.
pub struct Pagina<T> {
    /// The câmara's identity (header and footer); `None` if it has no configuration row.
    pub identidade: Option<Arc<Identidade>>,
    /// Today in the câmara's time zone, as of the statement.
    pub hoje: Option<time::Date>,
    pub dados: T,
}

#[derive(Deserialize)]
struct Resposta<T> {
    escopo: Escopo,
    dados: T,
}

#[derive(Deserialize)]
struct Escopo {
    versao: Option<i64>,
    hoje: Option<time::Date>,
    identidade: Option<IdentidadeLida>,
}

#[derive(Deserialize)]
struct IdentidadeLida {
    config: CamaraConfig,
    redes: Vec<RedeSocial>,
}

/// Runs the page function `sql` (a constant `SELECT app.pagina_…($1, $2, $3)`) for
/// `tenant` with `params`, in one statement on the application role's pool.
pub async fn pagina<T: DeserializeOwned + Send + Unpin + 'static>(
    store: &Store,
    tenant: &Tenant,
    sql: &'static str,
    params: serde_json::Value,
) -> Result<Pagina<T>> {
    let cache = store.identidades();
    let em_cache = cache.em_cache(tenant.id);
    let versao_cache = em_cache.as_ref().map(|(v, _)| *v);
    let (pool, key, _vaga) = crate::infra::tenancy::vez(store, tenant).await?;
    store.contar_leitura(tenant.id);
    let r: Result<Option<Json<Resposta<T>>>> = sqlx::query_scalar(sql)
        .bind(tenant.id)
        .bind(versao_cache)
        .bind(Json(params))
        .fetch_one(&pool)
        .await
        .map_err(Error::from);
    let Some(Json(r)) = store.note_reachability(&key, Some(&pool), r)? else {
        return Err(Error::NotResident);
    };
    let identidade = match (r.escopo.identidade, r.escopo.versao) {
        (Some(lida), Some(versao)) => {
            let ident = Arc::new(Identidade {
                config: lida.config,
                redes: lida.redes,
            });
            cache.guardar(tenant.id, versao, ident.clone());
            Some(ident)
        }
        // The function leaves the identity out only when our version is the current one.
        (None, Some(versao)) if versao_cache == Some(versao) => em_cache.map(|(_, i)| i),
        _ => None,
    };
    Ok(Pagina {
        identidade,
        hoje: r.escopo.hoje,
        dados: r.dados,
    })
}
