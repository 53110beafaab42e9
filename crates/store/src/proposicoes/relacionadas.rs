//! Relations between two proposições of the câmara: anexada, apensada, acessória.
//!
//! An anexada follows its principal: every event recorded on the principal through
//! [`registrar_evento`] is recorded on each of its anexadas too — and on theirs, each once —
//! with `origem_id` pointing at the principal's event and the situação derived by the same
//! rule (`domain::proposicoes::aplicar`). When an anexada cannot take the event (its own
//! situação refuses it), the principal's event is refused too, naming the anexada: the
//! histories never disagree silently.

use domain::ValidationError;
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::eventos::{EventoNovo, registrar_evento};
use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

/// How two proposições relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TipoRelacao {
    /// Tramita com a principal (its events are the principal's).
    Anexada,
    /// Juntada por tratar de matéria análoga, sem tramitação conjunta.
    Apensada,
    /// A document that accompanies the principal.
    Acessoria,
}

impl TipoRelacao {
    pub const ALL: &'static [TipoRelacao] = &[Self::Anexada, Self::Apensada, Self::Acessoria];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anexada => "anexada",
            Self::Apensada => "apensada",
            Self::Acessoria => "acessoria",
        }
    }

    pub fn rotulo(self) -> &'static str {
        match self {
            Self::Anexada => "Anexada",
            Self::Apensada => "Apensada",
            Self::Acessoria => "Acessória",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.as_str() == s.trim())
    }
}

/// A relation seen from one of its proposições.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Relacao {
    pub id: Uuid,
    pub tipo: String,
    pub principal_id: Uuid,
    pub relacionada_id: Uuid,
    pub desde: Date,
    /// The other proposição: its id, "PL 3/2026" and ementa.
    pub outra_id: Uuid,
    pub outra: String,
    pub outra_ementa: String,
    /// Whether the proposição seen is the principal.
    pub e_principal: bool,
}

impl Relacao {
    pub fn tipo_rotulo(&self) -> &'static str {
        TipoRelacao::parse(&self.tipo).map_or("", TipoRelacao::rotulo)
    }
}

const RELACAO: &str = "SELECT r.id, r.tipo, r.principal_id, r.relacionada_id, r.desde,
        o.id AS outra_id, t.sigla || ' ' || o.numero || '/' || o.ano AS outra, o.ementa AS outra_ementa,
        r.principal_id = $2 AS e_principal
   FROM app.proposicao_relacao r
   JOIN app.proposicao o ON o.tenant_id = r.tenant_id
        AND o.id = CASE WHEN r.principal_id = $2 THEN r.relacionada_id ELSE r.principal_id END
   JOIN app.tipo_proposicao t ON t.tenant_id = o.tenant_id AND t.id = o.tipo_id";

/// Every relation of `proposicao`, either side.
pub async fn listar(tx: &mut TenantTx, proposicao: Uuid) -> Result<Vec<Relacao>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{RELACAO} WHERE r.tenant_id = $1 AND (r.principal_id = $2 OR r.relacionada_id = $2)
          ORDER BY r.principal_id = $2, r.desde, r.id"
        )),
        proposicao,
    )
    .await
}

/// One relation, seen from its principal.
pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Relacao>> {
    let tenant = tx.tenant_id();
    let principal: Option<Uuid> = sqlx::query_scalar(
        "SELECT principal_id FROM app.proposicao_relacao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(principal) = principal else {
        return Ok(None);
    };
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{RELACAO} WHERE r.tenant_id = $1 AND r.id = $3"
    )))
    .bind(tenant)
    .bind(principal)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// The proposição written as "PL 3/2026" (a principal one: emendas are not related here).
pub async fn por_identificacao(tx: &mut TenantTx, s: &str) -> Result<Option<Uuid>> {
    let tenant = tx.tenant_id();
    let s = s.trim();
    let Some((sigla, resto)) = s.split_once(char::is_whitespace) else {
        return Ok(None);
    };
    let Some((numero, ano)) = resto.trim().split_once('/') else {
        return Ok(None);
    };
    let (Ok(numero), Ok(ano)) = (numero.trim().parse::<i32>(), ano.trim().parse::<i32>()) else {
        return Ok(None);
    };
    Ok(sqlx::query_scalar(
        "SELECT p.id FROM app.proposicao p
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE p.tenant_id = $1 AND upper(t.sigla) = upper($2) AND p.numero = $3 AND p.ano = $4
            AND p.mae_id IS NULL
          ORDER BY p.id LIMIT 1",
    )
    .bind(tenant)
    .bind(sigla)
    .bind(numero)
    .bind(ano)
    .fetch_optional(tx.conn())
    .await?)
}

