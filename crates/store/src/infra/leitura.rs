//! A read-only page in ONE statement to PostgreSQL (issue #9 item 7).
//!
//! [`TenantTx`](crate::TenantTx) costs a page BEGIN, the scoping statement, one statement per
//! query and COMMIT. A [`Leitura`] folds the page's queries (its *parts*) into one statement,
//! which PostgreSQL runs as its own transaction:
//!
//! ```sql
//! WITH escopo AS MATERIALIZED (SELECT set_config('app.tenant_id', $1::text, true) AS t,
//!                                     EXISTS (… plenario.resident …) AS residente),
//!      b AS MATERIALIZED (SELECT e.residente, c.versao, <today in the câmara's zone> AS hoje
//!                           FROM escopo e LEFT JOIN app.camara_config c ON … AND e.t IS NOT NULL)
//! SELECT b.residente, b.versao, b.hoje, <identity unless cached>,
//!        (SELECT json_agg(x) FROM (<part 1>) x WHERE b.residente), …
//!   FROM b
//! ```
//!
//! The setting is transaction-local (`set_config(…, true)`), so it ends with the statement:
//! nothing survives on the pooled connection (the store's `before_acquire` check proves it in
//! tests). Every part is a subquery correlated with `b`, so PostgreSQL runs it only for `b`'s
//! row, after the materialised scope has run; were that order ever broken, row level
//! security would see no câmara and the part would come back empty, never another câmara's
//! rows. The parts come back as JSON text and are read into the area's own structs with
//! serde (`lista`, `linha`).
//!
//! A part's SQL uses `$1` for the câmara, may read `b.hoje` (the câmara's today) and numbers
//! its own parameters from `$2`; [`Leitura`] renumbers them into the one statement.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use sqlx::Postgres;
use sqlx::postgres::PgArguments;

use crate::camara::{CamaraConfig, Identidade, RedeSocial};
use crate::infra::catalog::Tenant;
use crate::{DataDb, Error, Result, Store};

/// A query being built, as a part's parameters are bound onto it.
pub type Consulta<'q> = sqlx::query::Query<'q, Postgres, PgArguments>;

type Vinculo<'q> = Box<dyn FnOnce(Consulta<'q>) -> Consulta<'q> + Send + 'q>;

/// The handle of a part, to read its rows back from a [`Lida`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parte(usize);

/// The parts of one page, to be read in one statement with [`Store::ler`].
pub struct Leitura<'q> {
    colunas: Vec<String>,
    vinculos: Vec<Vinculo<'q>>,
    /// The next free parameter number ($1 is the câmara, $2 the identity version known).
    proximo: usize,
}

impl Default for Leitura<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'q> Leitura<'q> {
    pub fn new() -> Self {
        Self {
            colunas: Vec::new(),
            vinculos: Vec::new(),
            proximo: 3,
        }
    }

