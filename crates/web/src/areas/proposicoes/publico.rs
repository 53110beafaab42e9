//! The public pages: `/legislativo/proposicoes` (filters, full-text search, pagination),
//! one proposição's page, and the list on the parlamentar's profile.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use domain::proposicoes::Situacao;
use serde::Deserialize;
use store::proposicoes::busca::{
    self, AutorOpcao, Filtro, Linha, MAX_RESULTADOS, Ordem, TipoOpcao,
};
use store::proposicoes::consultas::{self, AutorPublico, EmendaPublica, EventoPublico};

use super::valor;
use crate::error::WebError;
use crate::http::entrada::{Path, Query};
use crate::http::tenant::Tx;
use crate::kit::formato::{DataBr, ler_data};
use crate::kit::portal::Portal;

/// Rows per page (the list and the parlamentar's profile).
pub const POR_PAGINA: i64 = 20;
/// The last page one can reach: the search counts up to [`MAX_RESULTADOS`].
const MAX_PAGINA: i64 = MAX_RESULTADOS / POR_PAGINA;

/// The list's query, every field as typed (validated by [`validar`]).
#[derive(Deserialize, Default, Clone)]
pub(super) struct ListaQuery {
    tipo: Option<String>,
    numero: Option<String>,
    ano: Option<String>,
    autor: Option<String>,
    situacao: Option<String>,
    assunto: Option<String>,
    de: Option<String>,
    ate: Option<String>,
    texto: Option<String>,
    pagina: Option<String>,
}

/// What the form shows back (the visitor's input, as typed).
#[derive(Default)]
pub(super) struct Campos {
    tipo: String,
    numero: String,
    ano: String,
    autor: String,
    situacao: String,
    assunto: String,
    de: String,
    ate: String,
    texto: String,
}

/// The filters of `q`, resolved against the câmara's tipos and parlamentares, and the
/// page; or every message of what is wrong (in Portuguese).
fn validar(
    q: &ListaQuery,
    tipos: &[TipoOpcao],
    autores: &[AutorOpcao],
) -> Result<(Filtro, i64), Vec<String>> {
    let mut erros = Vec::new();
    let mut f = Filtro::default();
    if let Some(t) = valor(&q.tipo) {
        match tipos.iter().find(|x| x.sigla.eq_ignore_ascii_case(t)) {
            Some(x) => f.tipo_id = Some(x.id),
            None => erros.push(format!(
                "Tipo de proposição desconhecido: \"{t}\". Escolha um tipo da lista."
            )),
        }
    }
    if let Some(n) = valor(&q.numero) {
        match n.replace('.', "").parse::<i32>() {
            Ok(n) if n > 0 => f.numero = Some(n),
            _ => erros.push("O número deve ser um inteiro maior que zero.".to_owned()),
        }
    }
    if let Some(a) = valor(&q.ano) {
        match a.parse::<i32>() {
            Ok(a) if (1800..=2200).contains(&a) => f.ano = Some(a),
            _ => erros.push("O ano deve ter quatro dígitos (de 1800 a 2200).".to_owned()),
        }
    }
    if let Some(a) = valor(&q.autor) {
        match autores
            .iter()
            .find(|x| x.slug == a || x.id.to_string() == a)
        {
            Some(x) => f.autor = Some(x.id),
            None => erros.push("Autor desconhecido. Escolha um parlamentar da lista.".to_owned()),
        }
    }
    if let Some(s) = valor(&q.situacao) {
        match Situacao::parse(s) {
            Some(s) => f.situacao = Some(s),
            None => erros.push("Situação desconhecida. Escolha uma situação da lista.".to_owned()),
        }
    }
    if let Some(a) = valor(&q.assunto) {
        if a.chars().count() > 200 {
            erros.push("O assunto deve ter no máximo 200 caracteres.".to_owned());
        } else {
            f.assunto = Some(a.to_owned());
        }
    }
    let mut data = |campo: &Option<String>, nome: &str| {
        let s = valor(campo)?;
        let d = ler_data(s);
        if d.is_none() {
            erros.push(format!(
                "Data {nome} inválida: \"{s}\". Use o formato dd/mm/aaaa."
            ));
        }
        d
    };
    f.de = data(&q.de, "inicial");
    f.ate = data(&q.ate, "final");
    if let (Some(de), Some(ate)) = (f.de, f.ate)
        && de > ate
    {
        erros.push("A data inicial do período deve ser anterior ou igual à final.".to_owned());
    }
    if let Some(t) = valor(&q.texto) {
        if t.chars().count() > 200 {
            erros.push("O texto da busca deve ter no máximo 200 caracteres.".to_owned());
        } else {
            f.texto = Some(t.to_owned());
        }
    }
    let pagina = match valor(&q.pagina).map(str::parse::<i64>) {
        None => 1,
        Some(Ok(p)) if (1..=MAX_PAGINA).contains(&p) => p,
        Some(_) => {
            erros.push(format!(
                "A página deve ser um número de 1 a {MAX_PAGINA} (refine a busca para ver outros resultados)."
            ));
            1
        }
    };
    if erros.is_empty() {
        Ok((f, pagina))
    } else {
        Err(erros)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "proposicoes/publico/lista.html")]
