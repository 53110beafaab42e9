//! From the approved proposição to the norma (issue #11, item 4): the autógrafo sent to the
//! Executivo, sanção (total or parcial), veto (total or parcial, with razões), sanção
//! tácita when the prazo of 15 dias úteis ends without either (computed, never stored),
//! the câmara's 30 days to deliberate a veto, derrubada or manutenção, and promulgação
//! (by the Presidente da Câmara after a derrubada or a sanção tácita; by the Mesa for
//! resoluções and decretos legislativos, which the Executivo never sees).
//!
//! Only the rules: the states and their transitions, the prazos on the câmara's calendar,
//! what a veto parcial may name, the norma's text with the vetoed parts and with those
//! promulgated after a derrubada. The workflow is `store::normas::autografos`.

use time::{Date, Duration};

use super::texto::id_filho;
use super::{Dispositivo, Texto, Tipo};
use crate::calendario::Calendario;
use crate::proposicoes::codigos;
use std::fmt;

/// Dias úteis the Executivo has to sanction or veto, from the autógrafo's receipt.
pub const PRAZO_SANCAO_DIAS_UTEIS: u32 = 15;
/// Days (calendar) the câmara has to deliberate a veto, from its receipt.
pub const PRAZO_VETO_DIAS: i64 = 30;
/// Hours the Prefeito has to promulgate a lei sanctioned tacitly or whose veto was derrubado
/// (CF art. 66 §§ 5º and 7º by symmetry, as the Leis Orgânicas write it); then the
/// Presidente da Câmara, in equal prazo, and after him the Vice-Presidente.
pub const PRAZO_PROMULGACAO_HORAS: i64 = 48;

codigos! {
    /// Where an autógrafo stands. `SancaoTacita` is what [`estado_em`] gives when the
    /// prazo ran out while `AguardandoSancao`.
    EstadoAutografo {
        AguardandoSancao = "aguardando_sancao", "Aguardando sanção";
        Sancionado = "sancionado", "Sancionado";
        SancionadoParcialmente = "sancionado_parcialmente", "Sancionado parcialmente (veto parcial)";
        Vetado = "vetado", "Vetado";
        SancaoTacita = "sancao_tacita", "Sanção tácita";
        VetoMantido = "veto_mantido", "Veto mantido";
        VetoDerrubado = "veto_derrubado", "Veto derrubado";
        Promulgado = "promulgado", "Promulgado";
    }
}

impl EstadoAutografo {
    /// The transitions the workflow allows. A resolução or decreto legislativo goes from
    /// the autógrafo straight to promulgação by the Mesa (`mesa`).
    pub fn can_become(self, para: EstadoAutografo, mesa: bool) -> bool {
        use EstadoAutografo::*;
        match (self, para) {
            (AguardandoSancao, Promulgado) => mesa,
            (AguardandoSancao, Sancionado | SancionadoParcialmente | Vetado | SancaoTacita) => {
                !mesa
            }
            (SancionadoParcialmente | Vetado, VetoMantido | VetoDerrubado) => true,
            (VetoDerrubado | SancaoTacita, Promulgado) => true,
            _ => false,
        }
    }

    /// Whether a veto awaits the câmara's deliberation.
    pub fn veto_pendente(self) -> bool {
        matches!(
            self,
            EstadoAutografo::SancionadoParcialmente | EstadoAutografo::Vetado
        )
    }

    /// Whether nothing else happens to it.
    pub fn final_(self) -> bool {
        matches!(
            self,
            EstadoAutografo::Sancionado
                | EstadoAutografo::VetoMantido
                | EstadoAutografo::Promulgado
        )
    }
}

codigos! {
    /// Who promulgates: after a sanção tácita or a veto's derrubada, the Prefeito within 48
    /// horas, then the Presidente da Câmara in equal prazo, then the Vice-Presidente
    /// ([`promulgacao_devida`]); the Mesa promulgates resoluções and decretos legislativos.
    Promulgador {
        Prefeito = "prefeito", "Prefeito";
        Presidente = "presidente", "Presidente da Câmara";
        VicePresidente = "vice_presidente", "Vice-Presidente da Câmara";
        Mesa = "mesa", "Mesa";
    }
}

