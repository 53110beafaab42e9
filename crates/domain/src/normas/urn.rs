//! URN LEX (LexML Brasil, Parte 2) for normas and proposições:
//! `urn:lex:<localidade>:<autoridade>:<tipo-documento>:<descritor>[!<fragmento>]`.
//!
//! The localidade is `br;<estado>;<município>` with both names normalised by the
//! vocabulary's rule: accents stripped, lower case, every run of non-alphanumerics becomes
//! `.`, the connectives de/da/do/das/dos/e dropped (`br;rio.grande.sul;sant.ana.livramento`).

use time::Date;

/// The 27 federative units by UF, with the names the localidade uses.
pub const ESTADOS: [(&str, &str); 27] = [
    ("AC", "Acre"),
    ("AL", "Alagoas"),
    ("AM", "Amazonas"),
    ("AP", "Amapá"),
    ("BA", "Bahia"),
    ("CE", "Ceará"),
    ("DF", "Distrito Federal"),
    ("ES", "Espírito Santo"),
    ("GO", "Goiás"),
    ("MA", "Maranhão"),
    ("MG", "Minas Gerais"),
    ("MS", "Mato Grosso do Sul"),
    ("MT", "Mato Grosso"),
    ("PA", "Pará"),
    ("PB", "Paraíba"),
    ("PE", "Pernambuco"),
    ("PI", "Piauí"),
    ("PR", "Paraná"),
    ("RJ", "Rio de Janeiro"),
    ("RN", "Rio Grande do Norte"),
    ("RO", "Rondônia"),
    ("RR", "Roraima"),
    ("RS", "Rio Grande do Sul"),
    ("SC", "Santa Catarina"),
    ("SE", "Sergipe"),
    ("SP", "São Paulo"),
    ("TO", "Tocantins"),
];

const CONECTIVOS: [&str; 6] = ["de", "da", "do", "das", "dos", "e"];

/// "Sant'Ana do Livramento" → "sant.ana.livramento".
pub fn normalizar(nome: &str) -> String {
    deunicode::deunicode(nome)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty() && !CONECTIVOS.contains(p))
        .collect::<Vec<_>>()
        .join(".")
}

pub fn estado(uf: &str) -> Option<&'static str> {
    let uf = uf.trim().to_ascii_uppercase();
    ESTADOS.iter().find(|(u, _)| *u == uf).map(|(_, n)| *n)
}

/// `br;santa.catarina;sao.bento.sul`; `None` for an unknown UF.
pub fn localidade(municipio: &str, uf: &str) -> Option<String> {
    let e = estado(uf)?;
    Some(format!("br;{};{}", normalizar(e), normalizar(municipio)))
}

/// The autoridade by tipo-documento: the Câmara's own acts (resoluções, decretos
/// legislativos, projetos) are `camara.municipal`, the município's laws `municipal`.
pub fn autoridade(tipo_documento: &str) -> &'static str {
    let base = tipo_documento.split(';').next().unwrap_or("");
    match base {
        "resolucao" | "decreto.legislativo" | "regimento.interno" => "camara.municipal",
        b if b.starts_with("projeto.") || b.starts_with("proposta.") => "camara.municipal",
        "requerimento" | "indicacao" | "mocao" | "emenda" | "veto" => "camara.municipal",
        _ => "municipal",
    }
}

/// Digits only: "1.234" → "1234".
fn numero(n: &str) -> String {
    n.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// A norma: `…:municipal:lei:2024-03-15;1234`. A lei orgânica's número is its year.
pub fn norma(localidade: &str, tipo_documento: &str, assinatura: Date, num: &str) -> String {
    let n = if tipo_documento == "lei.organica" {
        assinatura.year().to_string()
    } else {
        numero(num)
    };
    format!(
        "urn:lex:{localidade}:{}:{tipo_documento}:{:04}-{:02}-{:02};{n}",
        autoridade(tipo_documento),
        assinatura.year(),
        u8::from(assinatura.month()),
        assinatura.day()
    )
}

/// A dispositivo of a norma: the norma's URN with `!art5_par1u`.
pub fn fragmento(urn: &str, id: &str) -> String {
    format!("{urn}!{id}")
}

/// The tipo-documento of a proposição by the sigla of its tipo (PL, PLC, PR, PDL, PELO…).
pub fn tipo_proposicao(sigla: &str) -> String {
    let s = sigla.trim().to_uppercase();
    let base = match s.as_str() {
        "PL" | "PLO" => "projeto.lei",
        "PLC" | "PLP" => "projeto.lei.complementar",
        "PR" | "PRE" => "projeto.resolucao",
        "PDL" => "projeto.decreto.legislativo",
        "PELO" | "PEL" => "proposta.emenda.lei.organica",
        "REQ" => "requerimento",
        "IND" => "indicacao",
        "MOC" => "mocao",
        "VETO" => "veto",
        _ if s.starts_with("EME") || s.starts_with("SUB") => "emenda",
        _ => "projeto",
    };
    format!("{base};{}", numero(&s))
}

/// A proposição: `…:camara.municipal:projeto.lei;pl:2024;12`.
pub fn proposicao(localidade: &str, sigla: &str, ano: i32, num: i64) -> String {
    let tipo = tipo_proposicao(sigla);
    format!(
        "urn:lex:{localidade}:{}:{tipo}:{ano};{num}",
        autoridade(&tipo)
    )
}

/// The pattern of `REGEXURNType` in oai_lexml.xsd:
/// `urn:lex(:[a-zA-Z0-9;!\\\-@/$~\._\[\],]+)+`, on the whole string.
pub fn conforme_xsd(urn: &str) -> bool {
    let Some(resto) = urn.strip_prefix("urn:lex") else {
        return false;
    };
    let Some(resto) = resto.strip_prefix(':') else {
        return false;
    };
    resto.split(':').all(|parte| {
        !parte.is_empty()
            && parte
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ";!\\-@/$~._[],".contains(c))
    })
}
