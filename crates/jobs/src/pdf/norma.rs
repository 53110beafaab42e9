//! The norma's compiled text as a PDF (`/legislativo/normas/{id}.pdf`): the câmara, the
//! norma's identification and ementa, its situação, publicação and URN, then every
//! dispositivo in its current wording (or the wording in force on a date), indented by
//! level, each altered, added or revoked one with its note as compiled federal texts write
//! it ("(Redação dada pela Lei nº 12, de 2021)", "(Revogado pela …)"), and where the public
//! copy lives. Rendered in the request, like the ata's.

use domain::normas::{Compilado, Estado};

use super::{Fonte, MARGEM, Paginas};

/// What the PDF says about the norma besides its text.
pub struct Cabecalho<'a> {
    pub camara: &'a str,
    /// "Lei Ordinária nº 12, de 05/03/2024".
    pub titulo: &'a str,
    pub ementa: &'a str,
    /// "Vigente", or "Vigente em 01/01/2023" for the text on a date.
    pub situacao: &'a str,
    /// "Diário Oficial do Município, 06/03/2024, edição 100, página 3", when published.
    pub publicacao: Option<&'a str>,
    pub urn: &'a str,
    /// "Texto compilado" or "Texto em vigor em dd/mm/aaaa".
    pub versao: &'a str,
    /// The public page, and when the PDF was issued (dd/mm/aaaa hh:mm).
    pub url: &'a str,
    pub emitido_em: &'a str,
}

/// The PDF of the compiled text.
pub fn norma(c: &Cabecalho, compilado: &Compilado) -> Vec<u8> {
    let mut l = Paginas::new();
    l.paragrafo(c.camara, Fonte::Negrito, 14.0, MARGEM);
    l.y -= 6.0;
    l.paragrafo(c.titulo, Fonte::Negrito, 13.0, MARGEM);
    l.y -= 4.0;
    l.paragrafo(c.ementa, Fonte::Normal, 11.0, MARGEM + 140.0);
    l.y -= 8.0;
    l.campo("Situação", c.situacao);
    if let Some(p) = c.publicacao {
        l.campo("Publicação", p);
    }
    l.campo("URN LexML", c.urn);
    l.linha(c.versao, Fonte::Negrito, 12.0, MARGEM);
    l.y -= 4.0;
    for m in &compilado.marcas_da_norma {
        l.paragrafo(
            &format!("{}, a partir de {}.", m.nota(), br(m.desde)),
            Fonte::Negrito,
            10.0,
            MARGEM,
        );
    }
    if !compilado.preambulo.is_empty() {
        l.paragrafo(&compilado.preambulo, Fonte::Normal, 11.0, MARGEM);
        l.y -= 4.0;
    }
    for d in &compilado.linhas {
        let recuo = MARGEM + 12.0 * (d.nivel.min(6) as f32);
        let nota = d.marcas.last().map(|m| format!(" ({})", m.nota()));
        let nota = nota.as_deref().unwrap_or("");
        if d.tipo.agrupador() {
            l.y -= 4.0;
            l.paragrafo(&d.rotulo, Fonte::Negrito, 11.0, MARGEM);
            if !d.texto.is_empty() {
                l.paragrafo(&format!("{}{nota}", d.texto), Fonte::Negrito, 11.0, MARGEM);
            }
            continue;
        }
        let texto = match (d.rotulo.is_empty(), d.texto.is_empty()) {
            (true, _) => format!("{}{nota}", d.texto),
            (false, true) => format!("{}{nota}", d.rotulo),
            (false, false) => format!("{} {}{nota}", d.rotulo, d.texto),
        };
        let texto = if d.estado == Estado::Vigente {
            texto
        } else {
            format!("[sem efeito] {texto}")
        };
        l.paragrafo(&texto, Fonte::Normal, 11.0, recuo);
        l.y -= 2.0;
    }
    for a in &compilado.avisos {
        l.paragrafo(a, Fonte::Normal, 9.0, MARGEM);
    }
    l.y -= 10.0;
    l.paragrafo(
        "Este texto compilado é informativo; o texto oficial é o publicado.",
        Fonte::Normal,
        9.0,
        MARGEM,
    );
    l.paragrafo(
        &format!(
            "Emitido em {} pelo Plenário. Verifique em {}",
            c.emitido_em, c.url
        ),
        Fonte::Normal,
        9.0,
        MARGEM,
    );
    super::documento(l, c.titulo)
}

fn br(d: time::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::normas::{compilar, parse};

    fn paginas(b: &[u8]) -> usize {
        String::from_utf8_lossy(b).matches("/Type /Page").count()
            - String::from_utf8_lossy(b).matches("/Type /Pages").count()
    }

    fn pdf(texto: &str) -> Vec<u8> {
        let compilado = compilar(&parse(texto).unwrap(), &[], None);
        norma(
            &Cabecalho {
                camara: "Câmara Municipal de Olinda",
                titulo: "Lei Ordinária nº 12, de 05/03/2024",
                ementa: "Cria o programa municipal de hortas.",
                situacao: "Vigente",
                publicacao: Some("Diário Oficial do Município, 06/03/2024"),
                urn: "urn:lex:br;pernambuco;olinda:municipal:lei:2024-03-05;12",
                versao: "Texto compilado",
                url: "https://olinda.example/legislativo/normas/1",
                emitido_em: "02/12/2026 10:00",
            },
            &compilado,
        )
    }

    // The text itself is read back with lopdf in web/tests/it/normas_impressao.rs.
    #[test]
    fn a_long_compiled_text_flows_onto_more_pages() {
        let curto = pdf(
            "Art. 1º Fica criado o programa de hortas.\nArt. 2º O programa terá:\nI – hortas escolares;\n\
             II – feiras livres.\nParágrafo único. O regulamento dirá o resto.",
        );
        assert!(curto.starts_with(b"%PDF-"));
        assert_eq!(paginas(&curto), 1);
        let longo: String = (1..=120)
            .map(|i| {
                format!(
                    "Art. {} O programa terá as ações que o regulamento disser, em cada bairro da cidade, com as escolas.\n",
                    if i < 10 { format!("{i}º") } else { format!("{i}.") }
                )
            })
            .collect();
        let longo = pdf(&longo);
        assert!(paginas(&longo) > 3, "{}", paginas(&longo));
        assert!(
            curto.windows(2).all(|w| w != "ã".as_bytes()),
            "WinAnsi, not UTF-8"
        );
    }
}
