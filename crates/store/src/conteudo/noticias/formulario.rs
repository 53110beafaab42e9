//! The notícia form: what an editor fills in and its validation.

use serde::Serialize;
use time::PrimitiveDateTime;

use super::CATEGORIAS;

/// When the notícia goes public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publicacao {
    Rascunho,
    Agora,
    /// At this local date and time, in the câmara's time zone.
    Agendada(PrimitiveDateTime),
}

/// What an editor fills in, validated by [`NoticiaForm::validar`].
#[derive(Debug, Clone)]
pub struct NoticiaForm {
    pub titulo: String,
    /// Empty: made from the title.
    pub slug: String,
    pub resumo: String,
    pub corpo: String,
    pub categoria: String,
    /// Comma-separated.
    pub tags: String,
    pub capa_alt: String,
    pub publicacao: Publicacao,
}

/// A validated form.
#[derive(Debug, Clone, Serialize)]
pub struct NoticiaValida {
    pub titulo: String,
    pub slug: String,
    pub resumo: String,
    pub corpo: String,
    pub categoria: String,
    pub tags: Vec<String>,
    pub capa_alt: String,
    #[serde(skip)]
    pub publicacao: Publicacao,
}

impl NoticiaForm {
    /// Every problem at once, each naming its field, in Portuguese. `tem_capa`: whether the
    /// notícia will have a cover image (its alt text is then required).
    pub fn validar(
        &self,
        tem_capa: bool,
    ) -> std::result::Result<NoticiaValida, Vec<domain::ValidationError>> {
        use domain::ValidationError as V;
        let mut erros = Vec::new();
        let (titulo, slug) =
            crate::conteudo::titulo_e_slug(&self.titulo, &self.slug, 120, &mut erros);
        let resumo = self.resumo.trim().to_owned();
        if resumo.chars().count() > 500 {
            erros.push(V::new(
                "resumo",
                "O resumo deve ter no máximo 500 caracteres.",
            ));
        }
        if self.corpo.len() > 200_000 {
            erros.push(V::new("corpo", "O texto é longo demais."));
        }
        let categoria = self.categoria.trim().to_owned();
        if !CATEGORIAS.iter().any(|(s, _)| *s == categoria) {
            erros.push(V::new("categoria", "Escolha uma categoria da lista."));
        }
        let mut tags: Vec<String> = Vec::new();
        for t in self
            .tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let t: String = t.chars().take(40).collect();
            if !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                tags.push(t);
            }
        }
        if tags.len() > 10 {
            erros.push(V::new("tags", "Use no máximo 10 etiquetas."));
        }
        let capa_alt = self.capa_alt.trim().to_owned();
        if tem_capa && capa_alt.chars().count() < 3 {
            erros.push(V::new(
                "capa_alt",
                "Descreva a imagem de capa (texto alternativo, para quem não a vê).",
            ));
        } else if capa_alt.chars().count() > 300 {
            erros.push(V::new(
                "capa_alt",
                "O texto alternativo deve ter no máximo 300 caracteres.",
            ));
        }
        if !erros.is_empty() {
            return Err(erros);
        }
        Ok(NoticiaValida {
            titulo,
            slug,
            resumo,
            corpo: self.corpo.replace("\r\n", "\n"),
            categoria,
            tags,
            capa_alt,
            publicacao: self.publicacao,
        })
    }
}
