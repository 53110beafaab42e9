//! Generated sessões plenárias: mostly ordinárias, weekly on a fixed weekday at 18:00 or
//! 19:00, with some extraordinárias and solenes, a few scheduled after today and a couple
//! cancelled. Every one falls in a sessão legislativa of the composition, and they are
//! created in date order so their numbers follow the calendar.

use std::collections::BTreeSet;

use rand::Rng;
use store::TenantTx;
use store::composicao::SessaoLegislativa;
use store::sessoes_plenarias::{self as sp, NovaSessao, TipoSessao};
use time::{Date, Duration, PrimitiveDateTime, Time, Weekday};

use super::gerador::{Gerador, Semeado};
use crate::env::CliError;

const LOCAIS_SOLENES: &[&str] = &[
    "Plenário da Câmara",
    "Teatro Municipal",
    "Auditório da Secretaria de Educação",
];
const HOMENAGENS: &[&str] = &[
    "Entrega de títulos de cidadania honorária.",
    "Homenagem aos professores da rede municipal.",
    "Comemoração do aniversário de emancipação do município.",
    "Homenagem às mulheres que se destacaram na vida comunitária.",
    "Entrega da Medalha do Mérito Legislativo.",
];
const PAUTAS_EXTRA: &[&str] = &[
    "Convocada pelo Executivo para apreciar o projeto de lei orçamentária.",
    "Convocada pela Presidência para apreciar matérias em regime de urgência.",
    "Convocada para apreciar o veto ao projeto de lei do transporte escolar.",
];
const MOTIVOS: &[&str] = &[
    "Luto oficial decretado pelo município.",
    "Ponto facultativo decretado pelo Executivo municipal.",
    "Falta de energia elétrica no prédio da Câmara.",
];

fn tipo<'a>(tipos: &'a [TipoSessao], nome: &str) -> Option<&'a TipoSessao> {
    tipos
        .iter()
        .find(|t| t.nome == nome)
        .or_else(|| tipos.first())
}

fn dentro(sls: &[&SessaoLegislativa], dia: Date) -> bool {
    sls.iter().any(|s| s.inicio <= dia && dia <= s.fim)
}

struct Planejada {
    inicio: PrimitiveDateTime,
    tipo: usize,
    local: &'static str,
    observacoes: String,
    futura: bool,
}

