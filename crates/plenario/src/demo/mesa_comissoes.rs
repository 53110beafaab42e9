//! Generated mesa diretora (with history) and comissões.
//!
//! For each legislatura: two períodos (one per biennium), each with every obligatory cargo
//! held by a titular of that legislatura; in the older legislaturas' second biennium the
//! Vice-Presidente resigns halfway and another titular takes the cargo (history to show).
//! Comissões: `escala.comissoes` of them, permanentes first; with six or more, the last one
//! is a CPI of the previous legislatura, already extinguished. Every permanente has 3
//! titulares (presidente, vice-presidente, relator) and 1 suplente per legislatura, the past
//! ones desligados at their legislatura's end.

use rand::seq::SliceRandom;
use store::TenantTx;
use store::comissoes::{self, DadosComissao, NovoMembroComissao};
use store::mesa::{self, NovoMembroMesa};
use time::{Date, Duration, Month};
use uuid::Uuid;

use super::gerador::{Gerador, Semeado};
use crate::env::CliError;

/// (sigla, nome, finalidade in Markdown).
const PERMANENTES: &[(&str, &str, &str)] = &[
    (
        "CJR",
        "Constituição, Justiça e Redação",
        "Opinar sobre os aspectos **constitucional, legal, jurídico, regimental** e de \
         **técnica legislativa** das proposições, e dar-lhes a redação final.",
    ),
    (
        "CFO",
        "Finanças e Orçamento",
        "Opinar sobre o **plano plurianual**, a **lei de diretrizes orçamentárias**, o \
         **orçamento anual**, os créditos adicionais e as contas do Prefeito, e sobre toda \
         matéria que crie despesa ou altere a receita do Município.",
    ),
    (
        "CESAS",
        "Educação, Saúde e Assistência Social",
        "Opinar sobre matérias de **educação**, **cultura**, **saúde pública**, \
         **assistência social** e **direitos da pessoa**:\n\n- rede municipal de ensino;\n\
         - atenção básica e vigilância sanitária;\n- programas sociais do Município.",
    ),
    (
        "COSP",
        "Obras e Serviços Públicos",
        "Opinar sobre **obras públicas**, **transporte coletivo**, **limpeza urbana**, \
         iluminação pública e a concessão ou permissão de serviços públicos.",
    ),
    (
        "CDUMA",
        "Desenvolvimento Urbano e Meio Ambiente",
        "Opinar sobre o **plano diretor**, o uso e a ocupação do solo, o **patrimônio \
         histórico** e a proteção do **meio ambiente**.",
    ),
];

const CPI: (&str, &str, &str) = (
    "CPI-1",
    "CPI do Transporte Coletivo",
    "Apurar, no prazo de 120 dias, denúncias de irregularidades na **concessão do \
     transporte coletivo** municipal e no cálculo da tarifa.",
);

fn erro(e: impl std::fmt::Display) -> CliError {
    CliError::usage(format!("data inválida no gerador: {e}"))
}

fn dia(ano: i32, mes: Month, d: u8) -> Result<Date, CliError> {
    Date::from_calendar_date(ano, mes, d).map_err(erro)
}

pub async fn semear(tx: &mut TenantTx, g: &mut Gerador<'_>, s: &Semeado) -> Result<(), CliError> {
    mesas(tx, g, s).await?;
    comissoes_(tx, g, s).await
}

