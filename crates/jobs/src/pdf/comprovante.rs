//! The receipt of a protocolo, as a PDF: the number, date and time, what was received and
//! from whom, each document's SHA-256, the verification code and the address (with a QR
//! code) where anyone checks it.
//!
//! Written with the kit of [`super`] (standard fonts, WinAnsi, word wrap, page breaks).

use store::protocolo::{Documento, Protocolo};

use super::{Fonte, MARGEM, Paginas};

/// What the receipt shows.
pub struct Comprovante<'a> {
    pub camara: &'a str,
    pub protocolo: &'a Protocolo,
    pub documentos: &'a [Documento],
    /// The verification page with the code (`…/documentos/verificar?codigo=…`).
    pub url_verificacao: String,
}

/// The receipt's PDF.
pub fn pdf(c: &Comprovante) -> Vec<u8> {
    let p = c.protocolo;
    let mut l = Paginas::new();
    l.paragrafo(c.camara, Fonte::Negrito, 14.0, MARGEM);
    l.linha("Comprovante de protocolo", Fonte::Normal, 12.0, MARGEM);
    l.y -= 10.0;
    l.linha(
        &format!("Protocolo nº {}", p.numero_ano()),
        Fonte::Negrito,
        20.0,
        MARGEM,
    );
    l.y -= 6.0;
    if let (Some(quando), Some(motivo)) = (&p.anulado_local, &p.anulado_motivo) {
        l.paragrafo(
            &format!("PROTOCOLO ANULADO em {quando}. Motivo: {motivo}"),
            Fonte::Negrito,
            11.0,
            MARGEM,
        );
        l.y -= 6.0;
    }
    l.campo("Recebido em", &p.recebido_local);
    l.campo("Tipo de documento", &p.tipo_documento);
    l.campo(
        "Interessado ou remetente",
        &format!("{} ({})", p.interessado_nome, p.interessado_rotulo()),
    );
    l.campo("Assunto", &p.assunto);
    if c.documentos.is_empty() {
        l.campo("Documentos", "Nenhum arquivo anexado.");
    } else {
        l.linha("Documentos (resumo SHA-256)", Fonte::Negrito, 10.0, MARGEM);
        for d in c.documentos {
            l.paragrafo(
                &format!("{} — {}", d.nome_arquivo, d.tamanho_legivel()),
                Fonte::Normal,
                10.0,
                MARGEM + 12.0,
            );
            l.linha(&d.sha256, Fonte::Mono, 8.0, MARGEM + 12.0);
            l.y -= 3.0;
        }
        l.y -= 4.0;
    }
    l.y -= 6.0;
    l.campo("Código de verificação", &p.codigo_legivel());
    l.paragrafo(
        "Confira a autenticidade deste comprovante, e de cada documento pelo seu resumo SHA-256, em:",
        Fonte::Normal,
        10.0,
        MARGEM,
    );
    l.paragrafo(&c.url_verificacao, Fonte::Mono, 8.0, MARGEM);
    l.qr(&c.url_verificacao, 96.0);

    super::documento(
        l,
        &format!("Comprovante de protocolo nº {}", p.numero_ano()),
    )
}
