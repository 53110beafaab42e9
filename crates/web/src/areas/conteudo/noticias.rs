//! Notícias: admin editing, public pages, RSS/Atom feeds, open data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::handler::Handler;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::ValidationError;
use domain::auth::Permissao;
use serde::Deserialize;
use store::TenantTx;
use store::conteudo::noticias::{
    self, CATEGORIAS, FiltroAdmin, Noticia, NoticiaDados, NoticiaForm, NoticiaPublica,
    NoticiaResumo, Publicacao,
};
use uuid::Uuid;

use crate::areas::dados_abertos::{self, ApiQuery, Consulta};
use crate::error::WebError;
use crate::http::auth::Logado;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::portal::Portal;
use crate::kit::shell::Shell;
use crate::routes::Routes;
use crate::state::AppState;

/// Notícias per page, public and admin.
const POR_PAGINA: i64 = 12;
/// Items in the feeds.
const NO_FEED: i64 = 20;
/// The multipart form's limit: the 5 MB image and the text around it.
const FORM_MAX: usize = 6 * 1024 * 1024;

pub fn routes() -> Routes {
    use Permissao::NoticiaPublicar as P;
    Routes::new()
        .get("/noticias", lista)
        .get("/noticias/feed.rss", feed_rss)
        .get("/noticias/feed.atom", feed_atom)
        .get("/noticias/{slug}", detalhe)
        .get("/noticias/{slug}/capa", capa_publica)
        .get("/api/v1/noticias", api)
        .admin_get("/admin/noticias", P, admin_lista)
        .admin_get("/admin/noticias/nova", P, admin_nova)
        .admin_post(
            "/admin/noticias",
            P,
            admin_criar.layer(DefaultBodyLimit::max(FORM_MAX)),
        )
        .admin_get("/admin/noticias/{id}", P, admin_editar)
        .admin_post(
            "/admin/noticias/{id}",
            P,
            admin_salvar.layer(DefaultBodyLimit::max(FORM_MAX)),
        )
        .admin_get("/admin/noticias/{id}/previa", P, admin_previa)
        .admin_get("/admin/noticias/{id}/capa", P, admin_capa)
        .admin_get("/admin/noticias/{id}/excluir", P, admin_confirmar_exclusao)
        .admin_post("/admin/noticias/{id}/excluir", P, admin_excluir)
}

// ---------------------------------------------------------------- public pages

