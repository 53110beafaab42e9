//! Oradores: who speaks in a phase, in order, and the speaking time the server holds.
//!
//! A speaker is `inscrito` → `falando` ⇄ `pausado` → `concluido` (ended early or at time).
//! The timer is three numbers: the duration (from the phase's `tempo_orador`), the time
//! spoken in earlier runs, and the start of the current run; what remains is computed from
//! the server's clock alone, so every screen shows the same.

/// A speaker's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusOrador {
    Inscrito,
    Falando,
    Pausado,
    Concluido,
}

/// What the operator does to the speaker's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AcaoOrador {
    Iniciar,
    Pausar,
    Retomar,
    Encerrar,
}

impl StatusOrador {
    pub const ALL: [Self; 4] = [
        Self::Inscrito,
        Self::Falando,
        Self::Pausado,
        Self::Concluido,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inscrito => "inscrito",
            Self::Falando => "falando",
            Self::Pausado => "pausado",
            Self::Concluido => "concluido",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Inscrito => "Inscrito",
            Self::Falando => "Com a palavra",
            Self::Pausado => "Tempo pausado",
            Self::Concluido => "Concluído",
        }
    }

    /// On the floor: speaking or paused (one per sessão).
    pub fn na_tribuna(self) -> bool {
        matches!(self, Self::Falando | Self::Pausado)
    }

    /// The state after `acao`, or why it cannot happen now.
    pub fn apos(self, acao: AcaoOrador) -> Result<Self, &'static str> {
        use AcaoOrador as A;
        match (self, acao) {
            (Self::Inscrito, A::Iniciar) => Ok(Self::Falando),
            (Self::Falando, A::Pausar) => Ok(Self::Pausado),
            (Self::Pausado, A::Retomar) => Ok(Self::Falando),
            (Self::Falando | Self::Pausado, A::Encerrar) => Ok(Self::Concluido),
            (Self::Concluido, _) => Err("Este orador já concluiu."),
            (Self::Inscrito, _) => Err("O orador ainda não começou a falar."),
            (Self::Falando, _) => Err("O orador já está com a palavra."),
            (Self::Pausado, _) => Err("O tempo do orador está pausado: retome ou encerre."),
        }
    }
}

impl AcaoOrador {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "iniciar" => Some(Self::Iniciar),
            "pausar" => Some(Self::Pausar),
            "retomar" => Some(Self::Retomar),
            "encerrar" => Some(Self::Encerrar),
            _ => None,
        }
    }
}

/// Milliseconds left: the duration less what was spoken before and what the current run
/// has taken (`corrido_ms`, the server's clock since `iniciado_em`); negative past time
/// (the painel shows the overrun).
pub fn restante_ms(duracao_s: i32, acumulado_ms: i64, corrido_ms: Option<i64>) -> i64 {
    i64::from(duracao_s) * 1000 - acumulado_ms - corrido_ms.unwrap_or(0).max(0)
}

/// The painel's "04:59" (or "-00:03" past time), rounding up to the second still to go.
pub fn mm_ss(ms: i64) -> String {
    let negativo = ms < 0;
    let s = if negativo {
        ms.unsigned_abs() / 1000
    } else {
        ms.unsigned_abs().div_ceil(1000)
    };
    format!(
        "{}{:02}:{:02}",
        if negativo { "-" } else { "" },
        s / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_and_action() {
        use AcaoOrador as A;
        use StatusOrador as S;
        let esperado = [
            (S::Inscrito, A::Iniciar, Some(S::Falando)),
            (S::Falando, A::Pausar, Some(S::Pausado)),
            (S::Pausado, A::Retomar, Some(S::Falando)),
            (S::Falando, A::Encerrar, Some(S::Concluido)),
            (S::Pausado, A::Encerrar, Some(S::Concluido)),
        ];
        for s in S::ALL {
            for a in [A::Iniciar, A::Pausar, A::Retomar, A::Encerrar] {
                let certo = esperado
                    .iter()
                    .find(|(x, y, _)| *x == s && *y == a)
                    .and_then(|e| e.2);
                assert_eq!(s.apos(a).ok(), certo, "{s:?} {a:?}");
            }
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn the_time_left_comes_from_the_server_clock() {
        assert_eq!(restante_ms(300, 0, None), 300_000);
        assert_eq!(restante_ms(300, 60_000, Some(30_500)), 209_500);
        assert_eq!(restante_ms(60, 50_000, Some(13_000)), -3_000);
        assert_eq!(restante_ms(60, 0, Some(-5)), 60_000, "a clock step back");
        assert_eq!(mm_ss(300_000), "05:00");
        assert_eq!(mm_ss(299_001), "05:00");
        assert_eq!(mm_ss(209_500), "03:30");
        assert_eq!(mm_ss(0), "00:00");
        assert_eq!(mm_ss(-3_000), "-00:03");
    }
}
