//! Proposições: the public search and page, the parlamentar's list, the open data; the
//! secretaria's registry ([`admin`]).

use crate::routes::Routes;

pub mod admin;
mod api;
mod arquivos;
mod avulso;
pub(crate) mod publico;

pub fn routes() -> Routes {
    Routes::new()
        .get("/legislativo/proposicoes", publico::lista)
        .get(
            "/legislativo/proposicoes/{ano}/{sigla}/{numero}",
            publico::detalhe,
        )
        .get(
            "/legislativo/proposicoes/{ano}/{sigla}/{numero}/avulso.pdf",
            avulso::pdf,
        )
        .get("/legislativo/proposicoes/anexos/{id}", arquivos::publico)
        .get("/api/v1/proposicoes", api::lista)
        .get("/api/v1/proposicoes/{id}", api::detalhe)
        .get("/api/v1/tramitacoes", api::tramitacoes)
}

/// A trimmed query value, `None` when empty.
fn valor(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}
