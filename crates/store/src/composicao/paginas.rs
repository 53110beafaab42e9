//! The composition's public pages, each read in one statement ([`crate::infra::leitura`]).

use serde::Deserialize;
use time::Date;
use uuid::Uuid;

use super::parlamentares::FOTO_SQL;
use super::partidos::PARTIDO;
use super::publico::publico;
use super::{
    Filiacao, Legislatura, Mandato, ParlamentarDados, ParlamentarPublico, Partido, RedeParlamentar,
    filiacoes_do_parlamentar_sql, mandatos_do_parlamentar_sql, redes_do_parlamentar_sql,
};
use crate::camara::Identidade;
use crate::comissoes::{self, ParticipacaoComissao};
use crate::infra::catalog::Tenant;
use crate::infra::leitura::{Consulta, Leitura, Lida};
use crate::infra::planos;
use crate::mesa::{self, MembroMesa};
use crate::proposicoes::busca::{self, Linha};
use crate::{Result, Store};

/// The legislatura numbered `$numero` (an SQL expression), or (when it is NULL) the current
/// one: the one holding the câmara's today, else the latest.
macro_rules! legislatura {
    ($numero:literal) => {
        concat!(
            "SELECT id, numero, inicio, fim FROM app.legislatura
              WHERE tenant_id = $1 AND (",
            $numero,
            "::int IS NULL OR numero = ",
            $numero,
            ") ORDER BY (daterange(inicio, fim, '[]') @> b.hoje) DESC, inicio DESC LIMIT 1"
        )
    };
}

/// The legislatura numbered `$2`, or (when `$2` is NULL) the current one.
pub(crate) const LEGISLATURA: &str = legislatura!("$2");

/// A legislatura as the JSON of a part gives it.
#[derive(Deserialize)]
pub(crate) struct LegislaturaJson {
    id: Uuid,
    pub(crate) numero: i32,
    #[serde(deserialize_with = "crate::infra::datas::iso::deserialize")]
    inicio: Date,
    #[serde(deserialize_with = "crate::infra::datas::iso::deserialize")]
    fim: Date,
}

impl From<LegislaturaJson> for Legislatura {
    fn from(l: LegislaturaJson) -> Self {
        Self {
            id: l.id,
            numero: l.numero,
            inicio: l.inicio,
            fim: l.fim,
        }
    }
}

/// What `/api/v1/parlamentares` shows.
pub struct ParlamentaresApi {
    /// The legislatura asked for (or the current one); `None` if there is none.
    pub legislatura: Option<Legislatura>,
    /// The partido asked for, its sigla as registered (`None` if none was asked for or it
    /// is unknown).
    pub partido: Option<String>,
    pub dados: Vec<ParlamentarDados>,
}

/// The parlamentares with a mandato in the legislatura numbered `numero` (default the
/// current one), filiated to `sigla` on the câmara's today (or the legislatura's end, if it
/// ended), by slug after `depois`, with their social networks: one statement.
pub async fn parlamentares_api(
    store: &Store,
    tenant: &Tenant,
    numero: Option<i32>,
    sigla: Option<&str>,
    depois: Option<&str>,
    limite: i64,
) -> Result<ParlamentaresApi> {
    let mut l = Leitura::new();
    let leg = l.linha(LEGISLATURA, 1, move |q| q.bind(numero));
    let sigla = sigla.map(str::to_owned);
    let partido = l.linha(
        "SELECT sigla FROM app.partido WHERE tenant_id = $1 AND lower(sigla) = lower($2)",
        1,
        {
            let sigla = sigla.clone();
            move |q| q.bind(sigla)
        },
    );
    let lista = format!(
        "SELECT x.id, x.slug, x.nome_parlamentar, x.nome_civil, x.partido, x.mandato, x.email,
                x.telefone, x.gabinete_sala, x.gabinete_telefone, x.foto,
                '/parlamentares/' || x.slug AS uri,
                (SELECT coalesce(json_agg(json_build_object('rede', r.rede, 'url', r.url)
                                          ORDER BY r.ordem, r.rede, r.url), '[]')
                   FROM app.parlamentar_rede r
                  WHERE r.tenant_id = $1 AND r.parlamentar_id = x.id) AS redes_sociais
           FROM ({}) x",
        da_legislatura("LEAST(b.hoje, l.fim)", "$3", "$4", limite)
    );
    let depois = depois.map(str::to_owned);
    let dados = l.lista(&lista, 3, move |q| q.bind(numero).bind(depois).bind(sigla));
    let lida: Lida = store.ler(tenant, l).await?;
    Ok(ParlamentaresApi {
        legislatura: lida.linha::<LegislaturaJson>(leg)?.map(Into::into),
        partido: lida.linha::<PartidoSigla>(partido)?.map(|p| p.sigla),
        dados: lida.lista(dados)?,
    })
}

/// What `/parlamentares` shows.
pub struct PaginaParlamentares {
    pub identidade: std::sync::Arc<Identidade>,
    /// The legislatura asked for (or the current one); `None` if there is none.
    pub legislatura: Option<Legislatura>,
    /// Its parlamentares (of the partido asked for), by slug.
    pub parlamentares: Vec<ParlamentarPublico>,
    /// Every legislatura and partido, for the filters.
    pub legislaturas: Vec<Legislatura>,
    pub partidos: Vec<Partido>,
}

/// The `/parlamentares` page: the legislatura numbered `numero` (default the current one),
/// its parlamentares filiated to `sigla` on the câmara's today (or the legislatura's end),
/// and the filters' choices: one statement.
pub async fn pagina_parlamentares(
    store: &Store,
    tenant: &Tenant,
    numero: Option<i32>,
    sigla: Option<&str>,
) -> Result<PaginaParlamentares> {
    let mut l = Leitura::new();
    let leg = l.linha(LEGISLATURA, 1, move |q| q.bind(numero));
    let sigla = sigla.map(str::to_owned);
    let lista = l.lista(
        &da_legislatura("LEAST(b.hoje, l.fim)", "NULL", "$3", 500),
        2,
        move |q| q.bind(numero).bind(sigla),
    );
    let legislaturas = l.lista(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1
          ORDER BY numero LIMIT 200",
        0,
        |q| q,
    );
    let partidos = l.lista(
        &format!("SELECT {PARTIDO} FROM app.partido WHERE tenant_id = $1 ORDER BY sigla LIMIT 200"),
        0,
        |q| q,
    );
    let lida: Lida = store.ler(tenant, l).await?;
    Ok(PaginaParlamentares {
        identidade: lida.identidade_exigida()?,
        legislatura: lida.linha::<LegislaturaJson>(leg)?.map(Into::into),
        parlamentares: lida.lista(lista)?,
        legislaturas: lida
            .lista::<LegislaturaJson>(legislaturas)?
            .into_iter()
            .map(Into::into)
            .collect(),
        partidos: lida.lista(partidos)?,
    })
}

/// The parlamentares with a mandato in the legislatura of [`LEGISLATURA`] (whose `$2` it
/// uses), as [`super::ParlamentarPublico`] columns, by slug: after the slug `depois`, of the
/// partido `sigla` on `dia` (SQL expressions; NULL for any).
pub(crate) fn da_legislatura(dia: &str, depois: &str, sigla: &str, limite: i64) -> String {
    format!(
        "SELECT x.* FROM ({LEGISLATURA}) l
           CROSS JOIN LATERAL (
             SELECT {}, {FOTO_SQL} AS foto FROM app.parlamentar p
              WHERE p.tenant_id = $1 AND p.ativo
                AND EXISTS (SELECT 1 FROM app.mandato m WHERE m.tenant_id = p.tenant_id
                             AND m.parlamentar_id = p.id AND m.legislatura_id = l.id)
                AND ({depois}::text IS NULL OR p.slug > {depois})) x
          WHERE ({sigla}::text IS NULL OR lower(x.partido) = lower({sigla}))
          ORDER BY x.slug LIMIT {}",
        publico(dia, "l.id"),
        planos::limite(limite)
    )
}

#[derive(Deserialize)]
struct PartidoSigla {
    sigla: String,
}

/// What `/parlamentares/{slug}` shows.
pub struct PaginaParlamentar {
    pub identidade: std::sync::Arc<Identidade>,
    /// The parlamentar, with the partido of the câmara's today and the mandato's tipo in the
    /// current legislatura.
    pub parlamentar: ParlamentarPublico,
    /// Newest first, each with its afastamentos.
    pub mandatos: Vec<Mandato>,
    /// The party history, newest first.
    pub filiacoes: Vec<Filiacao>,
    pub redes: Vec<RedeParlamentar>,
    /// The seats in comissões, the current ones first.
    pub comissoes: Vec<ParticipacaoComissao>,
    /// The cargos of the mesa, the latest first.
    pub cargos_mesa: Vec<MembroMesa>,
    /// How many proposições the parlamentar is an autor of (counted up to
    /// [`MAX_RESULTADOS`](crate::proposicoes::busca::MAX_RESULTADOS) + 1), and the page asked for.
    pub proposicoes_total: i64,
    pub proposicoes: Vec<Linha>,
}

/// The parlamentar `$2` (by slug).
const PELO_SLUG: &str = "(SELECT id FROM app.parlamentar WHERE tenant_id = $1 AND slug = $2)";

/// The page of the parlamentar `slug` with `limite` of their proposições after `offset`:
/// one statement; `None` if there is no such parlamentar.
pub async fn pagina_parlamentar(
    store: &Store,
    tenant: &Tenant,
    slug: &str,
    limite: i64,
    offset: i64,
) -> Result<Option<PaginaParlamentar>> {
    let mut l = Leitura::new();
    let slug = slug.to_owned();
    let por_slug = |slug: &String| {
        let slug = slug.clone();
        move |q: Consulta<'static>| q.bind(slug)
    };
    let perfil = l.linha(
        &format!(
            "SELECT {}, {FOTO_SQL} AS foto FROM app.parlamentar p
              WHERE p.tenant_id = $1 AND p.slug = $2",
            publico(
                "b.hoje",
                concat!("(SELECT id FROM (", legislatura!("NULL"), ") l)")
            )
        ),
        1,
        por_slug(&slug),
    );
    let mandatos = l.lista(&mandatos_do_parlamentar_sql(PELO_SLUG), 1, por_slug(&slug));
    let filiacoes = l.lista(&filiacoes_do_parlamentar_sql(PELO_SLUG), 1, por_slug(&slug));
    let redes = l.lista(&redes_do_parlamentar_sql(PELO_SLUG), 1, por_slug(&slug));
    let comissoes = l.lista(
        &comissoes::comissoes_do_parlamentar_sql(PELO_SLUG, "b.hoje"),
        1,
        por_slug(&slug),
    );
    let cargos = l.lista(
        &mesa::cargos_do_parlamentar_sql(PELO_SLUG),
        1,
        por_slug(&slug),
    );
    let (total, linhas) = busca::do_parlamentar_sql(PELO_SLUG, limite);
    let total = l.linha(&total, 1, por_slug(&slug));
    let offset = offset.clamp(0, busca::MAX_RESULTADOS);
    let linhas = l.lista(&linhas, 2, move |q| q.bind(slug).bind(offset));
    let lida: Lida = store.ler(tenant, l).await?;
    let Some(parlamentar) = lida.linha(perfil)? else {
        return Ok(None);
    };
    Ok(Some(PaginaParlamentar {
        identidade: lida.identidade_exigida()?,
        parlamentar,
        mandatos: lida.lista(mandatos)?,
        filiacoes: lida.lista(filiacoes)?,
        redes: lida.lista(redes)?,
        comissoes: lida.lista(comissoes)?,
        cargos_mesa: mesa::concordados(lida.lista(cargos)?),
        proposicoes_total: lida.contagem(total)?,
        proposicoes: lida.lista(linhas)?,
    }))
}
