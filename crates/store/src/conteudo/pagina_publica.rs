//! The public list of notícias, read in one statement (see [`crate::infra::leitura`]).

use serde::Deserialize;

use crate::conteudo::noticias::NoticiaResumo;
use crate::infra::catalog::Tenant;
use crate::infra::leitura::{self, Pagina};
use crate::{Result, Store};

/// One page of `/noticias`.
#[derive(Debug, Deserialize)]
pub struct Noticias {
    /// Newest first (best match first when searching).
    pub noticias: Vec<NoticiaResumo>,
    /// How many the filter finds.
    pub total: i64,
}

/// The published notícias of `tenant` matching `busca` (Portuguese full-text search, empty:
/// all) and `categoria` (empty: any), `limite` of them after `offset`
/// (`app.pagina_noticias`; the same rules as [`crate::conteudo::noticias::publicadas`]).
pub async fn noticias(
    store: &Store,
    tenant: &Tenant,
    busca: &str,
    categoria: &str,
    limite: i64,
    offset: i64,
) -> Result<Pagina<Noticias>> {
    let busca = Some(busca.trim()).filter(|b| !b.is_empty());
    let categoria = Some(categoria).filter(|c| !c.is_empty());
    leitura::pagina(
        store,
        tenant,
        "SELECT app.pagina_noticias($1, $2, $3)",
        serde_json::json!({
            "busca": busca, "categoria": categoria, "limite": limite, "offset": offset,
        }),
    )
    .await
}
