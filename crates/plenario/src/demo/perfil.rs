//! Generated parlamentar photos and profile details: a portrait for everyone (a simple
//! deterministic avatar: background, silhouette, initials-like bars), gabinete, a couple of
//! redes sociais, and a few afastamentos with a suplente taking the seat in the current
//! legislatura.

use rand::Rng;
use store::TenantTx;
use store::composicao::{self, DadosAfastamento};
use time::Duration;

use super::gerador::{Gerador, Semeado};
use crate::env::CliError;

/// Side of the generated portraits (small: the benchmark seeds thousands).
const LADO: u32 = 300;

const FUNDOS: &[[u8; 3]] = &[
    [0x0b, 0x4f, 0x8a],
    [0x7a, 0x1f, 0x1f],
    [0x1d, 0x5e, 0x3a],
    [0x5b, 0x3a, 0x8c],
    [0x8a, 0x5a, 0x0b],
    [0x2f, 0x4f, 0x4f],
    [0x9c, 0x27, 0x5d],
    [0x33, 0x55, 0x99],
];
const PELES: &[[u8; 3]] = &[
    [0xf1, 0xd0, 0xb5],
    [0xd9, 0xa8, 0x7e],
    [0xb5, 0x7d, 0x52],
    [0x8d, 0x5a, 0x3b],
    [0x5e, 0x3b, 0x26],
];

pub async fn semear(tx: &mut TenantTx, g: &mut Gerador<'_>, s: &Semeado) -> Result<(), CliError> {
    for (n, p) in s.parlamentares.iter().enumerate() {
        let fundo = *g.um(FUNDOS);
        let pele = *g.um(PELES);
        let roupa = [
            g.rng.random_range(20..90),
            g.rng.random_range(20..90),
            g.rng.random_range(40..120),
        ];
        let iniciais = composicao::iniciais(&p.nome_parlamentar);
        let jpeg = retrato(fundo, pele, roupa, &iniciais)?;
        composicao::definir_foto(tx, &g.autor, g.arquivos, p.id, jpeg).await?;
        let andar = 1 + n % 3;
        let sala = format!("Gabinete {}, {andar}º andar", 101 + n);
        let telefone = format!("(81) 3429-{:04}", 100 + n);
        composicao::definir_gabinete(tx, &g.autor, p.id, &sala, &telefone).await?;
        let perfil = p.slug.replace('-', "");
        composicao::adicionar_rede(
            tx,
            &g.autor,
            p.id,
            "instagram",
            &format!("https://instagram.com/{perfil}"),
        )
        .await?;
        if g.rng.random_bool(0.5) {
            composicao::adicionar_rede(
                tx,
                &g.autor,
                p.id,
                "facebook",
                &format!("https://facebook.com/{}", p.slug),
            )
            .await?;
        }
    }
    afastamentos(tx, g, s).await
}

/// Two or three titulares of the current legislatura took leave; a suplente sat for them.
async fn afastamentos(tx: &mut TenantTx, g: &mut Gerador<'_>, s: &Semeado) -> Result<(), CliError> {
    let Some(li) = s.legislaturas.len().checked_sub(1) else {
        return Ok(());
    };
    let leg = s.legislaturas[li].clone();
    let suplentes: Vec<_> = s
        .parlamentares
        .iter()
        .filter(|p| p.mandatos.contains(&(li, false)))
        .collect();
    if suplentes.is_empty() {
        return Ok(());
    }
    let titulares = s.titulares(li);
    let quantos = g.rng.random_range(2..=3).min(titulares.len());
    let decorridos = (g.hoje.min(leg.fim) - leg.inicio).whole_days();
    if decorridos < 60 {
        return Ok(());
    }
    for (k, t) in titulares.iter().take(quantos).enumerate() {
        let Some(mandato) = composicao::mandatos_de(tx, t.id)
            .await?
            .into_iter()
            .find(|m| m.legislatura_id == leg.id)
        else {
            continue;
        };
        let inicio = leg.inicio + Duration::days(g.rng.random_range(30..decorridos));
        let (tipo, fim) = if k == 0 {
            ("cargo_executivo", None)
        } else {
            let fim = (inicio + Duration::days(g.rng.random_range(30..120))).min(mandato.fim);
            (
                if g.rng.random_bool(0.5) {
                    "licenca_saude"
                } else {
                    "licenca_particular"
                },
                Some(fim),
            )
        };
        let suplente = suplentes[k % suplentes.len()];
        composicao::criar_afastamento(
            tx,
            &g.autor,
            mandato.id,
            &DadosAfastamento {
                tipo: tipo.into(),
                inicio,
                fim,
                suplente: Some(suplente.id),
                observacao: format!(
                    "{} assumiu a cadeira no período.",
                    suplente.nome_parlamentar
                ),
            },
        )
        .await?;
    }
    Ok(())
}

/// A 300 × 300 JPEG: a coloured background, a head and shoulders, and two bars standing in
/// for the initials (their lengths follow the letters, so each parlamentar differs).
fn retrato(
    fundo: [u8; 3],
    pele: [u8; 3],
    roupa: [u8; 3],
    iniciais: &str,
) -> Result<Vec<u8>, CliError> {
    let l = LADO as f32;
    let letras: Vec<u32> = iniciais.chars().map(|c| c as u32).collect();
    let barra = |i: usize| 0.25 + (letras.get(i).copied().unwrap_or(65) % 7) as f32 * 0.06;
    let (b1, b2) = (barra(0), barra(1));
    let img = image::RgbImage::from_fn(LADO, LADO, |x, y| {
        let (fx, fy) = (x as f32 / l, y as f32 / l);
        // Head: a circle; shoulders: the top of an ellipse; a band at the top with the bars.
        let cabeca = (fx - 0.5).powi(2) + (fy - 0.42).powi(2) < 0.17f32.powi(2);
        let ombros = ((fx - 0.5) / 0.38).powi(2) + ((fy - 1.0) / 0.32).powi(2) < 1.0;
        let faixa1 = (0.06..0.10).contains(&fy) && (0.08..0.08 + b1).contains(&fx);
        let faixa2 = (0.12..0.16).contains(&fy) && (0.08..0.08 + b2 * 0.8).contains(&fx);
        let c = if cabeca {
            pele
        } else if ombros {
            roupa
        } else if faixa1 || faixa2 {
            [0xf5, 0xf5, 0xf5]
        } else {
            fundo
        };
        image::Rgb(c)
    });
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    image::DynamicImage::ImageRgb8(img)
        .write_with_encoder(enc)
        .map_err(|e| CliError::usage(format!("retrato: {e}")))?;
    Ok(out)
}
