//! Sessões plenárias as scheduled entries: tipos, numbering, calendar.
//!
//! A sessão is numbered per sessão legislativa and tipo ("15ª Sessão Ordinária da 2ª Sessão
//! Legislativa") from the gapless counters of [`contador`](crate::infra::contador), scope
//! `sessao:<sessao_legislativa_id>:<tipo_id>`. Its sessão legislativa is derived from its
//! date in the câmara's time zone. Dates and times come in and go out in that time zone;
//! the database keeps instants (`timestamptz`).

use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime, PrimitiveDateTime};
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::composicao::{self, data_iso};
use crate::error::invalido;
use crate::infra::contador;
use crate::{Error, Result, TenantTx};

/// The tipos every câmara starts with (name, order).
pub const TIPOS_PADRAO: &[(&str, i32)] = &[
    ("Ordinária", 1),
    ("Extraordinária", 2),
    ("Solene", 3),
    ("Especial", 4),
];

/// The default rows a new câmara starts with. Provisioning calls it inside its transaction,
/// as the owner role with the câmara's tenant set; a migration that adds defaults must do
/// the same for the câmaras that already exist.
pub(crate) async fn padroes(conn: &mut sqlx::PgConnection, tenant_id: i32) -> crate::Result<()> {
    for (nome, ordem) in TIPOS_PADRAO {
        sqlx::query(
            "INSERT INTO app.tipo_sessao (tenant_id, id, nome, ordem) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, nome) DO NOTHING",
        )
        .bind(tenant_id)
        .bind(Uuid::now_v7())
        .bind(nome)
        .bind(ordem)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Instants leave the system as RFC 3339 (`2026-11-03T21:00:00Z`).
pub fn instante_iso<S: serde::Serializer>(
    t: &OffsetDateTime,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*t))
}

fn instante_iso_opt<S: serde::Serializer>(
    t: &Option<OffsetDateTime>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(*t)),
        None => s.serialize_none(),
    }
}

/// `2026-11-03T21:00:00Z` (UTC, whole seconds).
pub fn rfc3339(t: OffsetDateTime) -> String {
    let u = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        u.year(),
        u8::from(u.month()),
        u.day(),
        u.hour(),
        u.minute(),
        u.second()
    )
}

// ---------------------------------------------------------------- tipos

/// A tipo de sessão (Ordinária, Extraordinária…), configurable per câmara.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct TipoSessao {
    pub id: Uuid,
    pub nome: String,
    pub ordem: i32,
    pub ativo: bool,
}

/// The câmara's tipos, in their order (only the active ones if `so_ativos`).
pub async fn tipos(tx: &mut TenantTx, so_ativos: bool) -> Result<Vec<TipoSessao>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, nome, ordem, ativo FROM app.tipo_sessao
          WHERE tenant_id = $1 AND (ativo OR NOT $2) ORDER BY ordem, nome",
    )
    .bind(tenant)
    .bind(so_ativos)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn tipo_por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<TipoSessao>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, nome, ordem, ativo FROM app.tipo_sessao WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

fn validar_tipo(nome: &str, ordem: i32) -> Result<String> {
    let nome = nome.trim();
    if !(3..=60).contains(&nome.chars().count()) {
        return Err(invalido(
            "nome",
            "O nome do tipo deve ter de 3 a 60 caracteres.",
        ));
    }
    if !(0..=999).contains(&ordem) {
        return Err(invalido("ordem", "A ordem vai de 0 a 999."));
    }
    Ok(nome.to_owned())
}

pub async fn criar_tipo(
    tx: &mut TenantTx,
    autor: &Autor,
    nome: &str,
    ordem: i32,
) -> Result<TipoSessao> {
    let nome = validar_tipo(nome, ordem)?;
    let tenant = tx.tenant_id();
    let t: TipoSessao = sqlx::query_as(
        "INSERT INTO app.tipo_sessao (tenant_id, id, nome, ordem) VALUES ($1, $2, $3, $4)
         RETURNING id, nome, ordem, ativo",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(&nome)
    .bind(ordem)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tipo_sessao",
        Some(&t.id.to_string()),
        "criar",
        None,
        serde_json::to_value(&t).ok(),
    )
    .await?;
    Ok(t)
}

