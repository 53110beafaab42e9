//! The votação per (item, turno): open → votes → close, lock/reopen and cancel as audited
//! steps; kinds simbólica, nominal and secreta; one vote per councilor (the database's
//! unique `voto_unico` / `votacao_participacao_unica`); the result computed by
//! `domain::sessoes_plenarias::quorum::apurar` and fed to the proposição.
//!
//! Concurrency: a vote locks the votação row FOR SHARE (the trigger `voto_aberta` does it
//! again for a raw INSERT), a close locks it FOR UPDATE: the close waits for the votes in
//! flight, and a vote that comes after sees it encerrada and is refused.
//!
//! Secrecy: a secret vote adds to the votação's totals and records only that the
//! councilor took part (`votacao_participacao`: no vote, no time, a random id). No audit
//! entry is written per secret vote, and the totals are shown only after the close.

pub mod dados;
mod encerrar;

use std::collections::HashMap;

use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::quorum::{Regra, Resultado};
use domain::sessoes_plenarias::votacao::{Acao, StatusVotacao, TipoVotacao, Voto};

pub use encerrar::*;

use super::pauta;
use super::presenca::chamada;
use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

/// A votação as the screens and the open data show it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Votacao {
    pub id: Uuid,
    pub sessao_id: Uuid,
    pub item_id: Uuid,
    pub titulo: String,
    pub proposicao_id: Option<Uuid>,
    pub turno: i16,
    pub tipo: String,
    pub status: String,
    pub quorum: String,
    pub sim: i32,
    pub nao: i32,
    pub abstencao: i32,
    /// How many voted (nominal votes or secret participations).
    pub votantes: i64,
    pub presentes: Option<i32>,
    pub cadeiras: Option<i32>,
    pub resultado: Option<String>,
    pub resultado_calculado: Option<String>,
    pub explicacao: Option<String>,
    pub justificativa: Option<String>,
    pub motivo: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub aberta_em: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub encerrada_em: Option<OffsetDateTime>,
}

impl Votacao {
    pub fn tipo(&self) -> TipoVotacao {
        TipoVotacao::parse(&self.tipo).unwrap_or(TipoVotacao::Nominal)
    }
    pub fn status(&self) -> StatusVotacao {
        StatusVotacao::parse(&self.status).unwrap_or(StatusVotacao::Cancelada)
    }
    pub fn encerrada(&self) -> bool {
        self.status() == StatusVotacao::Encerrada
    }
    pub fn tipo_label(&self) -> &'static str {
        self.tipo().rotulo()
    }
    pub fn status_label(&self) -> &'static str {
        self.status().rotulo()
    }
    pub fn quorum_label(&self) -> &'static str {
        Regra::parse(&self.quorum).map_or("", Regra::label)
    }
    pub fn resultado_label(&self) -> &'static str {
        self.resultado
            .as_deref()
            .and_then(Resultado::parse)
            .map_or("", Resultado::label)
    }
    /// The operator replaced the computed result (with a justification shown publicly).
    pub fn alterado(&self) -> bool {
        self.justificativa.is_some()
    }
}

const VOTACAO: &str = "SELECT v.id, v.sessao_id, v.item_id, i.titulo, i.proposicao_id, v.turno,
    v.tipo, v.status, v.quorum, v.sim, v.nao, v.abstencao,
    CASE WHEN v.tipo = 'secreta'
         THEN (SELECT count(*) FROM app.votacao_participacao x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id)
         ELSE (SELECT count(*) FROM app.voto x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id) END AS votantes,
    v.presentes, v.cadeiras, v.resultado, v.resultado_calculado, v.explicacao, v.justificativa,
    v.motivo, v.aberta_em, v.encerrada_em
    FROM app.votacao v
    JOIN LATERAL (SELECT coalesce(t.sigla || ' ' || p.numero || '/' || p.ano || ' — ' || p.ementa,
                                  pi.descricao) AS titulo, pi.proposicao_id
                    FROM app.pauta_item pi
                    LEFT JOIN app.proposicao p ON p.tenant_id = pi.tenant_id AND p.id = pi.proposicao_id
                    LEFT JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
                   WHERE pi.tenant_id = v.tenant_id AND pi.id = v.item_id) i ON true";

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Votacao> {
    let tenant = tx.tenant_id();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{VOTACAO} WHERE v.tenant_id = $1 AND v.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::NotFound("Votação não encontrada.".into()))
}

/// The votações of a sessão, oldest first.
pub async fn da_sessao(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Vec<Votacao>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{VOTACAO} WHERE v.tenant_id = $1 AND v.sessao_id = $2 ORDER BY v.aberta_em, v.id"
        )),
        sessao_id,
    )
    .await
}

