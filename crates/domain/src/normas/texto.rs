//! The articulated text of a norma (LC 95/1998): a tree of dispositivos parsed from pasted
//! plain text or Markdown, rendered back to text, each dispositivo addressed by its LexML
//! fragment id (`art5_par1u`, `art2_inc3_ali1`, `art1_cpt`).
//!
//! The parser is total on well-placed dispositivos: a line that starts a dispositivo
//! (`Art. 1º`, `§ 2º`, `Parágrafo único.`, `I –`, `a)`, `1.`, `CAPÍTULO I`…) opens one, any
//! other line continues the text of the last one (or the preâmbulo before the first).
//! A dispositivo out of place (an inciso before any artigo, an alínea outside an inciso) is
//! refused with its line number, every such line at once.

use serde::{Deserialize, Serialize};

/// The kinds of dispositivo, from the widest agrupador to the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tipo {
    Parte,
    Livro,
    Titulo,
    Capitulo,
    Secao,
    Subsecao,
    Artigo,
    Caput,
    Paragrafo,
    Inciso,
    Alinea,
    Item,
}

impl Tipo {
    /// The LexML fragment prefix (`art`, `par`, `inc`, `ali`, `ite`, `cpt`, `cap`…).
    pub fn prefixo(self) -> &'static str {
        match self {
            Tipo::Parte => "prt",
            Tipo::Livro => "liv",
            Tipo::Titulo => "tit",
            Tipo::Capitulo => "cap",
            Tipo::Secao => "sec",
            Tipo::Subsecao => "sub",
            Tipo::Artigo => "art",
            Tipo::Caput => "cpt",
            Tipo::Paragrafo => "par",
            Tipo::Inciso => "inc",
            Tipo::Alinea => "ali",
            Tipo::Item => "ite",
        }
    }

    pub fn nome(self) -> &'static str {
        match self {
            Tipo::Parte => "parte",
            Tipo::Livro => "livro",
            Tipo::Titulo => "título",
            Tipo::Capitulo => "capítulo",
            Tipo::Secao => "seção",
            Tipo::Subsecao => "subseção",
            Tipo::Artigo => "artigo",
            Tipo::Caput => "caput",
            Tipo::Paragrafo => "parágrafo",
            Tipo::Inciso => "inciso",
            Tipo::Alinea => "alínea",
            Tipo::Item => "item",
        }
    }

    pub fn agrupador(self) -> bool {
        self < Tipo::Artigo
    }

    /// Whether `self` may hold a child of kind `filho`.
    pub fn contem(self, filho: Tipo) -> bool {
        use Tipo::*;
        match self {
            Parte | Livro | Titulo | Capitulo | Secao | Subsecao => {
                filho == Artigo || (filho.agrupador() && filho > self)
            }
            Artigo => matches!(filho, Caput | Paragrafo),
            Caput | Paragrafo => filho == Inciso,
            Inciso => filho == Alinea,
            Alinea => filho == Item,
            Item => false,
        }
    }
}

/// One dispositivo and those below it. An artigo's own words are in its first child, the
/// caput (always present); a heading's name is its `texto`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispositivo {
    pub tipo: Tipo,
    /// 1-based ordinal (0 for the caput).
    pub numero: u32,
    /// `-A` is 1, `-B` 2 (dispositivos added between others), 0 when none.
    pub sufixo: u32,
    /// "Parágrafo único", "Artigo único", "CAPÍTULO ÚNICO".
    pub unico: bool,
    pub texto: String,
    /// The trailing note, without its parentheses: "Redação dada pela Lei nº 12, de 2021".
    pub nota: Option<String>,
    pub filhos: Vec<Dispositivo>,
}

/// A whole articulated text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Texto {
    /// Lines before the first dispositivo (epígrafe, ementa, preâmbulo), if any.
    pub preambulo: String,
    pub dispositivos: Vec<Dispositivo>,
}

/// A line the parser refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErroLinha {
    pub linha: usize,
    pub mensagem: String,
}

impl Dispositivo {
    pub fn novo(tipo: Tipo, numero: u32) -> Self {
        Dispositivo {
            tipo,
            numero,
            sufixo: 0,
            unico: false,
            texto: String::new(),
            nota: None,
            filhos: Vec::new(),
        }
    }

    /// Marked "(Revogado)" or "(Revogado pela Lei …)" in the text itself.
    pub fn revogado(&self) -> bool {
        let alvo = if self.tipo == Tipo::Artigo {
            self.filhos.first().unwrap_or(self)
        } else {
            self
        };
        alvo.nota
            .as_deref()
            .is_some_and(|n| n.to_lowercase().starts_with("revogad"))
    }

    /// The label as LC 95 writes it: "Art. 1º", "Art. 10.", "§ 2º", "Parágrafo único.",
    /// "IV –", "b)", "3.", "CAPÍTULO II", "Seção I".
    pub fn rotulo(&self) -> String {
        let suf = letra_sufixo(self.sufixo);
        let ordinal = |n: u32| {
            if n < 10 {
                format!("{n}º{suf}")
            } else if suf.is_empty() {
                format!("{n}.")
            } else {
                format!("{n}{suf}.")
            }
        };
        let romano = || {
            if self.unico {
                "ÚNICO".to_string()
            } else {
                format!("{}{suf}", romano(self.numero))
            }
        };
        match self.tipo {
            Tipo::Parte => format!("PARTE {}", romano()),
            Tipo::Livro => format!("LIVRO {}", romano()),
            Tipo::Titulo => format!("TÍTULO {}", romano()),
            Tipo::Capitulo => format!("CAPÍTULO {}", romano()),
            Tipo::Secao if self.unico => "Seção Única".into(),
            Tipo::Secao => format!("Seção {}", romano()),
            Tipo::Subsecao if self.unico => "Subseção Única".into(),
            Tipo::Subsecao => format!("Subseção {}", romano()),
            Tipo::Artigo if self.unico => "Artigo único.".into(),
            Tipo::Artigo => format!("Art. {}", ordinal(self.numero)),
            Tipo::Caput => String::new(),
            Tipo::Paragrafo if self.unico => "Parágrafo único.".into(),
            Tipo::Paragrafo => format!("§ {}", ordinal(self.numero)),
            Tipo::Inciso => format!("{} –", romano()),
            Tipo::Alinea => format!("{})", letra(self.numero)),
            Tipo::Item => format!("{}.", self.numero),
        }
    }

