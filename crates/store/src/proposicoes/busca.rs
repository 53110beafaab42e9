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
#[derive(Debug, Clone, FromRow)]
pub struct Linha {
    pub id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
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

/// The WHERE conditions of `f` on `app.proposicao p` ($1 is the tenant), with their values.
fn condicoes(f: &Filtro, valores: &mut Vec<Valor>) -> String {
    let mut sql = String::from("p.tenant_id = $1");
    let mut push = |cond: &str, v: Valor, valores: &mut Vec<Valor>| {
        valores.push(v);
        sql.push_str(" AND ");
        sql.push_str(&cond.replace('?', &format!("${}", valores.len() + 1)));
    };
    if let Some(t) = f.tipo_id {
        push("p.tipo_id = ?", Valor::Uuid(t), valores);
    }
    if let Some(n) = f.numero {
        push("p.numero = ?", Valor::Int(n), valores);
    }
    if let Some(a) = f.ano {
        push("p.ano = ?", Valor::Int(a), valores);
    }
    if let Some(a) = f.autor {
        push(
            "EXISTS (SELECT 1 FROM app.proposicao_autor pa WHERE pa.tenant_id = p.tenant_id
                        AND pa.proposicao_id = p.id AND pa.parlamentar_id = ?)",
            Valor::Uuid(a),
            valores,
        );
    }
    if let Some(s) = f.situacao {
        push(
            "p.situacao = ?",
            Valor::Texto(s.as_str().to_owned()),
            valores,
        );
    }
    if let Some(a) = &f.assunto {
        push(
            "p.assuntos @> ARRAY[?::text]",
            Valor::Texto(a.trim().to_owned()),
            valores,
        );
    }
    if let Some(d) = f.de {
        push("p.apresentada_em >= ?", Valor::Data(d), valores);
    }
    if let Some(d) = f.ate {
        push("p.apresentada_em <= ?", Valor::Data(d), valores);
    }
    if f.tem_texto() {
        push(
            concat!("p.busca @@ ", crate::busca::consulta!("?")),
            Valor::Texto(f.texto.clone().unwrap_or_default()),
            valores,
        );
    }
    sql
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
pub async fn buscar(tx: &mut TenantTx, f: &Filtro, limite: i64, offset: i64) -> Result<Resultado> {
    let tenant = tx.tenant_id();
    let mut valores = Vec::new();
    let cond = condicoes(f, &mut valores);
    let n = valores.len();
    let contar = format!(
        "SELECT count(*) FROM (SELECT 1 FROM app.proposicao p WHERE {cond} LIMIT {}) x",
        MAX_RESULTADOS + 1
    );
    let total: (i64,) = ligar(sqlx::query_as(sqlx::AssertSqlSafe(contar)), tenant, valores)
        .fetch_one(tx.conn())
        .await?;
    let total = total.0;
    let ordem = if f.tem_texto() && total <= MAX_RESULTADOS {
        Ordem::Relevancia
    } else {
        Ordem::Recentes
    };
    if total == 0 || offset >= total {
        return Ok(Resultado {
            linhas: Vec::new(),
            total,
            ordem,
        });
    }
    let ordenar = match ordem {
        // The text query is the last value bound.
        Ordem::Relevancia => format!(
            "ts_rank(p.busca, {}) DESC, p.apresentada_em DESC, p.id DESC",
            crate::busca::consulta!("?").replace('?', &format!("${}", n + 1))
        ),
        Ordem::Recentes => "p.apresentada_em DESC, p.id DESC".to_owned(),
    };
    let mut valores = Vec::new();
    let cond = condicoes(f, &mut valores);
    valores.push(Valor::Grande(limite.clamp(1, 100)));
    valores.push(Valor::Grande(offset.clamp(0, MAX_RESULTADOS)));
    let sql = format!(
        "SELECT p.id FROM app.proposicao p WHERE {cond} ORDER BY {ordenar} LIMIT ${} OFFSET ${}",
        n + 2,
        n + 3
    );
    let ids: Vec<(Uuid,)> = ligar(sqlx::query_as(sqlx::AssertSqlSafe(sql)), tenant, valores)
        .fetch_all(tx.conn())
        .await?;
    let ids: Vec<Uuid> = ids.into_iter().map(|(id,)| id).collect();
    let linhas = por_ids(tx, LINHA, &ids).await?;
    Ok(Resultado {
        linhas,
        total,
        ordem,
    })
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
    let mut valores = Vec::new();
    let mut cond = condicoes(f, &mut valores);
    if let Some(d) = depois {
        valores.push(Valor::Uuid(d));
        cond.push_str(&format!(
            " AND (p.apresentada_em, p.id) < (SELECT x.apresentada_em, x.id FROM app.proposicao x
                                              WHERE x.tenant_id = $1 AND x.id = ${})",
            valores.len() + 1
        ));
    }
    valores.push(Valor::Grande(limite.clamp(1, 101)));
    let sql = format!(
        "SELECT p.id FROM app.proposicao p
          WHERE {cond} ORDER BY p.apresentada_em DESC, p.id DESC LIMIT ${}",
        valores.len() + 1
    );
    let ids: Vec<(Uuid,)> = ligar(sqlx::query_as(sqlx::AssertSqlSafe(sql)), tenant, valores)
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
#[derive(Debug, Clone, FromRow)]
pub struct TipoOpcao {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
}

/// A parlamentar as the autor filter offers it.
#[derive(Debug, Clone, FromRow)]
pub struct AutorOpcao {
    pub id: Uuid,
    pub slug: String,
    pub nome: String,
}

/// What the filters offer: every tipo and every parlamentar of the câmara.
pub async fn opcoes(tx: &mut TenantTx) -> Result<(Vec<TipoOpcao>, Vec<AutorOpcao>)> {
    let tenant = tx.tenant_id();
    let tipos = sqlx::query_as(
        "SELECT id, sigla, nome FROM app.tipo_proposicao WHERE tenant_id = $1 ORDER BY ordem, sigla",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?;
    let autores = sqlx::query_as(
        "SELECT id, slug, nome_parlamentar AS nome FROM app.parlamentar
          WHERE tenant_id = $1 ORDER BY nome_parlamentar, id",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?;
    Ok((tipos, autores))
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