/// Every closed votação of the câmara, for the open data, oldest first after the cursor.
pub async fn encerradas(
    tx: &mut TenantTx,
    sessao: Option<Uuid>,
    depois: Option<Uuid>,
    limite: i64,
) -> Result<Vec<Votacao>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{VOTACAO} WHERE v.tenant_id = $1 AND v.status = 'encerrada'
            AND ($4::uuid IS NULL OR v.sessao_id = $4)
            AND ($2::uuid IS NULL OR v.id > $2) ORDER BY v.id LIMIT $3"
    )))
    .bind(tenant)
    .bind(depois)
    .bind(limite)
    .bind(sessao)
    .fetch_all(tx.conn())
    .await?)
}

/// A nominal vote, as shown once the votação is closed (and to the operator while open).
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct VotoNominal {
    pub parlamentar_id: Uuid,
    pub nome: String,
    pub voto: String,
}

impl VotoNominal {
    pub fn voto_label(&self) -> &'static str {
        Voto::parse(&self.voto).map_or("", Voto::rotulo)
    }
}

/// The nominal votes of a votação, by name (empty for a secret or symbolic one).
pub async fn votos(tx: &mut TenantTx, votacao_id: Uuid) -> Result<Vec<VotoNominal>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT x.parlamentar_id, p.nome_parlamentar AS nome, x.voto
           FROM app.voto x
           JOIN app.parlamentar p ON p.tenant_id = x.tenant_id AND p.id = x.parlamentar_id
          WHERE x.tenant_id = $1 AND x.votacao_id = $2 ORDER BY p.nome_parlamentar, x.parlamentar_id",
    )
    .bind(tenant)
    .bind(votacao_id)
    .fetch_all(tx.conn())
    .await?)
}

