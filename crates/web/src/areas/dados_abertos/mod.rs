//! Open data: every list in JSON (`{"dados": [...], "links": [...]}`, cursor pagination,
//! following the Câmara dos Deputados API) or CSV (`?formato=csv`, UTF-8 with BOM so
//! spreadsheets read the accents; `?formato=csv-br`, the same with `;` between fields and
//! decimal comma, what a pt-BR spreadsheet opens directly), CORS open, cacheable for a
//! minute. The human page (`/dados-abertos`) is [`pagina`].

pub mod pagina;

pub mod openapi;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::error::WebError;

#[derive(Debug, Deserialize)]
pub struct ApiQuery {
    pub itens: Option<i64>,
    pub cursor: Option<String>,
    pub formato: Option<String>,
}

/// A request the API refuses, answered as `application/problem+json`.
#[derive(Debug)]
pub struct ConsultaInvalida(pub &'static str);

impl IntoResponse for ConsultaInvalida {
    fn into_response(self) -> Response {
        problem(StatusCode::BAD_REQUEST, self.0)
    }
}

/// A well-formed filter that names nothing in the câmara (a legislatura, partido or tipo
/// that does not exist): 404, as `application/problem+json`.
#[derive(Debug)]
pub struct NaoEncontrado(pub &'static str);

impl IntoResponse for NaoEncontrado {
    fn into_response(self) -> Response {
        crate::error::problema(StatusCode::NOT_FOUND, "Não encontrado", self.0)
    }
}

/// The two CSV dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Csv {
    /// RFC 4180: `,` between fields, decimal point.
    Padrao,
    /// `;` between fields, decimal comma (pt-BR spreadsheets).
    Brasileiro,
}

/// A field that is a decimal number with a point (`-3.4`), written with a comma.
fn virgula_decimal(campo: &str) -> Option<String> {
    let (int, frac) = campo.split_once('.')?;
    let digitos = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let int_ok = digitos(int.strip_prefix('-').unwrap_or(int));
    (int_ok && digitos(frac)).then(|| format!("{int},{frac}"))
}

/// The rows as CSV in the dialect asked for.
fn csv_de<T: Serialize>(dados: &[T], dialeto: Csv) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for d in dados {
        w.serialize(d).map_err(|e| e.to_string())?;
    }
    let padrao = w.into_inner().map_err(|e| e.to_string())?;
    if dialeto == Csv::Padrao {
        return Ok(padrao);
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(padrao.as_slice());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for registro in r.records() {
        let registro = registro.map_err(|e| e.to_string())?;
        let campos: Vec<String> = registro
            .iter()
            .map(|c| virgula_decimal(c).unwrap_or_else(|| c.to_owned()))
            .collect();
        w.write_record(&campos).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// A validated request for one page.
pub struct Consulta {
    pub itens: i64,
    pub cursor: Option<String>,
    csv: Option<Csv>,
    /// Filters the links must carry to the next page (`?ano=2025`…).
    filtros: Vec<(&'static str, String)>,
}

impl Consulta {
    pub fn de(q: ApiQuery) -> Result<Self, ConsultaInvalida> {
        let itens = q.itens.unwrap_or(20);
        if !(1..=100).contains(&itens) {
            return Err(ConsultaInvalida("O parâmetro itens vai de 1 a 100."));
        }
        let csv = match q.formato.as_deref() {
            None | Some("json") => None,
            Some("csv") => Some(Csv::Padrao),
            Some("csv-br") => Some(Csv::Brasileiro),
            Some(_) => {
                return Err(ConsultaInvalida(
                    "O parâmetro formato aceita json, csv ou csv-br.",
                ));
            }
        };
        Ok(Self {
            itens,
            cursor: q.cursor,
            csv,
            filtros: Vec::new(),
        })
    }

    /// Records a filter in use, so the `self` and `next` links keep it.
    pub fn com_filtro(mut self, nome: &'static str, valor: Option<impl ToString>) -> Self {
        if let Some(v) = valor {
            self.filtros.push((nome, v.to_string()));
        }
        self
    }

    /// Whether the answer is a CSV (either dialect): the collections whose JSON nests lists
    /// give flat rows then.
    pub fn csv(&self) -> bool {
        self.csv.is_some()
    }

    /// How many rows to fetch: one more than a page tells whether there is a next one.
    pub fn buscar(&self) -> i64 {
        self.itens + 1
    }
}

#[derive(Serialize)]
struct Pagina<T> {
    dados: Vec<T>,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct Link {
    rel: &'static str,
    href: String,
}

/// Answers a page of `recurso` (`parlamentares`…), `dados` holding up to `itens + 1` rows.
pub fn responder<T: Serialize>(
    recurso: &str,
    consulta: &Consulta,
    mut dados: Vec<T>,
    cursor_de: impl Fn(&T) -> String,
) -> Result<Response, WebError> {
    let mais = dados.len() as i64 > consulta.itens;
    dados.truncate(consulta.itens as usize);
    let cabecalhos = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::CACHE_CONTROL, "public, max-age=60"),
    ];
    if let Some(dialeto) = consulta.csv {
        let erro = |e: String| WebError::Store(store::Error::Embedded(e));
        let mut body = "\u{feff}".as_bytes().to_vec();
        body.extend(csv_de(&dados, dialeto).map_err(erro)?);
        let disposition =
            crate::http::cabecalhos::disposicao("attachment", &format!("{recurso}.csv"));
        return Ok((
            cabecalhos,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response());
    }
    let encode = |c: &str| form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>();
    let mut base = format!("/api/v1/{recurso}?itens={}", consulta.itens);
    for (nome, valor) in &consulta.filtros {
        base.push_str(&format!("&{nome}={}", encode(valor)));
    }
    let mut links = vec![Link {
        rel: "self",
        href: match &consulta.cursor {
            Some(c) => format!("{base}&cursor={}", encode(c)),
            None => base.clone(),
        },
    }];
    if mais && let Some(ultimo) = dados.last() {
        links.push(Link {
            rel: "next",
            href: format!("{base}&cursor={}", encode(&cursor_de(ultimo))),
        });
    }
    Ok((cabecalhos, axum::Json(Pagina { dados, links })).into_response())
}

pub fn problem(status: StatusCode, detail: &str) -> Response {
    crate::error::problema(status, "Requisição inválida", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Linha {
        nome: &'static str,
        tempo: f64,
        versao: &'static str,
    }

    #[test]
    fn csv_br_has_semicolons_and_decimal_commas() {
        let dados = [Linha {
            nome: "Ana; Bia",
            tempo: 3.4,
            versao: "1.2.3",
        }];
        let padrao = String::from_utf8(csv_de(&dados, Csv::Padrao).unwrap()).unwrap();
        assert_eq!(padrao, "nome,tempo,versao\nAna; Bia,3.4,1.2.3\n");
        let br = String::from_utf8(csv_de(&dados, Csv::Brasileiro).unwrap()).unwrap();
        assert_eq!(br, "nome;tempo;versao\n\"Ana; Bia\";3,4;1.2.3\n");
        assert_eq!(virgula_decimal("-10.25").as_deref(), Some("-10,25"));
        for nao in ["10", "2026-01-02", ".5", "5.", "a.b", "1.2.3"] {
            assert_eq!(virgula_decimal(nao), None, "{nao}");
        }
    }
}
