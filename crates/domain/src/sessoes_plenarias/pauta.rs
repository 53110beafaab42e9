//! The states of a pauta item: na pauta → com vista (a prazo, then it returns), adiado
//! (carried to a later sessão), retirado de pauta (final; the proposição is locked against
//! anexação); and the second turno in the same sessão, when the tipo allows it.

use time::Date;

use crate::calendario::Calendario;
use crate::proposicoes::codigos;
// The macro's `Display` impl names `fmt`.
use std::fmt;

codigos! {
    /// Where a pauta item stands.
    SituacaoItem {
        NaPauta = "na_pauta", "Na pauta";
        /// Out of the pauta until the prazo of the pedido de vista; then it returns.
        Vista = "vista", "Com pedido de vista";
        /// Carried to a later sessão (a new item there).
        Adiado = "adiado", "Adiado";
        /// Withdrawn from the pauta: final.
        Retirado = "retirado", "Retirado de pauta";
    }
}

codigos! {
    /// The moves of a pauta item (each one audited).
    AcaoItem {
        PedirVista = "pedir_vista", "Pedido de vista";
        DevolverVista = "devolver_vista", "Devolução da vista";
        Adiar = "adiar", "Adiamento";
        Retirar = "retirar", "Retirada de pauta";
    }
}

/// The longest pedido de vista, in days.
pub const VISTA_MAX_DIAS: i64 = 30;

impl AcaoItem {
    /// Retirar and adiar take the item out for good: asked for confirmation, with a motivo.
    pub fn pede_motivo(self) -> bool {
        matches!(self, Self::Adiar | Self::Retirar)
    }
}

impl SituacaoItem {
    /// The state `acao` leads to from `self`, or why it cannot happen. `votacao_viva`: the
    /// item has a votação aberta or travada (it is decided there first); `com_proposicao`:
    /// the item references a proposição (a pedido de vista is of a proposição's papers).
    pub fn aplicar(
        self,
        acao: AcaoItem,
        votacao_viva: bool,
        com_proposicao: bool,
    ) -> Result<SituacaoItem, &'static str> {
        use AcaoItem::*;
        use SituacaoItem::*;
        if votacao_viva {
            return Err("O item está em votação: encerre ou cancele a votação antes.");
        }
        match (self, acao) {
            (NaPauta, PedirVista) if !com_proposicao => {
                Err("Pedido de vista só de item com proposição.")
            }
            (NaPauta, PedirVista) => Ok(Vista),
            (Vista, DevolverVista) => Ok(NaPauta),
            (NaPauta | Vista, Adiar) => Ok(Adiado),
            (NaPauta | Vista, Retirar) => Ok(Retirado),
            (Vista, PedirVista) => Err("O item já está com pedido de vista."),
            (NaPauta, DevolverVista) => Err("O item não está com pedido de vista."),
            (Adiado, _) => Err("O item foi adiado para outra sessão."),
            (Retirado, _) => Err("O item foi retirado de pauta."),
        }
    }

    /// Whether the item may be voted now.
    pub fn votavel(self) -> bool {
        self == Self::NaPauta
    }
}

/// The end of a pedido de vista of `dias` days asked on `dia`, or why not.
pub fn prazo_vista(dia: Date, dias: i64) -> Result<Date, &'static str> {
    if !(1..=VISTA_MAX_DIAS).contains(&dias) {
        return Err("O prazo da vista é de 1 a 30 dias.");
    }
    dia.checked_add(time::Duration::days(dias))
        .ok_or("Prazo fora do calendário.")
}

/// An adiamento goes to a later sessão: `destino` after `origem` (the day of each).
pub fn adiamento(origem: Date, destino: Date) -> Result<(), &'static str> {
    if destino <= origem {
        return Err("O adiamento é para uma sessão de data posterior.");
    }
    Ok(())
}

/// Whether turno `turno` of a proposição may be voted on `dia`: the tipo has that many
/// turnos, the previous turno was approved, and the interstício (dias úteis after the day
/// of the previous turno's vote) has passed. Both turnos in one sessão only with interstício
/// 0. `anterior`: the day the previous turno was approved, if it was.
pub fn turno_votavel(
    turno: i16,
    turnos_do_tipo: i16,
    intersticio_dias_uteis: i16,
    anterior: Option<Date>,
    dia: Date,
    cal: &Calendario,
) -> Result<(), String> {
    if turno > turnos_do_tipo {
        return Err(format!(
            "Este tipo de proposição é votado em {turnos_do_tipo} turno(s)."
        ));
    }
    if turno <= 1 {
        return Ok(());
    }
    let Some(anterior) = anterior else {
        return Err(format!(
            "O {turno}º turno só é votado depois da aprovação do {}º.",
            turno - 1
        ));
    };
    let inter = u32::try_from(intersticio_dias_uteis).unwrap_or(0);
    match cal.somar(anterior, inter) {
        Some(livre) if dia >= livre => Ok(()),
        Some(livre) => Err(format!(
            "Interstício de {inter} dia(s) útil(eis): o {turno}º turno pode ser votado a partir \
             de {}.",
            br(livre)
        )),
        None => Err("Interstício fora do calendário.".into()),
    }
}

