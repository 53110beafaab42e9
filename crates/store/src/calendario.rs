//! The câmara's calendar: its state and municipal holidays and its recessos parlamentares,
//! on top of the national holidays `domain::calendario` computes. Every prazo in dias úteis
//! counts over [`calendario`].

use domain::calendario::{Calendario, feriados_nacionais};
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor, json};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

/// Kinds of the câmara's own holidays: (value, label).
pub const ABRANGENCIAS: [(&str, &str); 3] = [
    ("municipal", "Feriado municipal"),
    ("estadual", "Feriado estadual"),
    ("ponto", "Ponto facultativo"),
];

pub fn abrangencia_label(a: &str) -> &'static str {
    ABRANGENCIAS
        .iter()
        .find(|(v, _)| *v == a)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// A holiday of the câmara (state, municipal, or a ponto facultativo without expediente).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Feriado {
    pub id: Uuid,
    #[serde(serialize_with = "data_iso")]
    pub data: Date,
    pub nome: String,
    pub abrangencia: String,
    pub anual: bool,
}

impl Feriado {
    pub fn abrangencia_label(&self) -> &'static str {
        abrangencia_label(&self.abrangencia)
    }
}

/// A recesso parlamentar (both ends included).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Recesso {
    pub id: Uuid,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
    pub descricao: String,
}

#[derive(Debug, Clone)]
pub struct NovoFeriado {
    pub data: Date,
    pub nome: String,
    pub abrangencia: String,
    pub anual: bool,
}

#[derive(Debug, Clone)]
pub struct NovoRecesso {
    pub inicio: Date,
    pub fim: Date,
    pub descricao: String,
}

pub async fn feriados(tx: &mut TenantTx) -> Result<Vec<Feriado>> {
    tx.todas(
        "SELECT id, data, nome, abrangencia, anual FROM app.feriado
          WHERE tenant_id = $1 ORDER BY data, id",
    )
    .await
}

pub async fn recessos(tx: &mut TenantTx) -> Result<Vec<Recesso>> {
    tx.todas(
        "SELECT id, inicio, fim, descricao FROM app.recesso
          WHERE tenant_id = $1 ORDER BY inicio, id",
    )
    .await
}

/// The years a yearly holiday is expanded to: from its first year to ten years ahead.
fn anos_de(f: &Feriado, ate: i32) -> impl Iterator<Item = Date> + '_ {
    let (mes, dia) = (f.data.month(), f.data.day());
    let de = f.data.year();
    let ate = if f.anual { ate.max(de) } else { de };
    (de..=ate).filter_map(move |a| Date::from_calendar_date(a, mes, dia).ok())
}

/// The câmara's calendar for prazos: its holidays (yearly ones repeated) and recessos.
pub async fn calendario(tx: &mut TenantTx) -> Result<Calendario> {
    let ate = crate::camara::hoje(tx).await?.year() + 10;
    let feriados = feriados(tx).await?;
    let recessos = recessos(tx).await?;
    Ok(Calendario::new(
        feriados.iter().flat_map(|f| anos_de(f, ate)),
        recessos.iter().map(|r| (r.inicio, r.fim)),
    ))
}

/// One day off in a year, as the calendar page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiaSemExpediente {
    pub data: Date,
    pub nome: String,
    /// "Nacional", "Feriado municipal", …
    pub origem: &'static str,
    /// The câmara's own holiday (deletable), when it is one.
    pub feriado_id: Option<Uuid>,
}

/// Every holiday of `ano`, national and the câmara's, in date order; and the recessos that
/// touch the year.
pub async fn ano(tx: &mut TenantTx, ano: i32) -> Result<(Vec<DiaSemExpediente>, Vec<Recesso>)> {
    let mut dias: Vec<DiaSemExpediente> = feriados_nacionais(ano)
        .into_iter()
        .map(|f| DiaSemExpediente {
            data: f.data,
            nome: f.nome.to_owned(),
            origem: "Nacional",
            feriado_id: None,
        })
        .collect();
    for f in feriados(tx).await? {
        for data in anos_de(&f, ano).filter(|d| d.year() == ano) {
            dias.push(DiaSemExpediente {
                data,
                nome: f.nome.clone(),
                origem: f.abrangencia_label(),
                feriado_id: Some(f.id),
            });
        }
    }
    dias.sort_by_key(|d| d.data);
    let recessos = recessos(tx)
        .await?
        .into_iter()
        .filter(|r| r.inicio.year() <= ano && r.fim.year() >= ano)
        .collect();
    Ok((dias, recessos))
}

pub async fn criar_feriado(tx: &mut TenantTx, autor: &Autor, n: &NovoFeriado) -> Result<Feriado> {
    if !ABRANGENCIAS.iter().any(|(v, _)| *v == n.abrangencia) {
        return Err(invalido("abrangencia", "Escolha o tipo do feriado."));
    }
    if feriados_nacionais(n.data.year())
        .iter()
        .any(|f| f.data == n.data)
    {
        return Err(invalido(
            "data",
            "Essa data já é feriado nacional; não é preciso cadastrá-la.",
        ));
    }
    let tenant = tx.tenant_id();
    let f: Feriado = sqlx::query_as(
        "INSERT INTO app.feriado (tenant_id, id, data, nome, abrangencia, anual)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, data, nome, abrangencia, anual",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(n.data)
    .bind(n.nome.trim())
    .bind(&n.abrangencia)
    .bind(n.anual)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::mudanca(tx, autor, "feriado", f.id, "criar", None, json(&f)).await?;
    Ok(f)
}

pub async fn feriado(tx: &mut TenantTx, id: Uuid) -> Result<Option<Feriado>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, data, nome, abrangencia, anual FROM app.feriado WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn excluir_feriado(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let f = feriado(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Feriado não encontrado.".into()))?;
    auditoria::apagar(tx, autor, "feriado", id, "excluir", json(&f)).await
}

pub async fn criar_recesso(tx: &mut TenantTx, autor: &Autor, n: &NovoRecesso) -> Result<Recesso> {
    let tenant = tx.tenant_id();
    let sobrepoe: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.recesso
                         WHERE tenant_id = $1 AND inicio <= $3 AND fim >= $2)",
    )
    .bind(tenant)
    .bind(n.inicio)
    .bind(n.fim)
    .fetch_one(tx.conn())
    .await?;
    if sobrepoe {
        return Err(invalido(
            "inicio",
            "Esse período coincide com outro recesso já cadastrado.",
        ));
    }
    let r: Recesso = sqlx::query_as(
        "INSERT INTO app.recesso (tenant_id, id, inicio, fim, descricao)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING id, inicio, fim, descricao",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(n.inicio)
    .bind(n.fim)
    .bind(n.descricao.trim())
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::mudanca(tx, autor, "recesso", r.id, "criar", None, json(&r)).await?;
    Ok(r)
}

pub async fn recesso(tx: &mut TenantTx, id: Uuid) -> Result<Option<Recesso>> {
    tx.linha(
        "SELECT id, inicio, fim, descricao FROM app.recesso WHERE tenant_id = $1 AND id = $2",
        id,
    )
    .await
}

pub async fn excluir_recesso(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let r = recesso(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Recesso não encontrado.".into()))?;
    auditoria::apagar(tx, autor, "recesso", id, "excluir", json(&r)).await
}
