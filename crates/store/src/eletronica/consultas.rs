//! Reading drafts: the author's own (always scoped to the author's parlamentar), the
//! protocolo's inbox, and the author's proposições.

use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use super::{Anexo, Rascunho};
use crate::{Result, TenantTx};

const COLUNAS: &str = "r.id, r.parlamentar_id, pa.nome_parlamentar AS autor_nome,
    u.nome AS escrita_por, r.tipo_id,
    t.sigla AS tipo_sigla, t.nome AS tipo_nome, r.ementa, r.texto, r.justificativa, r.situacao,
    to_char(r.enviada_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS enviada_local,
    to_char(r.devolvida_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS devolvida_local,
    r.motivo_devolucao,
    to_char(r.recebida_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS recebida_local,
    to_char(r.atualizado_em AT TIME ZONE c.fuso_horario, 'DD/MM/YYYY HH24:MI') AS atualizado_local,
    r.proposicao_id, r.protocolo_id,
    pt.numero || '/' || pt.ano AS protocolo_numero,
    pt2.sigla || ' ' || pr.numero || '/' || pr.ano AS proposicao_identificacao
    FROM app.proposicao_rascunho r
    JOIN app.camara_config c ON c.tenant_id = r.tenant_id
    JOIN app.parlamentar pa ON pa.tenant_id = r.tenant_id AND pa.id = r.parlamentar_id
    LEFT JOIN app.usuario u ON u.tenant_id = r.tenant_id AND u.id = r.usuario_id
    JOIN app.tipo_proposicao t ON t.tenant_id = r.tenant_id AND t.id = r.tipo_id
    LEFT JOIN app.protocolo pt ON pt.tenant_id = r.tenant_id AND pt.id = r.protocolo_id
    LEFT JOIN app.proposicao pr ON pr.tenant_id = r.tenant_id AND pr.id = r.proposicao_id
    LEFT JOIN app.tipo_proposicao pt2 ON pt2.tenant_id = pr.tenant_id AND pt2.id = pr.tipo_id";

/// One of `parlamentar_id`'s drafts (another parlamentar's is `None`).
pub async fn do_autor(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
    id: Uuid,
) -> Result<Option<Rascunho>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} WHERE r.tenant_id = $1 AND r.id = $2 AND r.parlamentar_id = $3"
    )))
    .bind(tenant)
    .bind(id)
    .bind(parlamentar_id)
    .fetch_optional(tx.conn())
    .await?)
}

/// A page of drafts (of one parlamentar, in one situação, or both) in `ordem`, and how many.
async fn pagina(
    tx: &mut TenantTx,
    parlamentar_id: Option<Uuid>,
    situacao: Option<&str>,
    ordem: &str,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Rascunho>, i64)> {
    let tenant = tx.tenant_id();
    const WHERE: &str = "r.tenant_id = $1 AND ($2::uuid IS NULL OR r.parlamentar_id = $2)
        AND ($3::text IS NULL OR r.situacao = $3)";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.proposicao_rascunho r WHERE {WHERE}"
    )))
    .bind(tenant)
    .bind(parlamentar_id)
    .bind(situacao)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} WHERE {WHERE} ORDER BY {ordem} LIMIT $4 OFFSET $5"
    )))
    .bind(tenant)
    .bind(parlamentar_id)
    .bind(situacao)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// A page of `parlamentar_id`'s drafts, the latest changed first, and how many there are.
pub async fn do_autor_lista(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Rascunho>, i64)> {
    let ordem = "r.atualizado_em DESC, r.id DESC";
    pagina(tx, Some(parlamentar_id), None, ordem, limite, deslocamento).await
}

/// Any draft, for the protocolo.
pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Rascunho>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} WHERE r.tenant_id = $1 AND r.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// The protocolo's inbox: the drafts sent and waiting, the oldest first.
pub async fn caixa(
    tx: &mut TenantTx,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Rascunho>, i64)> {
    let ordem = "r.enviada_em, r.id";
    pagina(tx, None, Some("enviada"), ordem, limite, deslocamento).await
}

