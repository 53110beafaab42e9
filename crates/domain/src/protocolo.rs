//! Protocolo: who sends documents to the câmara, the verification code of a receipt, what
//! the public verification page may show of a person, and the states of a proposição
//! eletrônica (the draft a parlamentar sends to the protocolo).

use crate::ValidationError;

/// Who sent a protocolled document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipoInteressado {
    Executivo,
    Cidadao,
    Parlamentar,
    Entidade,
    Outro,
}

impl TipoInteressado {
    pub const ALL: [TipoInteressado; 5] = [
        Self::Executivo,
        Self::Cidadao,
        Self::Parlamentar,
        Self::Entidade,
        Self::Outro,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Executivo => "executivo",
            Self::Cidadao => "cidadao",
            Self::Parlamentar => "parlamentar",
            Self::Entidade => "entidade",
            Self::Outro => "outro",
        }
    }

    pub fn rotulo(self) -> &'static str {
        match self {
            Self::Executivo => "Poder Executivo",
            Self::Cidadao => "Cidadão ou cidadã",
            Self::Parlamentar => "Parlamentar",
            Self::Entidade => "Entidade ou empresa",
            Self::Outro => "Outro",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim())
            .ok_or_else(|| {
                ValidationError::new(
                    "interessado_tipo",
                    "Escolha o tipo de interessado da lista.",
                )
            })
    }

    /// Whether the name is a private person's, masked on public pages (LGPD).
    pub fn pessoal(self) -> bool {
        matches!(self, Self::Cidadao | Self::Outro)
    }
}

/// The state of a proposição eletrônica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SituacaoRascunho {
    /// Being written: the author edits it.
    Rascunho,
    /// Sent: waiting in the protocolo's inbox.
    Enviada,
    /// Returned by the protocolo with a motivo: the author edits it and sends it again.
    Devolvida,
    /// Received: protocolled and made a proposição.
    Recebida,
}

impl SituacaoRascunho {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rascunho => "rascunho",
            Self::Enviada => "enviada",
            Self::Devolvida => "devolvida",
            Self::Recebida => "recebida",
        }
    }

    pub fn rotulo(self) -> &'static str {
        match self {
            Self::Rascunho => "Rascunho",
            Self::Enviada => "Enviada ao protocolo",
            Self::Devolvida => "Devolvida ao autor",
            Self::Recebida => "Recebida e protocolada",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Rascunho,
            Self::Enviada,
            Self::Devolvida,
            Self::Recebida,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// The author may change it (and send it).
    pub fn editavel(self) -> bool {
        matches!(self, Self::Rascunho | Self::Devolvida)
    }

    /// Why `self` cannot become `nova`, or `None` when it can.
    pub fn impedimento(self, nova: SituacaoRascunho) -> Option<&'static str> {
        use SituacaoRascunho::*;
        match (self, nova) {
            (Rascunho | Devolvida, Enviada) => None,
            (Enviada, Recebida | Devolvida) => None,
            (Enviada, Enviada) => Some("Esta proposição já foi enviada ao protocolo."),
            (Recebida, _) => Some("Esta proposição já foi recebida e protocolada."),
            (Rascunho | Devolvida, Recebida | Devolvida) => {
                Some("Esta proposição não está aguardando o protocolo.")
            }
            (_, Rascunho) => Some("Uma proposição enviada não volta a ser rascunho."),
        }
    }
}

/// The letters of a verification code: Crockford's base 32 (no I, L, O, U; 5 bits each).
pub const ALFABETO_CODIGO: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Letters in a code (80 bits of randomness).
pub const TAMANHO_CODIGO: usize = 16;

/// A code from 16 random bytes (each byte's low 5 bits pick a letter).
pub fn codigo_de(aleatorio: &[u8; TAMANHO_CODIGO]) -> String {
    aleatorio
        .iter()
        .map(|b| char::from(ALFABETO_CODIGO[usize::from(b & 31)]))
        .collect()
}

/// What a visitor typed, as stored: upper case, without spaces or hyphens, O read as 0 and
/// I or L as 1; `None` when it cannot be a code.
pub fn normalizar_codigo(s: &str) -> Option<String> {
    let c: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (c.len() == TAMANHO_CODIGO && c.bytes().all(|b| ALFABETO_CODIGO.contains(&b))).then_some(c)
}

/// "ABCD-EFGH-JKMN-PQRS".
pub fn codigo_legivel(codigo: &str) -> String {
    codigo
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A person's name as a public page shows it: the first name and the initials of the
/// others ("Maria da Silva Souza" → "Maria S. S.").
pub fn mascarar_nome(nome: &str) -> String {
    let mut partes = nome.split_whitespace();
    let Some(primeiro) = partes.next() else {
        return String::new();
    };
    let iniciais: Vec<String> = partes
        .filter(|p| {
            !matches!(
                p.to_lowercase().as_str(),
                "da" | "de" | "do" | "das" | "dos" | "e"
            )
        })
        .filter_map(|p| p.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    if iniciais.is_empty() {
        primeiro.to_owned()
    } else {
        format!("{primeiro} {}", iniciais.join(" "))
    }
}

/// "12/2026".
pub fn numero_protocolo(numero: i32, ano: i32) -> String {
    format!("{numero}/{ano}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_back_however_they_are_typed() {
        let c = codigo_de(&[7; 16]);
        assert_eq!(c.len(), 16);
        let legivel = codigo_legivel(&c);
        assert_eq!(legivel.len(), 19);
        assert_eq!(normalizar_codigo(&legivel.to_lowercase()), Some(c.clone()));
        assert_eq!(normalizar_codigo(&format!(" {legivel} ")), Some(c));
        assert_eq!(normalizar_codigo("ABCD"), None);
        assert_eq!(
            normalizar_codigo("oooo-iiii-llll-0000").as_deref(),
            Some("0000111111110000")
        );
        assert_eq!(normalizar_codigo("UUUU-0000-0000-0000"), None);
    }

    #[test]
    fn private_names_are_masked() {
        assert_eq!(mascarar_nome("Maria da Silva Souza"), "Maria S. S.");
        assert_eq!(mascarar_nome("  João  "), "João");
        assert_eq!(mascarar_nome("ana élia"), "ana É.");
        assert!(TipoInteressado::Cidadao.pessoal());
        assert!(!TipoInteressado::Executivo.pessoal());
    }

    #[test]
    fn a_draft_moves_only_forward() {
        use SituacaoRascunho::*;
        assert!(Rascunho.impedimento(Enviada).is_none());
        assert!(Devolvida.impedimento(Enviada).is_none());
        assert!(Enviada.impedimento(Recebida).is_none());
        assert!(Enviada.impedimento(Devolvida).is_none());
        assert!(Rascunho.impedimento(Recebida).is_some());
        assert!(Recebida.impedimento(Devolvida).is_some());
        assert!(Enviada.impedimento(Enviada).is_some());
        assert!(!Enviada.editavel() && !Recebida.editavel() && Devolvida.editavel());
        assert!(TipoInteressado::parse("nada").is_err());
    }
}
