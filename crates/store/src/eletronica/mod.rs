//! Proposição eletrônica: the draft a parlamentar writes (tipo, ementa, texto, justificativa,
//! coautores, files), edits while it is a draft, and sends; the protocolo receives it (a
//! protocolo and a proposição are made, in one transaction) or returns it with a motivo.
//!
//! The author side takes the author's `parlamentar_id` in every call and only ever reaches
//! that parlamentar's drafts: another's is "not found".

mod autor;
mod caixa;
mod consultas;

pub use autor::{RascunhoForm, adicionar_anexo, criar, enviar, salvar};
pub use caixa::{devolver, receber};
pub use consultas::{
    MinhaProposicao, anexo, anexos, caixa, coautores, do_autor, do_autor_lista, por_id,
    proposicoes_do_parlamentar, tipos,
};

use domain::protocolo::SituacaoRascunho;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

/// A draft as its author and the protocolo see it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Rascunho {
    pub id: Uuid,
    pub parlamentar_id: Uuid,
    /// The author's nome parlamentar.
    pub autor_nome: String,
    /// The account that wrote the draft: the parlamentar's own or an assessor's.
    pub escrita_por: Option<String>,
    pub tipo_id: Uuid,
    pub tipo_sigla: String,
    pub tipo_nome: String,
    pub ementa: String,
    pub texto: String,
    pub justificativa: String,
    pub situacao: String,
    pub enviada_local: Option<String>,
    pub devolvida_local: Option<String>,
    pub motivo_devolucao: Option<String>,
    pub recebida_local: Option<String>,
    pub atualizado_local: String,
    pub proposicao_id: Option<Uuid>,
    pub protocolo_id: Option<Uuid>,
    /// "12/2026" once received.
    pub protocolo_numero: Option<String>,
    /// "PL 3/2026" once received.
    pub proposicao_identificacao: Option<String>,
}

impl Rascunho {
    pub fn situacao(&self) -> SituacaoRascunho {
        SituacaoRascunho::parse(&self.situacao).unwrap_or(SituacaoRascunho::Rascunho)
    }

    pub fn situacao_rotulo(&self) -> &'static str {
        self.situacao().rotulo()
    }

    pub fn editavel(&self) -> bool {
        self.situacao().editavel()
    }
}

/// A file attached to a draft.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Anexo {
    pub id: Uuid,
    pub rascunho_id: Uuid,
    pub nome_arquivo: String,
    #[serde(skip)]
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
    pub sha256: String,
}

impl Anexo {
    pub fn tamanho_legivel(&self) -> String {
        crate::conteudo::paginas::tamanho_legivel(self.tamanho)
    }
}
