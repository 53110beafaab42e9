//! The database's refusals of a câmara's input, by exact name.
//!
//! Every CHECK, UNIQUE, EXCLUDE and FOREIGN KEY constraint of schema `app`, every unique
//! index and every name a trigger raises (`RAISE … USING CONSTRAINT = '…'`) has one entry
//! here, with the field it points at and a Portuguese message. A test lists them all from
//! the system catalogs and fails on a name without an entry, or an entry without a name.
//! Left out, because no input can violate them: primary keys (ids are made by the server)
//! and the foreign keys to `plenario.resident` (a serving câmara is always resident).
//!
//! Each invariant is written once, in the database; the Rust side only maps its refusal.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::Error;
use crate::error::invalido;

/// How a refusal reaches the user.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tipo {
    /// The input clashes with what is already recorded (409).
    Conflito,
    /// A field of the input is wrong (422), shown next to that field.
    Campo(&'static str),
}

use Tipo::{Campo, Conflito};

/// One entry: name, kind, message.
pub(crate) type Recusa = (&'static str, Tipo, &'static str);

/// The tables, each next to its area's code: one refusal a line,
/// `name<TAB>field<TAB>message`, sorted by name; the field `-` marks a conflict (409).
static FONTES: &[(&str, &str)] = &[
    ("infra", include_str!("recusas.tsv")),
    (
        "acompanhamento",
        include_str!("../acompanhamento/recusas.tsv"),
    ),
    ("comissoes", include_str!("../comissoes/recusas.tsv")),
    ("eletronica", include_str!("../eletronica/recusas.tsv")),
    ("jobs", include_str!("../jobs/recusas.tsv")),
    ("normas", include_str!("../normas/recusas.tsv")),
    ("proposicoes", include_str!("../proposicoes/recusas.tsv")),
    ("protocolo", include_str!("../protocolo/recusas.tsv")),
    (
        "sessoes_plenarias",
        include_str!("../sessoes_plenarias/recusas.tsv"),
    ),
    ("tramitacao", include_str!("../tramitacao/recusas.tsv")),
];

/// One line of a table; `None` if it is malformed (a test proves none is).
fn ler(linha: &'static str) -> Option<Recusa> {
    let mut colunas = linha.splitn(3, '\t');
    let (nome, campo, mensagem) = (colunas.next()?, colunas.next()?, colunas.next()?);
    if nome.is_empty() || campo.is_empty() || mensagem.is_empty() {
        return None;
    }
    let tipo = if campo == "-" { Conflito } else { Campo(campo) };
    Some((nome, tipo, mensagem))
}

fn linhas() -> impl Iterator<Item = (&'static str, &'static str)> {
    FONTES
        .iter()
        .flat_map(|(area, texto)| texto.lines().map(move |l| (*area, l)))
}

static TABELA: LazyLock<HashMap<&'static str, Recusa>> = LazyLock::new(|| {
    linhas()
        .filter_map(|(_, l)| ler(l))
        .map(|r| (r.0, r))
        .collect()
});

fn achar(nome: &str) -> Option<&'static Recusa> {
    TABELA.get(nome)
}

/// The message for a constraint or trigger name, if it has one.
pub fn mensagem(nome: &str) -> Option<&'static str> {
    achar(nome).map(|(_, _, m)| *m)
}

/// Every name the table knows.
pub fn nomes() -> impl Iterator<Item = &'static str> {
    TABELA.keys().copied()
}

/// Maps a database error to the refusal of the input it names; anything else is returned
/// as it was (and surfaces as an internal error, with its cause in the log).
pub fn mapear(e: sqlx::Error) -> Error {
    let e = Error::from(e);
    let Some((_, tipo, msg)) = e.constraint().and_then(achar) else {
        return e;
    };
    match tipo {
        Conflito => Error::Conflict((*msg).to_owned()),
        Campo(campo) => invalido(campo, *msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_each_table_is_sorted_and_no_name_repeats() {
        let mut todos = Vec::new();
        for (area, texto) in FONTES {
            let mut anterior = "";
            for l in texto.lines() {
                let Some((nome, _, _)) = ler(l) else {
                    panic!("{area}/recusas.tsv: malformed line {l:?}");
                };
                assert!(anterior < nome, "{area}: {nome} after {anterior}");
                anterior = nome;
                todos.push(nome);
            }
        }
        assert!(todos.len() > 500, "only {} refusals read", todos.len());
        assert_eq!(TABELA.len(), todos.len(), "a name in two tables");
    }
}
