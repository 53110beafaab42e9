//! OAI-PMH 2.0 (the LexML harvester's protocol): the request's arguments checked verb by
//! verb into a [`Pedido`] or the protocol error the specification names, dates with day or
//! second granularity (UTC), the resumption token (a cursor by datestamp and id, so pages
//! survive inserts made between them) and the identifiers of LexML Parte 4a
//! (`oai:<domínio>:plenario/norma/<uuid>`).

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use uuid::Uuid;

/// Records per page of ListRecords and ListIdentifiers (the LexML toolkit's page).
pub const POR_PAGINA: i64 = 100;

/// How long a resumption token is accepted.
pub const VALIDADE_TOKEN: Duration = Duration::hours(24);

/// The metadata formats offered for every record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formato {
    Dc,
    Lexml,
}

impl Formato {
    pub const TODOS: [Formato; 2] = [Formato::Dc, Formato::Lexml];

    pub fn prefixo(self) -> &'static str {
        match self {
            Formato::Dc => "oai_dc",
            Formato::Lexml => "oai_lexml",
        }
    }

    pub fn esquema(self) -> &'static str {
        match self {
            Formato::Dc => "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
            Formato::Lexml => "http://projeto.lexml.gov.br/esquemas/oai_lexml.xsd",
        }
    }

    pub fn namespace(self) -> &'static str {
        match self {
            Formato::Dc => "http://www.openarchives.org/OAI/2.0/oai_dc/",
            Formato::Lexml => "http://www.lexml.gov.br/oai_lexml",
        }
    }

    pub fn de(prefixo: &str) -> Option<Formato> {
        Formato::TODOS.into_iter().find(|f| f.prefixo() == prefixo)
    }
}

/// A protocol error (`<error code="…">`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erro {
    pub codigo: &'static str,
    pub mensagem: String,
}

impl Erro {
    fn novo(codigo: &'static str, mensagem: impl Into<String>) -> Self {
        Erro {
            codigo,
            mensagem: mensagem.into(),
        }
    }

    pub fn argumento(m: impl Into<String>) -> Self {
        Erro::novo("badArgument", m)
    }

    pub fn sem_registros() -> Self {
        Erro::novo(
            "noRecordsMatch",
            "Nenhum registro corresponde aos argumentos.",
        )
    }

    pub fn inexistente(id: &str) -> Self {
        Erro::novo(
            "idDoesNotExist",
            format!("Identificador desconhecido: {id}"),
        )
    }

    pub fn sem_conjuntos() -> Self {
        Erro::novo(
            "noSetHierarchy",
            "Este repositório não organiza os registros em conjuntos (sets).",
        )
    }

    /// badVerb and badArgument: the `<request>` element then carries no attributes.
    pub fn sem_atributos(&self) -> bool {
        matches!(self.codigo, "badVerb" | "badArgument")
    }
}

/// A datestamp range: `desde` inclusive, `ate` exclusive (an `until` of a day or a second
/// covers all of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Intervalo {
    pub desde: Option<OffsetDateTime>,
    pub ate: Option<OffsetDateTime>,
}

/// Where a list resumes: after (datestamp, id), with what was already delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub datestamp: OffsetDateTime,
    pub id: Uuid,
}

/// A list request, first or resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lista {
    pub formato: Formato,
    pub intervalo: Intervalo,
    /// The set asked for (`set=`): a tipo de norma's setSpec.
    pub conjunto: Option<String>,
    pub apos: Option<Cursor>,
    /// Records delivered on the earlier pages (the `cursor` attribute).
    pub entregues: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pedido {
    Identify,
    ListSets,
    ListMetadataFormats {
        identificador: Option<String>,
    },
    ListIdentifiers(Lista),
    ListRecords(Lista),
    GetRecord {
        identificador: String,
        formato: Formato,
    },
}

