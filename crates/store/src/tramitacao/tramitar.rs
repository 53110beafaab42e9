//! Sending proposições on: one tramitação per destination, one or many proposições in one
//! step (all or nothing), the destination's receipt, and corrections as new rows.

use domain::ValidationError;
use domain::proposicoes::{Evento, Situacao, TipoUnidade};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::consultas::onde_esta;
use super::status::{Status, status_por_id};
use super::unidades::{Unidade, exigir};
use crate::auditoria::{self, Autor};
use crate::error::invalido;
use crate::proposicoes::{EventoNovo, registrar_evento};
use crate::{Error, Result, TenantTx};

/// How many proposições one lote may carry, and destinations one despacho may name.
pub const MAX_LOTE: usize = 500;
pub const MAX_DESTINOS: usize = 20;

/// A tramitação's prazo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prazo {
    Nenhum,
    /// So many dias úteis from the tramitação's day, over the câmara's calendar.
    DiasUteis(u16),
    /// Ends on this day.
    Data(Date),
}

/// A despacho: from `origem` to each of `destinos`, with a status, its text and a prazo.
#[derive(Debug, Clone)]
pub struct NovaTramitacao {
    pub origem_id: Uuid,
    pub destinos: Vec<Uuid>,
    pub status_id: Uuid,
    pub despacho: String,
    pub prazo: Prazo,
}

/// One tramitação recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enviada {
    pub id: Uuid,
    pub proposicao_id: Uuid,
    pub destino_id: Uuid,
    pub situacao: Situacao,
}

/// What every tramitação of one step shares, checked once.
struct Passo {
    id: Uuid,
    em: OffsetDateTime,
    origem: Unidade,
    destinos: Vec<Unidade>,
    status: Status,
    prazo_dias: Option<i16>,
    prazo: Option<Date>,
}

/// The last day of `prazo` counted from `inicio` over the câmara's calendar.
async fn fim_do_prazo(
    tx: &mut TenantTx,
    inicio: Date,
    prazo: Prazo,
) -> Result<(Option<i16>, Option<Date>)> {
    match prazo {
        Prazo::Nenhum => Ok((None, None)),
        Prazo::DiasUteis(n) if n == 0 || n > 365 => Err(invalido(
            "prazo_dias",
            "O prazo deve ser de 1 a 365 dias úteis.",
        )),
        Prazo::DiasUteis(n) => Ok((Some(n as i16), Some(prazo_em(tx, inicio, n).await?))),
        Prazo::Data(d) if d < inicio => Err(invalido(
            "prazo_data",
            "O prazo não pode terminar antes da data da tramitação.",
        )),
        Prazo::Data(d) => Ok((None, Some(d))),
    }
}

/// The last day of a prazo of `dias` dias úteis starting on `inicio`, over the câmara's
/// calendar (national holidays, its own holidays and recessos).
pub async fn prazo_em(tx: &mut TenantTx, inicio: Date, dias: u16) -> Result<Date> {
    let cal = crate::calendario::calendario(tx).await?;
    cal.somar(inicio, u32::from(dias))
        .ok_or_else(|| invalido("prazo_dias", "Não foi possível calcular o fim do prazo."))
}

async fn status_ativo(tx: &mut TenantTx, id: Uuid) -> Result<Status> {
    match status_por_id(tx, id).await? {
        Some(s) if s.ativo => Ok(s),
        Some(_) => Err(invalido("status_id", "Este status está desativado.")),
        None => Err(invalido("status_id", "Escolha o status da tramitação.")),
    }
}

