//! The public search of proposições (`/legislativo/proposicoes`, the parlamentar's
//! profile, `/api/v1/proposicoes`): filters by tipo, número, ano, autor, situação, assunto,
//! período and text, the text in Portuguese ignoring accents and plurals (the stored,
//! weighted document `busca` of migration 0017, GIN-indexed with the tenant first).
//!
//! Each combination of filters is its own statement (only the conditions in use are in
//! it), so every prepared plan fits its filters: a catch-all `($n IS NULL OR …)` statement
//! would get one generic plan for all of them.

use domain::proposicoes::Situacao;
use serde::Deserialize;
use sqlx::FromRow;
use sqlx::types::Json;
use time::Date;
use uuid::Uuid;

use crate::{Result, TenantTx};

/// How many results a search counts (and pages through) at most: the page says "mais de
/// 1.000" beyond it, and nobody pages that far (they refine the filters).
pub const MAX_RESULTADOS: i64 = 1000;

/// The filters of a search (all optional; the web layer validates and resolves them).
#[derive(Debug, Clone, Default)]
pub struct Filtro {
    pub tipo_id: Option<Uuid>,
    pub numero: Option<i32>,
    pub ano: Option<i32>,
    /// A parlamentar among the autores (primeiro autor or coautor).
    pub autor: Option<Uuid>,
    pub situacao: Option<Situacao>,
    /// One of the proposição's assuntos, exactly.
    pub assunto: Option<String>,
    /// Apresentada from / until (inclusive).
    pub de: Option<Date>,
    pub ate: Option<Date>,
    /// Words to find (websearch syntax: "aspas", -excluir, OR).
    pub texto: Option<String>,
}

impl Filtro {
    pub fn tem_texto(&self) -> bool {
        self.texto.as_deref().is_some_and(|t| !t.trim().is_empty())
    }

    /// Whether only the autor and the período filter (nothing read from the proposição's
    /// own row).
    fn so_autor_e_periodo(&self) -> bool {
        self.tipo_id.is_none()
            && self.numero.is_none()
            && self.ano.is_none()
            && self.situacao.is_none()
            && self.assunto.is_none()
            && !self.tem_texto()
    }
}

/// One autor as lists show it.
#[derive(Debug, Clone, Deserialize)]
pub struct AutorResumo {
    pub nome: String,
    /// The parlamentar's profile (`/parlamentares/{slug}`) when the autor is one.
    pub slug: Option<String>,
    pub primeiro: bool,
}

/// A proposição in a list: identificação, ementa, autores, situação and its latest event
/// (PNTP: the list shows each proposição's situação and latest tramitação).
#[derive(Debug, Clone, FromRow, Deserialize)]
pub struct Linha {
    pub id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
    #[serde(deserialize_with = "crate::infra::datas::iso::deserialize")]
    pub apresentada_em: Date,
    pub situacao: Option<String>,
    pub autores: Json<Vec<AutorResumo>>,
    /// The latest event: its date (dd/mm/aaaa, câmara's zone) and description.
    pub evento_data: Option<String>,
    pub evento_descricao: Option<String>,
    /// "EME 1/2026 ao PL 12/2026": the proposição an emenda belongs to.
    pub mae: Option<String>,
    /// The page: the proposição's own, or its principal's (emendas, at their anchor).
    pub uri: String,
}

impl Linha {
    /// "PL 12/2026".
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    pub fn situacao_rotulo(&self) -> &'static str {
        situacao_rotulo(self.situacao.as_deref())
    }

    /// Whether the parlamentar `slug` is the primeiro autor.
    pub fn primeiro_autor_e(&self, slug: &str) -> bool {
        self.autores
            .iter()
            .any(|a| a.primeiro && a.slug.as_deref() == Some(slug))
    }
}

/// The label of a stored situação ("Em tramitação"); "—" without one.
pub fn situacao_rotulo(s: Option<&str>) -> &'static str {
    s.and_then(Situacao::parse).map_or("—", Situacao::rotulo)
}

/// A value bound to a statement being built.
enum Valor {
    Uuid(Uuid),
    Int(i32),
    Texto(String),
    Data(Date),
    Grande(i64),
}

