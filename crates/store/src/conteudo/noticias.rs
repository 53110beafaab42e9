//! Notícias: drafts, scheduled and published, with cover images.
//!
//! A notícia is visible to the public when `status = 'publicada' AND publicar_em <= now()`:
//! a scheduled one appears when its time comes, with no job. Every public query goes
//! through [`VISIVEL`]. Search is PostgreSQL full text in Portuguese, accents ignored
//! (configuration `app.portugues`, see the migration).

use serde::Serialize;
use sqlx::FromRow;
use time::{OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::infra::arquivos::{Imagem, Saida};
use crate::{Error, Result, TenantTx};

/// The categories, a fixed list: the same for every câmara, so filters, open data and
/// the demo agree, and no per-câmara table needs managing. (slug, label)
pub const CATEGORIAS: &[(&str, &str)] = &[
    ("institucional", "Institucional"),
    ("legislativo", "Legislativo"),
    ("sessoes", "Sessões"),
    ("comissoes", "Comissões"),
    ("eventos", "Eventos"),
    ("comunicados", "Comunicados"),
    ("transparencia", "Transparência"),
];

/// The label of a category slug.
pub fn categoria_nome(slug: &str) -> &'static str {
    CATEGORIAS
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, n)| *n)
        .unwrap_or("Geral")
}

/// The cover image: JPEG, at most 1600 px, uploads up to 5 MB.
pub const CAPA: Imagem = Imagem {
    campo: "capa",
    nome: "da capa",
    max_bytes: 5 * 1024 * 1024,
    max_lado: 1600,
    saida: Saida::Jpeg,
};

/// The condition for a notícia the public may see (alias `n`).
const VISIVEL: &str = "n.status = 'publicada' AND n.publicar_em <= now()";

/// The search expression (must match the index `noticia_busca`).
const DOCUMENTO: &str =
    "to_tsvector('app.portugues'::regconfig, n.titulo || ' ' || n.resumo || ' ' || n.corpo)";
/// When the notícia goes public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publicacao {
    Rascunho,
    Agora,
    /// At this local date and time, in the câmara's time zone.
    Agendada(PrimitiveDateTime),
}

/// What an editor fills in, validated by [`NoticiaForm::validar`].
#[derive(Debug, Clone)]
pub struct NoticiaForm {
    pub titulo: String,
    /// Empty: made from the title.
    pub slug: String,
    pub resumo: String,
    pub corpo: String,
    pub categoria: String,
    /// Comma-separated.
    pub tags: String,
    pub capa_alt: String,
    pub publicacao: Publicacao,
}

/// A validated form.
#[derive(Debug, Clone, Serialize)]
pub struct NoticiaValida {
    pub titulo: String,
    pub slug: String,
    pub resumo: String,
    pub corpo: String,
    pub categoria: String,
    pub tags: Vec<String>,
    pub capa_alt: String,
    #[serde(skip)]
    pub publicacao: Publicacao,
}

