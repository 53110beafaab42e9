//! Sessões plenárias: the status of a sessão and the moves between statuses, and the rule
//! that numbers them.
//!
//! Where each rule of the area lives is listed in docs/architecture.md ("Sessões plenárias,
//! mesa, comissões: where each rule lives"). The database keeps the set of statuses (check
//! `sessao_plenaria_status`) and the motivo a cancelled sessão carries; the moves between
//! them live here, once, and the store asks [`StatusSessao::can_become`] before writing.

use std::fmt;

use crate::ValidationError;

/// The status of a sessão plenária. Only scheduling exists yet; the session's progress
/// (em andamento, suspensa, encerrada) comes with the painel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusSessao {
    /// On the calendar.
    Agendada,
    /// Called off, with its motivo; it stays in the public record and keeps its number.
    Cancelada,
}

impl StatusSessao {
    pub const ALL: [StatusSessao; 2] = [Self::Agendada, Self::Cancelada];

    /// The value stored in `app.sessao_plenaria.status` and given in the open data.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agendada => "agendada",
            Self::Cancelada => "cancelada",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// "Agendada" / "Cancelada".
    pub fn label(self) -> &'static str {
        match self {
            Self::Agendada => "Agendada",
            Self::Cancelada => "Cancelada",
        }
    }

    /// Whether a sessão in `self` may be moved to `to` (cancel, reactivate).
    pub fn can_become(self, to: StatusSessao) -> bool {
        use StatusSessao::*;
        matches!((self, to), (Agendada, Cancelada) | (Cancelada, Agendada))
    }

    /// Why a sessão in `self` cannot be moved to `to`, in Portuguese; `None` when it can.
    pub fn impedimento(self, to: StatusSessao) -> Option<&'static str> {
        if self.can_become(to) {
            return None;
        }
        Some(match to {
            Self::Cancelada => "A sessão já está cancelada.",
            Self::Agendada => "A sessão não está cancelada.",
        })
    }

    /// Date, time, place and notes change only while the sessão is scheduled.
    pub fn editavel(self) -> bool {
        self == Self::Agendada
    }

    /// Why the sessão cannot be edited, when it cannot.
    pub fn impedimento_edicao(self) -> Option<&'static str> {
        (!self.editavel()).then_some("A sessão está cancelada; reative-a antes de alterá-la.")
    }

    /// Only a scheduled sessão may be deleted (a cancelled one stays in the record).
    pub fn excluivel(self) -> bool {
        self == Self::Agendada
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
        let esperado = [
            (Agendada, Agendada, false),
            (Agendada, Cancelada, true),
            (Cancelada, Agendada, true),
            (Cancelada, Cancelada, false),
        ];
        assert_eq!(esperado.len(), StatusSessao::ALL.len().pow(2));
        for (de, para, pode) in esperado {
            assert_eq!(de.can_become(para), pode, "{de} → {para}");
            assert_eq!(de.impedimento(para).is_none(), pode, "{de} → {para}");
        }
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
    fn names_round_trip_and_unknown_ones_are_refused() {
        for s in StatusSessao::ALL {
            assert_eq!(StatusSessao::parse(s.as_str()), Some(s));
            assert_eq!(StatusSessao::try_from(s.as_str().to_owned()), Ok(s));
        }
        assert_eq!(StatusSessao::parse("em_andamento"), None);
        assert!(StatusSessao::try_from("Agendada".to_owned()).is_err());
        assert_eq!(StatusSessao::Cancelada.label(), "Cancelada");
    }

    #[test]
    fn only_scheduled_sessoes_are_edited_or_deleted() {
        assert!(StatusSessao::Agendada.editavel());
        assert!(StatusSessao::Agendada.excluivel());
        assert!(!StatusSessao::Cancelada.editavel());
        assert!(!StatusSessao::Cancelada.excluivel());
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
