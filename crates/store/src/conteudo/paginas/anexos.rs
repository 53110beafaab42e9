//! The attachments of a page: checked by their content against an allow-list
//! ([`verificar_anexo`]) before they are stored.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use super::ANEXO_MAX_BYTES;
use crate::auditoria::{self, Autor};
use crate::infra::arquivos::{Imagem, Saida};
use crate::{Error, Result, TenantTx};

/// An attachment of a page.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Anexo {
    pub id: Uuid,
    pub pagina_id: Uuid,
    pub titulo: String,
    pub nome_arquivo: String,
    #[serde(skip)]
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
}

impl Anexo {
    /// "1,2 MB", "340 KB".
    pub fn tamanho_legivel(&self) -> String {
        tamanho_legivel(self.tamanho)
    }

    /// "PDF", "Imagem PNG", "Documento do Word"…
    pub fn tipo(&self) -> &'static str {
        TIPOS
            .iter()
            .find(|t| t.content_type == self.content_type)
            .map(|t| t.nome)
            .unwrap_or("Arquivo")
    }
}

/// Bytes in Brazilian notation.
pub fn tamanho_legivel(bytes: i64) -> String {
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MB", b / (1024.0 * 1024.0)).replace('.', ",")
    } else if b >= 1024.0 {
        format!("{:.0} KB", b / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// An accepted kind of attachment.
pub struct Tipo {
    pub content_type: &'static str,
    pub ext: &'static str,
    pub nome: &'static str,
}

pub const TIPOS: &[Tipo] = &[
    Tipo {
        content_type: "application/pdf",
        ext: "pdf",
        nome: "PDF",
    },
    Tipo {
        content_type: "image/png",
        ext: "png",
        nome: "Imagem PNG",
    },
    Tipo {
        content_type: "image/jpeg",
        ext: "jpg",
        nome: "Imagem JPEG",
    },
    Tipo {
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ext: "docx",
        nome: "Documento do Word",
    },
    Tipo {
        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ext: "xlsx",
        nome: "Planilha do Excel",
    },
    Tipo {
        content_type: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ext: "pptx",
        nome: "Apresentação do PowerPoint",
    },
    Tipo {
        content_type: "application/vnd.oasis.opendocument.text",
        ext: "odt",
        nome: "Documento ODT",
    },
    Tipo {
        content_type: "application/vnd.oasis.opendocument.spreadsheet",
        ext: "ods",
        nome: "Planilha ODS",
    },
    Tipo {
        content_type: "application/vnd.oasis.opendocument.presentation",
        ext: "odp",
        nome: "Apresentação ODP",
    },
    Tipo {
        content_type: "application/msword",
        ext: "doc",
        nome: "Documento do Word (antigo)",
    },
    Tipo {
        content_type: "application/vnd.ms-excel",
        ext: "xls",
        nome: "Planilha do Excel (antiga)",
    },
];

fn tipo(content_type: &str) -> Option<&'static Tipo> {
    TIPOS.iter().find(|t| t.content_type == content_type)
}

/// A checked attachment, ready to store.
#[derive(Debug, Clone)]
pub struct ArquivoVerificado {
    pub content_type: &'static str,
    pub ext: &'static str,
    /// The bytes to store (images re-encoded, without metadata).
    pub dados: Vec<u8>,
}

/// Checks an upload by its content (never by the name's word alone): PDF by its `%PDF-`
/// signature, images decoded and re-encoded (dropping metadata), Office Open XML and
/// OpenDocument by their ZIP structure, legacy Word/Excel by the OLE signature with the
/// name's extension to tell which. Anything else is refused.
pub fn verificar_anexo(
    nome_arquivo: &str,
    dados: Vec<u8>,
) -> std::result::Result<ArquivoVerificado, domain::ValidationError> {
    let err = |m: &str| domain::ValidationError::new("arquivo", m);
    if dados.is_empty() {
        return Err(err("Escolha o arquivo a anexar."));
    }
    if dados.len() > ANEXO_MAX_BYTES {
        return Err(err("O anexo deve ter no máximo 20 MB."));
    }
    let ext = nome_arquivo
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let ok = |ct: &str, dados: Vec<u8>| {
        let t = tipo(ct).ok_or_else(|| err("Tipo de arquivo não aceito."))?;
        Ok(ArquivoVerificado {
            content_type: t.content_type,
            ext: t.ext,
            dados,
        })
    };
    if dados.starts_with(b"%PDF-") {
        return ok("application/pdf", dados);
    }
    if let Ok(formato) = image::guess_format(&dados) {
        let saida = match formato {
            image::ImageFormat::Jpeg => Saida::Jpeg,
            image::ImageFormat::Png | image::ImageFormat::WebP => Saida::Png,
            _ => return Err(err(RECUSADO)),
        };
        let spec = Imagem {
            campo: "arquivo",
            nome: "do anexo",
            max_bytes: ANEXO_MAX_BYTES,
            max_lado: 4000,
            saida,
        };
        let limpa = crate::infra::arquivos::processar_imagem(&dados, &spec)?;
        return ok(saida.content_type(), limpa);
    }
    if dados.starts_with(b"PK\x03\x04") {
        // OpenDocument: the first entry is "mimetype", stored, holding the type.
        if dados.len() > 38 && &dados[30..38] == b"mimetype" {
            let resto = &dados[38..dados.len().min(38 + 80)];
            for ct in [
                "application/vnd.oasis.opendocument.text",
                "application/vnd.oasis.opendocument.spreadsheet",
                "application/vnd.oasis.opendocument.presentation",
            ] {
                if resto.starts_with(ct.as_bytes())
                    && resto[ct.len()..].first().is_none_or(|c| *c != b'-')
                {
                    return ok(ct, dados);
                }
            }
            return Err(err(RECUSADO));
        }
        // Office Open XML: a ZIP with [Content_Types].xml and the part of its kind.
        let contem = |s: &[u8]| dados.windows(s.len()).any(|w| w == s);
        if contem(b"[Content_Types].xml") {
            let ct = match ext.as_str() {
                "docx" if contem(b"word/") => Some(TIPOS[3].content_type),
                "xlsx" if contem(b"xl/") => Some(TIPOS[4].content_type),
                "pptx" if contem(b"ppt/") => Some(TIPOS[5].content_type),
                _ => None,
            };
            if let Some(ct) = ct {
                return ok(ct, dados);
            }
        }
        return Err(err(RECUSADO));
    }
    if dados.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return match ext.as_str() {
            "doc" => ok("application/msword", dados),
            "xls" => ok("application/vnd.ms-excel", dados),
            _ => Err(err(RECUSADO)),
        };
    }
    Err(err(RECUSADO))
}

