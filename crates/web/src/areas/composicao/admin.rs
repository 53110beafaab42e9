//! Admin of the composition: legislaturas, sessões legislativas, partidos (logo),
//! parlamentares (photo, contatos, gabinete, redes), mandatos, afastamentos, filiações.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::ValidationError;
use domain::auth::Permissao;
use serde::Deserialize;
use std::collections::HashMap;
use store::TenantTx;
use store::composicao::{
    self as parl, Afastamento, DadosAfastamento, DadosMandato, DadosParlamentar, Filiacao,
    Legislatura, LegislaturaResumo, Mandato, ParlamentarAdmin, ParlamentarLinha, Partido,
    PartidoResumo, RedeParlamentar, SessaoLegislativa,
};
use time::Date;
use uuid::Uuid;

use crate::areas::composicao::publico::{DataBr, NumBr};
use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::entrada::{Form, Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::shell::Shell;
use crate::routes::Routes;
use crate::state::AppState;

/// Uploads up to the photo's 5 MB, plus the form's other fields.
const LIMITE_UPLOAD: usize = 6 * 1024 * 1024;
const POR_PAGINA: i64 = 20;

pub fn routes() -> Routes {
    use Permissao::ParlamentarGerir as P;
    let limite = || DefaultBodyLimit::max(LIMITE_UPLOAD);
    Routes::new()
        .admin_get("/admin/parlamentares", P, lista)
        .admin_get("/admin/parlamentares/novo", P, novo)
        .admin_post("/admin/parlamentares", P, criar.layer(limite()))
        .admin_get("/admin/parlamentares/{id}", P, pagina)
        .admin_post("/admin/parlamentares/{id}", P, salvar.layer(limite()))
        .admin_post("/admin/parlamentares/{id}/mandatos", P, mandato_criar)
        .admin_post("/admin/parlamentares/{id}/filiacoes", P, filiacao_criar)
        .admin_post("/admin/parlamentares/{id}/redes", P, rede_criar)
        .admin_get("/admin/parlamentares/{id}/{acao}", P, parlamentar_confirmar)
        .admin_post("/admin/parlamentares/{id}/{acao}", P, parlamentar_acao)
        .admin_get("/admin/mandatos/{id}", P, mandato_pagina)
        .admin_post("/admin/mandatos/{id}", P, mandato_salvar)
        .admin_post("/admin/mandatos/{id}/encerrar", P, mandato_encerrar)
        .admin_post("/admin/mandatos/{id}/afastamentos", P, afastamento_criar)
        .admin_get("/admin/mandatos/{id}/excluir", P, mandato_confirmar)
        .admin_post("/admin/mandatos/{id}/excluir", P, mandato_excluir)
        .admin_get("/admin/afastamentos/{id}", P, afastamento_pagina)
        .admin_post("/admin/afastamentos/{id}", P, afastamento_salvar)
        .admin_get("/admin/afastamentos/{id}/excluir", P, afastamento_confirmar)
        .admin_post("/admin/afastamentos/{id}/excluir", P, afastamento_excluir)
        .admin_post("/admin/filiacoes/{id}/encerrar", P, filiacao_encerrar)
        .admin_get("/admin/filiacoes/{id}/excluir", P, filiacao_confirmar)
        .admin_post("/admin/filiacoes/{id}/excluir", P, filiacao_excluir)
        .admin_get("/admin/redes-parlamentares/{id}/excluir", P, rede_confirmar)
        .admin_post("/admin/redes-parlamentares/{id}/excluir", P, rede_excluir)
        .admin_get("/admin/legislaturas", P, legislaturas)
        .admin_post("/admin/legislaturas", P, legislatura_criar)
        .admin_get("/admin/legislaturas/{id}", P, legislatura_pagina)
        .admin_post("/admin/legislaturas/{id}", P, legislatura_salvar)
        .admin_post("/admin/legislaturas/{id}/sessoes", P, sessao_criar)
        .admin_get("/admin/legislaturas/{id}/excluir", P, legislatura_confirmar)
        .admin_post("/admin/legislaturas/{id}/excluir", P, legislatura_excluir)
        .admin_get("/admin/sessoes-legislativas/{id}", P, sessao_pagina)
        .admin_post("/admin/sessoes-legislativas/{id}", P, sessao_salvar)
        .admin_get(
            "/admin/sessoes-legislativas/{id}/excluir",
            P,
            sessao_confirmar,
        )
        .admin_post(
            "/admin/sessoes-legislativas/{id}/excluir",
            P,
            sessao_excluir,
        )
        .admin_get("/admin/partidos", P, partidos)
        .admin_post("/admin/partidos", P, partido_criar)
        .admin_get("/admin/partidos/{id}", P, partido_pagina)
        .admin_post("/admin/partidos/{id}", P, partido_salvar)
        .admin_post("/admin/partidos/{id}/logo", P, logo_enviar.layer(limite()))
        .admin_get("/admin/partidos/{id}/remover-logo", P, logo_confirmar)
        .admin_post("/admin/partidos/{id}/remover-logo", P, logo_remover)
        .admin_get("/admin/partidos/{id}/excluir", P, partido_confirmar)
        .admin_post("/admin/partidos/{id}/excluir", P, partido_excluir)
}

// ---------------------------------------------------------------- helpers

/// Validation problems, each next to its field, and one general message.
#[derive(Debug, Default)]
pub(super) struct Erros {
    campos: Vec<(String, String)>,
    pub geral: Option<String>,
}

impl Erros {
    pub fn de(&self, campo: &str) -> Option<&str> {
        self.campos
            .iter()
            .find(|(c, _)| c == campo)
            .map(|(_, m)| m.as_str())
    }

    pub fn vazio(&self) -> bool {
        self.campos.is_empty() && self.geral.is_none()
    }

    pub fn todos(&self) -> Vec<&str> {
        self.campos.iter().map(|(_, m)| m.as_str()).collect()
    }

    fn push(&mut self, v: ValidationError) {
        self.campos.push((v.field.to_owned(), v.message));
    }

    fn de_lista(v: Vec<ValidationError>) -> Self {
        let mut e = Self::default();
        for x in v {
            e.push(x);
        }
        e
    }

    /// The store's refusal of the input, or the error itself when it is not about input.
    fn do_store(e: store::Error) -> Result<Self, WebError> {
        let mut out = Self::default();
        match e {
            store::Error::Validation(v) => out.push(v),
            store::Error::Conflict(m) | store::Error::NotFound(m) => out.geral = Some(m),
            e => return Err(e.into()),
        }
        Ok(out)
    }
}

/// dd/mm/aaaa → Date.
fn data(campo: &'static str, s: &str) -> Result<Date, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ValidationError::new(campo, "Informe a data (dd/mm/aaaa)."));
    }
    crate::kit::formato::ler_data(s).ok_or_else(|| {
        ValidationError::new(
            campo,
            format!("Data inválida: \"{s}\". Use o formato dd/mm/aaaa."),
        )
    })
}

