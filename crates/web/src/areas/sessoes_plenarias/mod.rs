//! Sessões plenárias: admin scheduling, public calendar and list, .ics, open data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::auth::Permissao;
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::sessoes_plenarias::{
    self as sp, EdicaoSessao, Filtro, NovaSessao, SessaoPlenaria, TipoSessao,
};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use uuid::Uuid;

use crate::areas::dados_abertos::{self, ApiQuery, Consulta, ConsultaInvalida};
use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::portal::Portal;
use crate::kit::shell::Shell;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    use Permissao::SessaoGerir as P;
    Routes::new()
        .get("/legislativo/sessoes", publica_lista)
        .get("/legislativo/sessoes.ics", ics_todas)
        .get("/legislativo/sessoes/{id}", publica_detalhe)
        .get("/api/v1/sessoes", api)
        .admin_get("/admin/sessoes", P, admin_lista)
        .admin_get("/admin/sessoes/nova", P, nova_form)
        .admin_post("/admin/sessoes/nova", P, nova_criar)
        .admin_get("/admin/sessoes/{id}/editar", P, editar_form)
        .admin_post("/admin/sessoes/{id}/editar", P, editar_salvar)
        .admin_get("/admin/sessoes/{id}/cancelar", P, cancelar_form)
        .admin_post("/admin/sessoes/{id}/cancelar", P, cancelar_salvar)
        .admin_get("/admin/sessoes/{id}/reativar", P, reativar_form)
        .admin_post("/admin/sessoes/{id}/reativar", P, reativar_salvar)
        .admin_get("/admin/sessoes/{id}/excluir", P, excluir_form)
        .admin_post("/admin/sessoes/{id}/excluir", P, excluir_salvar)
        .admin_get("/admin/sessoes/tipos", P, tipos_lista)
        .admin_post("/admin/sessoes/tipos", P, tipo_criar)
        .admin_get("/admin/sessoes/tipos/{id}/editar", P, tipo_editar_form)
        .admin_post("/admin/sessoes/tipos/{id}/editar", P, tipo_editar)
        .admin_get("/admin/sessoes/tipos/{id}/excluir", P, tipo_excluir_form)
        .admin_post("/admin/sessoes/tipos/{id}/excluir", P, tipo_excluir)
}

const POR_PAGINA: i64 = 20;

const MESES: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

fn nome_do_mes(m: Month) -> &'static str {
    MESES[usize::from(u8::from(m)) - 1]
}

/// A trimmed query/form value, `None` when empty.
fn valor(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// dd/mm/aaaa → Date.
fn parse_data(s: &str) -> Result<Date, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("Informe a data no formato dd/mm/aaaa.".into());
    }
    crate::kit::formato::ler_data(s)
        .ok_or_else(|| format!("Data inválida: \"{s}\". Use o formato dd/mm/aaaa."))
}

/// HH:MM (24 h) → Time.
fn parse_hora(s: &str) -> Result<Time, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("Informe o horário no formato HH:MM.".into());
    }
    crate::kit::formato::ler_hora(s)
        .ok_or_else(|| format!("Horário inválido: \"{s}\". Use o formato HH:MM (24 horas)."))
}

// ================================================================ public pages

#[derive(Deserialize, Default)]
struct PublicaQuery {
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
struct PublicaLista {
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

/// A tipo named by id or by name (`ordinaria`, accents and case aside).
fn tipo_de(tipos: &[TipoSessao], v: &str) -> Option<Uuid> {
    let alvo = domain::slugify(v);
    tipos
        .iter()
        .find(|t| t.id.to_string() == v || domain::slugify(&t.nome) == alvo)
        .map(|t| t.id)
}

async fn publica_lista(
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
    let pagina = valor(&q.pagina)
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1);
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
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/publico/detalhe.html")]
struct PublicaDetalhe {
    portal: Portal,
    s: SessaoPlenaria,
    /// The notes, one paragraph per line.
    paragrafos: Vec<String>,
}

async fn publica_detalhe(
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
    tx.commit().await?;
    let paragrafos = s
        .observacoes
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(PublicaDetalhe {
        portal,
        s,
        paragrafos,
    }
    .into_response())
}

fn ics_resposta(corpo: String, arquivo: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::http::cabecalhos::disposicao("inline", arquivo),
            ),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        corpo,
    )
        .into_response()
}

