//! The public normas: `/legislativo/normas` (filters tipo, número, ano, assunto, vigência
//! and text in Portuguese, 20 per page) and the norma's page with its compiled text (revoked words
//! struck through with the norma that revoked them), the text in force on a date
//! (`?vigente-em=dd/mm/aaaa`), its vínculos both ways, its origin proposição and URN.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::normas::{Compilado, Situacao};
use serde::Deserialize;
use store::TenantTx;
use store::normas::consultas::{self, Norma, POR_PAGINA};
use store::normas::tipos::{self, TipoNorma};
use store::normas::{Filtro, Vinculo, vinculos};
use time::Date;
use uuid::Uuid;

use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Tx};
use crate::kit::formato::{DataBr, ler_data};

use crate::kit::formulario::id_de;
use crate::kit::portal::Portal;

const MAX_PAGINA: i64 = 1000;

#[derive(Deserialize, Default)]
pub(super) struct ListaQuery {
    tipo: Option<String>,
    numero: Option<String>,
    ano: Option<String>,
    texto: Option<String>,
    assunto: Option<String>,
    vigencia: Option<String>,
    pagina: Option<String>,
}

fn valor(s: &Option<String>) -> &str {
    s.as_deref().map(str::trim).unwrap_or("")
}

/// The filters, or every message of what is wrong.
fn validar(q: &ListaQuery, tipos: &[TipoNorma], hoje: Date) -> Result<(Filtro, i64), Vec<String>> {
    let mut erros = Vec::new();
    let mut f = Filtro::default();
    match valor(&q.tipo) {
        "" => {}
        t => match tipos.iter().find(|x| x.sigla.eq_ignore_ascii_case(t)) {
            Some(x) => f.tipo_id = Some(x.id),
            None => erros.push(format!(
                "Tipo de norma desconhecido: \"{t}\". Escolha um tipo da lista."
            )),
        },
    }
    match valor(&q.numero) {
        "" => {}
        n => match n.replace('.', "").parse::<i32>() {
            Ok(n) if n > 0 => f.numero = Some(n),
            _ => erros.push("O número deve ser um inteiro maior que zero.".to_owned()),
        },
    }
    match valor(&q.ano) {
        "" => {}
        a => match a.parse::<i32>() {
            Ok(a) if (1800..=2200).contains(&a) => f.ano = Some(a),
            _ => erros.push("O ano deve ter quatro dígitos (de 1800 a 2200).".to_owned()),
        },
    }
    match valor(&q.texto) {
        "" => {}
        t if t.chars().count() > 200 => {
            erros.push("O texto da busca deve ter no máximo 200 caracteres.".to_owned())
        }
        t => f.texto = Some(t.to_owned()),
    }
    match valor(&q.assunto) {
        "" => {}
        a if a.chars().count() > 100 => {
            erros.push("O assunto deve ter no máximo 100 caracteres.".to_owned())
        }
        a => f.assunto = Some(a.to_owned()),
    }
    match valor(&q.vigencia) {
        "" => {}
        "vigente" => f.em_vigor = Some((true, hoje)),
        "nao_vigente" => f.em_vigor = Some((false, hoje)),
        v => erros.push(format!(
            "Vigência desconhecida: \"{v}\". Escolha uma opção da lista."
        )),
    }
    let pagina = match valor(&q.pagina) {
        "" => 1,
        p => match p.parse::<i64>() {
            Ok(p) if (1..=MAX_PAGINA).contains(&p) => p,
            _ => {
                erros.push(format!("A página deve ser um número de 1 a {MAX_PAGINA}."));
                1
            }
        },
    };
    if erros.is_empty() {
        Ok((f, pagina))
    } else {
        Err(erros)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/publico/lista.html")]
pub(super) struct Lista {
    portal: Portal,
    tipos: Vec<TipoNorma>,
    tipo: String,
    numero: String,
    ano: String,
    texto: String,
    assunto: String,
    vigencia: String,
    erros: Vec<String>,
    linhas: Vec<Norma>,
    total: i64,
    pagina: i64,
    paginas: i64,
    query_base: String,
}

pub(super) async fn lista(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Query(q): Query<ListaQuery>,
) -> Result<Response, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let tipos = tipos::listar(&mut tx).await?;
    let (tipo, numero, ano, texto, assunto, vigencia) = (
        valor(&q.tipo).to_owned(),
        valor(&q.numero).to_owned(),
        valor(&q.ano).to_owned(),
        valor(&q.texto).to_owned(),
        valor(&q.assunto).to_owned(),
        valor(&q.vigencia).to_owned(),
    );
    let hoje = store::camara::hoje(&mut tx).await?;
    let query_base = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("tipo", &tipo),
            ("numero", &numero),
            ("ano", &ano),
            ("texto", &texto),
            ("assunto", &assunto),
            ("vigencia", &vigencia),
        ])
        .finish();
    let (linhas, total, pagina, erros) = match validar(&q, &tipos, hoje) {
        Ok((f, p)) => {
            let (l, t) = store::normas::buscar(&mut tx, &f, p).await?;
            (l, t, p, Vec::new())
        }
        Err(e) => (Vec::new(), 0, 1, e),
    };
    tx.commit().await?;
    let pagina_html = Lista {
        portal,
        tipos,
        tipo,
        numero,
        ano,
        texto,
        assunto,
        vigencia,
        linhas,
        total,
        pagina,
        paginas: ((total.min(MAX_PAGINA * POR_PAGINA) + POR_PAGINA - 1) / POR_PAGINA).max(1),
        query_base,
        erros,
    };
    if pagina_html.erros.is_empty() {
        Ok(pagina_html.into_response())
    } else {
        Ok(crate::kit::formulario::invalido(pagina_html))
    }
}