impl NoticiaForm {
    /// Every problem at once, each naming its field, in Portuguese. `tem_capa`: whether the
    /// notícia will have a cover image (its alt text is then required).
    pub fn validar(
        &self,
        tem_capa: bool,
    ) -> std::result::Result<NoticiaValida, Vec<domain::ValidationError>> {
        use domain::ValidationError as V;
        let mut erros = Vec::new();
        let titulo = self.titulo.trim().to_owned();
        if titulo.chars().count() < 3 {
            erros.push(V::new(
                "titulo",
                "Informe o título (ao menos 3 caracteres).",
            ));
        } else if titulo.chars().count() > 200 {
            erros.push(V::new(
                "titulo",
                "O título deve ter no máximo 200 caracteres.",
            ));
        }
        let slug = if self.slug.trim().is_empty() {
            domain::slugify(&titulo)
        } else {
            domain::slugify(&self.slug)
        };
        let slug: String = slug.chars().take(120).collect();
        let slug = slug.trim_end_matches('-').to_owned();
        if slug.is_empty() && titulo.chars().count() >= 3 {
            erros.push(V::new(
                "slug",
                "O endereço (slug) precisa de letras ou números.",
            ));
        }
        let resumo = self.resumo.trim().to_owned();
        if resumo.chars().count() > 500 {
            erros.push(V::new(
                "resumo",
                "O resumo deve ter no máximo 500 caracteres.",
            ));
        }
        if self.corpo.len() > 200_000 {
            erros.push(V::new("corpo", "O texto é longo demais."));
        }
        let categoria = self.categoria.trim().to_owned();
        if !CATEGORIAS.iter().any(|(s, _)| *s == categoria) {
            erros.push(V::new("categoria", "Escolha uma categoria da lista."));
        }
        let mut tags: Vec<String> = Vec::new();
        for t in self
            .tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let t: String = t.chars().take(40).collect();
            if !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                tags.push(t);
            }
        }
        if tags.len() > 10 {
            erros.push(V::new("tags", "Use no máximo 10 etiquetas."));
        }
        let capa_alt = self.capa_alt.trim().to_owned();
        if tem_capa && capa_alt.chars().count() < 3 {
            erros.push(V::new(
                "capa_alt",
                "Descreva a imagem de capa (texto alternativo, para quem não a vê).",
            ));
        } else if capa_alt.chars().count() > 300 {
            erros.push(V::new(
                "capa_alt",
                "O texto alternativo deve ter no máximo 300 caracteres.",
            ));
        }
        if !erros.is_empty() {
            return Err(erros);
        }
        Ok(NoticiaValida {
            titulo,
            slug,
            resumo,
            corpo: self.corpo.replace("\r\n", "\n"),
            categoria,
            tags,
            capa_alt,
            publicacao: self.publicacao,
        })
    }
}

/// A notícia as the admin sees it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Noticia {
    pub id: Uuid,
    pub slug: String,
    pub titulo: String,
    pub resumo: String,
    pub corpo: String,
    pub categoria: String,
    pub tags: Vec<String>,
    pub capa_key: Option<String>,
    pub capa_alt: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub publicar_em: Option<OffsetDateTime>,
    /// `publicar_em` in the câmara's time zone, dd/mm/aaaa HH:MM (empty when unset).
    pub publicar_em_local: String,
    pub autor_nome: Option<String>,
    /// dd/mm/aaaa HH:MM, câmara's time zone.
    pub atualizado_em_local: String,
    /// Published and its time has come.
    pub visivel: bool,
}

impl Noticia {
    /// "Rascunho", "Agendada" or "Publicada".
    pub fn situacao(&self) -> &'static str {
        match (self.status.as_str(), self.visivel) {
            ("rascunho", _) => "Rascunho",
            (_, true) => "Publicada",
            _ => "Agendada",
        }
    }

    pub fn categoria_nome(&self) -> &'static str {
        categoria_nome(&self.categoria)
    }
}