/// The calendar feed: every sessão from 90 days ago on (cancelled ones as CANCELLED).
async fn ics_todas(
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

/// A small, careful iCalendar (RFC 5545) writer: UTC times, escaped text, lines folded at
/// 75 octets (never inside a UTF-8 character), CRLF endings.
pub(crate) mod ics {
    use store::sessoes_plenarias::SessaoPlenaria;
    use time::OffsetDateTime;

    /// `20261103T210000Z`.
    fn utc(t: OffsetDateTime) -> String {
        let u = t.to_offset(time::UtcOffset::UTC);
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            u.year(),
            u8::from(u.month()),
            u.day(),
            u.hour(),
            u.minute(),
            u.second()
        )
    }

    /// TEXT value escaping (RFC 5545 §3.3.11).
    pub fn escapar(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                ';' => out.push_str("\\;"),
                ',' => out.push_str("\\,"),
                '\n' => out.push_str("\\n"),
                '\r' => {}
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    /// Appends one content line, folded (§3.1): at most 75 octets per physical line, the
    /// continuation lines starting with a space.
    pub fn linha(out: &mut String, conteudo: &str) {
        let mut resto = conteudo;
        let mut limite = 75;
        loop {
            if resto.len() <= limite {
                out.push_str(resto);
                out.push_str("\r\n");
                return;
            }
            let mut corte = limite;
            while !resto.is_char_boundary(corte) {
                corte -= 1;
            }
            out.push_str(&resto[..corte]);
            out.push_str("\r\n ");
            resto = &resto[corte..];
            // The leading space counts toward the 75 octets.
            limite = 74;
        }
    }

    pub fn calendario(
        camara: &str,
        sessoes: &[SessaoPlenaria],
        base: &str,
        agora: OffsetDateTime,
    ) -> String {
        let mut out = String::new();
        linha(&mut out, "BEGIN:VCALENDAR");
        linha(&mut out, "VERSION:2.0");
        linha(&mut out, "PRODID:-//Plenário//Sessões plenárias//PT-BR");
        linha(&mut out, "CALSCALE:GREGORIAN");
        linha(&mut out, "METHOD:PUBLISH");
        linha(
            &mut out,
            &format!("X-WR-CALNAME:{}", escapar(&format!("Sessões — {camara}"))),
        );
        for s in sessoes {
            let url = format!("{base}/legislativo/sessoes/{}", s.id);
            linha(&mut out, "BEGIN:VEVENT");
            linha(&mut out, &format!("UID:sessao-plenaria-{}@plenario", s.id));
            linha(&mut out, &format!("DTSTAMP:{}", utc(agora)));
            linha(&mut out, &format!("DTSTART:{}", utc(s.inicio)));
            if let Some(fim) = s.fim {
                linha(&mut out, &format!("DTEND:{}", utc(fim)));
            }
            linha(&mut out, &format!("SEQUENCE:{}", s.versao));
            linha(&mut out, &format!("LAST-MODIFIED:{}", utc(s.atualizada_em)));
            let titulo = if s.cancelada() {
                format!("Cancelada: {}", s.titulo())
            } else {
                s.titulo()
            };
            linha(&mut out, &format!("SUMMARY:{}", escapar(&titulo)));
            if !s.local.is_empty() {
                linha(&mut out, &format!("LOCATION:{}", escapar(&s.local)));
            }
            let mut descricao = format!("{} — {}", camara, s.titulo());
            if let Some(m) = &s.motivo_cancelamento {
                descricao.push_str(&format!("\nSessão cancelada. Motivo: {m}"));
            }
            if !s.observacoes.is_empty() {
                descricao.push_str(&format!("\n{}", s.observacoes));
            }
            descricao.push_str(&format!("\n{url}"));
            linha(&mut out, &format!("DESCRIPTION:{}", escapar(&descricao)));
            linha(&mut out, &format!("URL:{url}"));
            linha(
                &mut out,
                if s.cancelada() {
                    "STATUS:CANCELLED"
                } else {
                    "STATUS:CONFIRMED"
                },
            );
            linha(&mut out, "END:VEVENT");
        }
        linha(&mut out, "END:VCALENDAR");
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn folds_at_75_octets_without_splitting_characters() {
            let mut out = String::new();
            let longa = format!("SUMMARY:{}", "ção".repeat(40));
            linha(&mut out, &longa);
            assert!(out.ends_with("\r\n"));
            for l in out.trim_end_matches("\r\n").split("\r\n") {
                assert!(l.len() <= 75, "{} octets: {l}", l.len());
            }
            assert_eq!(out.replace("\r\n ", "").trim_end(), longa);
        }

        #[test]
        fn escapes_text() {
            assert_eq!(escapar("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        }
    }
}

// ================================================================ open data

#[derive(Deserialize, Default)]
struct SessoesApiQuery {
    ano: Option<String>,
    tipo: Option<String>,
}

async fn api(
    Tx(mut tx): Tx,
    Query(q): Query<ApiQuery>,
    Query(f): Query<SessoesApiQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let ano = match valor(&f.ano).map(str::parse::<i32>) {
        None => None,
        Some(Ok(a)) if (1900..=2200).contains(&a) => Some(a),
        Some(_) => {
            return Ok(
                ConsultaInvalida("O parâmetro ano deve ser um ano com quatro dígitos.")
                    .into_response(),
            );
        }
    };
    let tipo = match valor(&f.tipo) {
        None => None,
        Some(v) => {
            let tipos = sp::tipos(&mut tx, false).await?;
            match tipo_de(&tipos, v) {
                Some(t) => Some(t),
                None => {
                    return Ok(dados_abertos::NaoEncontrado(
                        "Tipo de sessão desconhecido (use o nome, por exemplo ordinaria, ou o id).",
                    )
                    .into_response());
                }
            }
        }
    };
    let depois = match consulta.cursor.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(c)) => Some(c),
        Some(Err(_)) => return Ok(ConsultaInvalida("Cursor inválido.").into_response()),
    };
    let lista = sp::dados(&mut tx, ano, tipo, depois, consulta.buscar()).await?;
    tx.commit().await?;
    let consulta = consulta
        .com_filtro("ano", ano)
        .com_filtro("tipo", valor(&f.tipo));
    dados_abertos::responder("sessoes", &consulta, lista, |s| s.id.to_string())
}

// ================================================================ admin: sessões

#[derive(Deserialize, Default)]
struct AdminQuery {
    de: Option<String>,
    ate: Option<String>,
    tipo: Option<String>,
    status: Option<String>,
    q: Option<String>,
    pagina: Option<String>,
    aviso: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/lista.html")]
struct AdminLista {
    shell: Shell,
    sessoes: Vec<SessaoPlenaria>,
    tipos: Vec<TipoSessao>,
    f_de: String,
    f_ate: String,
    f_tipo: String,
    f_status: String,
    f_q: String,
    erro: Option<String>,
    aviso: Option<&'static str>,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
}

fn aviso_de(a: Option<&str>) -> Option<&'static str> {
    match a? {
        "agendada" => Some("Sessão agendada."),
        "alterada" => Some("Sessão alterada."),
        "cancelada" => Some("Sessão cancelada."),
        "reativada" => Some("Sessão reativada."),
        "excluida" => Some("Sessão excluída."),
        _ => None,
    }
}

async fn admin_lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<AdminQuery>,
) -> Result<AdminLista, WebError> {
    let texto = |o: &Option<String>| valor(o).unwrap_or("").to_owned();
    let (f_de, f_ate, f_q) = (texto(&q.de), texto(&q.ate), texto(&q.q));
    let mut erro = None;
    let mut data = |s: &str| {
        if s.is_empty() {
            return None;
        }
        parse_data(s).map_err(|e| erro = Some(e)).ok()
    };
    let de = data(&f_de);
    let ate = data(&f_ate);
    let tipos = sp::tipos(&mut tx, false).await?;
    let tipo = valor(&q.tipo).and_then(|v| tipo_de(&tipos, v));
    let status = valor(&q.status)
        .filter(|s| [sp::AGENDADA, sp::CANCELADA].contains(s))
        .map(str::to_owned);
    let filtro = Filtro {
        de,
        ate,
        tipo,
        status: status.clone(),
        busca: (!f_q.is_empty()).then(|| f_q.clone()),
        recentes_primeiro: true,
        ..Filtro::default()
    };
    let pagina = valor(&q.pagina)
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1);
    let (sessoes, total) =
        sp::listar(&mut tx, &filtro, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let f_tipo = tipo.map(|t| t.to_string()).unwrap_or_default();
    let f_status = status.unwrap_or_default();
    let query_base: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("de", &f_de)
        .append_pair("ate", &f_ate)
        .append_pair("tipo", &f_tipo)
        .append_pair("status", &f_status)
        .append_pair("q", &f_q)
        .finish();
    Ok(AdminLista {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        sessoes,
        tipos,
        f_de,
        f_ate,
        f_tipo,
        f_status,
        f_q,
        erro,
        aviso: aviso_de(q.aviso.as_deref()),
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
    })
}

/// The fields of the sessão form, as typed.
#[derive(Deserialize, Default, Clone)]
struct SessaoForm {
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    data: String,
    #[serde(default)]
    hora: String,
    #[serde(default)]
    hora_fim: String,
    #[serde(default)]
    local: String,
    #[serde(default)]
    observacoes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/form.html")]
struct FormPage {
    shell: Shell,
    titulo: String,
    acao: String,
    /// A new sessão (the tipo can be chosen) or an edit.
    nova: bool,
    tipos: Vec<TipoSessao>,
    f: SessaoForm,
    /// (field, message); field `geral` for the form as a whole.
    erros: Vec<(&'static str, String)>,
}

impl FormPage {
    fn erro(&self, campo: &str) -> Option<&str> {
        self.erros
            .iter()
            .find(|(c, _)| *c == campo)
            .map(|(_, m)| m.as_str())
    }

    /// Messages not tied to a field shown in the form.
    fn gerais(&self) -> Vec<&str> {
        const CAMPOS: [&str; 6] = ["tipo", "data", "hora", "hora_fim", "local", "observacoes"];
        self.erros
            .iter()
            .filter(|(c, _)| !CAMPOS.contains(c))
            .map(|(_, m)| m.as_str())
            .collect()
    }
}

/// Messages of the wrong fields: (field, message).
type Erros = Vec<(&'static str, String)>;

/// The form's values parsed: start, optional end, or the messages of the wrong fields.
fn interpretar(f: &SessaoForm) -> Result<(PrimitiveDateTime, Option<PrimitiveDateTime>), Erros> {
    let mut erros = Vec::new();
    let data = parse_data(&f.data)
        .map_err(|e| erros.push(("data", e)))
        .ok();
    let hora = parse_hora(&f.hora)
        .map_err(|e| erros.push(("hora", e)))
        .ok();
    let hora_fim = if f.hora_fim.trim().is_empty() {
        None
    } else {
        parse_hora(&f.hora_fim)
            .map_err(|e| erros.push(("hora_fim", e)))
            .ok()
    };
    match (data, hora) {
        (Some(d), Some(h)) if erros.is_empty() => Ok((
            PrimitiveDateTime::new(d, h),
            hora_fim.map(|hf| PrimitiveDateTime::new(d, hf)),
        )),
        _ => Err(erros),
    }
}

fn erros_do_store(e: store::Error) -> Result<Vec<(&'static str, String)>, WebError> {
    match e {
        store::Error::Validation(v) => Ok(vec![(v.field, v.message)]),
        store::Error::Conflict(m) => Ok(vec![("geral", m)]),
        e => Err(e.into()),
    }
}

fn form_de(s: &SessaoPlenaria) -> SessaoForm {
    SessaoForm {
        tipo: s.tipo_id.to_string(),
        data: s.data(),
        hora: s.hora.clone(),
        hora_fim: s.hora_fim.clone().unwrap_or_default(),
        local: s.local.clone(),
        observacoes: s.observacoes.clone(),
    }
}

async fn nova_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
) -> Result<FormPage, WebError> {
    let tipos = sp::tipos(&mut tx, true).await?;
    Ok(FormPage {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        titulo: "Agendar sessão plenária".into(),
        acao: "/admin/sessoes/nova".into(),
        nova: true,
        f: SessaoForm {
            tipo: tipos.first().map(|t| t.id.to_string()).unwrap_or_default(),
            hora: "18:00".into(),
            local: "Plenário".into(),
            ..SessaoForm::default()
        },
        tipos,
        erros: Vec::new(),
    })
}

async fn nova_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<SessaoForm>,
) -> Result<Response, WebError> {
    let resultado = match interpretar(&f) {
        Ok((inicio, fim)) => match f.tipo.trim().parse::<Uuid>() {
            Ok(tipo_id) => {
                let nova = NovaSessao {
                    tipo_id,
                    inicio,
                    fim,
                    local: f.local.clone(),
                    observacoes: f.observacoes.clone(),
                };
                match tx
                    .tentar(async |tx| sp::criar(tx, &logado.autor, &nova).await)
                    .await
                {
                    Ok(s) => Ok(s),
                    Err(e) => Err(erros_do_store(e)?),
                }
            }
            Err(_) => Err(vec![("tipo", "Escolha o tipo da sessão.".to_owned())]),
        },
        Err(erros) => Err(erros),
    };
    match resultado {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/sessoes?aviso=agendada").into_response())
        }
        Err(erros) => {
            // The refused write was rolled back to its savepoint (giving the number back);
            // the form is read in the same transaction.
            let tipos = sp::tipos(&mut tx, true).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                FormPage {
                    shell: Shell::new(&current, &logado, "/admin/sessoes"),
                    titulo: "Agendar sessão plenária".into(),
                    acao: "/admin/sessoes/nova".into(),
                    nova: true,
                    tipos,
                    f,
                    erros,
                },
            )
                .into_response())
        }
    }
}