/// The coautores of a draft: id and nome parlamentar, in their order.
pub async fn coautores(tx: &mut TenantTx, rascunho_id: Uuid) -> Result<Vec<(Uuid, String)>> {
    tx.linhas(
        "SELECT p.id, p.nome_parlamentar FROM app.proposicao_rascunho_coautor c
           JOIN app.parlamentar p ON p.tenant_id = c.tenant_id AND p.id = c.parlamentar_id
          WHERE c.tenant_id = $1 AND c.rascunho_id = $2 ORDER BY c.ordem, c.id",
        rascunho_id,
    )
    .await
}

pub async fn anexos(tx: &mut TenantTx, rascunho_id: Uuid) -> Result<Vec<Anexo>> {
    tx.linhas(
        "SELECT id, rascunho_id, nome_arquivo, arquivo_key, content_type, tamanho, sha256
           FROM app.proposicao_rascunho_anexo WHERE tenant_id = $1 AND rascunho_id = $2
          ORDER BY criado_em, id",
        rascunho_id,
    )
    .await
}

/// One attachment, with the parlamentar whose draft it is.
pub async fn anexo(tx: &mut TenantTx, id: Uuid) -> Result<Option<(Anexo, Uuid)>> {
    let tenant = tx.tenant_id();
    #[derive(FromRow)]
    struct Linha {
        #[sqlx(flatten)]
        anexo: Anexo,
        parlamentar_id: Uuid,
    }
    let l: Option<Linha> = sqlx::query_as(
        "SELECT a.id, a.rascunho_id, a.nome_arquivo, a.arquivo_key, a.content_type, a.tamanho,
                a.sha256, r.parlamentar_id
           FROM app.proposicao_rascunho_anexo a
           JOIN app.proposicao_rascunho r ON r.tenant_id = a.tenant_id AND r.id = a.rascunho_id
          WHERE a.tenant_id = $1 AND a.id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    Ok(l.map(|l| (l.anexo, l.parlamentar_id)))
}

/// The tipos a parlamentar may write (active, not emendas): id, sigla, nome.
pub async fn tipos(tx: &mut TenantTx) -> Result<Vec<(Uuid, String, String)>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, sigla, nome FROM app.tipo_proposicao
          WHERE tenant_id = $1 AND ativo AND NOT acessorio ORDER BY ordem, sigla",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

/// A proposição of which the parlamentar is an autor.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct MinhaProposicao {
    pub id: Uuid,
    pub identificacao: String,
    pub ementa: String,
    pub situacao: Option<String>,
    pub apresentada_local: String,
    pub primeiro: bool,
    /// "12/2026", when it came through the protocolo.
    pub protocolo_numero: Option<String>,
}

impl MinhaProposicao {
    pub fn situacao_rotulo(&self) -> &'static str {
        self.situacao
            .as_deref()
            .and_then(domain::proposicoes::Situacao::parse)
            .map(|s| s.rotulo())
            .unwrap_or("—")
    }
}

/// A page of the proposições `parlamentar_id` is an autor of, newest first, and how many.
pub async fn proposicoes_do_parlamentar(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<MinhaProposicao>, i64)> {
    let tenant = tx.tenant_id();
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.proposicao_autor WHERE tenant_id = $1 AND parlamentar_id = $2",
    )
    .bind(tenant)
    .bind(parlamentar_id)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(
        "SELECT p.id, t.sigla || ' ' || p.numero || '/' || p.ano AS identificacao, p.ementa,
                p.situacao, to_char(p.apresentada_em, 'DD/MM/YYYY') AS apresentada_local,
                a.primeiro, pt.numero || '/' || pt.ano AS protocolo_numero
           FROM app.proposicao_autor a
           JOIN app.proposicao p ON p.tenant_id = a.tenant_id AND p.id = a.proposicao_id
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
           LEFT JOIN app.protocolo pt ON pt.tenant_id = p.tenant_id AND pt.id = p.protocolo_id
          WHERE a.tenant_id = $1 AND a.parlamentar_id = $2
          ORDER BY p.apresentada_em DESC, p.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(tenant)
    .bind(parlamentar_id)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}
