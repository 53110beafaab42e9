//! The archive's secrets, encrypted with the operator's key (ChaCha20-Poly1305, 256-bit
//! key from `PLENARIO_BACKUP_KEY`, 64 hex digits): restoring with the key gives every
//! password hash, TOTP secret and session back; without it they stay out.

use std::collections::BTreeMap;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde_json::{Map, Value};

use super::segredos::{self, Tratamento};
use crate::{Error, Result};

/// The manifest's `segredos` when they are encrypted.
pub const CIFRADOS: &str = "cifrados (ChaCha20-Poly1305, chave do operador)";
/// The manifest's `segredos` when they are left out.
pub const OMITIDOS: &str = "omitidos";
/// The encrypted part.
pub const PARTE: &str = "segredos.cifrados";

/// The operator's key.
#[derive(Clone)]
pub struct Chave([u8; 32]);

impl std::fmt::Debug for Chave {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Chave(…)")
    }
}

impl Chave {
    /// 64 hexadecimal digits.
    pub fn de_hex(s: &str) -> Result<Self> {
        let s = s.trim();
        let erro = || {
            Error::Validation(domain::ValidationError::new(
                "PLENARIO_BACKUP_KEY",
                "A chave de backup deve ter 64 dígitos hexadecimais (32 bytes; \
                 gere com `openssl rand -hex 32`).",
            ))
        };
        if s.len() != 64 || !s.is_ascii() {
            return Err(erro());
        }
        let mut k = [0u8; 32];
        for (i, b) in k.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| erro())?;
        }
        Ok(Self(k))
    }

    /// `PLENARIO_BACKUP_KEY`, if set.
    pub fn do_ambiente() -> Result<Option<Self>> {
        match std::env::var("PLENARIO_BACKUP_KEY") {
            Ok(v) if !v.trim().is_empty() => Self::de_hex(&v).map(Some),
            _ => Ok(None),
        }
    }

    pub fn cifrar(&self, claro: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| Error::Embedded(format!("aleatório: {e}")))?;
        let c = ChaCha20Poly1305::new(&Key::from(self.0));
        let mut out = nonce.to_vec();
        out.extend(
            c.encrypt(&Nonce::from(nonce), claro)
                .map_err(|_| Error::Embedded("cifragem dos segredos".into()))?,
        );
        Ok(out)
    }

    pub fn decifrar(&self, dados: &[u8]) -> Result<Vec<u8>> {
        let recusa = || {
            Error::Conflict(
                "A chave de backup (PLENARIO_BACKUP_KEY) não abre os segredos deste backup.".into(),
            )
        };
        let Some(nonce) = dados.get(..12).and_then(|n| <[u8; 12]>::try_from(n).ok()) else {
            return Err(recusa());
        };
        let c = ChaCha20Poly1305::new(&Key::from(self.0));
        c.decrypt(&Nonce::from(nonce), &dados[12..])
            .map_err(|_| recusa())
    }
}

/// What the archive keeps apart: whole credential tables, and per table the credential
/// columns of each row (by id).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Segredos {
    pub tabelas: BTreeMap<String, Vec<Value>>,
    pub colunas: BTreeMap<String, BTreeMap<String, Map<String, Value>>>,
}

/// Takes the credentials out of a table's rows (into `s`).
pub fn separar(tabela: &str, rows: &mut Vec<Value>, s: &mut Segredos) {
    if segredos::TABELAS_DE_CREDENCIAIS.contains(&tabela) {
        s.tabelas.insert(tabela.to_owned(), std::mem::take(rows));
        return;
    }
    let cols: Vec<&str> = segredos::COLUNAS
        .iter()
        .filter(|(t, _, tr)| *t == tabela && *tr == Tratamento::Credencial)
        .map(|(_, c, _)| *c)
        .chain(if tabela == "usuario" {
            Some("totp_ativo")
        } else {
            None
        })
        .collect();
    if cols.is_empty() {
        return;
    }
    for row in rows {
        let Some(o) = row.as_object_mut() else {
            continue;
        };
        let id = o.get("id").map(Value::to_string).unwrap_or_default();
        let mut guardadas = Map::new();
        for c in &cols {
            if let Some(v) = o.remove(*c) {
                guardadas.insert((*c).to_owned(), v);
            }
        }
        if tabela == "usuario" {
            o.insert("totp_ativo".into(), Value::Bool(false));
        }
        s.colunas
            .entry(tabela.to_owned())
            .or_default()
            .insert(id, guardadas);
    }
}

/// Puts the credentials back into a table's rows.
pub fn juntar(tabela: &str, rows: &mut Vec<Value>, s: &Segredos) {
    if let Some(t) = s.tabelas.get(tabela) {
        *rows = t.clone();
        return;
    }
    let Some(por_id) = s.colunas.get(tabela) else {
        return;
    };
    for row in rows {
        let Some(o) = row.as_object_mut() else {
            continue;
        };
        let id = o.get("id").map(Value::to_string).unwrap_or_default();
        if let Some(cols) = por_id.get(&id) {
            for (c, v) in cols {
                o.insert(c.clone(), v.clone());
            }
        }
    }
}