pub async fn editar_tipo(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    nome: &str,
    ordem: i32,
    ativo: bool,
) -> Result<TipoSessao> {
    let nome = validar_tipo(nome, ordem)?;
    let antes = tipo_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de sessão não encontrado.".into()))?;
    let tenant = tx.tenant_id();
    let t: TipoSessao = sqlx::query_as(
        "UPDATE app.tipo_sessao SET nome = $3, ordem = $4, ativo = $5
          WHERE tenant_id = $1 AND id = $2 RETURNING id, nome, ordem, ativo",
    )
    .bind(tenant)
    .bind(id)
    .bind(&nome)
    .bind(ordem)
    .bind(ativo)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tipo_sessao",
        Some(&id.to_string()),
        "editar",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&t).ok(),
    )
    .await?;
    Ok(t)
}

/// Deletes a tipo no sessão uses (one that was used can only be deactivated).
pub async fn excluir_tipo(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = tipo_por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de sessão não encontrado.".into()))?;
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.tipo_sessao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tipo_sessao",
        Some(&id.to_string()),
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

// ---------------------------------------------------------------- sessões

/// The two states of this issue; the session's progress (em andamento, suspensa,
/// concluída) comes with the painel.
pub const AGENDADA: &str = "agendada";
pub const CANCELADA: &str = "cancelada";

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
    #[serde(serialize_with = "instante_iso")]
    pub inicio: OffsetDateTime,
    #[serde(serialize_with = "instante_iso_opt")]
    pub fim: Option<OffsetDateTime>,
    #[serde(serialize_with = "data_iso")]
    pub dia: Date,
    /// HH:MM.
    pub hora: String,
    pub hora_fim: Option<String>,
    pub local: String,
    /// `agendada` or `cancelada`.
    pub status: String,
    pub motivo_cancelamento: Option<String>,
    pub observacoes: String,
    /// Bumped on every change (the iCalendar SEQUENCE).
    pub versao: i32,
    #[serde(serialize_with = "instante_iso")]
    pub atualizada_em: OffsetDateTime,
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
        self.status == CANCELADA
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

    /// "Agendada" / "Cancelada".
    pub fn status_label(&self) -> &'static str {
        if self.cancelada() {
            "Cancelada"
        } else {
            "Agendada"
        }
    }

    /// The scope of its number among the counters.
    fn escopo(&self) -> String {
        escopo(self.sessao_legislativa_id, self.tipo_id)
    }
}

fn escopo(sessao_legislativa: Uuid, tipo: Uuid) -> String {
    format!("sessao:{sessao_legislativa}:{tipo}")
}

const COLUNAS: &str = "s.id, s.tipo_id, t.nome AS tipo, s.numero, s.sessao_legislativa_id,
    sl.numero AS sessao_legislativa_numero, l.numero AS legislatura_numero,
    s.inicio, s.fim, (s.inicio AT TIME ZONE c.fuso_horario)::date AS dia,
    to_char(s.inicio AT TIME ZONE c.fuso_horario, 'HH24:MI') AS hora,
    to_char(s.fim AT TIME ZONE c.fuso_horario, 'HH24:MI') AS hora_fim,
    s.local, s.status, s.motivo_cancelamento, s.observacoes, s.versao, s.atualizada_em";

const TABELAS: &str = "FROM app.sessao_plenaria s
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

