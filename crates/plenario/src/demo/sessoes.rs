//! Generated sessões plenárias.

use store::TenantTx;

use super::gerador::{Gerador, Semeado};
use crate::env::CliError;

pub async fn semear(
    _tx: &mut TenantTx,
    _g: &mut Gerador<'_>,
    _s: &Semeado,
) -> Result<(), CliError> {
    Ok(())
}
