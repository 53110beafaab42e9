//! The sessão's documents as PDFs: the ata (its Markdown as paragraphs, headings and
//! lists), one votação (item, date, each councilor's vote when nominal, totals, result; a
//! secret votação prints turnout and totals only, whatever it is given) and the certidão de
//! presença (who was present, justified absences). Each opens with a header a reader can
//! check: the câmara, the document, the sessão and its date (dd/mm/aaaa, câmara's zone),
//! and ends with where the public copy lives.

use super::{Fonte, MARGEM, Paginas};

/// The header every document opens with.
pub struct Cabecalho<'a> {
    pub camara: &'a str,
    /// "Ata", "Votação nominal", "Certidão de presença".
    pub documento: &'a str,
    /// "1ª Sessão Ordinária da 1ª Sessão Legislativa".
    pub sessao: &'a str,
    /// dd/mm/aaaa.
    pub data: &'a str,
    /// Where anyone checks it (the public page), and when it was issued (dd/mm/aaaa hh:mm).
    pub url: &'a str,
    pub emitido_em: &'a str,
}

fn cabecalho(l: &mut Paginas, c: &Cabecalho) {
    l.paragrafo(c.camara, Fonte::Negrito, 14.0, MARGEM);
    l.linha(c.documento, Fonte::Normal, 12.0, MARGEM);
    l.y -= 8.0;
    l.paragrafo(
        &format!("{}, de {}", c.sessao, c.data),
        Fonte::Negrito,
        13.0,
        MARGEM,
    );
    l.y -= 6.0;
}

fn rodape(l: &mut Paginas, c: &Cabecalho) {
    l.y -= 10.0;
    l.paragrafo(
        &format!(
            "Emitido em {} pelo Plenário. Verifique em {}",
            c.emitido_em, c.url
        ),
        Fonte::Normal,
        9.0,
        MARGEM,
    );
}

/// The ata's PDF: the header and the text (Markdown).
pub fn ata(c: &Cabecalho, texto: &str, situacao: &str) -> Vec<u8> {
    let mut l = Paginas::new();
    cabecalho(&mut l, c);
    l.campo("Situação", situacao);
    l.y -= 4.0;
    super::avulso::markdown(&mut l, texto);
    rodape(&mut l, c);
    super::documento(l, &format!("Ata — {}", c.sessao))
}

/// One votação, as the PDF shows it.
pub struct VotacaoPdf {
    pub item: String,
    pub turno: i16,
    /// "Nominal", "Secreta", "Simbólica".
    pub tipo: String,
    pub secreta: bool,
    pub quorum: String,
    pub sim: i32,
    pub nao: i32,
    pub abstencao: i32,
    pub votantes: i64,
    pub presentes: Option<i32>,
    /// "Aprovada", "Rejeitada"…
    pub resultado: String,
    pub explicacao: Option<String>,
    pub justificativa: Option<String>,
    /// Councilor and vote ("SIM"); never printed for a secret votação.
    pub votos: Vec<(String, String)>,
}

/// The PDF of one votação.
pub fn votacao(c: &Cabecalho, v: &VotacaoPdf) -> Vec<u8> {
    let mut l = Paginas::new();
    cabecalho(&mut l, c);
    l.campo("Item", &v.item);
    l.campo(
        "Votação",
        &format!("{}, {}º turno, quórum: {}", v.tipo, v.turno, v.quorum),
    );
    if !v.secreta && !v.votos.is_empty() {
        l.linha("Votos", Fonte::Negrito, 10.0, MARGEM);
        for (nome, voto) in &v.votos {
            l.paragrafo(
                &format!("{nome}: {voto}"),
                Fonte::Normal,
                11.0,
                MARGEM + 12.0,
            );
        }
        l.y -= 4.0;
    }
    if v.secreta {
        l.paragrafo(
            "Votação secreta: só o comparecimento e os totais são registrados.",
            Fonte::Normal,
            10.0,
            MARGEM,
        );
        l.y -= 4.0;
    }
    let mut totais = format!(
        "SIM {}, NÃO {}, ABSTENÇÃO {}; votantes: {}",
        v.sim, v.nao, v.abstencao, v.votantes
    );
    if let Some(p) = v.presentes {
        totais.push_str(&format!("; presentes: {p}"));
    }
    l.campo("Totais", &totais);
    l.campo("Resultado", &v.resultado);
    if let Some(e) = &v.explicacao {
        l.campo("Apuração", e);
    }
    if let Some(j) = &v.justificativa {
        l.campo("Resultado alterado pela Mesa. Justificativa", j);
    }
    rodape(&mut l, c);
    super::documento(l, &format!("{} — {}", c.documento, v.item))
}

