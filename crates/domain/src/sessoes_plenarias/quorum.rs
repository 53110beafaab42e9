//! The result of a votação, computed from the item's quórum and the câmara's regimento.
//!
//! - Quórum de deliberação: no result is declared unless the maioria absoluta of the
//!   cadeiras is present (`SemQuorum` otherwise). The cadeiras are the seats the law gives
//!   the câmara: a vacant seat still counts in the maioria absoluta and the qualified
//!   quóruns.
//! - Maioria simples (of the presentes): more SIM than NÃO. Abstenções are neutral, or count
//!   against when the regimento says so (`Abstencao::ContaContra`).
//! - Maioria absoluta, 2/3, 3/5 (of the cadeiras): SIM ≥ ⌊c/2⌋+1, ⌈2c/3⌉, ⌈3c/5⌉.
//! - Unanimidade (of the presentes): every presente votes SIM.
//! - A tie (simples) rejects, unless the presidente breaks it.
//! - The presidente's vote (`VotoPresidente`): either it counts like any other, or the
//!   presidente votes only to break a tie and where the quórum is qualified (absoluta, 2/3,
//!   3/5, unanimidade), the usual rule of the regimentos.

use crate::ValidationError;

use super::votacao::Voto;

/// The quórum an item needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Regra {
    MaioriaSimples,
    MaioriaAbsoluta,
    DoisTercos,
    TresQuintos,
    Unanimidade,
}

impl Regra {
    pub const ALL: [Self; 5] = [
        Self::MaioriaSimples,
        Self::MaioriaAbsoluta,
        Self::DoisTercos,
        Self::TresQuintos,
        Self::Unanimidade,
    ];

    /// The same codes as the tipos de proposição (`domain::proposicoes::Quorum`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MaioriaSimples => "maioria_simples",
            Self::MaioriaAbsoluta => "maioria_absoluta",
            Self::DoisTercos => "dois_tercos",
            Self::TresQuintos => "tres_quintos",
            Self::Unanimidade => "unanimidade",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::MaioriaSimples => "Maioria simples",
            Self::MaioriaAbsoluta => "Maioria absoluta",
            Self::DoisTercos => "Dois terços",
            Self::TresQuintos => "Três quintos",
            Self::Unanimidade => "Unanimidade",
        }
    }

    /// Whether the quórum is qualified (the presidente votes in it).
    pub fn qualificada(self) -> bool {
        self != Self::MaioriaSimples
    }
}

impl From<crate::proposicoes::Quorum> for Regra {
    fn from(q: crate::proposicoes::Quorum) -> Self {
        use crate::proposicoes::Quorum as Q;
        match q {
            Q::MaioriaSimples => Self::MaioriaSimples,
            Q::MaioriaAbsoluta => Self::MaioriaAbsoluta,
            Q::DoisTercos => Self::DoisTercos,
            Q::TresQuintos => Self::TresQuintos,
        }
    }
}

/// When the presidente's vote counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VotoPresidente {
    /// Only to break a tie, and where the quórum is qualified.
    Desempate,
    /// Always, like any councilor's.
    Sempre,
}

impl VotoPresidente {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Desempate => "desempate",
            Self::Sempre => "sempre",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Desempate, Self::Sempre]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// What an abstenção does in a maioria simples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Abstencao {
    Neutra,
    ContaContra,
}

impl Abstencao {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Neutra => "neutra",
            Self::ContaContra => "conta_contra",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Neutra, Self::ContaContra]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// The câmara's voting rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regimento {
    /// The seats the law gives the câmara (vacant ones included).
    pub cadeiras: i64,
    pub presidente: VotoPresidente,
    pub abstencao: Abstencao,
}

/// ⌊n/2⌋+1.
pub fn maioria_absoluta(n: i64) -> i64 {
    n / 2 + 1
}

/// ⌈n·p/q⌉ for non-negative n.
fn fracao(n: i64, p: i64, q: i64) -> i64 {
    (n * p + q - 1) / q
}

/// The presentes a sessão needs to deliberate.
pub fn quorum_deliberacao(cadeiras: i64) -> i64 {
    maioria_absoluta(cadeiras)
}

/// The presentes a sessão needs to be installed: one third of the cadeiras (⌈c/3⌉), the
/// usual rule; the deliberação needs the maioria absoluta.
pub fn quorum_instalacao(cadeiras: i64) -> i64 {
    fracao(cadeiras, 1, 3)
}

/// The votes of the councilors other than the presidente, and the presentes (presidente
/// included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contagem {
    pub sim: i64,
    pub nao: i64,
    pub abstencao: i64,
    pub presentes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resultado {
    Aprovada,
    Rejeitada,
    /// The maioria absoluta was not present: nothing was decided.
    SemQuorum,
}

