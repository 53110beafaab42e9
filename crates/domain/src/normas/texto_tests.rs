use proptest::prelude::*;

use super::texto::{Dispositivo, Texto, Tipo, de_romano, romano};
use super::{parse, parse_fragmento};

const LEI: &str = "\
LEI Nº 1.234, DE 15 DE MARÇO DE 2024
Dispõe sobre a política municipal de arborização urbana.
O PREFEITO MUNICIPAL faz saber que a Câmara Municipal aprovou e ele sanciona a seguinte Lei:

CAPÍTULO I
DAS DISPOSIÇÕES GERAIS

Art. 1º Fica instituída a Política Municipal de Arborização Urbana.

Art. 2º Para os fins desta Lei, considera-se:
I – arborização urbana: o conjunto de árvores do Município;
II - área verde: o espaço livre com vegetação, compreendendo:
a) praças;
b) parques, assim entendidos:
1. os parques lineares;
2. os parques naturais;
III – (Revogado)
§ 1º O Poder Executivo regulamentará esta Lei. (Redação dada pela Lei nº 1.300, de 2025)
§ 2º As despesas correrão por conta de dotações próprias.

CAPÍTULO II – DO PLANTIO
Seção I
Das Espécies

Art. 9º O plantio observará as espécies nativas.
Art. 10. Fica proibido o plantio de espécies exóticas invasoras.
Parágrafo único. A lista das espécies será publicada anualmente.
Art. 10-A. O viveiro municipal fornecerá mudas. (Incluído pela Lei nº 1.300, de 2025)
Art. 11. Esta Lei entra em vigor na data de sua publicação.
";

#[test]
fn reads_a_real_shaped_lei() {
    let t = parse(LEI).expect("lei lida");
    assert!(t.preambulo.starts_with("LEI Nº 1.234"));
    let ids: Vec<String> = t.percorrer().into_iter().map(|(i, _, _)| i).collect();
    for id in [
        "cap1",
        "art1",
        "art1_cpt",
        "art2_inc1",
        "art2_inc2_ali2_ite2",
        "art2_inc3",
        "art2_par1",
        "art2_par2",
        "cap2",
        "cap2_sec1",
        "art9",
        "art10_par1u",
        "art10-1",
        "art11",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} em {ids:?}");
    }
    let cap1 = t.buscar("cap1").expect("cap1");
    assert_eq!(cap1.texto, "DAS DISPOSIÇÕES GERAIS");
    assert_eq!(t.buscar("cap2").expect("cap2").texto, "DO PLANTIO");
    assert_eq!(t.buscar("cap2_sec1").expect("sec").texto, "Das Espécies");
    let inc3 = t.buscar("art2_inc3").expect("inc3");
    assert!(inc3.revogado());
    assert_eq!(inc3.texto, "");
    let par1 = t.buscar("art2_par1").expect("par1");
    assert_eq!(par1.texto, "O Poder Executivo regulamentará esta Lei.");
    assert_eq!(
        par1.nota.as_deref(),
        Some("Redação dada pela Lei nº 1.300, de 2025")
    );
    let art10 = t.buscar("art10").expect("art10");
    assert_eq!(art10.rotulo(), "Art. 10.");
    assert_eq!(t.buscar("art10-1").expect("10-A").rotulo(), "Art. 10-A.");
    assert_eq!(t.buscar("art9").expect("art9").rotulo(), "Art. 9º");
    assert_eq!(
        t.buscar("art2_inc2").expect("inc2").texto,
        "área verde: o espaço livre com vegetação, compreendendo:"
    );
    assert_eq!(t.buscar("art2_inc2").expect("inc2").rotulo(), "II –");
    // Render → parse is the same tree.
    assert_eq!(parse(&t.renderizar()).expect("de novo"), t);
}

