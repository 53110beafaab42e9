//! Generated notícias (with cover images) and páginas institucionais.
//!
//! A handful of cover images is drawn once (gradients and shapes, JPEG 800×450) and shared
//! by the notícias, so a SAPL-size câmara (500 notícias) seeds fast. The notícias go in
//! with one statement ([`noticias::importar`]).

use std::collections::HashSet;

use rand::Rng;
use store::TenantTx;
use store::conteudo::noticias::{self, CATEGORIAS, NoticiaImportada};
use store::conteudo::paginas::{self, NovoAnexo, PaginaForm};
use time::{Duration, OffsetDateTime, Time};

use super::gerador::{Gerador, Semeado};
use crate::env::CliError;

/// How many distinct cover images a câmara gets.
const CAPAS: usize = 6;

const ACOES: &[&str] = &[
    "Câmara aprova",
    "Vereadores debatem",
    "Comissão analisa",
    "Audiência pública discute",
    "Plenário vota",
    "Câmara promove debate sobre",
    "Projeto de lei propõe",
    "Mesa Diretora apresenta",
    "Vereadora apresenta proposta sobre",
    "Sessão extraordinária trata de",
];

const TEMAS: &[&str] = &[
    "a ampliação do horário das unidades de saúde",
    "a reforma da praça central",
    "o orçamento municipal do próximo ano",
    "a merenda escolar na rede municipal",
    "a iluminação pública nos bairros",
    "o transporte coletivo e as novas linhas de ônibus",
    "a coleta seletiva e a reciclagem",
    "a regularização fundiária",
    "o plano municipal de cultura",
    "a acessibilidade nas calçadas",
    "a segurança nas escolas",
    "o programa de castração de animais",
    "a pavimentação das estradas vicinais",
    "o calendário de eventos do município",
    "a prestação de contas do Executivo",
    "o incentivo à agricultura familiar",
];

const EVENTOS: &[&str] = &[
    "Sessão solene homenageia os professores do município",
    "Câmara recebe estudantes no programa Parlamento Jovem",
    "Câmara Mirim toma posse em cerimônia no plenário",
    "Escola do Legislativo abre inscrições para curso gratuito",
    "Câmara lança nova versão do portal da transparência",
    "Sessão itinerante leva o plenário aos bairros",
];

const ETIQUETAS: &[&str] = &[
    "saúde",
    "educação",
    "orçamento",
    "obras",
    "meio ambiente",
    "cultura",
    "transparência",
    "mobilidade",
    "participação popular",
    "assistência social",
];

const DESCRICOES: &[&str] = &[
    "Vista do plenário da Câmara durante a sessão",
    "Vereadores reunidos na mesa do plenário",
    "Fachada do prédio da Câmara Municipal",
    "Público acompanha a sessão nas galerias",
    "Reunião de comissão na sala das comissões",
    "Ilustração com as cores institucionais da Câmara",
];

/// A cover image: a diagonal gradient with a few circles and a band, JPEG.
fn capa(g: &mut Gerador<'_>) -> Result<Vec<u8>, CliError> {
    let (w, h) = (800u32, 450u32);
    let cor = |g: &mut Gerador<'_>| -> [f32; 3] {
        [
            g.rng.random_range(20..220) as f32,
            g.rng.random_range(40..200) as f32,
            g.rng.random_range(60..230) as f32,
        ]
    };
    let (a, b) = (cor(g), cor(g));
    let circulos: Vec<(f32, f32, f32)> = (0..4)
        .map(|_| {
            (
                g.rng.random_range(0..w) as f32,
                g.rng.random_range(0..h) as f32,
                g.rng.random_range(40..160) as f32,
            )
        })
        .collect();
    let faixa = g.rng.random_range(250..380);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let t = (x + y) as f32 / (w + h) as f32;
        let mut p = [0f32; 3];
        for i in 0..3 {
            p[i] = a[i] * (1.0 - t) + b[i] * t;
        }
        let dentro = circulos.iter().any(|(cx, cy, r)| {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            dx * dx + dy * dy < r * r
        });
        if dentro {
            for v in &mut p {
                *v = (*v + 255.0) / 2.0;
            }
        }
        if (faixa..faixa + 36).contains(&y) {
            for v in &mut p {
                *v *= 0.6;
            }
        }
        image::Rgb([p[0] as u8, p[1] as u8, p[2] as u8])
    });
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 70);
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(enc)
        .map_err(|e| CliError::usage(format!("imagem de capa: {e}")))?;
    Ok(out)
}

