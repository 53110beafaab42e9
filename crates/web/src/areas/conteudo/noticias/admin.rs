//! Notícias' admin: the list, the form (multipart, with the cover image and the scheduling),
//! the preview, the cover image of drafts, the deletion.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use domain::ValidationError;
use serde::Deserialize;
use store::TenantTx;
use store::conteudo::noticias::{self, CATEGORIAS, FiltroAdmin, Noticia, NoticiaForm, Publicacao};

use super::POR_PAGINA;
use super::publico::{Detalhe, servir_jpeg};
use crate::error::WebError;
use crate::http::auth::{Admin, Logado};
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{self, Erros, id_de, invalido, redirecionar};
use crate::kit::multiparte::{Arquivo, Multiparte, Retido};
use crate::kit::portal::Portal;
use crate::kit::shell::Shell;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub(super) struct AdminQuery {
    q: Option<String>,
    situacao: Option<String>,
    pagina: Option<i64>,
    salvo: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conteudo/admin/noticias/lista.html")]
pub(super) struct AdminLista {
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

pub(super) async fn admin_lista(
    Admin(mut tx, current, logado): Admin,
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
pub(super) struct Campos {
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
pub(super) struct FormPage {
    shell: Shell,
    /// None: a new notícia.
    noticia: Option<Noticia>,
    f: Campos,
    erros: Erros,
    categorias: &'static [(&'static str, &'static str)],
    salvo: bool,
    /// A good cover image of a refused try, kept for the next.
    retido: Option<Retido>,
}

impl FormPage {
    fn new(
        current: &CurrentTenant,
        logado: &Logado,
        noticia: Option<Noticia>,
        f: Campos,
        erros: Erros,
    ) -> Self {
        Self {
            shell: Shell::new(current, logado, "/admin/noticias"),
            noticia,
            f,
            erros,
            categorias: CATEGORIAS,
            salvo: false,
            retido: None,
        }
    }

    /// The message for `campo`, if any (shown next to the field).
    fn erro(&self, campo: &str) -> &str {
        self.erros.de(campo).unwrap_or_default()
    }

    fn acao(&self) -> String {
        match &self.noticia {
            Some(n) => format!("/admin/noticias/{}?_csrf={}", n.id, self.shell.csrf),
            None => format!("/admin/noticias?_csrf={}", self.shell.csrf),
        }
    }
}

pub(super) async fn admin_nova(current: CurrentTenant, logado: Logado) -> FormPage {
    let f = Campos {
        categoria: "institucional".into(),
        ..Campos::default()
    };
    FormPage::new(&current, &logado, None, f, Erros::default())
}

/// The notícia an id route names (404 for anything else, another câmara's ids included).
async fn alvo(tx: &mut TenantTx, id: &str) -> Result<Noticia, WebError> {
    noticias::por_id(tx, id_de(id)?)
        .await?
        .ok_or(WebError::NotFound)
}

pub(super) async fn admin_editar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Query(q): Query<AdminQuery>,
) -> Result<FormPage, WebError> {
    let n = alvo(&mut tx, &id).await?;
    let f = Campos::from(&n);
    Ok(FormPage {
        salvo: q.salvo.is_some(),
        ..FormPage::new(&current, &logado, Some(n), f, Erros::default())
    })
}

/// What the multipart form sent.
pub(super) struct Envio {
    campos: Campos,
    /// "rascunho", "publicar" or "agendar".
    acao: String,
    remover_capa: bool,
    /// A new cover image, or the one kept from a refused try (`capa_retido`).
    capa: Option<Arquivo>,
    /// Whether `capa` is the kept one (already checked and converted).
    capa_retida: bool,
}

async fn ler_envio(
    state: &AppState,
    tenant: i32,
    mut multipart: Multipart,
) -> Result<Result<Envio, ValidationError>, WebError> {
    let grande = "O formulário é grande demais (a capa vai até 5 MB).";
    let mut f = match Multiparte::ler(&mut multipart, &["capa"], grande).await {
        Ok(f) => f,
        Err(v) => return Ok(Err(v)),
    };
    let texto = |nome: &str| f.campo(nome).to_owned();
    let campos = Campos {
        titulo: texto("titulo"),
        slug: texto("slug"),
        resumo: texto("resumo"),
        corpo: texto("corpo"),
        categoria: texto("categoria"),
        tags: texto("tags"),
        capa_alt: texto("capa_alt"),
        data: f.campo("data").trim().to_owned(),
        hora: f.campo("hora").trim().to_owned(),
    };
    let acao = texto("acao");
    let remover_capa = f.campos.iter().any(|(n, _)| n == "remover_capa");
    let (capa, capa_retida) = match f.arquivo("capa") {
        Some(a) => (Some(a), false),
        None => match Retido::retomar(state.store.arquivos(), tenant, "capa", &f).await? {
            Some(a) => (Some(a), true),
            None => (None, false),
        },
    };
    Ok(Ok(Envio {
        campos,
        acao,
        remover_capa,
        capa,
        capa_retida,
    }))
}

/// The publication the form asks for; a scheduled one needs its date (dd/mm/aaaa) and its
/// time (HH:MM), each refused on its own field.
fn publicacao(envio: &Envio, erros: &mut Erros) -> Publicacao {
    match envio.acao.as_str() {
        "publicar" => Publicacao::Agora,
        "agendar" => {
            let d = erros.campo(formulario::data("data", &envio.campos.data));
            let h = erros.campo(formulario::hora("hora", &envio.campos.hora));
            match (d, h) {
                (Some(d), Some(h)) => Publicacao::Agendada(time::PrimitiveDateTime::new(d, h)),
                _ => Publicacao::Rascunho,
            }
        }
        _ => Publicacao::Rascunho,
    }
}

/// The cover image, checked and re-encoded before anything is stored.
async fn processar_capa(dados: Vec<u8>) -> Result<Vec<u8>, ValidationError> {
    tokio::task::spawn_blocking(move || {
        store::infra::arquivos::processar_imagem(&dados, &noticias::CAPA)
    })
    .await
    .unwrap_or_else(|_| {
        Err(ValidationError::new(
            "capa",
            "Não foi possível ler a imagem enviada.",
        ))
    })
}

/// Validates the form, stores the image, writes the notícia. `Err` carries the form to
/// show again with every message.
async fn gravar(
    state: &AppState,
    tx: &mut TenantTx,
    logado: &Logado,
    existente: Option<&Noticia>,
    envio: Envio,
) -> Result<Result<Noticia, (Campos, Erros, Option<Retido>)>, WebError> {
    let mut erros = Erros::default();
    let publicacao = publicacao(&envio, &mut erros);
    let tera_capa = envio.capa.is_some()
        || (!envio.remover_capa && existente.is_some_and(|n| n.capa_key.is_some()));
    let c = &envio.campos;
    let form = NoticiaForm {
        titulo: c.titulo.clone(),
        slug: c.slug.clone(),
        resumo: c.resumo.clone(),
        corpo: c.corpo.clone(),
        categoria: c.categoria.clone(),
        tags: c.tags.clone(),
        capa_alt: c.capa_alt.clone(),
        publicacao,
    };
    let valida = match form.validar(tera_capa) {
        Ok(v) => Some(v),
        Err(es) => {
            es.into_iter().for_each(|e| erros.push(e));
            None
        }
    };
    let (jpeg, nome_capa) = match envio.capa {
        Some(a) if envio.capa_retida => (Some(a.bytes), a.nome),
        Some(a) => (erros.campo(processar_capa(a.bytes).await), a.nome),
        None => (None, String::new()),
    };
    let (Some(valida), true) = (valida, erros.vazio()) else {
        // A good cover image is kept for the next try.
        let retido = match jpeg {
            Some(j) => Some(
                Retido::guardar(
                    state.store.arquivos(),
                    tx.tenant_id(),
                    "capa",
                    "jpg",
                    j,
                    &nome_capa,
                )
                .await?,
            ),
            None => None,
        };
        return Ok(Err((envio.campos, erros, retido)));
    };
    let key = match &jpeg {
        Some(j) => Some(
            state
                .store
                .arquivos()
                .guardar(tx.tenant_id(), "noticias", "jpg", j.clone())
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
        Err(store::Error::Validation(v)) => {
            // Refused by the database (a slug in use): the image is kept for the next try too.
            let retido = match jpeg {
                Some(j) => Some(
                    Retido::guardar(
                        state.store.arquivos(),
                        tx.tenant_id(),
                        "capa",
                        "jpg",
                        j,
                        &nome_capa,
                    )
                    .await?,
                ),
                None => None,
            };
            Ok(Err((envio.campos, Erros::de_lista(vec![v]), retido)))
        }
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
    let envio = match ler_envio(&state, tx.tenant_id(), multipart).await? {
        Ok(e) => e,
        Err(v) => {
            let f = existente.as_ref().map(Campos::from).unwrap_or_default();
            let erros = Erros::de_lista(vec![v]);
            return Ok(invalido(FormPage::new(
                &current, &logado, existente, f, erros,
            )));
        }
    };
    match gravar(&state, &mut tx, &logado, existente.as_ref(), envio).await? {
        Ok(n) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/noticias/{}?salvo=1", n.id)))
        }
        Err((f, erros, retido)) => {
            // Read in the same transaction (a refused write was rolled back to its savepoint).
            let noticia = match &existente {
                Some(n) => noticias::por_id(&mut tx, n.id).await?,
                None => None,
            };
            Ok(invalido(FormPage {
                retido,
                ..FormPage::new(&current, &logado, noticia, f, erros)
            }))
        }
    }
}

pub(super) async fn admin_criar(
    State(state): State<AppState>,
    Admin(tx, current, logado): Admin,
    crate::http::corpo::Envio(multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    responder_gravacao(state, tx, current, logado, None, multipart).await
}

pub(super) async fn admin_salvar(
    State(state): State<AppState>,
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    crate::http::corpo::Envio(multipart): crate::http::corpo::Envio,
) -> Result<Response, WebError> {
    let n = alvo(&mut tx, &id).await?;
    responder_gravacao(state, tx, current, logado, Some(n), multipart).await
}

pub(super) async fn admin_previa(
    State(state): State<AppState>,
    current: CurrentTenant,
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Detalhe, WebError> {
    let id = id_de(&id)?;
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
pub(super) async fn admin_capa(
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

pub(super) async fn admin_confirmar_exclusao(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
) -> Result<Confirmacao, WebError> {
    let n = alvo(&mut tx, &id).await?;
    Ok(Confirmacao::new(
        Shell::new(&current, &logado, "/admin/noticias"),
        "Excluir notícia",
        format!(
            "A notícia \"{}\" será excluída e deixará de aparecer no portal, nos feeds e nos dados abertos. Esta ação não pode ser desfeita.",
            n.titulo
        ),
        format!("/admin/noticias/{}/excluir", n.id),
        "Excluir",
        format!("/admin/noticias/{}", n.id),
    ))
}

pub(super) async fn admin_excluir(
    Tx(mut tx): Tx,
    logado: Logado,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = alvo(&mut tx, &id).await?;
    noticias::excluir(&mut tx, &logado.autor, n.id).await?;
    tx.commit().await?;
    Ok(redirecionar("/admin/noticias?salvo=1"))
}