impl Promulgador {
    /// "pelo Prefeito", "pelo Presidente da Câmara", "pela Mesa".
    pub fn por(self) -> &'static str {
        match self {
            Promulgador::Prefeito => "pelo Prefeito",
            Promulgador::Presidente => "pelo Presidente da Câmara",
            Promulgador::VicePresidente => "pelo Vice-Presidente da Câmara",
            Promulgador::Mesa => "pela Mesa",
        }
    }
}

/// What opens the promulgação by the Prefeito, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origem {
    /// The prazo de sanção ran out (the day given is its last day).
    SancaoTacita,
    /// The câmara derrubou the veto (the day given is the derrubada's).
    Derrubada,
}

impl Origem {
    /// "após a sanção tácita", "após a derrubada do veto".
    pub fn apos(self) -> &'static str {
        match self {
            Origem::SancaoTacita => "após a sanção tácita",
            Origem::Derrubada => "após a derrubada do veto",
        }
    }
}

/// The chain of promulgação, each in its 48 horas counted from the end of `inicio` (the last
/// day of the prazo de sanção, or the derrubada's day): the Prefeito through `inicio` + 2
/// days, the Presidente da Câmara through + 4, then the Vice-Presidente (through + 6, the
/// last prazo of the chain, which does not move on after it). Who must promulgate on `dia`,
/// and the last day of that prazo.
pub fn promulgacao_devida(inicio: Date, dia: Date) -> (Promulgador, Date) {
    let dias = Duration::days(PRAZO_PROMULGACAO_HORAS / 24);
    let cadeia = [
        Promulgador::Prefeito,
        Promulgador::Presidente,
        Promulgador::VicePresidente,
    ];
    let mut ate = inicio;
    for quem in cadeia {
        ate += dias;
        if dia <= ate {
            return (quem, ate);
        }
    }
    (Promulgador::VicePresidente, ate)
}

/// Whether `quem` may promulgate on `dia`: only the one whose prazo it is (the competence
/// passes on when a prazo ends). The refusal in Portuguese names who may, and until when.
pub fn conferir_promulgacao(
    inicio: Date,
    dia: Date,
    quem: Promulgador,
    origem: Origem,
) -> Result<(), String> {
    let (devido, ate) = promulgacao_devida(inicio, dia);
    if quem == devido {
        return Ok(());
    }
    let apos = origem.apos();
    let vez = match devido {
        Promulgador::Prefeito => format!("o Prefeito tem até {} (48 horas {apos})", br(ate)),
        Promulgador::Presidente => format!(
            "passadas as 48 horas do Prefeito, cabe ao Presidente da Câmara, até {}",
            br(ate)
        ),
        _ => "passadas as 48 horas do Prefeito e as do Presidente da Câmara, cabe ao \
              Vice-Presidente da Câmara"
            .to_owned(),
    };
    Err(format!(
        "Em {}, a promulgação não cabe {}: {vez}.",
        br(dia),
        match quem {
            Promulgador::Mesa => "à Mesa".to_owned(),
            q => format!("ao {}", q.rotulo()),
        }
    ))
}

