//! Admin of the composition: legislaturas, sessões legislativas, partidos, parlamentares (photo), mandatos, filiações.

use super::Routes;

pub fn routes() -> Routes {
    Routes::new()
}
