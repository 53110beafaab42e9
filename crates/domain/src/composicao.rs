//! The composition's rules that the database does not hold: periods inside the period that
//! contains them when the containing one changes, the end of a mandato, the desfiliação, the
//! parlamentar's contacts, who may be deleted.
//!
//! Each rule of the composition has one home. The rules a table can hold are its constraints
//! and triggers (numbers positive, a period's end after its start, non-overlapping
//! legislaturas, sessões legislativas, mandatos, filiações and afastamentos, a sessão
//! legislativa or an afastamento inside the period that contains it, the lists of tipos and
//! redes, lengths); the store maps their refusals to Portuguese (`store::infra::recusas`) and
//! does not check them again. What is here is what no constraint says. The list of which rule
//! lives where is in docs/architecture.md ("composição: where each rule lives").
//!
//! Dates are any ordered type (the store passes `time::Date`); periods are closed, as the
//! tables' `daterange(inicio, fim, '[]')`.

use crate::ValidationError;

pub mod genero;
pub use genero::{Genero, cargo_para};

/// A closed period of days, `inicio` and `fim` included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periodo<D> {
    pub inicio: D,
    pub fim: D,
}

impl<D: Ord + Copy> Periodo<D> {
    pub fn new(inicio: D, fim: D) -> Self {
        Self { inicio, fim }
    }

    /// Whether the whole period lies inside `de`.
    pub fn dentro(&self, de: &Periodo<D>) -> bool {
        self.inicio >= de.inicio && self.fim <= de.fim
    }

    /// Whether the day is in the period.
    pub fn contem(&self, dia: D) -> bool {
        self.inicio <= dia && dia <= self.fim
    }
}

/// A mandato lies inside its legislatura (the table cannot see the legislatura's period).
pub fn mandato_na_legislatura<D: Ord + Copy>(
    mandato: Periodo<D>,
    legislatura: Periodo<D>,
) -> Result<(), ValidationError> {
    if mandato.dentro(&legislatura) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "inicio",
            "O mandato deve estar dentro do período da legislatura.",
        ))
    }
}

/// A legislatura's new period must still contain its sessões legislativas, its períodos da
/// Mesa and its mandatos (their own triggers check them only when they are written, not when
/// the legislatura is).
pub fn legislatura_contem<D: Ord + Copy>(
    nova: Periodo<D>,
    sessoes: &[Periodo<D>],
    mesas: &[Periodo<D>],
    mandatos: &[Periodo<D>],
) -> Result<(), ValidationError> {
    let fora = |v: &[Periodo<D>]| v.iter().any(|p| !p.dentro(&nova));
    let problema = if fora(sessoes) {
        "Há sessões legislativas fora do novo período; ajuste-as antes."
    } else if fora(mesas) {
        "Há períodos da Mesa fora do novo período; ajuste-os antes."
    } else if fora(mandatos) {
        "Há mandatos fora do novo período; ajuste-os antes."
    } else {
        return Ok(());
    };
    Err(ValidationError::new("inicio", problema))
}

/// A sessão legislativa's new period must still contain the days of its sessões plenárias
/// (their trigger checks them only when they are written).
pub fn sessao_legislativa_contem<D: Ord + Copy>(
    nova: Periodo<D>,
    dias_das_sessoes: &[D],
) -> Result<(), ValidationError> {
    if dias_das_sessoes.iter().all(|d| nova.contem(*d)) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "inicio",
            "Há sessões plenárias fora do novo período; ajuste-as antes.",
        ))
    }
}

/// A mandato ended early ends inside its period: never before it starts, never later than
/// it was to end (encerrar shortens; editing the mandato is how it grows).
pub fn encerramento_do_mandato<D: Ord + Copy>(
    mandato: Periodo<D>,
    fim: D,
) -> Result<(), ValidationError> {
    if mandato.contem(fim) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "fim",
            "A data de encerramento deve estar entre o início e o fim do mandato.",
        ))
    }
}

/// Only an open filiação can be ended (`fim`: its current desfiliação, if any).
pub fn desfiliacao<D>(fim: Option<D>) -> Result<(), &'static str> {
    match fim {
        None => Ok(()),
        Some(_) => Err("Esta filiação já está encerrada."),
    }
}

/// A parlamentar with mandatos is never deleted, only deactivated (the mandatos would go with
/// it: the table deletes them in cascade).
pub fn exclusao_do_parlamentar(mandatos: i64) -> Result<(), &'static str> {
    if mandatos > 0 {
        Err("O parlamentar tem mandatos e não pode ser excluído; desative-o.")
    } else {
        Ok(())
    }
}

/// What of a parlamentar's form the tables do not check (they hold the lengths).
#[derive(Debug, Clone, Copy, Default)]
pub struct Contatos<'a> {
    pub nome_parlamentar: &'a str,
    pub email: &'a str,
    pub telefone: &'a str,
    pub gabinete_telefone: &'a str,
    /// With or without punctuation; empty or `None`: no CPF.
    pub cpf: Option<&'a str>,
}