/// Opens the votação of a pauta item in its turno. The sessão must be aberta and the item
/// voted; one live votação per (item, turno) (unique `votacao_item_turno`).
pub async fn abrir(
    tx: &mut TenantTx,
    autor: &Autor,
    item_id: Uuid,
    tipo: TipoVotacao,
) -> Result<Votacao> {
    let item = pauta::item(tx, item_id).await?;
    let s = super::agenda::para_alterar(tx, item.sessao_id).await?;
    if s.status != StatusSessao::Aberta {
        return Err(Error::Conflict(
            "A votação só é aberta com a sessão aberta (não suspensa).".into(),
        ));
    }
    pauta::votavel(tx, &item, s.dia).await?;
    if !item.votada() {
        return Err(Error::Conflict(format!(
            "Este item é de {}: não é votado.",
            item.tipo_acao_label().to_lowercase()
        )));
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    let q = sqlx::query(
        "INSERT INTO app.votacao (tenant_id, id, sessao_id, item_id, turno, tipo, quorum)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(id)
    .bind(item.sessao_id)
    .bind(item.id)
    .bind(item.turno)
    .bind(tipo.as_str())
    .bind(&item.quorum);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    let v = por_id(tx, id).await?;
    auditoria::mudanca(tx, autor, "votacao", id, "abrir", None, json(&v)).await?;
    Ok(v)
}

/// What a vote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registro {
    Novo,
    /// The same vote again (a repeated submit): nothing changed.
    Repetido,
    /// A nominal vote changed (kept in `voto_historico`).
    Alterado,
}

/// Records `parlamentar_id`'s vote. Eligibility: the votação is aberta and takes individual
/// votes; the councilor is a member on the sessão's day and present. A repeated submit is
/// idempotent; a nominal vote may change until the close (with history), a secret one not.
pub async fn votar(
    tx: &mut TenantTx,
    autor: &Autor,
    votacao_id: Uuid,
    parlamentar_id: Uuid,
    voto: Voto,
) -> Result<Registro> {
    let tenant = tx.tenant_id();
    // FOR SHARE: votes run side by side, a close waits for them.
    let linha: Option<(Uuid, String, String)> = sqlx::query_as(
        "SELECT sessao_id, tipo, status FROM app.votacao WHERE tenant_id = $1 AND id = $2 FOR SHARE",
    )
    .bind(tenant)
    .bind(votacao_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((sessao_id, tipo, status)) = linha else {
        return Err(Error::NotFound("Votação não encontrada.".into()));
    };
    let tipo = TipoVotacao::parse(&tipo).unwrap_or(TipoVotacao::Simbolica);
    let status = StatusVotacao::parse(&status).unwrap_or(StatusVotacao::Cancelada);
    if !status.aceita_votos() {
        return Err(Error::Conflict(format!(
            "A votação está {}: não recebe votos.",
            status.rotulo().to_lowercase()
        )));
    }
    if !tipo.individual() {
        return Err(Error::Conflict(
            "Na votação simbólica o resultado é declarado pela Mesa.".into(),
        ));
    }
    if !chamada(tx, sessao_id)
        .await?
        .presentes_ids()
        .contains(&parlamentar_id)
    {
        return Err(invalido(
            "voto",
            "Só vota quem está em exercício e com a presença registrada nesta sessão.",
        ));
    }
    match tipo {
        TipoVotacao::Secreta => votar_secreto(tx, votacao_id, parlamentar_id, voto).await,
        _ => votar_nominal(tx, autor, votacao_id, parlamentar_id, voto).await,
    }
}

async fn votar_nominal(
    tx: &mut TenantTx,
    autor: &Autor,
    votacao_id: Uuid,
    parlamentar_id: Uuid,
    voto: Voto,
) -> Result<Registro> {
    let tenant = tx.tenant_id();
    let anterior: Option<(Uuid, String)> = sqlx::query_as(
        "INSERT INTO app.voto (tenant_id, id, votacao_id, parlamentar_id, voto, registrado_em, alterado_em)
         VALUES ($1, $2, $3, $4, $5, clock_timestamp(), clock_timestamp())
         ON CONFLICT (tenant_id, votacao_id, parlamentar_id) DO UPDATE SET voto = app.voto.voto
         RETURNING id, CASE WHEN xmax = 0 THEN '' ELSE voto END",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(votacao_id)
    .bind(parlamentar_id)
    .bind(voto.as_str())
    .fetch_optional(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let Some((voto_id, antes)) = anterior else {
        return Err(Error::Conflict("Voto não registrado.".into()));
    };
    let registro = if antes.is_empty() {
        Registro::Novo
    } else if antes == voto.as_str() {
        return Ok(Registro::Repetido);
    } else {
        sqlx::query(
            "UPDATE app.voto SET voto = $3, alterado_em = clock_timestamp() WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant)
        .bind(voto_id)
        .bind(voto.as_str())
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "INSERT INTO app.voto_historico (tenant_id, id, voto_id, anterior, novo) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(voto_id)
        .bind(&antes)
        .bind(voto.as_str())
        .execute(tx.conn())
        .await?;
        Registro::Alterado
    };
    auditoria::registrar(
        tx,
        autor,
        "voto",
        Some(&votacao_id.to_string()),
        if registro == Registro::Novo {
            "votar"
        } else {
            "alterar"
        },
        None,
        Some(serde_json::json!({ "parlamentar_id": parlamentar_id, "voto": voto.as_str() })),
    )
    .await?;
    Ok(registro)
}

/// A secret vote: the participation (unique per councilor) and the totals, nothing else.
async fn votar_secreto(
    tx: &mut TenantTx,
    votacao_id: Uuid,
    parlamentar_id: Uuid,
    voto: Voto,
) -> Result<Registro> {
    let tenant = tx.tenant_id();
    // Secret votes are serialised on the votação row (the totals are one row).
    sqlx::query("SELECT 1 FROM app.votacao WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
        .bind(tenant)
        .bind(votacao_id)
        .execute(tx.conn())
        .await?;
    let novo = sqlx::query(
        "INSERT INTO app.votacao_participacao (tenant_id, votacao_id, parlamentar_id)
         VALUES ($1, $2, $3) ON CONFLICT (tenant_id, votacao_id, parlamentar_id) DO NOTHING",
    )
    .bind(tenant)
    .bind(votacao_id)
    .bind(parlamentar_id)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?
    .rows_affected();
    if novo == 0 {
        // Already voted: a secret vote is cast once (nothing says what it was).
        return Ok(Registro::Repetido);
    }
    let coluna = match voto {
        Voto::Sim => "sim",
        Voto::Nao => "nao",
        Voto::Abstencao => "abstencao",
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE app.votacao SET {coluna} = {coluna} + 1 WHERE tenant_id = $1 AND id = $2 AND status = 'aberta'"
    )))
    .bind(tenant)
    .bind(votacao_id)
    .execute(tx.conn())
    .await?;
    Ok(Registro::Novo)
}

/// Whether `parlamentar_id` voted, and (nominal only) how: the councilor's own screen.
pub async fn meu_voto(
    tx: &mut TenantTx,
    votacao_id: Uuid,
    parlamentar_id: Uuid,
) -> Result<(bool, Option<Voto>)> {
    let mut m = meus_votos(tx, &[votacao_id], parlamentar_id).await?;
    Ok(m.remove(&votacao_id).map_or((false, None), |v| (true, v)))
}

/// [`meu_voto`] for many votações in one query: each votação `parlamentar_id` voted in,
/// with the vote when nominal (`None`: a secret participation).
pub async fn meus_votos(
    tx: &mut TenantTx,
    votacoes: &[Uuid],
    parlamentar_id: Uuid,
) -> Result<HashMap<Uuid, Option<Voto>>> {
    let tenant = tx.tenant_id();
    let linhas: Vec<(Uuid, Option<String>)> = sqlx::query_as(
        "SELECT votacao_id, voto FROM app.voto
          WHERE tenant_id = $1 AND votacao_id = ANY($2) AND parlamentar_id = $3
         UNION ALL
         SELECT votacao_id, NULL FROM app.votacao_participacao
          WHERE tenant_id = $1 AND votacao_id = ANY($2) AND parlamentar_id = $3",
    )
    .bind(tenant)
    .bind(votacoes)
    .bind(parlamentar_id)
    .fetch_all(tx.conn())
    .await?;
    Ok(linhas
        .into_iter()
        .map(|(v, voto)| (v, voto.as_deref().and_then(Voto::parse)))
        .collect())
}

/// Travar, destravar, reabrir or cancelar (encerrar is [`encerrar`]): audited, with the
/// motivo where the action needs one. A votação whose result was recorded on the proposição
/// is not reopened (the proposição's history is corrected there).
pub async fn mover(
    tx: &mut TenantTx,
    autor: &Autor,
    votacao_id: Uuid,
    acao: Acao,
    motivo: &str,
) -> Result<Votacao> {
    if acao == Acao::Encerrar {
        return Err(Error::Conflict("Use o encerramento da votação.".into()));
    }
    let antes = travada(tx, votacao_id).await?;
    let para = antes
        .status()
        .aplicar(acao)
        .map_err(|m| Error::Conflict(m.into()))?;
    let motivo = motivo.trim();
    if acao.pede_motivo() && motivo.len() < 10 {
        return Err(invalido(
            "motivo",
            "Informe o motivo (de 10 a 2.000 caracteres).",
        ));
    }
    let tenant = tx.tenant_id();
    if acao == Acao::Reabrir {
        let evento: Option<Uuid> = sqlx::query_scalar(
            "SELECT evento_id FROM app.votacao WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant)
        .bind(votacao_id)
        .fetch_one(tx.conn())
        .await?;
        if evento.is_some() {
            return Err(Error::Conflict(
                "O resultado já foi registrado na proposição; corrija-o na tramitação dela.".into(),
            ));
        }
        let item: Uuid =
            sqlx::query_scalar("SELECT item_id FROM app.votacao WHERE tenant_id = $1 AND id = $2")
                .bind(tenant)
                .bind(votacao_id)
                .fetch_one(tx.conn())
                .await?;
        let ata = super::ata::documento::do_item(tx, item).await?;
        if ata.is_some_and(|a| {
            a.status() != domain::sessoes_plenarias::ata::estado::StatusAta::EmAprovacao
        }) {
            return Err(Error::Conflict(
                "Esta votação aprovou a ata; a ata aprovada só muda por retificação.".into(),
            ));
        }
    }
    let q = sqlx::query(
        "UPDATE app.votacao SET status = $3,
                motivo = CASE WHEN $4 = '' THEN motivo ELSE $4 END,
                resultado = CASE WHEN $3 = 'encerrada' THEN resultado END,
                resultado_calculado = CASE WHEN $3 = 'encerrada' THEN resultado_calculado END,
                justificativa = CASE WHEN $3 = 'encerrada' THEN justificativa END,
                encerrada_em = CASE WHEN $3 = 'encerrada' THEN encerrada_em END
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(votacao_id)
    .bind(para.as_str())
    .bind(motivo);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    let depois = por_id(tx, votacao_id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "votacao",
        votacao_id,
        acao.as_str(),
        json(&publica(&antes)),
        json(&publica(&depois)),
    )
    .await?;
    Ok(depois)
}

/// The votação locked FOR UPDATE (waits for the votes in flight).
pub(super) async fn travada(tx: &mut TenantTx, id: Uuid) -> Result<Votacao> {
    let tenant = tx.tenant_id();
    sqlx::query("SELECT 1 FROM app.votacao WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
        .bind(tenant)
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::NotFound("Votação não encontrada.".into()))?;
    por_id(tx, id).await
}

/// What may be shown of a votação: a secret one's totals only once it is closed (running
/// totals next to who just voted would tell the votes).
pub fn publica(v: &Votacao) -> Votacao {
    let mut v = v.clone();
    if v.tipo() == TipoVotacao::Secreta && !v.encerrada() {
        v.sim = 0;
        v.nao = 0;
        v.abstencao = 0;
    }
    v
}
