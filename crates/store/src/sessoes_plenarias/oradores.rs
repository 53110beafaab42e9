//! Oradores: the sign-up list of each phase (by the operator, or the councilor from their
//! own account), in order, and the speaking time the server holds (start, pause, resume,
//! end). The rules are `domain::sessoes_plenarias::oradores`; the database keeps one
//! speaker on the floor per sessão (`orador_um_na_tribuna`) and one sign-up per phase.

use serde::Serialize;
use uuid::Uuid;

use domain::sessoes_plenarias::oradores::{AcaoOrador, StatusOrador, mm_ss, restante_ms};

use super::agenda::lida;
use crate::auditoria::{self, Autor};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

/// A speaker of a sessão, with the time left as of the query.
#[derive(Debug, Clone, Serialize)]
pub struct Orador {
    pub id: Uuid,
    pub fase_id: Uuid,
    pub fase: String,
    pub parlamentar_id: Uuid,
    pub nome: String,
    pub ordem: i32,
    /// Seconds.
    pub duracao: i32,
    pub status: &'static str,
    pub status_label: &'static str,
    /// Computed by the server from its clock; negative past time.
    pub restante_ms: i64,
    /// "04:59".
    pub restante: String,
    /// The time is running now.
    pub correndo: bool,
}

type Linha = (
    Uuid,
    Uuid,
    String,
    Uuid,
    String,
    i32,
    i32,
    String,
    i64,
    Option<i64>,
);