impl Pedido {
    pub fn verbo(&self) -> &'static str {
        match self {
            Pedido::Identify => "Identify",
            Pedido::ListSets => "ListSets",
            Pedido::ListMetadataFormats { .. } => "ListMetadataFormats",
            Pedido::ListIdentifiers(_) => "ListIdentifiers",
            Pedido::ListRecords(_) => "ListRecords",
            Pedido::GetRecord { .. } => "GetRecord",
        }
    }
}

const VERBOS: [&str; 6] = [
    "Identify",
    "ListMetadataFormats",
    "ListSets",
    "ListIdentifiers",
    "ListRecords",
    "GetRecord",
];

/// The arguments each verb accepts: (required, optional, exclusive).
fn aceitos(
    verbo: &str,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    Option<&'static str>,
) {
    match verbo {
        "ListMetadataFormats" => (&[], &["identifier"], None),
        "ListSets" => (&[], &[], Some("resumptionToken")),
        "ListIdentifiers" | "ListRecords" => (
            &["metadataPrefix"],
            &["from", "until", "set"],
            Some("resumptionToken"),
        ),
        "GetRecord" => (&["identifier", "metadataPrefix"], &[], None),
        _ => (&[], &[], None),
    }
}

/// Reads the request's arguments (every pair, in order, repeated ones included) at `agora`.
pub fn ler(pares: &[(String, String)], agora: OffsetDateTime) -> Result<Pedido, Erro> {
    let verbos: Vec<&str> = pares
        .iter()
        .filter(|(k, _)| k == "verb")
        .map(|(_, v)| v.as_str())
        .collect();
    let verbo = match verbos.as_slice() {
        [v] if VERBOS.contains(v) => *v,
        [] => return Err(Erro::novo("badVerb", "O argumento verb é obrigatório.")),
        [_] => return Err(Erro::novo("badVerb", "Verbo desconhecido.")),
        _ => return Err(Erro::novo("badVerb", "O argumento verb foi repetido.")),
    };
    let (obrigatorios, opcionais, exclusivo) = aceitos(verbo);
    let mut args: Vec<(&str, &str)> = Vec::new();
    for (k, v) in pares.iter().filter(|(k, _)| k != "verb") {
        let k = k.as_str();
        if !obrigatorios.contains(&k) && !opcionais.contains(&k) && exclusivo != Some(k) {
            return Err(Erro::argumento(format!(
                "Argumento não aceito por {verbo}: {k}."
            )));
        }
        if args.iter().any(|(a, _)| *a == k) {
            return Err(Erro::argumento(format!("O argumento {k} foi repetido.")));
        }
        args.push((k, v.as_str()));
    }
    let arg = |nome: &str| args.iter().find(|(k, _)| *k == nome).map(|(_, v)| *v);
    if let Some(x) = exclusivo.and_then(arg) {
        if args.len() > 1 {
            return Err(Erro::argumento(
                "resumptionToken é exclusivo: não se combina com outros argumentos.",
            ));
        }
        return match verbo {
            "ListSets" => Err(Erro::novo(
                "badResumptionToken",
                "A lista de conjuntos (sets) vem inteira, sem resumptionToken.",
            )),
            _ => {
                let l = ler_token(x, agora)?;
                Ok(if verbo == "ListRecords" {
                    Pedido::ListRecords(l)
                } else {
                    Pedido::ListIdentifiers(l)
                })
            }
        };
    }
    if let Some(falta) = obrigatorios.iter().find(|o| arg(o).is_none()) {
        return Err(Erro::argumento(format!(
            "O argumento {falta} é obrigatório em {verbo}."
        )));
    }
    let formato = || {
        let p = arg("metadataPrefix").unwrap_or_default();
        Formato::de(p).ok_or_else(|| {
            Erro::novo(
                "cannotDisseminateFormat",
                format!("Formato não oferecido: {p}. Use oai_dc ou oai_lexml."),
            )
        })
    };
    match verbo {
        "Identify" => Ok(Pedido::Identify),
        "ListMetadataFormats" => Ok(Pedido::ListMetadataFormats {
            identificador: arg("identifier").map(str::to_owned),
        }),
        "ListSets" => Ok(Pedido::ListSets),
        "GetRecord" => Ok(Pedido::GetRecord {
            identificador: arg("identifier").unwrap_or_default().to_owned(),
            formato: formato()?,
        }),
        _ => {
            let intervalo = intervalo(arg("from"), arg("until"))?;
            let formato = formato()?;
            let conjunto = match arg("set") {
                None => None,
                Some(s) if set_spec_valido(s) => Some(s.to_owned()),
                Some(s) => return Err(Erro::argumento(format!("set inválido: {s}."))),
            };
            let l = Lista {
                formato,
                intervalo,
                conjunto,
                apos: None,
                entregues: 0,
            };
            Ok(if verbo == "ListRecords" {
                Pedido::ListRecords(l)
            } else {
                Pedido::ListIdentifiers(l)
            })
        }
    }
}

