//! Comissões at work: the conclusions of a parecer, the votes of the members and the rule
//! that decides a comissão's vote on a parecer.
//!
//! The rule ([`apurar`]): every current member has one vote (sim, não, abstenção) or is
//! ausente. Quórum is the majority of the members (more than half of them present: those who
//! voted sim, não or abstained); without it the vote decides nothing ("sem quórum"). With
//! quórum, the parecer is approved by the majority of those present: more "sim" than half of
//! the presentes, so an abstention weighs as not approving and a tie rejects.

use crate::ValidationError;

use crate::proposicoes::codigos;
// The macro's `Display` impl names `fmt`.
use std::fmt;

codigos! {
    /// What the relator concludes.
    Conclusao {
        Favoravel = "favoravel", "Favorável";
        Contrario = "contrario", "Contrário";
        FavoravelComEmendas = "favoravel_com_emendas", "Favorável com emendas";
    }
}

codigos! {
    /// One member's vote on a parecer.
    Voto {
        Sim = "sim", "Sim";
        Nao = "nao", "Não";
        Abstencao = "abstencao", "Abstenção";
        Ausente = "ausente", "Ausente";
    }
}

codigos! {
    /// What a comissão's vote on a parecer decided.
    Resultado {
        Aprovado = "aprovado", "Aprovado";
        Rejeitado = "rejeitado", "Rejeitado";
        SemQuorum = "sem_quorum", "Sem quórum";
    }
}

/// The count of a vote and its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Apuracao {
    pub membros: u32,
    pub sim: u32,
    pub nao: u32,
    pub abstencoes: u32,
    pub ausentes: u32,
    pub resultado: Resultado,
}

impl Apuracao {
    pub fn presentes(&self) -> u32 {
        self.sim + self.nao + self.abstencoes
    }
}

/// Counts the votes of a comissão with `membros` current members and decides (see the
/// module's doc). Members with no vote in `votos` are ausentes; more votes than members is
/// refused.
pub fn apurar(membros: u32, votos: &[Voto]) -> Result<Apuracao, ValidationError> {
    if membros == 0 {
        return Err(ValidationError::new(
            "votos",
            "A comissão não tem membros em exercício: não há quem vote.",
        ));
    }
    if votos.len() > membros as usize {
        return Err(ValidationError::new(
            "votos",
            "Há mais votos do que membros em exercício na comissão.",
        ));
    }
    let conta = |v: Voto| votos.iter().filter(|x| **x == v).count() as u32;
    let (sim, nao, abstencoes) = (conta(Voto::Sim), conta(Voto::Nao), conta(Voto::Abstencao));
    let presentes = sim + nao + abstencoes;
    let ausentes = membros - presentes;
    let resultado = if presentes * 2 <= membros {
        Resultado::SemQuorum
    } else if sim * 2 > presentes {
        Resultado::Aprovado
    } else {
        Resultado::Rejeitado
    };
    Ok(Apuracao {
        membros,
        sim,
        nao,
        abstencoes,
        ausentes,
        resultado,
    })
}

/// The relator's prazo in dias úteis for a regime de tramitação, when the despacho does not
/// say otherwise: 15 ordinário, 10 prioridade, 5 urgência, 1 urgência urgentíssima.
pub fn prazo_padrao(regime: crate::proposicoes::Regime) -> u32 {
    use crate::proposicoes::Regime::*;
    match regime {
        Ordinario => 15,
        Prioridade => 10,
        Urgencia => 5,
        UrgenciaUrgentissima => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Voto::*;

    fn r(membros: u32, votos: &[Voto]) -> Resultado {
        apurar(membros, votos).unwrap().resultado
    }

    #[test]
    fn majority_of_those_present_approves() {
        assert_eq!(r(5, &[Sim, Sim, Sim, Nao, Nao]), Resultado::Aprovado);
        assert_eq!(r(5, &[Sim, Sim, Nao]), Resultado::Aprovado);
        assert_eq!(r(3, &[Sim, Sim]), Resultado::Aprovado);
        assert_eq!(r(5, &[Nao, Nao, Sim]), Resultado::Rejeitado);
    }

    #[test]
    fn a_tie_rejects() {
        assert_eq!(r(4, &[Sim, Sim, Nao, Nao]), Resultado::Rejeitado);
        assert_eq!(r(5, &[Sim, Sim, Nao, Nao, Ausente]), Resultado::Rejeitado);
    }

    #[test]
    fn abstentions_count_as_present_and_do_not_approve() {
        // 2 sim of 4 present is not more than half.
        assert_eq!(
            r(5, &[Sim, Sim, Abstencao, Abstencao]),
            Resultado::Rejeitado
        );
        assert_eq!(r(5, &[Sim, Sim, Abstencao]), Resultado::Aprovado);
        // Abstentions give quórum.
        assert_eq!(r(5, &[Sim, Abstencao, Abstencao]), Resultado::Rejeitado);
    }

    #[test]
    fn without_the_majority_of_members_there_is_no_quorum() {
        assert_eq!(r(5, &[Sim, Sim]), Resultado::SemQuorum);
        assert_eq!(r(4, &[Sim, Sim]), Resultado::SemQuorum);
        assert_eq!(r(4, &[Sim, Sim, Ausente, Ausente]), Resultado::SemQuorum);
        assert_eq!(r(3, &[Sim]), Resultado::SemQuorum);
        assert_eq!(r(3, &[]), Resultado::SemQuorum);
        assert_eq!(r(1, &[Sim]), Resultado::Aprovado);
    }

    #[test]
    fn the_count_is_kept_and_absent_members_are_counted() {
        let a = apurar(7, &[Sim, Sim, Nao, Abstencao, Ausente]).unwrap();
        assert_eq!((a.sim, a.nao, a.abstencoes, a.ausentes), (2, 1, 1, 3));
        assert_eq!(a.presentes(), 4);
        assert_eq!(a.resultado, Resultado::Rejeitado);
    }

    #[test]
    fn impossible_counts_are_refused() {
        assert!(apurar(2, &[Sim, Sim, Sim]).is_err());
        assert!(apurar(0, &[]).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for c in Conclusao::ALL {
            assert_eq!(Conclusao::parse(c.as_str()), Some(*c));
        }
        for v in Voto::ALL {
            assert_eq!(Voto::parse(v.as_str()), Some(*v));
        }
        assert_eq!(Resultado::parse("sem_quorum"), Some(Resultado::SemQuorum));
        assert_eq!(prazo_padrao(crate::proposicoes::Regime::Ordinario), 15);
    }
}
