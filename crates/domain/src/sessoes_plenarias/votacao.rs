//! A votação per (item, turno): aberta → (votos) → encerrada, travada/destravada while open,
//! reaberta or cancelada with a motivo; the kinds (simbólica, nominal, secreta) and the
//! votes.

use crate::proposicoes::codigos;
// The macro's `Display` impl names `fmt`.
use std::fmt;

codigos! {
    /// A councilor's vote.
    Voto {
        Sim = "sim", "SIM";
        Nao = "nao", "NÃO";
        Abstencao = "abstencao", "ABSTENÇÃO";
    }
}

codigos! {
    /// How a votação is taken.
    TipoVotacao {
        /// The presidente declares the result (the operator may record a count).
        Simbolica = "simbolica", "Simbólica";
        /// Each councilor's vote is recorded and public.
        Nominal = "nominal", "Nominal";
        /// Only who voted (turnout) and the totals are stored; nothing links a vote to a
        /// councilor.
        Secreta = "secreta", "Secreta";
    }
}

codigos! {
    /// The state of a votação.
    StatusVotacao {
        Aberta = "aberta", "Aberta";
        /// Open but taking no votes (a pause, e.g. a questão de ordem).
        Travada = "travada", "Travada";
        Encerrada = "encerrada", "Encerrada";
        Cancelada = "cancelada", "Cancelada";
    }
}

codigos! {
    /// The moves of a votação (each one audited).
    Acao {
        Travar = "travar", "Travar";
        Destravar = "destravar", "Destravar";
        Encerrar = "encerrar", "Encerrar";
        Reabrir = "reabrir", "Reabrir";
        Cancelar = "cancelar", "Cancelar";
    }
}

codigos! {
    /// What a pauta item is for.
    TipoAcao {
        Leitura = "leitura", "Leitura";
        Discussao = "discussao", "Discussão";
        Votacao = "votacao", "Votação";
        DiscussaoVotacao = "discussao_votacao", "Discussão e votação";
    }
}

impl TipoAcao {
    /// Whether the item is voted.
    pub fn votada(self) -> bool {
        matches!(self, Self::Votacao | Self::DiscussaoVotacao)
    }
}

impl Acao {
    /// Reabrir and cancelar need a written motivo.
    pub fn pede_motivo(self) -> bool {
        matches!(self, Self::Reabrir | Self::Cancelar)
    }
}

impl StatusVotacao {
    /// The state `acao` leads to from `self`, or why it cannot happen.
    pub fn aplicar(self, acao: Acao) -> Result<StatusVotacao, &'static str> {
        use Acao::*;
        use StatusVotacao::*;
        match (self, acao) {
            (Aberta, Travar) => Ok(Travada),
            (Travada, Destravar) => Ok(Aberta),
            (Aberta | Travada, Encerrar) => Ok(Encerrada),
            (Encerrada, Reabrir) => Ok(Aberta),
            (Aberta | Travada, Cancelar) => Ok(Cancelada),
            (Cancelada, _) => Err("A votação foi cancelada."),
            (Encerrada, _) => Err("A votação está encerrada; reabra-a, com o motivo."),
            (Aberta, Destravar) => Err("A votação não está travada."),
            (Travada, Travar) => Err("A votação já está travada."),
            (Aberta | Travada, Reabrir) => Err("A votação ainda está aberta."),
        }
    }

    /// Only an aberta votação takes votes.
    pub fn aceita_votos(self) -> bool {
        self == Self::Aberta
    }
}

impl TipoVotacao {
    /// Only a nominal vote may change until the close (a secret one cannot: nothing says
    /// what it was).
    pub fn voto_alteravel(self) -> bool {
        self == Self::Nominal
    }

    /// Councilors vote from their devices (simbólica: the operator records the result).
    pub fn individual(self) -> bool {
        self != Self::Simbolica
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_move_of_a_votacao() {
        use Acao::*;
        use StatusVotacao::*;
        let permitidas = [
            (Aberta, Travar, Travada),
            (Travada, Destravar, Aberta),
            (Aberta, Encerrar, Encerrada),
            (Travada, Encerrar, Encerrada),
            (Encerrada, Reabrir, Aberta),
            (Aberta, Cancelar, Cancelada),
            (Travada, Cancelar, Cancelada),
        ];
        for de in StatusVotacao::ALL {
            for a in Acao::ALL {
                let esperado = permitidas
                    .iter()
                    .find(|(d, x, _)| d == de && x == a)
                    .map(|(_, _, p)| *p);
                assert_eq!(de.aplicar(*a).ok(), esperado, "{de} {a}");
            }
        }
        assert!(Aberta.aceita_votos());
        assert!(!Travada.aceita_votos() && !Encerrada.aceita_votos());
        assert!(Reabrir.pede_motivo() && Cancelar.pede_motivo() && !Encerrar.pede_motivo());
    }

    #[test]
    fn codes_round_trip() {
        for v in Voto::ALL {
            assert_eq!(Voto::parse(v.as_str()), Some(*v));
        }
        for t in TipoVotacao::ALL {
            assert_eq!(TipoVotacao::parse(t.as_str()), Some(*t));
        }
        assert_eq!(Voto::Nao.rotulo(), "NÃO");
        assert!(TipoVotacao::Nominal.voto_alteravel());
        assert!(!TipoVotacao::Secreta.voto_alteravel());
        assert!(TipoAcao::DiscussaoVotacao.votada() && !TipoAcao::Leitura.votada());
    }
}
