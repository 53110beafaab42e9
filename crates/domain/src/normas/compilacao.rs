//! The texto compilado: a norma's original text with the vínculos other normas made on its
//! dispositivos applied in order of vigência, and the text in force on a date (the same,
//! with only the vínculos in force by then).
//!
//! Rules: `altera` gives a dispositivo new words (and new children only when the new text
//! brings children: "Art. 2º Nova redação." keeps the artigo's parágrafos); `acrescenta`
//! inserts a dispositivo where its number puts it among its siblings (`art1-1` after `art1`);
//! `revoga`, `suspende`, `declara_inconstitucional` keep the words (shown struck through)
//! and say who did it; `repristina` brings them back; `regulamenta` only notes.

use serde::Serialize;
use time::Date;

use super::TipoVinculo;
use super::leitura::no_mut;
use super::texto::{Dispositivo, Texto, Tipo, id_filho};

/// The norma that made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origem {
    pub norma_id: i64,
    /// "Lei nº 12, de 2021".
    pub rotulo: String,
}

/// One vínculo as it applies to the altered norma.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alteracao {
    pub tipo: TipoVinculo,
    /// The fragment id it acts on (for `acrescenta`, the id of the new dispositivo); `None`
    /// is the whole norma.
    pub dispositivo: Option<String>,
    /// The new wording, for `altera` and `acrescenta` (see [`super::parse_fragmento`]).
    pub texto_novo: Vec<Dispositivo>,
    pub vigencia: Date,
    pub origem: Origem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Estado {
    Vigente,
    Revogado,
    Suspenso,
    Inconstitucional,
}

/// What a vínculo did to a dispositivo, for the notes of the compiled text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marca {
    pub tipo: TipoVinculo,
    pub origem: Origem,
    pub desde: Date,
}

impl Marca {
    /// "Redação dada pela Lei nº 12, de 2021", "Revogado pela …".
    pub fn nota(&self) -> String {
        let verbo = match self.tipo {
            TipoVinculo::Altera => "Redação dada",
            TipoVinculo::Acrescenta => "Incluído",
            TipoVinculo::Revoga => "Revogado",
            TipoVinculo::Regulamenta => "Regulamentado",
            TipoVinculo::DeclaraInconstitucional => "Declarado inconstitucional",
            TipoVinculo::Repristina => "Repristinado",
            TipoVinculo::Suspende => "Suspenso",
        };
        format!("{verbo} pela {}", self.origem.rotulo)
    }
}

/// A wording that no longer applies, with the norma that replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redacao {
    pub texto: String,
    pub ate: Date,
    pub substituida_por: Origem,
}

/// One line of the compiled text (an artigo's line carries its caput).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Linha {
    pub id: String,
    pub tipo: Tipo,
    pub nivel: usize,
    pub rotulo: String,
    pub texto: String,
    pub estado: Estado,
    pub marcas: Vec<Marca>,
    pub anteriores: Vec<Redacao>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compilado {
    pub preambulo: String,
    pub linhas: Vec<Linha>,
    /// Vínculos on the whole norma (revogada, suspensa…), in order.
    pub marcas_da_norma: Vec<Marca>,
    /// Vínculos that could not be applied (a dispositivo that does not exist).
    pub avisos: Vec<String>,
}

impl Compilado {
    /// Plain text with the notes the way compiled federal texts write them.
    pub fn texto(&self) -> String {
        let mut out = String::new();
        for l in &self.linhas {
            let mut s = match (l.rotulo.is_empty(), l.texto.is_empty()) {
                (true, _) => l.texto.clone(),
                (false, true) => l.rotulo.clone(),
                (false, false) if l.tipo.agrupador() => format!("{}\n{}", l.rotulo, l.texto),
                (false, false) => format!("{} {}", l.rotulo, l.texto),
            };
            if let Some(m) = l.marcas.last() {
                s.push_str(&format!(" ({})", m.nota()));
            }
            out.push_str(&s);
            out.push('\n');
        }
        out
    }

    pub fn linha(&self, id: &str) -> Option<&Linha> {
        self.linhas.iter().find(|l| l.id == id)
    }
}

#[derive(Default, Clone)]
struct Historico {
    estado: Option<Estado>,
    marcas: Vec<Marca>,
    anteriores: Vec<Redacao>,
}

