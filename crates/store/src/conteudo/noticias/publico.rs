//! The notícias as the public sees them: the list (search, categories), one notícia, the
//! feeds, the open data, the cover image.

use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{CONSULTA, DOCUMENTO, FROM, VISIVEL, categoria_nome};
use crate::infra::planos;
use crate::{Result, TenantTx};

/// A notícia in a list (public pages, the home page, open data): published ones only.
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct NoticiaResumo {
    pub id: Uuid,
    pub slug: String,
    pub titulo: String,
    pub resumo: String,
    pub categoria: String,
    pub tem_capa: bool,
    pub capa_alt: String,
    #[serde(with = "time::serde::rfc3339")]
    pub publicada_em: OffsetDateTime,
    /// dd/mm/aaaa, câmara's time zone.
    pub data: String,
}

impl NoticiaResumo {
    /// Where the notícia is read.
    pub fn url(&self) -> String {
        format!("/noticias/{}", self.slug)
    }

    /// The cover image's address, if there is one.
    pub fn capa_url(&self) -> Option<String> {
        self.tem_capa
            .then(|| format!("/noticias/{}/capa", self.slug))
    }

    pub fn categoria_nome(&self) -> &'static str {
        categoria_nome(&self.categoria)
    }
}

pub(crate) const RESUMO: &str =
    "n.id, n.slug, n.titulo, n.resumo, n.categoria, n.capa_key IS NOT NULL AS tem_capa,
    n.capa_alt, n.publicar_em AS publicada_em,
    to_char(n.publicar_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY') AS data";

/// A published notícia, whole (the article page, the feeds, open data). No author e-mail.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct NoticiaPublica {
    pub id: Uuid,
    pub slug: String,
    pub titulo: String,
    pub resumo: String,
    /// Markdown.
    pub corpo: String,
    pub categoria: String,
    pub tags: Vec<String>,
    pub tem_capa: bool,
    pub capa_alt: String,
    #[serde(with = "time::serde::rfc3339")]
    pub publicada_em: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub atualizada_em: OffsetDateTime,
    /// dd/mm/aaaa HH:MM, câmara's time zone.
    pub data: String,
    pub autor_nome: Option<String>,
}

impl NoticiaPublica {
    /// `publicada_em` as RFC 3339 (for `datetime` attributes and metadata).
    pub fn publicada_iso(&self) -> String {
        self.publicada_em
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    pub fn url(&self) -> String {
        format!("/noticias/{}", self.slug)
    }

    pub fn capa_url(&self) -> Option<String> {
        self.tem_capa
            .then(|| format!("/noticias/{}/capa", self.slug))
    }

    pub fn categoria_nome(&self) -> &'static str {
        categoria_nome(&self.categoria)
    }
}

const PUBLICA: &str = "n.id, n.slug, n.titulo, n.resumo, n.corpo, n.categoria, n.tags,
    n.capa_key IS NOT NULL AS tem_capa, n.capa_alt, n.publicar_em AS publicada_em,
    greatest(n.atualizado_em, n.publicar_em) AS atualizada_em,
    to_char(n.publicar_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS data,
    u.nome AS autor_nome";

/// The latest `n` published notícias (for the home page).
pub async fn recentes(tx: &mut TenantTx, n: i64) -> Result<Vec<NoticiaResumo>> {
    tx.todas(sqlx::AssertSqlSafe(format!(
        "SELECT {RESUMO} FROM app.noticia n JOIN app.camara_config c ON c.tenant_id = n.tenant_id
          WHERE n.tenant_id = $1 AND {VISIVEL}
          ORDER BY n.publicar_em DESC, n.id DESC LIMIT {}",
        planos::limite(n)
    )))
    .await
}

/// Filters of the public list.
#[derive(Debug, Clone, Default)]
pub struct FiltroPublico {
    /// Words to search (Portuguese, accents and plurals aside).
    pub busca: Option<String>,
    pub categoria: Option<String>,
}

impl FiltroPublico {
    /// The words searched (trimmed) and the categoria, each `None` when empty.
    fn termos(&self) -> (Option<&str>, Option<&str>) {
        let busca = self
            .busca
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty());
        let categoria = self.categoria.as_deref().filter(|c| !c.is_empty());
        (busca, categoria)
    }
}

/// One page of the published notícias, newest first (best match first when searching), and
/// the total for the filter.
pub async fn publicadas(
    tx: &mut TenantTx,
    filtro: &FiltroPublico,
    limite: i64,
    offset: i64,
) -> Result<(Vec<NoticiaResumo>, i64)> {
    let tenant = tx.tenant_id();
    let (busca, categoria) = filtro.termos();
    let (lista, total) = publicadas_sql(limite);
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(lista))
        .bind(tenant)
        .bind(busca)
        .bind(categoria)
        .bind(offset)
        .fetch_all(tx.conn())
        .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(total))
        .bind(tenant)
        .bind(busca)
        .bind(categoria)
        .fetch_one(tx.conn())
        .await?;
    Ok((lista, total))
}

/// The statements of [`publicadas`]: the page (`$2` busca, `$3` categoria, `$4` offset) and
/// the total (`$2`, `$3`).
fn publicadas_sql(limite: i64) -> (String, String) {
    let onde = format!(
        "n.tenant_id = $1 AND {VISIVEL}
         AND ($2::text IS NULL OR {DOCUMENTO} @@ {CONSULTA})
         AND ($3::text IS NULL OR n.categoria = $3)"
    );
    (
        format!(
            "SELECT {RESUMO} FROM app.noticia n JOIN app.camara_config c ON c.tenant_id = n.tenant_id
              WHERE {onde}
              ORDER BY CASE WHEN $2::text IS NULL THEN 0
                            ELSE ts_rank({DOCUMENTO}, {CONSULTA}) END DESC,
                       n.publicar_em DESC, n.id DESC
              LIMIT {} OFFSET $4",
            planos::limite(limite)
        ),
        format!("SELECT count(*) AS n FROM app.noticia n WHERE {onde}"),
    )
}

