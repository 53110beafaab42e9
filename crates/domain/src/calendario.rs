//! Dias úteis: the calendar behind every prazo (tramitação, relatoria, interstício).
//!
//! A day is útil when it is a weekday, not a national holiday (fixed ones and those that
//! move with Easter: Carnaval, Sexta-feira Santa, Corpus Christi), not one of the câmara's
//! own holidays (state and municipal ones, entered by the secretaria) and not inside a
//! recesso parlamentar. Prazos count from the first dia útil after the start, as the
//! regimentos and the CPC do.

use std::collections::BTreeSet;

use time::{Date, Duration, Month, Weekday};

/// A national holiday or a movable date observed everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feriado {
    pub data: Date,
    pub nome: &'static str,
}

/// Easter Sunday of `ano` (the Gregorian computus, valid for every year `time` holds).
pub fn pascoa(ano: i32) -> Date {
    let a = ano.rem_euclid(19);
    let b = ano.div_euclid(100);
    let c = ano.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let mes = (h + l - 7 * m + 114) / 31;
    let dia = (h + l - 7 * m + 114) % 31 + 1;
    let mes = if mes == 3 { Month::March } else { Month::April };
    Date::from_calendar_date(ano, mes, dia as u8).unwrap_or(Date::MIN)
}

fn dia(ano: i32, mes: Month, d: u8) -> Option<Date> {
    Date::from_calendar_date(ano, mes, d).ok()
}

/// The national holidays of `ano` and the movable dates the câmaras observe, in date order.
/// Consciência Negra (20/11) is national from 2024 on (Lei 14.759/2023).
pub fn feriados_nacionais(ano: i32) -> Vec<Feriado> {
    let fixos: [(Month, u8, &'static str); 9] = [
        (Month::January, 1, "Confraternização Universal"),
        (Month::April, 21, "Tiradentes"),
        (Month::May, 1, "Dia do Trabalho"),
        (Month::September, 7, "Independência do Brasil"),
        (Month::October, 12, "Nossa Senhora Aparecida"),
        (Month::November, 2, "Finados"),
        (Month::November, 15, "Proclamação da República"),
        (
            Month::November,
            20,
            "Dia Nacional de Zumbi e da Consciência Negra",
        ),
        (Month::December, 25, "Natal"),
    ];
    let mut v: Vec<Feriado> = fixos
        .into_iter()
        .filter(|(m, d, _)| !(*m == Month::November && *d == 20 && ano < 2024))
        .filter_map(|(m, d, nome)| dia(ano, m, d).map(|data| Feriado { data, nome }))
        .collect();
    let p = pascoa(ano);
    for (delta, nome) in [
        (-48, "Carnaval (segunda-feira)"),
        (-47, "Carnaval (terça-feira)"),
        (-2, "Sexta-feira Santa"),
        (60, "Corpus Christi"),
    ] {
        v.push(Feriado {
            data: p + Duration::days(delta),
            nome,
        });
    }
    v.sort_by_key(|f| f.data);
    v
}

/// One câmara's calendar: its own holidays and recessos on top of the national ones.
#[derive(Debug, Clone, Default)]
pub struct Calendario {
    locais: BTreeSet<Date>,
    recessos: Vec<(Date, Date)>,
}

impl Calendario {
    /// `locais` are the state and municipal holidays; `recessos` closed date ranges.
    pub fn new(
        locais: impl IntoIterator<Item = Date>,
        recessos: impl IntoIterator<Item = (Date, Date)>,
    ) -> Self {
        Self {
            locais: locais.into_iter().collect(),
            recessos: recessos.into_iter().collect(),
        }
    }

    /// Whether `d` counts in a prazo.
    pub fn eh_util(&self, d: Date) -> bool {
        if matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return false;
        }
        if self.locais.contains(&d) || self.recessos.iter().any(|(a, b)| *a <= d && d <= *b) {
            return false;
        }
        !feriados_nacionais(d.year()).iter().any(|f| f.data == d)
    }

    /// The day a prazo of `dias` dias úteis that starts on `inicio` ends: the `dias`-th
    /// dia útil after `inicio` (`inicio` itself for 0). `None` past the calendar's end.
    pub fn somar(&self, inicio: Date, dias: u32) -> Option<Date> {
        let mut d = inicio;
        let mut faltam = dias;
        // A year of recesso and holidays still leaves dias úteis: this bounds the walk.
        let mut passos: u64 = 0;
        while faltam > 0 {
            d = d.next_day()?;
            passos += 1;
            if passos > 400 * (u64::from(dias) + 1) {
                return None;
            }
            if self.eh_util(d) {
                faltam -= 1;
            }
        }
        Some(d)
    }

    /// How many dias úteis there are after `de` up to and including `ate` (0 if `ate <= de`).
    pub fn contar(&self, de: Date, ate: Date) -> u32 {
        let mut n = 0;
        let mut d = de;
        while d < ate {
            match d.next_day() {
                Some(prox) => d = prox,
                None => break,
            }
            if self.eh_util(d) {
                n += 1;
            }
        }
        n
    }
}

/// Where a prazo stands on `hoje`, for the dashboards and the alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SituacaoPrazo {
    /// More than `aviso` dias úteis left.
    EmDia,
    /// At most `aviso` dias úteis left (the last day included).
    Vencendo,
    Vencido,
}

