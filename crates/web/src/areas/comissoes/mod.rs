//! Comissões: the public pages (active ones by tipo, extinct ones apart, each with its
//! finalidade and composição), the open data (`/api/v1/comissoes`) and the admin.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::auth::Permissao;
use serde::Deserialize;
use store::TenantTx;
use store::camara;
use store::comissoes::{
    self, CARGOS, Comissao, ComissaoCsv, Composicao, DadosComissao, MembroComissao,
    NovoMembroComissao, TIPOS,
};
use time::Date;
use uuid::Uuid;

use crate::areas::dados_abertos::{self, ApiQuery, Consulta};
use crate::areas::mesa::{
    Confirmar, DataBr, exigir_data, mensagem, mensagens, parse_data, parse_id,
};
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
        .get("/legislativo/comissoes", lista)
        .get("/legislativo/comissoes/{chave}", detalhe)
        .get("/api/v1/comissoes", api)
        .admin_get("/admin/comissoes", P, admin_lista)
        .admin_post("/admin/comissoes", P, criar)
        .admin_get("/admin/comissoes/{id}", P, admin_detalhe)
        .admin_post("/admin/comissoes/{id}", P, editar)
        .admin_get("/admin/comissoes/{id}/extinguir", P, extinguir_form)
        .admin_post("/admin/comissoes/{id}/extinguir", P, extinguir)
        .admin_post("/admin/comissoes/{id}/membros", P, designar)
        .admin_get("/admin/comissoes/membros/{id}/desligar", P, desligar_form)
        .admin_post("/admin/comissoes/membros/{id}/desligar", P, desligar)
        .admin_get(
            "/admin/comissoes/membros/{id}/remover",
            P,
            remover_confirmar,
        )
        .admin_post("/admin/comissoes/membros/{id}/remover", P, remover)
}

