//! What pages share: the public frame ([`portal`]), the admin frame ([`shell`]), one
//! confirmation page ([`confirmacao`]), one form-error type with the field parsers
//! ([`formulario`]), the multipart reader with files kept across a refused form
//! ([`multiparte`]), the attachment form of páginas and proposições ([`anexo`]) and Brazilian formatting ([`formato`]).

pub mod anexo;
pub mod confirmacao;
pub mod formato;
pub mod formulario;
pub mod multiparte;
pub mod portal;
pub mod shell;
pub mod xml;
