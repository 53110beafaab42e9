//! Scheduling a sessão: its number, its date inside a sessão legislativa, and the moves
//! between its statuses (cancel, reactivate, delete one entered by mistake).

use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use domain::sessoes_plenarias::{Exibicao, escopo_numeracao, numero_excluivel};

use super::{StatusSessao, instante_iso, instante_iso_opt, por_id, tipo_por_id};
use crate::auditoria::{self, Autor, json};
use crate::composicao::{self};
use crate::error::invalido;
use crate::infra::contador;
use crate::infra::leitura::json as lido;
use crate::{Error, Result, TenantTx};

/// A sessão plenária as the admin and the portal show it. Dates and times are in the
/// câmara's time zone (`dia`, `hora`, `hora_fim`); `inicio`/`fim` are instants.
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct SessaoPlenaria {
    pub id: Uuid,
    pub tipo_id: Uuid,
    /// The tipo's name ("Ordinária").
    pub tipo: String,
    pub numero: i32,
    pub sessao_legislativa_id: Uuid,
    pub sessao_legislativa_numero: i32,
    pub legislatura_numero: i32,
    #[serde(serialize_with = "instante_iso", deserialize_with = "lido::instante")]
    pub inicio: OffsetDateTime,
    #[serde(
        serialize_with = "instante_iso_opt",
        deserialize_with = "lido::instante_opt"
    )]
    pub fim: Option<OffsetDateTime>,
    #[serde(with = "crate::infra::datas::iso")]
    pub dia: Date,
    /// HH:MM.
    pub hora: String,
    pub hora_fim: Option<String>,
    pub local: String,
    /// Its status ([`StatusSessao`]; the moves between statuses are its rule).
    #[sqlx(try_from = "String")]
    #[serde(deserialize_with = "lido::texto")]
    pub status: StatusSessao,
    pub motivo_cancelamento: Option<String>,
    pub observacoes: String,
    /// Bumped on every change (the iCalendar SEQUENCE).
    pub versao: i32,
    #[serde(serialize_with = "instante_iso", deserialize_with = "lido::instante")]
    pub atualizada_em: OffsetDateTime,
    /// Today in the câmara's time zone (when it was read).
    #[serde(
        skip_serializing,
        deserialize_with = "crate::infra::datas::iso::deserialize"
    )]
    pub hoje: Date,
    /// The current phase of a running sessão.
    pub fase_id: Option<Uuid>,
    pub fase: Option<String>,
}

/// "Sessão Ordinária" from "Ordinária" (a tipo already named "Sessão …" is kept).
pub fn nome_da_sessao(tipo: &str) -> String {
    if tipo.to_lowercase().starts_with("sessão") {
        tipo.to_owned()
    } else {
        format!("Sessão {tipo}")
    }
}

impl SessaoPlenaria {
    /// "15ª Sessão Ordinária da 2ª Sessão Legislativa".
    pub fn titulo(&self) -> String {
        format!(
            "{}ª {} da {}ª Sessão Legislativa",
            self.numero,
            nome_da_sessao(&self.tipo),
            self.sessao_legislativa_numero
        )
    }

    pub fn cancelada(&self) -> bool {
        self.status == StatusSessao::Cancelada
    }

    /// dd/mm/aaaa.
    pub fn data(&self) -> String {
        format!(
            "{:02}/{:02}/{:04}",
            self.dia.day(),
            u8::from(self.dia.month()),
            self.dia.year()
        )
    }

    /// Its month, `2026-11` (the calendar's parameter).
    pub fn mes_iso(&self) -> String {
        format!("{:04}-{:02}", self.dia.year(), u8::from(self.dia.month()))
    }

    /// How it is shown: its status, or "Não realizada" for a past agendada sessão never
    /// opened (computed from the date and the câmara's time zone).
    pub fn exibicao(&self) -> Exibicao {
        Exibicao::de(self.status, self.dia, self.hoje)
    }

    /// "Agendada", "Em andamento", "Encerrada", "Não realizada"…
    pub fn status_label(&self) -> &'static str {
        self.exibicao().label()
    }

    /// The scope of its number among the counters.
    pub(super) fn escopo(&self) -> String {
        escopo_numeracao(self.sessao_legislativa_id, self.tipo_id)
    }
}

