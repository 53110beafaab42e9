use time::Date;
use time::macros::date;

use super::compilacao::{Alteracao, Estado, Origem, compilar};
use super::{
    Recebido, Situacao, TipoVinculo, parse, parse_fragmento, situacao, validar_dispositivo,
};

const ORIGINAL: &str = "\
Art. 1º Fica criado o Conselho Municipal de Cultura.
Art. 2º O Conselho será composto por:
I – três representantes do Poder Executivo;
II – três representantes da sociedade civil;
§ 1º O mandato será de dois anos.
Art. 3º O Conselho reunir-se-á mensalmente.
Art. 4º Esta Lei entra em vigor na data de sua publicação.
";

fn lei(id: i64, n: u32, ano: i32) -> Origem {
    Origem {
        norma_id: id,
        rotulo: format!("Lei nº {n}, de {ano}"),
    }
}

fn v(tipo: TipoVinculo, disp: &str, novo: &str, vigencia: Date, origem: Origem) -> Alteracao {
    Alteracao {
        tipo,
        dispositivo: (!disp.is_empty()).then(|| disp.to_string()),
        texto_novo: if novo.is_empty() {
            Vec::new()
        } else {
            parse_fragmento(novo).expect("fragmento")
        },
        vigencia,
        origem,
    }
}

/// Lei 100/2020, altered by the Leis 150/2021, 200/2022 and 250/2023 and partly revoked.
fn cadeia() -> Vec<Alteracao> {
    use TipoVinculo::*;
    let (a, b, c) = (lei(2, 150, 2021), lei(3, 200, 2022), lei(4, 250, 2023));
    vec![
        // Out of order on purpose: the compilation sorts by vigência.
        v(
            Altera,
            "art1",
            "Art. 1º Fica criado o Conselho Municipal de Cultura e Turismo.",
            date!(2023 - 01 - 01),
            c.clone(),
        ),
        v(Revoga, "art3", "", date!(2023 - 01 - 01), c.clone()),
        v(Revoga, "art2_inc2", "", date!(2023 - 01 - 01), c),
        v(
            Altera,
            "art1",
            "Art. 1º Fica criado o Conselho Municipal de Cultura (CMC).",
            date!(2021 - 03 - 01),
            a.clone(),
        ),
        v(
            Acrescenta,
            "art2_inc3",
            "III – um representante da Câmara Municipal;",
            date!(2021 - 03 - 01),
            a,
        ),
        v(
            Altera,
            "art2_par1",
            "§ 1º O mandato será de três anos, permitida uma recondução.",
            date!(2022 - 06 - 01),
            b.clone(),
        ),
        v(
            Acrescenta,
            "art3-1",
            "Art. 3º-A As reuniões serão públicas.",
            date!(2022 - 06 - 01),
            b,
        ),
    ]
}

#[test]
fn the_compiled_text_applies_every_alteration_in_order() {
    let t = parse(ORIGINAL).expect("original");
    let c = compilar(&t, &cadeia(), None);
    assert!(c.avisos.is_empty(), "{:?}", c.avisos);
    let art1 = c.linha("art1").expect("art1");
    assert_eq!(
        art1.texto,
        "Fica criado o Conselho Municipal de Cultura e Turismo."
    );
    assert_eq!(art1.anteriores.len(), 2);
    assert_eq!(
        art1.anteriores[0].texto,
        "Art. 1º Fica criado o Conselho Municipal de Cultura."
    );
    assert_eq!(
        art1.anteriores[0].substituida_por.rotulo,
        "Lei nº 150, de 2021"
    );
    assert_eq!(
        art1.anteriores[1].texto,
        "Art. 1º Fica criado o Conselho Municipal de Cultura (CMC)."
    );
    assert_eq!(
        art1.marcas.last().expect("marca").nota(),
        "Redação dada pela Lei nº 250, de 2023"
    );
    let ids: Vec<&str> = c.linhas.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "art1",
            "art2",
            "art2_inc1",
            "art2_inc2",
            "art2_inc3",
            "art2_par1",
            "art3",
            "art3-1",
            "art4"
        ]
    );
    let art3 = c.linha("art3").expect("art3");
    assert_eq!(art3.estado, Estado::Revogado);
    assert_eq!(
        art3.texto, "O Conselho reunir-se-á mensalmente.",
        "revoked words stay"
    );
    assert_eq!(art3.marcas[0].origem.rotulo, "Lei nº 250, de 2023");
    assert_eq!(c.linha("art2_inc2").expect("inc2").estado, Estado::Revogado);
    assert_eq!(c.linha("art2_inc1").expect("inc1").estado, Estado::Vigente);
    assert_eq!(c.linha("art3-1").expect("3-A").rotulo, "Art. 3º-A");
    let par1 = c.linha("art2_par1").expect("par1");
    assert_eq!(
        par1.texto,
        "O mandato será de três anos, permitida uma recondução."
    );
    assert_eq!(
        par1.anteriores[0].texto,
        "§ 1º O mandato será de dois anos."
    );
    let texto = c.texto();
    assert!(
        texto.contains(
            "Art. 3º O Conselho reunir-se-á mensalmente. (Revogado pela Lei nº 250, de 2023)"
        ),
        "{texto}"
    );
    assert!(
        texto.contains(
            "III – um representante da Câmara Municipal; (Incluído pela Lei nº 150, de 2021)"
        ),
        "{texto}"
    );
}