    /// This dispositivo's own segment of the fragment id: `art5`, `par1u`, `inc3`, `art1-1`.
    pub fn segmento(&self) -> String {
        let mut s = format!("{}{}", self.tipo.prefixo(), self.numero);
        if self.tipo == Tipo::Caput {
            s = "cpt".into();
        }
        if self.sufixo > 0 {
            s.push_str(&format!("-{}", self.sufixo));
        }
        if self.unico {
            s.push('u');
        }
        s
    }

    /// The text of its own line (without the children): "Art. 1º Fica criado …".
    pub fn linha(&self) -> String {
        let (rotulo, corpo) = match self.tipo {
            Tipo::Artigo => match self.filhos.first() {
                Some(c) if c.tipo == Tipo::Caput => (self.rotulo(), c.corpo()),
                _ => (self.rotulo(), String::new()),
            },
            _ => (self.rotulo(), self.corpo()),
        };
        match (rotulo.is_empty(), corpo.is_empty()) {
            (_, true) => rotulo,
            (true, false) => corpo,
            (false, false) => format!("{rotulo} {corpo}"),
        }
    }

    fn corpo(&self) -> String {
        match &self.nota {
            Some(n) if self.texto.is_empty() => format!("({n})"),
            Some(n) => format!("{} ({n})", self.texto),
            None => self.texto.clone(),
        }
    }
}

fn letra_sufixo(s: u32) -> String {
    if s == 0 {
        String::new()
    } else {
        format!("-{}", (b'A' + ((s - 1) % 26) as u8) as char)
    }
}

fn letra(n: u32) -> char {
    (b'a' + (n.saturating_sub(1) % 26) as u8) as char
}

/// 1994 → "MCMXCIV".
pub fn romano(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// "XIV" → 14; only canonical numerals (so "IIII" is not one).
pub fn de_romano(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return None;
    }
    let v = |c: u8| match c {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        b'L' => 50,
        b'C' => 100,
        b'D' => 500,
        _ => 1000,
    };
    let b = s.as_bytes();
    let mut total = 0i64;
    for i in 0..b.len() {
        let x = v(b[i]);
        if i + 1 < b.len() && x < v(b[i + 1]) {
            total -= x;
        } else {
            total += x;
        }
    }
    let total = u32::try_from(total).ok()?;
    (total > 0 && romano(total) == s).then_some(total)
}

impl Texto {
    /// Every dispositivo in reading order with its fragment id and depth.
    pub fn percorrer(&self) -> Vec<(String, &Dispositivo, usize)> {
        let mut out = Vec::new();
        percorrer(&self.dispositivos, "", 0, &mut out);
        out
    }

    /// The dispositivo of a fragment id.
    pub fn buscar(&self, id: &str) -> Option<&Dispositivo> {
        self.percorrer()
            .into_iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, d, _)| d)
    }

    /// The text back, one dispositivo a line, the way the parser reads it.
    pub fn renderizar(&self) -> String {
        let mut out = String::new();
        if !self.preambulo.is_empty() {
            out.push_str(&self.preambulo);
            out.push('\n');
        }
        for (_, d, _) in self.percorrer() {
            if d.tipo == Tipo::Caput {
                continue;
            }
            if d.tipo.agrupador() {
                out.push_str(&d.rotulo());
                out.push('\n');
                let corpo = d.corpo();
                if !corpo.is_empty() {
                    out.push_str(&corpo);
                    out.push('\n');
                }
            } else {
                out.push_str(&d.linha());
                out.push('\n');
            }
        }
        out
    }
}

/// The fragment id of a child of `pai` (the id of its parent dispositivo, "" at the top).
/// Artigos restart the id (LexML numbers them through the whole norma); an inciso of the
/// caput hangs from the artigo (`art2_inc3`).
pub fn id_filho(pai: &str, pai_tipo: Option<Tipo>, d: &Dispositivo) -> String {
    let seg = d.segmento();
    let base = match (pai_tipo, d.tipo) {
        (_, Tipo::Artigo) | (None, _) => return seg,
        (Some(Tipo::Caput), Tipo::Inciso) => pai.trim_end_matches("_cpt"),
        _ => pai,
    };
    if base.is_empty() {
        seg
    } else {
        format!("{base}_{seg}")
    }
}

fn percorrer<'a>(
    ds: &'a [Dispositivo],
    pai: &str,
    nivel: usize,
    out: &mut Vec<(String, &'a Dispositivo, usize)>,
) {
    percorrer_em(ds, pai, None, nivel, out);
}

fn percorrer_em<'a>(
    ds: &'a [Dispositivo],
    pai: &str,
    pai_tipo: Option<Tipo>,
    nivel: usize,
    out: &mut Vec<(String, &'a Dispositivo, usize)>,
) {
    for d in ds {
        let id = id_filho(pai, pai_tipo, d);
        out.push((id.clone(), d, nivel));
        percorrer_em(&d.filhos, &id, Some(d.tipo), nivel + 1, out);
    }
}

pub use super::leitura::{parse, parse_fragmento};