pub(crate) const COLUNAS: &str =
    "s.id, s.tipo_id, t.nome AS tipo, s.numero, s.sessao_legislativa_id,
    sl.numero AS sessao_legislativa_numero, l.numero AS legislatura_numero,
    s.inicio, s.fim, (s.inicio AT TIME ZONE c.fuso_horario)::date AS dia,
    to_char(s.inicio AT TIME ZONE c.fuso_horario, 'HH24:MI') AS hora,
    to_char(s.fim AT TIME ZONE c.fuso_horario, 'HH24:MI') AS hora_fim,
    s.local, s.status, s.motivo_cancelamento, s.observacoes, s.versao, s.atualizada_em,
    (now() AT TIME ZONE c.fuso_horario)::date AS hoje, s.fase_id,
    (SELECT f.nome FROM app.fase_sessao f WHERE f.tenant_id = s.tenant_id AND f.id = s.fase_id) AS fase";

pub(crate) const TABELAS: &str = "FROM app.sessao_plenaria s
    JOIN app.tipo_sessao t ON t.tenant_id = s.tenant_id AND t.id = s.tipo_id
    JOIN app.sessao_legislativa sl ON sl.tenant_id = s.tenant_id AND sl.id = s.sessao_legislativa_id
    JOIN app.legislatura l ON l.tenant_id = sl.tenant_id AND l.id = sl.legislatura_id
    JOIN app.camara_config c ON c.tenant_id = s.tenant_id";

/// What the admin fills in to schedule a sessão; times in the câmara's time zone.
#[derive(Debug, Clone)]
pub struct NovaSessao {
    pub tipo_id: Uuid,
    pub inicio: PrimitiveDateTime,
    /// The expected end, on the same day (optional).
    pub fim: Option<PrimitiveDateTime>,
    pub local: String,
    pub observacoes: String,
}

/// What can change in a scheduled sessão (its tipo and number stay).
#[derive(Debug, Clone)]
pub struct EdicaoSessao {
    pub inicio: PrimitiveDateTime,
    pub fim: Option<PrimitiveDateTime>,
    pub local: String,
    pub observacoes: String,
}

