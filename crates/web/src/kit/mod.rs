//! What pages share: the public frame ([`portal`]), the admin frame ([`shell`]), one
//! confirmation page ([`confirmacao`]), one form-error type with the field parsers
//! ([`formulario`]), the multipart reader with files kept across a refused form
//! ([`multiparte`]) and Brazilian formatting ([`formato`]).

pub mod confirmacao;
pub mod formato;
pub mod formulario;
pub mod multiparte;
pub mod portal;
pub mod shell;
pub mod xml;
