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

    /// Files at `url`: `file:///caminho` (or a plain path) for a local folder, or
    /// `s3://bucket[/prefixo]` for Amazon S3 or any S3-compatible store, configured by the
    /// standard variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, and
    /// `AWS_ENDPOINT` plus `AWS_ALLOW_HTTP=true` for MinIO, Garage, Ceph…).
    pub fn de_url(url: &str) -> Result<Self> {
        if let Some(resto) = url.strip_prefix("s3://") {
            let (bucket, prefixo) = resto.split_once('/').unwrap_or((resto, ""));
            if bucket.is_empty() {
                return Err(Error::Embedded(format!(
                    "PLENARIO_FILES_URL \"{url}\": falta o nome do bucket (s3://bucket/prefixo)"
                )));
            }
            let b = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
            return Self::s3(b, prefixo);
        }
        let caminho = url.strip_prefix("file://").unwrap_or(url);
        if caminho.is_empty() || url.contains("://") && !url.starts_with("file://") {
            return Err(Error::Embedded(format!(
                "PLENARIO_FILES_URL \"{url}\": use file:///caminho ou s3://bucket/prefixo"
            )));
        }
        Self::local(Path::new(caminho))
    }

    /// Files in an S3 bucket (under `prefixo`, if any), as `builder` configures it.
    pub fn s3(builder: object_store::aws::AmazonS3Builder, prefixo: &str) -> Result<Self> {
        let s3 = builder
            .build()
            .map_err(|e| Error::Embedded(format!("armazenamento S3: {e}")))?;
        let prefixo = prefixo.trim_matches('/');
        let inner: Arc<dyn ObjectStore> = if prefixo.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(s3, prefixo))
        };
        Ok(Self { inner })
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

    /// Writes a file of this câmara at exactly `key` (a restored backup keeps its keys);
    /// a key outside the câmara's prefix is refused.
    pub async fn gravar(&self, tenant_id: i32, key: &str, data: Vec<u8>) -> Result<()> {
        if !key.starts_with(&Self::prefix(tenant_id)) || key.contains("..") {
            return Err(Error::Embedded(format!(
                "chave de arquivo fora da câmara: {key}"
            )));
        }
        self.inner
            .put(&Key::from(key), PutPayload::from(data))
            .await
            .map_err(|e| Error::Embedded(format!("gravação de arquivo: {e}")))?;
        Ok(())
    }
}

/// How long a file kept across a refused form waits for the form to come back.
pub const RETIDO_VALIDADE: time::Duration = time::Duration::hours(24);

impl Arquivos {
    /// Keeps an upload of a form that was refused for another field, under
    /// `camaras/<tenant>/retidos/<pasta>/<uuid>.<ext>`, and returns its token
    /// (`<uuid>.<ext>`), which the form carries in a hidden field. Retained files of this
    /// câmara older than [`RETIDO_VALIDADE`] are removed on the way.
    pub async fn reter(
        &self,
        tenant_id: i32,
        pasta: &str,
        ext: &str,
        data: Vec<u8>,
    ) -> Result<String> {
        self.limpar_retidos(tenant_id).await?;
        let key = self
            .guardar(tenant_id, &format!("retidos/{pasta}"), ext, data)
            .await?;
        Ok(key.rsplit('/').next().unwrap_or_default().to_owned())
    }

    /// The file a form kept with [`Arquivos::reter`], by its token: `None` when the token is
    /// not one (anything but `<uuid>.<ext>`), belongs to another câmara or form, or expired.
    /// The file is taken: a second use of the token finds nothing.
    pub async fn retomar(&self, tenant_id: i32, pasta: &str, token: &str) -> Result<Option<Bytes>> {
        let Some((id, ext)) = token.split_once('.') else {
            return Ok(None);
        };
        if Uuid::parse_str(id).is_err()
            || ext.is_empty()
            || !ext.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Ok(None);
        }
        let key = format!("{}retidos/{pasta}/{id}.{ext}", Self::prefix(tenant_id));
        let Some(bytes) = self.ler(tenant_id, &key).await? else {
            return Ok(None);
        };
        self.remover(&key).await?;
        Ok(Some(bytes))
    }

    async fn remover(&self, key: &str) -> Result<()> {
        match self.inner.delete(&Key::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(Error::Embedded(format!("remoção de arquivo: {e}"))),
        }
    }

    /// Removes this câmara's retained files older than [`RETIDO_VALIDADE`].
    async fn limpar_retidos(&self, tenant_id: i32) -> Result<()> {
        use futures::TryStreamExt;
        let prefixo = Key::from(format!("{}retidos", Self::prefix(tenant_id)));
        let limite = (time::OffsetDateTime::now_utc() - RETIDO_VALIDADE).unix_timestamp();
        let velhos: Vec<Key> = self
            .inner
            .list(Some(&prefixo))
            .try_filter(|m| std::future::ready(m.last_modified.timestamp() < limite))
            .map_ok(|m| m.location)
            .try_collect()
            .await
            .map_err(|e| Error::Embedded(format!("listagem de arquivos: {e}")))?;
        for k in velhos {
            self.remover(k.as_ref()).await?;
        }
        Ok(())
    }
}

