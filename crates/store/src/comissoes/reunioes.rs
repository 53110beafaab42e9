//! Reuniões de comissão (simple for now: the session engine will generalise them): number
//! per comissão and year, date, time and place, the pauta (proposições distributed to the
//! comissão), the presença of its members and the ata (Markdown).

use serde::Serialize;
use sqlx::FromRow;
use time::{Date, Time};
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::infra::{contador, recusas};
use crate::{Error, Result, TenantTx};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Reuniao {
    pub id: Uuid,
    pub comissao_id: Uuid,
    pub numero: i32,
    pub ano: i32,
    #[serde(serialize_with = "data_iso")]
    pub data: Date,
    pub hora: Time,
    pub local: String,
    pub ata: String,
}

impl Reuniao {
    /// "3ª Reunião de 2026".
    pub fn titulo(&self) -> String {
        format!("{}ª Reunião de {}", self.numero, self.ano)
    }

    pub fn hora_texto(&self) -> String {
        format!("{:02}:{:02}", self.hora.hour(), self.hora.minute())
    }

    pub fn ata_html(&self) -> String {
        domain::texto::markdown_seguro(&self.ata)
    }
}

const REUNIAO: &str =
    "SELECT id, comissao_id, numero, ano, data, hora, local, ata FROM app.reuniao_comissao";

/// What the secretaria fills in for a reunião.
#[derive(Debug, Clone)]
pub struct DadosReuniao {
    pub data: Date,
    pub hora: Time,
    pub local: String,
    pub ata: String,
}

pub async fn reuniao(tx: &mut TenantTx, id: Uuid) -> Result<Option<Reuniao>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{REUNIAO} WHERE tenant_id = $1 AND id = $2")),
        id,
    )
    .await
}

/// A page of a comissão's reuniões, the latest first, with the total.
pub async fn reunioes(
    tx: &mut TenantTx,
    comissao_id: Uuid,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Reuniao>, i64)> {
    let tenant = tx.tenant_id();
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.reuniao_comissao WHERE tenant_id = $1 AND comissao_id = $2",
    )
    .bind(tenant)
    .bind(comissao_id)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{REUNIAO} WHERE tenant_id = $1 AND comissao_id = $2
          ORDER BY data DESC, hora DESC, id DESC LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(comissao_id)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// Schedules a reunião, numbered within the comissão and the year (gapless).
pub async fn criar(
    tx: &mut TenantTx,
    autor: &Autor,
    comissao_id: Uuid,
    d: &DadosReuniao,
) -> Result<Reuniao> {
    let tenant = tx.tenant_id();
    let c = super::por_id(tx, comissao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Comissão não encontrada.".into()))?;
    if !c.ativa {
        return Err(Error::Conflict(
            "Uma comissão extinta não se reúne mais.".into(),
        ));
    }
    let ano = d.data.year();
    let numero = contador::proximo(tx, &format!("reuniao_comissao:{comissao_id}:{ano}")).await?;
    let numero = i32::try_from(numero)
        .map_err(|_| Error::Conflict("A numeração das reuniões se esgotou.".into()))?;
    let r = com_dados(tx, d, sqlx::query_as(
        "INSERT INTO app.reuniao_comissao (tenant_id, id, comissao_id, numero, ano, data, hora, local, ata)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, comissao_id, numero, ano, data, hora, local, ata",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(comissao_id)
    .bind(numero)
    .bind(ano))
    .await?;
    auditoria::mudanca(
        tx,
        autor,
        "reuniao_comissao",
        r.id,
        "criar",
        None,
        auditoria::json(&r),
    )
    .await?;
    Ok(r)
}

/// Changes a reunião's date, time, place and ata (its number stays: the year may not).
pub async fn editar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosReuniao,
) -> Result<Reuniao> {
    let tenant = tx.tenant_id();
    let antes = reuniao(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Reunião não encontrada.".into()))?;
    if d.data.year() != antes.ano {
        return Err(invalido(
            "data",
            "A reunião é numerada no seu ano: a nova data deve ser do mesmo ano.",
        ));
    }
    let r = com_dados(
        tx,
        d,
        sqlx::query_as(
            "UPDATE app.reuniao_comissao SET data = $3, hora = $4, local = $5, ata = $6
          WHERE tenant_id = $1 AND id = $2
         RETURNING id, comissao_id, numero, ano, data, hora, local, ata",
        )
        .bind(tenant)
        .bind(id),
    )
    .await?;
    auditoria::mudanca(
        tx,
        autor,
        "reuniao_comissao",
        id,
        "editar",
        auditoria::json(&antes),
        auditoria::json(&r),
    )
    .await?;
    Ok(r)
}

type ConsultaReuniao<'q> =
    sqlx::query::QueryAs<'q, sqlx::Postgres, Reuniao, sqlx::postgres::PgArguments>;

/// Binds a reunião's date, time, place and ata as the statement's last parameters and runs it.
async fn com_dados(tx: &mut TenantTx, d: &DadosReuniao, q: ConsultaReuniao<'_>) -> Result<Reuniao> {
    q.bind(d.data)
        .bind(d.hora)
        .bind(d.local.trim().to_owned())
        .bind(d.ata.trim().to_owned())
        .fetch_one(tx.conn())
        .await
        .map_err(recusas::mapear)
}

/// One item of a reunião's pauta.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ItemPauta {
    pub reuniao_id: Uuid,
    pub ordem: i16,
    pub proposicao_id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
}

impl ItemPauta {
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }
}