/// dd/mm/aaaa, for a message.
fn br(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// The line an item's move writes in its proposição's timeline (`Evento::Pauta`):
/// `sessao` is "1ª Sessão Ordinária da 1ª Sessão Legislativa, de 10/03/2025"; `destino`, the
/// sessão an adiamento goes to (same form); `vista_ate`, the end of a vista (dd/mm/aaaa).
pub fn descricao_evento(
    acao: AcaoItem,
    sessao: &str,
    destino: Option<&str>,
    vista_ate: Option<&str>,
    motivo: &str,
) -> String {
    let motivo = motivo.trim();
    let com_motivo = |s: String| {
        if motivo.is_empty() {
            format!("{s}.")
        } else {
            format!("{s}. Motivo: {motivo}")
        }
    };
    match acao {
        AcaoItem::PedirVista => match vista_ate {
            Some(ate) => format!("Pedido de vista na {sessao}, até {ate}."),
            None => format!("Pedido de vista na {sessao}."),
        },
        AcaoItem::DevolverVista => format!("Devolvida de vista na {sessao}."),
        AcaoItem::Adiar => com_motivo(match destino {
            Some(d) => format!("Adiada na {sessao}, para a {d}"),
            None => format!("Adiada na {sessao}"),
        }),
        AcaoItem::Retirar => com_motivo(format!("Retirada de pauta na {sessao}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn every_move_of_a_pauta_item() {
        use AcaoItem::*;
        use SituacaoItem::*;
        let permitidas = [
            (NaPauta, PedirVista, Vista),
            (Vista, DevolverVista, NaPauta),
            (NaPauta, Adiar, Adiado),
            (Vista, Adiar, Adiado),
            (NaPauta, Retirar, Retirado),
            (Vista, Retirar, Retirado),
        ];
        for de in SituacaoItem::ALL {
            for a in AcaoItem::ALL {
                let esperado = permitidas
                    .iter()
                    .find(|(d, x, _)| d == de && x == a)
                    .map(|(_, _, p)| *p);
                assert_eq!(de.aplicar(*a, false, true).ok(), esperado, "{de} {a}");
                // Nothing moves while the item is being voted.
                assert!(de.aplicar(*a, true, true).is_err());
            }
        }
        assert!(NaPauta.aplicar(PedirVista, false, false).is_err());
        assert!(NaPauta.aplicar(Retirar, false, false).is_ok());
        assert!(NaPauta.votavel() && !Vista.votavel() && !Retirado.votavel());
        assert!(Retirar.pede_motivo() && !PedirVista.pede_motivo());
        for s in SituacaoItem::ALL {
            assert_eq!(SituacaoItem::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn vista_and_adiamento_prazos() {
        let d = date!(2025 - 03 - 10);
        assert_eq!(prazo_vista(d, 5), Ok(date!(2025 - 03 - 15)));
        assert!(prazo_vista(d, 0).is_err() && prazo_vista(d, 31).is_err());
        assert!(adiamento(d, date!(2025 - 03 - 11)).is_ok());
        assert!(adiamento(d, d).is_err());
        assert!(adiamento(d, date!(2025 - 03 - 01)).is_err());
    }

    #[test]
    fn second_turno_waits_for_the_first_and_the_intersticio() {
        let cal = Calendario::new([], []);
        // Monday 10/03/2025.
        let seg = date!(2025 - 03 - 10);
        assert!(turno_votavel(1, 1, 0, None, seg, &cal).is_ok());
        assert!(turno_votavel(2, 1, 0, Some(seg), seg, &cal).is_err());
        // Two turnos, no interstício: both in the same sessão.
        assert!(turno_votavel(2, 2, 0, Some(seg), seg, &cal).is_ok());
        assert!(turno_votavel(2, 2, 0, None, seg, &cal).is_err());
        // Two dias úteis: from Wednesday on.
        let e = turno_votavel(2, 2, 2, Some(seg), date!(2025 - 03 - 11), &cal).unwrap_err();
        assert!(e.contains("12/03/2025"), "{e}");
        assert!(turno_votavel(2, 2, 2, Some(seg), date!(2025 - 03 - 12), &cal).is_ok());
        // Friday + 1 dia útil: Monday.
        let sex = date!(2025 - 03 - 14);
        assert!(turno_votavel(2, 2, 1, Some(sex), date!(2025 - 03 - 16), &cal).is_err());
        assert!(turno_votavel(2, 2, 1, Some(sex), date!(2025 - 03 - 17), &cal).is_ok());
    }

    #[test]
    fn each_move_has_its_line_in_the_timeline() {
        let s = "1ª Sessão Ordinária da 1ª Sessão Legislativa, de 10/03/2025";
        assert_eq!(
            descricao_evento(AcaoItem::PedirVista, s, None, Some("15/03/2025"), ""),
            "Pedido de vista na 1ª Sessão Ordinária da 1ª Sessão Legislativa, de 10/03/2025, até 15/03/2025."
        );
        assert!(
            descricao_evento(AcaoItem::DevolverVista, s, None, None, "")
                .starts_with("Devolvida de vista na 1ª")
        );
        assert_eq!(
            descricao_evento(
                AcaoItem::Adiar,
                s,
                Some("2ª Sessão Ordinária, de 17/03/2025"),
                None,
                " A pedido do autor "
            ),
            "Adiada na 1ª Sessão Ordinária da 1ª Sessão Legislativa, de 10/03/2025, para a 2ª Sessão Ordinária, de 17/03/2025. Motivo: A pedido do autor"
        );
        assert!(
            descricao_evento(AcaoItem::Retirar, s, None, None, "Falta de parecer")
                .starts_with("Retirada de pauta na 1ª Sessão")
        );
    }
}
