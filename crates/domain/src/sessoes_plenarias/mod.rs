//! Sessões plenárias: the status of a sessão and the moves between statuses, the rule
//! that numbers them, and (in the submodules) presença, quórum and votação.
//!
//! Where each rule of the area lives is listed in docs/architecture.md ("Sessões plenárias,
//! mesa, comissões: where each rule lives"). The database keeps the set of statuses (check
//! `sessao_plenaria_status`) and the motivo a cancelled sessão carries; the moves between
//! them live here, once, and the store asks [`StatusSessao::can_become`] before writing.

use std::fmt;

use crate::ValidationError;

pub mod ata;
pub mod numeracao;
pub mod oradores;
pub mod pauta;
pub mod presenca;
pub mod quorum;
pub mod votacao;

/// The status of a sessão plenária: agendada → aberta ⇄ suspensa → encerrada, or cancelada
/// (and back to agendada). The database keeps the same moves (trigger
/// `sessao_plenaria_transicao`), so a raw UPDATE cannot skip a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusSessao {
    /// On the calendar, never opened (its number may still move with the date order).
    Agendada,
    /// Running: presença, pauta and votações happen now.
    Aberta,
    /// Paused; it resumes (aberta) or closes (encerrada).
    Suspensa,
    /// Closed; it changes only through an audited retificação with a motivo.
    Encerrada,
    /// Called off, with its motivo; it stays in the public record and keeps its number.
    Cancelada,
}

impl StatusSessao {
    pub const ALL: [StatusSessao; 5] = [
        Self::Agendada,
        Self::Aberta,
        Self::Suspensa,
        Self::Encerrada,
        Self::Cancelada,
    ];

    /// The value stored in `app.sessao_plenaria.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agendada => "agendada",
            Self::Aberta => "aberta",
            Self::Suspensa => "suspensa",
            Self::Encerrada => "encerrada",
            Self::Cancelada => "cancelada",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// "Agendada", "Em andamento"… (a past agendada one is shown with [`Exibicao`]).
    pub fn label(self) -> &'static str {
        match self {
            Self::Agendada => "Agendada",
            Self::Aberta => "Em andamento",
            Self::Suspensa => "Suspensa",
            Self::Encerrada => "Encerrada",
            Self::Cancelada => "Cancelada",
        }
    }

    /// Whether a sessão in `self` may be moved to `to`. The only entry point that writes a
    /// status (`store::sessoes_plenarias::transicionar`) asks this first.
    pub fn can_become(self, to: StatusSessao) -> bool {
        use StatusSessao::*;
        matches!(
            (self, to),
            (Agendada, Aberta)
                | (Agendada, Cancelada)
                | (Cancelada, Agendada)
                | (Aberta, Suspensa)
                | (Suspensa, Aberta)
                | (Aberta, Encerrada)
                | (Suspensa, Encerrada)
        )
    }

    /// Why a sessão in `self` cannot be moved to `to`, in Portuguese; `None` when it can.
    pub fn impedimento(self, to: StatusSessao) -> Option<&'static str> {
        use StatusSessao::*;
        if self.can_become(to) {
            return None;
        }
        Some(match (self, to) {
            (Cancelada, Cancelada) => "A sessão já está cancelada.",
            (Encerrada, _) => {
                "A sessão está encerrada; ela só muda por uma retificação, com o motivo."
            }
            (_, Agendada) => "A sessão não está cancelada.",
            (Aberta, Aberta) => "A sessão já está aberta.",
            (Suspensa, Suspensa) => "A sessão já está suspensa.",
            (_, Cancelada) => "Uma sessão que já foi aberta não pode ser cancelada.",
            (Agendada, Suspensa) => "Só uma sessão aberta pode ser suspensa.",
            (Agendada | Cancelada, Encerrada) => "Só uma sessão aberta pode ser encerrada.",
            (Cancelada, _) => "A sessão está cancelada; reative-a antes de abri-la.",
            _ => "Mudança de situação não permitida.",
        })
    }

    /// Date, time, place and notes change only while the sessão is scheduled.
    pub fn editavel(self) -> bool {
        self == Self::Agendada
    }

    /// Why the sessão cannot be edited, when it cannot.
    pub fn impedimento_edicao(self) -> Option<&'static str> {
        match self {
            Self::Agendada => None,
            Self::Cancelada => Some("A sessão está cancelada; reative-a antes de alterá-la."),
            Self::Encerrada => {
                Some("A sessão está encerrada; ela só muda por uma retificação, com o motivo.")
            }
            Self::Aberta | Self::Suspensa => {
                Some("A sessão já foi aberta; a data e o local não mudam mais.")
            }
        }
    }

    /// Only a scheduled sessão may be deleted (a cancelled one stays in the record).
    pub fn excluivel(self) -> bool {
        self == Self::Agendada
    }

    /// The sessão is running (aberta or suspensa): presença and the pauta are worked now.
    pub fn em_curso(self) -> bool {
        matches!(self, Self::Aberta | Self::Suspensa)
    }

    /// Its number is fixed: it was opened, or cancelled (both stay in the record as they
    /// are). Only an agendada sessão's number follows the date order.
    pub fn numero_fixo(self) -> bool {
        self != Self::Agendada
    }
}