fn br(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// The last day of the Executivo's prazo: the 15th dia útil after the receipt.
pub fn prazo_sancao(cal: &Calendario, recebido_em: Date) -> Option<Date> {
    cal.somar(recebido_em, PRAZO_SANCAO_DIAS_UTEIS)
}

/// The last day of the câmara's prazo to deliberate a veto received on `recebido_em`.
pub fn prazo_veto(recebido_em: Date) -> Date {
    recebido_em + Duration::days(PRAZO_VETO_DIAS)
}

/// The state on `hoje`: an autógrafo still `AguardandoSancao` after its prazo is sanctioned
/// tacitly (the stored state does not change; the day after the prazo shows it).
pub fn estado_em(
    guardado: EstadoAutografo,
    cal: &Calendario,
    recebido_em: Date,
    hoje: Date,
) -> EstadoAutografo {
    match (guardado, prazo_sancao(cal, recebido_em)) {
        (EstadoAutografo::AguardandoSancao, Some(fim)) if hoje > fim => {
            EstadoAutografo::SancaoTacita
        }
        (e, _) => e,
    }
}

/// The dispositivos a veto parcial names: at least one, each of the autógrafo's text, and
/// each a whole artigo, parágrafo, inciso or alínea (CF art. 66 § 2º: never a few words).
/// Every problem in one message list.
pub fn validar_veto_parcial(texto: &Texto, dispositivos: &[String]) -> Result<(), Vec<String>> {
    if dispositivos.is_empty() {
        return Err(vec![
            "Informe os dispositivos vetados (ex.: art2_inc3).".to_owned(),
        ]);
    }
    let erros: Vec<String> = dispositivos
        .iter()
        .filter_map(|id| match texto.buscar(id) {
            None => Some(format!("O dispositivo {id} não existe no autógrafo.")),
            Some(d)
                if !matches!(
                    d.tipo,
                    Tipo::Artigo | Tipo::Paragrafo | Tipo::Inciso | Tipo::Alinea
                ) =>
            {
                Some(format!(
                    "O veto parcial abrange artigo, parágrafo, inciso ou alínea inteiros: {id} é {}.",
                    d.tipo.nome()
                ))
            }
            Some(_) => None,
        })
        .collect();
    if erros.is_empty() { Ok(()) } else { Err(erros) }
}

/// The note a vetoed dispositivo carries in the norma ("Art. 3º (Vetado)").
pub const NOTA_VETADO: &str = "Vetado";

/// The tipo de norma (its default sigla) a tipo de proposição becomes, when the usual one.
pub fn sigla_norma(sigla_proposicao: &str) -> Option<&'static str> {
    Some(match sigla_proposicao {
        "PL" => "LO",
        "PLC" => "LC",
        "PR" => "RES",
        "PDL" => "DL",
        "PELO" => "ELOM",
        _ => return None,
    })
}

fn visitar(
    ds: &mut [Dispositivo],
    pai: &str,
    pai_tipo: Option<Tipo>,
    f: &mut impl FnMut(&str, &mut Dispositivo) -> bool,
) {
    for d in ds.iter_mut() {
        let id = id_filho(pai, pai_tipo, d);
        if f(&id, d) {
            let tipo = d.tipo;
            visitar(&mut d.filhos, &id, Some(tipo), f);
        }
    }
}

/// The norma's text of a sanção parcial: each vetoed dispositivo keeps its place and
/// label, loses its words and those below it, and says "(Vetado)".
pub fn vetar(texto: &Texto, vetados: &[String]) -> Texto {
    let mut t = texto.clone();
    visitar(&mut t.dispositivos, "", None, &mut |id, d| {
        if !vetados.iter().any(|v| v == id) {
            return true;
        }
        if d.tipo == Tipo::Artigo {
            let mut caput = d
                .filhos
                .iter()
                .find(|f| f.tipo == Tipo::Caput)
                .cloned()
                .unwrap_or_else(|| Dispositivo::novo(Tipo::Caput, 0));
            caput.texto.clear();
            caput.filhos.clear();
            caput.nota = Some(NOTA_VETADO.to_owned());
            d.filhos = vec![caput];
        } else {
            d.texto.clear();
            d.filhos.clear();
            d.nota = Some(NOTA_VETADO.to_owned());
        }
        false
    });
    t
}