async fn passo(tx: &mut TenantTx, n: &NovaTramitacao) -> Result<Passo> {
    let origem = exigir(tx, n.origem_id, "origem_id").await?;
    let mut ids = n.destinos.clone();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Err(invalido(
            "destinos",
            "Escolha ao menos uma unidade de destino.",
        ));
    }
    if ids.len() > MAX_DESTINOS {
        return Err(invalido(
            "destinos",
            format!("Escolha no máximo {MAX_DESTINOS} unidades de destino."),
        ));
    }
    let status = status_ativo(tx, n.status_id).await?;
    let mut destinos = Vec::with_capacity(ids.len());
    // In the order they were chosen (the last one's event sets the situação).
    for id in n.destinos.iter().filter(|d| ids.contains(d)) {
        if destinos.iter().any(|u: &Unidade| u.id == *id) {
            continue;
        }
        let u = exigir(tx, *id, "destinos").await?;
        if !u.ativa {
            return Err(invalido(
                "destinos",
                format!("A unidade {} está desativada.", u.nome),
            ));
        }
        if u.id == origem.id {
            return Err(invalido(
                "destinos",
                format!(
                    "A proposição já está em {}: escolha um destino diferente da origem.",
                    u.nome
                ),
            ));
        }
        destinos.push(u);
    }
    let encerra = status.encerra
        || destinos
            .iter()
            .any(|u| u.tipo_unidade() == TipoUnidade::Arquivo);
    if encerra && destinos.len() > 1 {
        return Err(invalido(
            "destinos",
            "Uma tramitação que encerra a tramitação ou vai ao arquivo tem um só destino.",
        ));
    }
    let hoje = crate::camara::hoje(tx).await?;
    let (prazo_dias, prazo) = fim_do_prazo(tx, hoje, n.prazo).await?;
    Ok(Passo {
        id: Uuid::now_v7(),
        em: OffsetDateTime::now_utc(),
        origem,
        destinos,
        status,
        prazo_dias,
        prazo,
    })
}

/// "PL 12/2026", locking the proposição for the rest of the transaction.
async fn travar(tx: &mut TenantTx, proposicao_id: Uuid) -> Result<String> {
    let tenant = tx.tenant_id();
    let r: Option<(String, i32, i32)> = sqlx::query_as(
        "SELECT t.sigla, p.numero, p.ano FROM app.proposicao p
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = $2 FOR UPDATE OF p",
    )
    .bind(tenant)
    .bind(proposicao_id)
    .fetch_optional(tx.conn())
    .await?;
    let (sigla, numero, ano) =
        r.ok_or_else(|| Error::NotFound("Proposição não encontrada.".into()))?;
    Ok(domain::proposicoes::identificacao(
        &sigla,
        i64::from(numero),
        ano,
    ))
}

