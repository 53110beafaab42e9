//! One form-error type for every admin form, and the field parsers with their Portuguese
//! messages. A refused form comes back with every message at once: each next to its field
//! (`erros.de("campo")`) and all of them in the summary at the top (`kit/_erros.html`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::ValidationError;
use time::Date;
use uuid::Uuid;

use crate::error::WebError;
use crate::kit::formato::{DataBr, ler_data, ler_hora};

/// Validation problems, each next to its field, and one general message.
#[derive(Debug, Default, Clone)]
pub struct Erros {
    campos: Vec<(String, String)>,
    pub geral: Option<String>,
}

impl Erros {
    /// The message of one field, if it has one.
    pub fn de(&self, campo: &str) -> Option<&str> {
        self.campos
            .iter()
            .find(|(c, _)| c == campo)
            .map(|(_, m)| m.as_str())
    }

    pub fn vazio(&self) -> bool {
        self.campos.is_empty() && self.geral.is_none()
    }

    /// The messages of the fields, in the order they were found.
    pub fn todos(&self) -> Vec<&str> {
        self.campos.iter().map(|(_, m)| m.as_str()).collect()
    }

    /// The general message and every field's, in one list.
    pub fn mensagens(&self) -> Vec<&str> {
        self.geral
            .iter()
            .map(String::as_str)
            .chain(self.todos())
            .collect()
    }

    pub fn push(&mut self, v: ValidationError) {
        self.campos.push((v.field.to_owned(), v.message));
    }

    /// Keeps the value, or records the field's problem and gives nothing.
    pub fn campo<T>(&mut self, r: Result<T, ValidationError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    pub fn de_lista(v: Vec<ValidationError>) -> Self {
        let mut e = Self::default();
        for x in v {
            e.push(x);
        }
        e
    }

    pub fn geral(m: impl Into<String>) -> Self {
        Self {
            campos: Vec::new(),
            geral: Some(m.into()),
        }
    }

    /// The store's refusal of the input, or the error itself when it is not about input.
    pub fn do_store(e: store::Error) -> Result<Self, WebError> {
        let mut out = Self::default();
        match e {
            store::Error::Validation(v) => out.push(v),
            store::Error::Conflict(m) | store::Error::NotFound(m) => out.geral = Some(m),
            e => return Err(e.into()),
        }
        Ok(out)
    }
}

/// A page re-rendered because its input was refused: 422 with the page.
pub fn invalido(page: impl IntoResponse) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// After a write: back to a page (303 See Other).
pub fn redirecionar(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// dd/mm/aaaa → Date; an empty field is refused.
pub fn data(campo: &'static str, s: &str) -> Result<Date, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ValidationError::new(campo, "Informe a data (dd/mm/aaaa)."));
    }
    ler_data(s).ok_or_else(|| {
        ValidationError::new(
            campo,
            format!("Data inválida: \"{s}\". Use o formato dd/mm/aaaa."),
        )
    })
}

/// dd/mm/aaaa → Date, or nothing when the field is empty.
pub fn data_opt(campo: &'static str, s: &str) -> Result<Option<Date>, ValidationError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        data(campo, s).map(Some)
    }
}

/// hh:mm → Time; an empty field is refused.
pub fn hora(campo: &'static str, s: &str) -> Result<time::Time, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ValidationError::new(campo, "Informe a hora (hh:mm)."));
    }
    ler_hora(s).ok_or_else(|| {
        ValidationError::new(
            campo,
            format!("Hora inválida: \"{s}\". Use o formato hh:mm, por exemplo 19:30."),
        )
    })
}

/// An integer written the Brazilian way (thousands with a dot), or nothing when empty.
pub fn inteiro_opt(
    campo: &'static str,
    s: &str,
    msg: &str,
) -> Result<Option<i32>, ValidationError> {
    let s = s.trim().replace('.', "");
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i32>()
        .map(Some)
        .map_err(|_| ValidationError::new(campo, msg))
}

/// An id in a path: anything that is not one is a plain 404.
pub fn id_de(s: &str) -> Result<Uuid, WebError> {
    s.parse().map_err(|_| WebError::NotFound)
}

/// A date for a form field: dd/mm/aaaa, or empty.
pub fn br_opt(d: Option<Date>) -> String {
    d.map(|d| d.br()).unwrap_or_default()
}

/// The id chosen in a form's list (a `<select>`), or the field's message.
pub fn escolha(campo: &'static str, s: &str, msg: &str) -> Result<Uuid, ValidationError> {
    s.trim()
        .parse()
        .map_err(|_| ValidationError::new(campo, msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_kept_not_only_the_first() {
        let mut e = Erros::default();
        assert!(e.campo(data("inicio", "31/02/2026")).is_none());
        assert!(
            e.campo(inteiro_opt("numero", "x", "Número inválido."))
                .is_none()
        );
        e.geral = Some("Nada foi salvo.".into());
        assert_eq!(e.todos().len(), 2);
        assert_eq!(e.mensagens().len(), 3);
        assert!(e.de("inicio").is_some_and(|m| m.contains("31/02/2026")));
        assert_eq!(e.de("numero"), Some("Número inválido."));
        assert!(!e.vazio());
    }

    #[test]
    fn parsers_read_brazilian_forms() {
        assert_eq!(data_opt("d", "  ").ok(), Some(None));
        assert!(data("d", "").is_err());
        assert!(hora("h", "19:30").is_ok());
        assert!(hora("h", "25:00").is_err());
        assert_eq!(inteiro_opt("n", "1.234", "x").ok(), Some(Some(1234)));
        assert!(id_de("nao-e-id").is_err());
    }
}