/// The speakers of a sessão, by phase order and sign-up order.
pub async fn da_sessao(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Vec<Orador>> {
    let tenant = tx.tenant_id();
    let linhas: Vec<Linha> = sqlx::query_as(
        "SELECT o.id, o.fase_id, f.nome, o.parlamentar_id, p.nome_parlamentar, o.ordem, o.duracao,
                o.status, o.acumulado_ms,
                (extract(epoch FROM clock_timestamp() - o.iniciado_em) * 1000)::bigint
           FROM app.orador o
           JOIN app.fase_sessao f ON f.tenant_id = o.tenant_id AND f.id = o.fase_id
           JOIN app.parlamentar p ON p.tenant_id = o.tenant_id AND p.id = o.parlamentar_id
          WHERE o.tenant_id = $1 AND o.sessao_id = $2
          ORDER BY f.ordem, o.ordem",
    )
    .bind(tenant)
    .bind(sessao_id)
    .fetch_all(tx.conn())
    .await?;
    Ok(linhas
        .into_iter()
        .map(
            |(
                id,
                fase_id,
                fase,
                parlamentar_id,
                nome,
                ordem,
                duracao,
                status,
                acumulado,
                corrido,
            )| {
                let st = StatusOrador::parse(&status).unwrap_or(StatusOrador::Inscrito);
                let ms = restante_ms(duracao, acumulado, corrido);
                Orador {
                    id,
                    fase_id,
                    fase,
                    parlamentar_id,
                    nome,
                    ordem,
                    duracao,
                    status: st.as_str(),
                    status_label: st.label(),
                    restante_ms: ms,
                    restante: mm_ss(ms),
                    correndo: st == StatusOrador::Falando,
                }
            },
        )
        .collect())
}

/// Signs `parlamentar_id` up to speak in the sessão's current phase, last in its list, with
/// the phase's speaking time.
pub async fn inscrever(
    tx: &mut TenantTx,
    autor: &Autor,
    sessao_id: Uuid,
    parlamentar_id: Uuid,
    pelo_proprio: bool,
) -> Result<()> {
    let s = lida(tx, sessao_id).await?;
    if !s.status.em_curso() {
        return Err(Error::Conflict(
            "A inscrição de oradores é feita com a sessão aberta ou suspensa.".into(),
        ));
    }
    let tenant = tx.tenant_id();
    let fase: Option<(Uuid, i32)> = sqlx::query_as(
        "SELECT f.id, f.tempo_orador FROM app.sessao_plenaria s
           JOIN app.fase_sessao f ON f.tenant_id = s.tenant_id AND f.id = s.fase_id
          WHERE s.tenant_id = $1 AND s.id = $2",
    )
    .bind(tenant)
    .bind(sessao_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((fase_id, tempo)) = fase else {
        return Err(Error::Conflict(
            "A sessão não está em nenhuma fase: escolha a fase antes de inscrever oradores.".into(),
        ));
    };
    if !super::presenca::membros(tx, s.dia)
        .await?
        .iter()
        .any(|m| m.parlamentar_id == parlamentar_id)
    {
        return Err(invalido(
            "parlamentar",
            "Este parlamentar não está em exercício no dia da sessão.",
        ));
    }
    let id = Uuid::now_v7();
    let q = sqlx::query(
        "INSERT INTO app.orador (tenant_id, id, sessao_id, fase_id, parlamentar_id, ordem, duracao,
                                 pelo_proprio, usuario_id)
         SELECT $1, $2, $3, $4, $5, coalesce(max(o.ordem), 0) + 1, $6, $7, $8
           FROM app.orador o WHERE o.tenant_id = $1 AND o.sessao_id = $3 AND o.fase_id = $4",
    )
    .bind(tenant)
    .bind(id)
    .bind(sessao_id)
    .bind(fase_id)
    .bind(parlamentar_id)
    .bind(tempo)
    .bind(pelo_proprio)
    .bind(autor.usuario_id);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    auditoria::registrar(
        tx,
        autor,
        "orador",
        Some(&id.to_string()),
        "inscrever",
        None,
        Some(serde_json::json!({
            "sessao_id": sessao_id, "fase_id": fase_id, "parlamentar_id": parlamentar_id,
            "duracao": tempo, "pelo_proprio": pelo_proprio
        })),
    )
    .await
}

/// Starts, pauses, resumes or ends a speaker's time (the server's clock).
pub async fn agir(
    tx: &mut TenantTx,
    autor: &Autor,
    orador_id: Uuid,
    acao: AcaoOrador,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let atual: Option<(Uuid, String)> = sqlx::query_as(
        "SELECT sessao_id, status FROM app.orador WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(orador_id)
    .fetch_optional(tx.conn())
    .await?;
    let (sessao_id, status) =
        atual.ok_or_else(|| Error::NotFound("Orador não encontrado.".into()))?;
    let antes = StatusOrador::parse(&status).unwrap_or(StatusOrador::Inscrito);
    let depois = antes.apos(acao).map_err(|m| Error::Conflict(m.into()))?;
    let s = lida(tx, sessao_id).await?;
    if !s.status.em_curso() {
        return Err(Error::Conflict(
            "O tempo dos oradores só corre com a sessão aberta ou suspensa.".into(),
        ));
    }
    // Time spoken in the run that stops now is added up; a run that starts takes the clock.
    let q = sqlx::query(
        "UPDATE app.orador SET status = $3,
                acumulado_ms = acumulado_ms + CASE WHEN iniciado_em IS NULL THEN 0
                    ELSE greatest(0, (extract(epoch FROM clock_timestamp() - iniciado_em) * 1000)::bigint) END,
                iniciado_em = CASE WHEN $3 = 'falando' THEN clock_timestamp() END
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(orador_id)
    .bind(depois.as_str());
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    auditoria::registrar(
        tx,
        autor,
        "orador",
        Some(&orador_id.to_string()),
        match acao {
            AcaoOrador::Iniciar => "iniciar",
            AcaoOrador::Pausar => "pausar",
            AcaoOrador::Retomar => "retomar",
            AcaoOrador::Encerrar => "encerrar",
        },
        Some(serde_json::json!({ "status": antes.as_str() })),
        Some(serde_json::json!({ "status": depois.as_str() })),
    )
    .await
}

/// Gives a speaker who has not finished `segundos` more (the presidente's concession; the
/// console gives a minute at a time): audited with the time before and after; every screen
/// gets it with the next snapshot. The table keeps the whole speech within 2 hours.
pub async fn acrescentar_tempo(
    tx: &mut TenantTx,
    autor: &Autor,
    orador_id: Uuid,
    segundos: i32,
) -> Result<()> {
    if !(1..=1800).contains(&segundos) {
        return Err(invalido("tempo", "Acrescente de 1 segundo a 30 minutos."));
    }
    let tenant = tx.tenant_id();
    let atual: Option<(Uuid, String, i32)> = sqlx::query_as(
        "SELECT sessao_id, status, duracao FROM app.orador
          WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(tenant)
    .bind(orador_id)
    .fetch_optional(tx.conn())
    .await?;
    let (sessao_id, status, duracao) =
        atual.ok_or_else(|| Error::NotFound("Orador não encontrado.".into()))?;
    if StatusOrador::parse(&status) == Some(StatusOrador::Concluido) {
        return Err(Error::Conflict(
            "O orador já concluiu a fala; não há tempo a acrescentar.".into(),
        ));
    }
    if !lida(tx, sessao_id).await?.status.em_curso() {
        return Err(Error::Conflict(
            "O tempo dos oradores só corre com a sessão aberta ou suspensa.".into(),
        ));
    }
    let q = sqlx::query(
        "UPDATE app.orador SET duracao = duracao + $3 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(orador_id)
    .bind(segundos);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    auditoria::registrar(
        tx,
        autor,
        "orador",
        Some(&orador_id.to_string()),
        "acrescentar_tempo",
        Some(serde_json::json!({ "duracao": duracao })),
        Some(serde_json::json!({ "duracao": duracao + segundos })),
    )
    .await
}

/// The speaking time of a phase (the regimento's, configurable), in seconds.
pub async fn definir_tempo(
    tx: &mut TenantTx,
    autor: &Autor,
    fase_id: Uuid,
    segundos: i32,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let q = sqlx::query(
        "UPDATE app.fase_sessao SET tempo_orador = $3 WHERE tenant_id = $1 AND id = $2 RETURNING id",
    )
    .bind(tenant)
    .bind(fase_id)
    .bind(segundos);
    let feito = tx
        .tentar(async |tx| {
            q.fetch_optional(tx.conn())
                .await
                .map_err(crate::infra::recusas::mapear)
        })
        .await?;
    if feito.is_none() {
        return Err(Error::NotFound("Fase não encontrada.".into()));
    }
    auditoria::registrar(
        tx,
        autor,
        "fase_sessao",
        Some(&fase_id.to_string()),
        "tempo_orador",
        None,
        Some(serde_json::json!({ "tempo_orador": segundos })),
    )
    .await
}