const RECUSADO: &str = "Tipo de arquivo não aceito. Envie PDF, imagem (PNG, JPEG ou WebP) ou \
                        documento de escritório (Word, Excel, PowerPoint ou OpenDocument).";

/// What to record of an attachment already stored.
#[derive(Debug, Clone)]
pub struct NovoAnexo {
    pub titulo: String,
    pub nome_arquivo: String,
    pub arquivo_key: String,
    pub content_type: String,
    pub tamanho: i64,
}

/// Validates an attachment's title (before its file is stored).
pub fn validar_titulo_anexo(titulo: &str) -> std::result::Result<String, domain::ValidationError> {
    let t = titulo.trim();
    if t.chars().count() < 2 || t.chars().count() > 200 {
        return Err(domain::ValidationError::new(
            "titulo",
            "Informe o título do anexo (de 2 a 200 caracteres).",
        ));
    }
    Ok(t.to_owned())
}

/// Records an attachment of `pagina` (its file already stored).
pub async fn adicionar_anexo(
    tx: &mut TenantTx,
    autor: &Autor,
    pagina: Uuid,
    a: &NovoAnexo,
) -> Result<Anexo> {
    let tenant = tx.tenant_id();
    let nome = domain::texto::nome_de_arquivo(&a.nome_arquivo, "anexo");
    let anexo: Anexo = sqlx::query_as(
        "INSERT INTO app.pagina_anexo (tenant_id, id, pagina_id, titulo, nome_arquivo, arquivo_key, content_type, tamanho)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, pagina_id, titulo, nome_arquivo, arquivo_key, content_type, tamanho",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(pagina)
    .bind(a.titulo.trim())
    .bind(&nome)
    .bind(&a.arquivo_key)
    .bind(&a.content_type)
    .bind(a.tamanho)
    .fetch_one(tx.conn())
    .await
    .map_err(|e| {
        let e = Error::from(e);
        match e.sqlstate().as_deref() {
            Some("23503") => Error::NotFound("página".into()),
            Some("23514") => Error::Validation(domain::ValidationError::new(
                "arquivo",
                "Anexo recusado: tipo de arquivo não aceito ou tamanho acima de 20 MB.",
            )),
            _ => e,
        }
    })?;
    auditoria::registrar(
        tx,
        autor,
        "pagina_anexo",
        Some(&anexo.id.to_string()),
        "criar",
        None,
        serde_json::to_value(&anexo).ok(),
    )
    .await?;
    Ok(anexo)
}

pub async fn anexos(tx: &mut TenantTx, pagina: Uuid) -> Result<Vec<Anexo>> {
    tx.linhas(
        "SELECT id, pagina_id, titulo, nome_arquivo, arquivo_key, content_type, tamanho
           FROM app.pagina_anexo WHERE tenant_id = $1 AND pagina_id = $2 ORDER BY criado_em, id",
        pagina,
    )
    .await
}

/// An attachment and whether its page is published.
pub async fn anexo(tx: &mut TenantTx, id: Uuid) -> Result<Option<(Anexo, bool)>> {
    let tenant = tx.tenant_id();
    #[derive(FromRow)]
    struct Linha {
        #[sqlx(flatten)]
        anexo: Anexo,
        publicada: bool,
    }
    let l: Option<Linha> = sqlx::query_as(
        "SELECT a.id, a.pagina_id, a.titulo, a.nome_arquivo, a.arquivo_key, a.content_type, a.tamanho,
                p.publicada
           FROM app.pagina_anexo a JOIN app.pagina p ON p.tenant_id = a.tenant_id AND p.id = a.pagina_id
          WHERE a.tenant_id = $1 AND a.id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    Ok(l.map(|l| (l.anexo, l.publicada)))
}

/// Removes an attachment's record (the file stays in storage, unreachable).
pub async fn remover_anexo(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<Anexo> {
    let tenant = tx.tenant_id();
    let a: Anexo = sqlx::query_as(
        "DELETE FROM app.pagina_anexo WHERE tenant_id = $1 AND id = $2
         RETURNING id, pagina_id, titulo, nome_arquivo, arquivo_key, content_type, tamanho",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::NotFound("anexo".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "pagina_anexo",
        Some(&id.to_string()),
        "excluir",
        serde_json::to_value(&a).ok(),
        None,
    )
    .await?;
    Ok(a)
}
