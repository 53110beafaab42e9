//! The pauta's items (minimal): items of a sessão referencing proposições (or free text),
//! with the tipo de ação, the quórum (by default the tipo de proposição's for the turno),
//! the turno and the order; the item's states (vista, adiamento, retirada) through one entry
//! point, [`mover_item`]. Publication rules come later.

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::pauta::{self as regras, AcaoItem, SituacaoItem};
use domain::sessoes_plenarias::quorum::Regra;
use domain::sessoes_plenarias::votacao::TipoAcao;

use domain::proposicoes::Evento;

use super::agenda::para_alterar;
use super::ata::documento::Desfecho;
use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::proposicoes::eventos::{EventoNovo, registrar_evento};
use crate::{Error, Result, TenantTx};

/// An item of a sessão's pauta.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct ItemPauta {
    pub id: Uuid,
    pub sessao_id: Uuid,
    pub ordem: i32,
    pub proposicao_id: Option<Uuid>,
    /// "PL 12/2026 — ementa", or the free item's text.
    pub titulo: String,
    pub descricao: String,
    pub tipo_acao: String,
    pub quorum: String,
    pub turno: i16,
    pub fase_id: Option<Uuid>,
    pub situacao: String,
    pub vista_ate: Option<Date>,
    pub adiado_para: Option<Uuid>,
    pub motivo_situacao: Option<String>,
}

impl ItemPauta {
    pub fn situacao(&self) -> SituacaoItem {
        SituacaoItem::parse(&self.situacao).unwrap_or(SituacaoItem::NaPauta)
    }
    pub fn situacao_label(&self) -> &'static str {
        self.situacao().rotulo()
    }
    /// Out of the pauta (vista, adiado, retirado): shown with its state, not voted.
    pub fn fora_da_pauta(&self) -> bool {
        !self.situacao().votavel()
    }
    pub fn tipo_acao_label(&self) -> &'static str {
        TipoAcao::parse(&self.tipo_acao).map_or("", TipoAcao::rotulo)
    }
    pub fn quorum_label(&self) -> &'static str {
        Regra::parse(&self.quorum).map_or("", Regra::label)
    }
    pub fn votada(&self) -> bool {
        TipoAcao::parse(&self.tipo_acao).is_some_and(TipoAcao::votada)
    }
}

pub(super) const ITEM: &str = "SELECT i.id, i.sessao_id, i.ordem, i.proposicao_id,
    coalesce(t.sigla || ' ' || p.numero || '/' || p.ano || ' — ' || p.ementa, i.descricao) AS titulo,
    i.descricao, i.tipo_acao, i.quorum, i.turno, i.fase_id, i.situacao, i.vista_ate, i.adiado_para,
    i.motivo_situacao
    FROM app.pauta_item i
    LEFT JOIN app.proposicao p ON p.tenant_id = i.tenant_id AND p.id = i.proposicao_id
    LEFT JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id";

/// The items of a sessão, in order.
pub async fn itens(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Vec<ItemPauta>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{ITEM} WHERE i.tenant_id = $1 AND i.sessao_id = $2 ORDER BY i.ordem"
        )),
        sessao_id,
    )
    .await
}

pub async fn item(tx: &mut TenantTx, id: Uuid) -> Result<ItemPauta> {
    let tenant = tx.tenant_id();
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM} WHERE i.tenant_id = $1 AND i.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::NotFound("Item da pauta não encontrado.".into()))
}

/// A new item.
#[derive(Debug, Clone)]
pub struct NovoItem {
    pub proposicao_id: Option<Uuid>,
    pub descricao: String,
    pub tipo_acao: TipoAcao,
    /// `None`: the tipo de proposição's quórum for the turno (maioria simples for a free item).
    pub quorum: Option<Regra>,
    pub turno: i16,
    pub fase_id: Option<Uuid>,
}