/// A search made SQL: what it reads from, its WHERE conditions ($1 is the tenant) with their
/// values, and the columns of its newest-first order.
///
/// With an autor, the rows come from the autor's index (`proposicao_autor_recentes`,
/// migration 0025: the proposição's date copied onto its autores), so autor + período + the
/// order are one index range. The text query arrives as a ready `tsquery` (see
/// [`consulta_pronta`]): a prepared statement's generic plan would otherwise normalise and
/// parse the visitor's words again for every row it ranks or rechecks.
struct Sql {
    de: &'static str,
    cond: String,
    valores: Vec<Valor>,
    data: &'static str,
    id: &'static str,
    /// The placeholder of the `tsquery`, when there is a text query.
    consulta: Option<String>,
}

impl Sql {
    fn push(&mut self, cond: &str, v: Valor) {
        self.valores.push(v);
        self.cond.push_str(" AND ");
        self.cond
            .push_str(&cond.replace('?', &format!("${}", self.valores.len() + 1)));
    }

    /// The placeholder of the next value bound.
    fn proximo(&mut self, v: Valor) -> String {
        self.valores.push(v);
        format!("${}", self.valores.len() + 1)
    }

    /// The newest-first order.
    fn recentes(&self) -> String {
        format!("{} DESC, {} DESC", self.data, self.id)
    }
}

/// The visitor's words as the `tsquery` every statement of the search binds (`$n::tsquery`):
/// normalised and parsed once.
async fn consulta_pronta(tx: &mut TenantTx, texto: &str) -> Result<String> {
    Ok(sqlx::query_scalar(concat!(
        "SELECT (",
        crate::busca::consulta!("$1"),
        ")::text"
    ))
    .bind(texto)
    .fetch_one(tx.conn())
    .await?)
}

/// The SQL of `f`.
async fn sql(tx: &mut TenantTx, f: &Filtro) -> Result<Sql> {
    let mut s = Sql {
        de: "app.proposicao p",
        cond: String::from("p.tenant_id = $1"),
        valores: Vec::new(),
        data: "p.apresentada_em",
        id: "p.id",
        consulta: None,
    };
    if let Some(a) = f.autor {
        // Autor and período alone are one range of the autor's index: the proposição's own
        // row is joined only when another condition reads it.
        if f.so_autor_e_periodo() {
            s.de = "app.proposicao_autor pa";
            s.cond = String::from("pa.tenant_id = $1");
        } else {
            s.de = "app.proposicao_autor pa
                JOIN app.proposicao p ON p.tenant_id = pa.tenant_id AND p.id = pa.proposicao_id";
            s.cond.push_str(" AND pa.tenant_id = $1");
        }
        s.data = "pa.apresentada_em";
        s.id = "pa.proposicao_id";
        s.push("pa.parlamentar_id = ?", Valor::Uuid(a));
    }
    if let Some(t) = f.tipo_id {
        s.push("p.tipo_id = ?", Valor::Uuid(t));
    }
    if let Some(n) = f.numero {
        s.push("p.numero = ?", Valor::Int(n));
    }
    if let Some(a) = f.ano {
        s.push("p.ano = ?", Valor::Int(a));
    }
    if let Some(x) = f.situacao {
        s.push("p.situacao = ?", Valor::Texto(x.as_str().to_owned()));
    }
    if let Some(a) = &f.assunto {
        s.push(
            "p.assuntos @> ARRAY[?::text]",
            Valor::Texto(a.trim().to_owned()),
        );
    }
    let data = s.data;
    if let Some(d) = f.de {
        s.push(&format!("{data} >= ?"), Valor::Data(d));
    }
    if let Some(d) = f.ate {
        s.push(&format!("{data} <= ?"), Valor::Data(d));
    }
    if f.tem_texto() {
        let q = consulta_pronta(tx, f.texto.as_deref().unwrap_or_default()).await?;
        let n = s.proximo(Valor::Texto(q));
        s.cond.push_str(&format!(" AND p.busca @@ {n}::tsquery"));
        s.consulta = Some(n);
    }
    Ok(s)
}

type Consulta<'q, O> = sqlx::query::QueryAs<'q, sqlx::Postgres, O, sqlx::postgres::PgArguments>;

