//! What the protocolo's and the proposição eletrônica's upload forms share: reading a
//! multipart form (text fields and files), checking each file by its content, storing it
//! and computing its SHA-256; and the one function that enqueues a receipt's e-mail.

use domain::ValidationError;
use store::conteudo::paginas;
use store::protocolo::{self, DocumentoNovo, Protocolo};

use crate::http::tenant::CurrentTenant;
use crate::kit::formulario::Erros;
use crate::kit::multiparte::Multiparte;
use crate::state::AppState;

/// Largest upload form: 20 MB of files (all together) and the text fields.
pub const FORM_MAX: usize = paginas::ANEXO_MAX_BYTES + 256 * 1024;

/// Most files on one protocolo or draft upload.
pub const MAX_ARQUIVOS: usize = 10;

/// Reads the form: files come from the field `campo_arquivo` (empty file inputs are
/// skipped, a file without a name is "documento"), every other field is text. Problems go
/// to `erros`.
pub async fn ler(
    multipart: &mut axum::extract::Multipart,
    campo_arquivo: &'static str,
    erros: &mut Erros,
) -> (Multiparte, Vec<(String, Vec<u8>)>) {
    let grande = "Os arquivos somam mais de 20 MB; envie menos de uma vez.";
    let mut form = Multiparte::ler_em(multipart, &[campo_arquivo], grande, erros).await;
    let arquivos: Vec<_> = form
        .arquivos_de(campo_arquivo)
        .into_iter()
        .map(|a| {
            let nome = if a.nome.is_empty() {
                "documento".to_owned()
            } else {
                a.nome
            };
            (nome, a.bytes)
        })
        .collect();
    if arquivos.len() > MAX_ARQUIVOS {
        erros.push(ValidationError::new(
            campo_arquivo,
            format!("Envie no máximo {MAX_ARQUIVOS} arquivos de uma vez."),
        ));
    }
    (form, arquivos)
}

/// A file checked by its content (PDF, image, office document: the páginas' allow-list),
/// kept byte for byte as received, so that its SHA-256 is the sender's file's.
pub struct Conferido {
    pub nome: String,
    pub content_type: &'static str,
    pub ext: &'static str,
    pub dados: Vec<u8>,
    pub sha256: String,
}

/// Checks every file (all messages at once, under `campo`).
pub async fn conferir(
    arquivos: Vec<(String, Vec<u8>)>,
    campo: &'static str,
    erros: &mut Erros,
) -> Vec<Conferido> {
    let mut out = Vec::new();
    for (nome, dados) in arquivos {
        let copia = dados.clone();
        let nome_v = nome.clone();
        let r = tokio::task::spawn_blocking(move || paginas::verificar_anexo(&nome_v, copia))
            .await
            .unwrap_or_else(|_| {
                Err(ValidationError::new(
                    "arquivo",
                    "Não foi possível ler o arquivo enviado.",
                ))
            });
        match r {
            Ok(v) => {
                let sha256 = protocolo::sha256_hex(&dados);
                out.push(Conferido {
                    nome,
                    content_type: v.content_type,
                    ext: v.ext,
                    dados,
                    sha256,
                });
            }
            Err(e) => erros.push(ValidationError::new(
                campo,
                format!("{}: {}", protocolo::nome_de_arquivo(&nome), e.message),
            )),
        }
    }
    out
}

/// Stores checked files under `pasta`; what to record of each.
pub async fn guardar(
    state: &AppState,
    tenant_id: i32,
    pasta: &str,
    arquivos: Vec<Conferido>,
) -> Result<Vec<DocumentoNovo>, store::Error> {
    let mut out = Vec::new();
    for a in arquivos {
        let tamanho = a.dados.len() as i64;
        let key = state
            .store
            .arquivos()
            .guardar(tenant_id, pasta, a.ext, a.dados)
            .await?;
        out.push(DocumentoNovo {
            nome_arquivo: a.nome,
            arquivo_key: key,
            content_type: a.content_type.to_owned(),
            tamanho,
            sha256: a.sha256,
        });
    }
    Ok(out)
}

/// The verification page's address for a code.
pub fn url_verificacao(state: &AppState, current: &CurrentTenant, codigo: &str) -> String {
    format!(
        "{}/documentos/verificar?codigo={}",
        crate::http::origem::da_camara(state, current),
        domain::protocolo::codigo_legivel(codigo)
    )
}

/// Enqueues the receipt's e-mail (PDF attached, rendered by the worker) in the transaction
/// that registers the protocolo: rolled back with it, never lost once it commits. Nothing
/// is sent without an interessado's e-mail.
pub async fn enfileirar_comprovante(
    state: &AppState,
    current: &CurrentTenant,
    tx: &mut store::TenantTx,
    p: &Protocolo,
) -> Result<(), store::Error> {
    if p.interessado_email.is_empty() {
        return Ok(());
    }
    let url = url_verificacao(state, current, &p.codigo);
    jobs::comprovante::enfileirar(tx, p.id, &current.tenant.nome_oficial, &url).await?;
    Ok(())
}
