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

/// The IANA time zone a câmara of `m` starts with (staff may change it in Configurações).
///
/// By state, as the IANA database divides Brazil, with the two places inside a state that
/// keep another hour: Fernando de Noronha (UTC−2) and the municipalities of western
/// Amazonas on Acre's hour (UTC−5, `America/Eirunepe`). Western Pará (`America/Santarem`)
/// keeps Belém's hour since 2008, so it shares Belém's zone.
pub fn fuso_horario(m: &Municipio) -> &'static str {
    const AMAZONAS_OESTE: [u32; 12] = [
        1300201, // Atalaia do Norte
        1300607, // Benjamin Constant
        1300706, // Boca do Acre
        1301407, // Eirunepé
        1301506, // Envira
        1301654, // Guajará
        1301803, // Ipixuna
        1301951, // Itamarati
        1302405, // Lábrea
        1303502, // Pauini
        1303908, // São Paulo de Olivença
        1304062, // Tabatinga
    ];
    const FERNANDO_DE_NORONHA: u32 = 2605459;
    if m.codigo_ibge == FERNANDO_DE_NORONHA {
        return "America/Noronha";
    }
    if AMAZONAS_OESTE.contains(&m.codigo_ibge) {
        return "America/Eirunepe";
    }
    match m.uf {
        "AC" => "America/Rio_Branco",
        "AM" => "America/Manaus",
        "RO" => "America/Porto_Velho",
        "RR" => "America/Boa_Vista",
        "MT" => "America/Cuiaba",
        "MS" => "America/Campo_Grande",
        "PA" | "AP" => "America/Belem",
        "TO" => "America/Araguaina",
        "MA" | "PI" | "CE" | "RN" | "PB" => "America/Fortaleza",
        "PE" => "America/Recife",
        "AL" | "SE" => "America/Maceio",
        "BA" => "America/Bahia",
        _ => "America/Sao_Paulo",
    }
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

    #[test]
    fn each_municipio_starts_in_its_own_time_zone() {
        let fuso = |nome: &str, uf: &str| fuso_horario(find(nome, uf).unwrap());
        assert_eq!(fuso("Rio Branco", "AC"), "America/Rio_Branco");
        assert_eq!(fuso("Cruzeiro do Sul", "AC"), "America/Rio_Branco");
        assert_eq!(fuso("Manaus", "AM"), "America/Manaus");
        assert_eq!(fuso("Tabatinga", "AM"), "America/Eirunepe");
        assert_eq!(fuso("Tabatinga", "SP"), "America/Sao_Paulo");
        assert_eq!(fuso("Eirunepé", "AM"), "America/Eirunepe");
        assert_eq!(fuso("Porto Velho", "RO"), "America/Porto_Velho");
        assert_eq!(fuso("Boa Vista", "RR"), "America/Boa_Vista");
        assert_eq!(fuso("Cuiabá", "MT"), "America/Cuiaba");
        assert_eq!(fuso("Dourados", "MS"), "America/Campo_Grande");
        assert_eq!(fuso("Fernando de Noronha", "PE"), "America/Noronha");
        assert_eq!(fuso("Olinda", "PE"), "America/Recife");
        assert_eq!(fuso("Marabá", "PA"), "America/Belem");
        assert_eq!(fuso("Palmas", "TO"), "America/Araguaina");
        assert_eq!(fuso("Aracaju", "SE"), "America/Maceio");
        assert_eq!(fuso("Salvador", "BA"), "America/Bahia");
        assert_eq!(fuso("Brasília", "DF"), "America/Sao_Paulo");
        // Every zone given is one the câmara's configuration accepts.
        for m in all() {
            assert!(
                crate::FUSOS_HORARIOS.contains(&fuso_horario(m)),
                "{}/{}",
                m.nome,
                m.uf
            );
        }
        let oeste = all()
            .iter()
            .filter(|m| fuso_horario(m) == "America/Eirunepe")
            .count();
        assert_eq!(
            oeste, 12,
            "the western Amazonas list names real códigos IBGE"
        );
    }
}