fn data_opt(campo: &'static str, s: &str) -> Result<Option<Date>, ValidationError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        data(campo, s).map(Some)
    }
}

fn inteiro_opt(campo: &'static str, s: &str, msg: &str) -> Result<Option<i32>, ValidationError> {
    let s = s.trim().replace('.', "");
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i32>()
        .map(Some)
        .map_err(|_| ValidationError::new(campo, msg))
}

fn id_de(s: &str) -> Result<Uuid, WebError> {
    s.parse().map_err(|_| WebError::NotFound)
}

fn br_opt(d: Option<Date>) -> String {
    d.map(|d| d.br()).unwrap_or_default()
}

fn redirecionar(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn invalido(page: impl IntoResponse) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/confirmar.html")]
struct Confirmar {
    shell: Shell,
    titulo: String,
    texto: String,
    acao: String,
    botao: &'static str,
    voltar: String,
    erro: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn confirmar(
    current: &CurrentTenant,
    logado: &Logado,
    menu: &str,
    titulo: impl Into<String>,
    texto: impl Into<String>,
    acao: String,
    botao: &'static str,
    voltar: String,
) -> Confirmar {
    Confirmar {
        shell: Shell::new(current, logado, menu),
        titulo: titulo.into(),
        texto: texto.into(),
        acao,
        botao,
        voltar,
        erro: None,
    }
}

/// A refused destructive action: the confirmation page again, with the reason.
fn recusado(mut c: Confirmar, e: store::Error) -> Result<Response, WebError> {
    let erros = Erros::do_store(e)?;
    let todas: Vec<&str> = erros
        .geral
        .iter()
        .map(String::as_str)
        .chain(erros.todos())
        .collect();
    c.erro = Some(todas.join(" "));
    Ok((StatusCode::CONFLICT, c).into_response())
}

// ---------------------------------------------------------------- parlamentares: list

#[derive(Deserialize, Default)]
struct ListaQuery {
    q: Option<String>,
    ativo: Option<String>,
    legislatura: Option<String>,
    pagina: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/lista.html")]
struct ListaPage {
    shell: Shell,
    parlamentares: Vec<ParlamentarLinha>,
    legislaturas: Vec<Legislatura>,
    q: String,
    ativo: String,
    legislatura: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    query_base: String,
}

async fn lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<ListaQuery>,
) -> Result<ListaPage, WebError> {
    let t = |o: &Option<String>| o.as_deref().map(str::trim).unwrap_or("").to_owned();
    let (busca, ativo, legislatura) = (t(&q.q), t(&q.ativo), t(&q.legislatura));
    let filtro = parl::FiltroParlamentares {
        busca: (!busca.is_empty()).then(|| busca.clone()),
        ativo: match ativo.as_str() {
            "sim" => Some(true),
            "nao" => Some(false),
            _ => None,
        },
        legislatura: legislatura.parse().ok(),
    };
    let hoje = store::camara::hoje(&mut tx).await?;
    let pagina = q.pagina.unwrap_or(1).max(1);
    let (parlamentares, total) = parl::listar_admin(
        &mut tx,
        &filtro,
        hoje,
        POR_PAGINA,
        (pagina - 1) * POR_PAGINA,
    )
    .await?;
    let legislaturas = parl::legislaturas(&mut tx, None, 200).await?;
    let query_base: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &busca)
        .append_pair("ativo", &ativo)
        .append_pair("legislatura", &legislatura)
        .finish();
    Ok(ListaPage {
        shell: Shell::new(&current, &logado, "/admin/parlamentares"),
        parlamentares,
        legislaturas,
        q: busca,
        ativo,
        legislatura,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        query_base,
    })
}

// ---------------------------------------------------------------- parlamentares: form

/// The parlamentar form as typed.
#[derive(Debug, Clone, Default)]
struct FormParlamentar {
    nome_civil: String,
    nome_parlamentar: String,
    biografia: String,
    email: String,
    telefone: String,
    cpf: String,
    remover_cpf: bool,
    gabinete_sala: String,
    gabinete_telefone: String,
}

impl FormParlamentar {
    fn de(p: &ParlamentarAdmin) -> Self {
        Self {
            nome_civil: p.nome_civil.clone(),
            nome_parlamentar: p.nome_parlamentar.clone(),
            biografia: p.biografia.clone(),
            email: p.email.clone(),
            telefone: p.telefone.clone(),
            cpf: String::new(),
            remover_cpf: false,
            gabinete_sala: p.gabinete_sala.clone(),
            gabinete_telefone: p.gabinete_telefone.clone(),
        }
    }

    fn dados(&self, editando: bool) -> DadosParlamentar {
        let cpf = self.cpf.trim();
        DadosParlamentar {
            nome_civil: self.nome_civil.clone(),
            nome_parlamentar: self.nome_parlamentar.clone(),
            biografia: self.biografia.clone(),
            email: self.email.clone(),
            telefone: self.telefone.clone(),
            cpf: if !cpf.is_empty() {
                Some(cpf.to_owned())
            } else if editando && self.remover_cpf {
                Some(String::new())
            } else {
                None
            },
            gabinete_sala: self.gabinete_sala.clone(),
            gabinete_telefone: self.gabinete_telefone.clone(),
        }
    }
}

/// A multipart form: its text fields and the photo's bytes.
async fn ler_multipart(
    mut mp: Multipart,
    arquivo: &'static str,
) -> Result<(HashMap<String, String>, Option<Vec<u8>>), ValidationError> {
    let mut campos = HashMap::new();
    let mut dados = None;
    let erro = |e: axum::extract::multipart::MultipartError| {
        ValidationError::new(
            arquivo,
            crate::http::corpo::erro_multipart(
                &e,
                "O arquivo deve ter no máximo 5 MB; reduza-o e envie de novo.",
            ),
        )
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(erro(e)),
        };
        let nome = field.name().unwrap_or_default().to_owned();
        if nome == arquivo {
            let b = field.bytes().await.map_err(erro)?;
            if !b.is_empty() {
                dados = Some(b.to_vec());
            }
        } else {
            let bytes = field.bytes().await.map_err(erro)?;
            let v = crate::http::corpo::texto_do_campo(&bytes)
                .map_err(|m| ValidationError::new("dados", m))?;
            campos.insert(nome, v);
        }
    }
    Ok((campos, dados))
}

