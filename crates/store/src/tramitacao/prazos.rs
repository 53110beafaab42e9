//! Prazos vencendo and vencidos: of the unidades of one user (the dashboard) and of every
//! unidade with its users' e-mails (the alerts, built into messages here and sent by the
//! job queue).

use domain::calendario::{SituacaoPrazo, situacao_prazo};
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::consultas::{ABERTA, CORRECAO, IDENT};
use crate::{Result, TenantTx};

/// A prazo is "vencendo" with at most this many dias úteis left (the last day included).
pub const AVISO_DIAS_UTEIS: u32 = 3;

#[derive(Debug, Clone, FromRow)]
struct Linha {
    tramitacao_id: Uuid,
    proposicao_id: Uuid,
    identificacao: String,
    ementa: String,
    unidade_id: Uuid,
    unidade: String,
    prazo: Date,
}

/// An open tramitação whose prazo is near or past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrazoAberto {
    pub tramitacao_id: Uuid,
    pub proposicao_id: Uuid,
    pub identificacao: String,
    pub ementa: String,
    pub unidade_id: Uuid,
    pub unidade: String,
    pub prazo: Date,
    pub situacao: SituacaoPrazo,
}

impl PrazoAberto {
    pub fn vencido(&self) -> bool {
        self.situacao == SituacaoPrazo::Vencido
    }
}

/// The open tramitações with a prazo up to `ate` of the proposições still in tramitação,
/// of the unidades of `usuario_id` (every unidade when `None`).
async fn linhas(tx: &mut TenantTx, usuario_id: Option<Uuid>, ate: Date) -> Result<Vec<Linha>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM (
           SELECT t.id AS tramitacao_id, t.proposicao_id, {IDENT} AS identificacao, p.ementa,
                  t.destino_id AS unidade_id, d.nome AS unidade,
                  CASE WHEN k.id IS NULL THEN t.prazo ELSE k.prazo END AS prazo
             FROM app.tramitacao t
             JOIN app.proposicao p ON p.tenant_id = t.tenant_id AND p.id = t.proposicao_id
             JOIN app.tipo_proposicao tp ON tp.tenant_id = p.tenant_id AND tp.id = p.tipo_id
             JOIN app.unidade d ON d.tenant_id = t.tenant_id AND d.id = t.destino_id
             {CORRECAO}
            WHERE t.tenant_id = $1 AND {ABERTA}
              AND p.situacao NOT IN ('rejeitada', 'arquivada', 'retirada')
              AND ($2::uuid IS NULL OR t.destino_id IN (
                    SELECT x.unidade_id FROM app.unidade_usuario x
                     WHERE x.tenant_id = $1 AND x.usuario_id = $2))
         ) q
         WHERE q.prazo IS NOT NULL AND q.prazo <= $3
         ORDER BY q.prazo, q.identificacao, q.tramitacao_id"
    )))
    .bind(tenant)
    .bind(usuario_id)
    .bind(ate)
    .fetch_all(tx.conn())
    .await?)
}

async fn abertos(tx: &mut TenantTx, usuario_id: Option<Uuid>) -> Result<Vec<PrazoAberto>> {
    let hoje = crate::camara::hoje(tx).await?;
    let cal = crate::calendario::calendario(tx).await?;
    // Nothing past AVISO dias úteis from today can be "vencendo".
    let ate = cal
        .somar(hoje, AVISO_DIAS_UTEIS)
        .unwrap_or(hoje + time::Duration::days(31));
    let mut out = Vec::new();
    for l in linhas(tx, usuario_id, ate).await? {
        let situacao = situacao_prazo(&cal, hoje, l.prazo, AVISO_DIAS_UTEIS);
        if situacao == SituacaoPrazo::EmDia {
            continue;
        }
        out.push(PrazoAberto {
            tramitacao_id: l.tramitacao_id,
            proposicao_id: l.proposicao_id,
            identificacao: l.identificacao,
            ementa: l.ementa,
            unidade_id: l.unidade_id,
            unidade: l.unidade,
            prazo: l.prazo,
            situacao,
        });
    }
    Ok(out)
}

