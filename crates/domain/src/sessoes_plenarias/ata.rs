//! The ata's draft, from what happened in the sessão: abertura, presença, oradores, each
//! pauta item with its state, its votações' results and (nominal only) each vote, and the
//! encerramento. Plain Markdown the secretaria edits. A secret votação shows turnout and
//! totals only, whatever the caller passes.

pub mod estado;

use std::fmt::Write;

use super::pauta::SituacaoItem;
use super::votacao::{TipoVotacao, Voto};

/// What the draft is made of (dates and times already in the câmara's time zone).
#[derive(Debug, Clone, Default)]
pub struct DadosAta {
    /// "1ª Sessão Ordinária".
    pub titulo: String,
    /// dd/mm/aaaa.
    pub data: String,
    pub local: String,
    /// hh:mm.
    pub abertura: Option<String>,
    pub encerramento: Option<String>,
    pub presentes: Vec<String>,
    /// Name and the justification, if any.
    pub ausentes: Vec<(String, Option<String>)>,
    /// Phase and speaker, in the order they spoke.
    pub oradores: Vec<(String, String)>,
    pub itens: Vec<ItemAta>,
}

#[derive(Debug, Clone)]
pub struct ItemAta {
    pub titulo: String,
    pub situacao: SituacaoItem,
    pub motivo: Option<String>,
    pub votacoes: Vec<VotacaoAta>,
}

#[derive(Debug, Clone)]
pub struct VotacaoAta {
    pub turno: i16,
    pub tipo: TipoVotacao,
    pub sim: i32,
    pub nao: i32,
    pub abstencao: i32,
    pub votantes: i64,
    /// "Aprovada", "Rejeitada", "Sem quórum".
    pub resultado: String,
    /// The operator's justification when the result was overridden.
    pub justificativa: Option<String>,
    /// Each councilor's vote (ignored for a secret votação).
    pub votos: Vec<(String, Voto)>,
}

fn lista(nomes: &[String]) -> String {
    match nomes {
        [] => "ninguém".into(),
        [um] => um.clone(),
        [resto @ .., ultimo] => format!("{} e {ultimo}", resto.join(", ")),
    }
}

/// The draft of the ata, in Markdown.
pub fn rascunho(d: &DadosAta) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Ata da {}\n", d.titulo);
    match &d.abertura {
        Some(h) => {
            let _ = writeln!(
                s,
                "Aos {}, às {h}, no(a) {}, foi aberta a {}.\n",
                d.data, d.local, d.titulo
            );
        }
        None => {
            let _ = writeln!(s, "A {} de {} não foi aberta.\n", d.titulo, d.data);
        }
    }
    let _ = writeln!(s, "## Presença\n");
    let _ = writeln!(s, "Presentes: {}.\n", lista(&d.presentes));
    if !d.ausentes.is_empty() {
        let nomes: Vec<String> = d
            .ausentes
            .iter()
            .map(|(n, j)| match j {
                Some(j) => format!("{n} (justificada: {j})"),
                None => n.clone(),
            })
            .collect();
        let _ = writeln!(s, "Ausentes: {}.\n", lista(&nomes));
    }
    if !d.oradores.is_empty() {
        let _ = writeln!(s, "## Oradores\n");
        for (fase, nome) in &d.oradores {
            let _ = writeln!(s, "- {fase}: {nome}");
        }
        s.push('\n');
    }
    if !d.itens.is_empty() {
        let _ = writeln!(s, "## Ordem do Dia\n");
    }
    for (n, i) in d.itens.iter().enumerate() {
        let _ = writeln!(s, "### {}. {}\n", n + 1, i.titulo);
        if i.situacao != SituacaoItem::NaPauta {
            let _ = write!(s, "{}", i.situacao.rotulo());
            match &i.motivo {
                Some(m) => {
                    let _ = writeln!(s, ": {m}.\n");
                }
                None => s.push_str(".\n\n"),
            }
        }
        for v in &i.votacoes {
            votacao(&mut s, v);
        }
    }
    match &d.encerramento {
        Some(h) => {
            let _ = writeln!(
                s,
                "Nada mais havendo a tratar, a sessão foi encerrada às {h}."
            );
        }
        None => s.push_str("A sessão não foi encerrada.\n"),
    }
    s
}

