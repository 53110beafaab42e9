//! The portal's search box: one query over what the public can see — parlamentares,
//! comissões and published páginas (notícias have their own ranked search in
//! [`crate::conteudo::noticias::publicadas`]). Portuguese text search, accents and plurals aside
//! (configuration `app.portugues` behind `app.portugues_normalizado`, as every text search of
//! the tree: [`consulta!`] and [`documento!`]), plus a prefix match on names.

use sqlx::FromRow;

/// The SQL of a visitor's text query (websearch syntax: "aspas", -excluir, OR) in the
/// Portuguese of every search document: accents off, the commonest plurals folded onto
/// their singular (`app.portugues_normalizado`, migration 0017). A document searched with
/// it must be built by [`documento!`] (or be a stored column built the same way).
macro_rules! consulta {
    ($texto:literal) => {
        concat!(
            "websearch_to_tsquery('app.portugues'::regconfig, app.portugues_normalizado(",
            $texto,
            "))"
        )
    };
}
pub(crate) use consulta;

/// The SQL of a search document computed on the fly from the text `$texto`, in the same
/// Portuguese as [`consulta!`].
macro_rules! documento {
    ($texto:literal) => {
        concat!(
            "to_tsvector('app.portugues'::regconfig, app.portugues_normalizado(",
            $texto,
            "))"
        )
    };
}

use crate::{Result, TenantTx};

/// One hit: what it is, its title, a line of context and its page.
#[derive(Debug, Clone, FromRow)]
pub struct Resultado {
    /// "Parlamentar", "Comissão", "Página".
    pub tipo: String,
    pub titulo: String,
    pub resumo: String,
    pub url: String,
}

/// Up to `limite` hits for `termo` (already trimmed, not empty), best first.
pub async fn buscar(tx: &mut TenantTx, termo: &str, limite: i64) -> Result<Vec<Resultado>> {
    let tenant = tx.tenant_id();
    let slug = domain::slugify(termo);
    Ok(sqlx::query_as(concat!(
        "WITH q AS (SELECT ", consulta!("$2"), " AS q)
         SELECT tipo, titulo, resumo, url FROM (
           SELECT 'Parlamentar' AS tipo, p.nome_parlamentar AS titulo,
                  CASE WHEN p.ativo THEN 'Parlamentar' ELSE 'Ex-parlamentar' END AS resumo,
                  '/parlamentares/' || p.slug AS url,
                  CASE WHEN p.slug LIKE $3 || '%' THEN 2.0 ELSE 1.0 END AS nota
             FROM app.parlamentar p, q
            WHERE p.tenant_id = $1
              AND (", documento!("p.nome_parlamentar || ' ' || p.nome_civil"), " @@ q.q
                   OR ($3 <> '' AND p.slug LIKE '%' || $3 || '%'))
           UNION ALL
           SELECT 'Comissão', c.nome, c.sigla || CASE WHEN c.ativa THEN '' ELSE ' (extinta)' END,
                  '/legislativo/comissoes/' || c.slug,
                  ts_rank(", documento!("c.nome || ' ' || c.finalidade"), ", q.q) + 0.5
             FROM app.comissao c, q
            WHERE c.tenant_id = $1
              AND (", documento!("c.nome || ' ' || c.sigla || ' ' || c.finalidade"), " @@ q.q
                   OR lower(c.sigla) = lower($2))
           UNION ALL
           SELECT 'Página', g.titulo, left(regexp_replace(g.corpo, '[#*_>\\[\\]()`]', '', 'g'), 160),
                  '/institucional/' || g.slug,
                  ts_rank(", documento!("g.titulo || ' ' || g.corpo"), ", q.q)
             FROM app.pagina g, q
            WHERE g.tenant_id = $1 AND g.publicada
              AND ", documento!("g.titulo || ' ' || g.corpo"), " @@ q.q
         ) r
         ORDER BY nota DESC, titulo
         LIMIT $4",
    ))
    .bind(tenant)
    .bind(termo)
    .bind(slug)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?)
}
