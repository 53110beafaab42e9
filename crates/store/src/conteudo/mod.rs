//! Conteúdo: notícias and páginas institucionais.

pub mod noticias;
pub mod paginas;

use domain::ValidationError;

/// The title and the address (slug) of a notícia or a page: the title 3 to 200 characters,
/// the slug made from the title when left empty, at most `max_slug` characters. Each
/// problem goes to `erros`, on its field.
pub(crate) fn titulo_e_slug(
    titulo: &str,
    slug: &str,
    max_slug: usize,
    erros: &mut Vec<ValidationError>,
) -> (String, String) {
    let titulo = titulo.trim().to_owned();
    let n = titulo.chars().count();
    if n < 3 {
        erros.push(ValidationError::new(
            "titulo",
            "Informe o título (ao menos 3 caracteres).",
        ));
    } else if n > 200 {
        erros.push(ValidationError::new(
            "titulo",
            "O título deve ter no máximo 200 caracteres.",
        ));
    }
    let base = if slug.trim().is_empty() {
        &titulo
    } else {
        slug
    };
    let slug: String = domain::slugify(base).chars().take(max_slug).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() && n >= 3 {
        erros.push(ValidationError::new(
            "slug",
            "O endereço (slug) precisa de letras ou números.",
        ));
    }
    (titulo, slug)
}