fn form_de_campos(c: &HashMap<String, String>) -> FormParlamentar {
    let g = |k: &str| c.get(k).cloned().unwrap_or_default();
    FormParlamentar {
        nome_civil: g("nome_civil"),
        nome_parlamentar: g("nome_parlamentar"),
        biografia: g("biografia"),
        email: g("email"),
        telefone: g("telefone"),
        cpf: g("cpf"),
        remover_cpf: c.contains_key("remover_cpf"),
        gabinete_sala: g("gabinete_sala"),
        gabinete_telefone: g("gabinete_telefone"),
    }
}

/// Checks and re-encodes an uploaded photo off the async threads.
async fn processar_foto(dados: Vec<u8>) -> Result<Vec<u8>, ValidationError> {
    match tokio::task::spawn_blocking(move || parl::processar_foto(&dados)).await {
        Ok(r) => r,
        Err(_) => Err(ValidationError::new(
            "foto",
            "Não foi possível ler a imagem enviada.",
        )),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/novo.html")]
struct NovoPage {
    shell: Shell,
    f: FormParlamentar,
    erros: Erros,
    cpf_mascarado: Option<String>,
    foto: Option<String>,
    acao: String,
}

async fn novo(current: CurrentTenant, logado: Logado) -> NovoPage {
    NovoPage {
        acao: format!("/admin/parlamentares?_csrf={}", logado.sessao.csrf),
        shell: Shell::new(&current, &logado, "/admin/parlamentares"),
        f: FormParlamentar::default(),
        erros: Erros::default(),
        cpf_mascarado: None,
        foto: None,
    }
}

async fn criar(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    crate::http::corpo::Envio(mp): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let page = |f: FormParlamentar, erros: Erros| {
        invalido(NovoPage {
            acao: format!("/admin/parlamentares?_csrf={}", logado.sessao.csrf),
            shell: Shell::new(&current, &logado, "/admin/parlamentares"),
            f,
            erros,
            cpf_mascarado: None,
            foto: None,
        })
    };
    let (campos, arquivo) = match ler_multipart(mp, "foto").await {
        Ok(x) => x,
        Err(v) => return Ok(page(FormParlamentar::default(), Erros::de_lista(vec![v]))),
    };
    let mut f = form_de_campos(&campos);
    let dados = f.dados(false);
    let mut erros = dados.validar().err().unwrap_or_default();
    let foto = match arquivo {
        Some(a) => match processar_foto(a).await {
            Ok(j) => Some(j),
            Err(v) => {
                erros.push(v);
                None
            }
        },
        None => None,
    };
    if !erros.is_empty() {
        f.cpf.clear();
        return Ok(page(f, Erros::de_lista(erros)));
    }
    let criado = parl::criar_parlamentar_dados(&mut tx, &logado.autor, &dados).await;
    let id = match criado {
        Ok((id, _)) => id,
        Err(e) => {
            f.cpf.clear();
            return Ok(page(f, Erros::do_store(e)?));
        }
    };
    if let Some(j) = foto {
        parl::definir_foto(&mut tx, &logado.autor, state.store.arquivos(), id, j).await?;
    }
    tx.commit().await?;
    Ok(redirecionar(&format!("/admin/parlamentares/{id}?salvo=1")))
}

// ---------------------------------------------------------------- parlamentares: page

#[derive(Debug, Clone, Default, Deserialize)]
struct FormMandato {
    #[serde(default)]
    legislatura: String,
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    votos: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
}

impl FormMandato {
    fn de(m: &Mandato) -> Self {
        Self {
            legislatura: m.legislatura_id.to_string(),
            tipo: m.tipo.clone(),
            votos: m.votos.map(|v| v.to_string()).unwrap_or_default(),
            inicio: m.inicio.br(),
            fim: m.fim.br(),
        }
    }

    fn validar(&self) -> Result<DadosMandato, Vec<ValidationError>> {
        let mut erros = Vec::new();
        let legislatura = self.legislatura.parse::<Uuid>().unwrap_or_else(|_| {
            erros.push(ValidationError::new(
                "legislatura",
                "Escolha a legislatura.",
            ));
            Uuid::nil()
        });
        let titular = match self.tipo.as_str() {
            "titular" => true,
            "suplente" => false,
            _ => {
                erros.push(ValidationError::new("tipo", "Escolha titular ou suplente."));
                true
            }
        };
        let votos = inteiro_opt("votos", &self.votos, "Votos: informe um número inteiro.")
            .unwrap_or_else(|e| {
                erros.push(e);
                None
            });
        let inicio = data("inicio", &self.inicio).map_err(|e| erros.push(e)).ok();
        let fim = data("fim", &self.fim).map_err(|e| erros.push(e)).ok();
        match (inicio, fim) {
            (Some(inicio), Some(fim)) if erros.is_empty() => Ok(DadosMandato {
                legislatura,
                titular,
                votos,
                inicio,
                fim,
            }),
            _ => Err(erros),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
struct FormFiliacao {
    #[serde(default)]
    partido: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct FormRede {
    #[serde(default)]
    rede: String,
    #[serde(default)]
    url: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/pagina.html")]
struct Pagina {
    shell: Shell,
    p: ParlamentarAdmin,
    f: FormParlamentar,
    erros: Erros,
    cpf_mascarado: Option<String>,
    foto: Option<String>,
    acao: String,
    salvo: bool,
    mandatos: Vec<Mandato>,
    filiacoes: Vec<Filiacao>,
    redes: Vec<RedeParlamentar>,
    legislaturas: Vec<Legislatura>,
    partidos: Vec<Partido>,
    redes_opcoes: &'static [(&'static str, &'static str)],
    fm: FormMandato,
    erros_mandato: Erros,
    ff: FormFiliacao,
    erros_filiacao: Erros,
    fr: FormRede,
    erros_rede: Erros,
    hoje: String,
}

async fn montar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<Pagina, WebError> {
    let p = parl::parlamentar_admin(tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let hoje = store::camara::hoje(tx).await?;
    let legislaturas = parl::legislaturas(tx, None, 200).await?;
    let atual = parl::legislatura_atual(tx, hoje).await?;
    Ok(Pagina {
        shell: Shell::new(current, logado, "/admin/parlamentares"),
        f: FormParlamentar::de(&p),
        erros: Erros::default(),
        cpf_mascarado: p.cpf.as_deref().map(domain::documentos::mascarar_cpf),
        foto: p.foto(),
        acao: format!("/admin/parlamentares/{}?_csrf={}", p.id, logado.sessao.csrf),
        salvo: false,
        mandatos: parl::mandatos_de(tx, id).await?,
        filiacoes: parl::filiacoes_de(tx, id).await?,
        redes: parl::redes(tx, id).await?,
        partidos: parl::partidos(tx, None, 200).await?,
        redes_opcoes: parl::REDES,
        fm: FormMandato {
            legislatura: atual.as_ref().map(|l| l.id.to_string()).unwrap_or_default(),
            tipo: "titular".into(),
            votos: String::new(),
            inicio: atual.as_ref().map(|l| l.inicio.br()).unwrap_or_default(),
            fim: atual.as_ref().map(|l| l.fim.br()).unwrap_or_default(),
        },
        legislaturas,
        erros_mandato: Erros::default(),
        ff: FormFiliacao::default(),
        erros_filiacao: Erros::default(),
        fr: FormRede {
            rede: "instagram".into(),
            url: String::new(),
        },
        erros_rede: Erros::default(),
        hoje: hoje.br(),
        p,
    })
}

#[derive(Deserialize)]
struct SalvoQuery {
    salvo: Option<String>,
}

async fn pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Query(q): Query<SalvoQuery>,
) -> Result<Pagina, WebError> {
    let mut page = montar(&mut tx, &current, &logado, id_de(&id)?).await?;
    page.salvo = q.salvo.is_some();
    Ok(page)
}

async fn salvar(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mp): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (campos, arquivo) = match ler_multipart(mp, "foto").await {
        Ok(x) => x,
        Err(v) => {
            let mut page = montar(&mut tx, &current, &logado, id).await?;
            page.erros = Erros::de_lista(vec![v]);
            return Ok(invalido(page));
        }
    };
    let mut f = form_de_campos(&campos);
    let dados = f.dados(true);
    let mut erros = dados.validar().err().unwrap_or_default();
    let foto = match arquivo {
        Some(a) => match processar_foto(a).await {
            Ok(j) => Some(j),
            Err(v) => {
                erros.push(v);
                None
            }
        },
        None => None,
    };
    let resultado = if erros.is_empty() {
        tx.tentar(async |tx| parl::editar_parlamentar(tx, &logado.autor, id, &dados).await)
            .await
    } else {
        Err(store::Error::Validation(erros.remove(0)))
    };
    match resultado {
        Ok(()) => {
            if let Some(j) = foto {
                parl::definir_foto(&mut tx, &logado.autor, state.store.arquivos(), id, j).await?;
            }
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/parlamentares/{id}?salvo=1")))
        }
        Err(e) => {
            let mut page = montar(&mut tx, &current, &logado, id).await?;
            let mut todos = Erros::do_store(e)?;
            for v in erros {
                todos.push(v);
            }
            f.cpf.clear();
            page.f = f;
            page.erros = todos;
            Ok(invalido(page))
        }
    }
}

async fn mandato_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(fm): Form<FormMandato>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match fm.validar() {
        Ok(d) => tx
            .tentar(async |tx| {
                parl::criar_mandato(
                    tx,
                    &logado.autor,
                    id,
                    d.legislatura,
                    d.titular,
                    d.votos,
                    d.inicio,
                    d.fim,
                )
                .await
            })
            .await
            .map(|_| ())
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/parlamentares/{id}#mandatos")))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar(&mut tx, &current, &logado, id).await?;
            page.fm = fm;
            page.erros_mandato = erros;
            Ok(invalido(page))
        }
    }
}

async fn filiacao_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(ff): Form<FormFiliacao>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut v = Vec::new();
    let partido = ff.partido.parse::<Uuid>().map_err(|_| {
        v.push(ValidationError::new("partido", "Escolha o partido."));
    });
    let inicio = data("inicio", &ff.inicio).map_err(|e| v.push(e));
    let fim = data_opt("fim", &ff.fim).map_err(|e| v.push(e));
    let r = match (partido, inicio, fim) {
        (Ok(pa), Ok(i), Ok(f)) => tx
            .tentar(async |tx| parl::filiar(tx, &logado.autor, id, pa, i, f).await)
            .await
            .map(|_| ())
            .map_err(Erros::do_store),
        _ => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/parlamentares/{id}#filiacoes"
            )))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar(&mut tx, &current, &logado, id).await?;
            page.ff = ff;
            page.erros_filiacao = erros;
            Ok(invalido(page))
        }
    }
}

