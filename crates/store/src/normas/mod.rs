//! Normas jurídicas: tipos, the normas with their articulated text stored as dispositivos,
//! the vínculos between them and anexos (rules in `domain::normas`: the parser, the
//! compilation, the derived situação, the URN).

pub mod anexos;
pub mod autografos;
pub mod consultas;
pub mod criar;
pub mod dados;
pub mod dispositivos;
pub mod oai;
pub mod passos;
pub mod tipos;
pub mod vinculos;

pub use consultas::{Filtro, Norma, NormaLinha, buscar, norma};
pub use criar::{Dados, criar, editar};
pub use tipos::TipoNorma;
pub use vinculos::{NovoVinculo, Vinculo};

/// The default tipos de norma of a new câmara, from the one SQL function that also gave
/// them to the câmaras that existed when migration 0027 ran.
pub(crate) async fn padroes(conn: &mut sqlx::PgConnection, tenant_id: i32) -> crate::Result<()> {
    sqlx::query("SELECT app.normas_padroes($1)")
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
