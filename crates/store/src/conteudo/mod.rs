//! Conteúdo: notícias and páginas institucionais.

pub mod noticias;
pub mod pagina_publica;
pub mod paginas;

use domain::ValidationError;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::{Result, TenantTx};

/// The title and the address (slug) of a notícia or a page: the title 3 to 200 characters,
/// the slug made from the title when left empty, at most `max_slug` characters. Each
/// problem goes to `erros`, on its field.
pub(crate) fn titulo_e_slug(
    titulo: &str,
    slug: &str,
    max_slug: usize,
    erros: &mut Vec<ValidationError>,
) -> (String, String) {
    let titulo = titulo.trim().to_owned();
    let n = titulo.chars().count();
    if n < 3 {
        erros.push(ValidationError::new(
            "titulo",
            "Informe o título (ao menos 3 caracteres).",
        ));
    } else if n > 200 {
        erros.push(ValidationError::new(
            "titulo",
            "O título deve ter no máximo 200 caracteres.",
        ));
    }
    let base = if slug.trim().is_empty() {
        &titulo
    } else {
        slug
    };
    let slug: String = domain::slugify(base).chars().take(max_slug).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() && n >= 3 {
        erros.push(ValidationError::new(
            "slug",
            "O endereço (slug) precisa de letras ou números.",
        ));
    }
    (titulo, slug)
}

/// Deletes one row of the câmara from `tabela` (of schema `app`, keyed by tenant and id)
/// and records it in the audit log as `antes`, the entity named as the table.
pub(crate) async fn excluir_auditado(
    tx: &mut TenantTx,
    autor: &Autor,
    tabela: &'static str,
    id: Uuid,
    antes: serde_json::Value,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM app.{tabela} WHERE tenant_id = $1 AND id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .execute(tx.conn())
    .await?;
    auditoria::excluido(tx, autor, tabela, id, antes).await
}