/// Adds an item at the end of the pauta of a sessão not yet encerrada or cancelada.
pub async fn adicionar_item(
    tx: &mut TenantTx,
    autor: &Autor,
    sessao_id: Uuid,
    n: &NovoItem,
) -> Result<ItemPauta> {
    let s = para_alterar(tx, sessao_id).await?;
    if matches!(s.status, StatusSessao::Encerrada | StatusSessao::Cancelada) {
        return Err(Error::Conflict(
            "A sessão está encerrada ou cancelada; a pauta não muda mais.".into(),
        ));
    }
    let tenant = tx.tenant_id();
    let quorum = match (n.quorum, n.proposicao_id) {
        (Some(q), _) => q.as_str().to_owned(),
        (None, Some(p)) => {
            let q: Option<Option<String>> = sqlx::query_scalar(
                "SELECT t.quorum[$3] FROM app.proposicao p
                   JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
                  WHERE p.tenant_id = $1 AND p.id = $2",
            )
            .bind(tenant)
            .bind(p)
            .bind(i32::from(n.turno))
            .fetch_optional(tx.conn())
            .await?;
            match q {
                None => {
                    return Err(invalido(
                        "proposicao",
                        "Proposição inexistente nesta câmara.",
                    ));
                }
                Some(q) => q.unwrap_or_else(|| Regra::MaioriaSimples.as_str().to_owned()),
            }
        }
        (None, None) => Regra::MaioriaSimples.as_str().to_owned(),
    };
    let id = Uuid::now_v7();
    let q = sqlx::query(
        "INSERT INTO app.pauta_item (tenant_id, id, sessao_id, fase_id, ordem, proposicao_id,
                                     descricao, tipo_acao, quorum, turno)
         SELECT $1, $2, $3, $4, coalesce(max(ordem), 0) + 1, $5, $6, $7, $8, $9
           FROM app.pauta_item WHERE tenant_id = $1 AND sessao_id = $3",
    )
    .bind(tenant)
    .bind(id)
    .bind(sessao_id)
    .bind(n.fase_id)
    .bind(n.proposicao_id)
    .bind(n.descricao.trim())
    .bind(n.tipo_acao.as_str())
    .bind(&quorum)
    .bind(n.turno);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    let i = item(tx, id).await?;
    auditoria::mudanca(tx, autor, "pauta_item", id, "criar", None, json(&i)).await?;
    Ok(i)
}

/// What a move of an item carries: the prazo of a vista (days), the sessão an adiamento goes
/// to, the motivo (adiar, retirar).
#[derive(Debug, Clone, Default)]
pub struct Movimento {
    pub prazo_dias: Option<i64>,
    pub destino: Option<Uuid>,
    pub motivo: String,
}

