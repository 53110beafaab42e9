//! The composição of a comissão over time: designações and desligamentos.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::{CARGOS, cargo_label, data_opcional};
use crate::auditoria::{self, Autor, json};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

// ---------------------------------------------------------------- composição

/// One membership of a comissão (public: no personal data).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct MembroComissao {
    pub id: Uuid,
    pub comissao_id: Uuid,
    pub parlamentar_id: Uuid,
    pub nome_parlamentar: String,
    pub slug: String,
    pub partido: Option<String>,
    pub cargo: String,
    pub titular: bool,
    #[serde(serialize_with = "data_iso")]
    pub designacao: Date,
    #[serde(serialize_with = "data_opcional")]
    pub desligamento: Option<Date>,
    pub motivo: String,
    /// The holder's gênero, for the agreement of the cargo.
    #[serde(skip)]
    pub genero: Option<String>,
}

/// A comissão cargo's label (`presidente`…) as shown for a holder of `genero`.
fn cargo_do_titular(cargo: &str, genero: Option<&str>) -> String {
    domain::composicao::cargo_para(
        cargo_label(cargo),
        genero.and_then(domain::composicao::Genero::parse),
    )
}

impl MembroComissao {
    /// The cargo's label agreeing with the holder's gênero ("Relatora").
    pub fn cargo_label(&self) -> String {
        cargo_do_titular(&self.cargo, self.genero.as_deref())
    }
}

/// `$1` tenant, `$2` today.
pub(super) const MEMBRO: &str = "SELECT m.id, m.comissao_id, m.parlamentar_id, p.nome_parlamentar, p.slug,
    (SELECT pa.sigla FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
      WHERE f.tenant_id = m.tenant_id AND f.parlamentar_id = m.parlamentar_id
        AND daterange(f.inicio, f.fim, '[)') @> LEAST(m.desligamento, $2::date) LIMIT 1) AS partido,
    m.cargo, m.titular, m.designacao, m.desligamento, m.motivo, p.genero
    FROM app.membro_comissao m
    JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id";

pub(super) const ORDEM_MEMBRO: &str =
    "array_position(ARRAY['presidente', 'vice-presidente', 'relator', 'membro'], m.cargo),
    m.titular DESC, p.nome_parlamentar, m.designacao";

/// A comissão's members: those serving on `hoje` (or designated for later) and those who
/// left.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Composicao {
    pub atuais: Vec<MembroComissao>,
    pub anteriores: Vec<MembroComissao>,
}

pub async fn composicao(tx: &mut TenantTx, comissao_id: Uuid, hoje: Date) -> Result<Composicao> {
    let tenant = tx.tenant_id();
    let todos: Vec<MembroComissao> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEMBRO} WHERE m.tenant_id = $1 AND m.comissao_id = $3 ORDER BY {ORDEM_MEMBRO}"
    )))
    .bind(tenant)
    .bind(hoje)
    .bind(comissao_id)
    .fetch_all(tx.conn())
    .await?;
    let (atuais, anteriores) = todos
        .into_iter()
        .partition(|m| m.desligamento.is_none_or(|d| d >= hoje));
    Ok(Composicao { atuais, anteriores })
}

pub async fn membro(tx: &mut TenantTx, id: Uuid) -> Result<Option<MembroComissao>> {
    let tenant = tx.tenant_id();
    let hoje = crate::camara::hoje(tx).await?;
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MEMBRO} WHERE m.tenant_id = $1 AND m.id = $3"
    )))
    .bind(tenant)
    .bind(hoje)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// What an administrator fills in to designate a member.
#[derive(Debug, Clone)]
pub struct NovoMembroComissao {
    pub comissao_id: Uuid,
    pub parlamentar_id: Uuid,
    pub cargo: String,
    pub titular: bool,
    pub designacao: Date,
}

