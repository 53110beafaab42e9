//! Comissões in the open data (`/api/v1/comissoes`), JSON and CSV.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::membros::ORDEM_MEMBRO;
use super::{COMISSAO, Comissao, data_opcional};
use crate::composicao::data_iso;
use crate::infra::aberto::{Celula, dados_e_csv};
use crate::{Result, TenantTx};

// ---------------------------------------------------------------- open data

/// A current member, as `/api/v1/comissoes` lists them inside each comissão.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MembroAtualDados {
    pub parlamentar_id: Uuid,
    pub nome_parlamentar: String,
    pub cargo: String,
    pub titular: bool,
}

impl Celula for MembroAtualDados {
    fn celula(&self) -> String {
        let papel = if self.titular { "titular" } else { "suplente" };
        format!("{} ({}, {papel})", self.nome_parlamentar, self.cargo)
    }
}

dados_e_csv! {
    /// A comissão in `/api/v1/comissoes` (JSON), with its current members.
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    ComissaoDados /
    /// The same comissão as one flat CSV row: `membros` lists the current members as
    /// `Nome (cargo, titular|suplente)` separated by `; `.
    #[derive(Debug, Clone, Serialize)]
    ComissaoCsv {
        id: Uuid,
        sigla: String,
        nome: String,
        tipo: String,
        finalidade: String,
        #[serde(serialize_with = "data_iso")]
        criacao: Date,
        #[serde(serialize_with = "data_opcional")]
        prazo: Option<Date>,
        #[serde(serialize_with = "data_opcional")]
        extincao: Option<Date>,
        ativa: bool,
        uri: String,
        [membros: MembroAtualDados],
    }
}

#[derive(FromRow)]
struct LinhaMembro {
    comissao_id: Uuid,
    parlamentar_id: Uuid,
    nome_parlamentar: String,
    cargo: String,
    titular: bool,
}

/// Comissões by sigla after `depois` (the cursor), active and extinct, each with the
/// members serving on `hoje`.
pub async fn dados_abertos(
    tx: &mut TenantTx,
    depois: Option<&str>,
    limite: i64,
    hoje: Date,
) -> Result<Vec<ComissaoDados>> {
    let tenant = tx.tenant_id();
    let lista: Vec<Comissao> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COMISSAO} WHERE tenant_id = $1 AND ($2::text IS NULL OR sigla > $2) ORDER BY sigla LIMIT $3"
    )))
    .bind(tenant)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?;
    let ids: Vec<Uuid> = lista.iter().map(|c| c.id).collect();
    let membros: Vec<LinhaMembro> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.comissao_id, m.parlamentar_id, p.nome_parlamentar, m.cargo, m.titular
           FROM app.membro_comissao m
           JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id
          WHERE m.tenant_id = $1 AND m.comissao_id = ANY($2)
            AND m.designacao <= $3 AND (m.desligamento IS NULL OR m.desligamento >= $3)
          ORDER BY {ORDEM_MEMBRO}"
    )))
    .bind(tenant)
    .bind(&ids)
    .bind(hoje)
    .fetch_all(tx.conn())
    .await?;
    Ok(lista
        .into_iter()
        .map(|c| ComissaoDados {
            uri: c.caminho(),
            membros: membros
                .iter()
                .filter(|m| m.comissao_id == c.id)
                .map(|m| MembroAtualDados {
                    parlamentar_id: m.parlamentar_id,
                    nome_parlamentar: m.nome_parlamentar.clone(),
                    cargo: m.cargo.clone(),
                    titular: m.titular,
                })
                .collect(),
            id: c.id,
            sigla: c.sigla,
            nome: c.nome,
            tipo: c.tipo,
            finalidade: c.finalidade,
            criacao: c.criacao,
            prazo: c.prazo,
            extincao: c.extincao,
            ativa: c.ativa,
        })
        .collect())
}
