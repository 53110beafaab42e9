//! A small, careful iCalendar (RFC 5545) writer: UTC times, escaped text, lines folded at
//! 75 octets (never inside a UTF-8 character), CRLF endings.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use store::sessoes_plenarias::SessaoPlenaria;
use time::OffsetDateTime;

/// A calendar as an answer (`text/calendar`, shown inline, cached five minutes).
pub(super) fn ics_resposta(corpo: String, arquivo: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao("inline", arquivo),
            ),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        corpo,
    )
        .into_response()
}

/// `20261103T210000Z`.
fn utc(t: OffsetDateTime) -> String {
    let u = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        u.year(),
        u8::from(u.month()),
        u.day(),
        u.hour(),
        u.minute(),
        u.second()
    )
}

/// TEXT value escaping (RFC 5545 §3.3.11).
pub fn escapar(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded (§3.1): at most 75 octets per physical line, the
/// continuation lines starting with a space.
pub fn linha(out: &mut String, conteudo: &str) {
    let mut resto = conteudo;
    let mut limite = 75;
    loop {
        if resto.len() <= limite {
            out.push_str(resto);
            out.push_str("\r\n");
            return;
        }
        let mut corte = limite;
        while !resto.is_char_boundary(corte) {
            corte -= 1;
        }
        out.push_str(&resto[..corte]);
        out.push_str("\r\n ");
        resto = &resto[corte..];
        // The leading space counts toward the 75 octets.
        limite = 74;
    }
}

pub fn calendario(
    camara: &str,
    sessoes: &[SessaoPlenaria],
    base: &str,
    agora: OffsetDateTime,
) -> String {
    let mut out = String::new();
    linha(&mut out, "BEGIN:VCALENDAR");
    linha(&mut out, "VERSION:2.0");
    linha(&mut out, "PRODID:-//Plenário//Sessões plenárias//PT-BR");
    linha(&mut out, "CALSCALE:GREGORIAN");
    linha(&mut out, "METHOD:PUBLISH");
    linha(
        &mut out,
        &format!("X-WR-CALNAME:{}", escapar(&format!("Sessões — {camara}"))),
    );
    for s in sessoes {
        let url = format!("{base}/legislativo/sessoes/{}", s.id);
        linha(&mut out, "BEGIN:VEVENT");
        linha(&mut out, &format!("UID:sessao-plenaria-{}@plenario", s.id));
        linha(&mut out, &format!("DTSTAMP:{}", utc(agora)));
        linha(&mut out, &format!("DTSTART:{}", utc(s.inicio)));
        if let Some(fim) = s.fim {
            linha(&mut out, &format!("DTEND:{}", utc(fim)));
        }
        linha(&mut out, &format!("SEQUENCE:{}", s.versao));
        linha(&mut out, &format!("LAST-MODIFIED:{}", utc(s.atualizada_em)));
        let titulo = if s.cancelada() {
            format!("Cancelada: {}", s.titulo())
        } else {
            s.titulo()
        };
        linha(&mut out, &format!("SUMMARY:{}", escapar(&titulo)));
        if !s.local.is_empty() {
            linha(&mut out, &format!("LOCATION:{}", escapar(&s.local)));
        }
        let mut descricao = format!("{} — {}", camara, s.titulo());
        if let Some(m) = &s.motivo_cancelamento {
            descricao.push_str(&format!("\nSessão cancelada. Motivo: {m}"));
        }
        if !s.observacoes.is_empty() {
            descricao.push_str(&format!("\n{}", s.observacoes));
        }
        descricao.push_str(&format!("\n{url}"));
        linha(&mut out, &format!("DESCRIPTION:{}", escapar(&descricao)));
        linha(&mut out, &format!("URL:{url}"));
        linha(
            &mut out,
            if s.cancelada() {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            },
        );
        linha(&mut out, "END:VEVENT");
    }
    linha(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let longa = format!("SUMMARY:{}", "ção".repeat(40));
        linha(&mut out, &longa);
        assert!(out.ends_with("\r\n"));
        for l in out.trim_end_matches("\r\n").split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), longa);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escapar("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
