//! Notícias: admin editing, public pages, RSS/Atom feeds, open data.

use super::Routes;

pub fn routes() -> Routes {
    Routes::new()
}
