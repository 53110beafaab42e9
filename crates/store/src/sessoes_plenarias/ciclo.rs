//! The sessão's life: one entry point for every move between statuses ([`transicionar`]),
//! the current phase, the retificação of an encerrada sessão, the câmara's regimento and
//! phases, and the numbering by date (numbers fixed when the sessão opens).

use serde::Serialize;
use sqlx::FromRow;
use time::PrimitiveDateTime;
use uuid::Uuid;

use domain::sessoes_plenarias::numeracao::{self, Aviso, Numerada};
use domain::sessoes_plenarias::quorum::{Abstencao, Regimento, VotoPresidente};
use domain::sessoes_plenarias::{StatusSessao, escopo_numeracao};

use super::SessaoPlenaria;
use super::agenda::{lida, para_alterar};
use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::infra::contador;
use crate::{Error, Result, TenantTx};

/// Rings the presidente's bell (campainha) on every screen of the sessão: the painel's
/// screens play it when the count grows. Only while the sessão runs; audited.
pub async fn tocar_campainha(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = para_alterar(tx, id).await?;
    if !antes.status.em_curso() {
        return Err(Error::Conflict(
            "A campainha só toca com a sessão aberta ou suspensa.".into(),
        ));
    }
    sqlx::query(
        "UPDATE app.sessao_plenaria s
            SET campainha = s.campainha + 1, campainha_em = now(),
                versao = s.versao + 1, atualizada_em = now()
          WHERE s.tenant_id = $1 AND s.id = $2",
    )
    .bind(tx.tenant_id())
    .bind(id)
    .execute(tx.conn())
    .await?;
    let id = id.to_string();
    auditoria::evento(tx, autor, "sessao_plenaria", Some(&id), "campainha").await
}