/// The compiled text: every vínculo applied (`em` = None) or only those in force on `em`.
pub fn compilar(original: &Texto, alteracoes: &[Alteracao], em: Option<Date>) -> Compilado {
    let mut texto = original.clone();
    let mut hist: std::collections::HashMap<String, Historico> = Default::default();
    let mut marcas_da_norma = Vec::new();
    let mut avisos = Vec::new();
    let mut ordem: Vec<&Alteracao> = alteracoes
        .iter()
        .filter(|a| em.is_none_or(|d| a.vigencia <= d))
        .collect();
    ordem.sort_by_key(|a| a.vigencia);
    for a in ordem {
        let marca = Marca {
            tipo: a.tipo,
            origem: a.origem.clone(),
            desde: a.vigencia,
        };
        let Some(id) = a.dispositivo.as_deref() else {
            marcas_da_norma.push(marca);
            continue;
        };
        let r = match a.tipo {
            TipoVinculo::Altera => alterar(&mut texto, id, a, &mut hist),
            TipoVinculo::Acrescenta => acrescentar(&mut texto, id, a, &mut hist),
            _ => caminho(&texto, id).map(|_| ()).ok_or(()),
        };
        if r.is_err() {
            avisos.push(format!(
                "{} ({}): o dispositivo {id} não existe no texto.",
                a.origem.rotulo,
                a.tipo.rotulo()
            ));
            continue;
        }
        let h = hist.entry(id.to_string()).or_default();
        h.estado = match a.tipo {
            TipoVinculo::Revoga => Some(Estado::Revogado),
            TipoVinculo::Suspende => Some(Estado::Suspenso),
            TipoVinculo::DeclaraInconstitucional => Some(Estado::Inconstitucional),
            TipoVinculo::Repristina | TipoVinculo::Altera | TipoVinculo::Acrescenta => None,
            TipoVinculo::Regulamenta => h.estado,
        };
        h.marcas.push(marca);
    }
    let mut linhas = Vec::new();
    linhas_de(
        &texto.dispositivos,
        "",
        None,
        0,
        Estado::Vigente,
        &hist,
        &mut linhas,
    );
    Compilado {
        preambulo: texto.preambulo,
        linhas,
        marcas_da_norma,
        avisos,
    }
}

/// A dispositivo's words on its line; a veto's note (the "(Vetado)" of a sanção parcial,
/// `normas::sancao::vetar`) is part of what the published text shows.
fn palavras(d: &Dispositivo) -> String {
    match d.nota.as_deref() {
        Some(n) if n.to_lowercase().starts_with("vetad") && d.texto.is_empty() => format!("({n})"),
        Some(n) if n.to_lowercase().starts_with("vetad") => format!("{} ({n})", d.texto),
        _ => d.texto.clone(),
    }
}

fn linhas_de(
    ds: &[Dispositivo],
    pai: &str,
    pai_tipo: Option<Tipo>,
    nivel: usize,
    herdado: Estado,
    hist: &std::collections::HashMap<String, Historico>,
    out: &mut Vec<Linha>,
) {
    for d in ds {
        let id = id_filho(pai, pai_tipo, d);
        let h = hist.get(&id).cloned().unwrap_or_default();
        let mut estado = h.estado.unwrap_or(herdado);
        if estado == Estado::Vigente && d.revogado() {
            estado = Estado::Revogado;
        }
        if d.tipo == Tipo::Caput {
            // The caput is on its artigo's line.
            if let Some(artigo) = out.last_mut() {
                artigo.texto = palavras(d);
                artigo.marcas.extend(h.marcas);
                artigo.anteriores.extend(h.anteriores);
                if estado != Estado::Vigente {
                    artigo.estado = estado;
                }
            }
        } else {
            out.push(Linha {
                id: id.clone(),
                tipo: d.tipo,
                nivel,
                rotulo: d.rotulo(),
                texto: if d.tipo == Tipo::Artigo {
                    String::new()
                } else {
                    palavras(d)
                },
                estado,
                marcas: h.marcas,
                anteriores: h.anteriores,
            });
        }
        linhas_de(&d.filhos, &id, Some(d.tipo), nivel + 1, estado, hist, out);
    }
}

/// The path of indexes to a fragment id.
fn caminho(t: &Texto, id: &str) -> Option<Vec<usize>> {
    fn busca(
        ds: &[Dispositivo],
        pai: &str,
        pai_tipo: Option<Tipo>,
        id: &str,
        cam: &mut Vec<usize>,
    ) -> bool {
        for (i, d) in ds.iter().enumerate() {
            let proprio = id_filho(pai, pai_tipo, d);
            cam.push(i);
            if proprio == id || busca(&d.filhos, &proprio, Some(d.tipo), id, cam) {
                return true;
            }
            cam.pop();
        }
        false
    }
    let mut cam = Vec::new();
    busca(&t.dispositivos, "", None, id, &mut cam).then_some(cam)
}

fn render_sub(d: &Dispositivo) -> String {
    Texto {
        preambulo: String::new(),
        dispositivos: vec![d.clone()],
    }
    .renderizar()
    .trim_end()
    .to_string()
}

