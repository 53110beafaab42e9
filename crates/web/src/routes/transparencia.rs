//! Transparência and privacidade pages.

use super::Routes;

pub fn routes() -> Routes {
    Routes::new()
}
