//! Plenário's pure rules: no I/O, no database, no HTTP.
//!
//! Everything here is a value with a `parse` that either returns a valid value or a
//! [`ValidationError`] whose message is written for the person who typed the input.

pub mod auth;
pub mod calendario;
pub mod comissoes;
pub mod composicao;
pub mod documentos;
pub mod emendas;
pub mod host;
pub mod identidade;
pub mod municipios;
pub mod normas;
pub mod proposicoes;
pub mod protocolo;
pub mod sessoes_plenarias;
pub mod tenant;
pub mod texto;
pub mod tv;

pub use tenant::{Placement, PlacementTarget, Slug, TenantStatus};

/// A rule broken by user input. The message is Brazilian Portuguese, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    /// Which input was wrong (`slug`, `uf`, `municipio`, `dominio`, …).
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Brazil's IANA time zones: a câmara shows every date and time in its own.
pub const FUSOS_HORARIOS: [&str; 16] = [
    "America/Noronha",
    "America/Belem",
    "America/Fortaleza",
    "America/Recife",
    "America/Araguaina",
    "America/Maceio",
    "America/Bahia",
    "America/Sao_Paulo",
    "America/Campo_Grande",
    "America/Cuiaba",
    "America/Santarem",
    "America/Porto_Velho",
    "America/Boa_Vista",
    "America/Manaus",
    "America/Eirunepe",
    "America/Rio_Branco",
];

/// `"Zé da Farmácia"` → `"ze-da-farmacia"`: for URLs.
pub fn slugify(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod slug_tests {
    #[test]
    fn slugify() {
        assert_eq!(super::slugify("Zé da Farmácia"), "ze-da-farmacia");
        assert_eq!(
            super::slugify("  Dra. Ângela  Müller "),
            "dra-angela-muller"
        );
        assert_eq!(super::slugify("!!!"), "");
    }
}
