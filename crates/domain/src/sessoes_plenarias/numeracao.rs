//! Numbers follow the date order within a sessão legislativa and tipo, and are fixed when
//! the sessão opens (or is cancelled: both stay in the record as they are).
//!
//! A sessão gets the next number of its scope when it is scheduled; then the numbers of
//! the scope's agendada sessões are dealt out again in the order of their dates
//! ([`renumerar`]), so a sessão scheduled before another agendada one takes its number and
//! the later ones move up. An opened sessão keeps its number for ever; a new one dated
//! before it cannot be numbered before it, and the operator is told ([`aviso`]).

/// One sessão of a scope: its key, its start (anything ordered), its number, and whether
/// the number is fixed (`StatusSessao::numero_fixo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numerada<K, T> {
    pub chave: K,
    pub inicio: T,
    pub numero: i64,
    pub fixo: bool,
}

/// The new number of every agendada sessão whose number changes: the agendada sessões'
/// own numbers, dealt out again in the order of their dates (then of their keys).
pub fn renumerar<K: Clone + Ord, T: Ord + Clone>(sessoes: &[Numerada<K, T>]) -> Vec<(K, i64)> {
    let mut livres: Vec<&Numerada<K, T>> = sessoes.iter().filter(|s| !s.fixo).collect();
    let mut numeros: Vec<i64> = livres.iter().map(|s| s.numero).collect();
    numeros.sort_unstable();
    livres.sort_by(|a, b| (&a.inicio, &a.chave).cmp(&(&b.inicio, &b.chave)));
    livres
        .into_iter()
        .zip(numeros)
        .filter(|(s, n)| s.numero != *n)
        .map(|(s, n)| (s.chave.clone(), n))
        .collect()
}

/// What the operator is told before scheduling a sessão dated before others of its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Aviso {
    /// It takes number `numero`; `seguintes` agendada sessões move one number up.
    Renumera { numero: i64, seguintes: usize },
    /// An opened (or cancelled) sessão of a later date keeps its number `posterior`, so this
    /// one is numbered `numero`, out of the date order.
    ForaDeOrdem { numero: i64, posterior: i64 },
}

impl Aviso {
    pub fn mensagem(&self) -> String {
        match self {
            Self::Renumera { numero, seguintes } => format!(
                "Esta sessão é anterior a {seguintes} sessão(ões) já agendada(s) do mesmo tipo \
                 nesta sessão legislativa: ela ficará com o número {numero} e as seguintes \
                 serão renumeradas."
            ),
            Self::ForaDeOrdem { numero, posterior } => format!(
                "Esta sessão é anterior à {posterior}ª, que já foi aberta (ou cancelada) e tem o \
                 número fixo: ela ficará com o número {numero}, fora da ordem das datas."
            ),
        }
    }
}

/// The warning for a new sessão starting at `inicio` in a scope holding `sessoes`, whose
/// next number is `proximo`; `None` when it comes last by date.
pub fn aviso<K: Clone + Ord, T: Ord + Clone>(
    sessoes: &[Numerada<K, T>],
    inicio: &T,
    nova: K,
    proximo: i64,
) -> Option<Aviso> {
    let posteriores: Vec<&Numerada<K, T>> = sessoes.iter().filter(|s| &s.inicio > inicio).collect();
    if posteriores.is_empty() {
        return None;
    }
    let mut todas = sessoes.to_vec();
    todas.push(Numerada {
        chave: nova.clone(),
        inicio: inicio.clone(),
        numero: proximo,
        fixo: false,
    });
    let numero = renumerar(&todas)
        .into_iter()
        .find(|(k, _)| *k == nova)
        .map_or(proximo, |(_, n)| n);
    match posteriores
        .iter()
        .filter(|s| s.fixo)
        .map(|s| s.numero)
        .max()
    {
        Some(posterior) if numero > posterior => Some(Aviso::ForaDeOrdem { numero, posterior }),
        _ => Some(Aviso::Renumera {
            numero,
            seguintes: posteriores.iter().filter(|s| !s.fixo).count(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(chave: u32, inicio: u32, numero: i64, fixo: bool) -> Numerada<u32, u32> {
        Numerada {
            chave,
            inicio,
            numero,
            fixo,
        }
    }

    #[test]
    fn a_sessao_scheduled_before_agendada_ones_takes_their_place() {
        // 1 on day 10, 2 on day 20, then 3 scheduled on day 15.
        let escopo = [s(1, 10, 1, false), s(2, 20, 2, false), s(3, 15, 3, false)];
        assert_eq!(renumerar(&escopo), vec![(3, 2), (2, 3)]);
    }

    #[test]
    fn opened_sessoes_keep_their_numbers() {
        // 1 was opened on day 30; 2 and 3 are agendada on days 40 and 20.
        let escopo = [s(1, 30, 1, true), s(2, 40, 2, false), s(3, 20, 3, false)];
        assert_eq!(renumerar(&escopo), vec![(3, 2), (2, 3)]);
        assert!(renumerar(&[s(1, 30, 2, true), s(2, 10, 1, true)]).is_empty());
    }

    #[test]
    fn the_operator_is_warned_before_a_sessao_numbered_out_of_order() {
        let escopo = [s(1, 10, 1, false), s(2, 20, 2, false)];
        assert_eq!(aviso(&escopo, &30, 9, 3), None);
        assert_eq!(
            aviso(&escopo, &15, 9, 3),
            Some(Aviso::Renumera {
                numero: 2,
                seguintes: 1
            })
        );
        let abertas = [s(1, 10, 1, true), s(2, 20, 2, true)];
        let a = aviso(&abertas, &15, 9, 3).unwrap();
        assert_eq!(
            a,
            Aviso::ForaDeOrdem {
                numero: 3,
                posterior: 2
            }
        );
        assert!(a.mensagem().contains("fora da ordem das datas"));
    }

    proptest! {
        #[test]
        fn renumbering_keeps_the_numbers_and_orders_the_agendadas_by_date(
            linhas in proptest::collection::vec((0u32..50, any::<bool>()), 1..12)
        ) {
            let escopo: Vec<Numerada<u32, u32>> = linhas
                .iter()
                .enumerate()
                .map(|(i, (d, f))| s(i as u32, *d, i as i64 + 1, *f))
                .collect();
            let mudancas = renumerar(&escopo);
            let mut depois = escopo.clone();
            for (k, n) in &mudancas {
                prop_assert!(!escopo[*k as usize].fixo, "a fixed number moved");
                depois[*k as usize].numero = *n;
            }
            // The same set of numbers (no gap, no repeat).
            let mut ns: Vec<i64> = depois.iter().map(|x| x.numero).collect();
            ns.sort_unstable();
            prop_assert_eq!(ns, (1..=escopo.len() as i64).collect::<Vec<_>>());
            // Among agendadas, an earlier date never has a higher number.
            let livres: Vec<_> = depois.iter().filter(|x| !x.fixo).collect();
            for a in &livres {
                for b in &livres {
                    if a.inicio < b.inicio {
                        prop_assert!(a.numero < b.numero);
                    }
                }
            }
            // Applying it again changes nothing.
            prop_assert!(renumerar(&depois).is_empty());
        }
    }
}
