//! The câmara's parlamentares: public pages, photos and open data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::areas::dados_abertos::{self, ApiQuery, Consulta, ConsultaInvalida};
use store::composicao::{
    self, Filiacao, Legislatura, Mandato, ParlamentarPublico, Partido, RedeParlamentar,
};

use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::{CurrentTenant, Leitor, Tx};
use crate::kit::portal::Portal;
use crate::routes::Routes;
use crate::state::AppState;
use axum_extra::extract::cookie::CookieJar;

pub fn routes() -> Routes {
    Routes::new()
        .get("/parlamentares", lista)
        .get("/parlamentares/{slug}", detalhe)
        .get("/parlamentares/{slug}/foto.jpg", foto)
        .get("/partidos/{id}/logo.png", logo)
        .get("/api/v1/parlamentares", api)
        .get("/api/v1/legislaturas", api_legislaturas)
        .get("/api/v1/partidos", api_partidos)
}

use crate::kit::formato::{DataBr, NumBr};

#[derive(Deserialize, Default)]
struct FiltroQuery {
    q: Option<String>,
    legislatura: Option<String>,
    partido: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/publico/lista.html")]
struct Lista {
    portal: Portal,
    legislatura: Option<i32>,
    legislaturas: Vec<Legislatura>,
    partidos: Vec<Partido>,
    partido: String,
    q: String,
    titulares: Vec<ParlamentarPublico>,
    suplentes: Vec<ParlamentarPublico>,
    aviso: Option<String>,
}

async fn lista(
    leitor: Leitor,
    jar: CookieJar,
    Query(b): Query<FiltroQuery>,
) -> Result<Response, WebError> {
    let pedida = b
        .legislatura
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    // No legislatura is numbered 0: a number that does not parse is one not found.
    let numero = pedida.map(|n| n.parse::<i32>().unwrap_or(0));
    let partido = b.partido.as_deref().map(str::trim).unwrap_or("").to_owned();
    let sigla = (!partido.is_empty()).then_some(partido.as_str());
    let pagina = crate::ler!(leitor, |store, tenant| composicao::pagina_parlamentares(
        store, tenant, numero, sigla
    ))?;
    let portal = Portal::de(&pagina.identidade, &jar);
    let leg = pagina.legislatura;
    let aviso =
        (pedida.is_some() && leg.is_none()).then(|| "Legislatura não encontrada.".to_owned());
    let (legislaturas, partidos, lista) =
        (pagina.legislaturas, pagina.partidos, pagina.parlamentares);
    // Search by name, accents and case aside.
    let termo =
        b.q.as_deref()
            .map(domain::slugify)
            .filter(|t| !t.is_empty());
    let lista: Vec<ParlamentarPublico> = match termo {
        Some(t) => lista
            .into_iter()
            .filter(|p| {
                domain::slugify(&p.nome_parlamentar).contains(&t)
                    || domain::slugify(&p.nome_civil).contains(&t)
            })
            .collect(),
        None => lista,
    };
    let (titulares, suplentes): (Vec<_>, Vec<_>) = lista
        .into_iter()
        .partition(|p| p.mandato.as_deref() != Some("suplente"));
    let status = if aviso.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Lista {
            portal,
            legislatura: leg.map(|l| l.numero),
            legislaturas,
            partidos,
            partido,
            q: b.q.unwrap_or_default(),
            titulares,
            suplentes,
            aviso,
        },
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "composicao/publico/detalhe.html")]
struct Detalhe {
    portal: Portal,
    p: ParlamentarPublico,
    /// The biografia, Markdown rendered and sanitised.
    biografia: String,
    mandatos: Vec<Mandato>,
    filiacoes: Vec<Filiacao>,
    redes: Vec<RedeParlamentar>,
    /// The photo's absolute address, for OpenGraph.
    og_imagem: Option<String>,
    comissoes: Vec<store::comissoes::ParticipacaoComissao>,
    cargos_mesa: Vec<store::mesa::MembroMesa>,
    proposicoes: crate::areas::proposicoes::publico::DoParlamentar,
}

#[derive(Deserialize, Default)]
struct PerfilQuery {
    pagina_proposicoes: Option<String>,
}

async fn detalhe(
    leitor: Leitor,
    jar: CookieJar,
    Path(slug): Path<String>,
    Query(pq): Query<PerfilQuery>,
) -> Result<Detalhe, WebError> {
    use crate::areas::proposicoes::publico::DoParlamentar;
    let pagina = DoParlamentar::pagina(pq.pagina_proposicoes.as_deref());
    let (limite, offset) = DoParlamentar::limite_e_offset(pagina);
    let lida = crate::ler!(leitor, |store, tenant| composicao::pagina_parlamentar(
        store, tenant, &slug, limite, offset
    ))?
    .ok_or(WebError::NotFound)?;
    let p = lida.parlamentar;
    let proposicoes = DoParlamentar::de(&p.slug, lida.proposicoes, lida.proposicoes_total, pagina);
    let biografia = domain::texto::markdown_seguro(&p.biografia);
    let base = crate::http::origem::da_camara(leitor.state(), leitor.current());
    let og_imagem = p.foto.as_ref().map(|f| format!("{base}{f}"));
    Ok(Detalhe {
        portal: Portal::de(&lida.identidade, &jar),
        p,
        biografia,
        mandatos: lida.mandatos,
        filiacoes: lida.filiacoes,
        redes: lida.redes,
        og_imagem,
        comissoes: lida.comissoes,
        cargos_mesa: lida.cargos_mesa,
        proposicoes,
    })
}