async fn rede_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(fr): Form<FormRede>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::parlamentar_admin(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    match tx
        .tentar(async |tx| parl::adicionar_rede(tx, &logado.autor, id, &fr.rede, &fr.url).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/parlamentares/{id}#redes")))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            let mut page = montar(&mut tx, &current, &logado, id).await?;
            page.fr = fr;
            page.erros_rede = erros;
            Ok(invalido(page))
        }
    }
}

fn acao_parlamentar(acao: &str) -> Option<(&'static str, &'static str)> {
    match acao {
        "excluir" => Some(("Excluir parlamentar", "Excluir")),
        "desativar" => Some(("Desativar parlamentar", "Desativar")),
        "reativar" => Some(("Reativar parlamentar", "Reativar")),
        "remover-foto" => Some(("Remover foto", "Remover")),
        _ => None,
    }
}

async fn confirmar_parlamentar(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
    acao: &str,
) -> Result<(Uuid, Confirmar), WebError> {
    let (titulo, botao) = acao_parlamentar(acao).ok_or(WebError::NotFound)?;
    let id = id_de(id)?;
    let p = parl::parlamentar_admin(tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let nome = &p.nome_parlamentar;
    let texto = match acao {
        "excluir" => format!(
            "{nome} será excluído(a) com filiações e redes sociais. Só é possível excluir quem não tem mandatos; quem tem deve ser desativado."
        ),
        "desativar" => {
            format!("{nome} deixará de aparecer nas listas públicas; o histórico é mantido.")
        }
        "reativar" => format!("{nome} voltará a aparecer nas listas públicas."),
        _ => format!("A foto de {nome} será removida do portal."),
    };
    Ok((
        id,
        confirmar(
            current,
            logado,
            "/admin/parlamentares",
            titulo,
            texto,
            format!("/admin/parlamentares/{id}/{acao}"),
            botao,
            format!("/admin/parlamentares/{id}"),
        ),
    ))
}

async fn parlamentar_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path((id, acao)): Path<(String, String)>,
) -> Result<Confirmar, WebError> {
    Ok(
        confirmar_parlamentar(&mut tx, &current, &logado, &id, &acao)
            .await?
            .1,
    )
}

