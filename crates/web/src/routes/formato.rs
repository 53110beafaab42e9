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

/// 12345 → "12.345".
pub trait NumBr {
    fn milhar(&self) -> String;
}

impl NumBr for i32 {
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
