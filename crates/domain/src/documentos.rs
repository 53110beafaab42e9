//! Brazilian document numbers and contacts: CPF, CNPJ, CEP, phone numbers. Their one home:
//! the store and the web call these, and the database only checks the stored shape.

use crate::ValidationError;

/// A CPF's 11 digits if its check digits are right.
pub fn validar_cpf(entrada: &str) -> Result<String, ValidationError> {
    let erro = || {
        ValidationError::new(
            "cpf",
            "CPF inválido: confira os 11 dígitos (formato 000.000.000-00).",
        )
    };
    if entrada
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == '.' || c == '-' || c == ' '))
    {
        return Err(erro());
    }
    let d: Vec<u32> = entrada.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 11 || d.iter().all(|&x| x == d[0]) {
        return Err(erro());
    }
    let dv = |n: usize| {
        let soma: u32 = (0..n).map(|i| d[i] * (n as u32 + 1 - i as u32)).sum();
        let r = (soma * 10) % 11;
        if r == 10 { 0 } else { r }
    };
    if dv(9) != d[9] || dv(10) != d[10] {
        return Err(erro());
    }
    Ok(d.iter().map(|x| char::from(b'0' + *x as u8)).collect())
}

/// `12345678909` → `***.456.789-**`: what the admin shows of a stored CPF.
pub fn mascarar_cpf(cpf: &str) -> String {
    if cpf.len() != 11 || !cpf.is_ascii() {
        return "***".into();
    }
    format!("***.{}.{}-**", &cpf[3..6], &cpf[6..9])
}

/// A Brazilian phone number as people type it: 8 to 13 digits, spaces, parentheses, `+`
/// and `-` only.
pub fn telefone_valido(t: &str) -> bool {
    let digitos = t.chars().filter(char::is_ascii_digit).count();
    (8..=13).contains(&digitos) && t.chars().all(|c| c.is_ascii_digit() || " ()-+".contains(c))
}

/// The example shown in a câmara's phone fields: its own area code (DDD) taken from the
/// câmara's first phone, else its state's when the state has only one; never another
/// city's. `(00) 0000-0000` when neither tells.
pub fn exemplo_telefone(telefones_da_camara: &[String], uf: &str) -> String {
    let ddd = telefones_da_camara
        .first()
        .and_then(|t| ddd_de(t))
        .or_else(|| ddd_unico_da_uf(uf).map(str::to_owned))
        .unwrap_or_else(|| "00".to_owned());
    format!("({ddd}) 0000-0000")
}

/// The DDD of a phone typed with it: 10 or 11 digits, or with the country code 55 first.
fn ddd_de(telefone: &str) -> Option<String> {
    let d: String = telefone.chars().filter(char::is_ascii_digit).collect();
    let d = match d.len() {
        12 | 13 if d.starts_with("55") => &d[2..],
        10 | 11 => &d[..],
        _ => return None,
    };
    let ddd = &d[..2];
    (!ddd.starts_with('0') && !ddd.ends_with('0')).then(|| ddd.to_owned())
}

/// The states served by one area code only (ANATEL's numbering plan).
fn ddd_unico_da_uf(uf: &str) -> Option<&'static str> {
    Some(match uf {
        "AC" => "68",
        "AL" => "82",
        "AP" => "96",
        "DF" => "61",
        "MS" => "67",
        "PB" => "83",
        "RN" => "84",
        "RO" => "69",
        "RR" => "95",
        "SE" => "79",
        "TO" => "63",
        _ => return None,
    })
}

pub fn parse_cep(v: &str) -> Result<String, ValidationError> {
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    if v.trim().is_empty() {
        return Ok(String::new());
    }
    if digits.len() != 8
        || v.chars()
            .any(|c| !(c.is_ascii_digit() || c == '-' || c == '.' || c == ' '))
    {
        return Err(ValidationError::new(
            "cep",
            format!("CEP inválido: \"{}\". Use 00000-000.", v.trim()),
        ));
    }
    Ok(format!("{}-{}", &digits[..5], &digits[5..]))
}

