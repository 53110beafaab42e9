//! A citizen follows a proposição by e-mail, with no account (issue #10, item 9):
//!
//! - double opt-in: [`solicitar`] stores the request and enqueues the confirmation message;
//!   nothing else is ever sent to an address before [`confirmar`]; a request not confirmed
//!   within [`VALIDADE_HORAS`] expires (and is erased by the next request of the câmara);
//! - the confirmation token is made when the message is sent ([`preparar_confirmacao`]) and
//!   only its SHA-256 is kept; the cancellation token is kept (every message prints it, for
//!   the one-click `List-Unsubscribe`), and [`cancelar`] erases the e-mail;
//! - at most [`POR_HORA_EMAIL`] requests per e-mail and [`POR_HORA_IP`] per client address
//!   an hour, per câmara, counted in `app.acompanhamento_pedido` (the e-mail's SHA-256 and
//!   the address, kept one hour);
//! - each new event of the proposição enqueues one notification job per confirmed follower
//!   in the event's own transaction ([`notificar_evento`], called at the end of
//!   `proposicoes::registrar_evento`).
//!
//! The e-mail is kept for this purpose only (LGPD): the form says so, the audit log never
//! records it.

use std::net::IpAddr;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::conta::sessoes_login::token_aleatorio;
use crate::jobs::{self, Novo};
use crate::{Error, Result, TenantTx};

/// Requests per e-mail per hour (per câmara).
pub const POR_HORA_EMAIL: i64 = 3;
/// Requests per client address per hour (per câmara).
pub const POR_HORA_IP: i64 = 20;
/// How long a confirmation link is valid.
pub const VALIDADE_HORAS: i32 = 48;

/// The job that sends the confirmation message.
pub const JOB_CONFIRMACAO: &str = "acompanhamento.confirmacao";
/// The job that tells one follower of one new event.
pub const JOB_NOTIFICACAO: &str = "acompanhamento.notificacao";

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// What became of a request. The page says the same either way (no enumeration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pedido {
    /// A confirmation message is on its way.
    Enviado,
    /// The address already follows the proposição: nothing sent.
    JaConfirmado,
    /// Too many requests for this e-mail or from this address: nothing sent.
    Limitado,
}

/// A citizen asks to follow `proposicao_id` with `email` (already normalised by
/// `domain::auth::parse_email`). `origem` is the câmara's public address for the links.
pub async fn solicitar(
    tx: &mut TenantTx,
    proposicao_id: Uuid,
    email: &str,
    origem: &str,
    ip: Option<IpAddr>,
) -> Result<Pedido> {
    let tenant = tx.tenant_id();
    // Expired, unconfirmed requests go first: they keep nothing for anyone.
    sqlx::query(
        "DELETE FROM app.acompanhamento
          WHERE tenant_id = $1 AND confirmado_em IS NULL AND cancelado_em IS NULL AND expira_em <= now()",
    )
    .bind(tenant)
    .execute(tx.conn())
    .await?;
    let existe: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.proposicao WHERE tenant_id = $1 AND id = $2)",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .fetch_one(tx.conn())
    .await?;
    if !existe {
        return Err(Error::NotFound("Proposição não encontrada.".into()));
    }
    sqlx::query(
        "DELETE FROM app.acompanhamento_pedido WHERE tenant_id = $1 AND em <= now() - interval '1 hour'",
    )
    .bind(tenant)
    .execute(tx.conn())
    .await?;
    let email_hash = hash(&email.to_lowercase());
    let ip = ip.map(|i| i.to_string());
    let (por_email, por_ip): (i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE email_hash = $2), count(*) FILTER (WHERE ip = $3::inet)
           FROM app.acompanhamento_pedido
          WHERE tenant_id = $1 AND (email_hash = $2 OR ip = $3::inet)",
    )
    .bind(tenant)
    .bind(&email_hash)
    .bind(&ip)
    .fetch_one(tx.conn())
    .await?;
    if por_email >= POR_HORA_EMAIL || por_ip >= POR_HORA_IP {
        return Ok(Pedido::Limitado);
    }
    sqlx::query(
        "INSERT INTO app.acompanhamento_pedido (tenant_id, id, email_hash, ip)
         VALUES ($1, $2, $3, $4::inet)",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(&email_hash)
    .bind(&ip)
    .execute(tx.conn())
    .await?;
    let atual: Option<(Uuid, Option<OffsetDateTime>)> = sqlx::query_as(
        "SELECT id, confirmado_em FROM app.acompanhamento
          WHERE tenant_id = $1 AND proposicao_id = $2 AND lower(email) = lower($3)
            AND cancelado_em IS NULL",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .bind(email)
    .fetch_optional(tx.conn())
    .await?;
    match atual {
        Some((_, Some(_))) => return Ok(Pedido::JaConfirmado),
        // Asked again before confirming: a new request (and link) replaces the old one.
        Some((id, None)) => {
            sqlx::query("DELETE FROM app.acompanhamento WHERE tenant_id = $1 AND id = $2")
                .bind(tenant)
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        None => {}
    }
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.acompanhamento
            (tenant_id, id, proposicao_id, email, origem, cancelar_token, expira_em)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7))",
    )
    .bind(tenant)
    .bind(id)
    .bind(proposicao_id)
    .bind(email)
    .bind(origem)
    .bind(token_aleatorio(32)?)
    .bind(VALIDADE_HORAS)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    jobs::enfileirar(
        tx,
        &Novo::agora(JOB_CONFIRMACAO, serde_json::json!({ "acompanhamento": id })),
    )
    .await?;
    let autor = Autor {
        ip: ip.and_then(|i| i.parse().ok()),
        ..Autor::default()
    };
    auditoria::evento(
        tx,
        &autor,
        "acompanhamento",
        Some(&id.to_string()),
        "solicitar",
    )
    .await?;
    Ok(Pedido::Enviado)
}

