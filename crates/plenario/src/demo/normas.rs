//! Demo normas: a lei altered three times and partly revoked (so the compiled text, the
//! text in force on a date and the vínculos both ways have something to show), and a
//! resolução of the Câmara.

use domain::normas::TipoVinculo;
use store::TenantTx;
use store::normas::{self, Dados, NovoVinculo};
use time::{Date, Month};

use super::gerador::Gerador;
use crate::env::CliError;

const LEI: &str = "\
Art. 1º Fica instituída a Política Municipal de Arborização Urbana.
Art. 2º São objetivos da Política:
I – ampliar a cobertura arbórea das vias públicas;
II – priorizar espécies nativas;
III – envolver as escolas no plantio.
Parágrafo único. O Poder Executivo publicará anualmente o plano de plantio.
Art. 3º O corte de árvore em via pública depende de autorização do órgão ambiental.
Art. 4º Esta Lei entra em vigor na data de sua publicação.";

/// A vínculo of the demo: what, on which dispositivo, with which new text.
type Vinculo = (TipoVinculo, &'static str, &'static str);

fn data(ano: i32, mes: Month, dia: u8) -> Result<Date, CliError> {
    Date::from_calendar_date(ano, mes, dia)
        .map_err(|e| CliError::usage(format!("data inválida no gerador: {e}")))
}

fn dados(tipo_id: uuid::Uuid, ementa: &str, texto: &str, d: Date) -> Dados {
    Dados {
        tipo_id,
        numero: None,
        data_assinatura: d,
        ementa: ementa.to_owned(),
        indexacao: String::new(),
        autoria: "Poder Executivo".to_owned(),
        texto: texto.to_owned(),
        proposicao_id: None,
        publicacao_veiculo: "Diário Oficial do Município".to_owned(),
        publicacao_data: Some(d),
        publicacao_edicao: String::new(),
        publicacao_pagina: String::new(),
        vigencia_inicio: Some(d),
        vigencia_fim: None,
    }
}

pub async fn semear(tx: &mut TenantTx, g: &mut Gerador<'_>) -> Result<(), CliError> {
    let Some(lo) = normas::tipos::por_sigla(tx, "LO").await? else {
        return Ok(());
    };
    let base = normas::criar(
        tx,
        &g.autor,
        &dados(
            lo.id,
            "Institui a Política Municipal de Arborização Urbana.",
            LEI,
            data(2019, Month::March, 12)?,
        ),
    )
    .await?;
    let alteracoes: [(i32, &str, &[Vinculo]); 3] = [
        (
            2021,
            "Altera a Lei da Política Municipal de Arborização Urbana para incluir as calçadas verdes.",
            &[
                (
                    TipoVinculo::Altera,
                    "art2_inc1",
                    "I – ampliar a cobertura arbórea das vias e calçadas públicas;",
                ),
                (
                    TipoVinculo::Acrescenta,
                    "art2_inc4",
                    "IV – implantar calçadas verdes nos bairros.",
                ),
            ],
        ),
        (
            2023,
            "Altera a Lei da Política Municipal de Arborização Urbana quanto ao plano de plantio.",
            &[
                (
                    TipoVinculo::Altera,
                    "art2_par1u",
                    "Parágrafo único. O Poder Executivo publicará a cada semestre o plano de plantio.",
                ),
                (
                    TipoVinculo::Acrescenta,
                    "art3-1",
                    "Art. 3º-A A poda em via pública será feita por equipe habilitada.",
                ),
            ],
        ),
        (
            2025,
            "Altera e revoga dispositivos da Lei da Política Municipal de Arborização Urbana.",
            &[
                (
                    TipoVinculo::Altera,
                    "art1",
                    "Art. 1º Fica instituída a Política Municipal de Arborização Urbana e Áreas Verdes.",
                ),
                (TipoVinculo::Revoga, "art2_inc3", ""),
            ],
        ),
    ];
    for (ano, ementa, vinculos) in alteracoes {
        let d = data(ano, Month::June, 10)?;
        let texto = "Art. 1º A Lei da Política Municipal de Arborização Urbana passa a vigorar com as alterações desta Lei.\nArt. 2º Esta Lei entra em vigor na data de sua publicação.";
        let id = normas::criar(tx, &g.autor, &dados(lo.id, ementa, texto, d)).await?;
        for (tipo, disp, novo) in vinculos {
            let v = NovoVinculo {
                alvo_id: base,
                tipo: *tipo,
                dispositivo: Some((*disp).to_owned()),
                texto_novo: (*novo).to_owned(),
                vigencia: d,
                observacao: String::new(),
            };
            normas::vinculos::adicionar(tx, &g.autor, id, &v).await?;
        }
    }
    if let Some(res) = normas::tipos::por_sigla(tx, "RES").await? {
        normas::criar(
            tx,
            &g.autor,
            &dados(
                res.id,
                "Dispõe sobre o horário das sessões ordinárias da Câmara.",
                "Art. 1º As sessões ordinárias começam às 18 horas.\nArt. 2º Esta Resolução entra em vigor na data de sua publicação.",
                data(2024, Month::February, 5)?,
            ),
        )
        .await?;
    }
    Ok(())
}
