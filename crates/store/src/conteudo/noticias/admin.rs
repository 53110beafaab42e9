//! The notícias as the admin sees them: create, change, delete, list, import.

use serde::Serialize;
use sqlx::FromRow;
use time::{OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use super::{CONSULTA, DOCUMENTO, FROM, NoticiaValida, Publicacao, VISIVEL, categoria_nome};
use crate::auditoria::{self, Autor};
use crate::{Error, Result, TenantTx};

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
    let criada = existente(tx, id).await?;
    auditoria::criado(tx, autor, "noticia", id, auditavel(&criada)).await?;
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
    let antes = existente(tx, id).await?;
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
    let depois = existente(tx, id).await?;
    auditoria::editado(
        tx,
        autor,
        "noticia",
        id,
        auditavel(&antes),
        auditavel(&depois),
    )
    .await?;
    Ok(depois)
}

/// Deletes a notícia (its cover file stays in storage, unreachable).
pub async fn excluir(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = existente(tx, id).await?;
    crate::auditoria::apagar(tx, autor, "noticia", id, "excluir", Some(auditavel(&antes))).await
}

/// A notícia that must exist (the write functions' lookup).
async fn existente(tx: &mut TenantTx, id: Uuid) -> Result<Noticia> {
    por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("notícia".into()))
}

/// Any notícia of the câmara, drafts included (admin).
pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Noticia>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {ADMIN} FROM {FROM} WHERE n.tenant_id = $1 AND n.id = $2"
        )),
        id,
    )
    .await
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
         AND ($2::text IS NULL OR {DOCUMENTO} @@ {CONSULTA}
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
