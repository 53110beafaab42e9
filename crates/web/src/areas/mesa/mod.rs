//! Mesa diretora: the public page (current composition and history), the open data
//! (`/api/v1/mesa-diretora`) and the admin (períodos, members, cargos).
//!
//! `/parlamentares/mesa-diretora` is a static path: axum matches it before
//! `/parlamentares/{slug}` (a test checks it).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::auth::Permissao;
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::composicao::{self, Legislatura};
use store::mesa::{self, CargoMesa, MembroMesa, MesaDoPeriodo, NovoMembroMesa, PeriodoMesa};
use time::Date;
use uuid::Uuid;

use crate::areas::dados_abertos::{self, ApiQuery, Consulta};
use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::portal::Portal;
use crate::kit::shell::Shell;
use crate::routes::Routes;

pub fn routes() -> Routes {
    use Permissao::ParlamentarGerir as P;
    Routes::new()
        .get("/parlamentares/mesa-diretora", publica)
        .get("/api/v1/mesa-diretora", api)
        .admin_get("/admin/mesa", P, admin_mesa)
        .admin_post("/admin/mesa/periodos", P, criar_periodo)
        .admin_get(
            "/admin/mesa/periodos/{id}/remover",
            P,
            periodo_remover_confirmar,
        )
        .admin_post("/admin/mesa/periodos/{id}/remover", P, periodo_remover)
        .admin_post("/admin/mesa/membros", P, designar)
        .admin_get("/admin/mesa/membros/{id}/encerrar", P, encerrar_form)
        .admin_post("/admin/mesa/membros/{id}/encerrar", P, encerrar)
        .admin_get("/admin/mesa/membros/{id}/remover", P, remover_confirmar)
        .admin_post("/admin/mesa/membros/{id}/remover", P, remover)
        .admin_get("/admin/mesa/cargos", P, cargos_pagina)
        .admin_post("/admin/mesa/cargos", P, cargo_criar)
        .admin_post("/admin/mesa/cargos/{id}", P, cargo_editar)
}

// ---------------------------------------------------------------- shared helpers

pub(super) use crate::kit::formato::DataBr;

/// dd/mm/aaaa → Date; empty → None; anything else → a message naming the field.
pub(super) fn parse_data(campo: &str, s: &str) -> Result<Option<Date>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    crate::kit::formato::ler_data(s)
        .map(Some)
        .ok_or_else(|| format!("{campo}: data inválida (\"{s}\"). Use o formato dd/mm/aaaa."))
}

/// A required date.
pub(super) fn exigir_data(campo: &str, s: &str) -> Result<Date, String> {
    parse_data(campo, s)?.ok_or_else(|| format!("{campo}: informe a data (dd/mm/aaaa)."))
}

/// Every message of a form's checks, in order, in one text: the form shows them all, not
/// only the first.
pub(super) fn mensagens<const N: usize>(erros: [Option<String>; N]) -> String {
    erros.into_iter().flatten().collect::<Vec<_>>().join(" ")
}

pub(super) fn parse_id(campo: &str, s: &str) -> Result<Uuid, String> {
    s.trim().parse().map_err(|_| format!("Escolha {campo}."))
}

/// Store errors a form shows next to itself (the rest become error pages).
pub(super) fn mensagem(e: store::Error) -> Result<String, WebError> {
    match e {
        store::Error::Validation(v) => Ok(v.message),
        store::Error::Conflict(m) | store::Error::NotFound(m) => Ok(m),
        e => Err(e.into()),
    }
}

/// A confirmation page before a destructive action.
#[derive(Template, WebTemplate)]
#[template(path = "mesa/admin/confirmar.html")]
pub(super) struct Confirmar {
    pub shell: Shell,
    pub titulo: String,
    pub texto: String,
    pub acao: String,
    pub botao: &'static str,
    pub voltar: String,
}

fn periodo_label(p: &PeriodoMesa) -> String {
    format!(
        "{}º período da {}ª legislatura ({} a {})",
        p.numero,
        p.legislatura,
        p.inicio.br(),
        p.fim.br()
    )
}

// ---------------------------------------------------------------- public

#[derive(Template, WebTemplate)]
#[template(path = "mesa/publico/mesa.html")]
struct Publica {
    portal: Portal,
    atual: Vec<MembroMesa>,
    periodo_atual: Option<String>,
    historico: Vec<(String, MesaDoPeriodo)>,
}

impl Publica {
    fn iniciais(nome: &str) -> String {
        nome.split_whitespace()
            .filter_map(|p| p.chars().next())
            .filter(|c| c.is_uppercase())
            .take(2)
            .collect()
    }
}