fn ligar<'q, O>(mut q: Consulta<'q, O>, tenant: i32, valores: Vec<Valor>) -> Consulta<'q, O> {
    q = q.bind(tenant);
    for v in valores {
        q = match v {
            Valor::Uuid(x) => q.bind(x),
            Valor::Int(x) => q.bind(x),
            Valor::Texto(x) => q.bind(x),
            Valor::Data(x) => q.bind(x),
            Valor::Grande(x) => q.bind(x),
        };
    }
    q
}

/// The page of the proposição `p` (SQL, with [`JUNCOES`]): its own, or (emendas,
/// subemendas) its principal's at the emenda's anchor; `m` is the mãe, `r` the mãe's mãe.
macro_rules! uri {
    () => {
        "CASE WHEN m.id IS NULL
         THEN '/legislativo/proposicoes/' || p.ano || '/' || lower(t.sigla) || '/' || p.numero
         ELSE '/legislativo/proposicoes/' || coalesce(r.ano, m.ano) || '/'
              || lower(coalesce(tr.sigla, tm.sigla)) || '/' || coalesce(r.numero, m.numero)
              || '#' || lower(t.sigla) || '-' || p.numero END"
    };
}
pub(super) use uri;

/// The columns of a [`Linha`] for the proposição `p` (with `c` the câmara's config).
pub(super) const LINHA: &str = concat!("p.id, t.sigla, p.numero, p.ano, p.ementa, p.apresentada_em, p.situacao,
    coalesce((SELECT jsonb_agg(jsonb_build_object(
                 'nome', coalesce(par.nome_parlamentar, co.nome, a.nome),
                 'slug', par.slug, 'primeiro', a.primeiro) ORDER BY a.ordem)
                FROM app.proposicao_autor a
                LEFT JOIN app.parlamentar par ON par.tenant_id = a.tenant_id AND par.id = a.parlamentar_id
                LEFT JOIN app.comissao co ON co.tenant_id = a.tenant_id AND co.id = a.comissao_id
               WHERE a.tenant_id = p.tenant_id AND a.proposicao_id = p.id), '[]'::jsonb) AS autores,
    to_char(e.ocorrido_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY') AS evento_data,
    e.descricao AS evento_descricao,
    CASE WHEN m.id IS NOT NULL THEN tm.sigla || ' ' || m.numero || '/' || m.ano END AS mae,
    ", uri!(), " AS uri");

/// What [`LINHA`] reads from, joined to the proposição `p`.
pub(super) const JUNCOES: &str =
    "JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
    JOIN app.camara_config c ON c.tenant_id = p.tenant_id
    LEFT JOIN app.proposicao_evento e ON e.tenant_id = p.tenant_id AND e.id = p.ultimo_evento_id
    LEFT JOIN app.proposicao m ON m.tenant_id = p.tenant_id AND m.id = p.mae_id
    LEFT JOIN app.tipo_proposicao tm ON tm.tenant_id = m.tenant_id AND tm.id = m.tipo_id
    LEFT JOIN app.proposicao r ON r.tenant_id = m.tenant_id AND r.id = m.mae_id
    LEFT JOIN app.tipo_proposicao tr ON tr.tenant_id = r.tenant_id AND tr.id = r.tipo_id";

/// How a page of results is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordem {
    /// By relevance (a text query with at most [`MAX_RESULTADOS`] matches), then newest.
    Relevancia,
    /// Newest first: no text query, or one with more than [`MAX_RESULTADOS`] matches
    /// (ranking thousands of documents to show 20 costs more than the page; the visitor is
    /// told, and refines the search).
    Recentes,
}

/// One page of what a search finds, with how many there are (counted up to
/// [`MAX_RESULTADOS`] + 1) and how the page is ordered.
#[derive(Debug, Clone)]
pub struct Resultado {
    pub linhas: Vec<Linha>,
    pub total: i64,
    pub ordem: Ordem,
}

/// One page of the proposições `f` finds: by relevance when there is a text query with at
/// most [`MAX_RESULTADOS`] matches, otherwise newest first; and how many there are,
/// counted up to [`MAX_RESULTADOS`] + 1.
///
/// The count and the page's ids are one statement. Without a text query the first
/// [`MAX_RESULTADOS`] + 1 matches are taken newest first, and the page is cut from them. With
/// one, the matches are taken in any order (the text index's), counted, and then either ranked
/// (a few, re-read by id) or, past [`MAX_RESULTADOS`], the page is read newest first on its
/// own: only the branch the count picks runs (each is an init plan, evaluated when asked).
pub async fn buscar(tx: &mut TenantTx, f: &Filtro, limite: i64, offset: i64) -> Result<Resultado> {
    let tenant = tx.tenant_id();
    let mut s = sql(tx, f).await?;
    let lim = s.proximo(Valor::Grande(limite.clamp(1, 100)));
    let off = s.proximo(Valor::Grande(offset.clamp(0, MAX_RESULTADOS)));
    let (de, cond, recentes, id) = (s.de, &s.cond, s.recentes(), s.id);
    let max = MAX_RESULTADOS + 1;
    let consulta = match &s.consulta {
        None => format!(
            "WITH achados AS MATERIALIZED (
                 SELECT {id} AS id, {data} AS data FROM {de} WHERE {cond}
                  ORDER BY {recentes} LIMIT {max})
             SELECT (SELECT count(*) FROM achados), false,
                    ARRAY(SELECT id FROM achados ORDER BY data DESC, id DESC LIMIT {lim} OFFSET {off})",
            data = s.data
        ),
        Some(q) => format!(
            "WITH achados AS MATERIALIZED (SELECT {id} AS id FROM {de} WHERE {cond} LIMIT {max}),
                  total AS MATERIALIZED (SELECT count(*) AS n FROM achados)
             SELECT (SELECT n FROM total), (SELECT n FROM total) <= {MAX_RESULTADOS},
                    CASE WHEN (SELECT n FROM total) <= {MAX_RESULTADOS}
                    THEN ARRAY(SELECT p.id FROM achados a
                                 JOIN app.proposicao p ON p.tenant_id = $1 AND p.id = a.id
                                ORDER BY ts_rank(p.busca, {q}::tsquery) DESC, p.apresentada_em DESC, p.id DESC
                                LIMIT {lim} OFFSET {off})
                    ELSE ARRAY(SELECT {id} FROM {de} WHERE {cond}
                                ORDER BY {recentes} LIMIT {lim} OFFSET {off}) END"
        ),
    };
    let (total, relevancia, ids): (i64, bool, Vec<Uuid>) = ligar(
        sqlx::query_as(sqlx::AssertSqlSafe(consulta)),
        tenant,
        s.valores,
    )
    .fetch_one(tx.conn())
    .await?;
    let ordem = if relevancia {
        Ordem::Relevancia
    } else {
        Ordem::Recentes
    };
    let linhas = por_ids(tx, LINHA, &ids).await?;
    Ok(Resultado {
        linhas,
        total,
        ordem,
    })
}

