use super::*;
use proptest::prelude::*;

const NEUTRA: Regimento = Regimento {
    cadeiras: 11,
    presidente: VotoPresidente::Desempate,
    abstencao: Abstencao::Neutra,
};

fn c(sim: i64, nao: i64, abstencao: i64, presentes: i64) -> Contagem {
    Contagem {
        sim,
        nao,
        abstencao,
        presentes,
    }
}

type Caso = (
    &'static str,
    Regra,
    i64,
    VotoPresidente,
    Abstencao,
    Contagem,
    Option<Voto>,
    Resultado,
    i64,
);

/// Hand-worked cases (regimentos of câmaras of 9 to 13 seats): regra, cadeiras, presidente
/// rule, abstenção rule, counts (without the presidente), the presidente's vote, the
/// expected result and the SIM votes needed.
#[test]
fn the_table_of_hand_worked_cases() {
    use Abstencao::*;
    use Regra::*;
    use Resultado::*;
    use VotoPresidente::*;
    #[rustfmt::skip]
    let casos: &[Caso] = &[
        // Maioria simples with abstenções: 4 × 3, 2 abstêm-se (neutral) → aprovada.
        ("simples, abstenções neutras", MaioriaSimples, 11, Desempate, Neutra, c(4, 3, 2, 10), None, Aprovada, 4),
        // The same when the regimento counts abstenções against: 4 × 5 → rejeitada.
        ("simples, abstenções contra", MaioriaSimples, 11, Desempate, ContaContra, c(4, 3, 2, 10), None, Rejeitada, 6),
        // Abstenções do not make a majority: 1 × 0 with 6 abstenções → aprovada.
        ("simples, quase todos se abstêm", MaioriaSimples, 11, Desempate, Neutra, c(1, 0, 6, 8), None, Aprovada, 1),
        // Maioria absoluta with a vacant seat: 11 cadeiras, 10 members all present; 6 needed.
        ("absoluta, cadeira vaga, 5 sim", MaioriaAbsoluta, 11, Desempate, Neutra, c(5, 4, 0, 10), None, Rejeitada, 6),
        ("absoluta, cadeira vaga, 6 sim", MaioriaAbsoluta, 11, Desempate, Neutra, c(6, 3, 0, 10), None, Aprovada, 6),
        // The presidente votes in a qualified quórum: 5 + the presidente = 6.
        ("absoluta, presidente completa", MaioriaAbsoluta, 11, Desempate, Neutra, c(5, 4, 0, 10), Some(Voto::Sim), Aprovada, 6),
        // 2/3 rounding: 13 seats → ⌈26/3⌉ = 9; 11 seats → ⌈22/3⌉ = 8; 9 seats → 6.
        ("2/3 de 13, 8 sim", DoisTercos, 13, Desempate, Neutra, c(8, 4, 0, 13), None, Rejeitada, 9),
        ("2/3 de 13, 9 sim", DoisTercos, 13, Desempate, Neutra, c(9, 3, 0, 13), None, Aprovada, 9),
        ("2/3 de 11, 8 sim", DoisTercos, 11, Desempate, Neutra, c(8, 0, 0, 9), None, Aprovada, 8),
        ("2/3 de 9, 5 sim", DoisTercos, 9, Desempate, Neutra, c(5, 4, 0, 9), None, Rejeitada, 6),
        // 3/5 of 11 → ⌈33/5⌉ = 7.
        ("3/5 de 11, 7 sim", TresQuintos, 11, Desempate, Neutra, c(7, 3, 0, 11), None, Aprovada, 7),
        ("3/5 de 11, 6 sim", TresQuintos, 11, Desempate, Neutra, c(6, 4, 0, 11), None, Rejeitada, 7),
        // A tie with the presidente's vote to break it, and without.
        ("empate, presidente desempata sim", MaioriaSimples, 11, Desempate, Neutra, c(4, 4, 0, 9), Some(Voto::Sim), Aprovada, 5),
        ("empate, presidente desempata não", MaioriaSimples, 11, Desempate, Neutra, c(4, 4, 0, 9), Some(Voto::Nao), Rejeitada, 5),
        ("empate, presidente não vota", MaioriaSimples, 11, Desempate, Neutra, c(4, 4, 0, 9), None, Rejeitada, 5),
        ("empate, presidente se abstém", MaioriaSimples, 11, Desempate, Neutra, c(4, 4, 0, 9), Some(Voto::Abstencao), Rejeitada, 5),
        // Where the presidente always votes, the vote is just counted: 4 + 1 × 5 → tie → rejeitada.
        ("presidente sempre vota, empate", MaioriaSimples, 11, Sempre, Neutra, c(4, 5, 0, 10), Some(Voto::Sim), Rejeitada, 6),
        ("presidente sempre vota, decide", MaioriaSimples, 11, Sempre, Neutra, c(4, 4, 0, 9), Some(Voto::Sim), Aprovada, 5),
        // Not decisive outside a tie: in desempate mode the vote is not counted.
        ("presidente fora do empate", MaioriaSimples, 11, Desempate, Neutra, c(5, 4, 0, 10), Some(Voto::Nao), Aprovada, 5),
        // Quórum de deliberação: 11 seats need 6 present.
        ("sem quórum", MaioriaSimples, 11, Desempate, Neutra, c(5, 0, 0, 5), None, SemQuorum, 0),
        ("unanimidade", Unanimidade, 9, Desempate, Neutra, c(6, 0, 0, 7), Some(Voto::Sim), Aprovada, 7),
        ("unanimidade com abstenção", Unanimidade, 9, Desempate, Neutra, c(6, 0, 1, 7), None, Rejeitada, 7),
    ];
    for (nome, regra, cadeiras, presidente, abstencao, contagem, voto, esperado, necessario) in
        casos
    {
        let reg = Regimento {
            cadeiras: *cadeiras,
            presidente: *presidente,
            abstencao: *abstencao,
        };
        let a = apurar(*regra, &reg, *contagem, *voto).unwrap();
        assert_eq!(a.resultado, *esperado, "{nome}: {}", a.explicacao);
        assert_eq!(a.necessario, *necessario, "{nome}: necessário");
    }
}