async fn publica(Tx(mut tx): Tx, jar: CookieJar) -> Result<Publica, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let hoje = camara::hoje(&mut tx).await?;
    let atual = mesa::mesa_atual(&mut tx, hoje).await?;
    let periodo_atual = mesa::periodo_em(&mut tx, hoje)
        .await?
        .map(|p| periodo_label(&p));
    let historico = mesa::historico(&mut tx)
        .await?
        .into_iter()
        // A mesa elected for a future período shows once it takes office.
        .filter(|h| !h.membros.is_empty() && h.periodo.inicio <= hoje)
        .map(|h| (periodo_label(&h.periodo), h))
        .collect();
    tx.commit().await?;
    Ok(Publica {
        portal,
        atual,
        periodo_atual,
        historico,
    })
}

#[derive(Deserialize)]
struct MesaApiQuery {
    itens: Option<i64>,
    cursor: Option<String>,
    formato: Option<String>,
    /// aaaa-mm-dd: the mesa in office that day (default: today).
    data: Option<String>,
}

/// The mesa in office (today, or on `?data=aaaa-mm-dd`), one row per cargo
/// ([`MembroMesa`]); the cursor is the number of rows already given.
async fn api(Tx(mut tx): Tx, Query(q): Query<MesaApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(ApiQuery {
        itens: q.itens,
        cursor: q.cursor,
        formato: q.formato,
    }) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let dia = match q.data.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => camara::hoje(&mut tx).await?,
        Some(d) => {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            match Date::parse(d, &fmt) {
                Ok(d) => d,
                Err(_) => {
                    return Ok(dados_abertos::ConsultaInvalida(
                        "O parâmetro data usa o formato aaaa-mm-dd.",
                    )
                    .into_response());
                }
            }
        }
    };
    let inicio: usize = match consulta.cursor.as_deref().map(str::parse) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            return Ok(dados_abertos::ConsultaInvalida("Cursor inválido.").into_response());
        }
    };
    let lista: Vec<MembroMesa> = mesa::mesa_atual(&mut tx, dia)
        .await?
        .into_iter()
        .skip(inicio)
        .take(consulta.buscar() as usize)
        .collect();
    tx.commit().await?;
    let consulta = consulta.com_filtro(
        "data",
        q.data.as_deref().map(str::trim).filter(|d| !d.is_empty()),
    );
    let posicoes: Vec<Uuid> = lista.iter().map(|m| m.id).collect();
    dados_abertos::responder("mesa-diretora", &consulta, lista, |m| {
        let i = posicoes.iter().position(|id| *id == m.id).unwrap_or(0);
        (inicio + i + 1).to_string()
    })
}

// ---------------------------------------------------------------- admin: composição

#[derive(Default)]
struct FormMembro {
    parlamentar: String,
    cargo: String,
    inicio: String,
    fim: String,
    observacao: String,
}

#[derive(Default)]
struct FormPeriodo {
    legislatura: String,
    inicio: String,
    fim: String,
    descricao: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "mesa/admin/mesa.html")]
struct MesaAdmin {
    shell: Shell,
    periodos: Vec<(PeriodoMesa, String)>,
    periodo: Option<(PeriodoMesa, String)>,
    membros: Vec<MembroMesa>,
    vagos: Vec<CargoMesa>,
    cargos: Vec<CargoMesa>,
    parlamentares: Vec<(Uuid, String)>,
    legislaturas: Vec<Legislatura>,
    hoje: Date,
    erro: Option<String>,
    erro_periodo: Option<String>,
    form: FormMembro,
    form_periodo: FormPeriodo,
}

