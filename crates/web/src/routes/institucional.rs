//! Páginas institucionais: admin editing with attachments, public pages.

use super::Routes;

pub fn routes() -> Routes {
    Routes::new()
}