#[test]
fn ordinals_and_variants() {
    let t = parse(
        "Art. 1o Um.\nArt 2° Dois.\nART. 3º - Três.\nArt. 1.000. Mil.\nArtigo único. Só.\n\
         § 1º-A Par.\n§ 12. Doze.\nPARÁGRAFO ÚNICO Único.\nIV— quatro\nXX - vinte",
    )
    .expect("lido");
    let rot: Vec<String> = t
        .percorrer()
        .into_iter()
        .filter(|(_, d, _)| d.tipo != Tipo::Caput)
        .map(|(i, d, _)| format!("{i}={}", d.linha()))
        .collect();
    assert_eq!(
        rot,
        [
            "art1=Art. 1º Um.",
            "art2=Art. 2º Dois.",
            "art3=Art. 3º Três.",
            "art1000=Art. 1000. Mil.",
            "art1u=Artigo único. Só.",
            "art1u_par1-1=§ 1º-A Par.",
            "art1u_par12=§ 12. Doze.",
            "art1u_par1u=Parágrafo único. Único.",
            "art1u_par1u_inc4=IV – quatro",
            "art1u_par1u_inc20=XX – vinte",
        ]
    );
}

#[test]
fn markdown_is_read() {
    let t = parse("## CAPÍTULO I\n**Art. 1º** Texto em *Markdown*.\n> I – citado").expect("md");
    assert_eq!(
        t.buscar("art1_cpt").expect("caput").texto,
        "Texto em *Markdown*."
    );
    assert!(t.buscar("art1_inc1").is_some());
}

#[test]
fn out_of_place_dispositivos_are_refused_all_at_once() {
    let erros = parse("I – solto\nArt. 1º Bom.\nCAPÍTULO I\na) perdida").expect_err("recusado");
    assert_eq!(erros.len(), 2, "{erros:?}");
    assert_eq!(erros[0].linha, 1);
    assert!(
        erros[0].mensagem.contains("inciso"),
        "{}",
        erros[0].mensagem
    );
    assert_eq!(erros[1].linha, 4);
    assert!(
        erros[1].mensagem.contains("alínea"),
        "{}",
        erros[1].mensagem
    );
}

#[test]
fn text_that_only_looks_like_a_dispositivo_is_text() {
    let t = parse("Art. 1º Texto\nDISPOSIÇÕES finais\nIV Congresso\nart. 5º citado\n2020. ano")
        .expect("lido");
    assert_eq!(t.dispositivos.len(), 1);
    assert_eq!(
        t.buscar("art1_cpt").expect("caput").texto,
        "Texto\nDISPOSIÇÕES finais\nIV Congresso\nart. 5º citado\n2020. ano"
    );
}

#[test]
fn fragments_start_anywhere() {
    let f = parse_fragmento("§ 2º Nova redação:\nI – um;\nII – dois.").expect("fragmento");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].tipo, Tipo::Paragrafo);
    assert_eq!(f[0].filhos.len(), 2);
    assert!(parse_fragmento("só texto").is_err());
}

#[test]
fn roman_numerals() {
    for n in 1..=3999 {
        assert_eq!(de_romano(&romano(n)), Some(n));
    }
    assert_eq!(de_romano("IIII"), None);
    assert_eq!(de_romano("IC"), None);
    assert_eq!(de_romano(""), None);
}

fn palavras() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-zçãé]{1,8}", 1..5).prop_map(|v| v.join(" "))
}

fn texto_de(max_linhas: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(palavras(), 0..=max_linhas).prop_map(|v| v.join("\n"))
}

fn nota() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        Just("Revogado".to_string()),
        Just("Redação dada pela Lei nº 12, de 2021".to_string()),
        Just("Incluído pela Lei nº 3".to_string()),
    ])
}

fn folha(tipo: Tipo) -> impl Strategy<Value = Dispositivo> {
    (1u32..40, texto_de(2), nota()).prop_map(move |(numero, texto, nota)| Dispositivo {
        tipo,
        numero,
        sufixo: 0,
        unico: false,
        texto,
        nota,
        filhos: Vec::new(),
    })
}

fn com_filhos(
    pai: impl Strategy<Value = Dispositivo>,
    filho: impl Strategy<Value = Dispositivo>,
    max: usize,
) -> impl Strategy<Value = Dispositivo> {
    (pai, proptest::collection::vec(filho, 0..max)).prop_map(|(mut p, f)| {
        p.filhos = f;
        p
    })
}