/// The sessão an id route names (an id of another câmara is recorded by
/// [`crate::http::alheio`]; the answer is the plain 404 of any unknown id).
async fn alvo(tx: &mut TenantTx, id: &str) -> Result<SessaoPlenaria, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    sp::por_id(tx, id).await?.ok_or(WebError::NotFound)
}

async fn editar_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<FormPage, WebError> {
    let s = alvo(&mut tx, &id).await?;
    let tipos = sp::tipos(&mut tx, false).await?;
    Ok(FormPage {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        titulo: format!("Editar: {}", s.titulo()),
        acao: format!("/admin/sessoes/{}/editar", s.id),
        nova: false,
        tipos,
        f: form_de(&s),
        erros: if s.cancelada() {
            vec![(
                "geral",
                "A sessão está cancelada; reative-a antes de alterá-la.".into(),
            )]
        } else {
            Vec::new()
        },
    })
}

async fn editar_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(mut f): Form<SessaoForm>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    f.tipo = s.tipo_id.to_string();
    let resultado = match interpretar(&f) {
        Ok((inicio, fim)) => {
            let e = EdicaoSessao {
                inicio,
                fim,
                local: f.local.clone(),
                observacoes: f.observacoes.clone(),
            };
            match tx
                .tentar(async |tx| sp::editar(tx, &logado.autor, s.id, &e).await)
                .await
            {
                Ok(s) => Ok(s),
                Err(e) => Err(erros_do_store(e)?),
            }
        }
        Err(erros) => Err(erros),
    };
    match resultado {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/sessoes?aviso=alterada").into_response())
        }
        Err(erros) => {
            let tipos = sp::tipos(&mut tx, false).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                FormPage {
                    shell: Shell::new(&current, &logado, "/admin/sessoes"),
                    titulo: format!("Editar: {}", s.titulo()),
                    acao: format!("/admin/sessoes/{}/editar", s.id),
                    nova: false,
                    tipos,
                    f,
                    erros,
                },
            )
                .into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/confirmar.html")]