/// A small valid PDF with one page of text (Helvetica, WinAnsi: Latin-1 characters).
fn pdf(linhas: &[&str]) -> Vec<u8> {
    let texto: Vec<u8> = {
        let mut s = b"BT /F1 14 Tf 72 770 Td 18 TL\n".to_vec();
        for l in linhas {
            s.push(b'(');
            for c in l.chars() {
                let b = if (c as u32) < 256 {
                    c as u32 as u8
                } else {
                    b'?'
                };
                if matches!(b, b'(' | b')' | b'\\') {
                    s.push(b'\\');
                }
                s.push(b);
            }
            s.extend_from_slice(b") Tj T*\n");
        }
        s.extend_from_slice(b"ET");
        s
    };
    let mut objetos: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", texto.len()).into_bytes();
    stream.extend_from_slice(&texto);
    stream.extend_from_slice(b"\nendstream");
    objetos.push(stream);
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objetos.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objetos.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objetos.len() + 1
        )
        .as_bytes(),
    );
    out
}

pub async fn semear(tx: &mut TenantTx, g: &mut Gerador<'_>, _s: &Semeado) -> Result<(), CliError> {
    paginas_institucionais(tx, g).await?;
    let total = g.escala.noticias as usize;
    if total == 0 {
        return Ok(());
    }
    let tenant = tx.tenant_id();
    let mut capas = Vec::new();
    for _ in 0..CAPAS.min(total) {
        let jpeg = capa(g)?;
        capas.push(g.arquivos.guardar(tenant, "noticias", "jpg", jpeg).await?);
    }
    let agora = OffsetDateTime::now_utc();
    let hoje = g
        .hoje
        .with_time(Time::from_hms(12, 0, 0).unwrap_or(Time::MIDNIGHT))
        .assume_utc();
    let mut slugs = HashSet::new();
    let mut lista = Vec::with_capacity(total);
    for i in 0..total {
        let titulo = if g.rng.random_ratio(1, 6) {
            (*g.um(EVENTOS)).to_owned()
        } else {
            format!("{} {}", g.um(ACOES), g.um(TEMAS))
        };
        let mut slug = domain::slugify(&titulo);
        if !slugs.insert(slug.clone()) {
            slug = format!("{slug}-{}", i + 1);
            slugs.insert(slug.clone());
        }
        // Two drafts and one scheduled (in three days); the rest over the past two years.
        let publicar_em = match i {
            0 | 1 if total > 3 => None,
            2 if total > 3 => Some(hoje + Duration::days(3)),
            _ => {
                let dias = g.rng.random_range(0..730);
                let minutos = g.rng.random_range(-240..240);
                Some((hoje - Duration::days(dias) + Duration::minutes(minutos)).min(agora))
            }
        };
        let paragrafos = g.rng.random_range(3..6);
        let corpo = (0..paragrafos)
            .map(|_| g.paragrafo())
            .collect::<Vec<_>>()
            .join("\n\n");
        let resumo = g.paragrafo().chars().take(300).collect::<String>();
        let categoria = g.um(CATEGORIAS).0.to_owned();
        let n_tags = g.rng.random_range(1..4);
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..n_tags {
            let t = (*g.um(ETIQUETAS)).to_owned();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let com_capa = g.rng.random_ratio(4, 5);
        let k = g.rng.random_range(0..capas.len());
        lista.push(NoticiaImportada {
            slug,
            titulo,
            resumo,
            corpo,
            categoria,
            tags,
            capa_key: com_capa.then(|| capas[k].clone()),
            capa_alt: if com_capa {
                DESCRICOES[k % DESCRICOES.len()].to_owned()
            } else {
                String::new()
            },
            publicar_em,
            autor_id: None,
        });
    }
    noticias::importar(tx, &g.autor, &lista).await?;
    Ok(())
}

/// Fills "sobre", "história" and "regimento interno" (with a PDF) and publishes them.
async fn paginas_institucionais(tx: &mut TenantTx, g: &mut Gerador<'_>) -> Result<(), CliError> {
    let nome = store::camara::config(tx)
        .await?
        .map(|c| c.nome)
        .unwrap_or_else(|| "Câmara Municipal".into());
    let fundacao = g.rng.random_range(1850..1960);
    let textos = [
        (
            "sobre",
            format!(
                "A **{nome}** é o Poder Legislativo do município. Composta por vereadores eleitos \
                 pelo voto direto, cabe a ela elaborar as leis municipais, fiscalizar as contas \
                 e os atos do Poder Executivo e representar a população.\n\n\
                 ## Competências\n\n\
                 - legislar sobre assuntos de interesse local;\n\
                 - votar o orçamento anual, a LDO e o plano plurianual;\n\
                 - julgar as contas do prefeito, com o parecer do Tribunal de Contas;\n\
                 - fiscalizar e acompanhar a execução das políticas públicas.\n\n\
                 As sessões ordinárias são públicas e transmitidas pela internet."
            ),
        ),
        (
            "historia",
            format!(
                "A {nome} foi instalada em {fundacao}, pouco depois da emancipação política do \
                 município. {}\n\n{}\n\nAo longo de sua história, a Casa funcionou em diferentes \
                 prédios até ganhar sede própria, onde hoje funciona o plenário.",
                g.paragrafo(),
                g.paragrafo()
            ),
        ),
        (
            "regimento-interno",
            "O Regimento Interno disciplina a organização e o funcionamento da Câmara: a \
             composição da Mesa Diretora, as comissões, as sessões, a tramitação das \
             proposições e as votações.\n\nO texto consolidado está disponível para download \
             abaixo."
                .to_owned(),
        ),
    ];
    for (slug, corpo) in textos {
        let Some(p) = paginas::por_slug(tx, slug, false).await? else {
            continue;
        };
        let valida = PaginaForm {
            titulo: p.titulo.clone(),
            slug: p.slug.clone(),
            corpo,
            publicada: true,
            ordem: p.ordem.to_string(),
        }
        .validar()
        .map_err(|e| {
            CliError::usage(
                e.into_iter()
                    .map(|v| v.message)
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        })?;
        paginas::atualizar(tx, &g.autor, p.id, &valida).await?;
        if slug == "regimento-interno" {
            let dados = pdf(&[
                &format!("Regimento Interno da {nome}"),
                "",
                "Titulo I - Disposicoes preliminares",
                "Art. 1o Este Regimento disciplina o funcionamento da Camara.",
                "Art. 2o A Camara compoe-se de vereadores eleitos.",
            ]);
            let tamanho = dados.len() as i64;
            let key = g
                .arquivos
                .guardar(tx.tenant_id(), "paginas", "pdf", dados)
                .await?;
            paginas::adicionar_anexo(
                tx,
                &g.autor,
                p.id,
                &NovoAnexo {
                    titulo: "Regimento Interno (texto consolidado)".into(),
                    nome_arquivo: "regimento-interno.pdf".into(),
                    arquivo_key: key,
                    content_type: "application/pdf".into(),
                    tamanho,
                },
            )
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_generated_pdf_is_accepted_as_an_attachment() {
        let dados = super::pdf(&["Regimento Interno da Câmara", "Art. 1º (teste)"]);
        let v = store::conteudo::paginas::verificar_anexo("regimento.pdf", dados.clone()).unwrap();
        assert_eq!(v.content_type, "application/pdf");
        // startxref points at the cross-reference table.
        let texto = String::from_utf8_lossy(&dados);
        let xref: usize = texto
            .rsplit("startxref\n")
            .next()
            .and_then(|r| r.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(dados[xref..].starts_with(b"xref"));
    }
}
