//! The PDFs Plenário writes (the protocolo's receipt, the proposição's avulso) with
//! `pdf-writer` in the standard fonts (Helvetica, Courier), which every PDF reader has, in
//! WinAnsiEncoding: it holds every letter of Portuguese (á, ã, ç, ê, õ, º…), so nothing is
//! embedded and nothing is fetched. Characters outside it print as "?". Text is wrapped by
//! Helvetica's widths and flows onto new pages.

pub mod ata;
pub mod avulso;
pub mod comprovante;
pub mod norma;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// A4, in points.
pub const LARGURA: f32 = 595.0;
pub const ALTURA: f32 = 842.0;
/// The margin on every side.
pub const MARGEM: f32 = 56.0;

/// Which of the three standard fonts.
#[derive(Clone, Copy, PartialEq)]
pub enum Fonte {
    Normal,
    Negrito,
    Mono,
}

impl Fonte {
    fn nome(self) -> Name<'static> {
        match self {
            Fonte::Normal => Name(b"F1"),
            Fonte::Negrito => Name(b"F2"),
            Fonte::Mono => Name(b"F3"),
        }
    }
}

/// `s` in WinAnsiEncoding (Windows-1252).
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '\t' => b' ',
            _ => b'?',
        })
        .collect()
}

/// Helvetica's advance widths (per 1000 units of the font size) of ASCII 32..=126.
#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

pub fn largura(texto: &str, fonte: Fonte, tamanho: f32) -> f32 {
    let unidades: f32 = texto
        .chars()
        .map(|c| {
            if fonte == Fonte::Mono {
                return 600.0;
            }
            // An accented letter is as wide as its base letter.
            let base = deunicode::deunicode_char(c)
                .and_then(|s| s.chars().next())
                .unwrap_or('a');
            let w = match base {
                ' '..='~' => f32::from(HELVETICA[base as usize - 32]),
                _ => 556.0,
            };
            if fonte == Fonte::Negrito { w * 1.06 } else { w }
        })
        .sum();
    unidades * tamanho / 1000.0
}

/// Breaks `texto` into lines at most `max` points wide (a word longer than a line is cut).
pub fn quebrar(texto: &str, fonte: Fonte, tamanho: f32, max: f32) -> Vec<String> {
    let mut linhas = Vec::new();
    for paragrafo in texto.lines() {
        let mut linha = String::new();
        for palavra in paragrafo.split_whitespace() {
            let tentativa = if linha.is_empty() {
                palavra.to_owned()
            } else {
                format!("{linha} {palavra}")
            };
            if largura(&tentativa, fonte, tamanho) <= max {
                linha = tentativa;
                continue;
            }
            if !linha.is_empty() {
                linhas.push(std::mem::take(&mut linha));
            }
            let mut pedaco = String::new();
            for c in palavra.chars() {
                pedaco.push(c);
                if largura(&pedaco, fonte, tamanho) > max {
                    pedaco.pop();
                    linhas.push(std::mem::take(&mut pedaco));
                    pedaco.push(c);
                }
            }
            linha = pedaco;
        }
        linhas.push(linha);
    }
    linhas
}

/// A page's worth of text, laid out from the top.
pub struct Paginas {
    pub paginas: Vec<Content>,
    pub y: f32,
}

impl Default for Paginas {
    fn default() -> Self {
        Self::new()
    }
}

impl Paginas {
    pub fn new() -> Self {
        Self {
            paginas: vec![Content::new()],
            y: ALTURA - MARGEM,
        }
    }

    pub fn atual(&mut self) -> &mut Content {
        let n = self.paginas.len() - 1;
        &mut self.paginas[n]
    }

    pub fn espaco(&mut self, altura: f32) {
        if self.y - altura < MARGEM {
            self.paginas.push(Content::new());
            self.y = ALTURA - MARGEM;
        }
    }

    pub fn linha(&mut self, texto: &str, fonte: Fonte, tamanho: f32, x: f32) {
        let altura = tamanho * 1.35;
        self.espaco(altura);
        self.y -= altura;
        let y = self.y;
        let bytes = win_ansi(texto);
        self.atual()
            .begin_text()
            .set_font(fonte.nome(), tamanho)
            .next_line(x, y)
            .show(Str(&bytes))
            .end_text();
    }

