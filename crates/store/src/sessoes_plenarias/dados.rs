//! Sessões in the open data (`/api/v1/sessoes`).

use serde::Serialize;
use uuid::Uuid;

use super::agenda::{COLUNAS, TABELAS};
use super::{SessaoPlenaria, rfc3339};
use crate::{Result, TenantTx};

/// A sessão in the open data (`/api/v1/sessoes`, JSON and CSV): no personal data.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessaoPlenariaDados {
    pub id: Uuid,
    pub numero: i32,
    pub tipo: String,
    /// "15ª Sessão Ordinária da 2ª Sessão Legislativa".
    pub titulo: String,
    /// Number of the sessão legislativa and of the legislatura.
    pub sessao_legislativa: i32,
    pub legislatura: i32,
    /// The date (ISO 8601) and times (HH:MM) in the câmara's time zone.
    pub data: String,
    pub hora: String,
    pub hora_fim: Option<String>,
    /// The instants, RFC 3339 in UTC.
    pub inicio: String,
    pub fim: Option<String>,
    pub local: String,
    /// `agendada`, `aberta`, `suspensa`, `encerrada`, `cancelada`, or `nao_realizada` (a past
    /// sessão never opened).
    pub status: String,
    pub motivo_cancelamento: Option<String>,
    pub observacoes: String,
    /// The sessão's public page.
    pub uri: String,
}

impl From<SessaoPlenaria> for SessaoPlenariaDados {
    fn from(s: SessaoPlenaria) -> Self {
        let status = s.exibicao().as_str();
        Self {
            titulo: s.titulo(),
            uri: format!("/legislativo/sessoes/{}", s.id),
            data: format!(
                "{:04}-{:02}-{:02}",
                s.dia.year(),
                u8::from(s.dia.month()),
                s.dia.day()
            ),
            inicio: rfc3339(s.inicio),
            fim: s.fim.map(rfc3339),
            id: s.id,
            numero: s.numero,
            tipo: s.tipo,
            sessao_legislativa: s.sessao_legislativa_numero,
            legislatura: s.legislatura_numero,
            hora: s.hora,
            hora_fim: s.hora_fim,
            local: s.local,
            status: status.to_owned(),
            motivo_cancelamento: s.motivo_cancelamento,
            observacoes: s.observacoes,
        }
    }
}

/// One page of the open data, oldest first; `depois` is the cursor (the last id of the
/// previous page).
pub async fn dados(
    tx: &mut TenantTx,
    ano: Option<i32>,
    tipo: Option<Uuid>,
    depois: Option<Uuid>,
    limite: i64,
) -> Result<Vec<SessaoPlenariaDados>> {
    let tenant = tx.tenant_id();
    let lista: Vec<SessaoPlenaria> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS}
          WHERE s.tenant_id = $1
            AND ($2::int IS NULL OR extract(year FROM s.inicio AT TIME ZONE c.fuso_horario) = $2)
            AND ($3::uuid IS NULL OR s.tipo_id = $3)
            AND ($4::uuid IS NULL OR (s.inicio, s.id) > (
                SELECT x.inicio, x.id FROM app.sessao_plenaria x WHERE x.tenant_id = $1 AND x.id = $4))
          ORDER BY s.inicio, s.id LIMIT $5"
    )))
    .bind(tenant)
    .bind(ano)
    .bind(tipo)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?;
    Ok(lista.into_iter().map(SessaoPlenariaDados::from).collect())
}