/// Largest brasão upload.
pub const BRASAO_MAX_BYTES: usize = 2 * 1024 * 1024;
/// The brasão is stored at most this wide or tall.
pub const BRASAO_MAX_LADO: u32 = 512;

/// How an uploaded image is checked and re-encoded.
#[derive(Debug, Clone, Copy)]
pub struct Imagem {
    /// The form field the messages point at.
    pub campo: &'static str,
    /// What the image is, for messages ("do brasão", "da foto", "da capa").
    pub nome: &'static str,
    pub max_bytes: usize,
    /// Stored at most this wide or tall (aspect kept).
    pub max_lado: u32,
    /// PNG keeps transparency (brasões, logos); JPEG is smaller for photos.
    pub saida: Saida,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saida {
    Png,
    /// JPEG at quality 82.
    Jpeg,
}

impl Saida {
    pub fn ext(self) -> &'static str {
        match self {
            Saida::Png => "png",
            Saida::Jpeg => "jpg",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Saida::Png => "image/png",
            Saida::Jpeg => "image/jpeg",
        }
    }
}

pub const BRASAO: Imagem = Imagem {
    campo: "brasao",
    nome: "do brasão",
    max_bytes: BRASAO_MAX_BYTES,
    max_lado: BRASAO_MAX_LADO,
    saida: Saida::Png,
};

/// Largest side of an uploaded image, in pixels.
pub const MAX_LADO: u32 = 8000;
/// Largest uploaded image, in pixels (a 24-megapixel camera photo fits; 7,990 × 7,990 does
/// not).
pub const MAX_PIXELS: u64 = 25_000_000;
/// Memory the decoder may take for one image: 25 megapixels at 4 bytes, with room.
const MAX_DECODIFICACAO: u64 = 128 * 1024 * 1024;

/// Checks that an upload really is a PNG, JPEG or WebP image (by its content, not its
/// name), and re-encodes it at most `spec.max_lado` wide or tall, dropping anything else
/// the file carried (metadata, GPS position, scripts).
pub fn processar_imagem(
    data: &[u8],
    spec: &Imagem,
) -> std::result::Result<Vec<u8>, ValidationError> {
    let err = |m: String| ValidationError::new(spec.campo, m);
    if data.len() > spec.max_bytes {
        return Err(err(format!(
            "O arquivo {} deve ter no máximo {} MB.",
            spec.nome,
            spec.max_bytes / (1024 * 1024)
        )));
    }
    let invalido = || err("O arquivo enviado não é uma imagem PNG, JPEG ou WebP.".into());
    let format = image::guess_format(data).map_err(|_| invalido())?;
    if !matches!(
        format,
        image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::WebP
    ) {
        return Err(invalido());
    }
    let ilegivel = || err("Não foi possível ler a imagem enviada.".into());
    let grande = || {
        err(format!(
            "A imagem {} é grande demais (no máximo {MAX_LADO} pixels de lado e {} megapixels).",
            spec.nome,
            MAX_PIXELS / 1_000_000
        ))
    };
    // The size is read from the header alone; the pixels are decoded only when it fits,
    // and the decoder itself is held to the same bound (a header can lie).
    let reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let (w, h) = reader.into_dimensions().map_err(|_| ilegivel())?;
    if w > MAX_LADO || h > MAX_LADO || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(grande());
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut limites = image::Limits::default();
    limites.max_image_width = Some(MAX_LADO);
    limites.max_image_height = Some(MAX_LADO);
    limites.max_alloc = Some(MAX_DECODIFICACAO);
    reader.limits(limites);
    let img = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => grande(),
        _ => ilegivel(),
    })?;
    let img = if w > spec.max_lado || h > spec.max_lado {
        img.thumbnail(spec.max_lado, spec.max_lado)
    } else {
        img
    };
    let mut out = Vec::new();
    let convertida = match spec.saida {
        Saida::Png => img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png),
        Saida::Jpeg => {
            let rgb = image::DynamicImage::ImageRgb8(img.to_rgb8());
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
            rgb.write_with_encoder(enc)
        }
    };
    convertida.map_err(|_| err("Não foi possível converter a imagem.".into()))?;
    Ok(out)
}

/// The brasão: PNG, at most 512 × 512.
pub fn processar_brasao(data: &[u8]) -> std::result::Result<Vec<u8>, ValidationError> {
    processar_imagem(data, &BRASAO)
}