#[derive(Deserialize, Default)]
struct ListaQuery {
    q: Option<String>,
    categoria: Option<String>,
    pagina: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/noticias/lista.html")]
struct Lista {
    portal: Portal,
    noticias: Vec<NoticiaResumo>,
    q: String,
    categoria: String,
    categorias: &'static [(&'static str, &'static str)],
    pagina: i64,
    paginas: i64,
    total: i64,
    /// The query string of the filters, for the pagination links.
    filtros: String,
}

async fn lista(
    State(state): State<AppState>,
    current: CurrentTenant,
    jar: CookieJar,
    Query(q): Query<ListaQuery>,
) -> Result<Lista, WebError> {
    // One statement to PostgreSQL (`store::conteudo::pagina_publica::noticias`).
    let busca = q.q.as_deref().unwrap_or("").trim().to_owned();
    let categoria = q
        .categoria
        .as_deref()
        .filter(|c| CATEGORIAS.iter().any(|(s, _)| s == c))
        .unwrap_or("")
        .to_owned();
    let pagina = q.pagina.unwrap_or(1).clamp(1, 10_000);
    let (store, b, c) = (&state.store, busca.as_str(), categoria.as_str());
    let lida = crate::http::tenant::ler(&state, &current, |t| async move {
        store::conteudo::pagina_publica::noticias(
            store,
            &t,
            b,
            c,
            POR_PAGINA,
            (pagina - 1) * POR_PAGINA,
        )
        .await
    })
    .await?;
    let portal = Portal::de(lida.identidade, &jar)?;
    let store::conteudo::pagina_publica::Noticias { noticias, total } = lida.dados;
    let filtros = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &busca)
        .append_pair("categoria", &categoria)
        .finish();
    Ok(Lista {
        portal,
        noticias,
        q: busca,
        categoria,
        categorias: CATEGORIAS,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        filtros,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/publico/noticias/detalhe.html")]
struct Detalhe {
    portal: Portal,
    n: NoticiaPublica,
    /// The body, Markdown rendered and sanitised.
    corpo: String,
    /// Where the cover image is served from (the admin's preview uses its own route).
    capa_src: Option<String>,
    /// Absolute URLs for the OpenGraph tags.
    og_url: String,
    og_imagem: Option<String>,
    previa: bool,
}

async fn detalhe(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(slug): Path<String>,
) -> Result<Detalhe, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let n = noticias::publicada_por_slug(&mut tx, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let base = crate::http::origem::da_camara(&state, &current);
    Ok(Detalhe {
        portal,
        corpo: domain::texto::markdown_seguro(&n.corpo),
        capa_src: n.capa_url(),
        og_url: format!("{base}{}", n.url()),
        og_imagem: n.capa_url().map(|c| format!("{base}{c}")),
        n,
        previa: false,
    })
}

/// A JPEG stored under the câmara's prefix.
async fn servir_jpeg(
    state: &AppState,
    current: &CurrentTenant,
    key: &str,
    privado: bool,
) -> Result<Response, WebError> {
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, key)
        .await?
        .ok_or(WebError::NotFound)?;
    let cache = if privado {
        "private, no-store"
    } else {
        "public, max-age=300"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// The cover image of a published notícia (drafts' and scheduled ones' are not served).
async fn capa_publica(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let key = noticias::capa_por_slug(&mut tx, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    servir_jpeg(&state, &current, &key, false).await
}

// ---------------------------------------------------------------- feeds

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

async fn feed_rss(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
) -> Result<Response, WebError> {
    let camara = store::camara::config(&mut tx)
        .await?
        .ok_or(WebError::NotFound)?;
    let lista = noticias::para_feed(&mut tx, NO_FEED).await?;
    tx.commit().await?;
    let base = crate::http::origem::da_camara(&state, &current);
    let items = lista
        .iter()
        .map(|n| {
            let link = format!("{base}{}", n.url());
            rss::Item {
                title: Some(n.titulo.clone()),
                link: Some(link.clone()),
                description: Some(if n.resumo.is_empty() {
                    domain::texto::markdown_seguro(&n.corpo)
                } else {
                    n.resumo.clone()
                }),
                guid: Some(rss::Guid {
                    value: link,
                    permalink: true,
                }),
                pub_date: n
                    .publicada_em
                    .format(&time::format_description::well_known::Rfc2822)
                    .ok(),
                categories: vec![rss::Category {
                    name: n.categoria_nome().to_owned(),
                    domain: None,
                }],
                ..Default::default()
            }
        })
        .collect();
    let canal = rss::Channel {
        title: format!("Notícias — {}", camara.nome),
        link: format!("{base}/noticias"),
        description: format!("Notícias da {}", camara.nome),
        language: Some("pt-BR".into()),
        last_build_date: lista.first().and_then(|n| {
            n.publicada_em
                .format(&time::format_description::well_known::Rfc2822)
                .ok()
        }),
        items,
        ..Default::default()
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/rss+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        domain::texto::para_xml(&canal.to_string()),
    )
        .into_response())
}

async fn feed_atom(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
) -> Result<Response, WebError> {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
    let camara = store::camara::config(&mut tx)
        .await?
        .ok_or(WebError::NotFound)?;
    let lista = noticias::para_feed(&mut tx, NO_FEED).await?;
    tx.commit().await?;
    let base = crate::http::origem::da_camara(&state, &current);
    let data = |t: time::OffsetDateTime| FixedDateTime::parse_from_rfc3339(&rfc3339(t)).ok();
    let link = |href: String, rel: &str| Link {
        href,
        rel: rel.into(),
        ..Default::default()
    };
    let entries: Vec<Entry> = lista
        .iter()
        .map(|n| {
            let url = format!("{base}{}", n.url());
            Entry {
                id: url.clone(),
                title: Text::plain(n.titulo.clone()),
                updated: data(n.atualizada_em).unwrap_or_default(),
                published: data(n.publicada_em),
                summary: (!n.resumo.is_empty()).then(|| Text::plain(n.resumo.clone())),
                content: Some(Content {
                    value: Some(domain::texto::markdown_seguro(&n.corpo)),
                    content_type: Some("html".into()),
                    ..Default::default()
                }),
                links: vec![link(url, "alternate")],
                categories: vec![atom_syndication::Category {
                    term: n.categoria.clone(),
                    label: Some(n.categoria_nome().to_owned()),
                    ..Default::default()
                }],
                ..Default::default()
            }
        })
        .collect();
    let atualizado = lista
        .iter()
        .map(|n| n.atualizada_em)
        .max()
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    let feed = Feed {
        id: format!("{base}/noticias/feed.atom"),
        title: Text::plain(format!("Notícias — {}", camara.nome)),
        updated: data(atualizado).unwrap_or_default(),
        authors: vec![Person {
            name: camara.nome.clone(),
            ..Default::default()
        }],
        links: vec![
            link(format!("{base}/noticias/feed.atom"), "self"),
            link(format!("{base}/noticias"), "alternate"),
        ],
        lang: Some("pt-BR".into()),
        entries,
        ..Default::default()
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        domain::texto::para_xml(&feed.to_string()),
    )
        .into_response())
}

// ---------------------------------------------------------------- open data

async fn api(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let depois = match consulta.cursor.as_deref() {
        None => None,
        Some(c) => match c.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => {
                return Ok(dados_abertos::problem(
                    StatusCode::BAD_REQUEST,
                    "O cursor informado é inválido.",
                ));
            }
        },
    };
    let lista = noticias::dados_abertos(&mut tx, depois, consulta.buscar()).await?;
    tx.commit().await?;
    let dados: Vec<NoticiaDados> = lista.into_iter().map(NoticiaDados::from).collect();
    dados_abertos::responder("noticias", &consulta, dados, |d| d.id.to_string())
}

// ---------------------------------------------------------------- admin

#[derive(Deserialize, Default)]
struct AdminQuery {
    q: Option<String>,
    situacao: Option<String>,
    pagina: Option<i64>,
    salvo: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/noticias/lista.html")]
struct AdminLista {
    shell: Shell,
    noticias: Vec<Noticia>,
    q: String,
    situacao: String,
    pagina: i64,
    paginas: i64,
    total: i64,
    filtros: String,
    salvo: bool,
}

async fn admin_lista(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Query(q): Query<AdminQuery>,
) -> Result<AdminLista, WebError> {
    let busca = q.q.as_deref().unwrap_or("").trim().to_owned();
    let situacao = q
        .situacao
        .as_deref()
        .filter(|s| ["rascunho", "agendada", "publicada"].contains(s))
        .unwrap_or("")
        .to_owned();
    let filtro = FiltroAdmin {
        busca: (!busca.is_empty()).then(|| busca.clone()),
        situacao: (!situacao.is_empty()).then(|| situacao.clone()),
    };
    let pagina = q.pagina.unwrap_or(1).clamp(1, 10_000);
    let (lista, total) =
        noticias::listar_admin(&mut tx, &filtro, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
    let filtros = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &busca)
        .append_pair("situacao", &situacao)
        .finish();
    Ok(AdminLista {
        shell: Shell::new(&current, &logado, "/admin/noticias"),
        noticias: lista,
        q: busca,
        situacao,
        pagina,
        paginas: ((total + POR_PAGINA - 1) / POR_PAGINA).max(1),
        total,
        filtros,
        salvo: q.salvo.is_some(),
    })
}

/// The form's fields as typed (or as stored).
#[derive(Debug, Clone, Default)]
struct Campos {
    titulo: String,
    slug: String,
    resumo: String,
    corpo: String,
    categoria: String,
    tags: String,
    capa_alt: String,
    /// dd/mm/aaaa and HH:MM of a scheduled publication.
    data: String,
    hora: String,
}

impl From<&Noticia> for Campos {
    fn from(n: &Noticia) -> Self {
        let (data, hora) = n
            .publicar_em_local
            .split_once(' ')
            .map(|(d, h)| (d.to_owned(), h.to_owned()))
            .unwrap_or_default();
        Self {
            titulo: n.titulo.clone(),
            slug: n.slug.clone(),
            resumo: n.resumo.clone(),
            corpo: n.corpo.clone(),
            categoria: n.categoria.clone(),
            tags: n.tags.join(", "),
            capa_alt: n.capa_alt.clone(),
            data,
            hora,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/noticias/form.html")]
struct FormPage {
    shell: Shell,
    /// None: a new notícia.
    noticia: Option<Noticia>,
    f: Campos,
    erros: Vec<ValidationError>,
    categorias: &'static [(&'static str, &'static str)],
    salvo: bool,
}

impl FormPage {
    /// The message for `campo`, if any (shown next to the field).
    fn erro(&self, campo: &str) -> String {
        self.erros
            .iter()
            .filter(|e| e.field == campo)
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn acao(&self) -> String {
        match &self.noticia {
            Some(n) => format!("/admin/noticias/{}?_csrf={}", n.id, self.shell.csrf),
            None => format!("/admin/noticias?_csrf={}", self.shell.csrf),
        }
    }
}

async fn admin_nova(current: CurrentTenant, logado: Logado) -> FormPage {
    FormPage {
        shell: Shell::new(&current, &logado, "/admin/noticias"),
        noticia: None,
        f: Campos {
            categoria: "institucional".into(),
            ..Campos::default()
        },
        erros: Vec::new(),
        categorias: CATEGORIAS,
        salvo: false,
    }
}

/// The notícia an id route names (404 for anything else, another câmara's ids included).
async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Noticia, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    noticias::por_id(tx, id).await?.ok_or(WebError::NotFound)
}

async fn admin_editar(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    Query(q): Query<AdminQuery>,
) -> Result<FormPage, WebError> {
    let n = alvo(&mut tx, &id).await?;
    Ok(FormPage {
        shell: Shell::new(&current, &logado, "/admin/noticias"),
        f: Campos::from(&n),
        noticia: Some(n),
        erros: Vec::new(),
        categorias: CATEGORIAS,
        salvo: q.salvo.is_some(),
    })
}

/// What the multipart form sent.
struct Envio {
    campos: Campos,
    /// "rascunho", "publicar" or "agendar".
    acao: String,
    remover_capa: bool,
    capa: Option<Vec<u8>>,
}

async fn ler_envio(mut multipart: Multipart) -> Result<Envio, ValidationError> {
    let mut e = Envio {
        campos: Campos::default(),
        acao: String::new(),
        remover_capa: false,
        capa: None,
    };
    let erro = |e: axum::extract::multipart::MultipartError| {
        ValidationError::new(
            "capa",
            crate::http::corpo::erro_multipart(
                &e,
                "O formulário é grande demais (a capa vai até 5 MB).",
            ),
        )
    };
    while let Some(field) = multipart.next_field().await.map_err(erro)? {
        let nome = field.name().unwrap_or_default().to_owned();
        if nome == "capa" {
            let dados = field.bytes().await.map_err(erro)?;
            if !dados.is_empty() {
                e.capa = Some(dados.to_vec());
            }
            continue;
        }
        let bytes = field.bytes().await.map_err(erro)?;
        let valor = crate::http::corpo::texto_do_campo(&bytes)
            .map_err(|m| ValidationError::new("dados", m))?;
        let c = &mut e.campos;
        match nome.as_str() {
            "titulo" => c.titulo = valor,
            "slug" => c.slug = valor,
            "resumo" => c.resumo = valor,
            "corpo" => c.corpo = valor,
            "categoria" => c.categoria = valor,
            "tags" => c.tags = valor,
            "capa_alt" => c.capa_alt = valor,
            "data" => c.data = valor.trim().to_owned(),
            "hora" => c.hora = valor.trim().to_owned(),
            "acao" => e.acao = valor,
            "remover_capa" => e.remover_capa = true,
            _ => {}
        }
    }
    Ok(e)
}

/// dd/mm/aaaa and HH:MM → a local date and time.
fn parse_agendamento(data: &str, hora: &str) -> Result<time::PrimitiveDateTime, ValidationError> {
    let d = crate::kit::formato::ler_data(data).ok_or_else(|| {
        ValidationError::new(
            "data",
            "Informe a data da publicação no formato dd/mm/aaaa.",
        )
    })?;
    let h = crate::kit::formato::ler_hora(hora).ok_or_else(|| {
        ValidationError::new("hora", "Informe a hora da publicação no formato HH:MM.")
    })?;
    Ok(time::PrimitiveDateTime::new(d, h))
}

/// Validates the form, stores the image, writes the notícia. `Err` carries the form to
/// show again with its messages.
async fn gravar(
    state: &AppState,
    tx: &mut TenantTx,
    logado: &Logado,
    existente: Option<&Noticia>,
    envio: Envio,
) -> Result<Result<Noticia, (Campos, Vec<ValidationError>)>, WebError> {
    let mut erros = Vec::new();
    let publicacao = match envio.acao.as_str() {
        "publicar" => Publicacao::Agora,
        "agendar" => match parse_agendamento(&envio.campos.data, &envio.campos.hora) {
            Ok(t) => Publicacao::Agendada(t),
            Err(e) => {
                erros.push(e);
                Publicacao::Rascunho
            }
        },
        _ => Publicacao::Rascunho,
    };
    let tera_capa = envio.capa.is_some()
        || (!envio.remover_capa && existente.is_some_and(|n| n.capa_key.is_some()));
    let form = NoticiaForm {
        titulo: envio.campos.titulo.clone(),
        slug: envio.campos.slug.clone(),
        resumo: envio.campos.resumo.clone(),
        corpo: envio.campos.corpo.clone(),
        categoria: envio.campos.categoria.clone(),
        tags: envio.campos.tags.clone(),
        capa_alt: envio.campos.capa_alt.clone(),
        publicacao,
    };
    let valida = match form.validar(tera_capa) {
        Ok(v) => Some(v),
        Err(mut es) => {
            erros.append(&mut es);
            None
        }
    };
    // The image is checked (and re-encoded) before anything is stored.
    let jpeg = match envio.capa {
        Some(dados) => {
            match tokio::task::spawn_blocking(move || {
                store::infra::arquivos::processar_imagem(&dados, &noticias::CAPA)
            })
            .await
            {
                Ok(Ok(j)) => Some(j),
                Ok(Err(e)) => {
                    erros.push(e);
                    None
                }
                Err(_) => {
                    erros.push(ValidationError::new(
                        "capa",
                        "Não foi possível ler a imagem enviada.",
                    ));
                    None
                }
            }
        }
        None => None,
    };
    let (Some(valida), true) = (valida, erros.is_empty()) else {
        return Ok(Err((envio.campos, erros)));
    };
    let key = match jpeg {
        Some(j) => Some(
            state
                .store
                .arquivos()
                .guardar(tx.tenant_id(), "noticias", "jpg", j)
                .await?,
        ),
        None => None,
    };
    // Behind a savepoint: a refused write leaves the transaction usable for the form.
    let r = match existente {
        None => {
            tx.tentar(async |tx| noticias::criar(tx, &logado.autor, &valida, key.as_deref()).await)
                .await
        }
        Some(n) => {
            let capa = match (&key, envio.remover_capa) {
                (Some(k), _) => Some(Some(k.as_str())),
                (None, true) => Some(None),
                (None, false) => None,
            };
            tx.tentar(async |tx| noticias::atualizar(tx, &logado.autor, n.id, &valida, capa).await)
                .await
        }
    };
    match r {
        Ok(n) => Ok(Ok(n)),
        Err(store::Error::Validation(v)) => Ok(Err((envio.campos, vec![v]))),
        Err(e) => Err(e.into()),
    }
}

async fn responder_gravacao(
    state: AppState,
    mut tx: TenantTx,
    current: CurrentTenant,
    logado: Logado,
    existente: Option<Noticia>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let envio = match ler_envio(multipart).await {
        Ok(e) => e,
        Err(v) => {
            let f = existente.as_ref().map(Campos::from).unwrap_or_default();
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                FormPage {
                    shell: Shell::new(&current, &logado, "/admin/noticias"),
                    noticia: existente,
                    f,
                    erros: vec![v],
                    categorias: CATEGORIAS,
                    salvo: false,
                },
            )
                .into_response());
        }
    };
    match gravar(&state, &mut tx, &logado, existente.as_ref(), envio).await? {
        Ok(n) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/noticias/{}?salvo=1", n.id)).into_response())
        }
        Err((f, erros)) => {
            // Read in the same transaction (a refused write was rolled back to its savepoint).
            let noticia = match &existente {
                Some(n) => noticias::por_id(&mut tx, n.id).await?,
                None => None,
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                FormPage {
                    shell: Shell::new(&current, &logado, "/admin/noticias"),
                    noticia,
                    f,
                    erros,
                    categorias: CATEGORIAS,
                    salvo: false,
                },
            )
                .into_response())
        }
    }
}

async fn admin_criar(
    State(state): State<AppState>,
    Tx(tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    crate::http::corpo::Envio(multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    responder_gravacao(state, tx, current, logado, None, multipart).await
}

async fn admin_salvar(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
    crate::http::corpo::Envio(multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let n = alvo(&mut tx, &id).await?;
    responder_gravacao(state, tx, current, logado, Some(n), multipart).await
}

async fn admin_previa(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Detalhe, WebError> {
    let id: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let n = noticias::previa(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    let base = crate::http::origem::da_camara(&state, &current);
    Ok(Detalhe {
        portal,
        corpo: domain::texto::markdown_seguro(&n.corpo),
        capa_src: n.tem_capa.then(|| format!("/admin/noticias/{}/capa", n.id)),
        og_url: format!("{base}{}", n.url()),
        og_imagem: None,
        n,
        previa: true,
    })
}

/// Any notícia's cover image, drafts included, for editors.
async fn admin_capa(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = alvo(&mut tx, &id).await?;
    tx.commit().await?;
    let key = n.capa_key.ok_or(WebError::NotFound)?;
    servir_jpeg(&state, &current, &key, true).await
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/noticias/confirmar.html")]
struct Confirmar {
    shell: Shell,
    titulo: String,
    texto: String,
    acao: String,
    botao: &'static str,
    voltar: String,
}

async fn admin_confirmar_exclusao(
    Tx(mut tx): Tx,
    current: CurrentTenant,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Confirmar, WebError> {
    let n = alvo(&mut tx, &id).await?;
    Ok(Confirmar {
        shell: Shell::new(&current, &logado, "/admin/noticias"),
        titulo: "Excluir notícia".into(),
        texto: format!(
            "A notícia \"{}\" será excluída e deixará de aparecer no portal, nos feeds e nos dados abertos. Esta ação não pode ser desfeita.",
            n.titulo
        ),
        acao: format!("/admin/noticias/{}/excluir", n.id),
        botao: "Excluir",
        voltar: format!("/admin/noticias/{}", n.id),
    })
}

async fn admin_excluir(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = alvo(&mut tx, &id).await?;
    noticias::excluir(&mut tx, &logado.autor, n.id).await?;
    tx.commit().await?;
    Ok(Redirect::to("/admin/noticias?salvo=1").into_response())
}
