//! The members of the mesa in each período, with history.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::*;
use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

/// A member of the mesa in one período: the public row of the portal and of the open data
/// (`/api/v1/mesa-diretora`). No personal data.
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct MembroMesa {
    pub id: Uuid,
    pub periodo_id: Uuid,
    pub parlamentar_id: Uuid,
    pub nome_parlamentar: String,
    pub slug: String,
    /// The partido on the membership's last day (or today, for a current one).
    pub partido: Option<String>,
    pub cargo_id: Uuid,
    /// The cargo as the câmara names it (masculine, as its regimento).
    pub cargo: String,
    /// The cargo agreeing with the holder's gênero ("1ª Secretária"), as the portal shows it
    /// (`domain::composicao::cargo_para`).
    #[sqlx(default)]
    #[serde(default)]
    pub cargo_do_titular: String,
    #[serde(skip_serializing)]
    pub genero: Option<String>,
    pub ordem: i32,
    #[serde(with = "crate::infra::datas::iso")]
    pub inicio: Date,
    #[serde(with = "crate::infra::datas::iso")]
    pub fim: Date,
    pub observacao: String,
}

/// A member's columns and tables; `$hoje` is today (an SQL expression).
macro_rules! membro {
    ($hoje:literal) => {
        concat!(
            "SELECT m.id, m.periodo_id, m.parlamentar_id, p.nome_parlamentar, p.slug,
    (SELECT pa.sigla FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
      WHERE f.tenant_id = m.tenant_id AND f.parlamentar_id = m.parlamentar_id
        AND daterange(f.inicio, f.fim, '[)') @> LEAST(m.fim, ",
            $hoje,
            ") LIMIT 1) AS partido,
    m.cargo_id, c.nome AS cargo, p.genero, c.ordem, m.inicio, m.fim, m.observacao
    FROM app.membro_mesa m
    JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id
    JOIN app.cargo_mesa c ON c.tenant_id = m.tenant_id AND c.id = m.cargo_id"
        )
    };
}

/// `$1` tenant, `$2` today.
const MEMBRO: &str = membro!("$2::date");

/// Every cargo of the mesa the parlamentar `parlamentar` (an SQL expression) held or holds,
/// the latest first, as a part of a one-statement page ([`crate::infra::leitura`]); read it
/// back through [`concordados`].
pub(crate) fn cargos_do_parlamentar_sql(parlamentar: &str) -> String {
    format!(
        "{} WHERE m.tenant_id = $1 AND m.parlamentar_id = {parlamentar} ORDER BY m.inicio DESC",
        membro!("b.hoje")
    )
}

impl MembroMesa {
    /// Fills [`MembroMesa::cargo_do_titular`] (every read of a member goes through here).
    fn concordado(mut self) -> Self {
        let genero = self
            .genero
            .as_deref()
            .and_then(domain::composicao::Genero::parse);
        self.cargo_do_titular = domain::composicao::cargo_para(&self.cargo, genero);
        self
    }
}

pub(crate) fn concordados(v: Vec<MembroMesa>) -> Vec<MembroMesa> {
    v.into_iter().map(MembroMesa::concordado).collect()
}

/// What an administrator fills in to designate a member.
#[derive(Debug, Clone)]
pub struct NovoMembroMesa {
    pub periodo_id: Uuid,
    pub parlamentar_id: Uuid,
    pub cargo_id: Uuid,
    pub inicio: Date,
    /// None: until the end of the período.
    pub fim: Option<Date>,
    pub observacao: String,
}

pub async fn designar(tx: &mut TenantTx, autor: &Autor, n: &NovoMembroMesa) -> Result<Uuid> {
    match cargo(tx, n.cargo_id).await? {
        Some(c) if c.ativo => {}
        Some(_) => {
            return Err(invalido(
                "cargo",
                "Esse cargo está desativado; reative-o em Cargos da Mesa.",
            ));
        }
        None => return Err(invalido("cargo", "Cargo inexistente.")),
    }
    if n.fim.is_some_and(|f| f < n.inicio) {
        return Err(invalido(
            "fim",
            "A data de fim não pode ser anterior à de início.",
        ));
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.membro_mesa (tenant_id, id, periodo_id, parlamentar_id, cargo_id, inicio, fim, observacao)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(id)
    .bind(n.periodo_id)
    .bind(n.parlamentar_id)
    .bind(n.cargo_id)
    .bind(n.inicio)
    .bind(n.fim)
    .bind(n.observacao.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = membro(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "membro_mesa",
        id,
        "designar",
        None,
        json(&depois),
    )
    .await?;
    Ok(id)
}

pub async fn membro(tx: &mut TenantTx, id: Uuid) -> Result<Option<MembroMesa>> {
    let tenant = tx.tenant_id();
    let hoje = crate::camara::hoje(tx).await?;
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEMBRO} WHERE m.tenant_id = $1 AND m.id = $3"
    )))
    .bind(tenant)
    .bind(hoje)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .map(MembroMesa::concordado))
}