/// Every problem of the parlamentar's form at once: a nome parlamentar the public address can
/// be made of, an e-mail, Brazilian phones, a CPF with valid check digits.
pub fn validar_contatos(c: &Contatos) -> Vec<ValidationError> {
    let mut erros = Vec::new();
    if crate::slugify(c.nome_parlamentar).is_empty() {
        erros.push(ValidationError::new(
            "nome_parlamentar",
            "Informe o nome parlamentar (de 2 a 100 caracteres).",
        ));
    }
    if !c.email.trim().is_empty() && crate::auth::parse_email(c.email).is_err() {
        erros.push(ValidationError::new("email", "E-mail inválido."));
    }
    if !c.telefone.trim().is_empty() && !crate::documentos::telefone_valido(c.telefone.trim()) {
        erros.push(ValidationError::new(
            "telefone",
            "Telefone inválido. Use o formato (81) 3429-0000.",
        ));
    }
    if let Err(e) = telefone_do_gabinete(c.gabinete_telefone) {
        erros.push(e);
    }
    if let Some(cpf) = c.cpf.map(str::trim).filter(|c| !c.is_empty())
        && let Err(e) = crate::documentos::validar_cpf(cpf)
    {
        erros.push(e);
    }
    erros
}

/// The gabinete's phone, if given, is a Brazilian phone (the table only checks its characters).
pub fn telefone_do_gabinete(telefone: &str) -> Result<(), ValidationError> {
    let t = telefone.trim();
    if t.is_empty() || crate::documentos::telefone_valido(t) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "gabinete_telefone",
            "Telefone do gabinete inválido. Use o formato (81) 3429-0000.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(inicio: u32, fim: u32) -> Periodo<u32> {
        Periodo::new(inicio, fim)
    }

    #[test]
    fn a_period_inside_another_includes_both_ends() {
        assert!(p(1, 10).dentro(&p(1, 10)));
        assert!(p(2, 9).dentro(&p(1, 10)));
        assert!(!p(0, 9).dentro(&p(1, 10)));
        assert!(!p(2, 11).dentro(&p(1, 10)));
        assert!(p(1, 10).contem(1) && p(1, 10).contem(10) && !p(1, 10).contem(11));
    }

    #[test]
    fn a_mandato_lies_inside_its_legislatura() {
        assert!(mandato_na_legislatura(p(1, 10), p(1, 10)).is_ok());
        let e = mandato_na_legislatura(p(0, 10), p(1, 10)).unwrap_err();
        assert_eq!(e.field, "inicio");
        assert!(e.message.contains("dentro do período da legislatura"));
        assert!(mandato_na_legislatura(p(2, 11), p(1, 10)).is_err());
    }

    #[test]
    fn a_legislatura_cannot_shrink_past_what_lies_inside_it() {
        let nova = p(5, 20);
        assert!(legislatura_contem(nova, &[p(5, 10), p(11, 20)], &[p(5, 12)], &[p(5, 20)]).is_ok());
        let e = legislatura_contem(nova, &[p(1, 10)], &[], &[]).unwrap_err();
        assert!(e.message.contains("sessões legislativas"), "{e}");
        let e = legislatura_contem(nova, &[], &[p(4, 6)], &[]).unwrap_err();
        assert!(e.message.contains("Mesa"), "{e}");
        let e = legislatura_contem(nova, &[], &[], &[p(5, 21)]).unwrap_err();
        assert!(e.message.contains("mandatos"), "{e}");
        assert!(legislatura_contem(nova, &[], &[], &[]).is_ok());
    }

    #[test]
    fn a_sessao_legislativa_cannot_shrink_past_its_sessoes_plenarias() {
        assert!(sessao_legislativa_contem(p(5, 20), &[5, 20]).is_ok());
        let e = sessao_legislativa_contem(p(5, 20), &[4, 6]).unwrap_err();
        assert_eq!(e.field, "inicio");
        assert!(e.message.contains("sessões plenárias"), "{e}");
    }

    #[test]
    fn a_mandato_ends_inside_its_period() {
        assert!(encerramento_do_mandato(p(5, 20), 5).is_ok());
        assert!(encerramento_do_mandato(p(5, 20), 20).is_ok());
        assert_eq!(
            encerramento_do_mandato(p(5, 20), 4).unwrap_err().field,
            "fim"
        );
        assert!(encerramento_do_mandato(p(5, 20), 21).is_err());
    }

    #[test]
    fn only_an_open_filiacao_ends_and_only_a_parlamentar_without_mandatos_goes() {
        assert!(desfiliacao::<u32>(None).is_ok());
        assert!(desfiliacao(Some(3)).is_err());
        assert!(exclusao_do_parlamentar(0).is_ok());
        assert!(exclusao_do_parlamentar(1).is_err());
    }

    #[test]
    fn every_contact_problem_comes_at_once() {
        let erros = validar_contatos(&Contatos {
            nome_parlamentar: "!!",
            email: "sem-arroba",
            telefone: "123",
            gabinete_telefone: "ramal 2",
            cpf: Some("111.111.111-11"),
        });
        let campos: Vec<_> = erros.iter().map(|e| e.field).collect();
        assert_eq!(
            campos,
            [
                "nome_parlamentar",
                "email",
                "telefone",
                "gabinete_telefone",
                "cpf"
            ]
        );
        assert!(
            validar_contatos(&Contatos {
                nome_parlamentar: "Zé da Farmácia",
                email: "ze@example.org",
                telefone: "(81) 3429-0000",
                gabinete_telefone: "",
                cpf: None,
            })
            .is_empty()
        );
    }
}
