//! Recording a protocolo (number, code, documents) and annulling one.

use domain::ValidationError;
use domain::protocolo::TipoInteressado;
use uuid::Uuid;

use super::{DocumentoNovo, Protocolo, consultas, nome_de_arquivo};
use crate::auditoria::{self, Autor};
use crate::infra::{contador, recusas};
use crate::{Error, Result, TenantTx};

/// What the desk types for a new protocolo.
#[derive(Debug, Clone)]
pub struct NovoProtocolo {
    pub tipo_documento: String,
    pub interessado_nome: String,
    /// Empty when none was given.
    pub interessado_email: String,
    pub interessado_tipo: TipoInteressado,
    pub assunto: String,
}

impl NovoProtocolo {
    /// Every problem of the input at once; the e-mail comes back normalized.
    pub fn validar(mut self) -> std::result::Result<Self, Vec<ValidationError>> {
        let mut erros = Vec::new();
        let entre =
            |s: &str, min: usize, max: usize| (min..=max).contains(&s.trim().chars().count());
        if !entre(&self.tipo_documento, 2, 120) {
            erros.push(ValidationError::new(
                "tipo_documento",
                "Informe o tipo de documento (de 2 a 120 caracteres), por exemplo Ofício.",
            ));
        }
        if !entre(&self.interessado_nome, 2, 200) {
            erros.push(ValidationError::new(
                "interessado_nome",
                "Informe o nome do interessado ou remetente (de 2 a 200 caracteres).",
            ));
        }
        if !self.interessado_email.trim().is_empty() {
            match domain::auth::parse_email(&self.interessado_email) {
                Ok(e) => self.interessado_email = e,
                Err(_) => erros.push(ValidationError::new(
                    "interessado_email",
                    "Informe um e-mail válido, ou deixe o campo em branco.",
                )),
            }
        }
        if !entre(&self.assunto, 3, 2000) {
            erros.push(ValidationError::new(
                "assunto",
                "Informe o assunto (de 3 a 2.000 caracteres).",
            ));
        }
        if erros.is_empty() {
            Ok(self)
        } else {
            Err(erros)
        }
    }
}

fn codigo_novo() -> Result<String> {
    let mut bytes = [0u8; domain::protocolo::TAMANHO_CODIGO];
    getrandom::fill(&mut bytes).map_err(|e| Error::Migration(format!("getrandom: {e}")))?;
    Ok(domain::protocolo::codigo_de(&bytes))
}

/// Numbers and records a protocolo with its documents (files already stored), now, in the
/// câmara's year. Run it behind `TenantTx::tentar` where a refusal re-renders a form: the
/// number is given back with the savepoint.
pub async fn registrar(
    tx: &mut TenantTx,
    autor: &Autor,
    novo: &NovoProtocolo,
    documentos: &[DocumentoNovo],
) -> Result<Protocolo> {
    let tenant = tx.tenant_id();
    let ano: i32 = sqlx::query_scalar(
        "SELECT extract(year FROM now() AT TIME ZONE fuso_horario)::integer
           FROM app.camara_config WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?;
    let escopo = domain::proposicoes::escopo_protocolo(ano);
    let numero = i32::try_from(contador::proximo(tx, &escopo).await?)
        .map_err(|_| Error::Conflict("A numeração do protocolo se esgotou.".into()))?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.protocolo (tenant_id, id, numero, ano, tipo_documento, interessado_nome,
                                    interessado_email, interessado_tipo, assunto, codigo, usuario_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(tenant)
    .bind(id)
    .bind(numero)
    .bind(ano)
    .bind(novo.tipo_documento.trim())
    .bind(novo.interessado_nome.trim())
    .bind(novo.interessado_email.trim())
    .bind(novo.interessado_tipo.as_str())
    .bind(novo.assunto.trim())
    .bind(codigo_novo()?)
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    for (ordem, d) in documentos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO app.protocolo_documento (tenant_id, id, protocolo_id, nome_arquivo,
                                                  arquivo_key, content_type, tamanho, sha256, ordem)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(nome_de_arquivo(&d.nome_arquivo))
        .bind(&d.arquivo_key)
        .bind(&d.content_type)
        .bind(d.tamanho)
        .bind(&d.sha256)
        .bind(i16::try_from(ordem).unwrap_or(i16::MAX))
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    let p = consultas::por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Protocolo não encontrado.".into()))?;
    auditoria::criado(
        tx,
        autor,
        "protocolo",
        id,
        serde_json::json!({
            "numero": p.numero_ano(), "tipo_documento": p.tipo_documento,
            "interessado_tipo": p.interessado_tipo, "assunto": p.assunto,
            "documentos": documentos.iter().map(|d| serde_json::json!({
                "nome": nome_de_arquivo(&d.nome_arquivo), "sha256": d.sha256,
            })).collect::<Vec<_>>(),
        }),
    )
    .await?;
    Ok(p)
}

/// Annuls a protocolo with its `motivo`: it keeps its number, marked annulled.
pub async fn anular(tx: &mut TenantTx, autor: &Autor, id: Uuid, motivo: &str) -> Result<Protocolo> {
    let tenant = tx.tenant_id();
    let motivo = motivo.trim();
    if !(3..=1000).contains(&motivo.chars().count()) {
        return Err(ValidationError::new(
            "motivo",
            "Informe o motivo da anulação (de 3 a 1.000 caracteres).",
        )
        .into());
    }
    let antes = consultas::por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Protocolo não encontrado.".into()))?;
    if antes.anulado() {
        return Err(Error::Conflict("Este protocolo já foi anulado.".into()));
    }
    if antes.proposicao_id.is_some() {
        return Err(Error::Conflict(
            "Este protocolo deu origem a uma proposição e não pode ser anulado.".into(),
        ));
    }
    sqlx::query(
        "UPDATE app.protocolo SET anulado_em = now(), anulado_motivo = $3, anulado_por = $4
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(motivo)
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let p = consultas::por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Protocolo não encontrado.".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "protocolo",
        Some(&id.to_string()),
        "anular",
        Some(serde_json::json!({ "numero": antes.numero_ano() })),
        Some(serde_json::json!({ "numero": p.numero_ano(), "motivo": motivo })),
    )
    .await?;
    Ok(p)
}
