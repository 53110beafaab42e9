//! Normas jurídicas: the articulated text ([`texto`], parsed by [`leitura`]), the compiled
//! text and the text in force on a date ([`compilacao`]), the LexML URN ([`urn`]) and the
//! situação, derived from the vínculos a norma received and its dates (never typed in).

use std::fmt;

use time::Date;

use crate::proposicoes::codigos;

pub mod compilacao;
pub mod leitura;
pub mod oai;
pub mod sancao;
pub mod texto;
pub mod urn;

#[cfg(test)]
mod compilacao_tests;
#[cfg(test)]
mod texto_tests;
#[cfg(test)]
mod urn_tests;

pub use compilacao::{Alteracao, Compilado, Estado, Linha, Marca, Origem, compilar};
pub use texto::{Dispositivo, ErroLinha, Texto, Tipo, parse, parse_fragmento};

codigos! {
    /// What one norma does to another (or to one of its dispositivos).
    TipoVinculo {
        Altera = "altera", "Altera";
        Acrescenta = "acrescenta", "Acrescenta";
        Revoga = "revoga", "Revoga";
        Regulamenta = "regulamenta", "Regulamenta";
        DeclaraInconstitucional = "declara_inconstitucional", "Declara inconstitucional";
        Repristina = "repristina", "Repristina";
        Suspende = "suspende", "Suspende";
    }
}

impl serde::Serialize for TipoVinculo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl TipoVinculo {
    /// How the vínculo reads from the norma that received it ("Alterada por").
    pub fn passivo(self) -> &'static str {
        match self {
            Self::Altera => "Alterada por",
            Self::Acrescenta => "Acrescida por",
            Self::Revoga => "Revogada por",
            Self::Regulamenta => "Regulamentada por",
            Self::DeclaraInconstitucional => "Declarada inconstitucional por",
            Self::Repristina => "Repristinada por",
            Self::Suspende => "Suspensa por",
        }
    }

    /// Whether it needs the new wording (and so a dispositivo).
    pub fn traz_texto(self) -> bool {
        matches!(self, Self::Altera | Self::Acrescenta)
    }
}

codigos! {
    /// Where a norma stands: derived by [`situacao`].
    Situacao {
        AguardandoVigencia = "aguardando_vigencia", "Aguardando vigência";
        Vigente = "vigente", "Vigente";
        RevogadaParcialmente = "revogada_parcialmente", "Revogada parcialmente";
        Revogada = "revogada", "Revogada";
        Suspensa = "suspensa", "Suspensa";
        DeclaradaInconstitucional = "declarada_inconstitucional", "Declarada inconstitucional";
        VigenciaEncerrada = "vigencia_encerrada", "Vigência encerrada";
    }
}

/// A vínculo the norma received, as the situação needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recebido {
    pub tipo: TipoVinculo,
    /// `None`: the whole norma.
    pub dispositivo: Option<String>,
    pub vigencia: Date,
}

/// The situação on `hoje`, from the vigência dates and the vínculos received, applied in
/// order of vigência (a repristinação undoes the revogação before it).
pub fn situacao(
    inicio: Option<Date>,
    fim: Option<Date>,
    recebidos: &[Recebido],
    hoje: Date,
) -> Situacao {
    let mut ordem: Vec<&Recebido> = recebidos.iter().filter(|r| r.vigencia <= hoje).collect();
    ordem.sort_by_key(|r| r.vigencia);
    let mut total: Option<Situacao> = None;
    let mut revogados: Vec<&str> = Vec::new();
    for r in ordem {
        match (r.tipo, r.dispositivo.as_deref()) {
            (TipoVinculo::Revoga, None) => total = Some(Situacao::Revogada),
            (TipoVinculo::Suspende, None) => total = Some(Situacao::Suspensa),
            (TipoVinculo::DeclaraInconstitucional, None) => {
                total = Some(Situacao::DeclaradaInconstitucional)
            }
            (TipoVinculo::Repristina, None) => total = None,
            (TipoVinculo::Revoga, Some(d)) => revogados.push(d),
            (TipoVinculo::Repristina | TipoVinculo::Altera, Some(d)) => {
                revogados.retain(|x| *x != d)
            }
            _ => {}
        }
    }
    if let Some(s) = total {
        return s;
    }
    if inicio.is_some_and(|i| hoje < i) {
        return Situacao::AguardandoVigencia;
    }
    if fim.is_some_and(|f| hoje > f) {
        return Situacao::VigenciaEncerrada;
    }
    if revogados.is_empty() {
        Situacao::Vigente
    } else {
        Situacao::RevogadaParcialmente
    }
}

/// A valid fragment id for a vínculo: one of the altered norma's dispositivos, or (for
/// `acrescenta`) a new one whose id the new text gives.
pub fn validar_dispositivo(
    tipo: TipoVinculo,
    alvo: &Texto,
    dispositivo: Option<&str>,
    texto_novo: &[Dispositivo],
) -> Result<(), String> {
    match (tipo, dispositivo) {
        (t, None) if t.traz_texto() => Err(format!(
            "Informe o dispositivo que a norma {} (ex.: art5_par1u).",
            t.rotulo().to_lowercase()
        )),
        (_, None) => Ok(()),
        (TipoVinculo::Acrescenta, Some(d)) if alvo.buscar(d).is_some() => Err(format!(
            "O dispositivo {d} já existe: para mudar sua redação, use \"Altera\"."
        )),
        (TipoVinculo::Acrescenta, Some(_)) if texto_novo.is_empty() => {
            Err("Informe o texto do dispositivo acrescentado.".into())
        }
        (TipoVinculo::Acrescenta, Some(_)) => Ok(()),
        (t, Some(d)) if alvo.buscar(d).is_none() => Err(format!(
            "O dispositivo {d} não existe na norma que o vínculo {}.",
            t.rotulo().to_lowercase()
        )),
        (TipoVinculo::Altera, Some(_)) if texto_novo.is_empty() => {
            Err("Informe a nova redação do dispositivo.".into())
        }
        _ => Ok(()),
    }
}