/// The one entry point for an item's states: pedido de vista (out with a prazo), its return,
/// adiamento (a new item in a later sessão, this one marked adiado) and retirada de pauta
/// (final; the proposição then takes no anexação). Audited; refused while the item is voted.
pub async fn mover_item(
    tx: &mut TenantTx,
    autor: &Autor,
    item_id: Uuid,
    acao: AcaoItem,
    m: &Movimento,
) -> Result<ItemPauta> {
    let antes = item(tx, item_id).await?;
    let s = para_alterar(tx, antes.sessao_id).await?;
    if matches!(s.status, StatusSessao::Encerrada | StatusSessao::Cancelada) {
        return Err(Error::Conflict(
            "A sessão está encerrada ou cancelada; a pauta não muda mais.".into(),
        ));
    }
    let tenant = tx.tenant_id();
    let viva: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.votacao WHERE tenant_id = $1 AND item_id = $2
                          AND status IN ('aberta', 'travada'))",
    )
    .bind(tenant)
    .bind(item_id)
    .fetch_one(tx.conn())
    .await?;
    let para = antes
        .situacao()
        .aplicar(acao, viva, antes.proposicao_id.is_some())
        .map_err(|e| Error::Conflict(e.into()))?;
    let motivo = m.motivo.trim();
    if acao.pede_motivo() && motivo.chars().count() < 10 {
        return Err(invalido(
            "motivo",
            "Informe o motivo (de 10 a 2.000 caracteres).",
        ));
    }
    let (mut vista_ate, mut adiado_para) = (antes.vista_ate, antes.adiado_para);
    let mut levado: Option<(Uuid, String)> = None;
    match acao {
        AcaoItem::PedirVista => {
            let dias = m.prazo_dias.ok_or_else(|| {
                invalido("prazo", "Informe o prazo da vista, em dias (de 1 a 30).")
            })?;
            vista_ate = Some(regras::prazo_vista(s.dia, dias).map_err(|e| invalido("prazo", e))?);
        }
        AcaoItem::DevolverVista => vista_ate = None,
        AcaoItem::Adiar => {
            let destino = m.destino.ok_or_else(|| {
                invalido(
                    "sessao_destino",
                    "Escolha a sessão para a qual o item é adiado.",
                )
            })?;
            let d = super::por_id(tx, destino)
                .await?
                .ok_or_else(|| invalido("sessao_destino", "Sessão inexistente nesta câmara."))?;
            if d.status != StatusSessao::Agendada {
                return Err(invalido(
                    "sessao_destino",
                    "O adiamento é para uma sessão agendada.",
                ));
            }
            regras::adiamento(s.dia, d.dia).map_err(|e| invalido("sessao_destino", e))?;
            let novo = adicionar_item(
                tx,
                autor,
                destino,
                &NovoItem {
                    proposicao_id: antes.proposicao_id,
                    descricao: antes.descricao.clone(),
                    tipo_acao: TipoAcao::parse(&antes.tipo_acao).unwrap_or(TipoAcao::Votacao),
                    quorum: Regra::parse(&antes.quorum),
                    turno: antes.turno,
                    fase_id: None,
                },
            )
            .await?;
            levado = Some((novo.id, format!("{}, de {}", d.titulo(), d.data())));
            adiado_para = Some(destino);
        }
        AcaoItem::Retirar => {}
    }
    let q = sqlx::query(
        "UPDATE app.pauta_item SET situacao = $3, vista_ate = $4, adiado_para = $5,
                motivo_situacao = coalesce(nullif($6, ''), motivo_situacao)
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(item_id)
    .bind(para.as_str())
    .bind(vista_ate)
    .bind(adiado_para)
    .bind(motivo);
    tx.tentar(async |tx| {
        q.execute(tx.conn())
            .await
            .map_err(crate::infra::recusas::mapear)
    })
    .await?;
    let depois = item(tx, item_id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "pauta_item",
        item_id,
        acao.as_str(),
        json(&antes),
        json(&depois),
    )
    .await?;
    // The ata this item reads (if any) follows it; the proposição's timeline records it.
    let desfecho = match (acao, &levado) {
        (AcaoItem::Adiar, Some((novo, _))) => Some(Desfecho::Levada(*novo)),
        (AcaoItem::Retirar, _) => Some(Desfecho::Devolvida),
        _ => None,
    };
    if let Some(d) = desfecho {
        super::ata::documento::desfecho_do_item(tx, autor, item_id, d).await?;
    }
    if let Some(proposicao) = depois.proposicao_id {
        let ate = depois
            .vista_ate
            .map(|d| format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year()));
        let descricao = regras::descricao_evento(
            acao,
            &format!("{}, de {}", s.titulo(), s.data()),
            levado.as_ref().map(|(_, d)| d.as_str()),
            ate.as_deref(),
            motivo,
        );
        registrar_evento(
            tx,
            autor,
            proposicao,
            &EventoNovo {
                evento: Evento::Pauta,
                unidade_id: None,
                descricao,
                ocorrido_em: None,
                origem_id: None,
            },
        )
        .await?;
    }
    Ok(depois)
}

/// Whether `proposicao` was withdrawn from a pauta (then it takes no anexação).
pub async fn retirada_de_pauta(tx: &mut TenantTx, proposicao: Uuid) -> Result<bool> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.pauta_item
                         WHERE tenant_id = $1 AND proposicao_id = $2 AND situacao = 'retirado')",
    )
    .bind(tenant)
    .bind(proposicao)
    .fetch_one(tx.conn())
    .await?)
}

