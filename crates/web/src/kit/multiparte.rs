//! A `multipart/form-data` form read whole ([`Multiparte`]): its text fields, held to the
//! rule of every text input, and its files; and a file kept across a refused form
//! ([`Retido`]), so the user does not choose it again because another field was wrong.

use axum::extract::Multipart;
use domain::ValidationError;
use serde::de::DeserializeOwned;
use store::infra::arquivos::Arquivos;

use crate::error::WebError;
use crate::http::corpo::{erro_multipart, texto_do_campo};
use crate::kit::formulario::Erros;

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
        let mut problemas = Vec::new();
        let out = Self::ler_todos(mp, arquivos, grande, &mut problemas).await;
        match problemas.into_iter().next() {
            Some(v) => Err(v),
            None => Ok(out),
        }
    }

    /// Reads the form as [`Self::ler`] does, but each problem goes to `erros` and what was
    /// read is kept, so the page shows the fields again. A text field that is not valid
    /// text is left out; a broken or too large body ends the reading.
    pub async fn ler_em(
        mp: &mut Multipart,
        arquivos: &[&'static str],
        grande: &str,
        erros: &mut Erros,
    ) -> Self {
        let mut problemas = Vec::new();
        let out = Self::ler_todos(mp, arquivos, grande, &mut problemas).await;
        problemas.into_iter().for_each(|v| erros.push(v));
        out
    }

    async fn ler_todos(
        mp: &mut Multipart,
        arquivos: &[&'static str],
        grande: &str,
        erros: &mut Vec<ValidationError>,
    ) -> Self {
        let campo_erro = arquivos.first().copied().unwrap_or("dados");
        let mut out = Self::default();
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    erros.push(ValidationError::new(campo_erro, erro_multipart(&e, grande)));
                    break;
                }
            };
            let campo = field.name().unwrap_or_default().to_owned();
            let nome = field.file_name().unwrap_or_default().to_owned();
            let bytes = match field.bytes().await {
                Ok(b) => b,
                Err(e) => {
                    erros.push(ValidationError::new(campo_erro, erro_multipart(&e, grande)));
                    break;
                }
            };
            if arquivos.contains(&campo.as_str()) {
                if !bytes.is_empty() {
                    out.arquivos.push(Arquivo {
                        campo,
                        nome,
                        bytes: bytes.to_vec(),
                    });
                }
            } else if campo != "_csrf" {
                match texto_do_campo(&bytes) {
                    Ok(v) => out.campos.push((campo, v)),
                    Err(m) => erros.push(ValidationError::new("dados", m)),
                }
            }
        }
        out
    }

    /// Every value of a repeated text field.
    pub fn todos(&self, nome: &str) -> Vec<&str> {
        self.campos
            .iter()
            .filter(|(n, _)| n == nome)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Takes every file of a field, in the order sent.
    pub fn arquivos_de(&mut self, campo: &str) -> Vec<Arquivo> {
        let (deste, outros) = std::mem::take(&mut self.arquivos)
            .into_iter()
            .partition(|a| a.campo == campo);
        self.arquivos = outros;
        deste
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
/// storage for a day ([`store::infra::arquivos::RETIDO_VALIDADE`]), named in the page by the
/// hidden fields `<campo>_retido` (the token) and `<campo>_retido_nome` (the name the
/// browser gave), and used when the form comes back without a new file.
pub struct Retido {
    pub campo: &'static str,
    pub token: String,
    pub nome: String,
    /// What the page says of it ("O arquivo escolhido (brasao.png) foi guardado…").
    pub aviso: String,
}

impl Retido {
    /// Keeps `dados` (already checked, and converted where the form converts) for the
    /// form's field `campo`; `nome` is the name the browser gave the file.
    pub async fn guardar(
        arquivos: &Arquivos,
        tenant_id: i32,
        campo: &'static str,
        ext: &str,
        dados: Vec<u8>,
        nome: &str,
    ) -> Result<Self, WebError> {
        let token = arquivos.reter(tenant_id, campo, ext, dados).await?;
        let qual = if nome.is_empty() {
            String::new()
        } else {
            format!(" ({nome})")
        };
        Ok(Self {
            campo,
            token,
            nome: nome.to_owned(),
            aviso: format!(
                "O arquivo escolhido{qual} foi guardado e será usado ao salvar; \
                 escolha outro arquivo só se quiser trocá-lo."
            ),
        })
    }

    /// The file the form names in `<campo>_retido`, taken from storage (with the name the
    /// form gives it, to be checked again as any name sent); `None` when the field is empty
    /// or names nothing of this câmara's form (another câmara's token, an expired or forged
    /// one).
    pub async fn retomar(
        arquivos: &Arquivos,
        tenant_id: i32,
        campo: &'static str,
        form: &Multiparte,
    ) -> Result<Option<Arquivo>, WebError> {
        let token = form.campo(&format!("{campo}_retido")).trim().to_owned();
        if token.is_empty() {
            return Ok(None);
        }
        Ok(arquivos
            .retomar(tenant_id, campo, &token)
            .await?
            .map(|b| Arquivo {
                campo: campo.to_owned(),
                nome: form.campo(&format!("{campo}_retido_nome")).to_owned(),
                bytes: b.to_vec(),
            }))
    }
}