/// How a sessão is shown (public pages, admin, open data): its status, except that a past
/// agendada sessão that was never opened is "Não realizada", never "Agendada".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exibicao {
    Status(StatusSessao),
    NaoRealizada,
}

impl Exibicao {
    /// `dia` is the sessão's date and `hoje` today's date, both in the câmara's time zone.
    pub fn de(status: StatusSessao, dia: time::Date, hoje: time::Date) -> Self {
        if status == StatusSessao::Agendada && dia < hoje {
            Self::NaoRealizada
        } else {
            Self::Status(status)
        }
    }

    /// The open data's value: the status, or `nao_realizada`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status(s) => s.as_str(),
            Self::NaoRealizada => "nao_realizada",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Status(s) => s.label(),
            Self::NaoRealizada => "Não realizada",
        }
    }

    /// Whether the live painel keeps its stream open: a sessão still to happen today or
    /// later, or running. A finished, cancelled or never-held one is shown once, and the
    /// stream ends.
    pub fn ao_vivo(self) -> bool {
        matches!(
            self,
            Self::Status(StatusSessao::Agendada | StatusSessao::Aberta | StatusSessao::Suspensa)
        )
    }
}

impl fmt::Display for StatusSessao {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for StatusSessao {
    type Error = ValidationError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s).ok_or_else(|| {
            ValidationError::new(
                "status",
                format!("Situação de sessão desconhecida: \"{s}\"."),
            )
        })
    }
}

