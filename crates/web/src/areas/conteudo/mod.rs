//! Conteúdo: notícias and páginas institucionais.

pub mod noticias;
pub mod paginas;