/// What a message about a proposição needs.
#[derive(Debug, Clone)]
pub struct Mensagem {
    pub email: String,
    /// The câmara's public address (`https://camara.example`).
    pub origem: String,
    pub cancelar_token: String,
    pub proposicao_id: Uuid,
    /// "PL 12/2026".
    pub identificacao: String,
    pub ementa: String,
    pub camara: String,
}

impl Mensagem {
    /// The one-click cancellation address (also the `List-Unsubscribe` header's).
    pub fn link_cancelar(&self) -> String {
        format!(
            "{}/acompanhamento/cancelar?token={}",
            self.origem, self.cancelar_token
        )
    }

    /// The proposição's public page.
    pub fn link_proposicao(&self) -> String {
        format!(
            "{}/legislativo/proposicoes/{}",
            self.origem, self.proposicao_id
        )
    }
}

const MENSAGEM: &str = "SELECT a.email, a.origem, a.cancelar_token, p.id, t.sigla, p.numero, p.ano,
        p.ementa, coalesce(c.nome, '')
   FROM app.acompanhamento a
   JOIN app.proposicao p ON p.tenant_id = a.tenant_id AND p.id = a.proposicao_id
   JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
   LEFT JOIN app.camara_config c ON c.tenant_id = a.tenant_id
  WHERE a.tenant_id = $1 AND a.id = $2 AND a.cancelado_em IS NULL AND a.email IS NOT NULL";

type LinhaMensagem = (
    String,
    String,
    String,
    Uuid,
    String,
    i32,
    i32,
    String,
    String,
);

fn mensagem(l: LinhaMensagem) -> Mensagem {
    let (email, origem, cancelar_token, proposicao_id, sigla, numero, ano, ementa, camara) = l;
    Mensagem {
        email,
        origem,
        cancelar_token,
        proposicao_id,
        identificacao: domain::proposicoes::identificacao(&sigla, numero.into(), ano),
        ementa,
        camara,
    }
}

/// For the confirmation job: a fresh confirmation token (its hash replaces any earlier
/// one) and the message's data; `None` when the request is gone, expired or confirmed.
pub async fn preparar_confirmacao(
    tx: &mut TenantTx,
    id: Uuid,
) -> Result<Option<(Mensagem, String)>> {
    let tenant = tx.tenant_id();
    let token = token_aleatorio(32)?;
    let n = sqlx::query(
        "UPDATE app.acompanhamento SET confirmacao_hash = $3
          WHERE tenant_id = $1 AND id = $2 AND confirmado_em IS NULL AND cancelado_em IS NULL
            AND expira_em > now()",
    )
    .bind(tenant)
    .bind(id)
    .bind(hash(&token))
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Ok(None);
    }
    let l: Option<LinhaMensagem> = sqlx::query_as(MENSAGEM)
        .bind(tenant)
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
    Ok(l.map(|l| (mensagem(l), token)))
}

/// For a notification job: the message's data, if `id` is confirmed and not cancelled.
pub async fn preparar_notificacao(tx: &mut TenantTx, id: Uuid) -> Result<Option<Mensagem>> {
    let l: Option<LinhaMensagem> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{MENSAGEM} AND a.confirmado_em IS NOT NULL"
    )))
    .bind(tx.tenant_id())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    Ok(l.map(mensagem))
}

/// One event of a proposição, as a notification tells it.
#[derive(Debug, Clone)]
pub struct EventoInformado {
    pub descricao: String,
    pub situacao: String,
    /// When it happened, dd/mm/aaaa hh:mm in the câmara's time zone.
    pub quando: String,
}