const ADMIN: &str = "n.id, n.slug, n.titulo, n.resumo, n.corpo, n.categoria, n.tags, n.capa_key,
    n.capa_alt, n.status, n.publicar_em,
    coalesce(to_char(n.publicar_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI'), '') AS publicar_em_local,
    u.nome AS autor_nome,
    to_char(n.atualizado_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS atualizado_em_local,
    (n.status = 'publicada' AND n.publicar_em <= now()) AS visivel";

const FROM: &str = "app.noticia n
    JOIN app.camara_config c ON c.tenant_id = n.tenant_id
    LEFT JOIN app.usuario u ON u.tenant_id = n.tenant_id AND u.id = n.autor_id";

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

const RESUMO: &str =
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

/// The `publicar_em` of a form: now, a local time in the câmara's zone, or none.
fn publicar_em_sql(p: Publicacao) -> (Option<&'static str>, Option<PrimitiveDateTime>) {
    match p {
        Publicacao::Rascunho => (None, None),
        Publicacao::Agora => (Some("publicada"), None),
        Publicacao::Agendada(t) => (Some("publicada"), Some(t)),
    }
}

/// Creates a notícia; `capa_key` is a file already stored under the câmara's prefix.
pub async fn criar(
    tx: &mut TenantTx,
    autor: &Autor,
    n: &NoticiaValida,
    capa_key: Option<&str>,
) -> Result<Noticia> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    let (publicada, local) = publicar_em_sql(n.publicacao);
    sqlx::query(
        "INSERT INTO app.noticia (tenant_id, id, slug, titulo, resumo, corpo, categoria, tags,
                                  capa_key, capa_alt, status, publicar_em, autor_id)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, 'rascunho'),
                CASE WHEN $11::text IS NULL THEN NULL
                     WHEN $12::timestamp IS NULL THEN now()
                     ELSE $12::timestamp AT TIME ZONE c.fuso_horario END,
                $13
           FROM app.camara_config c WHERE c.tenant_id = $1",
    )
    .bind(tenant)
    .bind(id)
    .bind(&n.slug)
    .bind(&n.titulo)
    .bind(&n.resumo)
    .bind(&n.corpo)
    .bind(&n.categoria)
    .bind(&n.tags)
    .bind(capa_key)
    .bind(&n.capa_alt)
    .bind(publicada)
    .bind(local)
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let criada = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("notícia".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "noticia",
        Some(&id.to_string()),
        "criar",
        None,
        Some(auditavel(&criada)),
    )
    .await?;
    Ok(criada)
}

/// What the audit log keeps of a notícia (the body is left out: it can be long).
fn auditavel(n: &Noticia) -> serde_json::Value {
    serde_json::json!({
        "slug": n.slug, "titulo": n.titulo, "categoria": n.categoria, "status": n.status,
        "publicar_em": n.publicar_em_local, "capa": n.capa_key, "tags": n.tags,
    })
}

/// Changes a notícia. `capa`: `None` keeps the cover image, `Some(None)` removes it,
/// `Some(Some(key))` replaces it. Returns the notícia as it was and as it is.
pub async fn atualizar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    n: &NoticiaValida,
    capa: Option<Option<&str>>,
) -> Result<Noticia> {
    let tenant = tx.tenant_id();
    let antes = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("notícia".into()))?;
    let (publicada, local) = publicar_em_sql(n.publicacao);
    let (mudar_capa, nova_capa) = match capa {
        None => (false, None),
        Some(k) => (true, k),
    };
    sqlx::query(
        "UPDATE app.noticia n SET slug = $3, titulo = $4, resumo = $5, corpo = $6, categoria = $7,
                tags = $8, capa_key = CASE WHEN $9 THEN $10 ELSE n.capa_key END, capa_alt = $11,
                status = coalesce($12, 'rascunho'),
                publicar_em = CASE WHEN $12::text IS NULL THEN NULL
                                   WHEN $13::timestamp IS NOT NULL THEN $13::timestamp AT TIME ZONE c.fuso_horario
                                   -- Publishing again keeps the original date of a published one.
                                   WHEN n.status = 'publicada' AND n.publicar_em <= now() THEN n.publicar_em
                                   ELSE now() END,
                atualizado_em = now()
           FROM app.camara_config c
          WHERE n.tenant_id = $1 AND n.id = $2 AND c.tenant_id = n.tenant_id",
    )
    .bind(tenant)
    .bind(id)
    .bind(&n.slug)
    .bind(&n.titulo)
    .bind(&n.resumo)
    .bind(&n.corpo)
    .bind(&n.categoria)
    .bind(&n.tags)
    .bind(mudar_capa)
    .bind(nova_capa)
    .bind(&n.capa_alt)
    .bind(publicada)
    .bind(local)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("notícia".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "noticia",
        Some(&id.to_string()),
        "editar",
        Some(auditavel(&antes)),
        Some(auditavel(&depois)),
    )
    .await?;
    Ok(depois)
}

/// Deletes a notícia (its cover file stays in storage, unreachable).
pub async fn excluir(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    let antes = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("notícia".into()))?;
    sqlx::query("DELETE FROM app.noticia WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditoria::registrar(
        tx,
        autor,
        "noticia",
        Some(&id.to_string()),
        "excluir",
        Some(auditavel(&antes)),
        None,
    )
    .await?;
    Ok(())
}

