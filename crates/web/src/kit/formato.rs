//! Brazilian conventions in templates: dates as dd/mm/aaaa (`{{ d.br() }}`) and numbers
//! with a dot between thousands (`{{ n.milhar() }}`).

/// dd/mm/aaaa.
pub trait DataBr {
    fn br(&self) -> String;
}

impl DataBr for time::Date {
    fn br(&self) -> String {
        format!(
            "{:02}/{:02}/{:04}",
            self.day(),
            u8::from(self.month()),
            self.year()
        )
    }
}

const MESES: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// The month's name in lower case ("março").
pub fn mes(m: time::Month) -> &'static str {
    MESES[usize::from(u8::from(m)) - 1]
}

/// "15 de março de 2024" (an epígrafe's date).
pub fn por_extenso(d: time::Date) -> String {
    format!("{} de {} de {}", d.day(), mes(d.month()), d.year())
}

/// 12345 → "12.345".
pub trait NumBr {
    fn milhar(&self) -> String;
}

macro_rules! num_br {
    ($($t:ty),*) => {$(
        impl NumBr for $t {
            fn milhar(&self) -> String {
                let digitos = self.unsigned_abs().to_string();
                let mut out = String::new();
                for (i, c) in digitos.chars().enumerate() {
                    if i > 0 && (digitos.len() - i).is_multiple_of(3) {
                        out.push('.');
                    }
                    out.push(c);
                }
                if *self < 0 { format!("-{out}") } else { out }
            }
        }
    )*};
}
num_br!(i32, i64);

/// The preposition agreeing with a câmara's name: "da Câmara Municipal de Olinda" (a
/// feminine noun opens the official name), "de Olinda" otherwise.
pub fn de_camara(nome: &str) -> String {
    let nome = nome.trim();
    let feminino = ["Câmara", "Casa", "Assembleia"]
        .iter()
        .any(|p| nome.starts_with(p));
    if feminino {
        format!("da {nome}")
    } else {
        format!("de {nome}")
    }
}

/// dd/mm/aaaa (leading zeros optional, four-digit year) or aaaa-mm-dd (what a native date
/// input sends) → a date; `None` when it is not one. The one parser of typed dates: each
/// form words its own message around it.
pub fn ler_data(s: &str) -> Option<time::Date> {
    let s = s.trim();
    let barras: Vec<&str> = s.split('/').map(str::trim).collect();
    let tracos: Vec<&str> = s.split('-').collect();
    let (dia, mes, ano) = match (&barras[..], &tracos[..]) {
        ([dia, mes, ano], _) => (*dia, *mes, *ano),
        (_, [ano, mes, dia]) if ano.len() == 4 && mes.len() == 2 && dia.len() == 2 => {
            (*dia, *mes, *ano)
        }
        _ => return None,
    };
    let (dia, mes, ano) = (
        dia.parse::<u8>().ok()?,
        mes.parse::<u8>().ok()?,
        ano.parse::<i32>().ok()?,
    );
    if !(1000..=9999).contains(&ano) {
        return None;
    }
    time::Date::from_calendar_date(ano, time::Month::try_from(mes).ok()?, dia).ok()
}

/// The `value` of a native date input (aaaa-mm-dd) from what a form holds: a date typed or
/// stored as dd/mm/aaaa, or already aaaa-mm-dd. Anything else is kept as typed, so the
/// refused text is still there for a browser without a date picker.
pub fn campo_data(v: impl std::fmt::Display) -> String {
    let s = v.to_string();
    match ler_data(&s) {
        Some(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        None => s,
    }
}

/// HH:MM (24 h; HH:MM:SS accepted) → a time; `None` when it is not one.
pub fn ler_hora(s: &str) -> Option<time::Time> {
    let s = s.trim();
    let fmt = time::macros::format_description!("[hour]:[minute]");
    let fmt_s = time::macros::format_description!("[hour]:[minute]:[second]");
    time::Time::parse(s, &fmt)
        .or_else(|_| time::Time::parse(s, &fmt_s))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, time};

    #[test]
    fn the_preposition_agrees_with_the_camaras_name() {
        assert_eq!(
            de_camara("Câmara Municipal de Marabá"),
            "da Câmara Municipal de Marabá"
        );
        assert_eq!(de_camara("Olinda"), "de Olinda");
        assert_eq!(42_000_i64.milhar(), "42.000");
    }

    #[test]
    fn typed_dates_and_times() {
        assert_eq!(ler_data("05/03/2025"), Some(date!(2025 - 03 - 05)));
        assert_eq!(ler_data(" 5/3/2025 "), Some(date!(2025 - 03 - 05)));
        assert_eq!(ler_data("2025-03-05"), Some(date!(2025 - 03 - 05)));
        assert_eq!(campo_data("05/03/2025"), "2025-03-05");
        assert_eq!(campo_data("2025-03-05"), "2025-03-05");
        assert_eq!(campo_data("31/02/2025"), "31/02/2025");
        assert_eq!(campo_data(""), "");
        for ruim in [
            "",
            "31/02/2025",
            "2025-3-5",
            "2025-02-30",
            "+2025-03-05",
            "05/03/25",
            "5/13/2025",
            "a/b/c",
        ] {
            assert_eq!(ler_data(ruim), None, "{ruim}");
        }
        assert_eq!(ler_hora("19:00"), Some(time!(19:00)));
        assert_eq!(ler_hora("07:30:00"), Some(time!(07:30)));
        assert_eq!(ler_hora("25:00"), None);
        assert_eq!(ler_hora("7h"), None);
    }
}
