//! The avulso: a proposição's PDF, rendered by the job `proposicao.avulso` (crates/jobs)
//! whenever what it prints changes (triggers of migration 0022 enqueue it), kept here with
//! its SHA-256 and served publicly. Never rendered in a request.

use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::proposicoes::{autores, editar};
use crate::{Result, TenantTx};

/// The job's tipo.
pub const JOB_AVULSO: &str = "proposicao.avulso";

/// What the avulso prints.
#[derive(Debug, Clone)]
pub struct Conteudo {
    pub camara: String,
    pub identificacao: String,
    pub tipo: String,
    pub apresentada_em: Date,
    pub ementa: String,
    pub autores: Vec<String>,
    pub texto: String,
    pub justificativa: String,
}

impl Conteudo {
    /// The SHA-256 of everything printed: an unchanged one is not rendered again.
    pub fn fonte(&self) -> String {
        let mut s = String::new();
        for parte in [
            &self.camara,
            &self.identificacao,
            &self.tipo,
            &self.apresentada_em.to_string(),
            &self.ementa,
            &self.autores.join("\u{1f}"),
            &self.texto,
            &self.justificativa,
        ] {
            s.push_str(parte);
            s.push('\u{1e}');
        }
        crate::protocolo::sha256_hex(s.as_bytes())
    }
}

/// What proposição `id` prints now (`None` when it is gone).
pub async fn conteudo(tx: &mut TenantTx, id: Uuid) -> Result<Option<Conteudo>> {
    let Some(p) = editar::por_id(tx, id).await? else {
        return Ok(None);
    };
    let autores = autores::listar(tx, id).await?;
    let camara = crate::camara::config(tx)
        .await?
        .map(|c| c.nome)
        .unwrap_or_default();
    Ok(Some(Conteudo {
        camara,
        identificacao: p.identificacao(),
        tipo: p.tipo_nome.clone(),
        apresentada_em: p.apresentada_em,
        ementa: p.ementa,
        autores: autores.into_iter().map(|a| a.nome).collect(),
        texto: p.texto,
        justificativa: p.justificativa,
    }))
}

/// The fonte of the stored avulso of `proposicao`, if any.
pub async fn fonte_guardada(tx: &mut TenantTx, proposicao: Uuid) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT fonte FROM app.proposicao_avulso WHERE tenant_id = $1 AND proposicao_id = $2",
    )
    .bind(tx.tenant_id())
    .bind(proposicao)
    .fetch_optional(tx.conn())
    .await?)
}

/// Keeps the rendered PDF (replacing the previous one).
pub async fn guardar(tx: &mut TenantTx, proposicao: Uuid, fonte: &str, pdf: &[u8]) -> Result<()> {
    sqlx::query(
        "INSERT INTO app.proposicao_avulso (tenant_id, id, proposicao_id, fonte, pdf, sha256)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, proposicao_id) DO UPDATE
            SET fonte = EXCLUDED.fonte, pdf = EXCLUDED.pdf, sha256 = EXCLUDED.sha256,
                gerado_em = now()",
    )
    .bind(tx.tenant_id())
    .bind(Uuid::now_v7())
    .bind(proposicao)
    .bind(fonte)
    .bind(pdf)
    .bind(crate::protocolo::sha256_hex(pdf))
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    Ok(())
}

/// A stored avulso.
#[derive(Debug, Clone, FromRow)]
pub struct Avulso {
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub gerado_em: OffsetDateTime,
}

/// The stored avulso of `proposicao` (`None` until the job rendered it).
pub async fn avulso(tx: &mut TenantTx, proposicao: Uuid) -> Result<Option<Avulso>> {
    Ok(sqlx::query_as(
        "SELECT pdf, sha256, gerado_em FROM app.proposicao_avulso
          WHERE tenant_id = $1 AND proposicao_id = $2",
    )
    .bind(tx.tenant_id())
    .bind(proposicao)
    .fetch_optional(tx.conn())
    .await?)
}

/// Whether `proposicao` has a rendered avulso.
pub async fn existe(tx: &mut TenantTx, proposicao: Uuid) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.proposicao_avulso WHERE tenant_id = $1 AND proposicao_id = $2)",
    )
    .bind(tx.tenant_id())
    .bind(proposicao)
    .fetch_one(tx.conn())
    .await?)
}
