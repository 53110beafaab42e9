//! The parlamentar's photo.

use uuid::Uuid;

use super::*;
use crate::auditoria::Autor;
use crate::{Result, TenantTx};

/// The parlamentar's photo: JPEG, at most 600 px, uploads up to 5 MB.
pub const FOTO: crate::infra::arquivos::Imagem = crate::infra::arquivos::Imagem {
    campo: "foto",
    nome: "da foto",
    max_bytes: 5 * 1024 * 1024,
    max_lado: 600,
    saida: crate::infra::arquivos::Saida::Jpeg,
};

/// Checks and re-encodes an uploaded photo (see [`FOTO`]). CPU-bound: run it off the
/// async threads.
pub fn processar_foto(data: &[u8]) -> std::result::Result<Vec<u8>, domain::ValidationError> {
    crate::infra::arquivos::processar_imagem(data, &FOTO)
}

/// Stores an already processed photo and points the parlamentar at it; returns the key.
pub async fn definir_foto(
    tx: &mut TenantTx,
    autor: &Autor,
    arquivos: &crate::infra::arquivos::Arquivos,
    id: Uuid,
    jpeg: Vec<u8>,
) -> Result<String> {
    let antes = parlamentar_admin(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Parlamentar"))?;
    let tenant = tx.tenant_id();
    let key = arquivos
        .guardar(tenant, "parlamentares", "jpg", jpeg)
        .await?;
    sqlx::query("UPDATE app.parlamentar SET foto_key = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(&key)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "alterar_foto",
        Some(serde_json::json!({ "foto_key": antes.foto_key })),
        Some(serde_json::json!({ "foto_key": key })),
    )
    .await?;
    Ok(key)
}

pub async fn remover_foto(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = parlamentar_admin(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Parlamentar"))?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.parlamentar SET foto_key = NULL WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "remover_foto",
        Some(serde_json::json!({ "foto_key": antes.foto_key })),
        None,
    )
    .await
}

/// The storage key of the photo of the parlamentar at `slug` (active or not).
pub async fn foto_key_por_slug(tx: &mut TenantTx, slug: &str) -> Result<Option<String>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT foto_key FROM app.parlamentar WHERE tenant_id = $1 AND slug = $2",
    )
    .bind(tenant)
    .bind(slug)
    .fetch_optional(tx.conn())
    .await?
    .flatten())
}
