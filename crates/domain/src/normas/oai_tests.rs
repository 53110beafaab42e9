use time::macros::datetime;
use uuid::Uuid;

use super::*;

fn pares(q: &[(&str, &str)]) -> Vec<(String, String)> {
    q.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

const AGORA: OffsetDateTime = datetime!(2026-05-10 12:00:00 UTC);

fn codigo(q: &[(&str, &str)]) -> &'static str {
    match ler(&pares(q), AGORA) {
        Ok(p) => p.verbo(),
        Err(e) => e.codigo,
    }
}

#[test]
fn every_verb_and_every_argument_error() {
    assert_eq!(codigo(&[]), "badVerb");
    assert_eq!(codigo(&[("verb", "Listar")]), "badVerb");
    assert_eq!(
        codigo(&[("verb", "Identify"), ("verb", "Identify")]),
        "badVerb"
    );
    assert_eq!(codigo(&[("verb", "Identify")]), "Identify");
    assert_eq!(
        codigo(&[("verb", "Identify"), ("from", "2020-01-01")]),
        "badArgument"
    );
    assert_eq!(
        codigo(&[("verb", "ListMetadataFormats")]),
        "ListMetadataFormats"
    );
    assert_eq!(codigo(&[("verb", "ListSets")]), "ListSets");
    assert_eq!(
        codigo(&[("verb", "ListSets"), ("resumptionToken", "x")]),
        "badResumptionToken"
    );
    assert_eq!(codigo(&[("verb", "ListRecords")]), "badArgument");
    assert_eq!(
        codigo(&[("verb", "ListRecords"), ("metadataPrefix", "marc")]),
        "cannotDisseminateFormat"
    );
    assert_eq!(
        codigo(&[("verb", "ListRecords"), ("metadataPrefix", "oai_lexml")]),
        "ListRecords"
    );
    assert_eq!(
        codigo(&[("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc")]),
        "ListIdentifiers"
    );
    assert_eq!(
        codigo(&[
            ("verb", "ListIdentifiers"),
            ("metadataPrefix", "oai_dc"),
            ("set", "leis")
        ]),
        "ListIdentifiers"
    );
    assert_eq!(
        codigo(&[
            ("verb", "ListRecords"),
            ("metadataPrefix", "oai_dc"),
            ("set", "LO:a b")
        ]),
        "badArgument",
        "a setSpec with a space"
    );
    match ler(
        &pares(&[
            ("verb", "ListRecords"),
            ("metadataPrefix", "oai_lexml"),
            ("set", "LC"),
        ]),
        AGORA,
    ) {
        Ok(Pedido::ListRecords(l)) => assert_eq!(l.conjunto.as_deref(), Some("LC")),
        outro => panic!("{outro:?}"),
    }
    assert!(set_spec_valido("LO") && set_spec_valido("ELOM") && set_spec_valido("a:b-c"));
    assert!(!set_spec_valido("") && !set_spec_valido("a..b") && !set_spec_valido("a:"));
    assert_eq!(set_spec(" LO "), "LO");
    assert_eq!(
        codigo(&[
            ("verb", "ListRecords"),
            ("metadataPrefix", "oai_dc"),
            ("metadataPrefix", "oai_dc")
        ]),
        "badArgument"
    );
    assert_eq!(
        codigo(&[
            ("verb", "ListRecords"),
            ("metadataPrefix", "oai_dc"),
            ("resumptionToken", "x")
        ]),
        "badArgument"
    );
    assert_eq!(
        codigo(&[("verb", "ListRecords"), ("resumptionToken", "x")]),
        "badResumptionToken"
    );
    assert_eq!(
        codigo(&[("verb", "GetRecord"), ("identifier", "oai:a.b:c")]),
        "badArgument"
    );
    assert_eq!(
        codigo(&[
            ("verb", "GetRecord"),
            ("identifier", "oai:a.b:c"),
            ("metadataPrefix", "oai_lexml")
        ]),
        "GetRecord"
    );
    for (from, until) in [
        ("2020-01-01T00:00:00Z", "2020-01-02"),
        ("2020-13-01", "2021-01-01"),
        ("2020-01-01T25:00:00Z", "2020-01-01T00:00:00Z"),
        ("2020-01-01T00:00:00", "2020-01-01T00:00:00Z"),
        ("2021-01-01", "2020-01-01"),
    ] {
        assert_eq!(
            codigo(&[
                ("verb", "ListRecords"),
                ("metadataPrefix", "oai_dc"),
                ("from", from),
                ("until", until)
            ]),
            "badArgument",
            "{from} {until}"
        );
    }
    let e = ler(&pares(&[("verb", "x")]), AGORA).unwrap_err();
    assert!(e.sem_atributos());
    assert!(!Erro::sem_registros().sem_atributos());
}

