//! Proposições: the secretaria's registry ([`admin`]).

pub mod admin;
