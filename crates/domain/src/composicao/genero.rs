//! The cargos agree with their holder: "1ª Secretária", "Vice-Presidenta" is not used
//! (Presidente is common to both), "Relatora", "Tesoureira". The câmara names its cargos in
//! the masculine (as its regimento does); shown for a woman, each word of a known shape takes
//! the feminine, and the ordinal before it agrees ("1º" → "1ª").

use serde::{Deserialize, Serialize};

/// A parlamentar's gênero, as the câmara records it (for the agreement of cargos).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Genero {
    Feminino,
    Masculino,
}

impl Genero {
    pub fn codigo(self) -> &'static str {
        match self {
            Genero::Feminino => "feminino",
            Genero::Masculino => "masculino",
        }
    }

    /// `"feminino"`, `"masculino"`; anything else (`""`, "não informado") is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "feminino" => Some(Genero::Feminino),
            "masculino" => Some(Genero::Masculino),
            _ => None,
        }
    }
}

/// Words whose feminine is not the regular one, or that stay as they are.
const INVARIAVEIS: [&str; 6] = [
    "Presidente",
    "Vice",
    "Membro",
    "Suplente",
    "Titular",
    "Líder",
];

fn feminino_da_palavra(p: &str) -> String {
    if INVARIAVEIS.contains(&p) {
        return p.to_owned();
    }
    // Ordinals: 1º, 2.º, 10º.
    if p.ends_with('º') && p.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return format!("{}ª", p.trim_end_matches('º'));
    }
    let capitalizada = p.chars().next().is_some_and(char::is_uppercase);
    if !capitalizada {
        return p.to_owned();
    }
    for (de, para) in [
        ("ário", "ária"),
        ("eiro", "eira"),
        ("ador", "adora"),
        ("edor", "edora"),
        ("idor", "idora"),
        ("tor", "tora"),
        ("sor", "sora"),
        ("dor", "dora"),
    ] {
        if let Some(raiz) = p.strip_suffix(de) {
            return format!("{raiz}{para}");
        }
    }
    p.to_owned()
}

/// The cargo `nome` (masculine, as configured) as shown for a holder of `genero`.
pub fn cargo_para(nome: &str, genero: Option<Genero>) -> String {
    if genero != Some(Genero::Feminino) {
        return nome.to_owned();
    }
    nome.split(' ')
        .map(|palavra| {
            palavra
                .split('-')
                .map(feminino_da_palavra)
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargos_agree_with_a_woman_and_stay_for_a_man_or_unknown() {
        let f = Some(Genero::Feminino);
        for (m, esperado) in [
            ("Presidente", "Presidente"),
            ("Vice-Presidente", "Vice-Presidente"),
            ("1º Secretário", "1ª Secretária"),
            ("2º Secretário", "2ª Secretária"),
            ("Tesoureiro", "Tesoureira"),
            ("Relator", "Relatora"),
            ("Corregedor", "Corregedora"),
            ("Ouvidor", "Ouvidora"),
            (
                "Procurador Especial da Mulher",
                "Procuradora Especial da Mulher",
            ),
            ("Membro", "Membro"),
            ("Suplente", "Suplente"),
            ("Secretário-Geral", "Secretária-Geral"),
            ("Vice-Líder", "Vice-Líder"),
        ] {
            assert_eq!(cargo_para(m, f), esperado, "{m}");
            assert_eq!(cargo_para(m, Some(Genero::Masculino)), m);
            assert_eq!(cargo_para(m, None), m);
        }
    }

    #[test]
    fn genero_parses_its_codes_only() {
        assert_eq!(Genero::parse("feminino"), Some(Genero::Feminino));
        assert_eq!(Genero::parse(" masculino "), Some(Genero::Masculino));
        assert_eq!(Genero::parse(""), None);
        assert_eq!(Genero::parse("Feminino"), None);
        assert_eq!(Genero::Feminino.codigo(), "feminino");
    }
}