#[derive(Deserialize, Default)]
pub(super) struct NormaQuery {
    #[serde(rename = "vigente-em")]
    pub(super) vigente_em: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "normas/publico/norma.html")]
pub(super) struct Pagina {
    portal: Portal,
    n: Norma,
    urn: String,
    situacao: Situacao,
    compilado: Compilado,
    /// The date asked for (`?vigente-em=`), as typed, and its message when it is not one.
    vigente_em: String,
    erro_data: Option<String>,
    em: Option<Date>,
    feitos: Vec<Vinculo>,
    recebidos: Vec<Vinculo>,
    /// The origin proposição's public address.
    proposicao_uri: Option<String>,
    anexos: Vec<store::normas::anexos::AnexoNorma>,
    caminho: Option<Caminho>,
}

/// The public address of a proposição of the câmara.
async fn uri_proposicao(tx: &mut TenantTx, id: Uuid) -> Result<Option<String>, WebError> {
    let r: Option<(i32, String, i32)> = sqlx::query_as(
        "SELECT p.ano, lower(t.sigla), p.numero FROM app.proposicao p
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = $2",
    )
    .bind(tx.tenant_id())
    .bind(id)
    .fetch_optional(tx.conn())
    .await
    .map_err(store::Error::from)?;
    Ok(r.map(|(a, s, n)| format!("/legislativo/proposicoes/{a}/{s}/{n}")))
}

pub(super) async fn norma(
    Tx(mut tx): Tx,
    jar: CookieJar,
    current: CurrentTenant,
    Path(id): Path<String>,
    Query(q): Query<NormaQuery>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let n = consultas::norma(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let vigente_em = valor(&q.vigente_em).to_owned();
    let (em, erro_data) = match vigente_em.as_str() {
        "" => (None, None),
        s => match ler_data(s) {
            Some(d) => (Some(d), None),
            None => (
                None,
                Some(format!("Data inválida: \"{s}\". Use o formato dd/mm/aaaa.")),
            ),
        },
    };
    let hoje = store::camara::hoje(&mut tx).await?;
    let compilado = consultas::compilado(&mut tx, &n, em).await?;
    let situacao = consultas::situacao(&mut tx, &n, em.unwrap_or(hoje)).await?;
    let feitos = vinculos::feitos(&mut tx, n.id).await?;
    let recebidos = vinculos::recebidos(&mut tx, n.id).await?;
    let proposicao_uri = match n.proposicao_id {
        Some(p) => uri_proposicao(&mut tx, p).await?,
        None => None,
    };
    let anexos = store::normas::anexos::listar(&mut tx, n.id).await?;
    let caminho = match n.proposicao_id {
        Some(p) => caminho(&mut tx, p).await?,
        None => None,
    };
    tx.commit().await?;
    let urn = n.urn(&super::localidade(&current.tenant));
    let invalida = erro_data.is_some();
    let p = Pagina {
        portal,
        urn,
        situacao,
        compilado,
        vigente_em,
        erro_data,
        em,
        feitos,
        recebidos,
        proposicao_uri,
        anexos,
        caminho,
        n,
    };
    if invalida {
        Ok(crate::kit::formulario::invalido(p))
    } else {
        Ok(p.into_response())
    }
}

/// The norma a proposição became, for the proposição's page.
pub(crate) async fn da_proposicao(
    tx: &mut TenantTx,
    proposicao: Uuid,
) -> Result<Option<Norma>, WebError> {
    let f = Filtro {
        proposicao_id: Some(proposicao),
        ..Default::default()
    };
    Ok(store::normas::buscar(tx, &f, 1).await?.0.into_iter().next())
}

/// The path from the approved proposição to the norma (autógrafo, sanção or veto,
/// deliberação, promulgação), for the proposição's and the norma's pages
/// (`normas/publico/_caminho.html`).
pub(crate) struct Caminho {
    pub(crate) q: store::normas::autografos::Quadro,
    hoje: Date,
}

impl Caminho {
    pub(crate) fn prazo(&self) -> String {
        self.q
            .prazo()
            .map(|p| super::admin_autografos::prazo_texto(p, self.hoje))
            .unwrap_or_default()
    }
}

pub(crate) async fn caminho(
    tx: &mut TenantTx,
    proposicao: Uuid,
) -> Result<Option<Caminho>, WebError> {
    let Some(a) = store::normas::autografos::da_proposicao(tx, proposicao).await? else {
        return Ok(None);
    };
    let hoje = store::camara::hoje(tx).await?;
    let cal = store::calendario::calendario(tx).await?;
    let q = store::normas::autografos::quadro(tx, a, &cal, hoje).await?;
    Ok(Some(Caminho { q, hoje }))
}
