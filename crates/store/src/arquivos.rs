//! Uploaded files, through `object_store` (a local folder here; an S3-compatible store
//! plugs in the same way). Every key starts with `camaras/<tenant id>/`, and reads check
//! that prefix, so a câmara can only ever be served its own files.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use domain::ValidationError;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use uuid::Uuid;

use crate::{Error, Result};

#[derive(Clone)]
pub struct Arquivos {
    inner: Arc<dyn ObjectStore>,
}

impl Arquivos {
    /// Files under a local folder (created if missing).
    pub fn local(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let fs = LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| Error::Embedded(format!("pasta de arquivos {}: {e}", dir.display())))?;
        Ok(Self {
            inner: Arc::new(fs),
        })
    }

    fn prefix(tenant_id: i32) -> String {
        format!("camaras/{tenant_id}/")
    }

    /// Stores `data` as `camaras/<tenant>/<pasta>/<uuid>.<ext>`; returns the key.
    pub async fn guardar(
        &self,
        tenant_id: i32,
        pasta: &str,
        ext: &str,
        data: Vec<u8>,
    ) -> Result<String> {
        let key = format!(
            "{}{pasta}/{}.{ext}",
            Self::prefix(tenant_id),
            Uuid::now_v7()
        );
        self.inner
            .put(&Key::from(key.as_str()), PutPayload::from(data))
            .await
            .map_err(|e| Error::Embedded(format!("gravação de arquivo: {e}")))?;
        Ok(key)
    }

    /// Reads a file of this câmara; a key of another câmara is refused.
    pub async fn ler(&self, tenant_id: i32, key: &str) -> Result<Option<Bytes>> {
        if !key.starts_with(&Self::prefix(tenant_id)) || key.contains("..") {
            return Ok(None);
        }
        match self.inner.get(&Key::from(key)).await {
            Ok(r) => {
                Ok(Some(r.bytes().await.map_err(|e| {
                    Error::Embedded(format!("leitura de arquivo: {e}"))
                })?))
            }
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(Error::Embedded(format!("leitura de arquivo: {e}"))),
        }
    }
}

/// Largest brasão upload.
pub const BRASAO_MAX_BYTES: usize = 2 * 1024 * 1024;
/// The brasão is stored at most this wide or tall.
pub const BRASAO_MAX_LADO: u32 = 512;

/// Checks that an upload really is a PNG, JPEG or WebP image (by its content, not its
/// name), and re-encodes it as a PNG of at most 512 × 512 (dropping anything else the
/// file carried).
pub fn processar_brasao(data: &[u8]) -> std::result::Result<Vec<u8>, ValidationError> {
    let err = |m: &str| ValidationError::new("brasao", m);
    if data.len() > BRASAO_MAX_BYTES {
        return Err(err("O arquivo do brasão deve ter no máximo 2 MB."));
    }
    let format = image::guess_format(data)
        .map_err(|_| err("O arquivo enviado não é uma imagem PNG, JPEG ou WebP."))?;
    if !matches!(
        format,
        image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::WebP
    ) {
        return Err(err("O arquivo enviado não é uma imagem PNG, JPEG ou WebP."));
    }
    let reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let (w, h) = reader
        .into_dimensions()
        .map_err(|_| err("Não foi possível ler a imagem enviada."))?;
    if w > 8000 || h > 8000 {
        return Err(err(
            "A imagem do brasão é grande demais (máximo de 8000 × 8000 pixels).",
        ));
    }
    let img = image::load_from_memory_with_format(data, format)
        .map_err(|_| err("Não foi possível ler a imagem enviada."))?;
    let img = if w > BRASAO_MAX_LADO || h > BRASAO_MAX_LADO {
        img.thumbnail(BRASAO_MAX_LADO, BRASAO_MAX_LADO)
    } else {
        img
    };
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|_| err("Não foi possível converter a imagem."))?;
    Ok(out)
}