/// Any notícia of the câmara, drafts included (admin).
pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Noticia>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ADMIN} FROM {FROM} WHERE n.tenant_id = $1 AND n.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Filters of the admin list.
#[derive(Debug, Clone, Default)]
pub struct FiltroAdmin {
    pub busca: Option<String>,
    /// "rascunho", "agendada" or "publicada".
    pub situacao: Option<String>,
}

/// One page of the admin list, newest first, and the total for the filter.
pub async fn listar_admin(
    tx: &mut TenantTx,
    filtro: &FiltroAdmin,
    limite: i64,
    offset: i64,
) -> Result<(Vec<Noticia>, i64)> {
    let tenant = tx.tenant_id();
    let busca = filtro
        .busca
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let onde = format!(
        "n.tenant_id = $1
         AND ($2::text IS NULL OR {DOCUMENTO} @@ websearch_to_tsquery('app.portugues'::regconfig, $2)
              OR n.titulo ILIKE '%' || $2 || '%')
         AND ($3::text IS NULL
              OR ($3 = 'rascunho' AND n.status = 'rascunho')
              OR ($3 = 'agendada' AND n.status = 'publicada' AND n.publicar_em > now())
              OR ($3 = 'publicada' AND {VISIVEL}))"
    );
    let lista: Vec<Noticia> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ADMIN} FROM {FROM} WHERE {onde}
          ORDER BY n.publicar_em DESC NULLS FIRST, n.atualizado_em DESC, n.id DESC LIMIT $4 OFFSET $5"
    )))
    .bind(tenant)
    .bind(busca)
    .bind(&filtro.situacao)
    .bind(limite)
    .bind(offset)
    .fetch_all(tx.conn())
    .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.noticia n WHERE {onde}"
    )))
    .bind(tenant)
    .bind(busca)
    .bind(&filtro.situacao)
    .fetch_one(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The latest `n` published notícias (for the home page).
pub async fn recentes(tx: &mut TenantTx, n: i64) -> Result<Vec<NoticiaResumo>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {RESUMO} FROM app.noticia n JOIN app.camara_config c ON c.tenant_id = n.tenant_id
          WHERE n.tenant_id = $1 AND {VISIVEL}
          ORDER BY n.publicar_em DESC, n.id DESC LIMIT $2"
    )))
    .bind(tenant)
    .bind(n)
    .fetch_all(tx.conn())
    .await?)
}

/// Filters of the public list.
#[derive(Debug, Clone, Default)]
pub struct FiltroPublico {
    /// Words to search (Portuguese, accents and plurals aside).
    pub busca: Option<String>,
    pub categoria: Option<String>,
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
    let busca = filtro
        .busca
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let categoria = filtro.categoria.as_deref().filter(|c| !c.is_empty());
    let onde = format!(
        "n.tenant_id = $1 AND {VISIVEL}
         AND ($2::text IS NULL OR {DOCUMENTO} @@ websearch_to_tsquery('app.portugues'::regconfig, $2))
         AND ($3::text IS NULL OR n.categoria = $3)"
    );
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {RESUMO} FROM app.noticia n JOIN app.camara_config c ON c.tenant_id = n.tenant_id
          WHERE {onde}
          ORDER BY CASE WHEN $2::text IS NULL THEN 0
                        ELSE ts_rank({DOCUMENTO}, websearch_to_tsquery('app.portugues'::regconfig, $2)) END DESC,
                   n.publicar_em DESC, n.id DESC
          LIMIT $4 OFFSET $5"
    )))
    .bind(tenant)
    .bind(busca)
    .bind(categoria)
    .bind(limite)
    .bind(offset)
    .fetch_all(tx.conn())
    .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.noticia n WHERE {onde}"
    )))
    .bind(tenant)
    .bind(busca)
    .bind(categoria)
    .fetch_one(tx.conn())
    .await?;
    Ok((lista, total))
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
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT n.id, n.slug, n.titulo, n.resumo, n.corpo, n.categoria, n.tags,
                n.capa_key IS NOT NULL AS tem_capa, n.capa_alt,
                coalesce(n.publicar_em, now()) AS publicada_em,
                n.atualizado_em AS atualizada_em,
                to_char(coalesce(n.publicar_em, now()) AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS data,
                u.nome AS autor_nome
           FROM {FROM} WHERE n.tenant_id = $1 AND n.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// The latest `n` published notícias, whole (the feeds).
pub async fn para_feed(tx: &mut TenantTx, n: i64) -> Result<Vec<NoticiaPublica>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PUBLICA} FROM {FROM} WHERE n.tenant_id = $1 AND {VISIVEL}
          ORDER BY n.publicar_em DESC, n.id DESC LIMIT $2"
    )))
    .bind(tenant)
    .bind(n)
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
          ORDER BY n.publicar_em DESC, n.id DESC LIMIT $3"
    )))
    .bind(tenant)
    .bind(depois)
    .bind(limite)
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

