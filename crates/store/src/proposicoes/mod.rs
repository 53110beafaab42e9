//! Proposições: tipos, the proposições with their autores, unidades and the event history
//! the situação is derived from (rules in `domain::proposicoes`).

pub mod anexos;
pub mod autores;
pub mod busca;
pub mod consultas;
pub mod criar;
pub mod dados;
pub mod editar;
pub mod emendas;
pub mod eventos;
pub mod relacionadas;
pub mod tipos;

pub use criar::{AutorNovo, Criada, NovaProposicao, criar};
pub use emendas::emendas_da_proposicao;
pub use eventos::{EventoNovo, registrar_evento};

/// The default tipos and unidades of a new câmara, from the one SQL function that also
/// gave them to the câmaras that existed when the migration ran.
pub(crate) async fn padroes(conn: &mut sqlx::PgConnection, tenant_id: i32) -> crate::Result<()> {
    sqlx::query("SELECT app.proposicoes_padroes($1)")
        .bind(tenant_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