#[test]
fn a_broken_tie_says_so_and_counts_the_presidente() {
    let a = apurar(
        Regra::MaioriaSimples,
        &NEUTRA,
        c(4, 4, 0, 9),
        Some(Voto::Sim),
    )
    .unwrap();
    assert!(a.empate && a.desempate);
    assert_eq!((a.sim, a.nao), (5, 4));
    assert!(a.explicacao.contains("presidente"));
}

#[test]
fn counts_that_do_not_add_up_are_refused() {
    assert!(apurar(Regra::MaioriaSimples, &NEUTRA, c(5, 5, 0, 9), None).is_err());
    assert!(apurar(Regra::MaioriaSimples, &NEUTRA, c(-1, 0, 0, 9), None).is_err());
    assert!(
        apurar(
            Regra::MaioriaSimples,
            &NEUTRA,
            c(4, 4, 0, 8),
            Some(Voto::Sim)
        )
        .is_err()
    );
}

#[test]
fn quorum_de_instalacao_e_deliberacao() {
    assert_eq!(quorum_instalacao(11), 4);
    assert_eq!(quorum_instalacao(9), 3);
    assert_eq!(quorum_deliberacao(11), 6);
    assert_eq!(quorum_deliberacao(10), 6);
    assert_eq!(quorum_deliberacao(9), 5);
}

fn regra() -> impl Strategy<Value = Regra> {
    proptest::sample::select(Regra::ALL.to_vec())
}

fn cenario() -> impl Strategy<Value = (Regra, Regimento, Contagem, Option<Voto>)> {
    (5i64..25, regra(), any::<bool>(), any::<bool>())
        .prop_flat_map(|(cadeiras, regra, sempre, contra)| {
            (
                Just(cadeiras),
                Just(regra),
                Just(sempre),
                Just(contra),
                1..=cadeiras,
                proptest::option::of(proptest::sample::select(Voto::ALL.to_vec())),
            )
        })
        .prop_flat_map(|(cadeiras, regra, sempre, contra, presentes, voto)| {
            let livres = presentes - i64::from(voto.is_some());
            (
                Just((cadeiras, regra, sempre, contra, presentes, voto)),
                0..=livres,
                0..=livres,
            )
                .prop_map(move |(x, sim, nao)| {
                    let sim = sim.min(livres);
                    let nao = nao.min(livres - sim);
                    let abst = livres - sim - nao;
                    (x, sim, nao, abst)
                })
        })
        .prop_map(
            |((cadeiras, regra, sempre, contra, presentes, voto), sim, nao, abst)| {
                let reg = Regimento {
                    cadeiras,
                    presidente: if sempre {
                        VotoPresidente::Sempre
                    } else {
                        VotoPresidente::Desempate
                    },
                    abstencao: if contra {
                        Abstencao::ContaContra
                    } else {
                        Abstencao::Neutra
                    },
                };
                (regra, reg, c(sim, nao, abst, presentes), voto)
            },
        )
}

