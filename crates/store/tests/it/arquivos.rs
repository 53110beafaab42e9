//! File storage through object_store: the local folder (default) and an S3-compatible
//! store, here a real S3 server (s3s-fs) on a local port, with signed requests.

use hyper_util::rt::{TokioExecutor, TokioIo};
use object_store::aws::AmazonS3Builder;
use store::infra::arquivos::Arquivos;

/// An S3 server over a temporary folder, with one bucket; answers its endpoint.
pub(crate) async fn servidor_s3(bucket: &str) -> (String, std::path::PathBuf) {
    let raiz = std::env::temp_dir().join(testkit::unique(&format!("s3-{}", std::process::id())));
    std::fs::create_dir_all(raiz.join(bucket)).unwrap();
    let fs = s3s_fs::FileSystem::new(&raiz).unwrap();
    let mut b = s3s::service::S3ServiceBuilder::new(fs);
    b.set_auth(s3s::auth::SimpleAuth::from_single(
        "chave",
        "segredo-de-teste",
    ));
    let service = b.build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let http = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let conn = http
                .serve_connection(TokioIo::new(socket), service.clone())
                .into_owned();
            tokio::spawn(async move {
                let _ = conn.await;
            });
        }
    });
    (endpoint, raiz)
}

#[tokio::test]
async fn files_go_to_an_s3_compatible_store_under_the_camaras_prefix() {
    let (endpoint, raiz) = servidor_s3("plenario").await;
    let builder = AmazonS3Builder::new()
        .with_bucket_name("plenario")
        .with_region("us-east-1")
        .with_endpoint(&endpoint)
        .with_allow_http(true)
        .with_access_key_id("chave")
        .with_secret_access_key("segredo-de-teste");
    let a = Arquivos::s3(builder, "producao").unwrap();
    let key = a
        .guardar(7, "brasao", "png", b"imagem de teste".to_vec())
        .await
        .unwrap();
    assert!(key.starts_with("camaras/7/brasao/"), "{key}");
    // It really is in the bucket, under the prefix.
    let no_disco = raiz.join("plenario").join("producao").join(&key);
    assert_eq!(std::fs::read(&no_disco).unwrap(), b"imagem de teste");
    assert_eq!(
        a.ler(7, &key).await.unwrap().unwrap().as_ref(),
        b"imagem de teste"
    );
    // Another câmara's key is never read, and a missing file is None.
    assert!(a.ler(8, &key).await.unwrap().is_none());
    assert!(
        a.ler(7, "camaras/7/brasao/nada.png")
            .await
            .unwrap()
            .is_none()
    );

    // Wrong credentials: an error, not an empty answer.
    let errado = Arquivos::s3(
        AmazonS3Builder::new()
            .with_bucket_name("plenario")
            .with_region("us-east-1")
            .with_endpoint(&endpoint)
            .with_allow_http(true)
            .with_access_key_id("chave")
            .with_secret_access_key("outra"),
        "",
    )
    .unwrap();
    assert!(errado.ler(7, &key).await.is_err());
    let _ = std::fs::remove_dir_all(raiz);
}

#[test]
fn the_files_url_is_checked() {
    let dir = std::env::temp_dir().join(testkit::unique("arquivos-url"));
    assert!(Arquivos::de_url(&format!("file://{}", dir.display())).is_ok());
    assert!(dir.exists());
    for ruim in ["s3://", "ftp://servidor/pasta", ""] {
        let e = Arquivos::de_url(ruim).err().unwrap().to_string();
        assert!(e.contains("PLENARIO_FILES_URL"), "{ruim}: {e}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A PNG whose header claims `w` × `h` pixels, carrying the pixels of a 1 × 1 image: what an
/// attacker sends to make a server allocate for pixels that never arrive.
fn png_com_cabecalho(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(1, 1))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4), …, CRC after 13.
    out[16..20].copy_from_slice(&w.to_be_bytes());
    out[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&out[12..29]);
    out[29..33].copy_from_slice(&crc.to_be_bytes());
    out
}

#[test]
fn images_too_many_pixels_are_refused_before_decoding() {
    let spec = store::composicao::FOTO;
    // Under the side limit, but 64 megapixels: refused from the header alone.
    let e = store::infra::arquivos::processar_imagem(&png_com_cabecalho(7990, 7990), &spec)
        .unwrap_err();
    assert!(e.message.contains("grande demais"), "{}", e.message);
    let e =
        store::infra::arquivos::processar_imagem(&png_com_cabecalho(8001, 10), &spec).unwrap_err();
    assert!(e.message.contains("grande demais"), "{}", e.message);
    // A header within bounds whose pixels are missing is unreadable, not "too large".
    let e = store::infra::arquivos::processar_imagem(&png_com_cabecalho(1000, 1000), &spec)
        .unwrap_err();
    assert!(e.message.contains("Não foi possível ler"), "{}", e.message);
}