fn dd_mm_aaaa(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// The sessão legislativa of a date, or a message saying there is none.
async fn sessao_legislativa_de(
    tx: &mut TenantTx,
    dia: Date,
) -> Result<composicao::SessaoLegislativa> {
    composicao::sessao_legislativa_em(tx, dia)
        .await?
        .ok_or_else(|| {
            invalido(
                "data",
                format!(
                    "Não há sessão legislativa cadastrada que inclua o dia {}. Cadastre a sessão \
                     legislativa (em Legislaturas) ou escolha uma data dentro de uma delas.",
                    dd_mm_aaaa(dia)
                ),
            )
        })
}

/// Schedules a sessão: derives its sessão legislativa from the date, takes the next number
/// of its tipo there, and audits it. On error the caller must roll the transaction back
/// (the number is given back with it).
pub async fn criar(tx: &mut TenantTx, autor: &Autor, nova: &NovaSessao) -> Result<SessaoPlenaria> {
    let tipo = tipo_por_id(tx, nova.tipo_id)
        .await?
        .ok_or_else(|| invalido("tipo", "Escolha o tipo da sessão."))?;
    if !tipo.ativo {
        return Err(invalido(
            "tipo",
            format!("O tipo \"{}\" está desativado.", tipo.nome),
        ));
    }
    let sl = sessao_legislativa_de(tx, nova.inicio.date()).await?;
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    // The number and the row behind one savepoint: a refusal (the end before the start, a
    // place or notes too long, the time taken: the table's checks) gives the number back.
    tx.tentar(async |tx| {
        let numero = contador::proximo(tx, &escopo_numeracao(sl.id, tipo.id)).await?;
        let numero = i32::try_from(numero)
            .map_err(|_| Error::Conflict("Numeração de sessões esgotada.".into()))?;
        sqlx::query(
            "INSERT INTO app.sessao_plenaria
            (tenant_id, id, tipo_id, sessao_legislativa_id, numero, inicio, fim, local, observacoes)
         SELECT $1, $2, $3, $4, $5, $6::timestamp AT TIME ZONE c.fuso_horario,
                $7::timestamp AT TIME ZONE c.fuso_horario, $8, $9
           FROM app.camara_config c WHERE c.tenant_id = $1",
        )
        .bind(tenant)
        .bind(id)
        .bind(tipo.id)
        .bind(sl.id)
        .bind(numero)
        .bind(nova.inicio)
        .bind(nova.fim)
        .bind(nova.local.trim())
        .bind(nova.observacoes.trim())
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    // Numbers follow the date order among the scope's agendada sessões (the counter's row
    // is locked by `proximo`).
    super::ciclo::renumerar(tx, &escopo_numeracao(sl.id, tipo.id)).await?;
    let s = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    auditoria::mudanca(tx, autor, "sessao_plenaria", id, "criar", None, json(&s)).await?;
    Ok(s)
}

/// The sessão, or "not found".
pub(super) async fn lida(tx: &mut TenantTx, id: Uuid) -> Result<SessaoPlenaria> {
    por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))
}

/// The sessão, locked for a change.
pub(super) async fn para_alterar(tx: &mut TenantTx, id: Uuid) -> Result<SessaoPlenaria> {
    let tenant = tx.tenant_id();
    sqlx::query("SELECT 1 FROM app.sessao_plenaria WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
        .bind(tenant)
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    lida(tx, id).await
}

/// Changes the date, time, place or notes of a scheduled sessão. The new date must stay in
/// the same sessão legislativa (the number belongs to it).
pub async fn editar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    e: &EdicaoSessao,
) -> Result<SessaoPlenaria> {
    let antes = para_alterar(tx, id).await?;
    if let Some(porque) = antes.status.impedimento_edicao() {
        return Err(Error::Conflict(porque.into()));
    }
    let sl = sessao_legislativa_de(tx, e.inicio.date()).await?;
    if sl.id != antes.sessao_legislativa_id {
        return Err(invalido(
            "data",
            format!(
                "O dia {} fica na {}ª sessão legislativa, e esta sessão pertence à {}ª (o número \
                 dela é dessa sessão legislativa). Cancele esta sessão e agende outra na nova data.",
                dd_mm_aaaa(e.inicio.date()),
                sl.numero,
                antes.sessao_legislativa_numero
            ),
        ));
    }
    let tenant = tx.tenant_id();
    let update = sqlx::query(
        "UPDATE app.sessao_plenaria s
            SET inicio = $3::timestamp AT TIME ZONE c.fuso_horario,
                fim = $4::timestamp AT TIME ZONE c.fuso_horario,
                local = $5, observacoes = $6, versao = s.versao + 1, atualizada_em = now()
           FROM app.camara_config c
          WHERE s.tenant_id = $1 AND s.id = $2 AND c.tenant_id = s.tenant_id",
    )
    .bind(tenant)
    .bind(id)
    .bind(e.inicio)
    .bind(e.fim)
    .bind(e.local.trim())
    .bind(e.observacoes.trim());
    // The end after the start and the lengths are the table's checks, refused behind a
    // savepoint.
    tx.tentar(async |tx| {
        update
            .execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    contador::travar(tx, &antes.escopo()).await?;
    super::ciclo::renumerar(tx, &antes.escopo()).await?;
    let depois = lida(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "sessao_plenaria",
        id,
        "editar",
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(depois)
}

/// Why a sessão cannot be deleted, if it cannot: only a scheduled sessão with the last
/// number of its tipo in its sessão legislativa (so numbering keeps no gaps); any other is
/// cancelled instead.
pub async fn impedimento_exclusao(tx: &mut TenantTx, s: &SessaoPlenaria) -> Result<Option<String>> {
    if !s.status.excluivel() {
        return Ok(Some(
            "Sessões canceladas não são excluídas: continuam no registro público com o motivo."
                .into(),
        ));
    }
    let ultimo = contador::atual(tx, &s.escopo()).await?;
    if !numero_excluivel(i64::from(s.numero), ultimo) {
        return Ok(Some(format!(
            "Só a última sessão do tipo {} na {}ª sessão legislativa (a de número {ultimo}) pode \
             ser excluída, para a numeração não ficar com lacunas. Cancele esta sessão, \
             informando o motivo.",
            s.tipo, s.sessao_legislativa_numero
        )));
    }
    Ok(None)
}

/// Deletes a scheduled sessão entered by mistake, giving its number back (see
/// [`impedimento_exclusao`]).
pub async fn excluir(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = para_alterar(tx, id).await?;
    // The counter row's lock serialises this with a concurrent creation in the scope.
    contador::travar(tx, &antes.escopo()).await?;
    if let Some(motivo) = impedimento_exclusao(tx, &antes).await? {
        return Err(Error::Conflict(motivo));
    }
    auditoria::apagar(tx, autor, "sessao_plenaria", id, "excluir", json(&antes)).await?;
    contador::devolver(tx, &antes.escopo(), i64::from(antes.numero)).await?;
    Ok(())
}
