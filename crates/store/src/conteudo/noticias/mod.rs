//! Notícias: drafts, scheduled and published, with cover images.
//!
//! A notícia is visible to the public when `status = 'publicada' AND publicar_em <= now()`:
//! a scheduled one appears when its time comes, with no job. Every public query goes
//! through [`VISIVEL`]. Search is PostgreSQL full text in Portuguese, accents ignored
//! (configuration `app.portugues`, see the migration).

mod admin;
mod formulario;
mod publico;

pub use admin::*;
pub use formulario::*;
pub use publico::*;

use crate::infra::arquivos::{Imagem, Saida};

/// The categories, a fixed list: the same for every câmara, so filters, open data and
/// the demo agree, and no per-câmara table needs managing. (slug, label)
pub const CATEGORIAS: &[(&str, &str)] = &[
    ("institucional", "Institucional"),
    ("legislativo", "Legislativo"),
    ("sessoes", "Sessões"),
    ("comissoes", "Comissões"),
    ("eventos", "Eventos"),
    ("comunicados", "Comunicados"),
    ("transparencia", "Transparência"),
];

/// The label of a category slug.
pub fn categoria_nome(slug: &str) -> &'static str {
    CATEGORIAS
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, n)| *n)
        .unwrap_or("Geral")
}

/// The cover image: JPEG, at most 1600 px, uploads up to 5 MB.
pub const CAPA: Imagem = Imagem {
    campo: "capa",
    nome: "da capa",
    max_bytes: 5 * 1024 * 1024,
    max_lado: 1600,
    saida: Saida::Jpeg,
};

/// The condition for a notícia the public may see (alias `n`).
pub(crate) const VISIVEL: &str = "n.status = 'publicada' AND n.publicar_em <= now()";

/// The search document: the stored column `busca` (migration 0023: título, resumo and corpo
/// in Portuguese, accents and plurals aside, GIN-indexed with the tenant first).
pub(super) const DOCUMENTO: &str = "n.busca";

/// The text query `$2` in the same Portuguese as the document.
pub(super) const CONSULTA: &str = crate::busca::consulta!("$2");

/// The tables of a notícia's admin and public rows (alias `n`, `c` the câmara's settings,
/// `u` the author).
pub(super) const FROM: &str = "app.noticia n
    JOIN app.camara_config c ON c.tenant_id = n.tenant_id
    LEFT JOIN app.usuario u ON u.tenant_id = n.tenant_id AND u.id = n.autor_id";