/// Ends a membership on `fim` (its last day), with the reason (renúncia, licença…).
pub async fn encerrar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    fim: Date,
    observacao: &str,
) -> Result<()> {
    let antes = membro(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Membro da Mesa não encontrado.".into()))?;
    if fim < antes.inicio {
        return Err(invalido(
            "fim",
            "A data de encerramento não pode ser anterior ao início.",
        ));
    }
    if fim > antes.fim {
        return Err(invalido(
            "fim",
            "A data de encerramento não pode ser posterior ao fim atual.",
        ));
    }
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.membro_mesa SET fim = $3,
                observacao = CASE WHEN $4 = '' THEN observacao ELSE $4 END
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(fim)
    .bind(observacao.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = membro(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "membro_mesa",
        id,
        "encerrar",
        json(&antes),
        json(&depois),
    )
    .await
}

/// Deletes a membership entered by mistake (history is otherwise kept: see [`encerrar`]).
pub async fn remover(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = membro(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Membro da Mesa não encontrado.".into()))?;
    auditoria::apagar(tx, autor, "membro_mesa", id, "remover", json(&antes)).await
}

/// Every membership of a período, by cargo and then by início.
pub async fn membros_do_periodo(tx: &mut TenantTx, periodo_id: Uuid) -> Result<Vec<MembroMesa>> {
    let tenant = tx.tenant_id();
    let hoje = crate::camara::hoje(tx).await?;
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEMBRO} WHERE m.tenant_id = $1 AND m.periodo_id = $3 ORDER BY c.ordem, c.nome, m.inicio"
    )))
    .bind(tenant)
    .bind(hoje)
    .bind(periodo_id)
    .fetch_all(tx.conn())
    .await
    .map(concordados)?)
}

/// The mesa in office on `hoje`: one row per cargo held that day, by precedence.
pub async fn mesa_atual(tx: &mut TenantTx, hoje: Date) -> Result<Vec<MembroMesa>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEMBRO} WHERE m.tenant_id = $1 AND daterange(m.inicio, m.fim, '[]') @> $2::date
          ORDER BY c.ordem, c.nome"
    )))
    .bind(tenant)
    .bind(hoje)
    .fetch_all(tx.conn())
    .await
    .map(concordados)?)
}

/// One período with everyone who served in it.
#[derive(Debug, Clone, Serialize)]
pub struct MesaDoPeriodo {
    pub periodo: PeriodoMesa,
    pub membros: Vec<MembroMesa>,
}

/// The mesa's history, grouped by período, the latest first.
pub async fn historico(tx: &mut TenantTx) -> Result<Vec<MesaDoPeriodo>> {
    let periodos = periodos(tx).await?;
    let tenant = tx.tenant_id();
    let hoje = crate::camara::hoje(tx).await?;
    let todos: Vec<MembroMesa> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEMBRO} WHERE m.tenant_id = $1 ORDER BY c.ordem, c.nome, m.inicio"
    )))
    .bind(tenant)
    .bind(hoje)
    .fetch_all(tx.conn())
    .await
    .map(concordados)?;
    Ok(periodos
        .into_iter()
        .map(|p| MesaDoPeriodo {
            membros: todos
                .iter()
                .filter(|m| m.periodo_id == p.id)
                .cloned()
                .collect(),
            periodo: p,
        })
        .collect())
}

/// The obligatory (active) cargos nobody holds on `dia` in `periodo`: the admin shows them
/// as a warning. `dia` is brought inside the período (its start for a future one, its end
/// for a past one).
pub async fn cargos_vagos(
    tx: &mut TenantTx,
    periodo: &PeriodoMesa,
    dia: Date,
) -> Result<Vec<CargoMesa>> {
    let dia = dia.clamp(periodo.inicio, periodo.fim);
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT c.id, c.nome, c.ordem, c.obrigatorio, c.ativo FROM app.cargo_mesa c
          WHERE c.tenant_id = $1 AND c.ativo AND c.obrigatorio
            AND NOT EXISTS (SELECT 1 FROM app.membro_mesa m
                             WHERE m.tenant_id = c.tenant_id AND m.cargo_id = c.id
                               AND m.periodo_id = $2
                               AND daterange(m.inicio, m.fim, '[]') @> $3::date)
          ORDER BY c.ordem, c.nome",
    )
    .bind(tenant)
    .bind(periodo.id)
    .bind(dia)
    .fetch_all(tx.conn())
    .await?)
}

/// Every cargo of the mesa a parlamentar held or holds, the latest first.
pub async fn cargos_mesa_do_parlamentar(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
) -> Result<Vec<MembroMesa>> {
    let tenant = tx.tenant_id();
    let hoje = crate::camara::hoje(tx).await?;
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEMBRO} WHERE m.tenant_id = $1 AND m.parlamentar_id = $3 ORDER BY m.inicio DESC"
    )))
    .bind(tenant)
    .bind(hoje)
    .bind(parlamentar_id)
    .fetch_all(tx.conn())
    .await
    .map(concordados)?)
}