async fn parlamentar_acao(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path((id, acao)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (id, c) = confirmar_parlamentar(&mut tx, &current, &logado, &id, &acao).await?;
    let r = match acao.as_str() {
        "excluir" => parl::excluir_parlamentar(&mut tx, &logado.autor, id).await,
        "desativar" => parl::definir_ativo_parlamentar(&mut tx, &logado.autor, id, false).await,
        "reativar" => parl::definir_ativo_parlamentar(&mut tx, &logado.autor, id, true).await,
        _ => parl::remover_foto(&mut tx, &logado.autor, id).await,
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(
                if acao == "excluir" {
                    "/admin/parlamentares".to_owned()
                } else {
                    format!("/admin/parlamentares/{id}?salvo=1")
                }
                .as_str(),
            ))
        }
        Err(e) => recusado(c, e),
    }
}

// ---------------------------------------------------------------- mandatos and afastamentos

#[derive(Debug, Clone, Default, Deserialize)]
struct FormAfastamento {
    #[serde(default)]
    tipo: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
    #[serde(default)]
    suplente: String,
    #[serde(default)]
    observacao: String,
}

impl FormAfastamento {
    fn de(a: &Afastamento) -> Self {
        Self {
            tipo: a.tipo.clone(),
            inicio: a.inicio.br(),
            fim: br_opt(a.fim),
            suplente: a.suplente_id.map(|s| s.to_string()).unwrap_or_default(),
            observacao: a.observacao.clone(),
        }
    }

    fn validar(&self) -> Result<DadosAfastamento, Vec<ValidationError>> {
        let mut erros = Vec::new();
        let inicio = data("inicio", &self.inicio).map_err(|e| erros.push(e)).ok();
        let fim = data_opt("fim", &self.fim).unwrap_or_else(|e| {
            erros.push(e);
            None
        });
        let suplente = match self.suplente.trim() {
            "" => None,
            s => s.parse::<Uuid>().map(Some).unwrap_or_else(|_| {
                erros.push(ValidationError::new("suplente", "Suplente inválido."));
                None
            }),
        };
        match inicio {
            Some(inicio) if erros.is_empty() => Ok(DadosAfastamento {
                tipo: self.tipo.clone(),
                inicio,
                fim,
                suplente,
                observacao: self.observacao.clone(),
            }),
            _ => Err(erros),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/mandato.html")]
struct MandatoPage {
    shell: Shell,
    m: Mandato,
    parlamentar: String,
    legislaturas: Vec<Legislatura>,
    opcoes: Vec<(Uuid, String)>,
    tipos: &'static [(&'static str, &'static str)],
    fm: FormMandato,
    erros: Erros,
    fim: String,
    erros_encerrar: Erros,
    fa: FormAfastamento,
    erros_afastamento: Erros,
    acao_afastamento: String,
}

async fn montar_mandato(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<MandatoPage, WebError> {
    let m = parl::mandato(tx, id).await?.ok_or(WebError::NotFound)?;
    let p = parl::parlamentar_admin(tx, m.parlamentar_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let opcoes = parl::opcoes(tx)
        .await?
        .into_iter()
        .filter(|(i, _)| *i != p.id)
        .collect();
    Ok(MandatoPage {
        shell: Shell::new(current, logado, "/admin/parlamentares"),
        parlamentar: p.nome_parlamentar,
        legislaturas: parl::legislaturas(tx, None, 200).await?,
        opcoes,
        tipos: parl::TIPOS_AFASTAMENTO,
        fm: FormMandato::de(&m),
        erros: Erros::default(),
        fim: m.fim.br(),
        erros_encerrar: Erros::default(),
        fa: FormAfastamento {
            tipo: "licenca_saude".into(),
            ..Default::default()
        },
        erros_afastamento: Erros::default(),
        acao_afastamento: format!("/admin/mandatos/{}/afastamentos", m.id),
        m,
    })
}

async fn mandato_pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<MandatoPage, WebError> {
    montar_mandato(&mut tx, &current, &logado, id_de(&id)?).await
}

async fn mandato_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(fm): Form<FormMandato>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let m = parl::mandato(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match fm.validar() {
        Ok(d) => tx
            .tentar(async |tx| parl::editar_mandato(tx, &logado.autor, id, &d).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/parlamentares/{}#mandatos",
                m.parlamentar_id
            )))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_mandato(&mut tx, &current, &logado, id).await?;
            page.fm = fm;
            page.erros = erros;
            Ok(invalido(page))
        }
    }
}

#[derive(Deserialize)]
struct FormFim {
    #[serde(default)]
    fim: String,
}

async fn mandato_encerrar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<FormFim>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let m = parl::mandato(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match data("fim", &f.fim) {
        Ok(fim) => tx
            .tentar(async |tx| parl::encerrar_mandato(tx, &logado.autor, id, fim).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(vec![v]))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/parlamentares/{}#mandatos",
                m.parlamentar_id
            )))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_mandato(&mut tx, &current, &logado, id).await?;
            page.fim = f.fim;
            page.erros_encerrar = erros;
            Ok(invalido(page))
        }
    }
}

async fn afastamento_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(fa): Form<FormAfastamento>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::mandato(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match fa.validar() {
        Ok(d) => tx
            .tentar(async |tx| parl::criar_afastamento(tx, &logado.autor, id, &d).await)
            .await
            .map(|_| ())
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/mandatos/{id}#afastamentos")))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_mandato(&mut tx, &current, &logado, id).await?;
            page.fa = fa;
            page.erros_afastamento = erros;
            Ok(invalido(page))
        }
    }
}

async fn confirmar_mandato(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(Mandato, Confirmar), WebError> {
    let m = parl::mandato(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/parlamentares",
        "Excluir mandato",
        format!(
            "O mandato de {} a {} ({}ª legislatura) será excluído com seus afastamentos. Para registrar o fim antecipado de um mandato, use \"Encerrar mandato\".",
            m.inicio.br(),
            m.fim.br(),
            m.legislatura_numero
        ),
        format!("/admin/mandatos/{}/excluir", m.id),
        "Excluir",
        format!("/admin/mandatos/{}", m.id),
    );
    Ok((m, c))
}

async fn mandato_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_mandato(&mut tx, &current, &logado, &id).await?.1)
}