// ---------------------------------------------------------------- public

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/publico/lista.html")]
struct Lista {
    portal: Portal,
    grupos: Vec<(&'static str, Vec<Comissao>)>,
    extintas: Vec<Comissao>,
}

async fn lista(Tx(mut tx): Tx, jar: CookieJar) -> Result<Lista, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let ativas = comissoes::comissoes_ativas(&mut tx).await?;
    let extintas = comissoes::comissoes_extintas(&mut tx).await?;
    tx.commit().await?;
    let grupos = TIPOS
        .iter()
        .map(|(tipo, rotulo)| {
            (
                *rotulo,
                ativas
                    .iter()
                    .filter(|c| c.tipo == *tipo)
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, l)| !l.is_empty())
        .collect();
    Ok(Lista {
        portal,
        grupos,
        extintas,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/publico/detalhe.html")]
struct Detalhe {
    portal: Portal,
    c: Comissao,
    finalidade: String,
    composicao: Composicao,
}

async fn detalhe(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(chave): Path<String>,
) -> Result<Detalhe, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let c = comissoes::por_sigla_ou_slug(&mut tx, &chave)
        .await?
        .ok_or(WebError::NotFound)?;
    let hoje = camara::hoje(&mut tx).await?;
    let composicao = comissoes::composicao(&mut tx, c.id, hoje).await?;
    tx.commit().await?;
    Ok(Detalhe {
        portal,
        finalidade: domain::texto::markdown_seguro(&c.finalidade),
        c,
        composicao,
    })
}

/// Every comissão by sigla (the cursor), with its current members: in JSON a list inside
/// each one ([`comissoes::ComissaoDados`]); in CSV one flat row per comissão whose
/// `membros` column reads `Nome (cargo, titular|suplente); …` ([`ComissaoCsv`]).
async fn api(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let csv = q.formato.as_deref() == Some("csv");
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let hoje = camara::hoje(&mut tx).await?;
    let lista =
        comissoes::dados_abertos(&mut tx, consulta.cursor.as_deref(), consulta.buscar(), hoje)
            .await?;
    tx.commit().await?;
    if csv {
        let linhas: Vec<ComissaoCsv> = lista.into_iter().map(Into::into).collect();
        dados_abertos::responder("comissoes", &consulta, linhas, |c| c.sigla.clone())
    } else {
        dados_abertos::responder("comissoes", &consulta, lista, |c| c.sigla.clone())
    }
}

// ---------------------------------------------------------------- admin: list, create

const POR_PAGINA: i64 = 20;

struct FormComissao {
    tipo: String,
    nome: String,
    sigla: String,
    finalidade: String,
    criacao: String,
    prazo: String,
}

impl FormComissao {
    fn vazio(hoje: Date) -> Self {
        Self {
            tipo: "permanente".into(),
            nome: String::new(),
            sigla: String::new(),
            finalidade: String::new(),
            criacao: hoje.br(),
            prazo: String::new(),
        }
    }

    fn de(c: &Comissao) -> Self {
        Self {
            tipo: c.tipo.clone(),
            nome: c.nome.clone(),
            sigla: c.sigla.clone(),
            finalidade: c.finalidade.clone(),
            criacao: c.criacao.br(),
            prazo: c.prazo.map(|d| d.br()).unwrap_or_default(),
        }
    }
}

#[derive(Deserialize)]
struct ComissaoForm {
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    nome: String,
    #[serde(default)]
    sigla: String,
    #[serde(default)]
    finalidade: String,
    #[serde(default)]
    criacao: String,
    #[serde(default)]
    prazo: String,
}

impl ComissaoForm {
    fn dados(&self) -> Result<DadosComissao, String> {
        match (
            exigir_data("Criação", &self.criacao),
            parse_data("Prazo", &self.prazo),
        ) {
            (Ok(criacao), Ok(prazo)) => Ok(DadosComissao {
                tipo: self.tipo.trim().to_owned(),
                nome: self.nome.clone(),
                sigla: self.sigla.clone(),
                finalidade: self.finalidade.clone(),
                criacao,
                prazo,
            }),
            (c, p) => Err(mensagens([c.err(), p.err()])),
        }
    }

    fn form(self) -> FormComissao {
        FormComissao {
            tipo: self.tipo,
            nome: self.nome,
            sigla: self.sigla,
            finalidade: self.finalidade,
            criacao: self.criacao,
            prazo: self.prazo,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/lista.html")]
struct AdminLista {
    shell: Shell,
    comissoes: Vec<Comissao>,
    q: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
    tipos: [(&'static str, &'static str); 4],
    erro: Option<String>,
    form: FormComissao,
}

#[derive(Deserialize, Default)]
struct ListaQuery {
    q: Option<String>,
    pagina: Option<i64>,
}

async fn pagina_lista(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    q: ListaQuery,
) -> Result<AdminLista, WebError> {
    let termo = q.q.unwrap_or_default().trim().to_owned();
    let busca = (!termo.is_empty()).then_some(termo.as_str());
    let (_, total) = comissoes::listar(tx, busca, 1, 0).await?;
    let paginas = ((total + POR_PAGINA - 1) / POR_PAGINA).max(1);
    let pagina = q.pagina.unwrap_or(1).clamp(1, paginas);
    let (lista, _) = comissoes::listar(tx, busca, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let hoje = camara::hoje(tx).await?;
    Ok(AdminLista {
        shell: Shell::new(current, logado, "/admin/comissoes"),
        comissoes: lista,
        query_base: form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &termo)
            .finish(),
        q: termo,
        pagina,
        paginas,
        total,
        tipos: TIPOS_FORM,
        erro: None,
        form: FormComissao::vazio(hoje),
    })
}

/// The tipos as the forms offer them (singular labels).
const TIPOS_FORM: [(&str, &str); 4] = [
    ("permanente", "Permanente"),
    ("temporaria", "Temporária"),
    ("especial", "Especial"),
    ("cpi", "Comissão Parlamentar de Inquérito (CPI)"),
];

async fn admin_lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<ListaQuery>,
) -> Result<AdminLista, WebError> {
    pagina_lista(&mut tx, &current, &logado, q).await
}

async fn criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<ComissaoForm>,
) -> Result<Response, WebError> {
    let resultado = match f.dados() {
        Ok(d) => tx
            .tentar(async |tx| comissoes::criar(tx, &logado.autor, &d).await)
            .await
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    match resultado {
        Ok(c) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/comissoes/{}", c.id)).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => {
            let mut page = pagina_lista(&mut tx, &current, &logado, ListaQuery::default()).await?;
            page.erro = Some(msg);
            page.form = f.form();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---------------------------------------------------------------- admin: one comissão

#[derive(Default)]
struct FormMembro {
    parlamentar: String,
    cargo: String,
    titular: bool,
    designacao: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/comissao.html")]
struct AdminComissao {
    shell: Shell,
    c: Comissao,
    composicao: Composicao,
    tipos: [(&'static str, &'static str); 4],
    cargos: [(&'static str, &'static str); 4],
    parlamentares: Vec<(Uuid, String)>,
    erro: Option<String>,
    form: FormComissao,
    erro_membro: Option<String>,
    form_membro: FormMembro,
}

async fn comissao_alvo(tx: &mut TenantTx, id: &str) -> Result<Comissao, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    comissoes::por_id(tx, id).await?.ok_or(WebError::NotFound)
}

async fn pagina_comissao(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    c: Comissao,
) -> Result<AdminComissao, WebError> {
    let hoje = camara::hoje(tx).await?;
    Ok(AdminComissao {
        shell: Shell::new(current, logado, "/admin/comissoes"),
        composicao: comissoes::composicao(tx, c.id, hoje).await?,
        tipos: TIPOS_FORM,
        cargos: CARGOS,
        parlamentares: store::composicao::opcoes(tx).await?,
        erro: None,
        form: FormComissao::de(&c),
        erro_membro: None,
        form_membro: FormMembro {
            titular: true,
            designacao: hoje.max(c.criacao).br(),
            ..FormMembro::default()
        },
        c,
    })
}

async fn admin_detalhe(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<AdminComissao, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    pagina_comissao(&mut tx, &current, &logado, c).await
}

/// Re-reads the comissão's page, for showing a form's error, in the request's own
/// transaction (the refused write ran behind [`TenantTx::tentar`]'s savepoint).
async fn reler(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<AdminComissao, WebError> {
    let c = comissoes::por_id(tx, id).await?.ok_or(WebError::NotFound)?;
    pagina_comissao(tx, current, logado, c).await
}

async fn editar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<ComissaoForm>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    let resultado = match f.dados() {
        Ok(d) => tx
            .tentar(async |tx| comissoes::editar(tx, &logado.autor, c.id, &d).await)
            .await
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    match resultado {
        Ok(c) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/comissoes/{}", c.id)).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => {
            let mut page = reler(&mut tx, &current, &logado, c.id).await?;
            page.erro = Some(msg);
            page.form = f.form();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Deserialize)]
struct MembroForm {
    #[serde(default)]
    parlamentar: String,
    #[serde(default)]
    cargo: String,
    #[serde(default)]
    titular: String,
    #[serde(default)]
    designacao: String,
}

async fn designar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<MembroForm>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    let titular = f.titular != "suplente";
    let entrada = match (
        parse_id("o parlamentar", &f.parlamentar),
        exigir_data("Designação", &f.designacao),
    ) {
        (Ok(parlamentar_id), Ok(designacao)) => Ok(NovoMembroComissao {
            comissao_id: c.id,
            parlamentar_id,
            cargo: f.cargo.trim().to_owned(),
            titular,
            designacao,
        }),
        (p, d) => Err(mensagens([p.err(), d.err()])),
    };
    let resultado = match entrada {
        Ok(n) => tx
            .tentar(async |tx| comissoes::designar(tx, &logado.autor, &n).await)
            .await
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    match resultado {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/comissoes/{}", c.id)).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => {
            let mut page = reler(&mut tx, &current, &logado, c.id).await?;
            page.erro_membro = Some(msg);
            page.form_membro = FormMembro {
                parlamentar: f.parlamentar,
                cargo: f.cargo,
                titular,
                designacao: f.designacao,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---------------------------------------------------------------- admin: extinguish

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/extinguir.html")]
struct ExtinguirPage {
    shell: Shell,
    c: Comissao,
    data: String,
    erro: Option<String>,
}

async fn extinguir_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    if !c.ativa {
        return Ok(Redirect::to(&format!("/admin/comissoes/{}", c.id)).into_response());
    }
    let hoje = camara::hoje(&mut tx).await?;
    Ok(ExtinguirPage {
        shell: Shell::new(&current, &logado, "/admin/comissoes"),
        data: hoje.max(c.criacao).br(),
        c,
        erro: None,
    }
    .into_response())
}

#[derive(Deserialize)]
struct DataForm {
    #[serde(default)]
    data: String,
    #[serde(default)]
    motivo: String,
}

async fn extinguir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<DataForm>,
) -> Result<Response, WebError> {
    let c = comissao_alvo(&mut tx, &id).await?;
    let resultado = match exigir_data("Data da extinção", &f.data) {
        Ok(d) => comissoes::extinguir(&mut tx, &logado.autor, c.id, d)
            .await
            .map_err(mensagem),
        Err(m) => Err(Ok(m)),
    };
    match resultado {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/comissoes/{}", c.id)).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => {
            // Nothing else is read: the page is the form and its message.
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                ExtinguirPage {
                    shell: Shell::new(&current, &logado, "/admin/comissoes"),
                    c,
                    data: f.data,
                    erro: Some(msg),
                },
            )
                .into_response())
        }
    }
}

// ---------------------------------------------------------------- admin: memberships

async fn membro_alvo(tx: &mut TenantTx, id: &str) -> Result<MembroComissao, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    comissoes::membro(tx, id).await?.ok_or(WebError::NotFound)
}

#[derive(Template, WebTemplate)]
#[template(path = "comissoes/admin/desligar.html")]
struct DesligarPage {
    shell: Shell,
    m: MembroComissao,
    data: String,
    motivo: String,
    erro: Option<String>,
}

async fn desligar_form(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<DesligarPage, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let hoje = camara::hoje(&mut tx).await?;
    Ok(DesligarPage {
        shell: Shell::new(&current, &logado, "/admin/comissoes"),
        data: hoje.max(m.designacao).br(),
        motivo: String::new(),
        m,
        erro: None,
    })
}

async fn desligar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<DataForm>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    let resultado = match exigir_data("Desligamento", &f.data) {
        Ok(d) => comissoes::desligar(&mut tx, &logado.autor, m.id, d, &f.motivo)
            .await
            .map_err(mensagem),
        Err(msg) => Err(Ok(msg)),
    };
    match resultado {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/comissoes/{}", m.comissao_id)).into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(msg)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            DesligarPage {
                shell: Shell::new(&current, &logado, "/admin/comissoes"),
                m,
                data: f.data,
                motivo: f.motivo,
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
        shell: Shell::new(&current, &logado, "/admin/comissoes"),
        titulo: "Remover membro da comissão".into(),
        texto: format!(
            "O registro de {} ({}, designado em {}) será apagado. Use esta opção só para um \
             registro feito por engano; para quem deixou a comissão, use \"Desligar\", que \
             mantém o histórico.",
            m.nome_parlamentar,
            m.cargo_label(),
            m.designacao.br()
        ),
        acao: format!("/admin/comissoes/membros/{}/remover", m.id),
        botao: "Remover",
        voltar: format!("/admin/comissoes/{}", m.comissao_id),
    })
}

async fn remover(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let m = membro_alvo(&mut tx, &id).await?;
    comissoes::remover_membro(&mut tx, &logado.autor, m.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/comissoes/{}", m.comissao_id)).into_response())
}
