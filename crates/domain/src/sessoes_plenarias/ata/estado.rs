//! The ata as a document: rascunho (edited, regenerable from the draft) → em aprovação (on
//! the pauta of a later sessão) → aprovada (by that item's result) → publicada. A rejected
//! or withdrawn approval item sends it back to rascunho. An approved ata's text changes only
//! through a retificação (a new version with its motivo).

use crate::proposicoes::codigos;
use std::fmt;

codigos! {
    /// Where an ata stands.
    StatusAta {
        Rascunho = "rascunho", "Rascunho";
        EmAprovacao = "em_aprovacao", "Em aprovação";
        Aprovada = "aprovada", "Aprovada";
        Publicada = "publicada", "Publicada";
    }
}

impl StatusAta {
    /// The moves the application makes (the trigger `ata_guarda` holds the same table).
    pub fn can_become(self, para: StatusAta) -> bool {
        use StatusAta::*;
        matches!(
            (self, para),
            (Rascunho, EmAprovacao) | (EmAprovacao, Rascunho | Aprovada) | (Aprovada, Publicada)
        )
    }

    /// Whether the secretaria edits the text (saving a new version) or regenerates it.
    pub fn editavel(self) -> bool {
        self == StatusAta::Rascunho
    }

    /// Why the text cannot be edited now.
    pub fn impedimento_edicao(self) -> Option<&'static str> {
        match self {
            StatusAta::Rascunho => None,
            StatusAta::EmAprovacao => Some(
                "A ata está na pauta para aprovação; ela não muda mais, salvo se a aprovação for rejeitada.",
            ),
            StatusAta::Aprovada | StatusAta::Publicada => Some(
                "A ata foi aprovada e não muda mais; uma correção é feita por retificação, com o motivo.",
            ),
        }
    }

    /// Why it cannot be sent to approval now.
    pub fn impedimento_aprovacao(self) -> Option<&'static str> {
        match self {
            StatusAta::Rascunho => None,
            StatusAta::EmAprovacao => Some("A ata já está na pauta de uma sessão para aprovação."),
            _ => Some("A ata já foi aprovada."),
        }
    }

    /// Why it cannot be published now.
    pub fn impedimento_publicacao(self) -> Option<&'static str> {
        match self {
            StatusAta::Aprovada => None,
            StatusAta::Publicada => Some("A ata já foi publicada."),
            _ => Some("A ata só é publicada depois de aprovada em sessão posterior."),
        }
    }

    /// Why it cannot be rectified now.
    pub fn impedimento_retificacao(self) -> Option<&'static str> {
        match self {
            StatusAta::Aprovada | StatusAta::Publicada => None,
            _ => Some("Só uma ata aprovada é retificada; antes disso, edite o rascunho."),
        }
    }

    /// Whether the public sees it.
    pub fn publica(self) -> bool {
        self == StatusAta::Publicada
    }
}

/// The text of the free pauta item that reads and votes the ata of `sessao` (its title)
/// held on `data` (dd/mm/aaaa).
pub fn titulo_item(sessao: &str, data: &str) -> String {
    format!("Leitura e votação da ata da {sessao}, de {data}")
}

/// The motivo of a retificação: 10 to 2,000 characters.
pub fn motivo_retificacao(motivo: &str) -> Result<&str, &'static str> {
    let m = motivo.trim();
    match m.chars().count() {
        10..=2000 => Ok(m),
        _ => Err("Informe o motivo da retificação (de 10 a 2.000 caracteres)."),
    }
}

/// The text of an ata: 10 to 200,000 characters.
pub fn texto(texto: &str) -> Result<&str, &'static str> {
    let t = texto.trim();
    match t.chars().count() {
        10..=200_000 => Ok(t),
        _ => Err("Escreva o texto da ata (de 10 a 200.000 caracteres)."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StatusAta::*;

    #[test]
    fn every_pair_of_states_is_decided() {
        let permitidos = [
            (Rascunho, EmAprovacao),
            (EmAprovacao, Rascunho),
            (EmAprovacao, Aprovada),
            (Aprovada, Publicada),
        ];
        for a in StatusAta::ALL {
            for b in StatusAta::ALL {
                assert_eq!(
                    a.can_become(*b),
                    permitidos.contains(&(*a, *b)),
                    "{a:?} → {b:?}"
                );
            }
        }
    }

    #[test]
    fn only_a_rascunho_is_edited_and_only_an_approved_ata_is_published_or_rectified() {
        for s in StatusAta::ALL {
            assert_eq!(s.editavel(), s.impedimento_edicao().is_none());
            assert_eq!(s.editavel(), *s == Rascunho);
            assert_eq!(s.impedimento_publicacao().is_none(), *s == Aprovada);
            assert_eq!(
                s.impedimento_retificacao().is_none(),
                matches!(s, Aprovada | Publicada)
            );
            assert_eq!(s.impedimento_aprovacao().is_none(), *s == Rascunho);
            assert_eq!(s.publica(), *s == Publicada);
        }
    }

    #[test]
    fn motivo_and_text_have_their_lengths() {
        assert!(motivo_retificacao("curto").is_err());
        assert_eq!(
            motivo_retificacao("  Nome do vereador grafado errado  "),
            Ok("Nome do vereador grafado errado")
        );
        assert!(motivo_retificacao(&"x".repeat(2001)).is_err());
        assert!(texto("   ").is_err());
        assert!(texto("# Ata da 1ª Sessão").is_ok());
        assert_eq!(
            titulo_item("1ª Sessão Ordinária", "10/03/2025"),
            "Leitura e votação da ata da 1ª Sessão Ordinária, de 10/03/2025"
        );
    }
}
