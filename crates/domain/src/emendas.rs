//! Emendas, subemendas and substitutivos: proposições that belong to another one (their
//! mãe), numbered within it, each with its kind of change and the dispositivo it targets.
//!
//! A subemenda belongs to an emenda of the same mãe; a substitutivo replaces the whole text
//! of the mãe (when approved) and is always "substitutiva". The approved text of the mãe is
//! kept as versions: the original, the substitutivo aprovado, the redação final.

use crate::ValidationError;
use crate::proposicoes::codigos;
// The macro's `Display` impl names `fmt`.
use std::fmt;

codigos! {
    /// What kind of proposição acessória: decided by its tipo.
    Especie {
        Emenda = "emenda", "Emenda";
        Subemenda = "subemenda", "Subemenda";
        Substitutivo = "substitutivo", "Substitutivo";
    }
}

impl Especie {
    /// The especie of an acessório tipo, by the sigla the câmaras are seeded with (EME,
    /// SUB, SUBS); a tipo of the câmara's own is an emenda.
    pub fn da_sigla(sigla: &str) -> Self {
        match sigla {
            "SUB" => Self::Subemenda,
            "SUBS" => Self::Substitutivo,
            _ => Self::Emenda,
        }
    }
}

codigos! {
    /// How an emenda changes the text.
    TipoEmenda {
        Aditiva = "aditiva", "Aditiva";
        Modificativa = "modificativa", "Modificativa";
        Supressiva = "supressiva", "Supressiva";
        Substitutiva = "substitutiva", "Substitutiva";
        Aglutinativa = "aglutinativa", "Aglutinativa";
    }
}

codigos! {
    /// Which version of a proposição's text.
    TipoTexto {
        Original = "original", "Texto original";
        Substitutivo = "substitutivo", "Substitutivo aprovado";
        RedacaoFinal = "redacao_final", "Redação final";
    }
}

/// Checks an emenda's own fields (the database checks that a subemenda's emenda is an
/// emenda of the same mãe). Returns every problem at once.
pub fn validar(
    especie: Especie,
    tipo: TipoEmenda,
    dispositivo: &str,
    tem_emenda: bool,
) -> Result<(), Vec<ValidationError>> {
    let mut erros = Vec::new();
    if especie == Especie::Substitutivo && tipo != TipoEmenda::Substitutiva {
        erros.push(ValidationError::new(
            "tipo_emenda",
            "Um substitutivo é sempre do tipo substitutiva (substitui o texto inteiro).",
        ));
    }
    let d = dispositivo.trim().chars().count();
    if especie != Especie::Substitutivo && d < 2 {
        erros.push(ValidationError::new(
            "dispositivo",
            "Informe o dispositivo que a emenda altera (ex.: art. 3º, § 2º).",
        ));
    }
    if d > 200 {
        erros.push(ValidationError::new(
            "dispositivo",
            "O dispositivo deve ter no máximo 200 caracteres.",
        ));
    }
    match (especie, tem_emenda) {
        (Especie::Subemenda, false) => erros.push(ValidationError::new(
            "emenda_id",
            "Uma subemenda pertence a uma emenda: escolha qual.",
        )),
        (Especie::Emenda | Especie::Substitutivo, true) => erros.push(ValidationError::new(
            "emenda_id",
            "Só uma subemenda pertence a uma emenda.",
        )),
        _ => {}
    }
    if erros.is_empty() { Ok(()) } else { Err(erros) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subemenda_needs_an_emenda_and_only_it() {
        assert!(validar(Especie::Subemenda, TipoEmenda::Aditiva, "art. 2º", true).is_ok());
        let e = validar(Especie::Subemenda, TipoEmenda::Aditiva, "art. 2º", false).unwrap_err();
        assert_eq!(e[0].field, "emenda_id");
        assert!(validar(Especie::Emenda, TipoEmenda::Aditiva, "art. 2º", true).is_err());
    }

    #[test]
    fn a_substitutivo_is_substitutiva_and_needs_no_dispositivo() {
        assert!(validar(Especie::Substitutivo, TipoEmenda::Substitutiva, "", false).is_ok());
        let e = validar(Especie::Substitutivo, TipoEmenda::Aditiva, "", false).unwrap_err();
        assert_eq!(e[0].field, "tipo_emenda");
    }

    #[test]
    fn every_problem_at_once() {
        let e = validar(Especie::Subemenda, TipoEmenda::Supressiva, " ", false).unwrap_err();
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn especie_from_the_seeded_siglas() {
        assert_eq!(Especie::da_sigla("EME"), Especie::Emenda);
        assert_eq!(Especie::da_sigla("SUB"), Especie::Subemenda);
        assert_eq!(Especie::da_sigla("SUBS"), Especie::Substitutivo);
        for t in TipoEmenda::ALL {
            assert_eq!(TipoEmenda::parse(t.as_str()), Some(*t));
        }
        assert_eq!(
            TipoTexto::parse("redacao_final"),
            Some(TipoTexto::RedacaoFinal)
        );
    }
}