/// The public list's page: [`publicadas`] and the câmara's identity, in one statement.
pub struct PaginaNoticias {
    pub identidade: std::sync::Arc<crate::camara::Identidade>,
    pub noticias: Vec<NoticiaResumo>,
    pub total: i64,
}

/// [`publicadas`] for the public list page, read in one statement.
pub async fn pagina_publica(
    store: &crate::Store,
    tenant: &crate::infra::catalog::Tenant,
    filtro: &FiltroPublico,
    limite: i64,
    offset: i64,
) -> Result<PaginaNoticias> {
    let (busca, categoria) = filtro.termos();
    let (busca, categoria) = (busca.map(str::to_owned), categoria.map(str::to_owned));
    let (lista, total) = publicadas_sql(limite);
    let mut l = crate::infra::leitura::Leitura::new();
    let (b2, c2) = (busca.clone(), categoria.clone());
    let lista = l.lista(&lista, 3, move |q| q.bind(b2).bind(c2).bind(offset));
    let total = l.linha(&total, 2, move |q| q.bind(busca).bind(categoria));
    let lida = store.ler(tenant, l).await?;
    Ok(PaginaNoticias {
        identidade: lida.identidade_exigida()?,
        noticias: lida.lista(lista)?,
        total: lida.contagem(total)?,
    })
}

/// A published notícia by its slug (drafts and scheduled ones are not found).
pub async fn publicada_por_slug(tx: &mut TenantTx, slug: &str) -> Result<Option<NoticiaPublica>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PUBLICA} FROM {FROM} WHERE n.tenant_id = $1 AND n.slug = $2 AND {VISIVEL}"
    )))
    .bind(tenant)
    .bind(slug)
    .fetch_optional(tx.conn())
    .await?)
}

/// Any notícia as the public page would show it (the admin's preview).
pub async fn previa(tx: &mut TenantTx, id: Uuid) -> Result<Option<NoticiaPublica>> {
    tx.linha(sqlx::AssertSqlSafe(format!(
        "SELECT n.id, n.slug, n.titulo, n.resumo, n.corpo, n.categoria, n.tags,
                n.capa_key IS NOT NULL AS tem_capa, n.capa_alt,
                coalesce(n.publicar_em, now()) AS publicada_em,
                n.atualizado_em AS atualizada_em,
                to_char(coalesce(n.publicar_em, now()) AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS data,
                u.nome AS autor_nome
           FROM {FROM} WHERE n.tenant_id = $1 AND n.id = $2"
    )), id).await
}

/// The latest `n` published notícias, whole (the feeds).
pub async fn para_feed(tx: &mut TenantTx, n: i64) -> Result<Vec<NoticiaPublica>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PUBLICA} FROM {FROM} WHERE n.tenant_id = $1 AND {VISIVEL}
          ORDER BY n.publicar_em DESC, n.id DESC LIMIT {}",
        planos::limite(n)
    )))
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

/// Published notícias for the open data, newest first, after the notícia `depois` (the
/// cursor: the id of the last one of the previous page).
pub async fn dados_abertos(
    tx: &mut TenantTx,
    depois: Option<Uuid>,
    limite: i64,
) -> Result<Vec<NoticiaPublica>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PUBLICA} FROM {FROM} WHERE n.tenant_id = $1 AND {VISIVEL}
            AND ($2::uuid IS NULL OR (n.publicar_em, n.id) <
                 (SELECT p.publicar_em, p.id FROM app.noticia p WHERE p.tenant_id = $1 AND p.id = $2))
          ORDER BY n.publicar_em DESC, n.id DESC LIMIT {}",
        planos::limite(limite)
    )))
    .bind(tenant)
    .bind(depois)
    .fetch_all(tx.conn())
    .await?)
}

/// The cover image's key of a notícia by slug; `publica`: only if the public may see it.
pub async fn capa_por_slug(tx: &mut TenantTx, slug: &str) -> Result<Option<String>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT n.capa_key FROM app.noticia n
          WHERE n.tenant_id = $1 AND n.slug = $2 AND {VISIVEL} AND n.capa_key IS NOT NULL"
    )))
    .bind(tenant)
    .bind(slug)
    .fetch_optional(tx.conn())
    .await?)
}

/// A notícia in the open data (`/api/v1/noticias`), JSON and CSV: published ones only, no
/// author e-mail; tags joined with "; " so the CSV stays flat.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticiaDados {
    pub id: Uuid,
    pub slug: String,
    pub titulo: String,
    pub resumo: String,
    /// Markdown.
    pub corpo: String,
    pub categoria: String,
    pub tags: String,
    #[serde(with = "time::serde::rfc3339")]
    pub publicada_em: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub atualizada_em: OffsetDateTime,
    pub autor: Option<String>,
    /// The notícia's page (path on the câmara's host).
    pub uri: String,
    /// The cover image (path on the câmara's host), if any.
    pub capa: Option<String>,
    pub capa_alt: String,
}

impl From<NoticiaPublica> for NoticiaDados {
    fn from(n: NoticiaPublica) -> Self {
        Self {
            uri: n.url(),
            capa: n.capa_url(),
            id: n.id,
            slug: n.slug,
            titulo: n.titulo,
            resumo: n.resumo,
            corpo: n.corpo,
            categoria: n.categoria,
            tags: n.tags.join("; "),
            publicada_em: n.publicada_em,
            atualizada_em: n.atualizada_em,
            autor: n.autor_nome,
            capa_alt: n.capa_alt,
        }
    }
}
