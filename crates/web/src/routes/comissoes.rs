//! Comissões: admin and public pages, open data.

use super::Routes;

pub fn routes() -> Routes {
    Routes::new()
}
