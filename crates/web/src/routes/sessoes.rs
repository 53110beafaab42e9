//! Sessões plenárias: admin scheduling, public calendar and list, .ics, open data.

use super::Routes;

pub fn routes() -> Routes {
    Routes::new()
}