/// Whether the item may be voted now: on the pauta, and (a proposição's) its turno allowed
/// by the tipo, after the previous turno's approval and the interstício.
pub(super) async fn votavel(tx: &mut TenantTx, i: &ItemPauta, dia: Date) -> Result<()> {
    if i.fora_da_pauta() {
        return Err(Error::Conflict(format!(
            "O item está fora da pauta ({}): não é votado.",
            i.situacao_label().to_lowercase()
        )));
    }
    let Some(proposicao) = i.proposicao_id else {
        return Ok(());
    };
    let tenant = tx.tenant_id();
    let (turnos, intersticio): (i16, i16) = sqlx::query_as(
        "SELECT t.turnos, t.intersticio_dias_uteis FROM app.proposicao p
           JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = $2",
    )
    .bind(tenant)
    .bind(proposicao)
    .fetch_one(tx.conn())
    .await?;
    // The day (câmara's time zone) of the sessão where the previous turno was approved.
    let anterior: Option<Date> = sqlx::query_scalar(
        "SELECT max((s.inicio AT TIME ZONE c.fuso_horario)::date)
           FROM app.votacao v
           JOIN app.pauta_item i ON i.tenant_id = v.tenant_id AND i.id = v.item_id
           JOIN app.sessao_plenaria s ON s.tenant_id = v.tenant_id AND s.id = v.sessao_id
           JOIN app.camara_config c ON c.tenant_id = v.tenant_id
          WHERE v.tenant_id = $1 AND i.proposicao_id = $2 AND v.turno = $3
            AND v.status = 'encerrada' AND v.resultado = 'aprovada'",
    )
    .bind(tenant)
    .bind(proposicao)
    .bind(i.turno - 1)
    .fetch_one(tx.conn())
    .await?;
    let cal = crate::calendario::calendario(tx).await?;
    regras::turno_votavel(i.turno, turnos, intersticio, anterior, dia, &cal)
        .map_err(Error::Conflict)
}

/// Moves an item to `posicao` (1 = first) of its sessão's pauta, the others shifting: the
/// order the items came in (or were ordered by) changes only with a written reason,
/// audited with the positions before and after. Refused once the sessão is closed.
pub async fn reposicionar(
    tx: &mut TenantTx,
    autor: &Autor,
    item_id: Uuid,
    posicao: i32,
    motivo: &str,
) -> Result<()> {
    let antes = item(tx, item_id).await?;
    let s = para_alterar(tx, antes.sessao_id).await?;
    if matches!(s.status, StatusSessao::Encerrada | StatusSessao::Cancelada) {
        return Err(Error::Conflict(
            "A sessão está encerrada ou cancelada; a pauta não muda mais.".into(),
        ));
    }
    let motivo = motivo.trim();
    if !(10..=2000).contains(&motivo.chars().count()) {
        return Err(invalido(
            "motivo",
            "Informe o motivo da mudança de ordem (de 10 a 2.000 caracteres).",
        ));
    }
    let mut ids: Vec<Uuid> = itens(tx, s.id).await?.iter().map(|i| i.id).collect();
    let total = ids.len();
    let para = usize::try_from(posicao)
        .ok()
        .filter(|p| (1..=total).contains(p));
    let Some(para) = para else {
        return Err(invalido(
            "posicao",
            format!("Informe uma posição de 1 a {total}."),
        ));
    };
    let de = ids.iter().position(|x| *x == item_id).unwrap_or_default();
    if de + 1 == para {
        return Err(invalido("posicao", "O item já está nessa posição."));
    }
    let id = ids.remove(de);
    ids.insert(para - 1, id);
    // The order is unique per sessão and checked row by row: every item steps out of the
    // range first, then takes its place.
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.pauta_item SET ordem = ordem + 5000 WHERE tenant_id = $1 AND sessao_id = $2",
    )
    .bind(tenant)
    .bind(s.id)
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "UPDATE app.pauta_item p SET ordem = x.n
           FROM unnest($2::uuid[]) WITH ORDINALITY AS x (id, n)
          WHERE p.tenant_id = $1 AND p.id = x.id",
    )
    .bind(tenant)
    .bind(&ids)
    .execute(tx.conn())
    .await?;
    auditoria::mudanca(
        tx,
        autor,
        "pauta_item",
        item_id,
        "reordenar",
        Some(serde_json::json!({ "posicao": de + 1 })),
        Some(serde_json::json!({ "posicao": para, "motivo": motivo })),
    )
    .await
}