fn alterar(
    t: &mut Texto,
    id: &str,
    a: &Alteracao,
    hist: &mut std::collections::HashMap<String, Historico>,
) -> Result<(), ()> {
    let cam = caminho(t, id).ok_or(())?;
    let alvo = no_mut(&mut t.dispositivos, &cam);
    let mut novo = a.texto_novo.first().cloned().ok_or(())?;
    if alvo.tipo == Tipo::Caput && novo.tipo == Tipo::Artigo {
        novo = novo.filhos.first().cloned().ok_or(())?;
    }
    if novo.tipo != alvo.tipo {
        return Err(());
    }
    let traz_filhos = match novo.tipo {
        Tipo::Artigo => novo.filhos.len() > 1 || novo.filhos.iter().any(|c| !c.filhos.is_empty()),
        _ => !novo.filhos.is_empty(),
    };
    let anterior = match alvo.tipo {
        Tipo::Caput => alvo.texto.clone(),
        _ if traz_filhos => render_sub(alvo),
        _ => alvo.linha(),
    };
    if novo.tipo == Tipo::Artigo {
        if let (Some(c), Some(n)) = (alvo.filhos.first_mut(), novo.filhos.first()) {
            c.texto = n.texto.clone();
            c.nota = None;
        }
        if traz_filhos {
            alvo.filhos = novo.filhos;
        }
    } else {
        alvo.texto = novo.texto;
        alvo.nota = None;
        if traz_filhos {
            alvo.filhos = novo.filhos;
        }
    }
    hist.entry(id.to_string())
        .or_default()
        .anteriores
        .push(Redacao {
            texto: anterior,
            ate: a.vigencia,
            substituida_por: a.origem.clone(),
        });
    Ok(())
}

fn chave(d: &Dispositivo) -> (u32, u32) {
    (d.numero, d.sufixo)
}

fn acrescentar(
    t: &mut Texto,
    id: &str,
    a: &Alteracao,
    hist: &mut std::collections::HashMap<String, Historico>,
) -> Result<(), ()> {
    if caminho(t, id).is_some() || a.texto_novo.is_empty() {
        return Err(());
    }
    let primeiro = &a.texto_novo[0];
    let pai_id = match (primeiro.tipo, id.rsplit_once('_')) {
        (Tipo::Artigo, _) | (_, None) => None,
        (_, Some((p, _))) => Some(p),
    };
    for novo in &a.texto_novo {
        let irmaos: &mut Vec<Dispositivo> = match pai_id {
            None if novo.tipo == Tipo::Artigo => container_de_artigos(t, novo),
            None => &mut t.dispositivos,
            Some(p) => {
                let cam = caminho(t, p).ok_or(())?;
                let pai = no_mut(&mut t.dispositivos, &cam);
                if pai.tipo == Tipo::Artigo && novo.tipo == Tipo::Inciso {
                    &mut pai.filhos.first_mut().ok_or(())?.filhos
                } else if pai.tipo.contem(novo.tipo) {
                    &mut pai.filhos
                } else {
                    return Err(());
                }
            }
        };
        let pos = irmaos
            .iter()
            .rposition(|d| d.tipo == novo.tipo && chave(d) < chave(novo))
            .map(|i| i + 1)
            .or_else(|| irmaos.iter().position(|d| d.tipo == novo.tipo))
            .unwrap_or(irmaos.len());
        irmaos.insert(pos, novo.clone());
    }
    let _ = hist.entry(id.to_string()).or_default();
    Ok(())
}

/// The list an artigo goes into: the one holding the artigo it follows.
fn container_de_artigos<'a>(t: &'a mut Texto, novo: &Dispositivo) -> &'a mut Vec<Dispositivo> {
    fn achar(
        ds: &[Dispositivo],
        novo: &Dispositivo,
        cam: &mut Vec<usize>,
        melhor: &mut Option<(Vec<usize>, (u32, u32))>,
    ) {
        for (i, d) in ds.iter().enumerate() {
            cam.push(i);
            if d.tipo == Tipo::Artigo {
                let k = chave(d);
                if k < chave(novo) && melhor.as_ref().is_none_or(|(_, m)| k > *m) {
                    *melhor = Some((cam.clone(), k));
                }
            } else if d.tipo.agrupador() {
                achar(&d.filhos, novo, cam, melhor);
            }
            cam.pop();
        }
    }
    let mut melhor = None;
    achar(&t.dispositivos, novo, &mut Vec::new(), &mut melhor);
    match melhor {
        Some((mut cam, _)) if cam.len() > 1 => {
            cam.pop();
            &mut no_mut(&mut t.dispositivos, &cam).filhos
        }
        _ => &mut t.dispositivos,
    }
}
