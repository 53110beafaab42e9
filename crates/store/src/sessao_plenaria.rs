//! Sessões plenárias as scheduled entries: tipos, numbering, calendar.

/// The default rows a new câmara starts with. Provisioning calls it inside its transaction,
/// as the owner role with the câmara's tenant set; a migration that adds defaults must do
/// the same for the câmaras that already exist.
pub(crate) async fn padroes(_conn: &mut sqlx::PgConnection, _tenant_id: i32) -> crate::Result<()> {
    Ok(())
}