pub(super) struct Lista {
    portal: Portal,
    tipos: Vec<TipoOpcao>,
    autores: Vec<AutorOpcao>,
    situacoes: &'static [Situacao],
    c: Campos,
    erros: Vec<String>,
    linhas: Vec<Linha>,
    /// Counted up to MAX_RESULTADOS + 1.
    total: i64,
    pagina: i64,
    paginas: i64,
    /// Ordered by relevance (a text query with at most MAX_RESULTADOS matches).
    por_relevancia: bool,
    com_texto: bool,
    /// The filters as a query string, for the pagination links.
    query_base: String,
}

impl Lista {
    /// How the page is ordered, after the count.
    fn ordem_texto(&self) -> &'static str {
        if self.total == 0 {
            ""
        } else if self.por_relevancia {
            " Ordenadas pela relevância."
        } else if self.com_texto {
            " Com mais de 1.000 resultados, ordenadas das mais recentes para as mais antigas, \
             não pela relevância."
        } else {
            " Das mais recentes para as mais antigas."
        }
    }

    fn total_texto(&self) -> String {
        match self.total {
            0 => "Nenhuma proposição encontrada.".to_owned(),
            1 => "1 proposição encontrada.".to_owned(),
            t if t > MAX_RESULTADOS => {
                "Mais de 1.000 proposições encontradas; refine a busca com os filtros.".to_owned()
            }
            t => format!("{} proposições encontradas.", milhar(t)),
        }
    }
}

fn milhar(n: i64) -> String {
    use crate::kit::formato::NumBr;
    i32::try_from(n).map_or_else(|_| n.to_string(), |n| n.milhar())
}

pub(super) async fn lista(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Query(q): Query<ListaQuery>,
) -> Result<Response, WebError> {
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let (tipos, autores) = busca::opcoes(&mut tx).await?;
    let c = Campos {
        tipo: valor(&q.tipo).unwrap_or_default().to_owned(),
        numero: valor(&q.numero).unwrap_or_default().to_owned(),
        ano: valor(&q.ano).unwrap_or_default().to_owned(),
        autor: valor(&q.autor).unwrap_or_default().to_owned(),
        situacao: valor(&q.situacao).unwrap_or_default().to_owned(),
        assunto: valor(&q.assunto).unwrap_or_default().to_owned(),
        de: valor(&q.de).unwrap_or_default().to_owned(),
        ate: valor(&q.ate).unwrap_or_default().to_owned(),
        texto: valor(&q.texto).unwrap_or_default().to_owned(),
    };
    let query_base = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("tipo", &c.tipo),
            ("numero", &c.numero),
            ("ano", &c.ano),
            ("autor", &c.autor),
            ("situacao", &c.situacao),
            ("assunto", &c.assunto),
            ("de", &c.de),
            ("ate", &c.ate),
            ("texto", &c.texto),
        ])
        .finish();
    let (filtro, pagina, erros) = match validar(&q, &tipos, &autores) {
        Ok((f, p)) => (Some(f), p, Vec::new()),
        Err(e) => (None, 1, e),
    };
    let (linhas, total, ordem) = match &filtro {
        Some(f) => {
            let r = busca::buscar(&mut tx, f, POR_PAGINA, (pagina - 1) * POR_PAGINA).await?;
            (r.linhas, r.total, r.ordem)
        }
        None => (Vec::new(), 0, Ordem::Recentes),
    };
    tx.commit().await?;
    let alcancavel = total.min(MAX_RESULTADOS);
    let pagina_html = Lista {
        portal,
        tipos,
        autores,
        situacoes: Situacao::ALL,
        por_relevancia: ordem == Ordem::Relevancia,
        com_texto: filtro.as_ref().is_some_and(Filtro::tem_texto),
        c,
        linhas,
        total,
        pagina,
        paginas: ((alcancavel + POR_PAGINA - 1) / POR_PAGINA).max(1),
        query_base,
        erros,
    };
    if pagina_html.erros.is_empty() {
        Ok(pagina_html.into_response())
    } else {
        Ok(crate::kit::formulario::invalido(pagina_html))
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "proposicoes/publico/detalhe.html")]
pub(super) struct Detalhe {
    portal: Portal,
    p: consultas::ProposicaoPublica,
    autores: Vec<AutorPublico>,
    /// Markdown rendered and sanitised.
    texto: String,
    justificativa: String,
    eventos: Vec<EventoPublico>,
    emendas: Vec<(EmendaPublica, String)>,
    /// The comissões' pareceres (their partial, comissoes/_pareceres.html).
    pareceres: Vec<store::comissoes::pareceres::Parecer>,
    /// The form to follow it by e-mail (acompanhamento/_formulario.html).
    acompanhar: crate::areas::acompanhamento::Formulario,
    /// Whether its avulso (PDF) was rendered: the link shows then.
    avulso: bool,
    /// Its files, the texto integral first.
    anexos: Vec<store::proposicoes::anexos::AnexoProposicao>,
    /// The norma it became, when it did.
    norma: Option<store::normas::Norma>,
    /// Its autógrafo's path (sanção, veto, promulgação), when it has one.
    caminho: Option<crate::areas::normas::publico::Caminho>,
}

