//! The IBGE list of Brazilian municipalities (data/municipios-ibge.csv, compiled in).

use std::sync::LazyLock;

use deunicode::deunicode;

use crate::ValidationError;

const CSV: &str = include_str!("../../../data/municipios-ibge.csv");

/// One municipality of the IBGE list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipio {
    pub codigo_ibge: u32,
    pub nome: &'static str,
    pub uf: &'static str,
}

static ALL: LazyLock<Vec<Municipio>> = LazyLock::new(|| {
    CSV.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split(',');
            let codigo_ibge = cols.next()?.parse().ok()?;
            let nome = cols.next()?;
            let uf = cols.next()?;
            Some(Municipio {
                codigo_ibge,
                nome,
                uf,
            })
        })
        .collect()
});

/// The 27 federative units.
pub const UFS: [&str; 27] = [
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA", "PB", "PE",
    "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
];

pub fn all() -> &'static [Municipio] {
    &ALL
}

/// Accent- and case-insensitive key: "São João d'Aliança" → "sao joao d'alianca".
fn fold(s: &str) -> String {
    deunicode(s.trim()).to_ascii_lowercase()
}

pub fn parse_uf(input: &str) -> Result<&'static str, ValidationError> {
    let up = input.trim().to_ascii_uppercase();
    UFS.iter().copied().find(|u| *u == up).ok_or_else(|| {
        ValidationError::new(
            "uf",
            format!(
                "UF inválida: \"{input}\". Use a sigla de um dos 27 estados (ex.: SP, MG, DF)."
            ),
        )
    })
}

/// Finds the município named `input` (name or 7-digit IBGE code) in `uf`.
pub fn find(input: &str, uf: &str) -> Result<&'static Municipio, ValidationError> {
    let uf = parse_uf(uf)?;
    let input = input.trim();
    if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        let code: u32 = input.parse().map_err(|_| not_found(input, uf, &[]))?;
        return match all().iter().find(|m| m.codigo_ibge == code) {
            Some(m) if m.uf == uf => Ok(m),
            Some(m) => Err(ValidationError::new(
                "municipio",
                format!(
                    "O código IBGE {code} é de {}/{}, não de um município de {uf}.",
                    m.nome, m.uf
                ),
            )),
            None => Err(ValidationError::new(
                "municipio",
                format!("Código IBGE desconhecido: {code}."),
            )),
        };
    }
    let key = fold(input);
    if let Some(m) = all().iter().find(|m| m.uf == uf && fold(m.nome) == key) {
        return Ok(m);
    }
    // Help the operator: same name in other states, or names in the state that start alike.
    let elsewhere: Vec<String> = all()
        .iter()
        .filter(|m| fold(m.nome) == key)
        .map(|m| format!("{}/{}", m.nome, m.uf))
        .collect();
    let prefix: String = key.chars().take(4).collect();
    let similar: Vec<String> = all()
        .iter()
        .filter(|m| m.uf == uf && !prefix.is_empty() && fold(m.nome).starts_with(&prefix))
        .take(5)
        .map(|m| m.nome.to_owned())
        .collect();
    let mut hints = elsewhere;
    hints.extend(similar);
    Err(not_found(input, uf, &hints))
}

fn not_found(input: &str, uf: &str, hints: &[String]) -> ValidationError {
    let mut msg = format!("Município não encontrado em {uf}: \"{input}\".");
    if !hints.is_empty() {
        msg.push_str(&format!(" Você quis dizer: {}?", hints.join(", ")));
    }
    ValidationError::new("municipio", msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_complete() {
        assert_eq!(all().len(), 5570);
        for uf in UFS {
            assert!(all().iter().any(|m| m.uf == uf), "{uf}");
        }
    }

    #[test]
    fn finds_by_name_ignoring_accents_and_case() {
        let m = find("sao paulo", "sp").unwrap();
        assert_eq!((m.nome, m.codigo_ibge), ("São Paulo", 3550308));
        assert_eq!(find("OLINDA", "PE").unwrap().codigo_ibge, 2609600);
        assert_eq!(find("2609600", "PE").unwrap().nome, "Olinda");
    }

    #[test]
    fn explains_mistakes() {
        let e = find("Olinda", "SP").unwrap_err();
        assert_eq!(e.field, "municipio");
        assert!(e.message.contains("Olinda/PE"), "{}", e.message);
        let e = find("2609600", "SP").unwrap_err();
        assert!(e.message.contains("Olinda/PE"), "{}", e.message);
        assert_eq!(parse_uf("XX").unwrap_err().field, "uf");
        assert!(find("Nowhere", "ZZ").is_err());
    }
}