proptest! {
    /// Without the maioria absoluta present nothing is decided; with it, something is.
    #[test]
    fn no_result_without_quorum((regra, reg, c, voto) in cenario()) {
        let a = apurar(regra, &reg, c, voto).unwrap();
        prop_assert_eq!(
            a.resultado == Resultado::SemQuorum,
            c.presentes < maioria_absoluta(reg.cadeiras)
        );
    }

    /// Approved means the quórum's SIM votes were there.
    #[test]
    fn approval_needs_the_votes_of_its_quorum((regra, reg, c, voto) in cenario()) {
        let a = apurar(regra, &reg, c, voto).unwrap();
        if a.resultado == Resultado::Aprovada {
            prop_assert!(a.sim >= a.necessario, "{:?}", a);
            match regra {
                Regra::MaioriaSimples => prop_assert!(a.sim > 0 && (a.sim > a.nao || a.desempate)),
                Regra::Unanimidade => prop_assert_eq!(a.sim, c.presentes),
                Regra::MaioriaAbsoluta => prop_assert!(a.sim > reg.cadeiras / 2),
                Regra::DoisTercos => prop_assert!(3 * a.sim >= 2 * reg.cadeiras),
                Regra::TresQuintos => prop_assert!(5 * a.sim >= 3 * reg.cadeiras),
            }
        }
    }

    /// Turning an abstenção or a NÃO into a SIM never turns an approval into a rejection.
    #[test]
    fn one_more_sim_never_hurts((regra, reg, c, voto) in cenario()) {
        let antes = apurar(regra, &reg, c, voto).unwrap();
        let mais = if c.abstencao > 0 {
            Contagem { sim: c.sim + 1, abstencao: c.abstencao - 1, ..c }
        } else if c.nao > 0 {
            Contagem { sim: c.sim + 1, nao: c.nao - 1, ..c }
        } else {
            c
        };
        let depois = apurar(regra, &reg, mais, voto).unwrap();
        if antes.resultado == Resultado::Aprovada {
            prop_assert_eq!(depois.resultado, Resultado::Aprovada);
        }
    }

    /// In a qualified quórum only the SIM votes matter, not how the rest split.
    #[test]
    fn qualified_quorums_count_only_the_sim((regra, reg, c, voto) in cenario()) {
        prop_assume!(matches!(regra, Regra::MaioriaAbsoluta | Regra::DoisTercos | Regra::TresQuintos));
        let a = apurar(regra, &reg, c, voto).unwrap();
        let trocado = Contagem { nao: c.abstencao, abstencao: c.nao, ..c };
        let b = apurar(regra, &reg, trocado, voto).unwrap();
        prop_assert_eq!(a.resultado, b.resultado);
    }

    /// Simples: swapping SIM and NÃO swaps the result, except in a tie (which rejects
    /// unless the presidente breaks it).
    #[test]
    fn simples_is_symmetric_outside_a_tie((_r, reg, c, voto) in cenario()) {
        prop_assume!(reg.abstencao == Abstencao::Neutra);
        let a = apurar(Regra::MaioriaSimples, &reg, c, voto).unwrap();
        let espelho = |v: Option<Voto>| v.map(|v| match v { Voto::Sim => Voto::Nao, Voto::Nao => Voto::Sim, x => x });
        let b = apurar(
            Regra::MaioriaSimples,
            &reg,
            Contagem { sim: c.nao, nao: c.sim, ..c },
            espelho(voto),
        )
        .unwrap();
        if a.resultado != Resultado::SemQuorum && !a.empate && !b.empate {
            prop_assert_ne!(a.resultado, b.resultado);
        }
        if a.empate && !a.desempate {
            prop_assert_eq!(a.resultado, Resultado::Rejeitada);
        }
    }
}