/// A notícia to insert as it is (the demo generator and fixtures): published at
/// `publicar_em` (or a draft when `None`).
#[derive(Debug, Clone)]
pub struct NoticiaImportada {
    pub slug: String,
    pub titulo: String,
    pub resumo: String,
    pub corpo: String,
    pub categoria: String,
    pub tags: Vec<String>,
    pub capa_key: Option<String>,
    pub capa_alt: String,
    pub publicar_em: Option<OffsetDateTime>,
    pub autor_id: Option<Uuid>,
}

/// Inserts many notícias at once (one statement), audited as one entry.
pub async fn importar(tx: &mut TenantTx, autor: &Autor, lista: &[NoticiaImportada]) -> Result<u64> {
    if lista.is_empty() {
        return Ok(0);
    }
    let tenant = tx.tenant_id();
    let ids: Vec<Uuid> = lista.iter().map(|_| Uuid::now_v7()).collect();
    let col = |f: fn(&NoticiaImportada) -> String| lista.iter().map(f).collect::<Vec<_>>();
    let tags: Vec<String> = lista
        .iter()
        .map(|n| serde_json::to_string(&n.tags).unwrap_or_else(|_| "[]".into()))
        .collect();
    let capas: Vec<Option<String>> = lista.iter().map(|n| n.capa_key.clone()).collect();
    let datas: Vec<Option<OffsetDateTime>> = lista.iter().map(|n| n.publicar_em).collect();
    let autores: Vec<Option<Uuid>> = lista.iter().map(|n| n.autor_id).collect();
    let r = sqlx::query(
        "INSERT INTO app.noticia (tenant_id, id, slug, titulo, resumo, corpo, categoria, tags,
                                  capa_key, capa_alt, status, publicar_em, autor_id, criado_em, atualizado_em)
         SELECT $1, u.id, u.slug, u.titulo, u.resumo, u.corpo, u.categoria,
                ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)),
                u.capa_key, u.capa_alt,
                CASE WHEN u.publicar_em IS NULL THEN 'rascunho' ELSE 'publicada' END,
                u.publicar_em, u.autor_id,
                least(coalesce(u.publicar_em, now()), now()), least(coalesce(u.publicar_em, now()), now())
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                       $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::uuid[])
                AS u (id, slug, titulo, resumo, corpo, categoria, tags, capa_key, capa_alt, publicar_em, autor_id)",
    )
    .bind(tenant)
    .bind(&ids)
    .bind(col(|n| n.slug.clone()))
    .bind(col(|n| n.titulo.clone()))
    .bind(col(|n| n.resumo.clone()))
    .bind(col(|n| n.corpo.clone()))
    .bind(col(|n| n.categoria.clone()))
    .bind(&tags)
    .bind(&capas)
    .bind(col(|n| n.capa_alt.clone()))
    .bind(&datas)
    .bind(&autores)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "noticia",
        None,
        "importar",
        None,
        Some(serde_json::json!({ "quantidade": lista.len() })),
    )
    .await?;
    Ok(r.rows_affected())
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
