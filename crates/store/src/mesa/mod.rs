//! The mesa diretora: cargos (configurable), the períodos a mesa serves and its members,
//! with history.
//!
//! **Why períodos with dates, not one mesa per sessão legislativa.** A mesa is elected for a
//! term the Lei Orgânica sets: usually a biennium (two sessões legislativas), sometimes one
//! year, sometimes the whole legislatura. Tying it to a sessão legislativa would force the
//! same mesa to be re-entered every year (and make the history show duplicates). A
//! [`PeriodoMesa`] is therefore a range of dates inside a legislatura (numbered 1, 2… within
//! it; two períodos never overlap), and each membership has its own início/fim inside it, so
//! a renúncia or a substitution in the middle of the term is recorded as it happened. The
//! database refuses two holders of a cargo at once, two cargos for one parlamentar at once,
//! and a member without a mandato in the período's legislatura.
//!
//! History is never overwritten: a membership ends with a fim date ([`encerrar`]); deleting
//! one ([`remover`]) is only for a row entered by mistake.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor, json};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

mod membros;
pub use membros::*;

/// The cargos every câmara starts with: (nome, ordem, obrigatório).
pub const CARGOS_PADRAO: [(&str, i32, bool); 4] = [
    ("Presidente", 1, true),
    ("Vice-Presidente", 2, true),
    ("1º Secretário", 3, true),
    ("2º Secretário", 4, true),
];

/// The default rows a new câmara starts with. Provisioning calls it inside its transaction,
/// as the owner role with the câmara's tenant set; migration 0008 does the same for the
/// câmaras that already existed.
pub(crate) async fn padroes(conn: &mut sqlx::PgConnection, tenant_id: i32) -> crate::Result<()> {
    for (nome, ordem, obrigatorio) in CARGOS_PADRAO {
        sqlx::query(
            "INSERT INTO app.cargo_mesa (tenant_id, id, nome, ordem, obrigatorio)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(tenant_id)
        .bind(Uuid::now_v7())
        .bind(nome)
        .bind(ordem)
        .bind(obrigatorio)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- cargos

/// A cargo of the mesa (Presidente, Vice-Presidente…), ordered by precedence.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct CargoMesa {
    pub id: Uuid,
    pub nome: String,
    pub ordem: i32,
    pub obrigatorio: bool,
    pub ativo: bool,
}

/// The câmara's cargos by precedence (`todos`: the inactive ones too).
pub async fn cargos(tx: &mut TenantTx, todos: bool) -> Result<Vec<CargoMesa>> {
    tx.linhas(
        "SELECT id, nome, ordem, obrigatorio, ativo FROM app.cargo_mesa
          WHERE tenant_id = $1 AND ($2 OR ativo) ORDER BY ordem, nome",
        todos,
    )
    .await
}

pub async fn cargo(tx: &mut TenantTx, id: Uuid) -> Result<Option<CargoMesa>> {
    tx.linha("SELECT id, nome, ordem, obrigatorio, ativo FROM app.cargo_mesa WHERE tenant_id = $1 AND id = $2", id).await
}

fn validar_cargo(nome: &str, ordem: i32) -> Result<()> {
    let n = nome.trim().chars().count();
    if !(2..=60).contains(&n) {
        return Err(invalido(
            "nome",
            "O nome do cargo deve ter de 2 a 60 caracteres.",
        ));
    }
    if !(1..=99).contains(&ordem) {
        return Err(invalido("ordem", "A ordem deve ser um número de 1 a 99."));
    }
    Ok(())
}

pub async fn criar_cargo(
    tx: &mut TenantTx,
    autor: &Autor,
    nome: &str,
    ordem: i32,
    obrigatorio: bool,
) -> Result<CargoMesa> {
    validar_cargo(nome, ordem)?;
    let tenant = tx.tenant_id();
    let c: CargoMesa = sqlx::query_as(
        "INSERT INTO app.cargo_mesa (tenant_id, id, nome, ordem, obrigatorio) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, nome, ordem, obrigatorio, ativo",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(nome.trim())
    .bind(ordem)
    .bind(obrigatorio)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::mudanca(tx, autor, "cargo_mesa", c.id, "criar", None, json(&c)).await?;
    Ok(c)
}

pub async fn editar_cargo(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    nome: &str,
    ordem: i32,
    obrigatorio: bool,
    ativo: bool,
) -> Result<CargoMesa> {
    validar_cargo(nome, ordem)?;
    let antes = cargo(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Cargo não encontrado.".into()))?;
    let tenant = tx.tenant_id();
    let c: CargoMesa = sqlx::query_as(
        "UPDATE app.cargo_mesa SET nome = $3, ordem = $4, obrigatorio = $5, ativo = $6
          WHERE tenant_id = $1 AND id = $2
         RETURNING id, nome, ordem, obrigatorio, ativo",
    )
    .bind(tenant)
    .bind(id)
    .bind(nome.trim())
    .bind(ordem)
    .bind(obrigatorio)
    .bind(ativo)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::mudanca(
        tx,
        autor,
        "cargo_mesa",
        id,
        "editar",
        json(&antes),
        json(&c),
    )
    .await?;
    Ok(c)
}

// ---------------------------------------------------------------- períodos

/// The term a mesa serves (usually a biennium), inside a legislatura.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct PeriodoMesa {
    pub id: Uuid,
    pub legislatura_id: Uuid,
    pub legislatura: i32,
    pub numero: i32,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
    pub descricao: String,
}

const PERIODO: &str = "SELECT mp.id, mp.legislatura_id, l.numero AS legislatura, mp.numero, mp.inicio, mp.fim, mp.descricao
    FROM app.mesa_periodo mp JOIN app.legislatura l ON l.tenant_id = mp.tenant_id AND l.id = mp.legislatura_id";

/// Every período, the latest first.
pub async fn periodos(tx: &mut TenantTx) -> Result<Vec<PeriodoMesa>> {
    tx.todas(sqlx::AssertSqlSafe(format!(
        "{PERIODO} WHERE mp.tenant_id = $1 ORDER BY mp.inicio DESC"
    )))
    .await
}

pub async fn periodo(tx: &mut TenantTx, id: Uuid) -> Result<Option<PeriodoMesa>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PERIODO} WHERE mp.tenant_id = $1 AND mp.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// The período in force on `dia`, if any.
pub async fn periodo_em(tx: &mut TenantTx, dia: Date) -> Result<Option<PeriodoMesa>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "{PERIODO} WHERE mp.tenant_id = $1 AND daterange(mp.inicio, mp.fim, '[]') @> $2::date"
        )),
        dia,
    )
    .await
}

