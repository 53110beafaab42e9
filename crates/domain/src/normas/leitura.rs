//! Reading pasted text into a [`Texto`]: line classification and placement.

use super::texto::{Dispositivo, ErroLinha, Texto, Tipo, de_romano};

/// A whole norma's text.
pub fn parse(entrada: &str) -> Result<Texto, Vec<ErroLinha>> {
    ler(entrada, false)
}

/// A piece of text from an amending norma ("§ 2º Nova redação."): its first dispositivo may
/// be of any kind; the rest must fit under it or be its siblings.
pub fn parse_fragmento(entrada: &str) -> Result<Vec<Dispositivo>, Vec<ErroLinha>> {
    let t = ler(entrada, true)?;
    if t.dispositivos.is_empty() {
        return Err(vec![ErroLinha {
            linha: 1,
            mensagem: "Nenhum dispositivo encontrado: o texto deve começar por \"Art.\", \"§\", \
                       \"Parágrafo único.\", um inciso (\"I –\"), uma alínea (\"a)\") ou um item \
                       (\"1.\")."
                .into(),
        }]);
    }
    Ok(t.dispositivos)
}

/// What a line starts, when it starts a dispositivo: the new node and the rest of the line.
pub(crate) fn classificar(linha: &str) -> Option<(Dispositivo, &str)> {
    agrupador(linha)
        .or_else(|| artigo(linha))
        .or_else(|| paragrafo(linha))
        .or_else(|| inciso(linha))
        .or_else(|| alinea(linha))
        .or_else(|| item(linha))
}

fn ler(entrada: &str, fragmento: bool) -> Result<Texto, Vec<ErroLinha>> {
    let mut raiz: Vec<Dispositivo> = Vec::new();
    // The path of indexes from `raiz` to the open dispositivo, widest first.
    let mut pilha: Vec<usize> = Vec::new();
    let mut preambulo: Vec<String> = Vec::new();
    let mut erros = Vec::new();
    // A heading waiting for its name on the next line.
    let mut espera_nome = false;
    for (n, bruta) in entrada.lines().enumerate() {
        let linha = limpar(bruta);
        if linha.is_empty() {
            continue;
        }
        let Some((mut novo, resto)) = classificar(&linha) else {
            match pilha.is_empty() {
                true => preambulo.push(linha),
                false => {
                    let alvo = no_mut(&mut raiz, &pilha);
                    if espera_nome || alvo.texto.is_empty() {
                        alvo.texto = linha;
                    } else {
                        alvo.texto.push('\n');
                        alvo.texto.push_str(&linha);
                    }
                }
            }
            espera_nome = false;
            continue;
        };
        let resto = resto.trim().to_string();
        espera_nome = novo.tipo.agrupador() && resto.is_empty();
        // Close dispositivos until one can hold the new one.
        while !pilha.is_empty() && !no_mut(&mut raiz, &pilha).tipo.contem(novo.tipo) {
            pilha.pop();
        }
        if novo.tipo == Tipo::Artigo {
            let mut caput = Dispositivo::novo(Tipo::Caput, 0);
            caput.texto = resto;
            novo.filhos.push(caput);
        } else {
            novo.texto = resto;
        }
        let raiz_ok = fragmento || novo.tipo.agrupador() || novo.tipo == Tipo::Artigo;
        if pilha.is_empty() {
            if !raiz_ok {
                erros.push(ErroLinha {
                    linha: n + 1,
                    mensagem: format!(
                        "Linha {}: {} \"{}\" fora de {}.",
                        n + 1,
                        novo.tipo.nome(),
                        novo.rotulo(),
                        lugar(novo.tipo)
                    ),
                });
                continue;
            }
            raiz.push(novo);
            pilha.push(raiz.len() - 1);
        } else {
            let pai = no_mut(&mut raiz, &pilha);
            pai.filhos.push(novo);
            let i = pai.filhos.len() - 1;
            pilha.push(i);
        }
        // An artigo keeps the caput open for its incisos.
        if no_mut(&mut raiz, &pilha).tipo == Tipo::Artigo {
            pilha.push(0);
        }
    }
    if !erros.is_empty() {
        return Err(erros);
    }
    let mut t = Texto {
        preambulo: preambulo.join("\n"),
        dispositivos: raiz,
    };
    for d in &mut t.dispositivos {
        separar_notas(d);
    }
    Ok(t)
}

fn lugar(t: Tipo) -> &'static str {
    match t {
        Tipo::Paragrafo => "um artigo",
        Tipo::Inciso => "um artigo ou parágrafo",
        Tipo::Alinea => "um inciso",
        _ => "uma alínea",
    }
}

