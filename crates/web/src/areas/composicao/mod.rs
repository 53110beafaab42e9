//! The câmara's composition: legislaturas, partidos, parlamentares, mandatos, filiações.

pub mod admin;
pub mod publico;