/// The proposições the parlamentar `parlamentar` (an SQL expression reading `$2`) is an autor
/// of, for the parlamentar's page in one statement ([`crate::infra::leitura`]), as
/// [`buscar`] finds them with only the autor filter: how many (a row `n`, counted up to
/// [`MAX_RESULTADOS`] + 1), and `limite` [`Linha`]s newest first after the offset `$3`.
pub(crate) fn do_parlamentar_sql(parlamentar: &str, limite: i64) -> (String, String) {
    let max = MAX_RESULTADOS + 1;
    let achados = format!(
        "SELECT pa.proposicao_id AS id, pa.apresentada_em AS data FROM app.proposicao_autor pa
          WHERE pa.tenant_id = $1 AND pa.parlamentar_id = {parlamentar}
          ORDER BY pa.apresentada_em DESC, pa.proposicao_id DESC LIMIT {max}"
    );
    let total = format!("SELECT count(*) AS n FROM ({achados}) q");
    let linhas = format!(
        "SELECT {LINHA} FROM (SELECT q.* FROM ({achados}) q ORDER BY q.data DESC, q.id DESC
                               LIMIT {} OFFSET $3) q
           JOIN app.proposicao p ON p.tenant_id = $1 AND p.id = q.id
           {JUNCOES}
          ORDER BY q.data DESC, q.id DESC",
        limite.clamp(1, 100)
    );
    (total, linhas)
}

