//! A `multipart/form-data` form read whole ([`Multiparte`]): its text fields, held to the
//! rule of every text input, and its files; and a file kept across a refused form
//! ([`Retido`]), so the user does not choose it again because another field was wrong.

use axum::extract::Multipart;
use domain::ValidationError;
use serde::de::DeserializeOwned;
use store::infra::arquivos::Arquivos;

use crate::error::WebError;
use crate::http::corpo::{erro_multipart, texto_do_campo};

/// One uploaded file.
pub struct Arquivo {
    pub campo: String,
    /// The name the browser gave (or empty).
    pub nome: String,
    pub bytes: Vec<u8>,
}

/// The fields of a multipart form, in order (repeated names kept), and its files (an empty
/// file input is not a file).
#[derive(Default)]
pub struct Multiparte {
    pub campos: Vec<(String, String)>,
    pub arquivos: Vec<Arquivo>,
}

impl Multiparte {
    /// Reads the form; `arquivos` names its file fields. A body too large is refused on the
    /// first file field with `grande` (which names the form's limit); a text field that is
    /// not valid text, on the field `dados`.
    pub async fn ler(
        mp: &mut Multipart,
        arquivos: &[&'static str],
        grande: &str,
    ) -> Result<Self, ValidationError> {
        let campo_erro = arquivos.first().copied().unwrap_or("dados");
        let erro = |e: axum::extract::multipart::MultipartError| {
            ValidationError::new(campo_erro, erro_multipart(&e, grande))
        };
        let mut out = Self::default();
        while let Some(field) = mp.next_field().await.map_err(erro)? {
            let campo = field.name().unwrap_or_default().to_owned();
            let nome = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(erro)?;
            if arquivos.contains(&campo.as_str()) {
                if !bytes.is_empty() {
                    out.arquivos.push(Arquivo {
                        campo,
                        nome,
                        bytes: bytes.to_vec(),
                    });
                }
            } else if campo != "_csrf" {
                let v = texto_do_campo(&bytes).map_err(|m| ValidationError::new("dados", m))?;
                out.campos.push((campo, v));
            }
        }
        Ok(out)
    }

    /// The first value of a text field, or "".
    pub fn campo(&self, nome: &str) -> &str {
        self.campos
            .iter()
            .find(|(n, _)| n == nome)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Takes the first file of a field.
    pub fn arquivo(&mut self, campo: &str) -> Option<Arquivo> {
        let i = self.arquivos.iter().position(|a| a.campo == campo)?;
        Some(self.arquivos.remove(i))
    }

    /// The text fields as a form struct, as `Form<T>` would read them from a urlencoded body.
    pub fn formulario<T: DeserializeOwned>(&self) -> Result<T, WebError> {
        let corpo = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.campos.iter())
            .finish();
        serde_urlencoded::from_str(&corpo).map_err(|e| {
            tracing::info!(error = %e, "multipart form fields do not fit the form");
            WebError::FormularioInvalido(
                "O formulário chegou com campos inesperados. Envie de novo pela página do formulário."
                    .into(),
            )
        })
    }
}

/// A file that passed its checks in a form refused for another field: kept in the câmara's
/// storage for a day ([`store::infra::arquivos::RETIDO_VALIDADE`]), named in the page by a
/// hidden field `<campo>_retido`, and used when the form comes back without a new file.
pub struct Retido {
    pub campo: &'static str,
    pub token: String,
    /// What the page says of it ("O brasão escolhido (brasao.png) foi guardado…").
    pub aviso: String,
}

impl Retido {
    /// Keeps `dados` (already checked and converted) for the form's field `campo`.
    pub async fn guardar(
        arquivos: &Arquivos,
        tenant_id: i32,
        campo: &'static str,
        ext: &str,
        dados: Vec<u8>,
        aviso: String,
    ) -> Result<Self, WebError> {
        let token = arquivos.reter(tenant_id, campo, ext, dados).await?;
        Ok(Self {
            campo,
            token,
            aviso,
        })
    }

    /// The file the form names in `<campo>_retido`, taken from storage; `None` when the field
    /// is empty or names nothing of this câmara's form (another câmara's token, an expired
    /// or forged one).
    pub async fn retomar(
        arquivos: &Arquivos,
        tenant_id: i32,
        campo: &'static str,
        form: &Multiparte,
    ) -> Result<Option<Vec<u8>>, WebError> {
        let token = form.campo(&format!("{campo}_retido")).trim().to_owned();
        if token.is_empty() {
            return Ok(None);
        }
        Ok(arquivos
            .retomar(tenant_id, campo, &token)
            .await?
            .map(|b| b.to_vec()))
    }
}