    /// A part read as a list: `sql` selects its rows in order; `parametros` is how many
    /// parameters it numbers from `$2`, bound in that order by `vincular`.
    pub fn lista(
        &mut self,
        sql: &str,
        parametros: usize,
        vincular: impl FnOnce(Consulta<'q>) -> Consulta<'q> + Send + 'q,
    ) -> Parte {
        let sql = self.renumerado(sql, parametros, vincular);
        self.coluna(format!(
            "(SELECT coalesce(json_agg(x), '[]')::text FROM ({sql}) x WHERE b.residente)"
        ))
    }

    /// A part read as at most one row (`None` when `sql` selects none).
    pub fn linha(
        &mut self,
        sql: &str,
        parametros: usize,
        vincular: impl FnOnce(Consulta<'q>) -> Consulta<'q> + Send + 'q,
    ) -> Parte {
        let sql = self.renumerado(sql, parametros, vincular);
        self.coluna(format!(
            "(SELECT row_to_json(x)::text FROM ({sql}) x WHERE b.residente LIMIT 1)"
        ))
    }

    fn renumerado(
        &mut self,
        sql: &str,
        parametros: usize,
        vincular: impl FnOnce(Consulta<'q>) -> Consulta<'q> + Send + 'q,
    ) -> String {
        let sql = renumerar(sql, self.proximo - 2);
        self.proximo += parametros;
        self.vinculos.push(Box::new(vincular));
        sql
    }

    fn coluna(&mut self, sql: String) -> Parte {
        self.colunas.push(sql);
        Parte(self.colunas.len() - 1)
    }

    fn sql(&self) -> String {
        let mut partes = String::new();
        for (i, c) in self.colunas.iter().enumerate() {
            partes.push_str(&format!(",\n       {c} AS parte{i}"));
        }
        format!(
            "WITH escopo AS MATERIALIZED (
                SELECT set_config('app.tenant_id', $1::text, true) AS t,
                       EXISTS (SELECT 1 FROM plenario.resident WHERE tenant_id = $1) AS residente),
             b AS MATERIALIZED (
                SELECT e.residente, c.versao, (now() AT TIME ZONE c.fuso_horario)::date AS hoje
                  FROM escopo e LEFT JOIN app.camara_config c ON c.tenant_id = $1 AND e.t IS NOT NULL)
             SELECT b.residente, b.versao, b.hoje,
                    CASE WHEN b.residente AND b.versao IS DISTINCT FROM $2 THEN ({IDENTIDADE}) END{partes}
               FROM b"
        )
    }
}

/// The câmara's identity as one JSON object (read only when the process's copy is stale).
const IDENTIDADE: &str = "SELECT json_build_object(
        'config', (SELECT row_to_json(x) FROM (SELECT id, nome, municipio, uf, endereco, cep, cnpj,
                          telefones, email, horario_atendimento, brasao_key, cor_primaria,
                          cor_secundaria, fuso_horario, exigir_2fa, tv_url
                     FROM app.camara_config WHERE tenant_id = $1) x),
        'redes', (SELECT coalesce(json_agg(x), '[]') FROM (SELECT rede, url FROM app.camara_rede_social
                          WHERE tenant_id = $1 ORDER BY ordem, rede) x))::text";

#[derive(serde::Deserialize)]
struct IdentidadeJson {
    config: Option<CamaraConfig>,
    redes: Vec<RedeSocial>,
}

/// What one [`Leitura`] read.
pub struct Lida {
    /// The câmara's identity (`None` if the câmara has no configuration row).
    pub identidade: Option<Arc<Identidade>>,
    /// Today in the câmara's time zone, as of the statement.
    pub hoje: Option<time::Date>,
    partes: Vec<Option<String>>,
}

impl Lida {
    /// The câmara's identity, which every portal page needs: [`Error::NotFound`] without it.
    pub fn identidade_exigida(&self) -> Result<Arc<Identidade>> {
        self.identidade
            .clone()
            .ok_or_else(|| Error::NotFound("Câmara não encontrada.".into()))
    }

    fn texto(&self, p: Parte) -> Option<&str> {
        self.partes.get(p.0).and_then(|t| t.as_deref())
    }

    /// The rows of a [`Leitura::lista`] part.
    pub fn lista<T: DeserializeOwned>(&self, p: Parte) -> Result<Vec<T>> {
        self.texto(p).map_or(Ok(Vec::new()), decodificar)
    }

    /// The row of a [`Leitura::linha`] part, if it selected one.
    pub fn linha<T: DeserializeOwned>(&self, p: Parte) -> Result<Option<T>> {
        self.texto(p).map(decodificar).transpose()
    }

    /// The number of a [`Leitura::linha`] part that selects a count as `n` (0 without a row).
    pub fn contagem(&self, p: Parte) -> Result<i64> {
        #[derive(serde::Deserialize)]
        struct Contagem {
            n: i64,
        }
        Ok(self.linha::<Contagem>(p)?.map_or(0, |c| c.n))
    }
}

fn decodificar<T: DeserializeOwned>(texto: &str) -> Result<T> {
    serde_json::from_str(texto).map_err(|e| Error::Db(sqlx::Error::Decode(Box::new(e))))
}

/// `$n` → `$(n + deslocamento)` for n ≥ 2, outside quoted literals and identifiers.
fn renumerar(sql: &str, deslocamento: usize) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.chars().peekable();
    let mut aspas: Option<char> = None;
    while let Some(c) = chars.next() {
        match aspas {
            Some(q) => {
                if c == q {
                    aspas = None;
                }
                out.push(c);
            }
            None if c == '\'' || c == '"' => {
                aspas = Some(c);
                out.push(c);
            }
            None if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) => {
                let mut n = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    n.push(d);
                    chars.next();
                }
                let n: usize = n.parse().unwrap_or(0);
                let n = if n >= 2 { n + deslocamento } else { n };
                out.push('$');
                out.push_str(&n.to_string());
            }
            None => out.push(c),
        }
    }
    out
}