struct Confirmar {
    shell: Shell,
    titulo: String,
    texto: String,
    /// Why the action cannot be done (then there is no button).
    impedimento: Option<String>,
    acao: String,
    botao: &'static str,
    /// Ask for the motivo (cancelling).
    motivo: Option<String>,
    erro: Option<String>,
    voltar: &'static str,
}

fn descricao(s: &SessaoPlenaria) -> String {
    format!(
        "{}, em {} às {}{}.",
        s.titulo(),
        s.data(),
        s.hora,
        if s.local.is_empty() {
            String::new()
        } else {
            format!(", {}", s.local)
        }
    )
}

async fn cancelar_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let s = alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        titulo: "Cancelar sessão".into(),
        texto: format!(
            "{} A sessão continuará no calendário público, marcada como cancelada, com o motivo.",
            descricao(&s)
        ),
        impedimento: s
            .cancelada()
            .then(|| "A sessão já está cancelada.".to_owned()),
        acao: format!("/admin/sessoes/{}/cancelar", s.id),
        botao: "Cancelar a sessão",
        motivo: Some(String::new()),
        erro: None,
        voltar: "/admin/sessoes",
    })
}

#[derive(Deserialize, Default)]
struct MotivoForm {
    #[serde(default)]
    motivo: String,
}