/// The roll of a sessão, as the certidão shows it.
pub struct Presencas {
    /// hh:mm, when the sessão was opened and closed.
    pub abertura: Option<String>,
    pub encerramento: Option<String>,
    pub presentes: Vec<String>,
    /// Name and justification.
    pub justificadas: Vec<(String, String)>,
    pub ausentes: Vec<String>,
}

fn nomes(l: &mut Paginas, titulo: &str, v: &[String]) {
    l.linha(titulo, Fonte::Negrito, 10.0, MARGEM);
    if v.is_empty() {
        l.paragrafo("Ninguém.", Fonte::Normal, 11.0, MARGEM + 12.0);
    }
    for n in v {
        l.paragrafo(n, Fonte::Normal, 11.0, MARGEM + 12.0);
    }
    l.y -= 4.0;
}

/// The certidão de presença of a sessão.
pub fn certidao(c: &Cabecalho, p: &Presencas) -> Vec<u8> {
    let mut l = Paginas::new();
    cabecalho(&mut l, c);
    let horario = match (&p.abertura, &p.encerramento) {
        (Some(a), Some(e)) => format!("aberta às {a} e encerrada às {e}"),
        (Some(a), None) => format!("aberta às {a}, ainda não encerrada"),
        _ => "não aberta".to_owned(),
    };
    l.paragrafo(
        &format!(
            "Certifico, para os devidos fins, que na {}, de {} ({horario}), a presença dos \
             vereadores foi a registrada abaixo.",
            c.sessao, c.data
        ),
        Fonte::Normal,
        11.0,
        MARGEM,
    );
    l.y -= 6.0;
    nomes(
        &mut l,
        &format!("Presentes ({})", p.presentes.len()),
        &p.presentes,
    );
    l.linha(
        &format!("Ausências justificadas ({})", p.justificadas.len()),
        Fonte::Negrito,
        10.0,
        MARGEM,
    );
    if p.justificadas.is_empty() {
        l.paragrafo("Nenhuma.", Fonte::Normal, 11.0, MARGEM + 12.0);
    }
    for (n, j) in &p.justificadas {
        l.paragrafo(&format!("{n} — {j}"), Fonte::Normal, 11.0, MARGEM + 12.0);
    }
    l.y -= 4.0;
    nomes(
        &mut l,
        &format!("Ausentes ({})", p.ausentes.len()),
        &p.ausentes,
    );
    rodape(&mut l, c);
    super::documento(l, &format!("Certidão de presença — {}", c.sessao))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cab<'a>(doc: &'a str) -> Cabecalho<'a> {
        Cabecalho {
            camara: "Câmara Municipal de Teste",
            documento: doc,
            sessao: "1ª Sessão Ordinária",
            data: "10/03/2025",
            url: "https://teste.example/legislativo/sessoes/1",
            emitido_em: "11/03/2025 10:00",
        }
    }

    #[test]
    fn a_secret_votacao_prints_no_name_whatever_it_is_given() {
        let v = VotacaoPdf {
            item: "PL 1/2025".into(),
            turno: 1,
            tipo: "Secreta".into(),
            secreta: true,
            quorum: "Maioria simples".into(),
            sim: 2,
            nao: 1,
            abstencao: 0,
            votantes: 3,
            presentes: Some(3),
            resultado: "Aprovada".into(),
            explicacao: None,
            justificativa: None,
            votos: vec![("Vereadora Zuleica".into(), "SIM".into())],
        };
        let b = votacao(&cab("Votação"), &v);
        assert!(b.starts_with(b"%PDF-"));
        assert!(!String::from_utf8_lossy(&b).contains("Zuleica"));
        let nominal = votacao(
            &cab("Votação"),
            &VotacaoPdf {
                secreta: false,
                ..v
            },
        );
        assert!(String::from_utf8_lossy(&nominal).contains("Zuleica"));
    }
}