/// A setSpec as the OAI-PMH schema allows it (`setSpecType`), without the `.` this
/// provider's tokens use as separator (none of its sets has one): one or more colon
/// separated parts of letters, digits and `-_!~*'()`.
pub fn set_spec_valido(s: &str) -> bool {
    s.len() <= 100
        && s.split(':').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_!~*'()".contains(c))
        })
}

/// The setSpec of a tipo de norma: its sigla ("LO", "LC", "RES").
pub fn set_spec(sigla: &str) -> String {
    sigla.trim().to_owned()
}

/// `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ssZ` (UTC): the instant it starts and its length.
pub fn ler_datestamp(s: &str) -> Option<(OffsetDateTime, Duration)> {
    let dia = |d: &str| Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok();
    if s.len() == 10 {
        let d = dia(s)?;
        return Some((
            PrimitiveDateTime::new(d, Time::MIDNIGHT).assume_utc(),
            Duration::DAY,
        ));
    }
    let (d, resto) = s.split_once('T')?;
    let hms = resto.strip_suffix('Z')?;
    let partes: Vec<&str> = hms.split(':').collect();
    if d.len() != 10 || partes.len() != 3 || partes.iter().any(|p| p.len() != 2) {
        return None;
    }
    let n = |i: usize| partes[i].parse::<u8>().ok();
    let t = Time::from_hms(n(0)?, n(1)?, n(2)?).ok()?;
    Some((
        PrimitiveDateTime::new(dia(d)?, t).assume_utc(),
        Duration::SECOND,
    ))
}

/// `from` and `until` checked: each well formed, the same granularity, in order.
pub fn intervalo(from: Option<&str>, until: Option<&str>) -> Result<Intervalo, Erro> {
    let ler = |nome: &str, v: Option<&str>| match v {
        None => Ok(None),
        Some(s) => ler_datestamp(s).map(Some).ok_or_else(|| {
            Erro::argumento(format!(
                "{nome} inválido: {s}. Use AAAA-MM-DD ou AAAA-MM-DDThh:mm:ssZ (UTC)."
            ))
        }),
    };
    let (desde, ate) = (ler("from", from)?, ler("until", until)?);
    if let (Some((_, a)), Some((_, b))) = (desde, ate)
        && a != b
    {
        return Err(Erro::argumento(
            "from e until devem ter a mesma granularidade.",
        ));
    }
    if let (Some((d, _)), Some((a, _))) = (desde, ate)
        && d > a
    {
        return Err(Erro::argumento("from é posterior a until."));
    }
    Ok(Intervalo {
        desde: desde.map(|(d, _)| d),
        ate: ate.map(|(a, dur)| a + dur),
    })
}

/// A datestamp as the protocol writes it (second granularity, UTC).
pub fn datestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn micros(t: OffsetDateTime) -> i128 {
    t.unix_timestamp_nanos() / 1000
}