    pub fn paragrafo(&mut self, texto: &str, fonte: Fonte, tamanho: f32, x: f32) {
        for l in quebrar(texto, fonte, tamanho, LARGURA - MARGEM - x) {
            self.linha(&l, fonte, tamanho, x);
        }
    }

    /// "Rótulo: valor", the value wrapped under itself.
    pub fn campo(&mut self, rotulo: &str, valor: &str) {
        self.linha(rotulo, Fonte::Negrito, 10.0, MARGEM);
        self.paragrafo(valor, Fonte::Normal, 11.0, MARGEM + 12.0);
        self.y -= 4.0;
    }

    pub fn qr(&mut self, url: &str, lado: f32) {
        let Ok(code) = qrcode::QrCode::new(url.as_bytes()) else {
            return;
        };
        let n = code.width();
        let modulo = lado / n as f32;
        self.espaco(lado + 8.0);
        self.y -= lado + 8.0;
        let (x0, y0) = (MARGEM, self.y);
        let cores = code.to_colors();
        let c = self.atual();
        c.set_fill_gray(0.0);
        for (i, cor) in cores.iter().enumerate() {
            if *cor == qrcode::Color::Dark {
                let (col, lin) = ((i % n) as f32, (i / n) as f32);
                c.rect(
                    x0 + col * modulo,
                    y0 + lado - (lin + 1.0) * modulo,
                    modulo,
                    modulo,
                );
            }
        }
        c.fill_nonzero();
    }
}

/// The document: every page of `l`, titled `titulo`.
pub fn documento(l: Paginas, titulo: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalogo, arvore, info) = (Ref::new(1), Ref::new(2), Ref::new(3));
    let fontes = [
        (Ref::new(4), Fonte::Normal, &b"Helvetica"[..]),
        (Ref::new(5), Fonte::Negrito, &b"Helvetica-Bold"[..]),
        (Ref::new(6), Fonte::Mono, &b"Courier"[..]),
    ];
    let mut proximo = 7;
    let mut paginas = Vec::new();
    for _ in &l.paginas {
        paginas.push((Ref::new(proximo), Ref::new(proximo + 1)));
        proximo += 2;
    }
    pdf.catalog(catalogo).pages(arvore);
    pdf.pages(arvore)
        .kids(paginas.iter().map(|(p, _)| *p))
        .count(i32::try_from(paginas.len()).unwrap_or(i32::MAX));
    pdf.document_info(info)
        .title(TextStr(titulo))
        .producer(TextStr("Plenário"));
    for (id, _, base) in fontes {
        pdf.type1_font(id)
            .base_font(Name(base))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    for ((pagina, conteudo), c) in paginas.iter().zip(l.paginas) {
        let mut page = pdf.page(*pagina);
        page.media_box(Rect::new(0.0, 0.0, LARGURA, ALTURA))
            .parent(arvore)
            .contents(*conteudo);
        let mut recursos = page.resources();
        let mut f = recursos.fonts();
        for (id, fonte, _) in fontes {
            f.pair(fonte.nome(), id);
        }
        f.finish();
        recursos.finish();
        page.finish();
        pdf.stream(*conteudo, &c.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_letters_are_in_win_ansi() {
        assert_eq!(win_ansi("ação"), vec![b'a', 0xE7, 0xE3, b'o']);
        assert_eq!(win_ansi("nº — €"), vec![b'n', 0xBA, b' ', 0x97, b' ', 0x80]);
        assert_eq!(win_ansi("☃"), vec![b'?']);
    }

    #[test]
    fn long_text_is_wrapped_within_the_width() {
        let texto =
            "Dispõe sobre a criação do programa municipal de incentivo à leitura ".repeat(8);
        let linhas = quebrar(&texto, Fonte::Normal, 11.0, 400.0);
        assert!(linhas.len() > 3);
        assert!(
            linhas
                .iter()
                .all(|l| largura(l, Fonte::Normal, 11.0) <= 400.0)
        );
        let hash = "a".repeat(300);
        assert!(quebrar(&hash, Fonte::Mono, 8.0, 200.0).len() > 1);
    }
}
