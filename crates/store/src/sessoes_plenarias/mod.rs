//! Sessões plenárias as scheduled entries: tipos, numbering, calendar.
//!
//! A sessão is numbered per sessão legislativa and tipo ("15ª Sessão Ordinária da 2ª Sessão
//! Legislativa") from the gapless counters of [`contador`](crate::infra::contador), scope
//! `sessao:<sessao_legislativa_id>:<tipo_id>`. Its sessão legislativa is derived from its
//! date in the câmara's time zone. Dates and times come in and go out in that time zone;
//! the database keeps instants (`timestamptz`).

use time::OffsetDateTime;
use uuid::Uuid;

mod agenda;
pub mod ata;
mod ciclo;
mod consultas;
mod dados;
pub mod oradores;
pub mod painel;
pub mod pauta;
pub mod presenca;
mod tipos;
pub mod votacao;

pub use agenda::*;
pub use ciclo::*;
pub use consultas::*;
pub use dados::*;
pub use domain::sessoes_plenarias::StatusSessao;
pub use tipos::*;

/// The tipos every câmara starts with (name, order).
pub const TIPOS_PADRAO: &[(&str, i32)] = &[
    ("Ordinária", 1),
    ("Extraordinária", 2),
    ("Solene", 3),
    ("Especial", 4),
];

/// The phases of the regimento every câmara starts with (name, order, is the ordem do dia).
pub const FASES_PADRAO: &[(&str, i32, bool)] = &[
    ("Pequeno Expediente", 1, false),
    ("Grande Expediente", 2, false),
    ("Ordem do Dia", 3, true),
    ("Explicações Pessoais", 4, false),
];

/// The default rows a new câmara starts with. Provisioning calls it inside its transaction,
/// as the owner role with the câmara's tenant set; a migration that adds defaults must do
/// the same for the câmaras that already exist.
pub(crate) async fn padroes(conn: &mut sqlx::PgConnection, tenant_id: i32) -> crate::Result<()> {
    sqlx::query(
        "INSERT INTO app.regimento_sessao (tenant_id, id) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING",
    )
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .execute(&mut *conn)
    .await?;
    for (nome, ordem, od) in FASES_PADRAO {
        sqlx::query(
            "INSERT INTO app.fase_sessao (tenant_id, id, nome, ordem, ordem_do_dia) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (tenant_id, nome) DO NOTHING",
        )
        .bind(tenant_id)
        .bind(Uuid::now_v7())
        .bind(nome)
        .bind(ordem)
        .bind(od)
        .execute(&mut *conn)
        .await?;
    }
    for (nome, ordem) in TIPOS_PADRAO {
        sqlx::query(
            "INSERT INTO app.tipo_sessao (tenant_id, id, nome, ordem) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, nome) DO NOTHING",
        )
        .bind(tenant_id)
        .bind(Uuid::now_v7())
        .bind(nome)
        .bind(ordem)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Instants leave the system as RFC 3339 (`2026-11-03T21:00:00Z`).
pub fn instante_iso<S: serde::Serializer>(
    t: &OffsetDateTime,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*t))
}

fn instante_iso_opt<S: serde::Serializer>(
    t: &Option<OffsetDateTime>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(*t)),
        None => s.serialize_none(),
    }
}

/// `2026-11-03T21:00:00Z` (UTC, whole seconds).
pub fn rfc3339(t: OffsetDateTime) -> String {
    let u = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        u.year(),
        u8::from(u.month()),
        u.day(),
        u.hour(),
        u.minute(),
        u.second()
    )
}