impl serde::Serialize for StatusSessao {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The numbering rule: a sessão is numbered per sessão legislativa and tipo, without gaps
/// ("15ª Sessão Ordinária da 2ª Sessão Legislativa"). This is the counter's scope; the
/// store takes the next number of it (`contador::proximo`) and gives the last one back
/// when it is deleted.
pub fn escopo_numeracao(sessao_legislativa: impl fmt::Display, tipo: impl fmt::Display) -> String {
    format!("sessao:{sessao_legislativa}:{tipo}")
}

/// Only the last number of its scope may be deleted (so numbering keeps no gaps).
pub fn numero_excluivel(numero: i64, ultimo_do_escopo: i64) -> bool {
    numero == ultimo_do_escopo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_of_statuses() {
        use StatusSessao::*;
        let permitidas = [
            (Agendada, Aberta),
            (Agendada, Cancelada),
            (Cancelada, Agendada),
            (Aberta, Suspensa),
            (Suspensa, Aberta),
            (Aberta, Encerrada),
            (Suspensa, Encerrada),
        ];
        for de in StatusSessao::ALL {
            for para in StatusSessao::ALL {
                let pode = permitidas.contains(&(de, para));
                assert_eq!(de.can_become(para), pode, "{de} → {para}");
                assert_eq!(de.impedimento(para).is_none(), pode, "{de} → {para}");
            }
        }
        // Nothing leaves encerrada, nothing skips aberta.
        assert!(StatusSessao::ALL.iter().all(|s| !Encerrada.can_become(*s)));
        assert!(!Agendada.can_become(Encerrada));
        assert!(!Agendada.can_become(Suspensa));
        assert!(!Aberta.can_become(Cancelada));
        assert_eq!(
            Cancelada.impedimento(Cancelada),
            Some("A sessão já está cancelada.")
        );
        assert_eq!(
            Agendada.impedimento(Agendada),
            Some("A sessão não está cancelada.")
        );
    }

    #[test]
    fn a_past_sessao_never_opened_is_nao_realizada() {
        use time::macros::date;
        let hoje = date!(2026 - 03 - 10);
        let ontem = date!(2026 - 03 - 09);
        assert_eq!(
            Exibicao::de(StatusSessao::Agendada, ontem, hoje),
            Exibicao::NaoRealizada
        );
        assert_eq!(Exibicao::NaoRealizada.label(), "Não realizada");
        assert_eq!(Exibicao::NaoRealizada.as_str(), "nao_realizada");
        assert!(!Exibicao::NaoRealizada.ao_vivo());
        assert!(Exibicao::de(StatusSessao::Agendada, hoje, hoje).ao_vivo());
        assert!(Exibicao::Status(StatusSessao::Suspensa).ao_vivo());
        assert!(!Exibicao::Status(StatusSessao::Encerrada).ao_vivo());
        assert!(!Exibicao::Status(StatusSessao::Cancelada).ao_vivo());
        // Today's is still agendada; an opened or cancelled past one keeps its status.
        assert_eq!(
            Exibicao::de(StatusSessao::Agendada, hoje, hoje).label(),
            "Agendada"
        );
        for s in [
            StatusSessao::Encerrada,
            StatusSessao::Cancelada,
            StatusSessao::Aberta,
        ] {
            assert_eq!(Exibicao::de(s, ontem, hoje), Exibicao::Status(s));
        }
    }

    #[test]
    fn names_round_trip_and_unknown_ones_are_refused() {
        for s in StatusSessao::ALL {
            assert_eq!(StatusSessao::parse(s.as_str()), Some(s));
            assert_eq!(StatusSessao::try_from(s.as_str().to_owned()), Ok(s));
        }
        assert_eq!(StatusSessao::parse("em_andamento"), None);
        assert_eq!(StatusSessao::parse("nao_realizada"), None);
        assert!(StatusSessao::try_from("Agendada".to_owned()).is_err());
        assert_eq!(StatusSessao::Cancelada.label(), "Cancelada");
    }

    #[test]
    fn only_scheduled_sessoes_are_edited_or_deleted() {
        assert!(StatusSessao::Agendada.editavel());
        assert!(StatusSessao::Agendada.excluivel());
        assert!(!StatusSessao::Cancelada.editavel());
        assert!(!StatusSessao::Cancelada.excluivel());
        for s in [
            StatusSessao::Aberta,
            StatusSessao::Suspensa,
            StatusSessao::Encerrada,
        ] {
            assert!(!s.editavel() && !s.excluivel() && s.impedimento_edicao().is_some());
            assert!(s.numero_fixo());
        }
        assert!(!StatusSessao::Agendada.numero_fixo());
        assert!(StatusSessao::Cancelada.impedimento_edicao().is_some());
        assert_eq!(StatusSessao::Agendada.impedimento_edicao(), None);
    }

    #[test]
    fn numbering_is_per_sessao_legislativa_and_tipo() {
        assert_eq!(escopo_numeracao("sl1", "t1"), "sessao:sl1:t1");
        assert_ne!(escopo_numeracao("sl1", "t1"), escopo_numeracao("sl2", "t1"));
        assert_ne!(escopo_numeracao("sl1", "t1"), escopo_numeracao("sl1", "t2"));
        assert!(numero_excluivel(3, 3));
        assert!(!numero_excluivel(2, 3));
    }
}