pub async fn designar(tx: &mut TenantTx, autor: &Autor, n: &NovoMembroComissao) -> Result<Uuid> {
    if !CARGOS.iter().any(|(v, _)| *v == n.cargo) {
        return Err(invalido("cargo", "Escolha o cargo na comissão."));
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.membro_comissao (tenant_id, id, comissao_id, parlamentar_id, cargo, titular, designacao)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(id)
    .bind(n.comissao_id)
    .bind(n.parlamentar_id)
    .bind(&n.cargo)
    .bind(n.titular)
    .bind(n.designacao)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = membro(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "membro_comissao",
        id,
        "designar",
        None,
        json(&depois),
    )
    .await?;
    Ok(id)
}

/// Ends a membership on `data` (its last day), with the reason.
pub async fn desligar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    data: Date,
    motivo: &str,
) -> Result<()> {
    let antes = membro(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Membro da comissão não encontrado.".into()))?;
    if antes.desligamento.is_some() {
        return Err(Error::Conflict(
            "Esse membro já foi desligado da comissão.".into(),
        ));
    }
    if data < antes.designacao {
        return Err(invalido(
            "desligamento",
            "O desligamento não pode ser anterior à designação.",
        ));
    }
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.membro_comissao SET desligamento = $3, motivo = $4 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(data)
    .bind(motivo.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = membro(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "membro_comissao",
        id,
        "desligar",
        json(&antes),
        json(&depois),
    )
    .await
}

/// Deletes a membership entered by mistake (otherwise, [`desligar`]).
pub async fn remover_membro(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = membro(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Membro da comissão não encontrado.".into()))?;
    auditoria::apagar(tx, autor, "membro_comissao", id, "remover", json(&antes)).await
}

/// A parlamentar's seat in a comissão (for the parlamentar's public page).
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct ParticipacaoComissao {
    pub comissao_id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub tipo: String,
    pub cargo: String,
    pub titular: bool,
    #[serde(with = "crate::infra::datas::iso")]
    pub designacao: Date,
    #[serde(with = "crate::infra::datas::iso_opt")]
    pub desligamento: Option<Date>,
    /// Serving today.
    pub atual: bool,
    #[serde(skip_serializing)]
    pub genero: Option<String>,
}

impl ParticipacaoComissao {
    /// The cargo's label agreeing with the holder's gênero ("Relatora").
    pub fn cargo_label(&self) -> String {
        cargo_do_titular(&self.cargo, self.genero.as_deref())
    }

    pub fn caminho(&self) -> String {
        format!("/legislativo/comissoes/{}", self.sigla.to_lowercase())
    }
}

/// Every comissão the parlamentar `parlamentar` served in, the current seats first, then the
/// latest; `hoje` is today (SQL expressions).
pub(crate) fn comissoes_do_parlamentar_sql(parlamentar: &str, hoje: &str) -> String {
    format!(
        "SELECT c.id AS comissao_id, c.sigla, c.nome, c.tipo, m.cargo, m.titular, m.designacao,
                m.desligamento, (m.desligamento IS NULL OR m.desligamento >= {hoje}) AS atual, p.genero
           FROM app.membro_comissao m
           JOIN app.comissao c ON c.tenant_id = m.tenant_id AND c.id = m.comissao_id
           JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id
          WHERE m.tenant_id = $1 AND m.parlamentar_id = {parlamentar}
          ORDER BY (m.desligamento IS NULL OR m.desligamento >= {hoje}) DESC, m.designacao DESC, c.nome"
    )
}

/// Every comissão a parlamentar served in, the current seats first, then the latest.
pub async fn comissoes_do_parlamentar(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
) -> Result<Vec<ParticipacaoComissao>> {
    let tenant = tx.tenant_id();
    let hoje = crate::camara::hoje(tx).await?;
    Ok(
        sqlx::query_as(sqlx::AssertSqlSafe(comissoes_do_parlamentar_sql(
            "$2", "$3",
        )))
        .bind(tenant)
        .bind(parlamentar_id)
        .bind(hoje)
        .fetch_all(tx.conn())
        .await?,
    )
}
