//! The public pages: the calendar and list, one sessão's page, the .ics feeds.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;
use store::camara;
use store::sessoes_plenarias::{self as sp, Filtro, SessaoPlenaria, TipoSessao};
use time::{Date, Month, OffsetDateTime};
use uuid::Uuid;

use super::ics::{self, ics_resposta};
use super::{POR_PAGINA, pagina_de, paginas, tipo_de, valor};
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::portal::Portal;
use crate::state::AppState;

use crate::kit::formato::mes as nome_do_mes;

#[derive(Deserialize, Default)]
pub(super) struct PublicaQuery {
    mes: Option<String>,
    tipo: Option<String>,
    ano: Option<String>,
    pagina: Option<String>,
}

/// One day of the month grid.
struct Dia {
    numero: u8,
    hoje: bool,
    sessoes: Vec<SessaoPlenaria>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/publico/lista.html")]
pub(super) struct PublicaLista {
    portal: Portal,
    /// "novembro de 2026".
    mes_nome: String,
    semanas: Vec<Vec<Option<Dia>>>,
    mes_anterior: (String, String),
    mes_seguinte: (String, String),
    proximas: Vec<SessaoPlenaria>,
    anteriores: Vec<SessaoPlenaria>,
    tipos: Vec<TipoSessao>,
    anos: Vec<i32>,
    f_tipo: String,
    f_ano: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
}

/// `2026-11` → (2026, November).
fn parse_mes(s: &str) -> Option<(i32, Month)> {
    let (a, m) = s.trim().split_once('-')?;
    let ano: i32 = a.parse().ok().filter(|a| (1900..=2200).contains(a))?;
    let mes = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Some((ano, mes))
}

fn mes_param(ano: i32, mes: Month) -> String {
    format!("{ano:04}-{:02}", u8::from(mes))
}

fn vizinho(ano: i32, mes: Month, delta: i8) -> (i32, Month) {
    match (mes, delta) {
        (Month::January, -1) => (ano - 1, Month::December),
        (Month::December, 1) => (ano + 1, Month::January),
        (m, 1) => (ano, m.next()),
        (m, _) => (ano, m.previous()),
    }
}

/// The month as weeks (Sunday first), each day with its sessões.
fn grade(ano: i32, mes: Month, hoje: Date, sessoes: Vec<SessaoPlenaria>) -> Vec<Vec<Option<Dia>>> {
    let Ok(primeiro) = Date::from_calendar_date(ano, mes, 1) else {
        return Vec::new();
    };
    let dias = time::util::days_in_month(mes, ano);
    let mut celulas: Vec<Option<Dia>> = (0..primeiro.weekday().number_days_from_sunday())
        .map(|_| None)
        .collect();
    let mut sessoes = sessoes.into_iter().peekable();
    for n in 1..=dias {
        let mut do_dia = Vec::new();
        while let Some(s) = sessoes.next_if(|s| s.dia.day() == n) {
            do_dia.push(s);
        }
        celulas.push(Some(Dia {
            numero: n,
            hoje: hoje.year() == ano && hoje.month() == mes && hoje.day() == n,
            sessoes: do_dia,
        }));
    }
    while !celulas.len().is_multiple_of(7) {
        celulas.push(None);
    }
    let mut semanas = Vec::new();
    let mut it = celulas.into_iter();
    loop {
        let semana: Vec<Option<Dia>> = it.by_ref().take(7).collect();
        if semana.is_empty() {
            break;
        }
        semanas.push(semana);
    }
    semanas
}

pub(super) async fn publica_lista(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Query(q): Query<PublicaQuery>,
) -> Result<PublicaLista, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let hoje = camara::hoje(&mut tx).await?;
    let agora = OffsetDateTime::now_utc();
    let (ano, mes) = valor(&q.mes)
        .and_then(parse_mes)
        .unwrap_or((hoje.year(), hoje.month()));
    let do_mes = sp::do_mes(&mut tx, ano, mes).await?;
    let tipos = sp::tipos(&mut tx, false).await?;
    let anos = sp::anos(&mut tx).await?;
    let tipo = valor(&q.tipo).and_then(|v| tipo_de(&tipos, v));
    let f_ano = valor(&q.ano).and_then(|a| a.parse::<i32>().ok());
    let base = Filtro {
        tipo,
        ano: f_ano,
        ..Filtro::default()
    };
    let (proximas, _) = sp::listar(
        &mut tx,
        &Filtro {
            desde: Some(agora),
            ..base.clone()
        },
        10,
        0,
    )
    .await?;
    let pagina = pagina_de(&q.pagina);
    let anteriores_f = Filtro {
        antes: Some(agora),
        recentes_primeiro: true,
        ..base
    };
    let (anteriores, total) = sp::listar(
        &mut tx,
        &anteriores_f,
        POR_PAGINA,
        (pagina - 1) * POR_PAGINA,
    )
    .await?;
    tx.commit().await?;
    let f_tipo = tipo.map(|t| t.to_string()).unwrap_or_default();
    let f_ano = f_ano.map(|a| a.to_string()).unwrap_or_default();
    let query_base: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("mes", &mes_param(ano, mes))
        .append_pair("tipo", &f_tipo)
        .append_pair("ano", &f_ano)
        .finish();
    let (aa, ma) = vizinho(ano, mes, -1);
    let (as_, ms) = vizinho(ano, mes, 1);
    Ok(PublicaLista {
        portal,
        mes_nome: format!("{} de {ano}", nome_do_mes(mes)),
        semanas: grade(ano, mes, hoje, do_mes),
        mes_anterior: (mes_param(aa, ma), format!("{} de {aa}", nome_do_mes(ma))),
        mes_seguinte: (mes_param(as_, ms), format!("{} de {as_}", nome_do_mes(ms))),
        proximas,
        anteriores,
        tipos,
        anos,
        f_tipo,
        f_ano,
        pagina,
        paginas: paginas(total),
        total,
        query_base,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/publico/detalhe.html")]
pub(super) struct PublicaDetalhe {
    portal: Portal,
    s: SessaoPlenaria,
    /// The notes, one paragraph per line.
    paragrafos: Vec<String>,
    /// Each votação with its result and nominal votes (totals only for a secret one).
    votacoes: Vec<super::painel::VotacaoTela>,
    /// The ata is published (linked, HTML and PDF).
    ata_publicada: bool,
    /// An encerrada sessão links its certidão de presença.
    encerrada: bool,
    /// TV Câmara's live player while the sessão runs (`camara::tv`).
    tv: Option<domain::tv::Player>,
}

pub(super) async fn publica_detalhe(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    jar: CookieJar,
    current: CurrentTenant,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if let Some(id) = id.strip_suffix(".ics") {
        let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
        let s = sp::por_id(&mut tx, id).await?.ok_or(WebError::NotFound)?;
        let config = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
        tx.commit().await?;
        let corpo = ics::calendario(
            &config.nome,
            &[s],
            &crate::http::origem::da_camara(&state, &current),
            OffsetDateTime::now_utc(),
        );
        return Ok(ics_resposta(corpo, &format!("sessao-{id}.ics")));
    }
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let s = sp::por_id(&mut tx, id).await?.ok_or(WebError::NotFound)?;
    let votacoes = super::painel::votacoes_da(&mut tx, id)
        .await?
        .into_iter()
        .filter(|t| t.v.encerrada())
        .map(|mut t| {
            if t.v.tipo() != domain::sessoes_plenarias::votacao::TipoVotacao::Nominal {
                t.votos.clear();
            }
            t
        })
        .collect();
    let ata_publicada = sp::ata::documento::publicada(&mut tx, id).await?.is_some();
    tx.commit().await?;
    let paragrafos = s
        .observacoes
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    // A running sessão shows the channel's live stream.
    let tv = crate::areas::camara::tv::player(&portal.camara).filter(|p| {
        p.ao_vivo
            && matches!(
                s.status,
                domain::sessoes_plenarias::StatusSessao::Aberta
                    | domain::sessoes_plenarias::StatusSessao::Suspensa
            )
    });
    Ok(crate::areas::camara::tv::com_politica(
        PublicaDetalhe {
            portal,
            encerrada: s.status == sp::StatusSessao::Encerrada,
            s,
            paragrafos,
            votacoes,
            ata_publicada,
            tv: tv.clone(),
        },
        tv.as_ref(),
    ))
}

/// The calendar feed: every sessão from 90 days ago on (cancelled ones as CANCELLED).
pub(super) async fn ics_todas(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
) -> Result<Response, WebError> {
    let agora = OffsetDateTime::now_utc();
    let config = camara::config(&mut tx).await?.ok_or(WebError::NotFound)?;
    let (lista, _) = sp::listar(
        &mut tx,
        &Filtro {
            desde: Some(agora - time::Duration::days(90)),
            ..Filtro::default()
        },
        1000,
        0,
    )
    .await?;
    tx.commit().await?;
    let corpo = ics::calendario(
        &config.nome,
        &lista,
        &crate::http::origem::da_camara(&state, &current),
        agora,
    );
    Ok(ics_resposta(corpo, "sessoes.ics"))
}