fn inciso() -> impl Strategy<Value = Dispositivo> {
    let item = folha(Tipo::Item);
    let alinea = com_filhos(
        folha(Tipo::Alinea).prop_map(|mut a| {
            a.numero = a.numero % 26 + 1;
            a
        }),
        item,
        3,
    );
    com_filhos(
        (folha(Tipo::Inciso), 0u32..3).prop_map(|(mut d, s)| {
            d.sufixo = s;
            d
        }),
        alinea,
        3,
    )
}

fn artigo() -> impl Strategy<Value = Dispositivo> {
    let caput = com_filhos(folha(Tipo::Caput), inciso(), 3).prop_map(|mut c| {
        c.numero = 0;
        c
    });
    let paragrafo = com_filhos(
        (folha(Tipo::Paragrafo), 0u32..2, any::<bool>()).prop_map(|(mut p, s, u)| {
            p.sufixo = s;
            p.unico = u && s == 0;
            if p.unico {
                p.numero = 1;
            }
            p
        }),
        inciso(),
        2,
    );
    (
        folha(Tipo::Artigo),
        caput,
        proptest::collection::vec(paragrafo, 0..3),
        0u32..2,
    )
        .prop_map(|(mut a, c, ps, s)| {
            a.texto = String::new();
            a.nota = None;
            a.sufixo = s;
            a.filhos = std::iter::once(c).chain(ps).collect();
            a
        })
}

fn agrupador() -> impl Strategy<Value = Dispositivo> {
    let secao = com_filhos(
        (folha(Tipo::Secao), texto_de(1)).prop_map(|(mut d, n)| {
            d.texto = n;
            d.nota = None;
            d
        }),
        artigo(),
        3,
    );
    let filho = prop_oneof![artigo(), secao];
    com_filhos(
        folha(Tipo::Capitulo).prop_map(|mut d| {
            d.nota = None;
            d
        }),
        filho,
        3,
    )
    .prop_map(|mut c| {
        c.filhos.sort_by_key(|d| d.tipo.agrupador());
        c
    })
}

fn texto() -> impl Strategy<Value = Texto> {
    (
        texto_de(2),
        proptest::collection::vec(prop_oneof![artigo(), agrupador()], 0..4),
    )
        .prop_map(|(preambulo, mut dispositivos)| {
            // Artigos after a capítulo would fall into it: keep them before.
            dispositivos.sort_by_key(|d| d.tipo.agrupador());
            Texto {
                preambulo,
                dispositivos,
            }
        })
}

fn linha_qualquer() -> impl Strategy<Value = String> {
    prop_oneof![
        palavras(),
        (1u32..30, palavras()).prop_map(|(n, p)| format!("Art. {n}º {p}")),
        (1u32..30, palavras()).prop_map(|(n, p)| format!("§ {n}. {p}")),
        palavras().prop_map(|p| format!("Parágrafo único. {p}")),
        (1u32..30, palavras()).prop_map(|(n, p)| format!("{} - {p}", romano(n))),
        ("[a-z]", palavras()).prop_map(|(l, p)| format!("{l}) {p}")),
        (1u32..9, palavras()).prop_map(|(n, p)| format!("{n}. {p} (Revogado)")),
        (1u32..9, palavras()).prop_map(|(n, p)| format!("CAPÍTULO {} – {p}", romano(n))),
        Just("Seção Única".to_string()),
    ]
}

proptest! {
    #[test]
    fn render_then_parse_is_the_tree(t in texto()) {
        let lido = parse(&t.renderizar()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(lido, t);
    }

    #[test]
    fn parse_render_parse_is_parse(linhas in proptest::collection::vec(linha_qualquer(), 0..25)) {
        let entrada = linhas.join("\n");
        if let Ok(t) = parse(&entrada) {
            let de_novo = parse(&t.renderizar()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(de_novo, t);
        }
    }
}