async fn pagina_mesa(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    escolhido: Option<Uuid>,
) -> Result<MesaAdmin, WebError> {
    let hoje = camara::hoje(tx).await?;
    let periodos = mesa::periodos(tx).await?;
    let periodo = match escolhido.and_then(|id| periodos.iter().find(|p| p.id == id)) {
        Some(p) => Some(p.clone()),
        None => match mesa::periodo_em(tx, hoje).await? {
            Some(p) => Some(p),
            None => periodos.first().cloned(),
        },
    };
    let (membros, vagos) = match &periodo {
        Some(p) => (
            mesa::membros_do_periodo(tx, p.id).await?,
            mesa::cargos_vagos(tx, p, hoje).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(MesaAdmin {
        shell: Shell::new(current, logado, "/admin/mesa"),
        periodos: periodos
            .into_iter()
            .map(|p| {
                let l = periodo_label(&p);
                (p, l)
            })
            .collect(),
        periodo: periodo.map(|p| {
            let l = periodo_label(&p);
            (p, l)
        }),
        membros,
        vagos,
        cargos: mesa::cargos(tx, false).await?,
        parlamentares: composicao::opcoes(tx).await?,
        legislaturas: composicao::legislaturas(tx, None, 100).await?,
        hoje,
        erro: None,
        erro_periodo: None,
        form: FormMembro::default(),
        form_periodo: FormPeriodo::default(),
    })
}

#[derive(Deserialize)]
struct PeriodoQuery {
    periodo: Option<String>,
}

async fn admin_mesa(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<PeriodoQuery>,
) -> Result<MesaAdmin, WebError> {
    let escolhido = q.periodo.as_deref().and_then(|p| p.parse().ok());
    pagina_mesa(&mut tx, &current, &logado, escolhido).await
}

#[derive(Deserialize)]
struct PeriodoForm {
    #[serde(default)]
    legislatura: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
    #[serde(default)]
    descricao: String,
}

async fn criar_periodo(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<PeriodoForm>,
) -> Result<Response, WebError> {
    let entrada = match (
        parse_id("a legislatura", &f.legislatura),
        exigir_data("Início", &f.inicio),
        exigir_data("Fim", &f.fim),
    ) {
        (Ok(l), Ok(i), Ok(f)) => Ok((l, i, f)),
        (l, i, f) => Err(mensagens([l.err(), i.err(), f.err()])),
    };
    let resultado = match entrada {
        Ok((leg, inicio, fim)) => tx
            .tentar(async |tx| {
                mesa::criar_periodo(tx, &logado.autor, leg, inicio, fim, &f.descricao).await
            })
            .await
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    match resultado {
        Ok(p) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/mesa?periodo={}", p.id)).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => {
            let mut page = pagina_mesa(&mut tx, &current, &logado, None).await?;
            page.erro_periodo = Some(msg);
            page.form_periodo = FormPeriodo {
                legislatura: f.legislatura,
                inicio: f.inicio,
                fim: f.fim,
                descricao: f.descricao,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn periodo_alvo(tx: &mut TenantTx, id: &str) -> Result<PeriodoMesa, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    mesa::periodo(tx, id).await?.ok_or(WebError::NotFound)
}

async fn periodo_remover_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let p = periodo_alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/mesa"),
        titulo: "Remover período da Mesa".into(),
        texto: format!(
            "O {} será apagado. Só é possível remover um período sem membros designados \
             (um cadastro feito por engano).",
            periodo_label(&p)
        ),
        acao: format!("/admin/mesa/periodos/{}/remover", p.id),
        botao: "Remover",
        voltar: format!("/admin/mesa?periodo={}", p.id),
    })
}

async fn periodo_remover(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let p = periodo_alvo(&mut tx, &id).await?;
    match tx
        .tentar(async |tx| mesa::remover_periodo(tx, &logado.autor, p.id).await)
        .await
    {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/mesa").into_response())
        }
        Err(e) => {
            let msg = mensagem(e)?;
            let mut page = pagina_mesa(&mut tx, &current, &logado, Some(p.id)).await?;
            page.erro_periodo = Some(msg);
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

#[derive(Deserialize)]
struct MembroForm {
    #[serde(default)]
    periodo: String,
    #[serde(default)]
    parlamentar: String,
    #[serde(default)]
    cargo: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
    #[serde(default)]
    observacao: String,
}

async fn designar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<MembroForm>,
) -> Result<Response, WebError> {
    let periodo: Option<Uuid> = f.periodo.parse().ok();
    let entrada = match (
        periodo.ok_or_else(|| "Escolha o período da Mesa.".to_owned()),
        parse_id("o parlamentar", &f.parlamentar),
        parse_id("o cargo", &f.cargo),
        exigir_data("Início", &f.inicio),
        parse_data("Fim", &f.fim),
    ) {
        (Ok(periodo_id), Ok(parlamentar_id), Ok(cargo_id), Ok(inicio), Ok(fim)) => {
            Ok(NovoMembroMesa {
                periodo_id,
                parlamentar_id,
                cargo_id,
                inicio,
                fim,
                observacao: f.observacao.clone(),
            })
        }
        (p, l, c, i, f) => Err(mensagens([p.err(), l.err(), c.err(), i.err(), f.err()])),
    };
    let resultado = match entrada {
        Ok(n) => tx
            .tentar(async |tx| mesa::designar(tx, &logado.autor, &n).await)
            .await
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    match resultado {
        Ok(_) => {
            tx.commit().await?;
            let volta = periodo.map(|p| format!("?periodo={p}")).unwrap_or_default();
            Ok(Redirect::to(&format!("/admin/mesa{volta}")).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => {
            let mut page = pagina_mesa(&mut tx, &current, &logado, periodo).await?;
            page.erro = Some(msg);
            page.form = FormMembro {
                parlamentar: f.parlamentar,
                cargo: f.cargo,
                inicio: f.inicio,
                fim: f.fim,
                observacao: f.observacao,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn membro_alvo(tx: &mut TenantTx, id: &str) -> Result<MembroMesa, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    mesa::membro(tx, id).await?.ok_or(WebError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "mesa/admin/encerrar.html")]
struct EncerrarPage {
    shell: Shell,
    m: MembroMesa,
    fim: String,
    observacao: String,
    erro: Option<String>,
}

async fn encerrar_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<EncerrarPage, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let hoje = camara::hoje(&mut tx).await?;
    Ok(EncerrarPage {
        shell: Shell::new(&current, &logado, "/admin/mesa"),
        fim: hoje.clamp(m.inicio, m.fim).br(),
        observacao: String::new(),
        m,
        erro: None,
    })
}

#[derive(Deserialize)]
struct EncerrarForm {
    #[serde(default)]
    fim: String,
    #[serde(default)]
    observacao: String,
}

async fn encerrar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<EncerrarForm>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let resultado = match exigir_data("Fim", &f.fim) {
        Ok(fim) => mesa::encerrar(&mut tx, &logado.autor, m.id, fim, &f.observacao)
            .await
            .map_err(mensagem),
        Err(msg) => Err(Ok(msg)),
    };
    match resultado {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/mesa?periodo={}", m.periodo_id)).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            EncerrarPage {
                shell: Shell::new(&current, &logado, "/admin/mesa"),
                m,
                fim: f.fim,
                observacao: f.observacao,
                erro: Some(msg),
            },
        )
            .into_response()),
    }
}

async fn remover_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/mesa"),
        titulo: "Remover membro da Mesa".into(),
        texto: format!(
            "O registro de {} como {} ({} a {}) será apagado. Use esta opção só para um \
             registro feito por engano; para quem deixou o cargo, use \"Encerrar\", que \
             mantém o histórico.",
            m.nome_parlamentar,
            m.cargo,
            m.inicio.br(),
            m.fim.br()
        ),
        acao: format!("/admin/mesa/membros/{}/remover", m.id),
        botao: "Remover",
        voltar: format!("/admin/mesa?periodo={}", m.periodo_id),
    })
}

async fn remover(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    mesa::remover(&mut tx, &logado.autor, m.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/mesa?periodo={}", m.periodo_id)).into_response())
}

// ---------------------------------------------------------------- admin: cargos

#[derive(Template, WebTemplate)]
#[template(path = "mesa/admin/cargos.html")]
struct CargosPage {
    shell: Shell,
    cargos: Vec<CargoMesa>,
    erro: Option<String>,
    form_nome: String,
    form_ordem: String,
}

async fn pagina_cargos(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
) -> Result<CargosPage, WebError> {
    Ok(CargosPage {
        shell: Shell::new(current, logado, "/admin/mesa"),
        cargos: mesa::cargos(tx, true).await?,
        erro: None,
        form_nome: String::new(),
        form_ordem: String::new(),
    })
}

async fn cargos_pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
) -> Result<CargosPage, WebError> {
    pagina_cargos(&mut tx, &current, &logado).await
}

#[derive(Deserialize)]
struct CargoForm {
    #[serde(default)]
    nome: String,
    #[serde(default)]
    ordem: String,
    #[serde(default)]
    obrigatorio: Option<String>,
    #[serde(default)]
    ativo: Option<String>,
}

fn parse_ordem(s: &str) -> Result<i32, String> {
    s.trim()
        .parse()
        .map_err(|_| "A ordem deve ser um número de 1 a 99.".to_owned())
}

async fn cargo_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<CargoForm>,
) -> Result<Response, WebError> {
    let resultado = match parse_ordem(&f.ordem) {
        Ok(ordem) => tx
            .tentar(async |tx| {
                mesa::criar_cargo(tx, &logado.autor, &f.nome, ordem, f.obrigatorio.is_some()).await
            })
            .await
            .map(|_| ())
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    cargo_resposta(tx, current, logado, resultado, f).await
}

async fn cargo_resposta(
    mut tx: TenantTx,
    current: CurrentTenant,
    logado: Logado,
    resultado: Result<(), Result<String, WebError>>,
    f: CargoForm,
) -> Result<Response, WebError> {
    match resultado {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to("/admin/mesa/cargos").into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => {
            let mut page = pagina_cargos(&mut tx, &current, &logado).await?;
            page.erro = Some(msg);
            page.form_nome = f.nome;
            page.form_ordem = f.ordem;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn cargo_editar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<CargoForm>,
) -> Result<Response, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    mesa::cargo(&mut tx, id).await?.ok_or(WebError::NotFound)?;
    let resultado = match parse_ordem(&f.ordem) {
        Ok(ordem) => tx
            .tentar(async |tx| {
                mesa::editar_cargo(
                    tx,
                    &logado.autor,
                    id,
                    &f.nome,
                    ordem,
                    f.obrigatorio.is_some(),
                    f.ativo.is_some(),
                )
                .await
            })
            .await
            .map(|_| ())
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    let f = CargoForm {
        nome: String::new(),
        ordem: String::new(),
        ..f
    };
    cargo_resposta(tx, current, logado, resultado, f).await
}