/// The pautas of the reuniões `ids`, in order.
pub async fn pautas(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<ItemPauta>> {
    tx.linhas(
        "SELECT i.reuniao_id, i.ordem, p.id AS proposicao_id, t.sigla, p.numero, p.ano, p.ementa
           FROM app.reuniao_pauta i
           JOIN app.proposicao p ON p.tenant_id = i.tenant_id AND p.id = i.proposicao_id
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE i.tenant_id = $1 AND i.reuniao_id = ANY($2)
          ORDER BY i.reuniao_id, i.ordem",
        ids,
    )
    .await
}

/// Puts a proposição distributed to the comissão on the reunião's pauta (at the end).
pub async fn incluir_na_pauta(
    tx: &mut TenantTx,
    autor: &Autor,
    reuniao_id: Uuid,
    proposicao_id: Uuid,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let r = reuniao(tx, reuniao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Reunião não encontrada.".into()))?;
    let distribuida: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.distribuicao
                         WHERE tenant_id = $1 AND comissao_id = $2 AND proposicao_id = $3)",
    )
    .bind(tenant)
    .bind(r.comissao_id)
    .bind(proposicao_id)
    .fetch_one(tx.conn())
    .await?;
    if !distribuida {
        return Err(invalido(
            "proposicao_id",
            "Só entram na pauta proposições distribuídas a esta comissão.",
        ));
    }
    let ordem: i16 = sqlx::query_scalar(
        "SELECT (COALESCE(max(ordem), 0) + 1)::smallint FROM app.reuniao_pauta WHERE tenant_id = $1 AND reuniao_id = $2",
    )
    .bind(tenant)
    .bind(r.id)
    .fetch_one(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO app.reuniao_pauta (tenant_id, id, reuniao_id, proposicao_id, ordem)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(r.id)
    .bind(proposicao_id)
    .bind(ordem)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "reuniao_comissao",
        Some(&r.id.to_string()),
        "incluir_na_pauta",
        None,
        Some(serde_json::json!({ "proposicao_id": proposicao_id, "ordem": ordem })),
    )
    .await
}

/// The presença of each member serving on the reunião's date: (membership, name, present).
pub async fn presencas(tx: &mut TenantTx, reuniao_id: Uuid) -> Result<Vec<(Uuid, String, bool)>> {
    let r = reuniao(tx, reuniao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Reunião não encontrada.".into()))?;
    let membros = super::pareceres::membros_em(tx, r.comissao_id, r.data).await?;
    let tenant = tx.tenant_id();
    let presentes: Vec<Uuid> = sqlx::query_scalar(
        "SELECT membro_id FROM app.reuniao_presenca WHERE tenant_id = $1 AND reuniao_id = $2 AND presente",
    )
    .bind(tenant)
    .bind(r.id)
    .fetch_all(tx.conn())
    .await?;
    Ok(membros
        .into_iter()
        .map(|(id, nome)| {
            let p = presentes.contains(&id);
            (id, nome, p)
        })
        .collect())
}

/// Records who was present (`presentes`); every other member serving on the date was not.
pub async fn registrar_presenca(
    tx: &mut TenantTx,
    autor: &Autor,
    reuniao_id: Uuid,
    presentes: &[Uuid],
) -> Result<()> {
    let tenant = tx.tenant_id();
    let lista = presencas(tx, reuniao_id).await?;
    if let Some(m) = presentes
        .iter()
        .find(|m| !lista.iter().any(|(x, _, _)| x == *m))
    {
        return Err(invalido(
            "presenca",
            format!("Só os membros em exercício na data da reunião têm presença ({m})."),
        ));
    }
    for (membro, _, _) in &lista {
        sqlx::query(
            "INSERT INTO app.reuniao_presenca (tenant_id, id, reuniao_id, membro_id, presente)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (tenant_id, reuniao_id, membro_id) DO UPDATE SET presente = EXCLUDED.presente",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(reuniao_id)
        .bind(membro)
        .bind(presentes.contains(membro))
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    auditoria::registrar(
        tx,
        autor,
        "reuniao_comissao",
        Some(&reuniao_id.to_string()),
        "presenca",
        None,
        Some(serde_json::json!({ "presentes": presentes })),
    )
    .await
}
