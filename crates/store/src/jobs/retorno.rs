//! "Retorna ao autor": a tramitação whose status has `retorna_ao_autor` tells the authors by
//! e-mail, through the queue (job `proposicao.retorno`, crates/jobs): the users linked to
//! parlamentar authors and, for a proposição with another kind of author, the e-mail of the
//! interessado of its protocolo. While such a tramitação is open, the author's page shows
//! the proposição as "devolvida ao autor" with its despacho.

use std::collections::HashMap;

use sqlx::FromRow;
use uuid::Uuid;

use super::Novo;
use crate::tramitacao::consultas::{ABERTA, CORRECAO, IDENT};
use crate::tramitacao::tramitar::Enviada;
use crate::{Result, TenantTx};

/// The job's tipo.
pub const JOB_RETORNO: &str = "proposicao.retorno";

/// The hook at the end of `tramitacao::tramitar::lote`: a job for each tramitação of `feitas`
/// whose status returns the proposição to its author (in the tramitação's transaction).
pub async fn ao_tramitar(tx: &mut TenantTx, feitas: &[Enviada]) -> Result<()> {
    let ids: Vec<Uuid> = feitas.iter().map(|e| e.id).collect();
    let retornam: Vec<Uuid> = sqlx::query_scalar(
        "SELECT t.id FROM app.tramitacao t
           JOIN app.status_tramitacao s ON s.tenant_id = t.tenant_id AND s.id = t.status_id
          WHERE t.tenant_id = $1 AND t.id = ANY($2) AND s.retorna_ao_autor
          ORDER BY t.id",
    )
    .bind(tx.tenant_id())
    .bind(&ids)
    .fetch_all(tx.conn())
    .await?;
    for id in retornam {
        super::enfileirar(
            tx,
            &Novo::agora(JOB_RETORNO, serde_json::json!({ "tramitacao": id })),
        )
        .await?;
    }
    Ok(())
}

/// What the authors are told.
#[derive(Debug, Clone, FromRow)]
pub struct Retorno {
    pub proposicao_id: Uuid,
    pub identificacao: String,
    pub ementa: String,
    pub status: String,
    pub despacho: String,
    pub em_local: String,
    pub camara: String,
}

/// The tramitação's message and whom it goes to (`None` when the tramitação is gone).
pub async fn retorno(
    tx: &mut TenantTx,
    tramitacao: Uuid,
) -> Result<Option<(Retorno, Vec<String>)>> {
    let tenant = tx.tenant_id();
    let r: Option<Retorno> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT p.id AS proposicao_id, {IDENT} AS identificacao, p.ementa, s.nome AS status,
                t.despacho, to_char(t.em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS em_local,
                c.nome AS camara
           FROM app.tramitacao t
           JOIN app.proposicao p ON p.tenant_id = t.tenant_id AND p.id = t.proposicao_id
           JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
           JOIN app.status_tramitacao s ON s.tenant_id = t.tenant_id AND s.id = t.status_id
           JOIN app.camara_config c ON c.tenant_id = t.tenant_id
          WHERE t.tenant_id = $1 AND t.id = $2"
    )))
    .bind(tenant)
    .bind(tramitacao)
    .fetch_optional(tx.conn())
    .await?;
    let Some(r) = r else { return Ok(None) };
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT lower(e) FROM (
            SELECT u.email AS e FROM app.proposicao_autor a
              JOIN app.usuario u ON u.tenant_id = a.tenant_id AND u.parlamentar_id = a.parlamentar_id
             WHERE a.tenant_id = $1 AND a.proposicao_id = $2 AND a.tipo = 'parlamentar' AND u.ativo
            UNION ALL
            SELECT pr.interessado_email FROM app.proposicao p
              JOIN app.protocolo pr ON pr.tenant_id = p.tenant_id AND pr.id = p.protocolo_id
             WHERE p.tenant_id = $1 AND p.id = $2 AND pr.interessado_email <> ''
               AND EXISTS (SELECT 1 FROM app.proposicao_autor a
                            WHERE a.tenant_id = p.tenant_id AND a.proposicao_id = p.id
                              AND a.tipo <> 'parlamentar')
         ) q ORDER BY 1",
    )
    .bind(tenant)
    .bind(r.proposicao_id)
    .fetch_all(tx.conn())
    .await?;
    Ok(Some((r, emails)))
}

/// Of `proposicoes`, those returned to their author now (an open tramitação whose status,
/// as corrected, returns it), with that tramitação's despacho.
pub async fn devolvidas(tx: &mut TenantTx, proposicoes: &[Uuid]) -> Result<HashMap<Uuid, String>> {
    let linhas: Vec<(Uuid, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT ON (t.proposicao_id) t.proposicao_id,
                CASE WHEN k.id IS NULL THEN t.despacho ELSE k.despacho END
           FROM app.tramitacao t
           {CORRECAO}
           JOIN app.status_tramitacao s ON s.tenant_id = t.tenant_id
                AND s.id = CASE WHEN k.id IS NULL THEN t.status_id ELSE k.status_id END
          WHERE t.tenant_id = $1 AND t.proposicao_id = ANY($2) AND {ABERTA} AND s.retorna_ao_autor
          ORDER BY t.proposicao_id, t.em DESC, t.id DESC"
    )))
    .bind(tx.tenant_id())
    .bind(proposicoes)
    .fetch_all(tx.conn())
    .await?;
    Ok(linhas.into_iter().collect())
}