async fn cancelar_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<MotivoForm>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    match sp::cancelar(&mut tx, &logado.autor, s.id, &f.motivo).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/sessoes?aviso=cancelada").into_response())
        }
        Err(e) => {
            let erro = erros_do_store(e)?
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" ");
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Confirmar {
                    shell: Shell::new(&current, &logado, "/admin/sessoes"),
                    titulo: "Cancelar sessão".into(),
                    texto: descricao(&s),
                    impedimento: None,
                    acao: format!("/admin/sessoes/{}/cancelar", s.id),
                    botao: "Cancelar a sessão",
                    motivo: Some(f.motivo),
                    erro: Some(erro),
                    voltar: "/admin/sessoes",
                },
            )
                .into_response())
        }
    }
}

async fn reativar_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let s = alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        titulo: "Reativar sessão".into(),
        texto: format!(
            "{} A sessão volta a constar como agendada, e o motivo do cancelamento é removido.",
            descricao(&s)
        ),
        impedimento: (!s.cancelada()).then(|| "A sessão não está cancelada.".to_owned()),
        acao: format!("/admin/sessoes/{}/reativar", s.id),
        botao: "Reativar",
        motivo: None,
        erro: None,
        voltar: "/admin/sessoes",
    })
}

async fn reativar_salvar(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    sp::reativar(&mut tx, &logado.autor, s.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/sessoes?aviso=reativada").into_response())
}

async fn excluir_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let s = alvo(&mut tx, &id).await?;
    let impedimento = sp::impedimento_exclusao(&mut tx, &s).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        titulo: "Excluir sessão".into(),
        texto: format!(
            "{} A sessão será apagada do registro (use apenas para sessões agendadas por \
             engano); o número dela volta a ficar disponível.",
            descricao(&s)
        ),
        impedimento,
        acao: format!("/admin/sessoes/{}/excluir", s.id),
        botao: "Excluir",
        motivo: None,
        erro: None,
        voltar: "/admin/sessoes",
    })
}