/// CNPJ with its check digits; stored as 14 digits.
pub fn parse_cnpj(v: &str) -> Result<String, ValidationError> {
    if v.trim().is_empty() {
        return Ok(String::new());
    }
    let d: Vec<u32> = v.chars().filter_map(|c| c.to_digit(10)).collect();
    let err = || ValidationError::new("cnpj", format!("CNPJ inválido: \"{}\".", v.trim()));
    if d.len() != 14
        || v.chars()
            .any(|c| !(c.is_ascii_digit() || ".-/ ".contains(c)))
        || d.iter().all(|x| *x == d[0])
    {
        return Err(err());
    }
    let dv = |n: usize| {
        let pesos: Vec<u32> = (2..=9)
            .cycle()
            .take(n)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let soma: u32 = d[..n].iter().zip(&pesos).map(|(a, b)| a * b).sum();
        let r = soma % 11;
        if r < 2 { 0 } else { 11 - r }
    };
    if dv(12) != d[12] || dv(13) != d[13] {
        return Err(err());
    }
    Ok(d.iter()
        .map(|x| char::from_digit(*x, 10).unwrap_or('0'))
        .collect())
}

/// `12345678000195` → `12.345.678/0001-95`.
pub fn formatar_cnpj(c: &str) -> String {
    if c.len() != 14 {
        return c.to_owned();
    }
    format!(
        "{}.{}.{}/{}-{}",
        &c[..2],
        &c[2..5],
        &c[5..8],
        &c[8..12],
        &c[12..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_example_is_the_camaras_own_area_code() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // The câmara's own phone decides, in any usual form.
        assert_eq!(
            exemplo_telefone(&t(&["(11) 3396-4000"]), "SP"),
            "(11) 0000-0000"
        );
        assert_eq!(
            exemplo_telefone(&t(&["+55 19 3733-8000"]), "SP"),
            "(19) 0000-0000"
        );
        assert_eq!(
            exemplo_telefone(&t(&["87 98765-4321"]), "PE"),
            "(87) 0000-0000"
        );
        // Without one, a state with one area code gives it; others give no city's.
        assert_eq!(exemplo_telefone(&[], "AC"), "(68) 0000-0000");
        assert_eq!(exemplo_telefone(&[], "SP"), "(00) 0000-0000");
        assert_eq!(exemplo_telefone(&t(&["3429-0000"]), "PE"), "(00) 0000-0000");
        assert_eq!(
            exemplo_telefone(&t(&["(01) 3333-0000"]), "RR"),
            "(95) 0000-0000"
        );
    }

    #[test]
    fn cpf_check_digits_and_mask() {
        assert_eq!(validar_cpf("529.982.247-25").unwrap(), "52998224725");
        assert!(validar_cpf("529.982.247-26").is_err());
        assert!(validar_cpf("111.111.111-11").is_err());
        assert!(validar_cpf("529.982.247-2a").is_err());
        assert_eq!(mascarar_cpf("52998224725"), "***.982.247-**");
        assert_eq!(mascarar_cpf("123"), "***");
    }

    #[test]
    fn cnpj_cep_and_phones() {
        assert_eq!(parse_cnpj("11.222.333/0001-81").unwrap(), "11222333000181");
        assert!(parse_cnpj("11.222.333/0001-82").is_err());
        assert!(parse_cnpj("00.000.000/0000-00").is_err());
        assert_eq!(parse_cnpj("").unwrap(), "");
        assert_eq!(formatar_cnpj("11222333000181"), "11.222.333/0001-81");
        assert_eq!(parse_cep("53020080").unwrap(), "53020-080");
        assert!(parse_cep("5302-080").is_err());
        assert!(telefone_valido("(81) 3429-0000"));
        assert!(telefone_valido("+55 81 99999-0000"));
        assert!(!telefone_valido("3429"));
        assert!(!telefone_valido("ramal 12345678"));
    }
}
