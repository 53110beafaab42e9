//! Páginas institucionais (Markdown) and their attachments.
//!
//! Attachments are checked by their content against an allow-list ([`verificar_anexo`])
//! before they are stored; an unpublished page's attachments are only served to editors.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::{Error, Result, TenantTx};

/// The default rows a new câmara starts with. Provisioning calls it inside its transaction,
/// as the owner role with the câmara's tenant set; a migration that adds defaults must do
/// the same for the câmaras that already exist.
pub(crate) async fn padroes(conn: &mut sqlx::PgConnection, tenant_id: i32) -> crate::Result<()> {
    // One definition for new and existing câmaras: the migration's function.
    sqlx::query("SELECT app.paginas_padrao($1)")
        .bind(tenant_id)
        .execute(conn)
        .await?;
    Ok(())
}

mod anexos;

pub use anexos::*;

/// Largest attachment.
pub const ANEXO_MAX_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Pagina {
    pub id: Uuid,
    pub slug: String,
    pub titulo: String,
    /// Markdown.
    pub corpo: String,
    pub publicada: bool,
    pub ordem: i32,
    /// dd/mm/aaaa HH:MM, câmara's time zone.
    pub atualizado_em_local: String,
}

const COLUNAS: &str = "p.id, p.slug, p.titulo, p.corpo, p.publicada, p.ordem,
    to_char(p.atualizado_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS atualizado_em_local";
const FROM: &str = "app.pagina p JOIN app.camara_config c ON c.tenant_id = p.tenant_id";

/// What an editor fills in.
#[derive(Debug, Clone, Default)]
pub struct PaginaForm {
    pub titulo: String,
    /// Empty: made from the title.
    pub slug: String,
    pub corpo: String,
    pub publicada: bool,
    pub ordem: String,
}

/// A validated page.
#[derive(Debug, Clone, Serialize)]
pub struct PaginaValida {
    pub titulo: String,
    pub slug: String,
    pub corpo: String,
    pub publicada: bool,
    pub ordem: i32,
}

impl PaginaForm {
    pub fn validar(&self) -> std::result::Result<PaginaValida, Vec<domain::ValidationError>> {
        use domain::ValidationError as V;
        let mut erros = Vec::new();
        let (titulo, slug) =
            crate::conteudo::titulo_e_slug(&self.titulo, &self.slug, 80, &mut erros);
        let ordem = match self.ordem.trim() {
            "" => 0,
            o => match o.parse::<i32>() {
                Ok(n) if (0..=1000).contains(&n) => n,
                _ => {
                    erros.push(V::new("ordem", "A ordem é um número de 0 a 1000."));
                    0
                }
            },
        };
        if self.corpo.len() > 500_000 {
            erros.push(V::new("corpo", "O texto é longo demais."));
        }
        if !erros.is_empty() {
            return Err(erros);
        }
        Ok(PaginaValida {
            titulo,
            slug,
            corpo: self.corpo.replace("\r\n", "\n"),
            publicada: self.publicada,
            ordem,
        })
    }
}

/// Every page, by `ordem` then title; `apenas_publicadas` for the public index.
pub async fn listar(tx: &mut TenantTx, apenas_publicadas: bool) -> Result<Vec<Pagina>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} FROM {FROM} WHERE p.tenant_id = $1 AND (p.publicada OR NOT $2)
          ORDER BY p.ordem, p.titulo"
        )),
        apenas_publicadas,
    )
    .await
}

/// A page by slug; `apenas_publicada` for the public.
pub async fn por_slug(
    tx: &mut TenantTx,
    slug: &str,
    apenas_publicada: bool,
) -> Result<Option<Pagina>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} FROM {FROM} WHERE p.tenant_id = $1 AND p.slug = $2 AND (p.publicada OR NOT $3)"
    )))
    .bind(tenant)
    .bind(slug)
    .bind(apenas_publicada)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Pagina>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} FROM {FROM} WHERE p.tenant_id = $1 AND p.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// A page that must exist (the write functions' lookup).
async fn existente(tx: &mut TenantTx, id: Uuid) -> Result<Pagina> {
    por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("página".into()))
}

fn auditavel(p: &Pagina) -> serde_json::Value {
    serde_json::json!({ "slug": p.slug, "titulo": p.titulo, "publicada": p.publicada, "ordem": p.ordem })
}

pub async fn criar(tx: &mut TenantTx, autor: &Autor, p: &PaginaValida) -> Result<Pagina> {
    gravar(tx, autor, None, p).await
}

pub async fn atualizar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    p: &PaginaValida,
) -> Result<Pagina> {
    let antes = existente(tx, id).await?;
    gravar(tx, autor, Some(antes), p).await
}

/// Inserts a page (`antes` None) or changes it, and audits the change.
async fn gravar(
    tx: &mut TenantTx,
    autor: &Autor,
    antes: Option<Pagina>,
    p: &PaginaValida,
) -> Result<Pagina> {
    let tenant = tx.tenant_id();
    let id = antes.as_ref().map_or_else(Uuid::now_v7, |a| a.id);
    // The same parameters, in the same order, for both statements.
    let sql = match antes {
        None => {
            "INSERT INTO app.pagina (tenant_id, id, slug, titulo, corpo, publicada, ordem)
             VALUES ($1, $2, $3, $4, $5, $6, $7)"
        }
        Some(_) => {
            "UPDATE app.pagina SET slug = $3, titulo = $4, corpo = $5, publicada = $6, ordem = $7,
                    atualizado_em = now()
              WHERE tenant_id = $1 AND id = $2"
        }
    };
    sqlx::query(sql)
        .bind(tenant)
        .bind(id)
        .bind(&p.slug)
        .bind(&p.titulo)
        .bind(&p.corpo)
        .bind(p.publicada)
        .bind(p.ordem)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    let depois = existente(tx, id).await?;
    match antes {
        None => auditoria::criado(tx, autor, "pagina", id, auditavel(&depois)).await?,
        Some(a) => {
            let (antes, agora) = (auditavel(&a), auditavel(&depois));
            auditoria::editado(tx, autor, "pagina", id, antes, agora).await?
        }
    }
    Ok(depois)
}

/// Deletes a page and its attachments' records.
pub async fn excluir(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = existente(tx, id).await?;
    crate::auditoria::apagar(tx, autor, "pagina", id, "excluir", Some(auditavel(&antes))).await
}