fn validar_campos(
    inicio: PrimitiveDateTime,
    fim: Option<PrimitiveDateTime>,
    local: &str,
    observacoes: &str,
) -> Result<()> {
    if let Some(f) = fim
        && f <= inicio
    {
        return Err(invalido(
            "hora_fim",
            "O horário de término deve ser depois do horário de início.",
        ));
    }
    if local.trim().chars().count() > 200 {
        return Err(invalido("local", "O local tem no máximo 200 caracteres."));
    }
    if observacoes.chars().count() > 5000 {
        return Err(invalido(
            "observacoes",
            "As observações têm no máximo 5000 caracteres.",
        ));
    }
    Ok(())
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
    validar_campos(nova.inicio, nova.fim, &nova.local, &nova.observacoes)?;
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
    let numero = contador::proximo(tx, &escopo(sl.id, tipo.id)).await?;
    let numero = i32::try_from(numero)
        .map_err(|_| Error::Conflict("Numeração de sessões esgotada.".into()))?;
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
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
    .map_err(crate::infra::recusas::mapear)?;
    let s = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "sessao_plenaria",
        Some(&id.to_string()),
        "criar",
        None,
        serde_json::to_value(&s).ok(),
    )
    .await?;
    Ok(s)
}

/// The sessão, locked for a change.
async fn para_alterar(tx: &mut TenantTx, id: Uuid) -> Result<SessaoPlenaria> {
    let tenant = tx.tenant_id();
    sqlx::query("SELECT 1 FROM app.sessao_plenaria WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
        .bind(tenant)
        .bind(id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))
}

/// Changes the date, time, place or notes of a scheduled sessão. The new date must stay in
/// the same sessão legislativa (the number belongs to it).
pub async fn editar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    e: &EdicaoSessao,
) -> Result<SessaoPlenaria> {
    validar_campos(e.inicio, e.fim, &e.local, &e.observacoes)?;
    let antes = para_alterar(tx, id).await?;
    if antes.cancelada() {
        return Err(Error::Conflict(
            "A sessão está cancelada; reative-a antes de alterá-la.".into(),
        ));
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
    sqlx::query(
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
    .bind(e.observacoes.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "sessao_plenaria",
        Some(&id.to_string()),
        "editar",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&depois).ok(),
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
    let motivo = motivo.trim();
    if !(3..=1000).contains(&motivo.chars().count()) {
        return Err(invalido(
            "motivo",
            "Informe o motivo do cancelamento (de 3 a 1000 caracteres).",
        ));
    }
    let antes = para_alterar(tx, id).await?;
    if antes.cancelada() {
        return Err(Error::Conflict("A sessão já está cancelada.".into()));
    }
    mudar_status(tx, id, CANCELADA, Some(motivo)).await?;
    let depois = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "sessao_plenaria",
        Some(&id.to_string()),
        "cancelar",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&depois).ok(),
    )
    .await?;
    Ok(depois)
}

/// Schedules a cancelled sessão again (if its time is still free).
pub async fn reativar(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<SessaoPlenaria> {
    let antes = para_alterar(tx, id).await?;
    if !antes.cancelada() {
        return Err(Error::Conflict("A sessão não está cancelada.".into()));
    }
    mudar_status(tx, id, AGENDADA, None).await?;
    let depois = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    auditoria::registrar(
        tx,
        autor,
        "sessao_plenaria",
        Some(&id.to_string()),
        "reativar",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&depois).ok(),
    )
    .await?;
    Ok(depois)
}

async fn mudar_status(
    tx: &mut TenantTx,
    id: Uuid,
    status: &str,
    motivo: Option<&str>,
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.sessao_plenaria
            SET status = $3, motivo_cancelamento = $4, versao = versao + 1, atualizada_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(status)
    .bind(motivo)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    Ok(())
}

