//! The câmara's public home page, read in one statement ([`crate::infra::leitura`]).

use std::sync::Arc;

use super::Identidade;
use crate::composicao::ParlamentarPublico;
use crate::composicao::paginas::{LEGISLATURA, LegislaturaJson, da_legislatura};
use crate::conteudo::noticias::{NoticiaResumo, RESUMO, VISIVEL};
use crate::infra::catalog::Tenant;
use crate::infra::leitura::Leitura;
use crate::sessoes_plenarias::{COLUNAS, SessaoPlenaria, TABELAS};
use crate::{Result, Store};

/// How many vereadores, sessões and notícias the home page shows.
const VEREADORES: i64 = 60;
const SESSOES: i64 = 3;
const NOTICIAS: i64 = 4;

/// What the home page shows.
pub struct PaginaInicial {
    pub identidade: Arc<Identidade>,
    /// The current legislatura's number, if there is one.
    pub legislatura: Option<i32>,
    /// Its parlamentares, by name.
    pub vereadores: Vec<ParlamentarPublico>,
    /// The next scheduled sessões, soonest first.
    pub sessoes: Vec<SessaoPlenaria>,
    /// The latest published notícias.
    pub noticias: Vec<NoticiaResumo>,
}

/// The home page of `tenant`; [`Error::NotFound`] if the câmara has no configuration.
pub async fn pagina_inicial(store: &Store, tenant: &Tenant) -> Result<PaginaInicial> {
    let mut l = Leitura::new();
    let leg = l.linha(LEGISLATURA, 1, |q| q.bind(None::<i32>));
    let vereadores = l.lista(
        &da_legislatura("b.hoje", "NULL", "NULL", VEREADORES),
        1,
        |q| q.bind(None::<i32>),
    );
    let sessoes = l.lista(
        &format!(
            "SELECT {COLUNAS} {TABELAS}
              WHERE s.tenant_id = $1 AND s.status = 'agendada' AND s.inicio >= now()
              ORDER BY s.inicio, s.id LIMIT {SESSOES}"
        ),
        0,
        |q| q,
    );
    let noticias = l.lista(
        &format!(
            "SELECT {RESUMO} FROM app.noticia n JOIN app.camara_config c ON c.tenant_id = n.tenant_id
              WHERE n.tenant_id = $1 AND {VISIVEL}
              ORDER BY n.publicar_em DESC, n.id DESC LIMIT {NOTICIAS}"
        ),
        0,
        |q| q,
    );
    let lida = store.ler(tenant, l).await?;
    Ok(PaginaInicial {
        identidade: lida.identidade_exigida()?,
        legislatura: lida.linha::<LegislaturaJson>(leg)?.map(|l| l.numero),
        vereadores: lida.lista(vereadores)?,
        sessoes: lida.lista(sessoes)?,
        noticias: lida.lista(noticias)?,
    })
}
