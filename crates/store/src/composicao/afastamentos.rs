//! Afastamentos: a mandato's interruptions (licenças, cargo no Executivo).

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::*;
use crate::auditoria::Autor;
use crate::{Result, TenantTx};

/// The kinds of afastamento, with their labels.
pub const TIPOS_AFASTAMENTO: &[(&str, &str)] = &[
    ("licenca_saude", "Licença para tratamento de saúde"),
    (
        "licenca_particular",
        "Licença para tratar de interesse particular",
    ),
    ("cargo_executivo", "Investidura em cargo no Executivo"),
    ("outro", "Outro"),
];

pub fn tipo_afastamento_label(tipo: &str) -> &'static str {
    TIPOS_AFASTAMENTO
        .iter()
        .find(|(t, _)| *t == tipo)
        .map(|(_, l)| *l)
        .unwrap_or("Outro")
}

#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct Afastamento {
    pub id: Uuid,
    pub mandato_id: Uuid,
    pub tipo: String,
    #[serde(with = "crate::infra::datas::iso")]
    pub inicio: Date,
    #[serde(with = "crate::infra::datas::iso_opt")]
    pub fim: Option<Date>,
    pub suplente_id: Option<Uuid>,
    pub suplente_nome: Option<String>,
    pub suplente_slug: Option<String>,
    pub observacao: String,
}

impl Afastamento {
    pub fn tipo_label(&self) -> &'static str {
        tipo_afastamento_label(&self.tipo)
    }
}

pub(super) const AFASTAMENTO: &str = "a.id, a.mandato_id, a.tipo, a.inicio, a.fim, a.suplente_id,
        s.nome_parlamentar AS suplente_nome, s.slug AS suplente_slug, a.observacao
    FROM app.afastamento a
    JOIN app.mandato m ON m.tenant_id = a.tenant_id AND m.id = a.mandato_id
    LEFT JOIN app.parlamentar s ON s.tenant_id = a.tenant_id AND s.id = a.suplente_id";

pub(super) async fn afastamentos_do_mandato(
    tx: &mut TenantTx,
    mandato: Uuid,
) -> Result<Vec<Afastamento>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "SELECT {AFASTAMENTO} WHERE a.tenant_id = $1 AND a.mandato_id = $2 ORDER BY a.inicio"
        )),
        mandato,
    )
    .await
}

pub async fn afastamento(tx: &mut TenantTx, id: Uuid) -> Result<Option<Afastamento>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!(
            "SELECT {AFASTAMENTO} WHERE a.tenant_id = $1 AND a.id = $2"
        )),
        id,
    )
    .await
}

/// What the afastamento form edits.
#[derive(Debug, Clone)]
pub struct DadosAfastamento {
    pub tipo: String,
    pub inicio: Date,
    pub fim: Option<Date>,
    pub suplente: Option<Uuid>,
    pub observacao: String,
}

pub async fn criar_afastamento(
    tx: &mut TenantTx,
    autor: &Autor,
    mandato: Uuid,
    d: &DadosAfastamento,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.afastamento (tenant_id, id, mandato_id, tipo, inicio, fim, suplente_id, observacao)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(id)
    .bind(mandato)
    .bind(&d.tipo)
    .bind(d.inicio)
    .bind(d.fim)
    .bind(d.suplente)
    .bind(d.observacao.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "afastamento", id, "criar", None, Some(serde_json::json!({ "mandato": mandato, "tipo": d.tipo, "inicio": d.inicio, "fim": d.fim, "suplente": d.suplente }))).await?;
    Ok(id)
}

pub async fn editar_afastamento(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosAfastamento,
) -> Result<()> {
    let antes = afastamento(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Afastamento"))?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.afastamento SET tipo = $3, inicio = $4, fim = $5, suplente_id = $6, observacao = $7
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(&d.tipo)
    .bind(d.inicio)
    .bind(d.fim)
    .bind(d.suplente)
    .bind(d.observacao.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "afastamento", id, "editar", json(&antes), Some(serde_json::json!({ "tipo": d.tipo, "inicio": d.inicio, "fim": d.fim, "suplente": d.suplente }))).await
}

pub async fn excluir_afastamento(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = afastamento(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Afastamento"))?;
    crate::auditoria::apagar(tx, autor, "afastamento", id, "excluir", json(&antes)).await
}