/// Serves a stored image of this câmara, revalidated by ETag. The addresses carry the
/// file's version (`?v=`), so they may be cached for a day.
async fn servir_imagem(
    state: &AppState,
    current: &CurrentTenant,
    headers: &HeaderMap,
    key: &str,
    content_type: &'static str,
) -> Result<Response, WebError> {
    let etag = format!("\"{}\"", key.rsplit('/').next().unwrap_or_default());
    let cache = "public, max-age=86400";
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache.to_owned()),
            ],
        )
            .into_response());
    }
    let bytes = state
        .store
        .arquivos()
        .ler(current.tenant.id, key)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::ETAG, etag),
        ],
        bytes,
    )
        .into_response())
}

/// The parlamentar's photo (JPEG).
async fn foto(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let key = composicao::foto_key_por_slug(&mut tx, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    servir_imagem(&state, &current, &headers, &key, "image/jpeg").await
}

/// The partido's logo (PNG).
async fn logo(
    State(state): State<AppState>,
    Tx(mut tx): Tx,
    current: CurrentTenant,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: uuid::Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let key = composicao::logo_key(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    tx.commit().await?;
    servir_imagem(&state, &current, &headers, &key, "image/png").await
}

#[derive(Deserialize, Default)]
struct ParlamentaresApiQuery {
    legislatura: Option<String>,
    partido: Option<String>,
}

fn valor(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The parlamentares with a mandato in the legislatura (`?legislatura=N`, default the
/// current one), optionally of one partido (`?partido=SIGLA`), by slug (the cursor).
async fn api(
    leitor: Leitor,
    Query(q): Query<ApiQuery>,
    Query(f): Query<ParlamentaresApiQuery>,
) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let numero = match valor(&f.legislatura) {
        None => None,
        Some(n) => match n.parse::<i32>().ok().filter(|n| *n >= 1) {
            Some(n) => Some(n),
            None => {
                return Ok(ConsultaInvalida(
                    "O parâmetro legislatura é o número de uma legislatura (por exemplo 19).",
                )
                .into_response());
            }
        },
    };
    let sigla = valor(&f.partido);
    let pagina = crate::ler!(leitor, |store, tenant| composicao::parlamentares_api(
        store,
        tenant,
        numero,
        sigla,
        consulta.cursor.as_deref(),
        consulta.buscar(),
    ))?;
    if numero.is_some() && pagina.legislatura.is_none() {
        return Ok(dados_abertos::NaoEncontrado(
            "Legislatura não encontrada (veja /api/v1/legislaturas).",
        )
        .into_response());
    }
    if sigla.is_some() && pagina.partido.is_none() {
        return Ok(dados_abertos::NaoEncontrado(
            "Partido desconhecido: use uma sigla de /api/v1/partidos.",
        )
        .into_response());
    }
    let (leg, partido, dados) = (pagina.legislatura, pagina.partido, pagina.dados);
    let consulta = consulta
        .com_filtro(
            "legislatura",
            valor(&f.legislatura).and(leg.map(|l| l.numero)),
        )
        .com_filtro("partido", partido);
    if consulta.csv() {
        let linhas: Vec<composicao::ParlamentarCsv> = dados.into_iter().map(Into::into).collect();
        dados_abertos::responder("parlamentares", &consulta, linhas, |d| d.slug.clone())
    } else {
        dados_abertos::responder("parlamentares", &consulta, dados, |d| d.slug.clone())
    }
}

async fn api_legislaturas(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let depois = match consulta.cursor.as_deref().map(str::parse::<i32>) {
        None => None,
        Some(Ok(n)) if n >= 0 => Some(n),
        Some(_) => return Ok(ConsultaInvalida("Cursor inválido.").into_response()),
    };
    let lista = composicao::legislaturas(&mut tx, depois, consulta.buscar()).await?;
    tx.commit().await?;
    dados_abertos::responder("legislaturas", &consulta, lista, |l| l.numero.to_string())
}

async fn api_partidos(Tx(mut tx): Tx, Query(q): Query<ApiQuery>) -> Result<Response, WebError> {
    let consulta = match Consulta::de(q) {
        Ok(c) => c,
        Err(e) => return Ok(e.into_response()),
    };
    let lista =
        composicao::partidos(&mut tx, consulta.cursor.as_deref(), consulta.buscar()).await?;
    tx.commit().await?;
    dados_abertos::responder("partidos", &consulta, lista, |p| p.sigla.clone())
}

#[cfg(test)]
mod tests {
    use super::NumBr;

    #[test]
    fn milhar() {
        assert_eq!(0.milhar(), "0");
        assert_eq!(999.milhar(), "999");
        assert_eq!(2345.milhar(), "2.345");
        assert_eq!(1234567.milhar(), "1.234.567");
    }
}