async fn mandato_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (m, c) = confirmar_mandato(&mut tx, &current, &logado, &id).await?;
    match parl::excluir_mandato(&mut tx, &logado.autor, m.id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/parlamentares/{}#mandatos",
                m.parlamentar_id
            )))
        }
        Err(e) => recusado(c, e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/afastamento.html")]
struct AfastamentoPage {
    shell: Shell,
    a: Afastamento,
    opcoes: Vec<(Uuid, String)>,
    tipos: &'static [(&'static str, &'static str)],
    fa: FormAfastamento,
    erros: Erros,
    acao_afastamento: String,
}

async fn montar_afastamento(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<AfastamentoPage, WebError> {
    let a = parl::afastamento(tx, id).await?.ok_or(WebError::NotFound)?;
    let m = parl::mandato(tx, a.mandato_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let opcoes = parl::opcoes(tx)
        .await?
        .into_iter()
        .filter(|(i, _)| *i != m.parlamentar_id)
        .collect();
    Ok(AfastamentoPage {
        shell: Shell::new(current, logado, "/admin/parlamentares"),
        opcoes,
        tipos: parl::TIPOS_AFASTAMENTO,
        fa: FormAfastamento::de(&a),
        erros: Erros::default(),
        acao_afastamento: format!("/admin/afastamentos/{}", a.id),
        a,
    })
}

async fn afastamento_pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<AfastamentoPage, WebError> {
    montar_afastamento(&mut tx, &current, &logado, id_de(&id)?).await
}

async fn afastamento_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(fa): Form<FormAfastamento>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let a = parl::afastamento(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match fa.validar() {
        Ok(d) => tx
            .tentar(async |tx| parl::editar_afastamento(tx, &logado.autor, id, &d).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/mandatos/{}#afastamentos",
                a.mandato_id
            )))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_afastamento(&mut tx, &current, &logado, id).await?;
            page.fa = fa;
            page.erros = erros;
            Ok(invalido(page))
        }
    }
}

async fn confirmar_afastamento(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(Afastamento, Confirmar), WebError> {
    let a = parl::afastamento(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/parlamentares",
        "Excluir afastamento",
        format!(
            "O afastamento ({}) iniciado em {} será excluído.",
            a.tipo_label(),
            a.inicio.br()
        ),
        format!("/admin/afastamentos/{}/excluir", a.id),
        "Excluir",
        format!("/admin/mandatos/{}", a.mandato_id),
    );
    Ok((a, c))
}

async fn afastamento_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_afastamento(&mut tx, &current, &logado, &id)
        .await?
        .1)
}

async fn afastamento_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (a, c) = confirmar_afastamento(&mut tx, &current, &logado, &id).await?;
    match parl::excluir_afastamento(&mut tx, &logado.autor, a.id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/mandatos/{}#afastamentos",
                a.mandato_id
            )))
        }
        Err(e) => recusado(c, e),
    }
}

// ---------------------------------------------------------------- filiações and redes

async fn filiacao_encerrar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<FormFim>,
) -> Result<Response, WebError> {
    let fi = parl::filiacao(&mut tx, id_de(&id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match data("fim", &f.fim) {
        Ok(fim) => tx
            .tentar(async |tx| parl::encerrar_filiacao(tx, &logado.autor, fi.id, fim).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(vec![v]))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/parlamentares/{}#filiacoes",
                fi.parlamentar_id
            )))
        }
        Err(e) => {
            let mut erros = e?;
            let mut page = montar(&mut tx, &current, &logado, fi.parlamentar_id).await?;
            if erros.geral.is_none() {
                erros.geral = Some(format!(
                    "Desfiliação do {}: {}",
                    fi.sigla,
                    erros.todos().join(" ")
                ));
            }
            page.erros_filiacao = erros;
            Ok(invalido(page))
        }
    }
}

async fn confirmar_filiacao(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(Filiacao, Confirmar), WebError> {
    let f = parl::filiacao(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/parlamentares",
        "Excluir filiação",
        format!(
            "A filiação ao {} iniciada em {} será excluída do histórico. Para registrar a desfiliação, use \"Encerrar\".",
            f.sigla,
            f.inicio.br()
        ),
        format!("/admin/filiacoes/{}/excluir", f.id),
        "Excluir",
        format!("/admin/parlamentares/{}", f.parlamentar_id),
    );
    Ok((f, c))
}

async fn filiacao_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_filiacao(&mut tx, &current, &logado, &id).await?.1)
}

async fn filiacao_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (f, c) = confirmar_filiacao(&mut tx, &current, &logado, &id).await?;
    match parl::excluir_filiacao(&mut tx, &logado.autor, f.id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/parlamentares/{}#filiacoes",
                f.parlamentar_id
            )))
        }
        Err(e) => recusado(c, e),
    }
}

async fn confirmar_rede(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(Uuid, Uuid, Confirmar), WebError> {
    let (p, r) = parl::rede(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/parlamentares",
        "Remover rede social",
        format!("O endereço {} ({}) será removido.", r.url, r.label()),
        format!("/admin/redes-parlamentares/{}/excluir", r.id),
        "Remover",
        format!("/admin/parlamentares/{p}"),
    );
    Ok((p, r.id, c))
}

async fn rede_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_rede(&mut tx, &current, &logado, &id).await?.2)
}

async fn rede_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (p, r, c) = confirmar_rede(&mut tx, &current, &logado, &id).await?;
    match parl::remover_rede(&mut tx, &logado.autor, r).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/parlamentares/{p}#redes")))
        }
        Err(e) => recusado(c, e),
    }
}

// ---------------------------------------------------------------- legislaturas

#[derive(Debug, Clone, Default, Deserialize)]
struct FormPeriodo {
    #[serde(default)]
    numero: String,
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    fim: String,
}

impl FormPeriodo {
    fn de(numero: i32, inicio: Date, fim: Date) -> Self {
        Self {
            numero: numero.to_string(),
            inicio: inicio.br(),
            fim: fim.br(),
        }
    }

