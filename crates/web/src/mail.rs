//! Outgoing e-mail: the mailer lives in `jobs::mail` (the queue's e-mail handler sends with
//! it too); this module keeps web's path to it.

pub use jobs::mail::*;
