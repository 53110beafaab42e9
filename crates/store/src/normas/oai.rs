//! The OAI-PMH provider's reads: the records' headers in (datestamp, id) order, the normas
//! living and the tombstones of the deleted ones (`app.norma_excluida`), and the deletion
//! that leaves the tombstone.

use domain::normas::oai::{Cursor, Intervalo};
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::consultas::{Norma, SELECT};
use crate::auditoria::{self, Autor};
use crate::{Error, Result, TenantTx};

/// A record's header: the norma's id, its datestamp, whether it is a tombstone, and its
/// set (the tipo's setSpec; none for a tombstone older than the sets).
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Cabecalho {
    pub id: Uuid,
    pub datestamp: OffsetDateTime,
    pub excluida: bool,
    pub conjunto: Option<String>,
}

const REGISTROS: &str = "(SELECT n.id, n.atualizado_em AS datestamp, false AS excluida,
                                 t.sigla AS conjunto
                            FROM app.norma n
                            JOIN app.tipo_norma t ON t.tenant_id = n.tenant_id AND t.id = n.tipo_id
                           WHERE n.tenant_id = $1
                           UNION ALL
                           SELECT id, excluida_em, true, conjunto FROM app.norma_excluida
                            WHERE tenant_id = $1) r";

/// A set of the provider: a tipo de norma (setSpec its sigla, setName its name).
#[derive(Debug, Clone, FromRow, PartialEq, Eq)]
pub struct Conjunto {
    pub spec: String,
    pub nome: String,
}

/// The provider's sets, one per tipo de norma of the câmara, in the tipos' order.
pub async fn conjuntos(tx: &mut TenantTx) -> Result<Vec<Conjunto>> {
    tx.todas(
        "SELECT sigla AS spec, nome FROM app.tipo_norma WHERE tenant_id = $1 ORDER BY ordem, sigla",
    )
    .await
}

/// Up to `limite` headers in `i` (and in the set `conjunto`, if any) after `apos`, in
/// (datestamp, id) order, and how many the whole list has (`completeListSize`).
pub async fn cabecalhos(
    tx: &mut TenantTx,
    i: &Intervalo,
    conjunto: Option<&str>,
    apos: Option<Cursor>,
    limite: i64,
) -> Result<(Vec<Cabecalho>, i64)> {
    let tenant = tx.tenant_id();
    let faixa = "($2::timestamptz IS NULL OR r.datestamp >= $2)
             AND ($3::timestamptz IS NULL OR r.datestamp < $3)
             AND ($4::text IS NULL OR r.conjunto = $4)";
    let linhas: Vec<Cabecalho> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.id, r.datestamp, r.excluida, r.conjunto FROM {REGISTROS}
          WHERE {faixa} AND ($5::timestamptz IS NULL OR (r.datestamp, r.id) > ($5, $6))
          ORDER BY r.datestamp, r.id LIMIT $7"
    )))
    .bind(tenant)
    .bind(i.desde)
    .bind(i.ate)
    .bind(conjunto)
    .bind(apos.map(|c| c.datestamp))
    .bind(apos.map(|c| c.id))
    .bind(limite)
    .fetch_all(tx.conn())
    .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM {REGISTROS} WHERE {faixa}"
    )))
    .bind(tenant)
    .bind(i.desde)
    .bind(i.ate)
    .bind(conjunto)
    .fetch_one(tx.conn())
    .await?;
    Ok((linhas, total))
}

/// One record's header (GetRecord, ListMetadataFormats with an identifier).
pub async fn cabecalho(tx: &mut TenantTx, id: Uuid) -> Result<Option<Cabecalho>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.id, r.datestamp, r.excluida, r.conjunto FROM {REGISTROS} WHERE r.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// The earliest datestamp (`earliestDatestamp` of Identify).
pub async fn primeiro(tx: &mut TenantTx) -> Result<Option<OffsetDateTime>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT min(r.datestamp) FROM {REGISTROS}"
    )))
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?)
}