/// A new período, numbered after the legislatura's last one.
pub async fn criar_periodo(
    tx: &mut TenantTx,
    autor: &Autor,
    legislatura_id: Uuid,
    inicio: Date,
    fim: Date,
    descricao: &str,
) -> Result<PeriodoMesa> {
    if fim <= inicio {
        return Err(invalido(
            "fim",
            "O fim do período deve ser posterior ao início.",
        ));
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.mesa_periodo (tenant_id, id, legislatura_id, numero, inicio, fim, descricao)
         VALUES ($1, $2, $3,
                 (SELECT COALESCE(max(numero), 0) + 1 FROM app.mesa_periodo
                   WHERE tenant_id = $1 AND legislatura_id = $3),
                 $4, $5, $6)",
    )
    .bind(tenant)
    .bind(id)
    .bind(legislatura_id)
    .bind(inicio)
    .bind(fim)
    .bind(descricao.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let p = periodo(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Período não encontrado.".into()))?;
    auditoria::mudanca(tx, autor, "mesa_periodo", id, "criar", None, json(&p)).await?;
    Ok(p)
}

/// Deletes a período entered by mistake: only while nobody was designated in it.
pub async fn remover_periodo(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = periodo(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Período não encontrado.".into()))?;
    let tenant = tx.tenant_id();
    let membros: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.membro_mesa WHERE tenant_id = $1 AND periodo_id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    if membros > 0 {
        return Err(Error::Conflict(
            "O período tem membros designados e faz parte do histórico; ele não pode ser removido."
                .into(),
        ));
    }
    auditoria::apagar(tx, autor, "mesa_periodo", id, "remover", json(&antes)).await
}
