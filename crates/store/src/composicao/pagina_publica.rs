//! The public pages of the composição, each read in one statement (see
//! [`crate::infra::leitura`]): the list, a parlamentar's profile and the open data.

use serde::Deserialize;

use crate::comissoes::ParticipacaoComissao;
use crate::composicao::{
    Filiacao, Legislatura, Mandato, ParlamentarDados, ParlamentarPublico, Partido, RedeParlamentar,
};
use crate::infra::catalog::Tenant;
use crate::infra::leitura::{self, Pagina};
use crate::mesa::MembroMesa;
use crate::{Result, Store};

/// Which legislatura the list shows.
#[derive(Debug, Clone, Copy)]
pub enum Qual {
    /// The one in force today, or else the latest.
    Atual,
    /// The one with this number; `None`: a number that could not be read (none is shown).
    Numero(Option<i32>),
}

/// What `/parlamentares` shows.
#[derive(Debug, Deserialize)]
pub struct Lista {
    pub legislatura: Option<Legislatura>,
    /// Its parlamentares (at most 500), by slug, of the partido asked for, as of the
    /// legislatura's last day or today while it lasts.
    pub lista: Vec<ParlamentarPublico>,
    /// Every legislatura (at most 200) and partido (at most 200), for the filters.
    pub legislaturas: Vec<Legislatura>,
    pub partidos: Vec<Partido>,
}

/// `/parlamentares` of `tenant` (`app.pagina_parlamentares`).
pub async fn lista(
    store: &Store,
    tenant: &Tenant,
    qual: Qual,
    partido: Option<&str>,
) -> Result<Pagina<Lista>> {
    let (pedida, numero) = match qual {
        Qual::Atual => (false, None),
        Qual::Numero(n) => (true, n),
    };
    leitura::pagina(
        store,
        tenant,
        "SELECT app.pagina_parlamentares($1, $2, $3)",
        serde_json::json!({ "pedida": pedida, "numero": numero, "partido": partido }),
    )
    .await
}

/// What `/parlamentares/{slug}` shows.
#[derive(Debug, Deserialize)]
pub struct Perfil {
    /// `None`: no parlamentar with this slug.
    pub parlamentar: Option<ParlamentarPublico>,
    #[serde(default)]
    pub mandatos: Vec<Mandato>,
    #[serde(default)]
    pub filiacoes: Vec<Filiacao>,
    #[serde(default)]
    pub redes: Vec<RedeParlamentar>,
    #[serde(default)]
    pub comissoes: Vec<ParticipacaoComissao>,
    #[serde(default)]
    pub cargos_mesa: Vec<MembroMesa>,
}

/// A parlamentar's public profile (`app.pagina_parlamentar`).
pub async fn perfil(store: &Store, tenant: &Tenant, slug: &str) -> Result<Pagina<Perfil>> {
    leitura::pagina(
        store,
        tenant,
        "SELECT app.pagina_parlamentar($1, $2, $3)",
        serde_json::json!({ "slug": slug }),
    )
    .await
}

/// What `/api/v1/parlamentares` gives.
#[derive(Debug, Deserialize)]
pub struct Api {
    /// `None`: the number asked for names no legislatura (or the câmara has none).
    pub legislatura: Option<Legislatura>,
    /// The partido's sigla as registered; `None` when the one asked for is unknown.
    pub partido: Option<String>,
    pub dados: Vec<ParlamentarDados>,
}

/// The open-data rows of the parlamentares with a mandato in the legislatura `numero`
/// (`None`: the current one), of the partido `sigla` (any case), after the slug `depois`
/// (`app.pagina_api_parlamentares`).
pub async fn api(
    store: &Store,
    tenant: &Tenant,
    numero: Option<i32>,
    sigla: Option<&str>,
    depois: Option<&str>,
    limite: i64,
) -> Result<Pagina<Api>> {
    leitura::pagina(
        store,
        tenant,
        "SELECT app.pagina_api_parlamentares($1, $2, $3)",
        serde_json::json!({
            "numero": numero, "partido": sigla, "depois": depois, "limite": limite,
        }),
    )
    .await
}