/// The prazos vencidos and vencendo of the unidades `usuario_id` works in, soonest first.
pub async fn prazos_do_usuario(tx: &mut TenantTx, usuario_id: Uuid) -> Result<Vec<PrazoAberto>> {
    abertos(tx, Some(usuario_id)).await
}

/// One unidade's prazos vencidos and vencendo, with the e-mails of its active users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertaUnidade {
    pub unidade_id: Uuid,
    pub unidade: String,
    pub emails: Vec<String>,
    pub prazos: Vec<PrazoAberto>,
}

/// Every unidade with prazos vencidos or vencendo, and the e-mails of its active users
/// (a unidade with no user is listed with none: nobody to tell).
pub async fn alertas_de_prazo(tx: &mut TenantTx) -> Result<Vec<AlertaUnidade>> {
    let prazos = abertos(tx, None).await?;
    let mut out: Vec<AlertaUnidade> = Vec::new();
    for p in prazos {
        match out.iter_mut().find(|a| a.unidade_id == p.unidade_id) {
            Some(a) => a.prazos.push(p),
            None => out.push(AlertaUnidade {
                unidade_id: p.unidade_id,
                unidade: p.unidade.clone(),
                emails: Vec::new(),
                prazos: vec![p],
            }),
        }
    }
    let tenant = tx.tenant_id();
    for a in &mut out {
        a.emails = sqlx::query_scalar(
            "SELECT u.email FROM app.unidade_usuario x
               JOIN app.usuario u ON u.tenant_id = x.tenant_id AND u.id = x.usuario_id
              WHERE x.tenant_id = $1 AND x.unidade_id = $2 AND u.ativo
              ORDER BY u.email",
        )
        .bind(tenant)
        .bind(a.unidade_id)
        .fetch_all(tx.conn())
        .await?;
    }
    out.sort_by(|a, b| a.unidade.cmp(&b.unidade));
    Ok(out)
}

/// An e-mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mensagem {
    pub para: String,
    pub assunto: String,
    pub corpo: String,
}

fn br(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// The alert e-mails: one per user of each unidade, listing its prazos vencidos first.
/// `camara` names the câmara; `base` is its address (`https://…`) for the links.
pub fn mensagens_de_prazo(camara: &str, base: &str, alertas: &[AlertaUnidade]) -> Vec<Mensagem> {
    let mut out = Vec::new();
    for a in alertas {
        let vencidos = a.prazos.iter().filter(|p| p.vencido()).count();
        let vencendo = a.prazos.len() - vencidos;
        let assunto = match (vencidos, vencendo) {
            (0, n) => format!("{}: {n} prazo(s) vencendo", a.unidade),
            (v, 0) => format!("{}: {v} prazo(s) vencido(s)", a.unidade),
            (v, n) => format!("{}: {v} prazo(s) vencido(s) e {n} vencendo", a.unidade),
        };
        let mut corpo = format!("{camara}\n\nPrazos de tramitação de {}:\n\n", a.unidade);
        let mut ordem: Vec<&PrazoAberto> = a.prazos.iter().collect();
        ordem.sort_by_key(|p| (!p.vencido(), p.prazo));
        for p in ordem {
            let quando = if p.vencido() { "venceu em" } else { "vence em" };
            corpo.push_str(&format!(
                "- {} ({}) {quando} {}\n  {}/admin/tramitacao/proposicoes/{}\n",
                p.identificacao,
                p.ementa.chars().take(120).collect::<String>(),
                br(p.prazo),
                base.trim_end_matches('/'),
                p.proposicao_id
            ));
        }
        corpo.push_str(
            "\nVocê recebe este aviso por trabalhar nesta unidade no Plenário da câmara.\n",
        );
        for email in &a.emails {
            out.push(Mensagem {
                para: email.clone(),
                assunto: assunto.clone(),
                corpo: corpo.clone(),
            });
        }
    }
    out
}
