//! The avulso of a proposição: its identificação, ementa, autores, texto (Markdown, as
//! paragraphs, headings and lists) and justificativa, in the kit of [`super`].

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use store::jobs::avulso::Conteudo;

use super::{Fonte, MARGEM, Paginas};

fn data_br(d: time::Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// Markdown `md` as blocks: headings bigger and bold, list items with a bullet or their
/// number, indented per level; everything else a paragraph. Inline marks are dropped.
pub(super) fn markdown(l: &mut Paginas, md: &str) {
    let mut texto = String::new();
    let mut titulo: Option<HeadingLevel> = None;
    // Each open list: its next number (None for bullets).
    let mut listas: Vec<Option<u64>> = Vec::new();
    let mut marca = String::new();
    let escrever = |l: &mut Paginas,
                    texto: &mut String,
                    titulo: Option<HeadingLevel>,
                    recuo: f32,
                    marca: &str| {
        let t = texto.trim().to_owned();
        texto.clear();
        if t.is_empty() {
            return;
        }
        match titulo {
            Some(n) => {
                let tamanho = match n {
                    HeadingLevel::H1 => 15.0,
                    HeadingLevel::H2 => 13.0,
                    _ => 11.5,
                };
                l.y -= 4.0;
                l.paragrafo(&t, Fonte::Negrito, tamanho, MARGEM + recuo);
            }
            None => l.paragrafo(&format!("{marca}{t}"), Fonte::Normal, 11.0, MARGEM + recuo),
        }
        l.y -= 4.0;
    };
    for ev in Parser::new(md) {
        let recuo = 14.0 * listas.len() as f32;
        match ev {
            Event::Start(Tag::Heading { level, .. }) => titulo = Some(level),
            Event::End(TagEnd::Heading(_)) => {
                escrever(l, &mut texto, titulo, recuo, "");
                titulo = None;
            }
            Event::Start(Tag::List(inicio)) => {
                escrever(l, &mut texto, None, recuo, &marca);
                marca.clear();
                listas.push(inicio);
            }
            Event::End(TagEnd::List(_)) => {
                escrever(l, &mut texto, None, recuo, &marca);
                marca.clear();
                listas.pop();
            }
            Event::Start(Tag::Item) => {
                escrever(l, &mut texto, None, recuo, &marca);
                marca = match listas.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_owned(),
                };
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                escrever(l, &mut texto, titulo, recuo, &marca);
                marca.clear();
            }
            Event::Text(t) | Event::Code(t) => texto.push_str(&t),
            Event::SoftBreak => texto.push(' '),
            Event::HardBreak => {
                escrever(l, &mut texto, titulo, recuo, &marca);
                marca.clear();
            }
            Event::Rule => l.y -= 8.0,
            _ => {}
        }
    }
    escrever(l, &mut texto, titulo, 0.0, &marca);
}

/// The avulso's PDF.
pub fn pdf(c: &Conteudo) -> Vec<u8> {
    let mut l = Paginas::new();
    l.paragrafo(&c.camara, Fonte::Negrito, 13.0, MARGEM);
    l.linha("Avulso", Fonte::Normal, 11.0, MARGEM);
    l.y -= 8.0;
    l.paragrafo(&c.identificacao, Fonte::Negrito, 18.0, MARGEM);
    l.paragrafo(&c.tipo, Fonte::Normal, 11.0, MARGEM);
    l.y -= 6.0;
    l.campo("Apresentada em", &data_br(c.apresentada_em));
    l.campo(
        if c.autores.len() > 1 {
            "Autores"
        } else {
            "Autoria"
        },
        &if c.autores.is_empty() {
            "—".to_owned()
        } else {
            c.autores.join("; ")
        },
    );
    l.campo("Ementa", &c.ementa);
    if !c.texto.trim().is_empty() {
        l.y -= 6.0;
        l.linha("Texto", Fonte::Negrito, 12.0, MARGEM);
        l.y -= 4.0;
        markdown(&mut l, &c.texto);
    }
    if !c.justificativa.trim().is_empty() {
        l.y -= 6.0;
        l.linha("Justificativa", Fonte::Negrito, 12.0, MARGEM);
        l.y -= 4.0;
        markdown(&mut l, &c.justificativa);
    }
    super::documento(l, &format!("Avulso — {}", c.identificacao))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conteudo(texto: &str) -> Conteudo {
        Conteudo {
            camara: "Câmara Municipal de Teste".into(),
            identificacao: "PL 7/2026".into(),
            tipo: "Projeto de Lei".into(),
            apresentada_em: time::macros::date!(2026 - 03 - 10),
            ementa: "Dispõe sobre a criação do programa de leitura.".into(),
            autores: vec!["Vereadora Ana".into()],
            texto: texto.into(),
            justificativa: "Porque sim.".into(),
        }
    }

    /// How many pages a PDF has (its page objects).
    fn paginas(b: &[u8]) -> usize {
        String::from_utf8_lossy(b).matches("/Type /Page").count()
            - String::from_utf8_lossy(b).matches("/Type /Pages").count()
    }

    #[test]
    fn a_long_text_flows_onto_more_pages() {
        let curto = pdf(&conteudo(
            "# Art. 1º\n\nUm parágrafo.\n\n- item um\n- item dois\n\n1. primeiro\n2. segundo",
        ));
        assert!(curto.starts_with(b"%PDF-"));
        assert_eq!(paginas(&curto), 1);
        let paragrafo = "Parágrafo com palavras suficientes para quebrar linhas. ".repeat(40);
        let longo = pdf(&conteudo(&format!("{paragrafo}\n\n").repeat(30)));
        assert!(paginas(&longo) > 3, "{}", paginas(&longo));
        // Accents are WinAnsi bytes in the content (0xE3 = ã), not UTF-8.
        assert!(curto.windows(2).all(|w| w != "ã".as_bytes()));
    }
}