impl Resultado {
    pub const ALL: [Self; 3] = [Self::Aprovada, Self::Rejeitada, Self::SemQuorum];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aprovada => "aprovada",
            Self::Rejeitada => "rejeitada",
            Self::SemQuorum => "sem_quorum",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Aprovada => "Aprovada",
            Self::Rejeitada => "Rejeitada",
            Self::SemQuorum => "Sem quórum",
        }
    }
}

/// The computed result, with the counts it was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apuracao {
    pub resultado: Resultado,
    /// The counts with the presidente's vote where it counted.
    pub sim: i64,
    pub nao: i64,
    pub abstencao: i64,
    /// The SIM votes the quórum needed (for a maioria simples: one more than the votes
    /// against).
    pub necessario: i64,
    pub empate: bool,
    /// The presidente's vote decided a tie.
    pub desempate: bool,
    /// In Portuguese, for the painel and the record.
    pub explicacao: String,
}

/// Computes the result of a votação. `presidente` is the presidente's vote, if cast.
/// Refused when the counts do not add up (more votes than presentes).
pub fn apurar(
    regra: Regra,
    reg: &Regimento,
    c: Contagem,
    presidente: Option<Voto>,
) -> Result<Apuracao, ValidationError> {
    let votos = c.sim + c.nao + c.abstencao + i64::from(presidente.is_some());
    if c.sim < 0 || c.nao < 0 || c.abstencao < 0 || reg.cadeiras < 1 {
        return Err(ValidationError::new(
            "votos",
            "Os totais não podem ser negativos.",
        ));
    }
    if votos > c.presentes {
        return Err(ValidationError::new(
            "votos",
            format!(
                "Há {votos} votos e só {} presentes: confira os totais.",
                c.presentes
            ),
        ));
    }
    let conta_presidente = reg.presidente == VotoPresidente::Sempre || regra.qualificada();
    let (mut sim, mut nao, mut abstencao) = (c.sim, c.nao, c.abstencao);
    if conta_presidente {
        match presidente {
            Some(Voto::Sim) => sim += 1,
            Some(Voto::Nao) => nao += 1,
            Some(Voto::Abstencao) => abstencao += 1,
            None => {}
        }
    }
    let quorum = quorum_deliberacao(reg.cadeiras);
    let base = |resultado, necessario, empate, desempate, explicacao| Apuracao {
        resultado,
        sim,
        nao,
        abstencao,
        necessario,
        empate,
        desempate,
        explicacao,
    };
    if c.presentes < quorum {
        return Ok(base(
            Resultado::SemQuorum,
            0,
            false,
            false,
            format!(
                "Sem quórum de deliberação: {} presentes, são necessários {quorum} (maioria \
                 absoluta de {} cadeiras).",
                c.presentes, reg.cadeiras
            ),
        ));
    }
    let decide = |aprovada: bool| {
        if aprovada {
            Resultado::Aprovada
        } else {
            Resultado::Rejeitada
        }
    };
    Ok(match regra {
        Regra::MaioriaSimples => {
            let contra = nao
                + match reg.abstencao {
                    Abstencao::Neutra => 0,
                    Abstencao::ContaContra => abstencao,
                };
            if sim != contra {
                base(
                    decide(sim > contra),
                    contra + 1,
                    false,
                    false,
                    format!("Maioria simples: {sim} a favor, {contra} contra."),
                )
            } else {
                let voto = (!conta_presidente).then_some(presidente).flatten();
                match voto {
                    Some(v @ (Voto::Sim | Voto::Nao)) if sim > 0 => {
                        let aprovada = v == Voto::Sim;
                        Apuracao {
                            sim: sim + i64::from(aprovada),
                            nao: nao + i64::from(!aprovada),
                            ..base(
                                decide(aprovada),
                                contra + 1,
                                true,
                                true,
                                format!(
                                    "Empate ({contra} a {contra}) desfeito pelo voto do \
                                     presidente."
                                ),
                            )
                        }
                    }
                    _ => base(
                        Resultado::Rejeitada,
                        contra + 1,
                        true,
                        false,
                        format!("Empate ({sim} a {contra}): a matéria é rejeitada."),
                    ),
                }
            }
        }
        Regra::Unanimidade => base(
            decide(sim == c.presentes),
            c.presentes,
            false,
            false,
            format!("Unanimidade: {sim} a favor de {} presentes.", c.presentes),
        ),
        q => {
            let necessario = match q {
                Regra::MaioriaAbsoluta => maioria_absoluta(reg.cadeiras),
                Regra::DoisTercos => fracao(reg.cadeiras, 2, 3),
                _ => fracao(reg.cadeiras, 3, 5),
            };
            base(
                decide(sim >= necessario),
                necessario,
                false,
                false,
                format!(
                    "{}: {sim} a favor, necessários {necessario} de {} cadeiras.",
                    q.label(),
                    reg.cadeiras
                ),
            )
        }
    })
}

#[cfg(test)]
#[path = "quorum_tests.rs"]
mod tests;