#[test]
fn the_text_in_force_on_a_date_has_only_what_was_in_force() {
    let t = parse(ORIGINAL).expect("original");
    let antes = compilar(&t, &cadeia(), Some(date!(2020 - 12 - 31)));
    assert!(
        antes
            .linhas
            .iter()
            .all(|l| l.marcas.is_empty() && l.estado == Estado::Vigente)
    );
    assert_eq!(antes.linhas.len(), 7);
    assert_eq!(
        antes.linha("art1").expect("art1").texto,
        "Fica criado o Conselho Municipal de Cultura."
    );

    let em_2021 = compilar(&t, &cadeia(), Some(date!(2021 - 12 - 31)));
    assert_eq!(
        em_2021.linha("art1").expect("art1").texto,
        "Fica criado o Conselho Municipal de Cultura (CMC)."
    );
    assert!(em_2021.linha("art2_inc3").is_some());
    assert!(em_2021.linha("art3-1").is_none());
    assert_eq!(em_2021.linha("art3").expect("art3").estado, Estado::Vigente);
    assert_eq!(
        em_2021.linha("art2_par1").expect("par1").texto,
        "O mandato será de dois anos."
    );

    // The day a vínculo takes effect is already under it.
    let no_dia = compilar(&t, &cadeia(), Some(date!(2022 - 06 - 01)));
    assert!(no_dia.linha("art3-1").is_some());
    assert_eq!(no_dia.linha("art3").expect("art3").estado, Estado::Vigente);

    let hoje = compilar(&t, &cadeia(), Some(date!(2026 - 01 - 01)));
    assert_eq!(hoje, compilar(&t, &cadeia(), None));
}

#[test]
fn repristination_and_unknown_dispositivos() {
    use TipoVinculo::*;
    let t = parse(ORIGINAL).expect("original");
    let mut vs = cadeia();
    vs.push(v(
        Repristina,
        "art3",
        "",
        date!(2024 - 01 - 01),
        lei(5, 300, 2024),
    ));
    vs.push(v(
        Revoga,
        "art9",
        "",
        date!(2024 - 01 - 01),
        lei(5, 300, 2024),
    ));
    let c = compilar(&t, &vs, None);
    assert_eq!(c.linha("art3").expect("art3").estado, Estado::Vigente);
    assert_eq!(c.avisos.len(), 1);
    assert!(c.avisos[0].contains("art9"), "{:?}", c.avisos);
}