#[test]
fn until_covers_its_whole_day_or_second() {
    let i = intervalo(Some("2024-03-15"), Some("2024-03-15")).unwrap();
    assert_eq!(i.desde, Some(datetime!(2024-03-15 0:00 UTC)));
    assert_eq!(i.ate, Some(datetime!(2024-03-16 0:00 UTC)));
    let i = intervalo(None, Some("2024-03-15T10:20:30Z")).unwrap();
    assert_eq!(i.ate, Some(datetime!(2024-03-15 10:20:31 UTC)));
    assert_eq!(
        datestamp(datetime!(2024-03-15 10:20:30.999 UTC)),
        "2024-03-15T10:20:30Z"
    );
    assert_eq!(
        datestamp(datetime!(2024-03-15 07:20:30 -3)),
        "2024-03-15T10:20:30Z"
    );
}

#[test]
fn the_token_carries_the_cursor_and_expires() {
    let l = Lista {
        formato: Formato::Lexml,
        intervalo: intervalo(Some("2020-01-01"), None).unwrap(),
        conjunto: Some("RES".to_owned()),
        apos: None,
        entregues: 0,
    };
    let id = Uuid::now_v7();
    let c = Cursor {
        datestamp: datetime!(2024-03-15 10:20:30.123456 UTC),
        id,
    };
    let t = token(&l, c, 100, AGORA);
    let lido = ler_token(&t, AGORA + Duration::hours(1)).unwrap();
    assert_eq!(lido.formato, Formato::Lexml);
    assert_eq!(lido.intervalo, l.intervalo);
    assert_eq!(
        lido.apos,
        Some(c),
        "microseconds kept: no record skipped or repeated"
    );
    assert_eq!(lido.entregues, 100);
    assert_eq!(lido.conjunto.as_deref(), Some("RES"), "the set goes along");
    let sem = Lista {
        conjunto: None,
        ..l.clone()
    };
    assert_eq!(
        ler_token(&token(&sem, c, 1, AGORA), AGORA)
            .unwrap()
            .conjunto,
        None
    );
    assert!(ler_token(&t, AGORA + VALIDADE_TOKEN + Duration::SECOND).is_err());
    assert!(
        ler_token(&t, AGORA - Duration::hours(1)).is_err(),
        "issued in the future"
    );
    for ruim in [
        "",
        "oai_lexml",
        &t.replace("oai_lexml", "marc"),
        &t.replace(&id.simple().to_string(), "zz"),
    ] {
        assert_eq!(
            ler_token(ruim, AGORA).unwrap_err().codigo,
            "badResumptionToken"
        );
    }
}

#[test]
fn identifiers_of_parte_4a() {
    let id = Uuid::now_v7();
    let i = identificador("olinda.camara.leg.br", id);
    assert!(i.starts_with("oai:olinda.camara.leg.br:plenario/norma/"));
    assert!(!i.contains(' '));
    assert_eq!(id_de("olinda.camara.leg.br", &i), Some(id));
    assert_eq!(id_de("outra.leg.br", &i), None);
    assert_eq!(
        id_de(
            "olinda.camara.leg.br",
            "oai:olinda.camara.leg.br:plenario/norma/1"
        ),
        None
    );
    assert!(namespace_valido("olinda.localhost"));
    assert!(!namespace_valido("localhost"));
    assert!(!namespace_valido("1olinda.br"));
}