/// The proposições of `f` for the open data: newest first, `limite` rows after the
/// proposição `depois` (the cursor).
pub async fn pagina_dados(
    tx: &mut TenantTx,
    f: &Filtro,
    depois: Option<Uuid>,
    limite: i64,
) -> Result<Vec<super::dados::ProposicaoDados>> {
    let tenant = tx.tenant_id();
    let mut s = sql(tx, f).await?;
    if let Some(d) = depois {
        let n = s.proximo(Valor::Uuid(d));
        s.cond.push_str(&format!(
            " AND ({}, {}) < (SELECT x.apresentada_em, x.id FROM app.proposicao x
                              WHERE x.tenant_id = $1 AND x.id = {n})",
            s.data, s.id
        ));
    }
    let lim = s.proximo(Valor::Grande(limite.clamp(1, 101)));
    let sql = format!(
        "SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT {lim}",
        s.id,
        s.de,
        s.cond,
        s.recentes()
    );
    let ids: Vec<(Uuid,)> = ligar(sqlx::query_as(sqlx::AssertSqlSafe(sql)), tenant, s.valores)
        .fetch_all(tx.conn())
        .await?;
    let ids: Vec<Uuid> = ids.into_iter().map(|(id,)| id).collect();
    por_ids(tx, super::dados::COLUNAS, &ids).await
}

/// The rows `colunas` (of `p` with [`JUNCOES`]) of the proposições `ids`, in that order.
///
/// A page is found in two statements: its ids (one table, whose plan fits its filters),
/// then its columns by id here. In one statement, PostgreSQL's generic plan of the whole
/// (chosen after five executions of a prepared statement) joined every table before the
/// LIMIT and took 30 times as long; this one's generic plan is the one wanted.
async fn por_ids<O>(tx: &mut TenantTx, colunas: &str, ids: &[Uuid]) -> Result<Vec<O>>
where
    O: for<'r> FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {colunas} FROM unnest($2::uuid[]) WITH ORDINALITY x(id, ordem)
           JOIN app.proposicao p ON p.tenant_id = $1 AND p.id = x.id
           {JUNCOES}
          ORDER BY x.ordem"
    )))
    .bind(tenant)
    .bind(ids)
    .fetch_all(tx.conn())
    .await?)
}

/// A tipo as the filters offer it.
#[derive(Debug, Clone, FromRow, Deserialize)]
pub struct TipoOpcao {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
}

/// A parlamentar as the autor filter offers it.
#[derive(Debug, Clone, FromRow, Deserialize)]
pub struct AutorOpcao {
    pub id: Uuid,
    pub slug: String,
    pub nome: String,
}

/// What the filters offer: every tipo and every parlamentar of the câmara (one statement).
pub async fn opcoes(tx: &mut TenantTx) -> Result<(Vec<TipoOpcao>, Vec<AutorOpcao>)> {
    let tenant = tx.tenant_id();
    let (tipos, autores): (Json<Vec<TipoOpcao>>, Json<Vec<AutorOpcao>>) = sqlx::query_as(
        "SELECT coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'sigla', sigla, 'nome', nome)
                                   ORDER BY ordem, sigla)
                            FROM app.tipo_proposicao WHERE tenant_id = $1), '[]'::jsonb),
                coalesce((SELECT jsonb_agg(jsonb_build_object('id', id, 'slug', slug, 'nome', nome_parlamentar)
                                   ORDER BY nome_parlamentar, id)
                            FROM app.parlamentar WHERE tenant_id = $1), '[]'::jsonb)",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?;
    Ok((tipos.0, autores.0))
}

/// Whether some proposição of the câmara has the assunto `a` (the open data answers 404
/// for an assunto that names nothing).
pub async fn assunto_existe(tx: &mut TenantTx, a: &str) -> Result<bool> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.proposicao WHERE tenant_id = $1 AND assuntos @> ARRAY[$2::text])",
    )
    .bind(tenant)
    .bind(a.trim())
    .fetch_one(tx.conn())
    .await?)
}
