//! The receipt of a protocolo, as a PDF: written by `jobs::pdf::comprovante` (the job that
//! e-mails it renders it too); the desk's download renders the same one.

pub use jobs::pdf::comprovante::{Comprovante, pdf};
