//! A norma's metadata in the provider's two formats: `oai_dc` (Dublin Core) and
//! `oai_lexml` (the LexML record: Item, DocumentoIndividual, Epigrafe, Ementa, Indexacao,
//! Relacionamento, in the order of oai_lexml.xsd, in its default namespace).

use store::normas::Norma;
use store::normas::oai::Relacao;
use time::OffsetDateTime;

use super::oai::XSI;
use crate::kit::formato::{NumBr, por_extenso};
use crate::kit::xml::Xml;
use domain::normas::oai::Formato;
use domain::normas::urn;

/// What every record of a response shares.
pub(super) struct Contexto {
    /// The provider's base URL (`…/oai`).
    pub base: String,
    /// The câmara's address, for the records' links.
    pub origem: String,
    pub namespace: String,
    pub localidade: String,
    /// The `idPublicador` of the LexML Items (see decisions.md, "OAI-PMH").
    pub id_publicador: String,
    pub agora: OffsetDateTime,
}

/// "Lei Ordinária nº 1.234, de 15 de março de 2024".
pub(super) fn epigrafe(n: &Norma) -> String {
    format!(
        "{} nº {}, de {}",
        n.tipo_nome,
        n.numero.milhar(),
        por_extenso(n.data_assinatura)
    )
}

/// The indexação's keywords, one per comma, semicolon or line.
fn palavras(indexacao: &str) -> impl Iterator<Item = &str> {
    indexacao
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The LexML relationship of a vínculo and the URN it points at.
fn relacionamento(localidade: &str, r: &Relacao) -> (&'static str, String) {
    let alvo = urn::norma(
        localidade,
        &r.alvo_tipo_lexml,
        r.alvo_data,
        &r.alvo_numero.to_string(),
    );
    let no_dispositivo = |tipo: &'static str, inteira: &'static str| match &r.dispositivo {
        Some(d) => (tipo, urn::fragmento(&alvo, d)),
        None => (inteira, alvo.clone()),
    };
    match r.tipo.as_str() {
        "altera" | "acrescenta" => ("altera", alvo.clone()),
        "revoga" => no_dispositivo("revoga.dispositivo", "revoga"),
        "declara_inconstitucional" => no_dispositivo(
            "declara.inconstitucional.dispositivo",
            "declara.inconstitucional",
        ),
        "regulamenta" => ("regulamenta", alvo.clone()),
        _ => ("referencia", alvo.clone()),
    }
}

/// The `<metadata>` content of `n` in `formato`.
pub(super) fn metadados(
    x: &mut Xml,
    ctx: &Contexto,
    formato: Formato,
    n: &Norma,
    feitas: &[&Relacao],
) {
    let urn = n.urn(&ctx.localidade);
    let pagina = format!("{}/legislativo/normas/{}", ctx.origem, n.id);
    let epigrafe = epigrafe(n);
    match formato {
        Formato::Lexml => {
            let local = format!("{} {}", formato.namespace(), formato.esquema());
            x.abrir(
                "LexML",
                &[
                    ("xmlns", formato.namespace()),
                    ("xmlns:xsi", XSI),
                    ("xsi:schemaLocation", &local),
                ],
            );
            // The searchable PDF of the compiled text (`conteudo`), then the page.
            x.elemento(
                "Item",
                &[
                    ("idPublicador", &ctx.id_publicador),
                    ("tipo", "conteudo"),
                    ("formato", "application/pdf"),
                ],
                &format!("{pagina}/texto.pdf"),
            );
            x.elemento(
                "Item",
                &[
                    ("idPublicador", &ctx.id_publicador),
                    ("tipo", "metadado"),
                    ("formato", "text/html"),
                ],
                &pagina,
            );
            x.elemento("DocumentoIndividual", &[], &urn)
                .elemento("Epigrafe", &[], &epigrafe)
                .se_houver("Ementa", &n.ementa);
            for p in palavras(&n.indexacao) {
                x.elemento("Indexacao", &[], p);
            }
            for r in feitas {
                let (tipo, alvo) = relacionamento(&ctx.localidade, r);
                x.elemento("Relacionamento", &[("tipo", tipo)], &alvo);
            }
            x.fechar("LexML");
        }
        Formato::Dc => {
            let local = format!("{} {}", formato.namespace(), formato.esquema());
            x.abrir(
                "oai_dc:dc",
                &[
                    ("xmlns:oai_dc", formato.namespace()),
                    ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
                    ("xmlns:xsi", XSI),
                    ("xsi:schemaLocation", &local),
                ],
            );
            x.elemento("dc:title", &[], &epigrafe)
                .se_houver("dc:creator", &n.autoria);
            for p in palavras(&n.indexacao) {
                x.elemento("dc:subject", &[], p);
            }
            x.se_houver("dc:description", &n.ementa)
                .elemento("dc:date", &[], &n.data_assinatura.to_string())
                .elemento("dc:type", &[], "Text")
                .elemento("dc:type", &[], &n.tipo_nome)
                .elemento("dc:identifier", &[], &urn)
                .elemento("dc:identifier", &[], &pagina)
                .elemento("dc:language", &[], "pt-BR");
            x.fechar("oai_dc:dc");
        }
    }
}
