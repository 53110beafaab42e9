//! Tramitação: the unidades and their users, the câmara's status de tramitação, the
//! tramitações themselves (single, to several unidades at once, em lote; received by the
//! destination; corrected by new rows, never rewritten) and the prazos they carry, counted
//! in dias úteis over the câmara's calendar (`store::calendario`).
//!
//! Every tramitação records its event through `store::proposicoes::registrar_evento`
//! (`Evento::Tramitada`), so the proposição's situação follows and a refused event refuses
//! the tramitação.

pub mod consultas;
pub mod prazos;
pub mod status;
pub mod tramitar;
pub mod unidades;

pub use consultas::*;
pub use prazos::*;
pub use status::*;
pub use tramitar::*;
pub use unidades::*;

/// The default status of a new câmara, from the one SQL function that also gave them to
/// the câmaras that existed when the migration ran.
pub(crate) async fn padroes(conn: &mut sqlx::PgConnection, tenant_id: i32) -> crate::Result<()> {
    sqlx::query("SELECT app.tramitacao_padroes($1)")
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
