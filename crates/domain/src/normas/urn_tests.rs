use time::macros::date;

use super::urn::{ESTADOS, conforme_xsd, fragmento, localidade, norma, normalizar, proposicao};
use crate::municipios;

const CSV: &str = include_str!("../../../../data/municipios-ibge.csv");

#[test]
fn every_ibge_municipality_has_a_well_formed_localidade() {
    let todos = municipios::all();
    assert_eq!(todos.len(), 5570, "the IBGE list the project ships");
    for m in todos {
        let l = localidade(m.nome, m.uf).unwrap_or_else(|| panic!("UF de {m:?}"));
        let partes: Vec<&str> = l.split(';').collect();
        assert_eq!(partes.len(), 3, "{l}");
        assert_eq!(partes[0], "br");
        for p in &partes[1..] {
            assert!(!p.is_empty(), "{l} ({})", m.nome);
            assert!(
                p.split('.').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{l} ({})",
                m.nome
            );
        }
        let u = norma(&l, "lei", date!(2024 - 03 - 15), "1.234");
        assert!(conforme_xsd(&u), "{u}");
        assert!(conforme_xsd(&proposicao(&l, "PL", 2024, 12)));
    }
}

#[test]
fn state_names_match_the_ibge_list() {
    for linha in CSV.lines().skip(1) {
        let c: Vec<&str> = linha.split(',').collect();
        let (uf, estado) = (c[2], c[3]);
        assert!(ESTADOS.contains(&(uf, estado)), "{uf} {estado}");
    }
}

#[test]
fn tricky_names() {
    assert_eq!(
        localidade("Sant'Ana do Livramento", "RS").as_deref(),
        Some("br;rio.grande.sul;sant.ana.livramento")
    );
    assert_eq!(
        localidade("Xangri-lá", "RS").as_deref(),
        Some("br;rio.grande.sul;xangri.la")
    );
    assert_eq!(
        localidade("Olhos-d'Água", "MG").as_deref(),
        Some("br;minas.gerais;olhos.d.agua")
    );
    assert_eq!(
        localidade("São Bento do Sul", "SC").as_deref(),
        Some("br;santa.catarina;sao.bento.sul")
    );
    assert_eq!(
        localidade("Brasília", "DF").as_deref(),
        Some("br;distrito.federal;brasilia")
    );
    assert_eq!(
        localidade("Abreu e Lima", "PE").as_deref(),
        Some("br;pernambuco;abreu.lima")
    );
    assert_eq!(normalizar("Mato Grosso do Sul"), "mato.grosso.sul");
    assert_eq!(localidade("Campinas", "XX"), None);
}

#[test]
fn urns_of_normas_and_proposicoes() {
    let l = localidade("São Bento do Sul", "SC").expect("sc");
    assert_eq!(
        norma(&l, "lei", date!(2024 - 03 - 15), "1.234"),
        "urn:lex:br;santa.catarina;sao.bento.sul:municipal:lei:2024-03-15;1234"
    );
    assert_eq!(
        norma(&l, "resolucao", date!(2024 - 02 - 01), "5"),
        "urn:lex:br;santa.catarina;sao.bento.sul:camara.municipal:resolucao:2024-02-01;5"
    );
    assert_eq!(
        norma(&l, "lei.organica", date!(1990 - 04 - 05), "1"),
        "urn:lex:br;santa.catarina;sao.bento.sul:municipal:lei.organica:1990-04-05;1990"
    );
    assert_eq!(
        proposicao(&l, "PL", 2024, 12),
        "urn:lex:br;santa.catarina;sao.bento.sul:camara.municipal:projeto.lei;pl:2024;12"
    );
    let u = fragmento(
        &norma(&l, "lei", date!(2024 - 03 - 15), "1234"),
        "art2_inc3_ali1",
    );
    assert!(u.ends_with(";1234!art2_inc3_ali1"));
    assert!(conforme_xsd(&u));
}

#[test]
fn the_xsd_pattern() {
    assert!(conforme_xsd("urn:lex:br:federal:lei:2008-06-19;11705"));
    assert!(!conforme_xsd(
        "urn:lex:br;são.paulo:municipal:lei:2024-01-01;1"
    ));
    assert!(!conforme_xsd("urn:lex:br::lei"));
    assert!(!conforme_xsd(" urn:lex:br:federal:lei:2008-06-19;11705"));
    assert!(!conforme_xsd("urn:lex"));
    assert!(!conforme_xsd("urn:lex:br federal"));
}