/// Why a sessão cannot be deleted, if it cannot: only a scheduled sessão with the last
/// number of its tipo in its sessão legislativa (so numbering keeps no gaps); any other is
/// cancelled instead.
pub async fn impedimento_exclusao(tx: &mut TenantTx, s: &SessaoPlenaria) -> Result<Option<String>> {
    if s.cancelada() {
        return Ok(Some(
            "Sessões canceladas não são excluídas: continuam no registro público com o motivo."
                .into(),
        ));
    }
    let ultimo = contador::atual(tx, &s.escopo()).await?;
    if i64::from(s.numero) != ultimo {
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
    let tenant = tx.tenant_id();
    contador::travar(tx, &antes.escopo()).await?;
    if let Some(motivo) = impedimento_exclusao(tx, &antes).await? {
        return Err(Error::Conflict(motivo));
    }
    sqlx::query("DELETE FROM app.sessao_plenaria WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    contador::devolver(tx, &antes.escopo(), i64::from(antes.numero)).await?;
    auditoria::registrar(
        tx,
        autor,
        "sessao_plenaria",
        Some(&id.to_string()),
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<SessaoPlenaria>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS} WHERE s.tenant_id = $1 AND s.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Filters of the lists; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filtro {
    /// Inclusive dates in the câmara's time zone.
    pub de: Option<Date>,
    pub ate: Option<Date>,
    pub ano: Option<i32>,
    pub tipo: Option<Uuid>,
    /// `agendada` / `cancelada`.
    pub status: Option<String>,
    /// Starting at or after this instant.
    pub desde: Option<OffsetDateTime>,
    /// Starting before this instant.
    pub antes: Option<OffsetDateTime>,
    /// Matches the number, the place or the notes.
    pub busca: Option<String>,
    /// Newest first (otherwise oldest first).
    pub recentes_primeiro: bool,
}

const ONDE: &str = "s.tenant_id = $1
    AND ($2::date IS NULL OR (s.inicio AT TIME ZONE c.fuso_horario)::date >= $2)
    AND ($3::date IS NULL OR (s.inicio AT TIME ZONE c.fuso_horario)::date <= $3)
    AND ($4::int IS NULL OR extract(year FROM s.inicio AT TIME ZONE c.fuso_horario) = $4)
    AND ($5::uuid IS NULL OR s.tipo_id = $5)
    AND ($6::text IS NULL OR s.status = $6)
    AND ($7::timestamptz IS NULL OR s.inicio >= $7)
    AND ($8::timestamptz IS NULL OR s.inicio < $8)
    AND ($9::text IS NULL OR s.numero::text = $9 OR s.local ILIKE '%' || $9 || '%'
         OR s.observacoes ILIKE '%' || $9 || '%' OR t.nome ILIKE '%' || $9 || '%')";

/// One page of sessões and the total count for the filter.
pub async fn listar(
    tx: &mut TenantTx,
    f: &Filtro,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<SessaoPlenaria>, i64)> {
    let tenant = tx.tenant_id();
    let ordem = if f.recentes_primeiro {
        "s.inicio DESC, s.id DESC"
    } else {
        "s.inicio, s.id"
    };
    let busca = f
        .busca
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| {
            b.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        });
    let lista: Vec<SessaoPlenaria> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS} WHERE {ONDE} ORDER BY {ordem} LIMIT $10 OFFSET $11"
    )))
    .bind(tenant)
    .bind(f.de)
    .bind(f.ate)
    .bind(f.ano)
    .bind(f.tipo)
    .bind(&f.status)
    .bind(f.desde)
    .bind(f.antes)
    .bind(&busca)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) {TABELAS} WHERE {ONDE}"
    )))
    .bind(tenant)
    .bind(f.de)
    .bind(f.ate)
    .bind(f.ano)
    .bind(f.tipo)
    .bind(&f.status)
    .bind(f.desde)
    .bind(f.antes)
    .bind(&busca)
    .fetch_one(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The next `n` scheduled (not cancelled) sessões starting at or after `agora`, soonest
/// first. The home page shows them.
pub async fn proximas(
    tx: &mut TenantTx,
    agora: OffsetDateTime,
    n: i64,
) -> Result<Vec<SessaoPlenaria>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS}
          WHERE s.tenant_id = $1 AND s.status = 'agendada' AND s.inicio >= $2
          ORDER BY s.inicio, s.id LIMIT $3"
    )))
    .bind(tenant)
    .bind(agora)
    .bind(n)
    .fetch_all(tx.conn())
    .await?)
}

