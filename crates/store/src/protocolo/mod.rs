//! Protocolo: every document that enters the câmara, numbered per year from the gapless
//! counter `domain::proposicoes::escopo_protocolo`, with its files' SHA-256 and a random
//! verification code; annulled, never removed (rules in `domain::protocolo`).

mod consultas;
mod registro;

pub use consultas::{Filtro, documento, documentos, listar, por_codigo, por_id};
pub use registro::{NovoProtocolo, anular, registrar};

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::FromRow;
use uuid::Uuid;

/// A protocolo as the desk and the verification page show it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Protocolo {
    pub id: Uuid,
    pub numero: i32,
    pub ano: i32,
    /// dd/mm/aaaa hh:mm in the câmara's time zone.
    pub recebido_local: String,
    pub tipo_documento: String,
    pub interessado_nome: String,
    pub interessado_email: String,
    pub interessado_tipo: String,
    pub assunto: String,
    pub codigo: String,
    pub anulado_local: Option<String>,
    pub anulado_motivo: Option<String>,
    /// The proposição made from it, if any.
    pub proposicao_id: Option<Uuid>,
}

impl Protocolo {
    /// "12/2026".
    pub fn numero_ano(&self) -> String {
        domain::protocolo::numero_protocolo(self.numero, self.ano)
    }

    /// "ABCD-EFGH-JKMN-PQRS".
    pub fn codigo_legivel(&self) -> String {
        domain::protocolo::codigo_legivel(&self.codigo)
    }

    pub fn tipo_interessado(&self) -> Option<domain::protocolo::TipoInteressado> {
        domain::protocolo::TipoInteressado::parse(&self.interessado_tipo).ok()
    }

    pub fn interessado_rotulo(&self) -> &'static str {
        self.tipo_interessado().map(|t| t.rotulo()).unwrap_or("")
    }

    /// The interessado as public pages show it: a private person's name masked.
    pub fn interessado_publico(&self) -> String {
        match self.tipo_interessado() {
            Some(t) if !t.pessoal() => self.interessado_nome.clone(),
            _ => domain::protocolo::mascarar_nome(&self.interessado_nome),
        }
    }

    pub fn anulado(&self) -> bool {
        self.anulado_local.is_some()
    }
}

/// A document of a protocolo (its file in `infra::arquivos`).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Documento {
    pub id: Uuid,
    pub protocolo_id: Uuid,
    pub nome_arquivo: String,
    #[serde(skip)]
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
    pub sha256: String,
}

impl Documento {
    pub fn tamanho_legivel(&self) -> String {
        crate::conteudo::paginas::tamanho_legivel(self.tamanho)
    }
}

/// A file already stored, to record with a protocolo or a draft.
#[derive(Debug, Clone)]
pub struct DocumentoNovo {
    pub nome_arquivo: String,
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
    pub sha256: String,
}

/// The SHA-256 of `dados`, in lower-case hex.
pub fn sha256_hex(dados: &[u8]) -> String {
    Sha256::digest(dados)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A file name as recorded: its last path part, without control characters, at most 200
/// characters ("documento" when nothing is left).
pub fn nome_de_arquivo(nome: &str) -> String {
    domain::texto::nome_de_arquivo(nome, "documento")
}
