//! The protocolo's side: receive a sent draft (a protocolo number, the proposição with its
//! autores, linked together, in one transaction) or return it to the author with a motivo.

use domain::ValidationError;
use domain::proposicoes::{Regime, TipoAutor};
use domain::protocolo::{SituacaoRascunho, TipoInteressado};
use uuid::Uuid;

use super::{Rascunho, consultas};
use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::proposicoes::{self, AutorNovo, Criada, NovaProposicao};
use crate::protocolo::{self, DocumentoNovo, NovoProtocolo, Protocolo};
use crate::{Error, Result, TenantTx};

/// Locks a draft and checks it is waiting for the protocolo.
async fn enviada(tx: &mut TenantTx, id: Uuid, nova: SituacaoRascunho) -> Result<Rascunho> {
    let tenant = tx.tenant_id();
    let situacao: Option<String> = sqlx::query_scalar(
        "SELECT situacao FROM app.proposicao_rascunho WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let s = situacao
        .as_deref()
        .and_then(SituacaoRascunho::parse)
        .ok_or_else(|| Error::NotFound("Proposição eletrônica não encontrada.".into()))?;
    if let Some(porque) = s.impedimento(nova) {
        return Err(Error::Conflict(porque.into()));
    }
    consultas::por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição eletrônica não encontrada.".into()))
}

/// Receives a sent draft: protocolo (with the draft's files), proposição (autores: the
/// author first, then the coautores), the link between them, and the draft `recebida`.
pub async fn receber(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<(Protocolo, Criada)> {
    let r = enviada(tx, id, SituacaoRascunho::Recebida).await?;
    let tenant = tx.tenant_id();
    let documentos: Vec<DocumentoNovo> = consultas::anexos(tx, id)
        .await?
        .into_iter()
        .map(|a| DocumentoNovo {
            nome_arquivo: a.nome_arquivo,
            arquivo_key: a.arquivo_key,
            content_type: a.content_type,
            tamanho: a.tamanho,
            sha256: a.sha256,
        })
        .collect();
    let p = protocolo::registrar(
        tx,
        autor,
        &NovoProtocolo {
            tipo_documento: format!("{} (proposição eletrônica)", r.tipo_nome),
            interessado_nome: r.autor_nome.clone(),
            interessado_email: String::new(),
            interessado_tipo: TipoInteressado::Parlamentar,
            assunto: r.ementa.clone(),
        },
        &documentos,
    )
    .await?;
    let hoje: time::Date = sqlx::query_scalar(
        "SELECT (now() AT TIME ZONE fuso_horario)::date FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?;
    let mut autores = vec![AutorNovo {
        tipo: TipoAutor::Parlamentar,
        parlamentar_id: Some(r.parlamentar_id),
        comissao_id: None,
        nome: String::new(),
        subscrito_em: hoje,
    }];
    for (c, _) in consultas::coautores(tx, id).await? {
        autores.push(AutorNovo {
            tipo: TipoAutor::Parlamentar,
            parlamentar_id: Some(c),
            comissao_id: None,
            nome: String::new(),
            subscrito_em: hoje,
        });
    }
    let criada = proposicoes::criar(
        tx,
        autor,
        &NovaProposicao {
            tipo_id: r.tipo_id,
            mae_id: None,
            ementa: r.ementa.clone(),
            texto: r.texto.clone(),
            justificativa: r.justificativa.clone(),
            regime: Regime::Ordinario,
            apresentada_em: hoje,
            autores,
            descricao: format!(
                "Recebida por meio eletrônico e protocolada sob o nº {}.",
                p.numero_ano()
            ),
        },
    )
    .await?;
    sqlx::query("UPDATE app.proposicao SET protocolo_id = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(criada.id)
        .bind(p.id)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    sqlx::query(
        "UPDATE app.proposicao_rascunho
            SET situacao = 'recebida', recebida_em = now(), proposicao_id = $3, protocolo_id = $4,
                atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(criada.id)
    .bind(p.id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "proposicao_rascunho",
        Some(&id.to_string()),
        "receber",
        Some(serde_json::json!({ "situacao": "enviada" })),
        Some(serde_json::json!({
            "situacao": "recebida", "protocolo": p.numero_ano(),
            "proposicao": criada.identificacao(), "proposicao_id": criada.id,
        })),
    )
    .await?;
    let p = protocolo::por_id(tx, p.id).await?.unwrap_or(p);
    Ok((p, criada))
}

/// Returns a sent draft to its author with `motivo`; the author may change and send it again.
pub async fn devolver(tx: &mut TenantTx, autor: &Autor, id: Uuid, motivo: &str) -> Result<()> {
    let motivo = motivo.trim();
    if !(3..=1000).contains(&motivo.chars().count()) {
        return Err(ValidationError::new(
            "motivo",
            "Informe o motivo da devolução (de 3 a 1.000 caracteres).",
        )
        .into());
    }
    enviada(tx, id, SituacaoRascunho::Devolvida).await?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.proposicao_rascunho
            SET situacao = 'devolvida', devolvida_em = now(), motivo_devolucao = $3,
                atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(motivo)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "proposicao_rascunho",
        Some(&id.to_string()),
        "devolver",
        Some(serde_json::json!({ "situacao": "enviada" })),
        Some(serde_json::json!({ "situacao": "devolvida", "motivo": motivo })),
    )
    .await?;
    Ok(())
}