pub(super) async fn detalhe(
    Tx(mut tx): Tx,
    jar: CookieJar,
    Path((ano, sigla, numero)): Path<(String, String, String)>,
) -> Result<Detalhe, WebError> {
    let (Ok(ano), Ok(numero)) = (ano.parse::<i32>(), numero.parse::<i32>()) else {
        return Err(WebError::NotFound);
    };
    if sigla.len() > 10 {
        return Err(WebError::NotFound);
    }
    let portal = Portal::carregar(&mut tx, &jar).await?;
    let p = consultas::por_identificacao(&mut tx, ano, &sigla, numero)
        .await?
        .ok_or(WebError::NotFound)?;
    let autores = consultas::autores(&mut tx, p.id).await?;
    let eventos = consultas::eventos(&mut tx, p.id).await?;
    let emendas = consultas::emendas(&mut tx, p.id).await?;
    let pareceres = store::comissoes::pareceres_da_proposicao(&mut tx, p.id).await?;
    let avulso = store::jobs::avulso::existe(&mut tx, p.id).await?;
    let anexos = store::proposicoes::anexos::listar(&mut tx, p.id).await?;
    let norma = crate::areas::normas::publico::da_proposicao(&mut tx, p.id).await?;
    let caminho = crate::areas::normas::publico::caminho(&mut tx, p.id).await?;
    tx.commit().await?;
    let acompanhar = crate::areas::acompanhamento::Formulario::de(p.id);
    let emendas = emendas
        .into_iter()
        .map(|e| {
            let html = domain::texto::markdown_seguro(&e.texto);
            (e, html)
        })
        .collect();
    Ok(Detalhe {
        texto: domain::texto::markdown_seguro(&p.texto),
        justificativa: domain::texto::markdown_seguro(&p.justificativa),
        portal,
        p,
        autores,
        eventos,
        emendas,
        pareceres,
        acompanhar,
        avulso,
        anexos,
        norma,
        caminho,
    })
}

/// The section of the parlamentar's profile: their proposições (as primeiro autor and as
/// coautor), newest first, a page at a time (`?pagina_proposicoes=`).
pub struct DoParlamentar {
    pub slug: String,
    pub linhas: Vec<Linha>,
    pub total: i64,
    pub pagina: i64,
    pub paginas: i64,
}

impl DoParlamentar {
    /// The page asked for (`?pagina_proposicoes=`): 1 unless a number in range.
    pub fn pagina(pedida: Option<&str>) -> i64 {
        pedida
            .and_then(|p| p.trim().parse::<i64>().ok())
            .unwrap_or(1)
            .clamp(1, MAX_PAGINA)
    }

    /// How many rows a page has and after how many it starts.
    pub fn limite_e_offset(pagina: i64) -> (i64, i64) {
        (POR_PAGINA, (pagina - 1) * POR_PAGINA)
    }

    /// The section, from the page `pagina` of the parlamentar's proposições and their total.
    pub fn de(slug: &str, linhas: Vec<Linha>, total: i64, pagina: i64) -> Self {
        Self {
            slug: slug.to_owned(),
            linhas,
            total,
            pagina,
            paginas: ((total.min(MAX_RESULTADOS) + POR_PAGINA - 1) / POR_PAGINA).max(1),
        }
    }

    pub fn total_texto(&self) -> String {
        match self.total {
            1 => "1 proposição".to_owned(),
            t if t > MAX_RESULTADOS => "Mais de 1.000 proposições".to_owned(),
            t => format!("{} proposições", milhar(t)),
        }
    }
}