/// The norma's text once the vetoed `partes` are promulgated after the veto's derrubada:
/// each comes back with the autógrafo's words and children, noted `nota`.
pub fn promulgar_partes(norma: &Texto, autografo: &Texto, partes: &[String], nota: &str) -> Texto {
    let mut t = norma.clone();
    visitar(&mut t.dispositivos, "", None, &mut |id, d| {
        if !partes.iter().any(|p| p == id) {
            return true;
        }
        if let Some(original) = autografo.buscar(id) {
            *d = original.clone();
            let alvo = if d.tipo == Tipo::Artigo {
                d.filhos.iter_mut().find(|f| f.tipo == Tipo::Caput)
            } else {
                Some(&mut *d)
            };
            if let Some(a) = alvo.filter(|a| a.nota.is_none()) {
                a.nota = Some(nota.to_owned());
            }
        }
        false
    });
    t
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::EstadoAutografo::*;
    use super::*;

    #[test]
    fn each_transition_and_the_ones_refused() {
        for (de, para) in [
            (AguardandoSancao, Sancionado),
            (AguardandoSancao, SancionadoParcialmente),
            (AguardandoSancao, Vetado),
            (AguardandoSancao, SancaoTacita),
            (Vetado, VetoMantido),
            (Vetado, VetoDerrubado),
            (SancionadoParcialmente, VetoDerrubado),
            (SancionadoParcialmente, VetoMantido),
            (VetoDerrubado, Promulgado),
            (SancaoTacita, Promulgado),
        ] {
            assert!(de.can_become(para, false), "{de} → {para}");
        }
        assert!(
            AguardandoSancao.can_become(Promulgado, true),
            "the Mesa promulgates"
        );
        assert!(
            !AguardandoSancao.can_become(Vetado, true),
            "no veto of a resolução"
        );
        assert!(!AguardandoSancao.can_become(Promulgado, false));
        for e in EstadoAutografo::ALL.iter().copied().filter(|e| e.final_()) {
            assert!(
                EstadoAutografo::ALL
                    .iter()
                    .all(|p| !e.can_become(*p, false) && !e.can_become(*p, true)),
                "{e} is final"
            );
        }
        assert!(!VetoMantido.can_become(VetoDerrubado, false));
        assert!(Vetado.veto_pendente() && SancionadoParcialmente.veto_pendente());
        assert!(!Sancionado.veto_pendente());
    }

    #[test]
    fn the_prazos_in_dias_uteis_and_the_sancao_tacita() {
        // Received Friday 2026-03-27; Good Friday 2026-04-03 and Tiradentes (Tuesday
        // 2026-04-21) do not count, nor a municipal holiday on 2026-04-10.
        let cal = Calendario::new([date!(2026 - 04 - 10)], []);
        let recebido = date!(2026 - 03 - 27);
        let fim = prazo_sancao(&cal, recebido).unwrap();
        assert_eq!(cal.contar(recebido, fim), PRAZO_SANCAO_DIAS_UTEIS);
        assert_eq!(fim, date!(2026 - 04 - 22));
        assert_eq!(
            estado_em(AguardandoSancao, &cal, recebido, fim),
            AguardandoSancao
        );
        assert_eq!(
            estado_em(AguardandoSancao, &cal, recebido, fim + Duration::days(1)),
            SancaoTacita
        );
        assert_eq!(
            estado_em(Vetado, &cal, recebido, fim + Duration::days(30)),
            Vetado,
            "a veto in time stays a veto"
        );
        assert_eq!(prazo_veto(date!(2026 - 04 - 20)), date!(2026 - 05 - 20));
    }

    #[test]
    fn the_prefeito_has_48_horas_then_the_presidente_then_the_vice_presidente() {
        // The prazo de sanção ended on Wednesday 22/04/2026: the tácita is from the 23rd;
        // the Prefeito may promulgate through the 24th, the Presidente on the 25th and
        // 26th, the Vice-Presidente from the 27th (hours, not dias úteis).
        let fim = date!(2026 - 04 - 22);
        use Promulgador::*;
        let devida = |d| promulgacao_devida(fim, d);
        assert_eq!(
            devida(fim + Duration::days(1)),
            (Prefeito, date!(2026 - 04 - 24))
        );
        assert_eq!(
            devida(date!(2026 - 04 - 24)),
            (Prefeito, date!(2026 - 04 - 24))
        );
        assert_eq!(
            devida(date!(2026 - 04 - 25)),
            (Presidente, date!(2026 - 04 - 26))
        );
        assert_eq!(
            devida(date!(2026 - 04 - 26)),
            (Presidente, date!(2026 - 04 - 26))
        );
        assert_eq!(
            devida(date!(2026 - 04 - 27)),
            (VicePresidente, date!(2026 - 04 - 28))
        );
        assert_eq!(
            devida(date!(2026 - 05 - 30)),
            (VicePresidente, date!(2026 - 04 - 28))
        );
        let conferir = |d, q| conferir_promulgacao(fim, d, q, Origem::SancaoTacita);
        assert!(conferir(date!(2026 - 04 - 24), Prefeito).is_ok());
        assert!(conferir(date!(2026 - 04 - 25), Presidente).is_ok());
        assert!(conferir(date!(2026 - 04 - 27), VicePresidente).is_ok());
        assert!(conferir(date!(2026 - 05 - 30), VicePresidente).is_ok());
        let e = conferir(date!(2026 - 04 - 24), Presidente).unwrap_err();
        assert!(
            e.contains("não cabe ao Presidente da Câmara: o Prefeito tem até 24/04/2026 (48 horas após a sanção tácita)"),
            "{e}"
        );
        let e = conferir(date!(2026 - 04 - 25), Prefeito).unwrap_err();
        assert!(
            e.contains("cabe ao Presidente da Câmara, até 26/04/2026"),
            "{e}"
        );
        let e = conferir(date!(2026 - 04 - 27), Presidente).unwrap_err();
        assert!(e.contains("cabe ao Vice-Presidente da Câmara"), "{e}");
        let e = conferir(date!(2026 - 04 - 23), Mesa).unwrap_err();
        assert!(e.contains("não cabe à Mesa"), "{e}");
        let e = conferir_promulgacao(fim, fim, Presidente, Origem::Derrubada).unwrap_err();
        assert!(e.contains("48 horas após a derrubada do veto"), "{e}");
        assert_eq!(Promulgador::parse("vice_presidente"), Some(VicePresidente));
        assert_eq!(VicePresidente.por(), "pelo Vice-Presidente da Câmara");
    }

    #[test]
    fn a_veto_parcial_names_whole_dispositivos_of_the_text() {
        let t = crate::normas::parse(
            "Art. 1º Fica criado o programa.\nArt. 2º O programa terá:\nI – hortas;\nII – feiras.\n\
             Parágrafo único. Regulamento.",
        )
        .unwrap();
        assert!(validar_veto_parcial(&t, &["art2_inc2".into(), "art2_par1u".into()]).is_ok());
        assert!(validar_veto_parcial(&t, &["art1".into()]).is_ok());
        assert_eq!(validar_veto_parcial(&t, &[]).unwrap_err().len(), 1);
        let erros = validar_veto_parcial(&t, &["art9".into(), "art1_cpt".into()]).unwrap_err();
        assert_eq!(erros.len(), 2, "{erros:?}");
        assert!(erros[0].contains("art9 não existe"));
        assert!(erros[1].contains("art1_cpt é caput"));
    }

    #[test]
    fn the_vetoed_parts_and_their_promulgacao_after_the_derrubada() {
        let t = crate::normas::parse(
            "Art. 1º Fica criado o programa.\nArt. 2º O programa terá:\nI – hortas;\nII – feiras.\n\
             Art. 3º Revogam-se as disposições em contrário.",
        )
        .unwrap();
        let vetados = vec!["art2_inc2".to_owned(), "art3".to_owned()];
        let v = vetar(&t, &vetados);
        let texto = v.renderizar();
        assert!(texto.contains("II – (Vetado)"), "{texto}");
        assert!(texto.contains("Art. 3º (Vetado)"), "{texto}");
        assert!(texto.contains("I – hortas;"), "{texto}");
        assert!(!texto.contains("feiras") && !texto.contains("Revogam-se"));
        assert_eq!(
            crate::normas::parse(&texto).unwrap(),
            v,
            "the vetoed text reads back"
        );
        let nota = "Vetado e promulgado após a derrubada do veto";
        let p = promulgar_partes(&v, &t, &vetados, nota);
        let texto = p.renderizar();
        assert!(
            texto.contains("II – feiras. (Vetado e promulgado"),
            "{texto}"
        );
        assert!(texto.contains("Art. 3º Revogam-se as disposições em contrário. (Vetado e"));
        assert_eq!(crate::normas::parse(&texto).unwrap(), p);
        assert_eq!(sigla_norma("PL"), Some("LO"));
        assert_eq!(sigla_norma("REQ"), None);
    }
}
