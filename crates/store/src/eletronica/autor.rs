//! The author's side: write a draft, change it while it is a draft (or returned), attach
//! files, send it to the protocolo. Every call is scoped to the author's parlamentar.

use domain::ValidationError;
use domain::protocolo::SituacaoRascunho;
use uuid::Uuid;

use super::{Anexo, Rascunho, consultas};
use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::protocolo::{DocumentoNovo, nome_de_arquivo};
use crate::{Error, Result, TenantTx};

/// What the author types.
#[derive(Debug, Clone, Default)]
pub struct RascunhoForm {
    pub tipo_id: Option<Uuid>,
    pub ementa: String,
    pub texto: String,
    pub justificativa: String,
    pub coautores: Vec<Uuid>,
}

impl RascunhoForm {
    /// Every problem of the input at once.
    pub fn validar(&self) -> std::result::Result<(), Vec<ValidationError>> {
        let mut erros = Vec::new();
        if self.tipo_id.is_none() {
            erros.push(ValidationError::new(
                "tipo_id",
                "Escolha o tipo de proposição da lista.",
            ));
        }
        if !(10..=2000).contains(&self.ementa.trim().chars().count()) {
            erros.push(ValidationError::new(
                "ementa",
                "A ementa deve ter de 10 a 2.000 caracteres.",
            ));
        }
        if self.texto.chars().count() > 500_000 {
            erros.push(ValidationError::new(
                "texto",
                "O texto deve ter no máximo 500.000 caracteres.",
            ));
        }
        if self.justificativa.chars().count() > 200_000 {
            erros.push(ValidationError::new(
                "justificativa",
                "A justificativa deve ter no máximo 200.000 caracteres.",
            ));
        }
        if self.coautores.len() > 50 {
            erros.push(ValidationError::new(
                "coautores",
                "Escolha no máximo 50 coautores.",
            ));
        }
        if erros.is_empty() { Ok(()) } else { Err(erros) }
    }
}

async fn conferir_tipo(tx: &mut TenantTx, tipo_id: Option<Uuid>) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let recusa = || ValidationError::new("tipo_id", "Escolha o tipo de proposição da lista.");
    let tipo_id = tipo_id.ok_or_else(recusa)?;
    let ok: Option<bool> = sqlx::query_scalar(
        "SELECT ativo AND NOT acessorio FROM app.tipo_proposicao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(tipo_id)
    .fetch_optional(tx.conn())
    .await?;
    match ok {
        Some(true) => Ok(tipo_id),
        _ => Err(recusa().into()),
    }
}