pub(crate) fn no_mut<'a>(raiz: &'a mut [Dispositivo], caminho: &[usize]) -> &'a mut Dispositivo {
    let (primeiro, resto) = caminho.split_first().expect("caminho não vazio");
    let mut d = &mut raiz[*primeiro];
    for &i in resto {
        d = &mut d.filhos[i];
    }
    d
}

/// Trims, collapses spaces, drops Markdown's heading marks and bold.
fn limpar(linha: &str) -> String {
    let l = linha
        .trim()
        .trim_start_matches(['#', '>'])
        .replace("**", "");
    l.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn separar_notas(d: &mut Dispositivo) {
    if let Some((texto, nota)) = nota_final(&d.texto) {
        d.texto = texto;
        d.nota = Some(nota);
    }
    for f in &mut d.filhos {
        separar_notas(f);
    }
}

const NOTAS: [&str; 10] = [
    "redação dada",
    "redação da",
    "incluíd",
    "incluid",
    "acrescid",
    "revogad",
    "renumerad",
    "vide",
    "vetad",
    "declarad",
];

/// "Texto. (Redação dada pela Lei nº 5, de 2020)" → ("Texto.", "Redação dada pela …").
fn nota_final(texto: &str) -> Option<(String, String)> {
    let t = texto.trim_end_matches(['.', ';', ',']).trim_end();
    if !t.ends_with(')') {
        return None;
    }
    let mut nivel = 0i32;
    let mut inicio = None;
    for (i, c) in t.char_indices().rev() {
        match c {
            ')' => nivel += 1,
            '(' => {
                nivel -= 1;
                if nivel == 0 {
                    inicio = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let i = inicio?;
    let nota = t[i + 1..t.len() - 1].trim();
    let minusc = nota.to_lowercase();
    if !NOTAS.iter().any(|p| minusc.starts_with(p)) {
        return None;
    }
    Some((t[..i].trim_end().to_string(), nota.to_string()))
}

fn com_resto(d: Dispositivo, resto: &str) -> Option<(Dispositivo, &str)> {
    Some((d, resto))
}

/// "PARTE I", "LIVRO II", "TÍTULO III – DAS …", "CAPÍTULO ÚNICO", "Seção I", "Subseção II".
fn agrupador(l: &str) -> Option<(Dispositivo, &str)> {
    const NOMES: [(&str, Tipo); 12] = [
        ("PARTE", Tipo::Parte),
        ("LIVRO", Tipo::Livro),
        ("TÍTULO", Tipo::Titulo),
        ("TITULO", Tipo::Titulo),
        ("CAPÍTULO", Tipo::Capitulo),
        ("CAPITULO", Tipo::Capitulo),
        ("SUBSEÇÃO", Tipo::Subsecao),
        ("Subseção", Tipo::Subsecao),
        ("SEÇÃO", Tipo::Secao),
        ("Seção", Tipo::Secao),
        ("SECAO", Tipo::Secao),
        ("Secao", Tipo::Secao),
    ];
    let (tipo, resto) = NOMES
        .iter()
        .find_map(|(p, t)| l.strip_prefix(p).map(|r| (*t, r)))?;
    let resto = resto.strip_prefix(' ')?;
    let (palavra, depois) = resto.split_once(' ').unwrap_or((resto, ""));
    let mut d = Dispositivo::novo(tipo, 1);
    let (num, suf) = palavra.split_once('-').unwrap_or((palavra, ""));
    if matches!(
        num,
        "ÚNICO" | "ÚNICA" | "Único" | "Única" | "UNICO" | "UNICA"
    ) {
        d.unico = true;
    } else {
        d.numero = de_romano(num)?;
        d.sufixo = sufixo(suf)?;
    }
    let depois = depois.trim_start_matches(['–', '—', '-', ' ']);
    com_resto(d, depois)
}

fn sufixo(s: &str) -> Option<u32> {
    match s.as_bytes() {
        [] => Some(0),
        [c] if c.is_ascii_uppercase() => Some(u32::from(c - b'A') + 1),
        _ => None,
    }
}

/// "1º", "1°", "1o", "10.", "1.000", "2º-A" at the start of `s`: (número, sufixo, rest).
fn ordinal(s: &str) -> Option<(u32, u32, &str)> {
    let fim = s
        .char_indices()
        .find(|&(i, c)| {
            let b = s.as_bytes();
            let milhar = c == '.'
                && b.get(i + 1..i + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                && !b.get(i + 4).is_some_and(u8::is_ascii_digit);
            !(c.is_ascii_digit() || milhar)
        })
        .map_or(s.len(), |(i, _)| i);
    if fim == 0 {
        return None;
    }
    let numero: u32 = s[..fim].replace('.', "").parse().ok()?;
    if numero == 0 {
        return None;
    }
    let mut r = &s[fim..];
    r = r
        .strip_prefix(".º")
        .or_else(|| r.strip_prefix('º'))
        .or_else(|| r.strip_prefix('°'))
        .or_else(|| r.strip_prefix('ª'))
        .or_else(|| {
            r.strip_prefix('o')
                .filter(|x| x.is_empty() || x.starts_with([' ', '-', '.']))
        })
        .unwrap_or(r);
    let mut suf = 0;
    if let Some(x) = r.strip_prefix('-').or_else(|| r.strip_prefix('‑')) {
        let c = x.chars().next()?;
        if !c.is_ascii_uppercase() {
            return None;
        }
        suf = u32::from(c as u8 - b'A') + 1;
        r = &x[1..];
    }
    r = r.strip_prefix('.').unwrap_or(r);
    if !(r.is_empty() || r.starts_with(' ')) {
        return None;
    }
    Some((numero, suf, r))
}

fn artigo(l: &str) -> Option<(Dispositivo, &str)> {
    for p in ["Artigo único", "ARTIGO ÚNICO", "Art. único"] {
        if let Some(r) = l.strip_prefix(p) {
            let mut d = Dispositivo::novo(Tipo::Artigo, 1);
            d.unico = true;
            return com_resto(d, r.trim_start_matches(['.', ' ']));
        }
    }
    let r = l
        .strip_prefix("Art.")
        .or_else(|| l.strip_prefix("ART."))
        .or_else(|| {
            l.strip_prefix("Art ")
                .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })?
        .trim_start();
    let (numero, suf, resto) = ordinal(r)?;
    let mut d = Dispositivo::novo(Tipo::Artigo, numero);
    d.sufixo = suf;
    com_resto(d, resto.trim_start_matches(['–', '—', '-', ' ']))
}

fn paragrafo(l: &str) -> Option<(Dispositivo, &str)> {
    for p in [
        "Parágrafo único",
        "PARÁGRAFO ÚNICO",
        "Paragrafo único",
        "Parágrafo Único",
    ] {
        if let Some(r) = l.strip_prefix(p) {
            let mut d = Dispositivo::novo(Tipo::Paragrafo, 1);
            d.unico = true;
            return com_resto(d, r.trim_start_matches(['.', ' ', '–', '—', '-']));
        }
    }
    let r = l.strip_prefix('§')?.trim_start();
    let (numero, suf, resto) = ordinal(r)?;
    let mut d = Dispositivo::novo(Tipo::Paragrafo, numero);
    d.sufixo = suf;
    com_resto(d, resto.trim_start_matches(['–', '—', '-', ' ']))
}

/// "IV – texto", "IV - texto", "IV— texto", "II-A – texto".
fn inciso(l: &str) -> Option<(Dispositivo, &str)> {
    let fim = l
        .find(|c: char| !matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
        .unwrap_or(l.len());
    let numero = de_romano(&l[..fim])?;
    let mut r = &l[fim..];
    let mut suf = 0;
    if let Some(x) = r.strip_prefix('-')
        && let Some(c) = x.chars().next()
        && c.is_ascii_uppercase()
        && x[1..].trim_start().starts_with(['–', '—', '-'])
    {
        suf = u32::from(c as u8 - b'A') + 1;
        r = &x[1..];
    }
    let r = r.trim_start();
    let r = r
        .strip_prefix('–')
        .or_else(|| r.strip_prefix('—'))
        .or_else(|| r.strip_prefix('-'))?;
    if !(r.is_empty() || r.starts_with(' ')) {
        return None;
    }
    let mut d = Dispositivo::novo(Tipo::Inciso, numero);
    d.sufixo = suf;
    com_resto(d, r)
}

/// "a) texto".
fn alinea(l: &str) -> Option<(Dispositivo, &str)> {
    let mut cs = l.chars();
    let c = cs.next()?;
    if !c.is_ascii_lowercase() || cs.next()? != ')' {
        return None;
    }
    let r = &l[2..];
    if !(r.is_empty() || r.starts_with(' ')) {
        return None;
    }
    com_resto(
        Dispositivo::novo(Tipo::Alinea, u32::from(c as u8 - b'a') + 1),
        r,
    )
}

/// "1. texto" or "1) texto".
fn item(l: &str) -> Option<(Dispositivo, &str)> {
    let fim = l.find(|c: char| !c.is_ascii_digit())?;
    if fim == 0 || fim > 3 {
        return None;
    }
    let numero: u32 = l[..fim].parse().ok().filter(|n| *n > 0)?;
    let r = l[fim..]
        .strip_prefix('.')
        .or_else(|| l[fim..].strip_prefix(')'))?;
    if !(r.is_empty() || r.starts_with(' ')) {
        return None;
    }
    com_resto(Dispositivo::novo(Tipo::Item, numero), r)
}