    fn validar(&self) -> Result<(i32, Date, Date), Vec<ValidationError>> {
        let mut erros = Vec::new();
        let numero = match self.numero.trim().parse::<i32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                erros.push(ValidationError::new(
                    "numero",
                    "Informe o número (inteiro positivo).",
                ));
                None
            }
        };
        let inicio = data("inicio", &self.inicio).map_err(|e| erros.push(e)).ok();
        let fim = data("fim", &self.fim).map_err(|e| erros.push(e)).ok();
        match (numero, inicio, fim) {
            (Some(n), Some(i), Some(f)) if erros.is_empty() => Ok((n, i, f)),
            _ => Err(erros),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/legislaturas.html")]
struct LegislaturasPage {
    shell: Shell,
    legislaturas: Vec<LegislaturaResumo>,
    f: FormPeriodo,
    erros: Erros,
}

async fn montar_legislaturas(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
) -> Result<LegislaturasPage, WebError> {
    Ok(LegislaturasPage {
        shell: Shell::new(current, logado, "/admin/legislaturas"),
        legislaturas: parl::legislaturas_resumo(tx).await?,
        f: FormPeriodo::default(),
        erros: Erros::default(),
    })
}

async fn legislaturas(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
) -> Result<LegislaturasPage, WebError> {
    montar_legislaturas(&mut tx, &current, &logado).await
}

async fn legislatura_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<FormPeriodo>,
) -> Result<Response, WebError> {
    let r = match f.validar() {
        Ok((n, i, fim)) => tx
            .tentar(async |tx| parl::criar_legislatura(tx, &logado.autor, n, i, fim).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(l) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/legislaturas/{}", l.id)))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_legislaturas(&mut tx, &current, &logado).await?;
            page.f = f;
            page.erros = erros;
            Ok(invalido(page))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/legislatura.html")]
struct LegislaturaPage {
    shell: Shell,
    l: Legislatura,
    sessoes: Vec<SessaoLegislativa>,
    f: FormPeriodo,
    erros: Erros,
    fs: FormPeriodo,
    erros_sessao: Erros,
}

async fn montar_legislatura(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<LegislaturaPage, WebError> {
    let l = parl::legislatura(tx, id).await?.ok_or(WebError::NotFound)?;
    let sessoes = parl::sessoes_legislativas(tx, id).await?;
    let proxima = sessoes.last().map(|s| s.numero + 1).unwrap_or(1);
    Ok(LegislaturaPage {
        shell: Shell::new(current, logado, "/admin/legislaturas"),
        f: FormPeriodo::de(l.numero, l.inicio, l.fim),
        erros: Erros::default(),
        fs: FormPeriodo {
            numero: proxima.to_string(),
            ..Default::default()
        },
        erros_sessao: Erros::default(),
        sessoes,
        l,
    })
}

async fn legislatura_pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<LegislaturaPage, WebError> {
    montar_legislatura(&mut tx, &current, &logado, id_de(&id)?).await
}

async fn legislatura_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<FormPeriodo>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::legislatura(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match f.validar() {
        Ok((n, i, fim)) => tx
            .tentar(async |tx| parl::editar_legislatura(tx, &logado.autor, id, n, i, fim).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/legislaturas"))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_legislatura(&mut tx, &current, &logado, id).await?;
            page.f = f;
            page.erros = erros;
            Ok(invalido(page))
        }
    }
}

async fn sessao_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(fs): Form<FormPeriodo>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::legislatura(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match fs.validar() {
        Ok((n, i, fim)) => tx
            .tentar(async |tx| {
                parl::criar_sessao_legislativa(tx, &logado.autor, id, n, i, fim).await
            })
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/legislaturas/{id}#sessoes")))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_legislatura(&mut tx, &current, &logado, id).await?;
            page.fs = fs;
            page.erros_sessao = erros;
            Ok(invalido(page))
        }
    }
}

async fn confirmar_legislatura(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(Uuid, Confirmar), WebError> {
    let l = parl::legislatura(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/legislaturas",
        "Excluir legislatura",
        format!(
            "A {}ª legislatura ({} a {}) será excluída com suas sessões legislativas. Só é possível excluir uma legislatura sem mandatos.",
            l.numero,
            l.inicio.br(),
            l.fim.br()
        ),
        format!("/admin/legislaturas/{}/excluir", l.id),
        "Excluir",
        format!("/admin/legislaturas/{}", l.id),
    );
    Ok((l.id, c))
}

async fn legislatura_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_legislatura(&mut tx, &current, &logado, &id)
        .await?
        .1)
}

async fn legislatura_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (id, c) = confirmar_legislatura(&mut tx, &current, &logado, &id).await?;
    match parl::excluir_legislatura(&mut tx, &logado.autor, id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/legislaturas"))
        }
        Err(e) => recusado(c, e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/sessao_legislativa.html")]
struct SessaoPage {
    shell: Shell,
    s: SessaoLegislativa,
    legislatura: i32,
    f: FormPeriodo,
    erros: Erros,
}

async fn montar_sessao(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<SessaoPage, WebError> {
    let s = parl::sessao_legislativa(tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let l = parl::legislatura(tx, s.legislatura_id)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(SessaoPage {
        shell: Shell::new(current, logado, "/admin/legislaturas"),
        legislatura: l.numero,
        f: FormPeriodo::de(s.numero, s.inicio, s.fim),
        erros: Erros::default(),
        s,
    })
}

async fn sessao_pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<SessaoPage, WebError> {
    montar_sessao(&mut tx, &current, &logado, id_de(&id)?).await
}

async fn sessao_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<FormPeriodo>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let s = parl::sessao_legislativa(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match f.validar() {
        Ok((n, i, fim)) => tx
            .tentar(async |tx| {
                parl::editar_sessao_legislativa(tx, &logado.autor, id, n, i, fim).await
            })
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/legislaturas/{}#sessoes",
                s.legislatura_id
            )))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_sessao(&mut tx, &current, &logado, id).await?;
            page.f = f;
            page.erros = erros;
            Ok(invalido(page))
        }
    }
}

async fn confirmar_sessao(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(SessaoLegislativa, Confirmar), WebError> {
    let s = parl::sessao_legislativa(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/legislaturas",
        "Excluir sessão legislativa",
        format!(
            "A {}ª sessão legislativa ({} a {}) será excluída. Não é possível excluir uma sessão legislativa com Mesa Diretora ou sessões plenárias.",
            s.numero,
            s.inicio.br(),
            s.fim.br()
        ),
        format!("/admin/sessoes-legislativas/{}/excluir", s.id),
        "Excluir",
        format!("/admin/legislaturas/{}", s.legislatura_id),
    );
    Ok((s, c))
}

async fn sessao_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_sessao(&mut tx, &current, &logado, &id).await?.1)
}

async fn sessao_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (s, c) = confirmar_sessao(&mut tx, &current, &logado, &id).await?;
    match parl::excluir_sessao_legislativa(&mut tx, &logado.autor, s.id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/legislaturas/{}#sessoes",
                s.legislatura_id
            )))
        }
        Err(e) => recusado(c, e),
    }
}