async fn excluir_salvar(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = alvo(&mut tx, &id).await?;
    sp::excluir(&mut tx, &logado.autor, s.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/sessoes?aviso=excluida").into_response())
}

// ================================================================ admin: tipos

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/tipos.html")]
struct TiposPage {
    shell: Shell,
    tipos: Vec<TipoSessao>,
    erro: Option<String>,
    f_nome: String,
    f_ordem: String,
}

async fn tipos_page(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
) -> Result<TiposPage, WebError> {
    Ok(TiposPage {
        shell: Shell::new(current, logado, "/admin/sessoes"),
        tipos: sp::tipos(tx, false).await?,
        erro: None,
        f_nome: String::new(),
        f_ordem: String::new(),
    })
}

async fn tipos_lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
) -> Result<TiposPage, WebError> {
    tipos_page(&mut tx, &current, &logado).await
}

#[derive(Deserialize, Default)]
struct TipoForm {
    #[serde(default)]
    nome: String,
    #[serde(default)]
    ordem: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    ativo: Option<String>,
}

fn ordem_de(s: &str) -> Result<i32, store::Error> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(0);
    }
    s.parse().map_err(|_| {
        store::Error::Validation(domain::ValidationError::new(
            "ordem",
            "A ordem deve ser um número de 0 a 999.",
        ))
    })
}