fn votacao(s: &mut String, v: &VotacaoAta) {
    let _ = writeln!(
        s,
        "Votação {} em {}º turno: SIM {}, NÃO {}, ABSTENÇÃO {} ({} votantes). Resultado: **{}**.",
        v.tipo.rotulo().to_lowercase(),
        v.turno,
        v.sim,
        v.nao,
        v.abstencao,
        v.votantes,
        v.resultado
    );
    if let Some(j) = &v.justificativa {
        let _ = writeln!(s, "Resultado declarado pela Mesa: {j}.");
    }
    if v.tipo == TipoVotacao::Nominal && !v.votos.is_empty() {
        s.push('\n');
        for (nome, voto) in &v.votos {
            let _ = writeln!(s, "- {nome}: {}", voto.rotulo());
        }
    }
    s.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dados() -> DadosAta {
        let votos = vec![
            ("Ana Souza".to_owned(), Voto::Sim),
            ("Bruno Lima".to_owned(), Voto::Nao),
            ("Carla Reis".to_owned(), Voto::Sim),
        ];
        let v = |tipo| VotacaoAta {
            turno: 1,
            tipo,
            sim: 2,
            nao: 1,
            abstencao: 0,
            votantes: 3,
            resultado: "Aprovada".into(),
            justificativa: None,
            votos: votos.clone(),
        };
        DadosAta {
            titulo: "1ª Sessão Ordinária".into(),
            data: "10/03/2025".into(),
            local: "Plenário".into(),
            abertura: Some("18:02".into()),
            encerramento: Some("20:15".into()),
            presentes: vec!["Ana Souza".into(), "Bruno Lima".into(), "Carla Reis".into()],
            ausentes: vec![("Davi Rocha".into(), Some("licença médica".into()))],
            oradores: vec![("Pequeno Expediente".into(), "Ana Souza".into())],
            itens: vec![
                ItemAta {
                    titulo: "PL 12/2025 — Institui a semana do meio ambiente".into(),
                    situacao: SituacaoItem::NaPauta,
                    motivo: None,
                    votacoes: vec![v(TipoVotacao::Nominal)],
                },
                ItemAta {
                    titulo: "VETO 1/2025".into(),
                    situacao: SituacaoItem::NaPauta,
                    motivo: None,
                    votacoes: vec![v(TipoVotacao::Secreta)],
                },
                ItemAta {
                    titulo: "REQ 3/2025".into(),
                    situacao: SituacaoItem::Retirado,
                    motivo: Some("a requerimento do autor".into()),
                    votacoes: vec![],
                },
            ],
        }
    }

    #[test]
    fn the_draft_lists_what_happened_in_order() {
        let a = rascunho(&dados());
        let ordem = [
            "# Ata da 1ª Sessão Ordinária",
            "Aos 10/03/2025, às 18:02, no(a) Plenário, foi aberta",
            "Presentes: Ana Souza, Bruno Lima e Carla Reis.",
            "Ausentes: Davi Rocha (justificada: licença médica).",
            "- Pequeno Expediente: Ana Souza",
            "### 1. PL 12/2025",
            "Votação nominal em 1º turno: SIM 2, NÃO 1, ABSTENÇÃO 0 (3 votantes). Resultado: **Aprovada**.",
            "- Bruno Lima: NÃO",
            "### 2. VETO 1/2025",
            "Votação secreta em 1º turno: SIM 2, NÃO 1",
            "### 3. REQ 3/2025",
            "Retirado de pauta: a requerimento do autor.",
            "encerrada às 20:15",
        ];
        let mut desde = 0;
        for t in ordem {
            let i = a[desde..]
                .find(t)
                .unwrap_or_else(|| panic!("{t:?} missing in\n{a}"));
            desde += i + t.len();
        }
    }

    #[test]
    fn a_secret_votacao_shows_totals_only() {
        let a = rascunho(&dados());
        let secreta = &a[a.find("### 2.").unwrap()..a.find("### 3.").unwrap()];
        for nome in ["Ana Souza", "Bruno Lima", "Carla Reis"] {
            assert!(!secreta.contains(nome), "{nome:?} in\n{secreta}");
        }
        assert!(!secreta.lines().any(|l| l.starts_with("- ")), "{secreta}");
        assert!(secreta.contains("SIM 2, NÃO 1, ABSTENÇÃO 0"));
    }

    #[test]
    fn a_sessao_never_opened_says_so() {
        let d = DadosAta {
            abertura: None,
            encerramento: None,
            ..dados()
        };
        let a = rascunho(&d);
        assert!(
            a.contains("não foi aberta") && a.contains("não foi encerrada"),
            "{a}"
        );
        assert_eq!(lista(&[]), "ninguém");
    }
}