/// Every sessão (cancelled ones too) of the month that starts on `primeiro_dia`, by its
/// date in the câmara's time zone, oldest first.
pub async fn do_mes(tx: &mut TenantTx, ano: i32, mes: time::Month) -> Result<Vec<SessaoPlenaria>> {
    let inicio =
        Date::from_calendar_date(ano, mes, 1).map_err(|_| invalido("mes", "Mês inválido."))?;
    let (a2, m2) = if mes == time::Month::December {
        (ano + 1, time::Month::January)
    } else {
        (ano, mes.next())
    };
    let fim = Date::from_calendar_date(a2, m2, 1).map_err(|_| invalido("mes", "Mês inválido."))?;
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS}
          WHERE s.tenant_id = $1
            AND (s.inicio AT TIME ZONE c.fuso_horario)::date >= $2
            AND (s.inicio AT TIME ZONE c.fuso_horario)::date < $3
          ORDER BY s.inicio, s.id"
    )))
    .bind(tenant)
    .bind(inicio)
    .bind(fim)
    .fetch_all(tx.conn())
    .await?)
}

/// The years that have sessões, newest first (for the filters).
pub async fn anos(tx: &mut TenantTx) -> Result<Vec<i32>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT extract(year FROM s.inicio AT TIME ZONE c.fuso_horario)::int AS ano
           FROM app.sessao_plenaria s JOIN app.camara_config c ON c.tenant_id = s.tenant_id
          WHERE s.tenant_id = $1 ORDER BY ano DESC",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

/// A sessão in the open data (`/api/v1/sessoes`, JSON and CSV): no personal data.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessaoPlenariaDados {
    pub id: Uuid,
    pub numero: i32,
    pub tipo: String,
    /// "15ª Sessão Ordinária da 2ª Sessão Legislativa".
    pub titulo: String,
    /// Number of the sessão legislativa and of the legislatura.
    pub sessao_legislativa: i32,
    pub legislatura: i32,
    /// The date (ISO 8601) and times (HH:MM) in the câmara's time zone.
    pub data: String,
    pub hora: String,
    pub hora_fim: Option<String>,
    /// The instants, RFC 3339 in UTC.
    pub inicio: String,
    pub fim: Option<String>,
    pub local: String,
    /// `agendada` or `cancelada`.
    pub status: String,
    pub motivo_cancelamento: Option<String>,
    pub observacoes: String,
    /// The sessão's public page.
    pub uri: String,
}

impl From<SessaoPlenaria> for SessaoPlenariaDados {
    fn from(s: SessaoPlenaria) -> Self {
        Self {
            titulo: s.titulo(),
            uri: format!("/legislativo/sessoes/{}", s.id),
            data: format!(
                "{:04}-{:02}-{:02}",
                s.dia.year(),
                u8::from(s.dia.month()),
                s.dia.day()
            ),
            inicio: rfc3339(s.inicio),
            fim: s.fim.map(rfc3339),
            id: s.id,
            numero: s.numero,
            tipo: s.tipo,
            sessao_legislativa: s.sessao_legislativa_numero,
            legislatura: s.legislatura_numero,
            hora: s.hora,
            hora_fim: s.hora_fim,
            local: s.local,
            status: s.status,
            motivo_cancelamento: s.motivo_cancelamento,
            observacoes: s.observacoes,
        }
    }
}

/// One page of the open data, oldest first; `depois` is the cursor (the last id of the
/// previous page).
pub async fn dados(
    tx: &mut TenantTx,
    ano: Option<i32>,
    tipo: Option<Uuid>,
    depois: Option<Uuid>,
    limite: i64,
) -> Result<Vec<SessaoPlenariaDados>> {
    let tenant = tx.tenant_id();
    let lista: Vec<SessaoPlenaria> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUNAS} {TABELAS}
          WHERE s.tenant_id = $1
            AND ($2::int IS NULL OR extract(year FROM s.inicio AT TIME ZONE c.fuso_horario) = $2)
            AND ($3::uuid IS NULL OR s.tipo_id = $3)
            AND ($4::uuid IS NULL OR (s.inicio, s.id) > (
                SELECT x.inicio, x.id FROM app.sessao_plenaria x WHERE x.tenant_id = $1 AND x.id = $4))
          ORDER BY s.inicio, s.id LIMIT $5"
    )))
    .bind(tenant)
    .bind(ano)
    .bind(tipo)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?;
    Ok(lista.into_iter().map(SessaoPlenariaDados::from).collect())
}
