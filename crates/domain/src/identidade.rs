//! The câmara's institutional identity, as an administrator edits it.

use crate::{FUSOS_HORARIOS, ValidationError};

/// Validated identity fields (everything `app.camara_config` stores that a form edits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identidade {
    pub nome: String,
    pub endereco: String,
    /// `00000-000` or empty.
    pub cep: String,
    /// 14 digits or empty.
    pub cnpj: String,
    pub telefones: Vec<String>,
    pub email: String,
    pub horario_atendimento: String,
    /// `#rrggbb`, lowercase.
    pub cor_primaria: String,
    pub cor_secundaria: String,
    pub fuso_horario: String,
    pub exigir_2fa: bool,
}

/// The raw form.
#[derive(Debug, Clone, Default)]
pub struct IdentidadeForm {
    pub nome: String,
    pub endereco: String,
    pub cep: String,
    pub cnpj: String,
    /// One per line or separated by `;`.
    pub telefones: String,
    pub email: String,
    pub horario_atendimento: String,
    pub cor_primaria: String,
    pub cor_secundaria: String,
    pub fuso_horario: String,
    pub exigir_2fa: bool,
}

impl IdentidadeForm {
    /// Every problem at once, so the form can show them all.
    pub fn validar(&self) -> Result<Identidade, Vec<ValidationError>> {
        let mut erros = Vec::new();
        let nome = self.nome.trim().to_owned();
        if !(3..=200).contains(&nome.chars().count()) {
            erros.push(ValidationError::new(
                "nome",
                "O nome deve ter de 3 a 200 caracteres.",
            ));
        }
        let cep = crate::documentos::parse_cep(&self.cep).unwrap_or_else(|e| {
            erros.push(e);
            String::new()
        });
        let cnpj = crate::documentos::parse_cnpj(&self.cnpj).unwrap_or_else(|e| {
            erros.push(e);
            String::new()
        });
        let telefones: Vec<String> = self
            .telefones
            .split(['\n', ';'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        for t in &telefones {
            if !crate::documentos::telefone_valido(t) {
                erros.push(ValidationError::new(
                    "telefones",
                    format!("Telefone inválido: \"{t}\". Use o formato (81) 3429-0000."),
                ));
            }
        }
        let email = if self.email.trim().is_empty() {
            String::new()
        } else {
            crate::auth::parse_email(&self.email).unwrap_or_else(|e| {
                erros.push(e);
                String::new()
            })
        };
        let cor = |campo: &'static str, label: &str, v: &str, erros: &mut Vec<ValidationError>| {
            parse_cor(v).unwrap_or_else(|| {
                erros.push(ValidationError::new(
                    campo,
                    format!("{label} inválida: \"{v}\". Use o formato #1a2b3c."),
                ));
                String::new()
            })
        };
        let cor_primaria = cor(
            "cor_primaria",
            "Cor primária",
            &self.cor_primaria,
            &mut erros,
        );
        let cor_secundaria = cor(
            "cor_secundaria",
            "Cor secundária",
            &self.cor_secundaria,
            &mut erros,
        );
        let fuso_horario = self.fuso_horario.trim().to_owned();
        if !FUSOS_HORARIOS.contains(&fuso_horario.as_str()) {
            erros.push(ValidationError::new(
                "fuso_horario",
                "Escolha um fuso horário do Brasil.",
            ));
        }
        if erros.is_empty() {
            Ok(Identidade {
                nome,
                endereco: self.endereco.trim().to_owned(),
                cep,
                cnpj,
                telefones,
                email,
                horario_atendimento: self.horario_atendimento.trim().to_owned(),
                cor_primaria,
                cor_secundaria,
                fuso_horario,
                exigir_2fa: self.exigir_2fa,
            })
        } else {
            Err(erros)
        }
    }
}

/// `#RGB`/`#RRGGBB` (any case) → `#rrggbb`.
pub fn parse_cor(v: &str) -> Option<String> {
    let h = v.trim().strip_prefix('#')?;
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match h.len() {
        6 => Some(format!("#{}", h.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            h.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

/// WCAG AA's least contrast for text of normal size.
pub const CONTRASTE_MINIMO: f64 = 4.5;

/// The WCAG contrast ratio (1 to 21) of two colours `#rrggbb`/`#rgb`; `None` when one is
/// not a colour. The portal writes white on the primary colour (header, buttons) and the
/// primary colour on white (links), so `contraste(primaria, "#ffffff")` is what counts.
pub fn contraste(a: &str, b: &str) -> Option<f64> {
    let luminancia = |cor: &str| -> Option<f64> {
        let h = parse_cor(cor)?;
        let canal = |i: usize| -> Option<f64> {
            let c = f64::from(u8::from_str_radix(h.get(i..i + 2)?, 16).ok()?) / 255.0;
            Some(if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            })
        };
        Some(0.2126 * canal(1)? + 0.7152 * canal(3)? + 0.0722 * canal(5)?)
    };
    let (la, lb) = (luminancia(a)?, luminancia(b)?);
    let (claro, escuro) = if la >= lb { (la, lb) } else { (lb, la) };
    Some((claro + 0.05) / (escuro + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contrast_ratio_follows_wcag() {
        let r = |a, b| (contraste(a, b).unwrap() * 100.0).round() / 100.0;
        assert_eq!(r("#000000", "#ffffff"), 21.0);
        assert_eq!(r("#fff", "#ffffff"), 1.0);
        // The default primary colour passes; WCAG's own borderline grey just fails.
        assert!(r("#0b4f8a", "#ffffff") >= CONTRASTE_MINIMO);
        assert_eq!(r("#777777", "#ffffff"), 4.48);
        assert_eq!(r("#767676", "#ffffff"), 4.54);
        assert_eq!(contraste("amarelo", "#ffffff"), None);
    }

    fn valid() -> IdentidadeForm {
        IdentidadeForm {
            nome: "Câmara Municipal de Olinda".into(),
            endereco: "Rua de São Bento, 123".into(),
            cep: "53020080".into(),
            cnpj: "11.222.333/0001-81".into(),
            telefones: "(81) 3429-0000\n(81) 99999-0000".into(),
            email: "Contato@Olinda.example".into(),
            horario_atendimento: "8h às 14h".into(),
            cor_primaria: "#0B4F8A".into(),
            cor_secundaria: "#fc3".into(),
            fuso_horario: "America/Recife".into(),
            exigir_2fa: true,
        }
    }

    #[test]
    fn a_valid_form_is_normalised() {
        let i = valid().validar().unwrap();
        assert_eq!(i.cep, "53020-080");
        assert_eq!(i.cnpj, "11222333000181");
        assert_eq!(
            crate::documentos::formatar_cnpj(&i.cnpj),
            "11.222.333/0001-81"
        );
        assert_eq!(i.telefones.len(), 2);
        assert_eq!(i.email, "contato@olinda.example");
        assert_eq!(
            (i.cor_primaria.as_str(), i.cor_secundaria.as_str()),
            ("#0b4f8a", "#ffcc33")
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let f = IdentidadeForm {
            nome: "X".into(),
            cep: "123".into(),
            cnpj: "11.222.333/0001-82".into(),
            telefones: "abc".into(),
            email: "sem-arroba".into(),
            cor_primaria: "azul".into(),
            cor_secundaria: "#12345".into(),
            fuso_horario: "Europe/Lisbon".into(),
            ..valid()
        };
        let campos: Vec<&str> = f.validar().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(
            campos,
            [
                "nome",
                "cep",
                "cnpj",
                "telefones",
                "email",
                "cor_primaria",
                "cor_secundaria",
                "fuso_horario"
            ]
        );
    }
}