/// The event `evento_id`, if it exists in this câmara.
pub async fn evento(tx: &mut TenantTx, evento_id: Uuid) -> Result<Option<EventoInformado>> {
    let l: Option<(String, String, String)> = sqlx::query_as(
        "SELECT e.descricao, e.situacao,
                to_char(e.ocorrido_em AT TIME ZONE coalesce(c.fuso_horario, 'America/Sao_Paulo'),
                        'DD/MM/YYYY HH24:MI')
           FROM app.proposicao_evento e
           LEFT JOIN app.camara_config c ON c.tenant_id = e.tenant_id
          WHERE e.tenant_id = $1 AND e.id = $2",
    )
    .bind(tx.tenant_id())
    .bind(evento_id)
    .fetch_optional(tx.conn())
    .await?;
    Ok(l.map(|(descricao, situacao, quando)| EventoInformado {
        descricao,
        situacao,
        quando,
    }))
}

/// A confirmed subscription: the proposição it follows.
#[derive(Debug, Clone)]
pub struct Confirmado {
    pub proposicao_id: Uuid,
    /// It was already confirmed (a second click on the link).
    pub ja_estava: bool,
}

/// Confirms the request whose confirmation token this is (unexpired, not cancelled).
pub async fn confirmar(tx: &mut TenantTx, token: &str) -> Result<Option<Confirmado>> {
    let tenant = tx.tenant_id();
    let l: Option<(Uuid, Uuid, bool)> = sqlx::query_as(
        "SELECT id, proposicao_id, confirmado_em IS NOT NULL FROM app.acompanhamento
          WHERE tenant_id = $1 AND confirmacao_hash = $2 AND cancelado_em IS NULL
            AND (confirmado_em IS NOT NULL OR expira_em > now())
          FOR UPDATE",
    )
    .bind(tenant)
    .bind(hash(token))
    .fetch_optional(tx.conn())
    .await?;
    let Some((id, proposicao_id, ja_estava)) = l else {
        return Ok(None);
    };
    if !ja_estava {
        sqlx::query(
            "UPDATE app.acompanhamento SET confirmado_em = now() WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
        auditoria::evento(
            tx,
            &Autor::default(),
            "acompanhamento",
            Some(&id.to_string()),
            "confirmar",
        )
        .await?;
    }
    Ok(Some(Confirmado {
        proposicao_id,
        ja_estava,
    }))
}

/// The proposição ("PL 12/2026") a live cancellation token follows.
pub async fn por_cancelar(tx: &mut TenantTx, token: &str) -> Result<Option<String>> {
    let l: Option<(String, i32, i32)> = sqlx::query_as(
        "SELECT t.sigla, p.numero, p.ano FROM app.acompanhamento a
           JOIN app.proposicao p ON p.tenant_id = a.tenant_id AND p.id = a.proposicao_id
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE a.tenant_id = $1 AND a.cancelar_token = $2 AND a.cancelado_em IS NULL",
    )
    .bind(tx.tenant_id())
    .bind(token)
    .fetch_optional(tx.conn())
    .await?;
    Ok(l.map(|(s, n, a)| domain::proposicoes::identificacao(&s, n.into(), a)))
}

/// Cancels the subscription of this token and erases its e-mail. False when there was
/// nothing live to cancel (cancelling twice is not an error for the citizen).
pub async fn cancelar(tx: &mut TenantTx, token: &str) -> Result<bool> {
    let id: Option<Uuid> = sqlx::query_scalar(
        "UPDATE app.acompanhamento SET cancelado_em = now(), email = NULL, confirmacao_hash = NULL
          WHERE tenant_id = $1 AND cancelar_token = $2 AND cancelado_em IS NULL
      RETURNING id",
    )
    .bind(tx.tenant_id())
    .bind(token)
    .fetch_optional(tx.conn())
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    auditoria::evento(
        tx,
        &Autor::default(),
        "acompanhamento",
        Some(&id.to_string()),
        "cancelar",
    )
    .await?;
    Ok(true)
}

/// In the event's transaction: one notification job per confirmed follower.
pub async fn notificar_evento(
    tx: &mut TenantTx,
    proposicao_id: Uuid,
    evento_id: Uuid,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let seguidores: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM app.acompanhamento
          WHERE tenant_id = $1 AND proposicao_id = $2
            AND confirmado_em IS NOT NULL AND cancelado_em IS NULL
          ORDER BY id",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .fetch_all(tx.conn())
    .await?;
    if seguidores.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = seguidores.iter().map(|_| Uuid::now_v7()).collect();
    sqlx::query(
        "INSERT INTO app.job (tenant_id, id, tipo, dados)
         SELECT $1, j, $3, jsonb_build_object('acompanhamento', a, 'evento', $4::uuid)
           FROM unnest($2::uuid[], $5::uuid[]) AS x(j, a)",
    )
    .bind(tenant)
    .bind(&ids)
    .bind(JOB_NOTIFICACAO)
    .bind(evento_id)
    .bind(&seguidores)
    .execute(tx.conn())
    .await?;
    Ok(())
}