// ---------------------------------------------------------------- partidos

#[derive(Debug, Clone, Default, Deserialize)]
struct FormPartido {
    #[serde(default)]
    sigla: String,
    #[serde(default)]
    nome: String,
    #[serde(default)]
    numero: String,
}

impl FormPartido {
    fn validar(&self) -> Result<(String, String, Option<i32>), Vec<ValidationError>> {
        match inteiro_opt(
            "numero",
            &self.numero,
            "O número eleitoral deve ser um inteiro de 10 a 99.",
        ) {
            Ok(n) => Ok((self.sigla.trim().to_owned(), self.nome.trim().to_owned(), n)),
            Err(e) => Err(vec![e]),
        }
    }
}

#[derive(Deserialize, Default)]
struct PartidosQuery {
    q: Option<String>,
    pagina: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/partidos.html")]
struct PartidosPage {
    shell: Shell,
    partidos: Vec<PartidoResumo>,
    q: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    f: FormPartido,
    erros: Erros,
}

async fn montar_partidos(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    q: &str,
    pagina: i64,
) -> Result<PartidosPage, WebError> {
    let pagina = pagina.max(1);
    let (partidos, total) =
        parl::partidos_admin(tx, Some(q), POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    Ok(PartidosPage {
        shell: Shell::new(current, logado, "/admin/partidos"),
        partidos,
        q: q.to_owned(),
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        f: FormPartido::default(),
        erros: Erros::default(),
    })
}

async fn partidos(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<PartidosQuery>,
) -> Result<PartidosPage, WebError> {
    let busca = q.q.as_deref().map(str::trim).unwrap_or("");
    montar_partidos(&mut tx, &current, &logado, busca, q.pagina.unwrap_or(1)).await
}

async fn partido_criar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Form(f): Form<FormPartido>,
) -> Result<Response, WebError> {
    let r = match f.validar() {
        Ok((s, n, num)) => tx
            .tentar(async |tx| parl::criar_partido(tx, &logado.autor, &s, &n, num).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/partidos"))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_partidos(&mut tx, &current, &logado, "", 1).await?;
            page.f = f;
            page.erros = erros;
            Ok(invalido(page))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/admin/partido.html")]
struct PartidoPage {
    shell: Shell,
    p: Partido,
    f: FormPartido,
    erros: Erros,
    erros_logo: Erros,
}

async fn montar_partido(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: Uuid,
) -> Result<PartidoPage, WebError> {
    let p = parl::partido(tx, id).await?.ok_or(WebError::NotFound)?;
    Ok(PartidoPage {
        shell: Shell::new(current, logado, "/admin/partidos"),
        f: FormPartido {
            sigla: p.sigla.clone(),
            nome: p.nome.clone(),
            numero: p.numero.map(|n| n.to_string()).unwrap_or_default(),
        },
        erros: Erros::default(),
        erros_logo: Erros::default(),
        p,
    })
}

async fn partido_pagina(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<PartidoPage, WebError> {
    montar_partido(&mut tx, &current, &logado, id_de(&id)?).await
}

async fn partido_salvar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Form(f): Form<FormPartido>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::partido(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let r = match f.validar() {
        Ok((s, n, num)) => tx
            .tentar(async |tx| parl::editar_partido(tx, &logado.autor, id, &s, &n, num).await)
            .await
            .map_err(Erros::do_store),
        Err(v) => Err(Ok(Erros::de_lista(v))),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/partidos"))
        }
        Err(e) => {
            let erros = e?;
            let mut page = montar_partido(&mut tx, &current, &logado, id).await?;
            page.f = f;
            page.erros = erros;
            Ok(invalido(page))
        }
    }
}

async fn logo_enviar(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    crate::http::corpo::Envio(mp): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    parl::partido(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let processado = match ler_multipart(mp, "logo").await {
        Ok((_, Some(d))) => {
            match tokio::task::spawn_blocking(move || {
                store::infra::arquivos::processar_imagem(&d, &parl::LOGO)
            })
            .await
            {
                Ok(r) => r,
                Err(_) => Err(ValidationError::new(
                    "logo",
                    "Não foi possível ler a imagem enviada.",
                )),
            }
        }
        Ok((_, None)) => Err(ValidationError::new(
            "logo",
            "Escolha o arquivo do logotipo.",
        )),
        Err(v) => Err(ValidationError::new("logo", v.message)),
    };
    match processado {
        Ok(png) => {
            parl::definir_logo_partido(&mut tx, &logado.autor, state.store.arquivos(), id, png)
                .await?;
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/partidos/{id}")))
        }
        Err(v) => {
            let mut page = montar_partido(&mut tx, &current, &logado, id).await?;
            page.erros_logo = Erros::de_lista(vec![v]);
            Ok(invalido(page))
        }
    }
}

async fn confirmar_partido(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(Uuid, Confirmar), WebError> {
    let p = parl::partido(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/partidos",
        "Excluir partido",
        format!(
            "O partido {} — {} será excluído. Só é possível excluir um partido sem filiações registradas.",
            p.sigla, p.nome
        ),
        format!("/admin/partidos/{}/excluir", p.id),
        "Excluir",
        format!("/admin/partidos/{}", p.id),
    );
    Ok((p.id, c))
}

async fn partido_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_partido(&mut tx, &current, &logado, &id).await?.1)
}

async fn partido_excluir(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (id, c) = confirmar_partido(&mut tx, &current, &logado, &id).await?;
    match parl::excluir_partido(&mut tx, &logado.autor, id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar("/admin/partidos"))
        }
        Err(e) => recusado(c, e),
    }
}

async fn confirmar_logo(
    tx: &mut TenantTx,
    current: &CurrentTenant,
    logado: &Logado,
    id: &str,
) -> Result<(Uuid, Confirmar), WebError> {
    let p = parl::partido(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = confirmar(
        current,
        logado,
        "/admin/partidos",
        "Remover logotipo",
        format!("O logotipo do {} deixará de aparecer no portal.", p.sigla),
        format!("/admin/partidos/{}/remover-logo", p.id),
        "Remover",
        format!("/admin/partidos/{}", p.id),
    );
    Ok((p.id, c))
}

async fn logo_confirmar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    Ok(confirmar_logo(&mut tx, &current, &logado, &id).await?.1)
}

async fn logo_remover(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (id, c) = confirmar_logo(&mut tx, &current, &logado, &id).await?;
    match parl::remover_logo_partido(&mut tx, &logado.autor, id).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/partidos/{id}")))
        }
        Err(e) => recusado(c, e),
    }
}