async fn tipo_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<TipoForm>,
) -> Result<Response, WebError> {
    let r = match ordem_de(&f.ordem) {
        Ok(ordem) => {
            tx.tentar(async |tx| sp::criar_tipo(tx, &logado.autor, &f.nome, ordem).await)
                .await
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/sessoes/tipos").into_response())
        }
        Err(e) => {
            let erro = erros_do_store(e)?
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" ");
            let mut page = tipos_page(&mut tx, &current, &logado).await?;
            page.erro = Some(erro);
            page.f_nome = f.nome;
            page.f_ordem = f.ordem;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sessoes_plenarias/admin/tipo_editar.html")]
struct TipoEditar {
    shell: Shell,
    tipo: TipoSessao,
    f_nome: String,
    f_ordem: String,
    f_ativo: bool,
    erro: Option<String>,
}

async fn tipo_alvo(tx: &mut TenantTx, id: &str) -> Result<TipoSessao, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    sp::tipo_por_id(tx, id).await?.ok_or(WebError::NotFound)
}

async fn tipo_editar_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<TipoEditar, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    Ok(TipoEditar {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        f_nome: tipo.nome.clone(),
        f_ordem: tipo.ordem.to_string(),
        f_ativo: tipo.ativo,
        tipo,
        erro: None,
    })
}

async fn tipo_editar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<TipoForm>,
) -> Result<Response, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    let ativo = f.ativo.is_some();
    let r = match ordem_de(&f.ordem) {
        Ok(ordem) => sp::editar_tipo(&mut tx, &logado.autor, tipo.id, &f.nome, ordem, ativo).await,
        Err(e) => Err(e),
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/sessoes/tipos").into_response())
        }
        Err(e) => {
            let erro = erros_do_store(e)?
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" ");
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                TipoEditar {
                    shell: Shell::new(&current, &logado, "/admin/sessoes"),
                    tipo,
                    f_nome: f.nome,
                    f_ordem: f.ordem,
                    f_ativo: ativo,
                    erro: Some(erro),
                },
            )
                .into_response())
        }
    }
}

async fn tipo_excluir_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/sessoes"),
        titulo: "Excluir tipo de sessão".into(),
        texto: format!(
            "O tipo \"{}\" será excluído. Um tipo já usado em sessões não pode ser excluído; \
             nesse caso, desative-o.",
            tipo.nome
        ),
        impedimento: None,
        acao: format!("/admin/sessoes/tipos/{}/excluir", tipo.id),
        botao: "Excluir",
        motivo: None,
        erro: None,
        voltar: "/admin/sessoes/tipos",
    })
}

async fn tipo_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let tipo = tipo_alvo(&mut tx, &id).await?;
    match sp::excluir_tipo(&mut tx, &logado.autor, tipo.id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/sessoes/tipos").into_response())
        }
        Err(e) => {
            let erro = erros_do_store(e)?
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" ");
            Ok((
                StatusCode::CONFLICT,
                Confirmar {
                    shell: Shell::new(&current, &logado, "/admin/sessoes"),
                    titulo: "Excluir tipo de sessão".into(),
                    texto: format!("O tipo \"{}\" não pode ser excluído.", tipo.nome),
                    impedimento: Some(erro),
                    acao: format!("/admin/sessoes/tipos/{}/excluir", tipo.id),
                    botao: "Excluir",
                    motivo: None,
                    erro: None,
                    voltar: "/admin/sessoes/tipos",
                },
            )
                .into_response())
        }
    }
}