fn de_micros(m: i128) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(m.checked_mul(1000)?).ok()
}

/// The token of the page after `ultimo`, issued at `agora`:
/// `<prefixo>.<desde|->.<ate|->.<datestamp µs>.<id>.<entregues>.<emitido>.<set|->`.
pub fn token(l: &Lista, ultimo: Cursor, entregues: i64, agora: OffsetDateTime) -> String {
    let opc =
        |t: Option<OffsetDateTime>| t.map_or_else(|| "-".to_owned(), |t| micros(t).to_string());
    format!(
        "{}.{}.{}.{}.{}.{}.{}.{}",
        l.formato.prefixo(),
        opc(l.intervalo.desde),
        opc(l.intervalo.ate),
        micros(ultimo.datestamp),
        ultimo.id.simple(),
        entregues,
        agora.unix_timestamp(),
        l.conjunto.as_deref().unwrap_or("-")
    )
}

/// When a token issued at `agora` stops being accepted.
pub fn expira(agora: OffsetDateTime) -> OffsetDateTime {
    agora + VALIDADE_TOKEN
}

/// A token read back, or badResumptionToken.
pub fn ler_token(s: &str, agora: OffsetDateTime) -> Result<Lista, Erro> {
    let ruim = || {
        Erro::novo(
            "badResumptionToken",
            "resumptionToken inválido ou expirado.",
        )
    };
    let p: Vec<&str> = s.split('.').collect();
    let [prefixo, desde, ate, ts, id, entregues, emitido, conjunto] = p.as_slice() else {
        return Err(ruim());
    };
    let conjunto = match *conjunto {
        "-" => None,
        c if set_spec_valido(c) => Some(c.to_owned()),
        _ => return Err(ruim()),
    };
    let opc = |v: &str| -> Result<Option<OffsetDateTime>, Erro> {
        match v {
            "-" => Ok(None),
            v => v
                .parse::<i128>()
                .ok()
                .and_then(de_micros)
                .map(Some)
                .ok_or_else(ruim),
        }
    };
    let formato = Formato::de(prefixo).ok_or_else(ruim)?;
    let emitido = emitido
        .parse::<i64>()
        .ok()
        .and_then(|e| OffsetDateTime::from_unix_timestamp(e).ok())
        .ok_or_else(ruim)?;
    if agora > expira(emitido) || emitido > agora + Duration::MINUTE {
        return Err(ruim());
    }
    let datestamp = ts
        .parse::<i128>()
        .ok()
        .and_then(de_micros)
        .ok_or_else(ruim)?;
    let id = Uuid::try_parse(id).map_err(|_| ruim())?;
    Ok(Lista {
        formato,
        intervalo: Intervalo {
            desde: opc(desde)?,
            ate: opc(ate)?,
        },
        conjunto,
        apos: Some(Cursor { datestamp, id }),
        entregues: entregues
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(ruim)?,
    })
}

/// The repository's identifier namespace must be a domain name of two labels or more,
/// each starting with a letter (the oai-identifier scheme).
pub fn namespace_valido(ns: &str) -> bool {
    let labels: Vec<&str> = ns.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            l.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `oai:<namespace>:plenario/norma/<uuid>` (LexML Parte 4a: `oai:domínio:sistema/chave`).
pub fn identificador(namespace: &str, id: Uuid) -> String {
    format!("oai:{namespace}:plenario/norma/{id}")
}

/// The norma's id of an identifier of this repository.
pub fn id_de(namespace: &str, identificador: &str) -> Option<Uuid> {
    let resto = identificador
        .strip_prefix("oai:")?
        .strip_prefix(namespace)?
        .strip_prefix(":plenario/norma/")?;
    Uuid::try_parse(resto).ok()
}

#[cfg(test)]
#[path = "oai_tests.rs"]
mod oai_tests;
