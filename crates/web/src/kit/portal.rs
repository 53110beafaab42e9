//! What every public page shares: the câmara's identity in the header and footer, the
//! eMAG shortcuts (Alt+1 conteúdo, Alt+2 menu, Alt+3 busca, Alt+4 rodapé) and the
//! high-contrast mode (its cookie; the link that sets it is `areas::camara::contraste`).

use axum_extra::extract::cookie::CookieJar;
use store::TenantTx;
use store::camara::{self, CamaraConfig, Identidade, RedeSocial};

use crate::error::WebError;

pub const CONTRASTE_COOKIE: &str = "plenario_contraste";

/// The frame of a public page.
pub struct Portal {
    pub camara: CamaraConfig,
    pub redes: Vec<RedeSocial>,
    /// Stands in for the brasão until one is uploaded.
    pub inicial: String,
    pub contraste: bool,
}

impl Portal {
    pub async fn carregar(tx: &mut TenantTx, jar: &CookieJar) -> Result<Self, WebError> {
        let ident = camara::identidade(tx).await?.ok_or(WebError::NotFound)?;
        Ok(Self::de(&ident, jar))
    }

    /// The frame from an identity already read (a page read in one statement).
    pub fn de(ident: &Identidade, jar: &CookieJar) -> Self {
        let (camara, redes) = (ident.config.clone(), ident.redes.clone());
        Self {
            inicial: camara.municipio.chars().take(1).collect(),
            camara,
            redes,
            contraste: jar
                .get(CONTRASTE_COOKIE)
                .is_some_and(|c| c.value() == "alto"),
        }
    }
}
