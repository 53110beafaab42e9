//! The path from the approved proposição to the norma, event by event.

use super::Situacao::*;
use super::tests::{COMISSAO, depois};
use super::*;

#[test]
fn the_path_to_the_norma() {
    use Evento::*;
    let ate_aprovada = [
        Protocolada,
        Evento::ProntaParaPauta,
        Votada {
            aprovada: true,
            ultimo_turno: true,
        },
    ];
    let com = |mais: &[Evento]| {
        let mut v = ate_aprovada.to_vec();
        v.extend_from_slice(mais);
        depois(&v)
    };
    assert_eq!(com(&[EnviadaSancao]), Ok(AguardandoSancao));
    assert_eq!(com(&[AutografoPromulgacao]), Ok(AguardandoPromulgacao));
    assert_eq!(com(&[EnviadaSancao, Sancionada]), Ok(Situacao::Sancionada));
    assert_eq!(com(&[EnviadaSancao, Vetada]), Ok(Situacao::Vetada));
    let derrubado = |total| VetoDeliberado {
        derrubado: true,
        total,
    };
    let mantido = |total| VetoDeliberado {
        derrubado: false,
        total,
    };
    assert_eq!(
        com(&[EnviadaSancao, Vetada, derrubado(true), Promulgada]),
        Ok(Situacao::Promulgada)
    );
    assert_eq!(
        com(&[EnviadaSancao, Vetada, mantido(true)]),
        Ok(Situacao::Vetada)
    );
    assert_eq!(
        com(&[EnviadaSancao, Sancionada, derrubado(false), Promulgada]),
        Ok(Situacao::Promulgada)
    );
    assert_eq!(
        com(&[EnviadaSancao, Sancionada, mantido(false)]),
        Ok(Situacao::Sancionada)
    );
    // Sanção tácita: the stored situação is still aguardando sanção.
    assert_eq!(com(&[EnviadaSancao, Promulgada]), Ok(Situacao::Promulgada));
    assert_eq!(
        com(&[AutografoPromulgacao, Promulgada]),
        Ok(Situacao::Promulgada)
    );
    // Refusals.
    assert!(depois(&[Protocolada, EnviadaSancao]).is_err());
    assert!(com(&[Sancionada]).is_err());
    assert!(com(&[EnviadaSancao, Vetada, derrubado(false)]).is_err());
    assert!(com(&[EnviadaSancao, Sancionada, derrubado(true)]).is_err());
    assert!(com(&[Promulgada]).is_err());
    assert!(com(&[EnviadaSancao, Retirada]).is_err());
    assert!(com(&[EnviadaSancao, Distribuida]).is_err());
    assert_eq!(com(&[EnviadaSancao, COMISSAO]), Ok(AguardandoSancao));
    assert_eq!(com(&[EnviadaSancao, Arquivada]), Ok(Situacao::Arquivada));
}
