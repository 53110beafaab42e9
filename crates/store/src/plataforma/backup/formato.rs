//! The archive: one `tar` compressed with gzip, self-describing and checksummed.
//!
//! ```text
//! manifesto.json            what follows: format, schema versions, the secrets' choice,
//!                           every part with its SHA-256 (and its rows, for tables)
//! catalogo.json             the câmara's catalog entry and domains (control plane)
//! tabelas/<tabela>.json     every row of each `app` table, as JSON objects by column name
//! arquivos/<chave>          the uploaded files, by their storage key
//! ```

use std::collections::BTreeMap;
use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// `formato` of every archive.
pub const FORMATO: &str = "plenario-backup";
/// The layout version this binary writes and reads.
pub const VERSAO_FORMATO: i32 = 1;

/// What the archive holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifesto {
    pub formato: String,
    pub versao_formato: i32,
    pub slug: String,
    pub nome_oficial: String,
    /// The câmara's catalog id where the backup was made (rows and file keys carry it).
    pub tenant_id: i32,
    pub placement: String,
    /// When the snapshot was taken (RFC 3339): the archive holds the câmara as of then.
    pub instantaneo: String,
    /// The `app` schema version (the last migration applied) of the rows.
    pub esquema_app: i32,
    /// The control schema version of the catalog part.
    pub esquema_control: i32,
    /// `omitidos`: credentials (password hashes, TOTP secrets, recovery codes, reset
    /// tokens, sessions) are not in the archive; restored users must get a new password.
    pub segredos: String,
    pub partes: Vec<Parte>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Parte {
    pub caminho: String,
    pub bytes: u64,
    pub sha256: String,
    /// Rows, for a table part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linhas: Option<i64>,
    /// Columns, for a table part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colunas: Option<Vec<String>>,
}

impl Manifesto {
    /// The table parts: (table, part).
    pub fn tabelas(&self) -> impl Iterator<Item = (&str, &Parte)> {
        self.partes.iter().filter_map(|p| {
            Some((
                p.caminho.strip_prefix("tabelas/")?.strip_suffix(".json")?,
                p,
            ))
        })
    }

    /// The file parts: (storage key, part).
    pub fn arquivos(&self) -> impl Iterator<Item = (&str, &Parte)> {
        self.partes
            .iter()
            .filter_map(|p| Some((p.caminho.strip_prefix("arquivos/")?, p)))
    }
}

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Builds the archive from its parts (path → bytes); the manifest's `partes` is filled
/// here. Returns the archive's bytes.
pub fn escrever(manifesto: &mut Manifesto, partes: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>> {
    for p in &mut manifesto.partes {
        let data = partes
            .get(&p.caminho)
            .ok_or_else(|| Error::Migration(format!("parte sem conteúdo: {}", p.caminho)))?;
        p.bytes = data.len() as u64;
        p.sha256 = sha256_hex(data);
    }
    let json = serde_json::to_vec_pretty(manifesto)
        .map_err(|e| Error::Migration(format!("manifesto: {e}")))?;
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    let mtime = time::OffsetDateTime::now_utc().unix_timestamp().max(0) as u64;
    let mut put = |path: &str, data: &[u8]| -> std::io::Result<()> {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o600);
        h.set_mtime(mtime);
        h.set_cksum();
        tar.append_data(&mut h, path, data)
    };
    put("manifesto.json", &json)?;
    for p in &manifesto.partes {
        put(&p.caminho, &partes[&p.caminho])?;
    }
    let gz = tar.into_inner()?;
    Ok(gz.finish()?)
}

/// An archive read back and verified: every part present once, with its checksum.
pub struct Lido {
    pub manifesto: Manifesto,
    pub partes: BTreeMap<String, Vec<u8>>,
}

/// Reads and verifies an archive. A damaged, truncated or altered archive is refused
/// before anything is restored.
pub fn ler(bytes: &[u8]) -> Result<Lido> {
    let invalido = |m: String| Error::Conflict(format!("Arquivo de backup inválido: {m}"));
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(bytes));
    let mut todas: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for entry in tar.entries().map_err(|e| invalido(e.to_string()))? {
        let mut entry = entry.map_err(|e| invalido(e.to_string()))?;
        let path = entry
            .path()
            .map_err(|e| invalido(e.to_string()))?
            .to_string_lossy()
            .into_owned();
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| invalido(e.to_string()))?;
        if todas.insert(path.clone(), data).is_some() {
            return Err(invalido(format!("parte repetida: {path}")));
        }
    }
    let json = todas
        .remove("manifesto.json")
        .ok_or_else(|| invalido("falta manifesto.json".into()))?;
    let manifesto: Manifesto =
        serde_json::from_slice(&json).map_err(|e| invalido(format!("manifesto: {e}")))?;
    if manifesto.formato != FORMATO {
        return Err(invalido(format!("formato \"{}\"", manifesto.formato)));
    }
    if manifesto.versao_formato > VERSAO_FORMATO {
        return Err(Error::Conflict(format!(
            "O backup usa o formato {} e este programa lê até o {VERSAO_FORMATO}: atualize o Plenário.",
            manifesto.versao_formato
        )));
    }
    for p in &manifesto.partes {
        let data = todas
            .get(&p.caminho)
            .ok_or_else(|| invalido(format!("falta a parte {}", p.caminho)))?;
        if data.len() as u64 != p.bytes || sha256_hex(data) != p.sha256 {
            return Err(invalido(format!(
                "a soma SHA-256 de {} não confere (arquivo corrompido ou alterado)",
                p.caminho
            )));
        }
    }
    if todas.len() != manifesto.partes.len() {
        return Err(invalido("partes fora do manifesto".into()));
    }
    Ok(Lido {
        manifesto,
        partes: todas,
    })
}
