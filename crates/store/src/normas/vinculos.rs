//! Vínculos between normas at the level of the dispositivo: what one norma (`norma_id`)
//! does to another (`alvo_id`). Checked against the alvo's text before they are recorded
//! (`domain::normas::validar_dispositivo`).

use domain::ValidationError;
use domain::normas::{Texto, TipoVinculo};
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::dispositivos;
use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

#[derive(Debug, Clone)]
pub struct NovoVinculo {
    pub alvo_id: Uuid,
    pub tipo: TipoVinculo,
    pub dispositivo: Option<String>,
    pub texto_novo: String,
    pub vigencia: Date,
    pub observacao: String,
}

/// A vínculo with the other norma of it (the alvo when listing what a norma did, the
/// altering norma when listing what it received).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Vinculo {
    pub id: Uuid,
    pub norma_id: Uuid,
    pub alvo_id: Uuid,
    pub tipo: String,
    pub dispositivo: Option<String>,
    pub texto_novo: String,
    pub vigencia: Date,
    pub observacao: String,
    /// The other norma: its id and "Lei Ordinária nº 12/2021".
    pub outra_id: Uuid,
    pub outra: String,
}

impl Vinculo {
    pub fn tipo(&self) -> Option<TipoVinculo> {
        TipoVinculo::parse(&self.tipo)
    }

    pub fn rotulo(&self) -> &'static str {
        self.tipo().map_or("—", TipoVinculo::rotulo)
    }

    pub fn passivo(&self) -> &'static str {
        self.tipo().map_or("—", TipoVinculo::passivo)
    }
}

/// Records that `norma` does `v` to `v.alvo_id`.
pub async fn adicionar(
    tx: &mut TenantTx,
    autor: &Autor,
    norma: Uuid,
    v: &NovoVinculo,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    if v.alvo_id == norma {
        return Err(
            ValidationError::new("alvo_id", "Uma norma não tem vínculo com ela mesma.").into(),
        );
    }
    let alvo = Texto {
        preambulo: String::new(),
        dispositivos: dispositivos::ler(tx, v.alvo_id).await?,
    };
    let dispositivo = v
        .dispositivo
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let novo = if v.texto_novo.trim().is_empty() {
        Vec::new()
    } else {
        domain::normas::parse_fragmento(&v.texto_novo).map_err(|e| {
            let m = e
                .iter()
                .map(|x| x.mensagem.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            Error::from(ValidationError::new("texto_novo", m))
        })?
    };
    domain::normas::validar_dispositivo(v.tipo, &alvo, dispositivo, &novo)
        .map_err(|m| Error::from(ValidationError::new("dispositivo", m)))?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.norma_vinculo (tenant_id, id, norma_id, alvo_id, tipo, dispositivo,
                                        texto_novo, vigencia, observacao)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant)
    .bind(id)
    .bind(norma)
    .bind(v.alvo_id)
    .bind(v.tipo.as_str())
    .bind(dispositivo)
    .bind(v.texto_novo.trim())
    .bind(v.vigencia)
    .bind(v.observacao.trim())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    super::oai::tocar(tx, norma).await?;
    auditoria::criado(
        tx,
        autor,
        "norma_vinculo",
        id,
        serde_json::json!({
            "norma_id": norma, "alvo_id": v.alvo_id, "tipo": v.tipo.as_str(),
            "dispositivo": dispositivo, "vigencia": v.vigencia.to_string(),
        }),
    )
    .await?;
    Ok(id)
}

const SELECT: &str = "SELECT v.id, v.norma_id, v.alvo_id, v.tipo, v.dispositivo, v.texto_novo,
        v.vigencia, v.observacao, o.id AS outra_id,
        t.nome || ' nº ' || o.numero || '/' || o.ano AS outra
   FROM app.norma_vinculo v";

/// What `alvo` received, in order of vigência (the compilation's input).
pub async fn recebidos(tx: &mut TenantTx, alvo: Uuid) -> Result<Vec<Vinculo>> {
    de_um_lado(tx, "norma_id", "alvo_id", alvo).await
}

/// What `norma` did to others.
pub async fn feitos(tx: &mut TenantTx, norma: Uuid) -> Result<Vec<Vinculo>> {
    de_um_lado(tx, "alvo_id", "norma_id", norma).await
}

/// The vínculos whose `chave` column is `id`, each named by the norma in its `outra` column
/// (both are fixed column names, never input).
async fn de_um_lado(
    tx: &mut TenantTx,
    outra: &'static str,
    chave: &'static str,
    id: Uuid,
) -> Result<Vec<Vinculo>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{SELECT}
           JOIN app.norma o ON o.tenant_id = v.tenant_id AND o.id = v.{outra}
           JOIN app.tipo_norma t ON t.tenant_id = o.tenant_id AND t.id = o.tipo_id
          WHERE v.tenant_id = $1 AND v.{chave} = $2 ORDER BY v.vigencia, v.id"
        )),
        id,
    )
    .await
}

/// Removes a vínculo of `norma`.
pub async fn remover(tx: &mut TenantTx, autor: &Autor, norma: Uuid, id: Uuid) -> Result<()> {
    let v = feitos(tx, norma)
        .await?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| Error::NotFound("Vínculo não encontrado.".into()))?;
    super::oai::tocar(tx, norma).await?;
    auditoria::apagar(
        tx,
        autor,
        "norma_vinculo",
        id,
        "excluir",
        auditoria::json(&v),
    )
    .await
}
