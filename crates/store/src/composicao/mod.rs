//! The câmara's composition: legislaturas, sessões legislativas, partidos, parlamentares,
//! mandatos, afastamentos, filiações, redes. One module per entity; everything is re-exported
//! here, so callers write `store::composicao::X`.

use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::{Error, Result, TenantTx};

mod afastamentos;
mod filiacoes;
mod fotos;
mod legislaturas;
mod mandatos;
pub mod pagina_publica;
mod parlamentares;
mod partidos;
mod publico;
mod redes;
mod sessoes_legislativas;

pub use afastamentos::*;
pub use filiacoes::*;
pub use fotos::*;
pub use legislaturas::*;
pub use mandatos::*;
pub use parlamentares::*;
pub use partidos::*;
pub use publico::*;
pub use redes::*;
pub use sessoes_legislativas::*;

/// Appends one audit entry (no personal data in `depois`: never the CPF).
async fn auditar(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    id: Uuid,
    acao: &str,
    antes: Option<serde_json::Value>,
    depois: Option<serde_json::Value>,
) -> Result<()> {
    auditoria::registrar(
        tx,
        autor,
        entidade,
        Some(&id.to_string()),
        acao,
        antes,
        depois,
    )
    .await
}

/// Deletes the row `id` of `app.<tabela>` (one of ours, never input) and records in the audit
/// log what it was; a refusal is mapped by its name.
async fn excluir_auditado(
    tx: &mut TenantTx,
    autor: &Autor,
    tabela: &'static str,
    id: Uuid,
    antes: Option<serde_json::Value>,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM app.{tabela} WHERE tenant_id = $1 AND id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, tabela, id, "excluir", antes, None).await
}

/// A value for the audit log.
fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

fn nao_encontrado(o: &str) -> Error {
    Error::NotFound(format!("{o} não encontrado."))
}

/// Dates leave the system as ISO 8601 (`2025-01-01`), in JSON and CSV alike.
pub fn data_iso<S: serde::Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

/// An optional date as ISO 8601, or empty.
pub fn data_iso_opt<S: serde::Serializer>(
    d: &Option<Date>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => data_iso(d, s),
        None => s.serialize_none(),
    }
}
