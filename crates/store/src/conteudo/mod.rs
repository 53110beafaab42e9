//! Conteúdo: notícias and páginas institucionais.

pub mod noticias;
pub mod pagina_publica;
pub mod paginas;
