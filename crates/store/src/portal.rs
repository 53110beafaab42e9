//! The câmara's public home page, read in one statement (see [`crate::infra::leitura`]).

use serde::Deserialize;

use crate::composicao::{Legislatura, ParlamentarPublico};
use crate::conteudo::noticias::NoticiaResumo;
use crate::infra::catalog::Tenant;
use crate::infra::leitura::{self, Pagina};
use crate::sessoes_plenarias::SessaoPlenaria;
use crate::{Result, Store};

/// What `/` shows.
#[derive(Debug, Deserialize)]
pub struct Inicio {
    /// The legislatura in force today, or else the latest one.
    pub legislatura: Option<Legislatura>,
    /// Its parlamentares (at most 60), by slug.
    pub vereadores: Vec<ParlamentarPublico>,
    /// The next three sessões agendadas.
    pub sessoes: Vec<SessaoPlenaria>,
    /// The four latest notícias published.
    pub noticias: Vec<NoticiaResumo>,
}

/// The home page of `tenant` (`app.pagina_inicio`).
pub async fn inicio(store: &Store, tenant: &Tenant) -> Result<Pagina<Inicio>> {
    leitura::pagina(
        store,
        tenant,
        "SELECT app.pagina_inicio($1, $2, $3)",
        serde_json::json!({}),
    )
    .await
}