impl Store {
    /// Reads a page's parts for `tenant` in one statement (see the module's documentation).
    /// Refused like [`TenantTx::begin`](crate::TenantTx::begin): at once if the database was
    /// found unreachable, after a short wait if the câmara holds its share of the pool;
    /// [`Error::NotResident`] if the câmara is not in the database its placement names.
    pub async fn ler(&self, tenant: &Tenant, leitura: Leitura<'_>) -> Result<Lida> {
        let db = DataDb::of(&tenant.placement);
        let key = db.to_string();
        self.check_reachable(&key)?;
        let _vaga = match self.turn(&db, tenant.id).await {
            Ok(v) => v,
            Err(e) => {
                self.check_reachable(&key)?;
                return Err(e);
            }
        };
        self.check_reachable(&key)?;
        let pool = match self.app_pool(&db).await {
            Ok(p) => p,
            Err(e) => return self.note_reachability(&key, None, Err(e)),
        };
        self.contar_abertura(tenant.id);
        let conhecida = self.identidades().guardada(tenant.id);
        let sql = leitura.sql();
        let mut q: Consulta<'_> = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(tenant.id)
            .bind(conhecida.as_ref().map(|(v, _)| *v));
        for v in leitura.vinculos {
            q = v(q);
        }
        let r = q.fetch_one(&pool).await.map_err(Error::from);
        let row = self.note_reachability(&key, Some(&pool), r)?;
        use sqlx::Row;
        let residente: bool = row.try_get(0)?;
        if !residente {
            return Err(Error::NotResident);
        }
        let versao: Option<i64> = row.try_get(1)?;
        let hoje: Option<time::Date> = row.try_get(2)?;
        let fresca: Option<String> = row.try_get(3)?;
        let identidade = match (versao, fresca) {
            (None, _) => None,
            (Some(v), Some(json)) => {
                let lida: IdentidadeJson = decodificar(&json)?;
                lida.config.map(|config| {
                    let ident = Arc::new(Identidade {
                        config,
                        redes: lida.redes,
                    });
                    self.identidades().guardar(tenant.id, v, ident.clone());
                    ident
                })
            }
            // Not read: the version is the one kept (`$2`).
            (Some(_), None) => conhecida.map(|(_, ident)| ident),
        };
        let mut partes = Vec::with_capacity(row.len() - 4);
        for i in 4..row.len() {
            partes.push(row.try_get::<Option<String>, _>(i)?);
        }
        Ok(Lida {
            identidade,
            hoje,
            partes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::renumerar;

    #[test]
    fn parameters_from_two_move_and_the_tenant_and_literals_stay() {
        assert_eq!(
            renumerar("a = $1 AND b = $2 AND c = '$2' AND d = $10 AND \"$3\"", 5),
            "a = $1 AND b = $7 AND c = '$2' AND d = $15 AND \"$3\""
        );
        assert_eq!(renumerar("x = $2", 0), "x = $2");
    }
}

/// serde helpers for the JSON PostgreSQL writes: `date` as "aaaa-mm-dd", `timestamptz` as
/// RFC 3339 (`#[serde(deserialize_with = "crate::infra::datas::iso::deserialize")]`).
pub mod json {
    use serde::{Deserialize, Deserializer};
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    /// A value the database keeps as text and the area reads with `TryFrom<String>`.
    pub fn texto<'de, D: Deserializer<'de>, T>(d: D) -> Result<T, D::Error>
    where
        T: TryFrom<String>,
        T::Error: std::fmt::Display,
    {
        T::try_from(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }

    pub fn instante<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
        let s = <&str>::deserialize(d)?;
        OffsetDateTime::parse(s, &Rfc3339).map_err(serde::de::Error::custom)
    }

    pub fn instante_opt<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        let s = <Option<&str>>::deserialize(d)?;
        s.map(|s| OffsetDateTime::parse(s, &Rfc3339))
            .transpose()
            .map_err(serde::de::Error::custom)
    }
}