pub async fn semear(tx: &mut TenantTx, g: &mut Gerador<'_>, s: &Semeado) -> Result<(), CliError> {
    let total = g.escala.sessoes as usize;
    let sls: Vec<&SessaoLegislativa> = s.sessoes_legislativas.iter().flatten().collect();
    if total == 0 || sls.is_empty() {
        return Ok(());
    }
    let todos = sp::tipos(tx, true).await?;
    let tipos: Vec<TipoSessao> = ["Ordinária", "Extraordinária", "Solene"]
        .iter()
        .filter_map(|n| tipo(&todos, n).cloned())
        .collect();
    if tipos.len() < 3 {
        return Ok(());
    }
    let extraordinarias = total / 10;
    let solenes = total / 15;
    let futuras = (total / 10).clamp(1, 4);
    let ordinarias = total - extraordinarias - solenes;
    let dia_semana = *g.um(&[Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday]);
    let hora = Time::from_hms(*g.um(&[18u8, 19]), 0, 0)
        .map_err(|e| CliError::usage(format!("hora inválida no gerador: {e}")))?;
    let primeira_sl = sls.iter().map(|s| s.inicio).min().unwrap_or(g.hoje);
    let ultima_sl = sls.iter().map(|s| s.fim).max().unwrap_or(g.hoje);

    let mut plano: Vec<Planejada> = Vec::new();
    let mut usados: BTreeSet<PrimitiveDateTime> = BTreeSet::new();
    // The next ordinárias, after today (within the sessões legislativas that exist).
    let mut dia = g.hoje.next_occurrence(dia_semana);
    let mut n_futuras = 0;
    while n_futuras < futuras.min(ordinarias) && dia <= ultima_sl {
        if dentro(&sls, dia) {
            let inicio = PrimitiveDateTime::new(dia, hora);
            usados.insert(inicio);
            plano.push(Planejada {
                inicio,
                tipo: 0,
                local: "Plenário da Câmara",
                observacoes: String::new(),
                futura: true,
            });
            n_futuras += 1;
        }
        dia += Duration::weeks(1);
    }
    // The past ordinárias, weekly, going back from today.
    let mut dia = g.hoje.prev_occurrence(dia_semana);
    let mut n_passadas = 0;
    while n_futuras + n_passadas < ordinarias && dia >= primeira_sl {
        if dentro(&sls, dia) {
            let inicio = PrimitiveDateTime::new(dia, hora);
            usados.insert(inicio);
            plano.push(Planejada {
                inicio,
                tipo: 0,
                local: "Plenário da Câmara",
                observacoes: String::new(),
                futura: false,
            });
            n_passadas += 1;
        }
        dia -= Duration::weeks(1);
    }
    // Extraordinárias (mornings) and solenes (Friday evenings) over the same past period.
    let desde = plano
        .iter()
        .map(|p| p.inicio.date())
        .min()
        .unwrap_or(g.hoje);
    let dias = (g.hoje - desde).whole_days().max(1);
    for (k, quantas) in [(1usize, extraordinarias), (2, solenes)] {
        let mut feitas = 0;
        let mut tentativas = 0;
        while feitas < quantas && tentativas < quantas * 50 {
            tentativas += 1;
            let mut dia = desde + Duration::days(g.rng.random_range(0..dias));
            if k == 2 {
                dia = dia.next_occurrence(Weekday::Friday);
            } else if matches!(dia.weekday(), Weekday::Saturday | Weekday::Sunday) {
                dia = dia.next_occurrence(Weekday::Monday);
            }
            let h = if k == 2 {
                19
            } else {
                g.rng.random_range(9..12)
            };
            let Ok(hora) = Time::from_hms(h, 0, 0) else {
                continue;
            };
            let inicio = PrimitiveDateTime::new(dia, hora);
            if dia >= g.hoje || !dentro(&sls, dia) || !usados.insert(inicio) {
                continue;
            }
            let (local, observacoes) = if k == 2 {
                (*g.um(LOCAIS_SOLENES), (*g.um(HOMENAGENS)).to_owned())
            } else {
                ("Plenário da Câmara", (*g.um(PAUTAS_EXTRA)).to_owned())
            };
            plano.push(Planejada {
                inicio,
                tipo: k,
                local,
                observacoes,
                futura: false,
            });
            feitas += 1;
        }
    }
    plano.sort_by_key(|p| p.inicio);

    // A couple cancelled: the last upcoming one and one in the past.
    let canceladas = (total / 100).max(2);
    let mut cancelar: BTreeSet<usize> = BTreeSet::new();
    if let Some(i) = plano.iter().rposition(|p| p.futura) {
        cancelar.insert(i);
    }
    let passadas: Vec<usize> = (0..plano.len()).filter(|&i| !plano[i].futura).collect();
    let mut tentativas = 0;
    while cancelar.len() < canceladas.min(plano.len()) && !passadas.is_empty() && tentativas < 100 {
        tentativas += 1;
        cancelar.insert(*g.um(&passadas));
    }

    for (i, p) in plano.iter().enumerate() {
        let t = &tipos[p.tipo];
        let fim = if p.tipo == 2 {
            Some(p.inicio + Duration::hours(2))
        } else {
            None
        };
        let sessao = sp::criar(
            tx,
            &g.autor,
            &NovaSessao {
                tipo_id: t.id,
                inicio: p.inicio,
                fim,
                local: p.local.to_owned(),
                observacoes: p.observacoes.clone(),
            },
        )
        .await?;
        if cancelar.contains(&i) {
            let motivo = *g.um(MOTIVOS);
            sp::cancelar(tx, &g.autor, sessao.id, motivo).await?;
        }
    }
    Ok(())
}
