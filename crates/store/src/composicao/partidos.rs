//! Partidos and their logos.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use super::*;
use crate::auditoria::Autor;
use crate::infra::planos;
use crate::{Error, Result, TenantTx};

/// A partido as the open data shows it (`/api/v1/partidos`).
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Partido {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub numero: Option<i32>,
    /// The logo's public address, if one was uploaded.
    pub logo: Option<String>,
}

pub(crate) const PARTIDO: &str = "id, sigla, nome, numero,
    CASE WHEN logo_key IS NULL THEN NULL
         ELSE '/partidos/' || id || '/logo.png?v=' || regexp_replace(logo_key, '^.*/([^/.]+)[.][a-z]+$', '\\1') END AS logo";

pub async fn criar_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    sigla: &str,
    nome: &str,
    numero: Option<i32>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    gravar_partido(tx, autor, id, None, (sigla, nome, numero)).await?;
    Ok(id)
}

/// Writes the partido `id` (a new one when `antes` is none) and records it in the audit log.
async fn gravar_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    antes: Option<&Partido>,
    (sigla, nome, numero): (&str, &str, Option<i32>),
) -> Result<()> {
    let tenant = tx.tenant_id();
    let (sigla, nome) = (sigla.trim(), nome.trim());
    sqlx::query(
        "INSERT INTO app.partido (tenant_id, id, sigla, nome, numero) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, id) DO UPDATE
            SET sigla = EXCLUDED.sigla, nome = EXCLUDED.nome, numero = EXCLUDED.numero",
    )
    .bind(tenant)
    .bind(id)
    .bind(sigla)
    .bind(nome)
    .bind(numero)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = serde_json::json!({ "sigla": sigla, "nome": nome, "numero": numero });
    let acao = if antes.is_some() { "editar" } else { "criar" };
    auditar(
        tx,
        autor,
        "partido",
        id,
        acao,
        antes.and_then(json),
        Some(depois),
    )
    .await
}

pub async fn partido(tx: &mut TenantTx, id: Uuid) -> Result<Option<Partido>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {PARTIDO} FROM app.partido WHERE tenant_id = $1 AND id = $2"
        )),
        id,
    )
    .await
}

pub async fn editar_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    sigla: &str,
    nome: &str,
    numero: Option<i32>,
) -> Result<()> {
    let antes = partido(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Partido"))?;
    gravar_partido(tx, autor, id, Some(&antes), (sigla, nome, numero)).await
}

/// Deletes a partido nobody was ever filiated to.
pub async fn excluir_partido(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = partido(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Partido"))?;
    let tenant = tx.tenant_id();
    let filiacoes: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.filiacao WHERE tenant_id = $1 AND partido_id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    if filiacoes > 0 {
        return Err(Error::Conflict(format!(
            "O partido tem {filiacoes} filiação(ões) registrada(s) e não pode ser excluído."
        )));
    }
    crate::auditoria::apagar(tx, autor, "partido", id, "excluir", json(&antes)).await
}

/// A partido in the admin list.
#[derive(Debug, Clone, FromRow)]
pub struct PartidoResumo {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub numero: Option<i32>,
    pub logo: Option<String>,
    /// Filiações in force today.
    pub filiados: i64,
    pub filiacoes: i64,
}

/// Partidos by sigla, matching `busca` (sigla or name), a page at a time; and the total.
pub async fn partidos_admin(
    tx: &mut TenantTx,
    busca: Option<&str>,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<PartidoResumo>, i64)> {
    let tenant = tx.tenant_id();
    let termo = busca
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| format!("%{}%", b.replace(['%', '_'], "")));
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.partido WHERE tenant_id = $1
           AND ($2::text IS NULL OR sigla ILIKE $2 OR nome ILIKE $2)",
    )
    .bind(tenant)
    .bind(&termo)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PARTIDO},
                (SELECT count(*) FROM app.filiacao f WHERE f.tenant_id = partido.tenant_id AND f.partido_id = partido.id
                    AND (f.fim IS NULL OR f.fim > current_date)) AS filiados,
                (SELECT count(*) FROM app.filiacao f WHERE f.tenant_id = partido.tenant_id AND f.partido_id = partido.id) AS filiacoes
           FROM app.partido WHERE tenant_id = $1
            AND ($2::text IS NULL OR sigla ILIKE $2 OR nome ILIKE $2)
          ORDER BY sigla LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(&termo)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// Partidos by sigla, after `depois`.
pub async fn partidos(
    tx: &mut TenantTx,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<Partido>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT {PARTIDO} FROM app.partido
          WHERE tenant_id = $1 AND ($2::text IS NULL OR sigla > $2) ORDER BY sigla LIMIT {}",
            planos::limite(limite)
        )),
        depois,
    )
    .await
}

/// The partido with this sigla (case aside), for the API's `?partido=` filter.
pub async fn partido_por_sigla(tx: &mut TenantTx, sigla: &str) -> Result<Option<Partido>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {PARTIDO} FROM app.partido WHERE tenant_id = $1 AND lower(sigla) = lower($2)"
        )),
        sigla,
    )
    .await
}

/// The partido's logo: PNG (keeps transparency), at most 400 px, uploads up to 2 MB.
pub const LOGO: crate::infra::arquivos::Imagem = crate::infra::arquivos::Imagem {
    campo: "logo",
    nome: "do logotipo",
    max_bytes: 2 * 1024 * 1024,
    max_lado: 400,
    saida: crate::infra::arquivos::Saida::Png,
};

/// Stores an already processed logo (see [`LOGO`]) and points the partido at it.
pub async fn definir_logo_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    arquivos: &crate::infra::arquivos::Arquivos,
    id: Uuid,
    png: Vec<u8>,
) -> Result<String> {
    let antes = logo_key(tx, id).await?;
    let tenant = tx.tenant_id();
    let key = arquivos.guardar(tenant, "partidos", "png", png).await?;
    let n = sqlx::query("UPDATE app.partido SET logo_key = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(&key)
        .execute(tx.conn())
        .await?
        .rows_affected();
    if n == 0 {
        return Err(nao_encontrado("Partido"));
    }
    auditar(
        tx,
        autor,
        "partido",
        id,
        "alterar_logo",
        Some(serde_json::json!({ "logo_key": antes })),
        Some(serde_json::json!({ "logo_key": key })),
    )
    .await?;
    Ok(key)
}

pub async fn remover_logo_partido(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = logo_key(tx, id).await?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.partido SET logo_key = NULL WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "partido",
        id,
        "remover_logo",
        Some(serde_json::json!({ "logo_key": antes })),
        None,
    )
    .await
}

/// The storage key of a partido's logo.
pub async fn logo_key(tx: &mut TenantTx, id: Uuid) -> Result<Option<String>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT logo_key FROM app.partido WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .flatten())
}