/// Writes the coautores of a just written rascunho and reads it back with them.
async fn com_coautores(
    tx: &mut TenantTx,
    parlamentar_id: Uuid,
    id: Uuid,
    coautores: &[Uuid],
) -> Result<(Rascunho, Vec<(Uuid, String)>)> {
    gravar_coautores(tx, id, parlamentar_id, coautores).await?;
    let r = consultas::do_autor(tx, parlamentar_id, id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição eletrônica não encontrada.".into()))?;
    let co = consultas::coautores(tx, id).await?;
    Ok((r, co))
}

async fn gravar_coautores(
    tx: &mut TenantTx,
    rascunho_id: Uuid,
    parlamentar_id: Uuid,
    coautores: &[Uuid],
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "DELETE FROM app.proposicao_rascunho_coautor WHERE tenant_id = $1 AND rascunho_id = $2",
    )
    .bind(tenant)
    .bind(rascunho_id)
    .execute(tx.conn())
    .await?;
    let mut vistos = Vec::new();
    for c in coautores.iter().filter(|c| **c != parlamentar_id) {
        if vistos.contains(c) {
            continue;
        }
        vistos.push(*c);
        sqlx::query(
            "INSERT INTO app.proposicao_rascunho_coautor (tenant_id, id, rascunho_id, parlamentar_id, ordem)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(rascunho_id)
        .bind(c)
        .bind(i16::try_from(vistos.len()).unwrap_or(i16::MAX))
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    Ok(())
}

fn resumo(r: &Rascunho, coautores: &[(Uuid, String)]) -> serde_json::Value {
    serde_json::json!({
        "tipo": r.tipo_sigla, "ementa": r.ementa, "situacao": r.situacao,
        "texto_caracteres": r.texto.chars().count(),
        "coautores": coautores.iter().map(|(id, _)| id).collect::<Vec<_>>(),
    })
}

/// A new draft of `parlamentar_id`, written by `autor`.
pub async fn criar(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar_id: Uuid,
    f: &RascunhoForm,
) -> Result<Rascunho> {
    f.validar()
        .map_err(|mut e| Error::Validation(e.remove(0)))?;
    let tenant = tx.tenant_id();
    let tipo_id = conferir_tipo(tx, f.tipo_id).await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.proposicao_rascunho (tenant_id, id, parlamentar_id, usuario_id, tipo_id,
                                              ementa, texto, justificativa)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar_id)
    .bind(autor.usuario_id)
    .bind(tipo_id)
    .bind(f.ementa.trim())
    .bind(f.texto.trim())
    .bind(f.justificativa.trim())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let (r, co) = com_coautores(tx, parlamentar_id, id, &f.coautores).await?;
    auditoria::criado(tx, autor, "proposicao_rascunho", id, resumo(&r, &co)).await?;
    Ok(r)
}

/// Locks one of the author's drafts and checks it may be changed.
async fn editavel(tx: &mut TenantTx, parlamentar_id: Uuid, id: Uuid) -> Result<Rascunho> {
    let tenant = tx.tenant_id();
    let situacao: Option<String> = sqlx::query_scalar(
        "SELECT situacao FROM app.proposicao_rascunho
          WHERE tenant_id = $1 AND id = $2 AND parlamentar_id = $3 FOR UPDATE",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar_id)
    .fetch_optional(tx.conn())
    .await?;
    let s = situacao
        .as_deref()
        .and_then(SituacaoRascunho::parse)
        .ok_or_else(|| Error::NotFound("Proposição eletrônica não encontrada.".into()))?;
    if !s.editavel() {
        return Err(Error::Conflict(
            s.impedimento(SituacaoRascunho::Enviada)
                .unwrap_or("Esta proposição não pode mais ser alterada.")
                .into(),
        ));
    }
    consultas::do_autor(tx, parlamentar_id, id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição eletrônica não encontrada.".into()))
}

/// Changes one of the author's drafts (a draft or a returned one).
pub async fn salvar(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar_id: Uuid,
    id: Uuid,
    f: &RascunhoForm,
) -> Result<Rascunho> {
    f.validar()
        .map_err(|mut e| Error::Validation(e.remove(0)))?;
    let antes = editavel(tx, parlamentar_id, id).await?;
    let co_antes = consultas::coautores(tx, id).await?;
    let tipo_id = conferir_tipo(tx, f.tipo_id).await?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.proposicao_rascunho
            SET tipo_id = $3, ementa = $4, texto = $5, justificativa = $6, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(tipo_id)
    .bind(f.ementa.trim())
    .bind(f.texto.trim())
    .bind(f.justificativa.trim())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let (r, co) = com_coautores(tx, parlamentar_id, id, &f.coautores).await?;
    auditoria::editado(
        tx,
        autor,
        "proposicao_rascunho",
        id,
        resumo(&antes, &co_antes),
        resumo(&r, &co),
    )
    .await?;
    Ok(r)
}

/// Sends one of the author's drafts to the protocolo.
pub async fn enviar(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar_id: Uuid,
    id: Uuid,
) -> Result<Rascunho> {
    editavel(tx, parlamentar_id, id).await?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.proposicao_rascunho
            SET situacao = 'enviada', enviada_em = now(), atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "proposicao_rascunho",
        Some(&id.to_string()),
        "enviar",
        None,
        Some(serde_json::json!({ "situacao": "enviada" })),
    )
    .await?;
    consultas::do_autor(tx, parlamentar_id, id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição eletrônica não encontrada.".into()))
}

/// Records a file (already stored) on one of the author's drafts.
pub async fn adicionar_anexo(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar_id: Uuid,
    rascunho_id: Uuid,
    d: &DocumentoNovo,
) -> Result<Anexo> {
    editavel(tx, parlamentar_id, rascunho_id).await?;
    let tenant = tx.tenant_id();
    let a: Anexo = sqlx::query_as(
        "INSERT INTO app.proposicao_rascunho_anexo (tenant_id, id, rascunho_id, nome_arquivo,
                                                    arquivo_key, content_type, tamanho, sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id, rascunho_id, nome_arquivo, arquivo_key, content_type, tamanho, sha256",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(rascunho_id)
    .bind(nome_de_arquivo(&d.nome_arquivo))
    .bind(&d.arquivo_key)
    .bind(&d.content_type)
    .bind(d.tamanho)
    .bind(&d.sha256)
    .fetch_one(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    auditoria::criado(
        tx,
        autor,
        "proposicao_rascunho_anexo",
        a.id,
        serde_json::to_value(&a).unwrap_or_default(),
    )
    .await?;
    Ok(a)
}
