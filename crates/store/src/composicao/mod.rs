//! The câmara's composition: legislaturas, sessões legislativas, partidos, parlamentares,
//! mandatos, afastamentos, filiações, redes. One module per entity; everything is re-exported
//! here, so callers write `store::composicao::X`.

use time::Date;

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