async fn mesas(tx: &mut TenantTx, g: &mut Gerador<'_>, s: &Semeado) -> Result<(), CliError> {
    let cargos: Vec<Uuid> = mesa::cargos(tx, false)
        .await?
        .into_iter()
        .filter(|c| c.obrigatorio)
        .map(|c| c.id)
        .collect();
    let ultima = s.legislaturas.len().saturating_sub(1);
    for (li, leg) in s.legislaturas.iter().enumerate() {
        let mut titulares: Vec<Uuid> = s.titulares(li).iter().map(|p| p.id).collect();
        if titulares.len() < cargos.len() {
            continue;
        }
        let meio = dia(leg.inicio.year() + 2, Month::January, 1)?;
        let bienios = if meio > leg.inicio && meio < leg.fim {
            vec![
                (leg.inicio, meio - Duration::days(1), "Primeiro biênio"),
                (meio, leg.fim, "Segundo biênio"),
            ]
        } else {
            vec![(leg.inicio, leg.fim, "")]
        };
        for (bi, (inicio, fim, descricao)) in bienios.into_iter().enumerate() {
            let periodo = mesa::criar_periodo(tx, &g.autor, leg.id, inicio, fim, descricao).await?;
            titulares.shuffle(&mut g.rng);
            let mut membros = Vec::new();
            for (cargo, parlamentar) in cargos.iter().zip(&titulares) {
                membros.push(
                    mesa::designar(
                        tx,
                        &g.autor,
                        &NovoMembroMesa {
                            periodo_id: periodo.id,
                            parlamentar_id: *parlamentar,
                            cargo_id: *cargo,
                            inicio,
                            fim: None,
                            observacao: String::new(),
                        },
                    )
                    .await?,
                );
            }
            // History: in a past legislatura's second biennium the vice resigns halfway.
            let renuncia = inicio + Duration::days((fim - inicio).whole_days() / 2);
            if li < ultima
                && bi == 1
                && let (Some(vice), Some(cargo), Some(substituto)) =
                    (membros.get(1), cargos.get(1), titulares.get(cargos.len()))
            {
                mesa::encerrar(tx, &g.autor, *vice, renuncia, "Renúncia ao cargo").await?;
                mesa::designar(
                    tx,
                    &g.autor,
                    &NovoMembroMesa {
                        periodo_id: periodo.id,
                        parlamentar_id: *substituto,
                        cargo_id: *cargo,
                        inicio: renuncia + Duration::days(1),
                        fim: None,
                        observacao: "Eleito para completar o mandato".into(),
                    },
                )
                .await?;
            }
        }
    }
    Ok(())
}

async fn comissoes_(tx: &mut TenantTx, g: &mut Gerador<'_>, s: &Semeado) -> Result<(), CliError> {
    let n = g.escala.comissoes as usize;
    let Some(primeira) = s.legislaturas.first() else {
        return Ok(());
    };
    if n == 0 {
        return Ok(());
    }
    let com_cpi = n >= 6;
    let permanentes = if com_cpi { n - 1 } else { n }.min(PERMANENTES.len());
    let criacao = primeira.inicio;
    for (sigla, nome, finalidade) in PERMANENTES.iter().take(permanentes) {
        let c = comissoes::criar(
            tx,
            &g.autor,
            &DadosComissao {
                tipo: "permanente".into(),
                nome: (*nome).into(),
                sigla: (*sigla).into(),
                finalidade: (*finalidade).into(),
                criacao,
                prazo: None,
            },
        )
        .await?;
        let ultima = s.legislaturas.len() - 1;
        for (li, leg) in s.legislaturas.iter().enumerate() {
            let mut titulares: Vec<Uuid> = s.titulares(li).iter().map(|p| p.id).collect();
            if titulares.len() < 4 {
                continue;
            }
            titulares.shuffle(&mut g.rng);
            let designacao = leg.inicio + Duration::days(45);
            let lugares = [
                ("presidente", true),
                ("vice-presidente", true),
                ("relator", true),
                ("membro", false),
            ];
            for ((cargo, titular), parlamentar) in lugares.iter().zip(&titulares) {
                let id = comissoes::designar(
                    tx,
                    &g.autor,
                    &NovoMembroComissao {
                        comissao_id: c.id,
                        parlamentar_id: *parlamentar,
                        cargo: (*cargo).into(),
                        titular: *titular,
                        designacao,
                    },
                )
                .await?;
                if li < ultima {
                    comissoes::desligar(tx, &g.autor, id, leg.fim, "Fim da legislatura").await?;
                }
            }
        }
    }
    if com_cpi {
        // In the previous legislatura (or the current one, if it is the only one).
        let li = s.legislaturas.len().saturating_sub(2);
        let leg = &s.legislaturas[li];
        let mut titulares: Vec<Uuid> = s.titulares(li).iter().map(|p| p.id).collect();
        titulares.shuffle(&mut g.rng);
        let abertura = dia(leg.inicio.year() + 1, Month::March, 10)?;
        let prazo = abertura + Duration::days(120);
        let (sigla, nome, finalidade) = CPI;
        let c = comissoes::criar(
            tx,
            &g.autor,
            &DadosComissao {
                tipo: "cpi".into(),
                nome: nome.into(),
                sigla: sigla.into(),
                finalidade: finalidade.into(),
                criacao: abertura,
                prazo: Some(prazo),
            },
        )
        .await?;
        for (cargo, parlamentar) in ["presidente", "relator", "membro"].iter().zip(&titulares) {
            comissoes::designar(
                tx,
                &g.autor,
                &NovoMembroComissao {
                    comissao_id: c.id,
                    parlamentar_id: *parlamentar,
                    cargo: (*cargo).into(),
                    titular: true,
                    designacao: abertura,
                },
            )
            .await?;
        }
        if prazo < g.hoje {
            comissoes::extinguir(tx, &g.autor, c.id, prazo).await?;
        }
    }
    Ok(())
}