#[test]
fn altering_an_artigo_keeps_its_paragraphs_unless_new_ones_come() {
    use TipoVinculo::*;
    let t = parse(ORIGINAL).expect("original");
    let so_caput = compilar(
        &t,
        &[v(
            Altera,
            "art2",
            "Art. 2º O Conselho terá:",
            date!(2021 - 01 - 01),
            lei(2, 1, 2021),
        )],
        None,
    );
    assert!(so_caput.linha("art2_inc2").is_some());
    assert!(so_caput.linha("art2_par1").is_some());
    let tudo = compilar(
        &t,
        &[v(
            Altera,
            "art2",
            "Art. 2º O Conselho terá:\nI – cinco membros.",
            date!(2021 - 01 - 01),
            lei(2, 1, 2021),
        )],
        None,
    );
    assert!(tudo.linha("art2_inc1").is_some());
    assert!(tudo.linha("art2_inc2").is_none());
    assert!(tudo.linha("art2_par1").is_none());
    let caput = compilar(
        &t,
        &[v(
            Altera,
            "art2_cpt",
            "Art. 2º Novo caput:",
            date!(2021 - 01 - 01),
            lei(2, 1, 2021),
        )],
        None,
    );
    assert_eq!(caput.linha("art2").expect("art2").texto, "Novo caput:");
    assert!(caput.linha("art2_inc2").is_some());
}

#[test]
fn the_situacao_is_derived() {
    use TipoVinculo::*;
    let r = |tipo, d: Option<&str>, vigencia| Recebido {
        tipo,
        dispositivo: d.map(str::to_string),
        vigencia,
    };
    let inicio = Some(date!(2020 - 02 - 01));
    let mut recebidos = vec![
        r(Altera, Some("art1"), date!(2021 - 03 - 01)),
        r(Revoga, Some("art3"), date!(2023 - 01 - 01)),
    ];
    assert_eq!(
        situacao(inicio, None, &recebidos, date!(2020 - 01 - 15)),
        Situacao::AguardandoVigencia
    );
    assert_eq!(
        situacao(inicio, None, &recebidos, date!(2022 - 01 - 01)),
        Situacao::Vigente
    );
    assert_eq!(
        situacao(inicio, None, &recebidos, date!(2023 - 01 - 01)),
        Situacao::RevogadaParcialmente
    );
    recebidos.push(r(Revoga, None, date!(2024 - 05 - 01)));
    assert_eq!(
        situacao(inicio, None, &recebidos, date!(2024 - 05 - 01)),
        Situacao::Revogada
    );
    recebidos.push(r(Repristina, None, date!(2025 - 01 - 01)));
    assert_eq!(
        situacao(inicio, None, &recebidos, date!(2025 - 01 - 01)),
        Situacao::RevogadaParcialmente
    );
    recebidos.push(r(Repristina, Some("art3"), date!(2025 - 02 - 01)));
    assert_eq!(
        situacao(inicio, None, &recebidos, date!(2025 - 03 - 01)),
        Situacao::Vigente
    );
    recebidos.push(r(Suspende, None, date!(2025 - 04 - 01)));
    assert_eq!(
        situacao(inicio, None, &recebidos, date!(2025 - 04 - 02)),
        Situacao::Suspensa
    );
    let inc = [r(DeclaraInconstitucional, None, date!(2021 - 01 - 01))];
    assert_eq!(
        situacao(inicio, None, &inc, date!(2021 - 01 - 01)),
        Situacao::DeclaradaInconstitucional
    );
    assert_eq!(
        situacao(
            inicio,
            Some(date!(2020 - 12 - 31)),
            &[],
            date!(2021 - 01 - 01)
        ),
        Situacao::VigenciaEncerrada
    );
}

#[test]
fn vinculo_targets_are_checked() {
    use TipoVinculo::*;
    let t = parse(ORIGINAL).expect("original");
    let novo = parse_fragmento("III – outro;").expect("novo");
    assert!(validar_dispositivo(Revoga, &t, Some("art3"), &[]).is_ok());
    assert!(validar_dispositivo(Revoga, &t, None, &[]).is_ok());
    assert!(
        validar_dispositivo(Revoga, &t, Some("art9"), &[])
            .expect_err("art9")
            .contains("não existe")
    );
    assert!(validar_dispositivo(Acrescenta, &t, Some("art2_inc3"), &novo).is_ok());
    assert!(
        validar_dispositivo(Acrescenta, &t, Some("art2_inc2"), &novo)
            .expect_err("existe")
            .contains("já existe")
    );
    assert!(validar_dispositivo(Altera, &t, None, &novo).is_err());
    assert!(validar_dispositivo(Altera, &t, Some("art1"), &[]).is_err());
}