/// `fim` is the prazo's last day; `aviso` how many dias úteis before it count as "vencendo".
pub fn situacao_prazo(cal: &Calendario, hoje: Date, fim: Date, aviso: u32) -> SituacaoPrazo {
    if hoje > fim {
        SituacaoPrazo::Vencido
    } else if cal.contar(hoje, fim) <= aviso {
        SituacaoPrazo::Vencendo
    } else {
        SituacaoPrazo::EmDia
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn easter_of_known_years() {
        assert_eq!(pascoa(2024), date!(2024 - 03 - 31));
        assert_eq!(pascoa(2025), date!(2025 - 04 - 20));
        assert_eq!(pascoa(2026), date!(2026 - 04 - 05));
        assert_eq!(pascoa(2027), date!(2027 - 03 - 28));
        assert_eq!(pascoa(2038), date!(2038 - 04 - 25));
        assert_eq!(pascoa(2285), date!(2285 - 03 - 22));
    }

    #[test]
    fn movable_holidays_of_2026() {
        let f: Vec<_> = feriados_nacionais(2026).iter().map(|f| f.data).collect();
        for d in [
            date!(2026 - 02 - 16),
            date!(2026 - 02 - 17),
            date!(2026 - 04 - 03),
            date!(2026 - 06 - 04),
            date!(2026 - 11 - 20),
        ] {
            assert!(f.contains(&d), "{d}");
        }
        assert!(
            !feriados_nacionais(2023)
                .iter()
                .any(|f| f.data == date!(2023 - 11 - 20))
        );
    }

    #[test]
    fn a_prazo_skips_weekends_holidays_and_recesso() {
        let cal = Calendario::new(
            [date!(2026 - 01 - 20)],
            [(date!(2026 - 07 - 18), date!(2026 - 07 - 31))],
        );
        // Thursday 2 April 2026 + 1 dia útil: Friday is Sexta-feira Santa → Monday 6.
        assert_eq!(
            cal.somar(date!(2026 - 04 - 02), 1),
            Some(date!(2026 - 04 - 06))
        );
        // Municipal holiday on Tuesday 20 January.
        assert_eq!(
            cal.somar(date!(2026 - 01 - 19), 1),
            Some(date!(2026 - 01 - 21))
        );
        // Friday 17 July + 1: the recesso runs to the 31st (a Friday) → Monday 3 August.
        assert_eq!(
            cal.somar(date!(2026 - 07 - 17), 1),
            Some(date!(2026 - 08 - 03))
        );
        assert_eq!(
            cal.somar(date!(2026 - 07 - 17), 0),
            Some(date!(2026 - 07 - 17))
        );
        assert_eq!(cal.contar(date!(2026 - 04 - 02), date!(2026 - 04 - 06)), 1);
    }

    #[test]
    fn where_a_prazo_stands() {
        let cal = Calendario::default();
        let fim = date!(2026 - 03 - 13); // a Friday
        assert_eq!(
            situacao_prazo(&cal, date!(2026 - 03 - 02), fim, 2),
            SituacaoPrazo::EmDia
        );
        assert_eq!(
            situacao_prazo(&cal, date!(2026 - 03 - 11), fim, 2),
            SituacaoPrazo::Vencendo
        );
        assert_eq!(situacao_prazo(&cal, fim, fim, 2), SituacaoPrazo::Vencendo);
        assert_eq!(
            situacao_prazo(&cal, date!(2026 - 03 - 14), fim, 2),
            SituacaoPrazo::Vencido
        );
    }

    fn naive_util(cal: &Calendario, d: Date) -> bool {
        let fim_de_semana = d.weekday() == Weekday::Saturday || d.weekday() == Weekday::Sunday;
        let nacional = feriados_nacionais(d.year())
            .into_iter()
            .any(|f| f.data == d);
        let local = cal.locais.iter().any(|x| *x == d);
        let recesso = cal.recessos.iter().any(|(a, b)| *a <= d && d <= *b);
        !(fim_de_semana || nacional || local || recesso)
    }

    proptest! {
        #[test]
        fn somar_agrees_with_a_day_by_day_count(
            inicio in 0i64..4000, dias in 0u32..90,
            locais in proptest::collection::vec(0i64..4200, 0..12),
            recesso in (0i64..4200, 0i64..40),
        ) {
            let base = date!(2020 - 01 - 01);
            let cal = Calendario::new(
                locais.iter().map(|d| base + Duration::days(*d)),
                [(base + Duration::days(recesso.0), base + Duration::days(recesso.0 + recesso.1))],
            );
            let inicio = base + Duration::days(inicio);
            let fim = cal.somar(inicio, dias).expect("within the calendar");
            // Day by day: exactly `dias` dias úteis after inicio up to fim, and fim is one of them.
            let mut n = 0;
            let mut d = inicio;
            while d < fim {
                d = d.next_day().expect("date");
                if naive_util(&cal, d) { n += 1; }
            }
            prop_assert_eq!(n, dias);
            prop_assert!(dias == 0 || naive_util(&cal, fim));
            prop_assert_eq!(cal.contar(inicio, fim), dias);
        }
    }
}
