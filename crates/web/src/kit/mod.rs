//! What pages share: the public frame ([`portal`]), the admin frame ([`shell`]), one
//! confirmation page ([`confirmacao`]), one form-error type with the field parsers
//! ([`formulario`]) and Brazilian formatting ([`formato`]).

pub mod confirmacao;
pub mod formato;
pub mod formulario;
pub mod portal;
pub mod shell;
pub mod xml;