/// Moves a sessão to `para`: the only function that writes a status. `motivo` is the
/// cancellation's (required to cancel, refused otherwise). Opening fixes the number and
/// starts the first phase; encerrar clears the phase. Audited with the action's name.
pub async fn transicionar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    para: StatusSessao,
    motivo: Option<&str>,
) -> Result<SessaoPlenaria> {
    let antes = para_alterar(tx, id).await?;
    if let Some(porque) = antes.status.impedimento(para) {
        return Err(Error::Conflict(porque.into()));
    }
    let motivo = motivo.map(str::trim);
    if para == StatusSessao::Cancelada && motivo.is_none() {
        return Err(invalido("motivo", "Informe o motivo do cancelamento."));
    }
    let acao = match (antes.status, para) {
        (_, StatusSessao::Cancelada) => "cancelar",
        (StatusSessao::Cancelada, _) => "reativar",
        (StatusSessao::Agendada, _) => "abrir",
        (_, StatusSessao::Suspensa) => "suspender",
        (StatusSessao::Suspensa, StatusSessao::Aberta) => "retomar",
        _ => "encerrar",
    };
    let tenant = tx.tenant_id();
    let update = sqlx::query(
        "UPDATE app.sessao_plenaria s
            SET status = $3,
                motivo_cancelamento = CASE WHEN $3 = 'cancelada' THEN $4 END,
                aberta_em = CASE WHEN $3 IN ('agendada', 'cancelada') THEN NULL
                                 ELSE coalesce(s.aberta_em, now()) END,
                encerrada_em = CASE WHEN $3 = 'encerrada' THEN now() END,
                fase_id = CASE
                    WHEN $3 IN ('encerrada', 'agendada', 'cancelada') THEN NULL
                    WHEN s.fase_id IS NULL THEN (SELECT f.id FROM app.fase_sessao f
                        WHERE f.tenant_id = s.tenant_id AND f.ativo ORDER BY f.ordem, f.nome LIMIT 1)
                    ELSE s.fase_id END,
                versao = s.versao + 1, atualizada_em = now()
          WHERE s.tenant_id = $1 AND s.id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(para.as_str())
    .bind(motivo);
    // Refused behind a savepoint (a motivo out of bounds, the time taken again on
    // reactivating), so the transaction goes on.
    tx.tentar(async |tx| {
        update
            .execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    if para == StatusSessao::Agendada {
        renumerar(tx, &antes.escopo()).await?;
    }
    let depois = lida(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "sessao_plenaria",
        id,
        acao,
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(depois)
}

/// Cancels a scheduled sessão, saying why. It stays in the public record (and its number).
pub async fn cancelar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    motivo: &str,
) -> Result<SessaoPlenaria> {
    transicionar(tx, autor, id, StatusSessao::Cancelada, Some(motivo)).await
}

/// Schedules a cancelled sessão again (if its time is still free).
pub async fn reativar(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<SessaoPlenaria> {
    transicionar(tx, autor, id, StatusSessao::Agendada, None).await
}

/// Sets the current phase of a running sessão (kept on the server).
pub async fn definir_fase(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    fase_id: Uuid,
) -> Result<SessaoPlenaria> {
    let antes = para_alterar(tx, id).await?;
    if !antes.status.em_curso() {
        return Err(Error::Conflict(
            "A fase só muda com a sessão aberta ou suspensa.".into(),
        ));
    }
    let tenant = tx.tenant_id();
    let n = sqlx::query(
        "UPDATE app.sessao_plenaria s SET fase_id = f.id, versao = s.versao + 1, atualizada_em = now()
           FROM app.fase_sessao f
          WHERE s.tenant_id = $1 AND s.id = $2 AND f.tenant_id = $1 AND f.id = $3 AND f.ativo",
    )
    .bind(tenant)
    .bind(id)
    .bind(fase_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(invalido("fase", "Escolha uma fase da lista."));
    }
    let depois = lida(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "sessao_plenaria",
        id,
        "fase",
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(depois)
}

/// What a retificação may change in an encerrada sessão.
#[derive(Debug, Clone)]
pub struct Retificacao {
    pub fim: Option<PrimitiveDateTime>,
    pub local: String,
    pub observacoes: String,
    /// Why (10 to 2,000 characters): recorded with the before and after, and audited.
    pub motivo: String,
}

/// Changes an encerrada sessão through a retificação with its motivo (the database refuses
/// any change of an encerrada row without a new retificação).
pub async fn retificar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    r: &Retificacao,
) -> Result<SessaoPlenaria> {
    let antes = para_alterar(tx, id).await?;
    if antes.status != StatusSessao::Encerrada {
        return Err(Error::Conflict(
            "Só uma sessão encerrada é retificada; as outras são editadas.".into(),
        ));
    }
    let tenant = tx.tenant_id();
    let rid = Uuid::now_v7();
    tx.tentar(async |tx| {
        sqlx::query(
            "INSERT INTO app.sessao_retificacao (tenant_id, id, sessao_id, motivo, antes, depois, usuario_id)
             VALUES ($1, $2, $3, $4, $5, '{}', $6)",
        )
        .bind(tenant)
        .bind(rid)
        .bind(id)
        .bind(r.motivo.trim())
        .bind(json(&antes))
        .bind(autor.usuario_id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
        sqlx::query(
            "UPDATE app.sessao_plenaria s
                SET fim = $3::timestamp AT TIME ZONE c.fuso_horario, local = $4, observacoes = $5,
                    retificacao_id = $6, versao = s.versao + 1, atualizada_em = now()
               FROM app.camara_config c
              WHERE s.tenant_id = $1 AND s.id = $2 AND c.tenant_id = s.tenant_id",
        )
        .bind(tenant)
        .bind(id)
        .bind(r.fim)
        .bind(r.local.trim())
        .bind(r.observacoes.trim())
        .bind(rid)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
        Ok(())
    })
    .await?;
    let depois = lida(tx, id).await?;
    sqlx::query("UPDATE app.sessao_retificacao SET depois = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(rid)
        .bind(json(&depois))
        .execute(tx.conn())
        .await?;
    auditoria::mudanca(
        tx,
        autor,
        "sessao_plenaria",
        id,
        "retificar",
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(depois)
}

/// A phase of the câmara's regimento.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct FaseSessao {
    pub id: Uuid,
    pub nome: String,
    pub ordem: i32,
    pub ordem_do_dia: bool,
    pub ativo: bool,
}

/// The câmara's phases, in their order.
pub async fn fases(tx: &mut TenantTx) -> Result<Vec<FaseSessao>> {
    tx.todas(
        "SELECT id, nome, ordem, ordem_do_dia, ativo FROM app.fase_sessao
          WHERE tenant_id = $1 ORDER BY ordem, nome",
    )
    .await
}

/// Adds a phase to the câmara's regimento.
pub async fn criar_fase(
    tx: &mut TenantTx,
    autor: &Autor,
    nome: &str,
    ordem: i32,
    ordem_do_dia: bool,
) -> Result<FaseSessao> {
    let tenant = tx.tenant_id();
    let insert = sqlx::query_as(
        "INSERT INTO app.fase_sessao (tenant_id, id, nome, ordem, ordem_do_dia) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, nome, ordem, ordem_do_dia, ativo",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(nome.trim())
    .bind(ordem)
    .bind(ordem_do_dia);
    let f: FaseSessao = tx
        .tentar(async |tx| {
            insert
                .fetch_one(tx.conn())
                .await
                .map_err(crate::infra::recusas::mapear)
        })
        .await?;
    auditoria::mudanca(tx, autor, "fase_sessao", f.id, "criar", None, json(&f)).await?;
    Ok(f)
}

/// The câmara's voting rules; `membros` is the fallback when no seats are configured.
pub async fn regimento(tx: &mut TenantTx, membros: i64) -> Result<Regimento> {
    let tenant = tx.tenant_id();
    let row: Option<(Option<i32>, String, String)> = sqlx::query_as(
        "SELECT cadeiras, presidente_vota, abstencao FROM app.regimento_sessao WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_optional(tx.conn())
    .await?;
    let (cadeiras, presidente, abstencao) = row.unwrap_or((None, String::new(), String::new()));
    Ok(Regimento {
        cadeiras: cadeiras.map_or(membros, i64::from).max(1),
        presidente: VotoPresidente::parse(&presidente).unwrap_or(VotoPresidente::Desempate),
        abstencao: Abstencao::parse(&abstencao).unwrap_or(Abstencao::Neutra),
    })
}

/// Sets the câmara's voting rules.
pub async fn definir_regimento(
    tx: &mut TenantTx,
    autor: &Autor,
    cadeiras: Option<i32>,
    presidente: VotoPresidente,
    abstencao: Abstencao,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let q = sqlx::query(
        "INSERT INTO app.regimento_sessao (tenant_id, id, cadeiras, presidente_vota, abstencao)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE
            SET cadeiras = $3, presidente_vota = $4, abstencao = $5",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(cadeiras)
    .bind(presidente.as_str())
    .bind(abstencao.as_str());
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    auditoria::registrar(
        tx,
        autor,
        "regimento_sessao",
        None,
        "definir",
        None,
        Some(serde_json::json!({
            "cadeiras": cadeiras, "presidente_vota": presidente.as_str(),
            "abstencao": abstencao.as_str()
        })),
    )
    .await
}

/// The sessões of a scope as the numbering rule sees them.
async fn escopo(
    tx: &mut TenantTx,
    escopo: &str,
) -> Result<Vec<Numerada<Uuid, time::OffsetDateTime>>> {
    let tenant = tx.tenant_id();
    let rows: Vec<(Uuid, time::OffsetDateTime, i32, String)> = sqlx::query_as(
        "SELECT id, inicio, numero, status FROM app.sessao_plenaria
          WHERE tenant_id = $1 AND 'sessao:' || sessao_legislativa_id || ':' || tipo_id = $2",
    )
    .bind(tenant)
    .bind(escopo)
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, inicio, numero, status)| Numerada {
            chave: id,
            inicio,
            numero: i64::from(numero),
            fixo: StatusSessao::parse(&status).is_none_or(StatusSessao::numero_fixo),
        })
        .collect())
}

/// Deals the scope's agendada numbers out again in the order of their dates (in two steps,
/// so the unique number never clashes midway). The caller holds the counter's lock or the
/// sessão's row.
pub(super) async fn renumerar(tx: &mut TenantTx, nome: &str) -> Result<()> {
    let mudancas = numeracao::renumerar(&escopo(tx, nome).await?);
    if mudancas.is_empty() {
        return Ok(());
    }
    let tenant = tx.tenant_id();
    let ids: Vec<Uuid> = mudancas.iter().map(|(k, _)| *k).collect();
    let numeros: Vec<i32> = mudancas
        .iter()
        .map(|(_, n)| i32::try_from(*n).unwrap_or(i32::MAX))
        .collect();
    sqlx::query(
        "UPDATE app.sessao_plenaria SET numero = numero + 1000000
          WHERE tenant_id = $1 AND id = ANY($2)",
    )
    .bind(tenant)
    .bind(&ids)
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "UPDATE app.sessao_plenaria s SET numero = m.numero, versao = s.versao + 1, atualizada_em = now()
           FROM unnest($2::uuid[], $3::int[]) AS m (id, numero)
          WHERE s.tenant_id = $1 AND s.id = m.id",
    )
    .bind(tenant)
    .bind(&ids)
    .bind(&numeros)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The warning for a sessão of `tipo_id` starting at `inicio` (câmara's time zone) that
/// would be numbered before existing ones; `None` when it comes last by date.
pub async fn aviso_numeracao(
    tx: &mut TenantTx,
    tipo_id: Uuid,
    inicio: PrimitiveDateTime,
) -> Result<Option<String>> {
    let Some(sl) = crate::composicao::sessao_legislativa_em(tx, inicio.date()).await? else {
        return Ok(None);
    };
    let tenant = tx.tenant_id();
    let instante: time::OffsetDateTime = sqlx::query_scalar(
        "SELECT $2::timestamp AT TIME ZONE c.fuso_horario FROM app.camara_config c WHERE c.tenant_id = $1",
    )
    .bind(tenant)
    .bind(inicio)
    .fetch_one(tx.conn())
    .await?;
    let nome = escopo_numeracao(sl.id, tipo_id);
    let sessoes = escopo(tx, &nome).await?;
    let proximo = contador::atual(tx, &nome).await? + 1;
    Ok(numeracao::aviso(&sessoes, &instante, Uuid::nil(), proximo).map(|a: Aviso| a.mensagem()))
}