/// Relates `relacionada` to `principal`.
pub async fn relacionar(
    tx: &mut TenantTx,
    autor: &Autor,
    principal: Uuid,
    relacionada: Uuid,
    tipo: TipoRelacao,
    desde: Date,
) -> Result<Uuid> {
    if principal == relacionada {
        return Err(ValidationError::new(
            "relacionada",
            "Uma proposição não se relaciona consigo mesma.",
        )
        .into());
    }
    if tipo == TipoRelacao::Anexada {
        for p in [principal, relacionada] {
            if crate::sessoes_plenarias::pauta::retirada_de_pauta(tx, p).await? {
                return Err(Error::Conflict(
                    "Proposição retirada de pauta não entra em anexação.".into(),
                ));
            }
        }
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.proposicao_relacao (tenant_id, id, principal_id, relacionada_id, tipo, desde)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant)
    .bind(id)
    .bind(principal)
    .bind(relacionada)
    .bind(tipo.as_str())
    .bind(desde)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    let r = por_id(tx, id).await?;
    auditoria::criado(tx, autor, "proposicao_relacao", id, serde_json::json!(r)).await?;
    Ok(id)
}

/// Undoes a relation (an anexada stops following from now on; its history stays).
pub async fn desfazer(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<Relacao> {
    let r = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Relação não encontrada.".into()))?;
    auditoria::apagar(
        tx,
        autor,
        "proposicao_relacao",
        id,
        "excluir",
        auditoria::json(&r),
    )
    .await?;
    Ok(r)
}

/// Called once at the end of [`registrar_evento`]: records the principal's event `evento`
/// on every anexada below `proposicao` (anexadas of anexadas too, each once, nearest
/// first), all at the principal's instant. An event that is itself a follower's
/// (`origem_id` set) goes no further: the principal's call walks the whole tree.
pub(crate) async fn seguir_principal(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao: Uuid,
    evento: Uuid,
    ocorrido: OffsetDateTime,
    novo: &EventoNovo,
) -> Result<()> {
    if novo.origem_id.is_some() {
        return Ok(());
    }
    let tenant = tx.tenant_id();
    let anexadas: Vec<(Uuid, String)> = sqlx::query_as(
        "WITH RECURSIVE abaixo (id, nivel) AS (
             SELECT r.relacionada_id, 1 FROM app.proposicao_relacao r
              WHERE r.tenant_id = $1 AND r.principal_id = $2 AND r.tipo = 'anexada'
             UNION
             SELECT r.relacionada_id, a.nivel + 1 FROM app.proposicao_relacao r
               JOIN abaixo a ON r.principal_id = a.id
              WHERE r.tenant_id = $1 AND r.tipo = 'anexada' AND a.nivel < 100
         )
         SELECT p.id, t.sigla || ' ' || p.numero || '/' || p.ano
           FROM (SELECT id, min(nivel) AS nivel FROM abaixo WHERE id <> $2 GROUP BY id) a
           JOIN app.proposicao p ON p.tenant_id = $1 AND p.id = a.id
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          ORDER BY a.nivel, p.id",
    )
    .bind(tenant)
    .bind(proposicao)
    .fetch_all(tx.conn())
    .await?;
    for (anexada, identificacao) in anexadas {
        let seguinte = EventoNovo {
            origem_id: Some(evento),
            ocorrido_em: Some(ocorrido),
            ..novo.clone()
        };
        let r = Box::pin(registrar_evento(tx, autor, anexada, &seguinte)).await;
        if let Err(Error::Validation(v)) = r {
            return Err(ValidationError::new(
                v.field,
                format!(
                    "A proposição anexada {identificacao} acompanha a principal e não pode \
                     receber este andamento: {}",
                    v.message
                ),
            )
            .into());
        }
        r?;
    }
    Ok(())
}
