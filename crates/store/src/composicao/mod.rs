//! The câmara's composition: legislaturas, sessões legislativas, partidos, parlamentares,
//! mandatos, afastamentos, filiações, redes. One module per entity; everything is re-exported
//! here, so callers write `store::composicao::X`.

use crate::Error;

mod afastamentos;
mod filiacoes;
mod fotos;
mod legislaturas;
mod mandatos;
pub(crate) mod paginas;
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
pub use paginas::*;
pub use parlamentares::*;
pub use partidos::*;
pub use publico::*;
pub use redes::*;
pub use sessoes_legislativas::*;

// The area's audit entries go through the store's one audit helper (`auditoria::mudanca`,
// `auditoria::apagar`, `auditoria::json`); `depois` never carries personal data (the CPF).
use crate::auditoria::{json, mudanca as auditar};

fn nao_encontrado(o: &str) -> Error {
    Error::NotFound(format!("{o} não encontrado."))
}

/// Dates leave the system as ISO 8601 (`2025-01-01`), in JSON and CSV alike
/// (`serialize_with`; see [`crate::infra::datas`]).
pub use crate::infra::datas::iso::serialize as data_iso;
/// An optional date as ISO 8601, or null (empty in CSV).
pub use crate::infra::datas::iso_opt::serialize as data_iso_opt;