/// The living normas among `ids`, in any order.
pub async fn normas(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<Norma>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE n.tenant_id = $1 AND n.id = ANY($2)"
        )),
        ids,
    )
    .await
}

/// A norma changed in a way its record shows (a vínculo it made): a new datestamp.
pub(crate) async fn tocar(tx: &mut TenantTx, id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.norma SET atualizado_em = now() WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Deletes a norma (its text, vínculos and anexos with it) and leaves its tombstone; the
/// normas whose vínculos to it go away get a new datestamp.
pub async fn excluir(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    let antes: Option<(serde_json::Value, String, String)> = sqlx::query_as(
        "SELECT to_jsonb(n) - 'busca', t.nome || ' nº ' || n.numero || '/' || n.ano, t.sigla
           FROM app.norma n JOIN app.tipo_norma t ON t.tenant_id = n.tenant_id AND t.id = n.tipo_id
          WHERE n.tenant_id = $1 AND n.id = $2 FOR UPDATE OF n",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((antes, identificacao, conjunto)) = antes else {
        return Err(Error::NotFound("Norma não encontrada.".into()));
    };
    sqlx::query(
        "UPDATE app.norma SET atualizado_em = now()
          WHERE tenant_id = $1 AND id IN (SELECT norma_id FROM app.norma_vinculo
                                           WHERE tenant_id = $1 AND alvo_id = $2)",
    )
    .bind(tenant)
    .bind(id)
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "INSERT INTO app.norma_excluida (tenant_id, id, identificacao, conjunto)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(tenant)
    .bind(id)
    .bind(&identificacao)
    .bind(&conjunto)
    .execute(tx.conn())
    .await?;
    auditoria::apagar(tx, autor, "norma", id, "excluir", Some(antes)).await
}

/// What a norma did to another, as its record names it (the alvo's URN parts).
#[derive(Debug, Clone, FromRow)]
pub struct Relacao {
    pub norma_id: Uuid,
    pub tipo: String,
    pub dispositivo: Option<String>,
    pub alvo_tipo_lexml: String,
    pub alvo_data: time::Date,
    pub alvo_numero: i32,
}

/// The vínculos made by the normas `ids`, in one query for a whole page.
pub async fn relacoes(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<Relacao>> {
    tx.linhas(
        "SELECT v.norma_id, v.tipo, v.dispositivo, t.tipo_lexml AS alvo_tipo_lexml,
                a.data_assinatura AS alvo_data, a.numero AS alvo_numero
           FROM app.norma_vinculo v
           JOIN app.norma a ON a.tenant_id = v.tenant_id AND a.id = v.alvo_id
           JOIN app.tipo_norma t ON t.tenant_id = a.tenant_id AND t.id = a.tipo_id
          WHERE v.tenant_id = $1 AND v.norma_id = ANY($2) ORDER BY v.vigencia, v.id",
        ids,
    )
    .await
}

/// The câmara's LexML publisher id (`idPublicador`, assigned by Prodasen), if recorded.
pub async fn id_publicador(tx: &mut TenantTx) -> Result<Option<i32>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar::<_, Option<i32>>(
        "SELECT lexml_id_publicador FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_optional(tx.conn())
    .await?
    .flatten())
}

/// Records (or, with `None`, clears) the câmara's LexML publisher id, audited with before
/// and after.
pub async fn definir_id_publicador(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Option<i32>,
) -> Result<()> {
    let antes = id_publicador(tx).await?;
    let tenant = tx.tenant_id();
    let n = sqlx::query(
        "UPDATE app.camara_config SET lexml_id_publicador = $2, updated_at = now()
          WHERE tenant_id = $1",
    )
    .bind(tenant)
    .bind(id)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?
    .rows_affected();
    if n == 0 {
        return Err(Error::NotFound(
            "Configuração da câmara não encontrada.".into(),
        ));
    }
    auditoria::registrar(
        tx,
        autor,
        "camara_config",
        None,
        "alterar_lexml",
        Some(serde_json::json!({ "lexml_id_publicador": antes })),
        Some(serde_json::json!({ "lexml_id_publicador": id })),
    )
    .await
}
