//! Who counts in a sessão on its day: the mandatos active that day (nobody before their
//! posse, nobody after the mandato ends), a titular afastado replaced by the suplente em
//! exercício named in the afastamento.

use time::Date;

/// An afastamento of a mandato: from `inicio` to `fim` (open when `None`), with the
/// suplente who takes the seat meanwhile, if one was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Afastamento<K> {
    pub inicio: Date,
    pub fim: Option<Date>,
    pub suplente: Option<K>,
}

/// A mandato as the rule needs it. `titular` is false for a suplente's own mandato (which
/// seats nobody by itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mandato<K> {
    pub parlamentar: K,
    pub titular: bool,
    /// The posse, and the last day.
    pub inicio: Date,
    pub fim: Date,
    pub afastamentos: Vec<Afastamento<K>>,
}

impl<K> Afastamento<K> {
    fn cobre(&self, dia: Date) -> bool {
        self.inicio <= dia && self.fim.is_none_or(|f| dia <= f)
    }
}

/// The members of the câmara on `dia`, sorted, each once: the titulares of mandatos
/// active that day and not afastados, and the suplentes em exercício of the afastados.
pub fn membros_no_dia<K: Clone + Ord>(mandatos: &[Mandato<K>], dia: Date) -> Vec<K> {
    let mut membros = Vec::new();
    for m in mandatos
        .iter()
        .filter(|m| m.titular && m.inicio <= dia && dia <= m.fim)
    {
        match m.afastamentos.iter().find(|a| a.cobre(dia)) {
            None => membros.push(m.parlamentar.clone()),
            Some(a) => membros.extend(a.suplente.clone()),
        }
    }
    membros.sort();
    membros.dedup();
    membros
}

/// How a parlamentar stands in a sessão's roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SituacaoPresenca {
    Presente,
    Ausente,
    /// Absent with a justification (licença, missão…), recorded with it.
    Justificada,
}

impl SituacaoPresenca {
    pub const ALL: [Self; 3] = [Self::Presente, Self::Ausente, Self::Justificada];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Presente => "presente",
            Self::Ausente => "ausente",
            Self::Justificada => "justificada",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Presente => "Presente",
            Self::Ausente => "Ausente",
            Self::Justificada => "Ausência justificada",
        }
    }

    /// Only a justified absence carries (and needs) a justificativa.
    pub fn impedimento(self, justificativa: &str) -> Option<&'static str> {
        let tem = !justificativa.trim().is_empty();
        match (self, tem) {
            (Self::Justificada, false) => Some("Informe a justificativa da ausência."),
            (Self::Presente | Self::Ausente, true) => {
                Some("Só uma ausência justificada leva justificativa.")
            }
            _ => None,
        }
    }
}

/// The roll a presença belongs to: the sessão's, or the ordem do dia's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ambito {
    Sessao,
    OrdemDoDia,
}

impl Ambito {
    pub const ALL: [Self; 2] = [Self::Sessao, Self::OrdemDoDia];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sessao => "sessao",
            Self::OrdemDoDia => "ordem_do_dia",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Sessao => "Sessão",
            Self::OrdemDoDia => "Ordem do Dia",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn mandato(p: u8, inicio: Date, fim: Date) -> Mandato<u8> {
        Mandato {
            parlamentar: p,
            titular: true,
            inicio,
            fim,
            afastamentos: vec![],
        }
    }

    #[test]
    fn only_mandatos_active_on_the_day_count() {
        let ms = [
            mandato(1, date!(2025 - 01 - 01), date!(2028 - 12 - 31)),
            // Posse later in the year: not counted before it.
            mandato(2, date!(2025 - 03 - 10), date!(2028 - 12 - 31)),
            // Ended (renúncia) in February.
            mandato(3, date!(2025 - 01 - 01), date!(2025 - 02 - 15)),
        ];
        assert_eq!(membros_no_dia(&ms, date!(2025 - 03 - 09)), vec![1]);
        assert_eq!(membros_no_dia(&ms, date!(2025 - 03 - 10)), vec![1, 2]);
        assert_eq!(membros_no_dia(&ms, date!(2025 - 02 - 15)), vec![1, 3]);
    }

    #[test]
    fn a_suplente_em_exercicio_counts_in_place_of_the_titular_afastado() {
        let mut titular = mandato(1, date!(2025 - 01 - 01), date!(2028 - 12 - 31));
        titular.afastamentos.push(Afastamento {
            inicio: date!(2025 - 04 - 01),
            fim: Some(date!(2025 - 04 - 30)),
            suplente: Some(9),
        });
        // The suplente's own mandato seats nobody by itself.
        let suplente = Mandato {
            titular: false,
            ..mandato(9, date!(2025 - 01 - 01), date!(2028 - 12 - 31))
        };
        let outro = mandato(2, date!(2025 - 01 - 01), date!(2028 - 12 - 31));
        let ms = [titular, suplente, outro];
        assert_eq!(membros_no_dia(&ms, date!(2025 - 03 - 31)), vec![1, 2]);
        assert_eq!(membros_no_dia(&ms, date!(2025 - 04 - 15)), vec![2, 9]);
        assert_eq!(membros_no_dia(&ms, date!(2025 - 05 - 01)), vec![1, 2]);
        // An afastamento without a suplente leaves the seat empty.
        let mut so = mandato(1, date!(2025 - 01 - 01), date!(2028 - 12 - 31));
        so.afastamentos.push(Afastamento {
            inicio: date!(2025 - 04 - 01),
            fim: None,
            suplente: None,
        });
        assert!(membros_no_dia(&[so], date!(2026 - 01 - 01)).is_empty());
    }

    #[test]
    fn a_justificativa_only_with_a_justified_absence() {
        use SituacaoPresenca::*;
        assert!(Justificada.impedimento(" ").is_some());
        assert!(Justificada.impedimento("Licença médica").is_none());
        assert!(Presente.impedimento("x").is_some());
        assert!(Ausente.impedimento("").is_none());
        for s in SituacaoPresenca::ALL {
            assert_eq!(SituacaoPresenca::parse(s.as_str()), Some(s));
        }
        for a in Ambito::ALL {
            assert_eq!(Ambito::parse(a.as_str()), Some(a));
        }
    }
}
