//! Reading sessões: by id, the filtered lists of the admin and the portal, the month of
//! the calendar, the next ones for the home page.

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::agenda::{COLUNAS, TABELAS};
use super::{SessaoPlenaria, StatusSessao};
use crate::error::invalido;
use crate::infra::planos;
use crate::{Result, TenantTx};

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<SessaoPlenaria>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} {TABELAS} WHERE s.tenant_id = $1 AND s.id = $2"
        )),
        id,
    )
    .await
}

/// Filters of the lists; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filtro {
    /// Inclusive dates in the câmara's time zone.
    pub de: Option<Date>,
    pub ate: Option<Date>,
    pub ano: Option<i32>,
    pub tipo: Option<Uuid>,
    pub status: Option<StatusSessao>,
    /// Starting at or after this instant.
    pub desde: Option<OffsetDateTime>,
    /// Starting before this instant.
    pub antes: Option<OffsetDateTime>,
    /// Matches the number, the place or the notes.
    pub busca: Option<String>,
    /// Newest first (otherwise oldest first).
    pub recentes_primeiro: bool,
}

const ONDE: &str = "s.tenant_id = $1
    AND ($2::date IS NULL OR (s.inicio AT TIME ZONE c.fuso_horario)::date >= $2)
    AND ($3::date IS NULL OR (s.inicio AT TIME ZONE c.fuso_horario)::date <= $3)
    AND ($4::int IS NULL OR extract(year FROM s.inicio AT TIME ZONE c.fuso_horario) = $4)
    AND ($5::uuid IS NULL OR s.tipo_id = $5)
    AND ($6::text IS NULL OR s.status = $6)
    AND ($7::timestamptz IS NULL OR s.inicio >= $7)
    AND ($8::timestamptz IS NULL OR s.inicio < $8)
    AND ($9::text IS NULL OR s.numero::text = $9 OR s.local ILIKE '%' || $9 || '%'
         OR s.observacoes ILIKE '%' || $9 || '%' OR t.nome ILIKE '%' || $9 || '%')";

/// One page of sessões and the total count for the filter.
pub async fn listar(
    tx: &mut TenantTx,
    f: &Filtro,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<SessaoPlenaria>, i64)> {
    let tenant = tx.tenant_id();
    let ordem = if f.recentes_primeiro {
        "s.inicio DESC, s.id DESC"
    } else {
        "s.inicio, s.id"
    };
    let busca = f
        .busca
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(crate::infra::like::escapar);
    let lista: Vec<SessaoPlenaria> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS} WHERE {ONDE} ORDER BY {ordem} LIMIT $10 OFFSET $11"
    )))
    .bind(tenant)
    .bind(f.de)
    .bind(f.ate)
    .bind(f.ano)
    .bind(f.tipo)
    .bind(f.status.map(StatusSessao::as_str))
    .bind(f.desde)
    .bind(f.antes)
    .bind(&busca)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) {TABELAS} WHERE {ONDE}"
    )))
    .bind(tenant)
    .bind(f.de)
    .bind(f.ate)
    .bind(f.ano)
    .bind(f.tipo)
    .bind(f.status.map(StatusSessao::as_str))
    .bind(f.desde)
    .bind(f.antes)
    .bind(&busca)
    .fetch_one(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The next `n` scheduled (not cancelled) sessões starting at or after `agora`, soonest
/// first. The home page shows them.
pub async fn proximas(
    tx: &mut TenantTx,
    agora: OffsetDateTime,
    n: i64,
) -> Result<Vec<SessaoPlenaria>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT {COLUNAS} {TABELAS}
          WHERE s.tenant_id = $1 AND s.status = 'agendada' AND s.inicio >= $2
          ORDER BY s.inicio, s.id LIMIT {}",
            planos::limite(n)
        )),
        agora,
    )
    .await
}

/// Every sessão (cancelled ones too) of the month that starts on `primeiro_dia`, by its
/// date in the câmara's time zone, oldest first.
pub async fn do_mes(tx: &mut TenantTx, ano: i32, mes: time::Month) -> Result<Vec<SessaoPlenaria>> {
    let inicio =
        Date::from_calendar_date(ano, mes, 1).map_err(|_| invalido("mes", "Mês inválido."))?;
    let (a2, m2) = if mes == time::Month::December {
        (ano + 1, time::Month::January)
    } else {
        (ano, mes.next())
    };
    let fim = Date::from_calendar_date(a2, m2, 1).map_err(|_| invalido("mes", "Mês inválido."))?;
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS}
          WHERE s.tenant_id = $1
            AND (s.inicio AT TIME ZONE c.fuso_horario)::date >= $2
            AND (s.inicio AT TIME ZONE c.fuso_horario)::date < $3
          ORDER BY s.inicio, s.id"
    )))
    .bind(tenant)
    .bind(inicio)
    .bind(fim)
    .fetch_all(tx.conn())
    .await?)
}

/// The years that have sessões, newest first (for the filters).
pub async fn anos(tx: &mut TenantTx) -> Result<Vec<i32>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT extract(year FROM s.inicio AT TIME ZONE c.fuso_horario)::int AS ano
           FROM app.sessao_plenaria s JOIN app.camara_config c ON c.tenant_id = s.tenant_id
          WHERE s.tenant_id = $1 ORDER BY ano DESC",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}