/// At most `n` characters of `s`.
fn cortar(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

async fn enviar_uma(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
    p: &Passo,
    despacho: &str,
    nomear_erros: bool,
) -> Result<Vec<Enviada>> {
    let ident = travar(tx, proposicao_id).await?;
    enviar(tx, autor, proposicao_id, &ident, p, despacho)
        .await
        .map_err(|e| if nomear_erros { nomear(e, &ident) } else { e })
}

async fn enviar(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
    ident: &str,
    p: &Passo,
    despacho: &str,
) -> Result<Vec<Enviada>> {
    let locais = onde_esta(tx, proposicao_id).await?;
    if !locais.is_empty() && !locais.iter().any(|l| l.unidade_id == p.origem.id) {
        let onde: Vec<&str> = locais.iter().map(|l| l.unidade.as_str()).collect();
        return Err(invalido(
            "origem_id",
            format!(
                "A proposição {ident} não está em {}: ela se encontra em {}. A origem de uma \
                 tramitação é a unidade onde a proposição está agora.",
                p.origem.nome,
                onde.join(", ")
            ),
        ));
    }
    let tenant = tx.tenant_id();
    let mut feitas = Vec::with_capacity(p.destinos.len());
    for destino in &p.destinos {
        let evento = EventoNovo {
            evento: Evento::Tramitada {
                destino: destino.tipo_unidade(),
                encerra: p.status.encerra,
            },
            unidade_id: Some(destino.id),
            descricao: cortar(
                &format!("{} — {}: {}", p.status.nome, destino.nome, despacho.trim()),
                4000,
            ),
            ocorrido_em: Some(p.em),
            origem_id: None,
        };
        let (evento_id, situacao) = registrar_evento(tx, autor, proposicao_id, &evento).await?;
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO app.tramitacao
                (tenant_id, id, proposicao_id, evento_id, origem_id, destino_id, status_id,
                 despacho, em, prazo_dias, prazo, passo_id, usuario_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(tenant)
        .bind(id)
        .bind(proposicao_id)
        .bind(evento_id)
        .bind(p.origem.id)
        .bind(destino.id)
        .bind(p.status.id)
        .bind(despacho.trim())
        .bind(p.em)
        .bind(p.prazo_dias)
        .bind(p.prazo)
        .bind(p.id)
        .bind(autor.usuario_id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
        auditoria::criado(
            tx,
            autor,
            "tramitacao",
            id,
            serde_json::json!({
                "proposicao_id": proposicao_id, "origem_id": p.origem.id,
                "destino_id": destino.id, "status_id": p.status.id,
                "despacho": despacho.trim(), "prazo": p.prazo.map(|d| d.to_string()),
                "passo_id": p.id, "situacao": situacao.as_str(),
            }),
        )
        .await?;
        feitas.push(Enviada {
            id,
            proposicao_id,
            destino_id: destino.id,
            situacao,
        });
    }
    Ok(feitas)
}

/// The refusal `e`, naming the proposição it is about.
fn nomear(e: Error, ident: &str) -> Error {
    match e {
        Error::Validation(v) => Error::Validation(ValidationError::new(
            v.field,
            format!("{ident}: {}", v.message),
        )),
        Error::Conflict(m) => Error::Conflict(format!("{ident}: {m}")),
        Error::NotFound(m) => Error::NotFound(format!("{ident}: {m}")),
        e => e,
    }
}

/// Sends one proposição from `n.origem_id` to each destination (one tramitação each, one
/// step). Refused, with nothing recorded, when the origem is not where the proposição is
/// now, or when its situação does not allow the event.
pub async fn tramitar(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicao_id: Uuid,
    n: &NovaTramitacao,
) -> Result<Vec<Enviada>> {
    lote(tx, autor, &[proposicao_id], n).await
}

/// Sends every proposição of `proposicoes` with the same despacho, in one step: all or
/// nothing (behind a savepoint: on any refusal nothing of the lote stays, and the message
/// names the proposição refused).
pub async fn lote(
    tx: &mut TenantTx,
    autor: &Autor,
    proposicoes: &[Uuid],
    n: &NovaTramitacao,
) -> Result<Vec<Enviada>> {
    let mut ids: Vec<Uuid> = Vec::with_capacity(proposicoes.len());
    for p in proposicoes {
        if !ids.contains(p) {
            ids.push(*p);
        }
    }
    if ids.is_empty() {
        return Err(invalido("proposicoes", "Escolha ao menos uma proposição."));
    }
    if ids.len() > MAX_LOTE {
        return Err(invalido(
            "proposicoes",
            format!("Um lote tem no máximo {MAX_LOTE} proposições."),
        ));
    }
    let p = passo(tx, n).await?;
    let varias = ids.len() > 1;
    tx.tentar(async |tx| {
        let mut todas = Vec::new();
        for id in &ids {
            todas.extend(enviar_uma(tx, autor, *id, &p, &n.despacho, varias).await?);
        }
        crate::jobs::retorno::ao_tramitar(tx, &todas).await?;
        Ok(todas)
    })
    .await
}

/// A correction of a tramitação's status, despacho or prazo, with its motivo.
#[derive(Debug, Clone)]
pub struct Correcao {
    pub status_id: Uuid,
    pub despacho: String,
    pub prazo: Prazo,
    pub motivo: String,
}

/// The tramitação a correction is of.
#[derive(sqlx::FromRow)]
struct Original {
    id: Uuid,
    proposicao_id: Uuid,
    origem_id: Uuid,
    destino_id: Uuid,
    status_id: Uuid,
    /// Its day in the câmara's zone (prazos in dias úteis count from it).
    dia: Date,
    quando: String,
}

/// Records a correction of the tramitação `id` (or of the original it corrects): a new
/// row and a `correcao` event; the corrected row stays as it was.
pub async fn corrigir(tx: &mut TenantTx, autor: &Autor, id: Uuid, c: &Correcao) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let original: Option<Original> = sqlx::query_as(
        "SELECT t.id, t.proposicao_id, t.origem_id, t.destino_id, t.status_id,
                (t.em AT TIME ZONE cc.fuso_horario)::date AS dia,
                to_char(t.em AT TIME ZONE cc.fuso_horario, 'DD/MM/YYYY HH24:MI') AS quando
           FROM app.tramitacao t
           JOIN app.camara_config cc ON cc.tenant_id = t.tenant_id
          WHERE t.tenant_id = $1
            AND t.id = (SELECT coalesce(x.corrige_id, x.id) FROM app.tramitacao x
                         WHERE x.tenant_id = $1 AND x.id = $2)",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(Original {
        id: oid,
        proposicao_id,
        origem_id,
        destino_id,
        status_id: status_antes,
        dia,
        quando,
    }) = original
    else {
        return Err(Error::NotFound("Tramitação não encontrada.".into()));
    };
    let antes = status_por_id(tx, status_antes).await?;
    let status = status_ativo(tx, c.status_id).await?;
    if antes.is_some_and(|a| a.encerra != status.encerra) {
        return Err(invalido(
            "status_id",
            "Uma correção não muda se a tramitação foi encerrada: escolha um status do mesmo \
             efeito, ou faça uma nova tramitação.",
        ));
    }
    if c.motivo.trim().chars().count() < 3 {
        return Err(invalido("motivo", "Informe o motivo da correção."));
    }
    let (prazo_dias, prazo) = fim_do_prazo(tx, dia, c.prazo).await?;
    let em = OffsetDateTime::now_utc();
    let evento = EventoNovo {
        evento: Evento::Correcao,
        unidade_id: Some(destino_id),
        descricao: cortar(
            &format!("Correção da tramitação de {quando}: {}", c.motivo.trim()),
            4000,
        ),
        ocorrido_em: Some(em),
        origem_id: None,
    };
    let (evento_id, _) = registrar_evento(tx, autor, proposicao_id, &evento).await?;
    let nova = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.tramitacao
            (tenant_id, id, proposicao_id, evento_id, origem_id, destino_id, status_id,
             despacho, em, prazo_dias, prazo, passo_id, corrige_id, motivo, usuario_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(tenant)
    .bind(nova)
    .bind(proposicao_id)
    .bind(evento_id)
    .bind(origem_id)
    .bind(destino_id)
    .bind(status.id)
    .bind(c.despacho.trim())
    .bind(em)
    .bind(prazo_dias)
    .bind(prazo)
    .bind(Uuid::now_v7())
    .bind(oid)
    .bind(c.motivo.trim())
    .bind(autor.usuario_id)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tramitacao",
        Some(&nova.to_string()),
        "corrigir",
        Some(serde_json::json!({ "tramitacao_id": oid })),
        Some(serde_json::json!({
            "status_id": status.id, "despacho": c.despacho.trim(),
            "prazo": prazo.map(|d| d.to_string()), "motivo": c.motivo.trim(),
        })),
    )
    .await?;
    Ok(nova)
}

/// The destination confirms it received the tramitação `id`: only a user of that unidade.
pub async fn receber(tx: &mut TenantTx, autor: &Autor, usuario_id: Uuid, id: Uuid) -> Result<()> {
    let tenant = tx.tenant_id();
    let t: Option<(Option<Uuid>, String, String, bool)> = sqlx::query_as(
        "SELECT t.corrige_id, d.nome, u.nome,
                EXISTS (SELECT 1 FROM app.unidade_usuario x WHERE x.tenant_id = t.tenant_id
                           AND x.unidade_id = t.destino_id AND x.usuario_id = u.id)
           FROM app.tramitacao t
           JOIN app.unidade d ON d.tenant_id = t.tenant_id AND d.id = t.destino_id
           JOIN app.usuario u ON u.tenant_id = t.tenant_id AND u.id = $3
          WHERE t.tenant_id = $1 AND t.id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(usuario_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((corrige, destino, nome, da_unidade)) = t else {
        return Err(Error::NotFound("Tramitação não encontrada.".into()));
    };
    if corrige.is_some() {
        return Err(Error::Conflict(
            "Confirme o recebimento na tramitação original, não na sua correção.".into(),
        ));
    }
    if !da_unidade {
        return Err(Error::Conflict(format!(
            "Só quem trabalha em {destino} pode confirmar o recebimento desta tramitação."
        )));
    }
    let rid = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.tramitacao_recebimento (tenant_id, id, tramitacao_id, usuario_id, recebido_por)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant)
    .bind(rid)
    .bind(id)
    .bind(usuario_id)
    .bind(&nome)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditoria::registrar(
        tx,
        autor,
        "tramitacao",
        Some(&id.to_string()),
        "receber",
        None,
        Some(serde_json::json!({ "recebimento": rid, "por": nome })),
    )
    .await
}
