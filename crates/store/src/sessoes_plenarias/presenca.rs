//! Presença per sessão and per ordem do dia: marked by the operator or by the councilor
//! from their own account. Only the members of the sessão's day count
//! (`domain::sessoes_plenarias::presenca::membros_no_dia`: mandatos active that day, the
//! suplente em exercício in place of the titular afastado, nobody before the posse).

use serde::Serialize;
use time::Date;
use uuid::Uuid;

use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::presenca::{
    Afastamento, Ambito, Mandato, SituacaoPresenca, membros_no_dia,
};
use domain::sessoes_plenarias::quorum::{quorum_deliberacao, quorum_instalacao};

use super::agenda::lida;
use crate::auditoria::{self, Autor};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

/// A member of the câmara on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Membro {
    pub parlamentar_id: Uuid,
    pub nome: String,
}

/// The members on `dia`, by name.
pub async fn membros(tx: &mut TenantTx, dia: Date) -> Result<Vec<Membro>> {
    let tenant = tx.tenant_id();
    let mandatos: Vec<(Uuid, Uuid, String, Date, Date)> = sqlx::query_as(
        "SELECT id, parlamentar_id, tipo, inicio, fim FROM app.mandato
          WHERE tenant_id = $1 AND inicio <= $2 AND $2 <= fim",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_all(tx.conn())
    .await?;
    let afastamentos: Vec<(Uuid, Date, Option<Date>, Option<Uuid>)> = sqlx::query_as(
        "SELECT mandato_id, inicio, fim, suplente_id FROM app.afastamento
          WHERE tenant_id = $1 AND inicio <= $2 AND (fim IS NULL OR $2 <= fim)",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_all(tx.conn())
    .await?;
    let regra: Vec<Mandato<Uuid>> = mandatos
        .into_iter()
        .map(|(id, parlamentar, tipo, inicio, fim)| Mandato {
            parlamentar,
            titular: tipo == "titular",
            inicio,
            fim,
            afastamentos: afastamentos
                .iter()
                .filter(|a| a.0 == id)
                .map(|a| Afastamento {
                    inicio: a.1,
                    fim: a.2,
                    suplente: a.3,
                })
                .collect(),
        })
        .collect();
    let ids = membros_no_dia(&regra, dia);
    Ok(sqlx::query_as(
        "SELECT id AS parlamentar_id, nome_parlamentar AS nome FROM app.parlamentar
          WHERE tenant_id = $1 AND id = ANY($2) ORDER BY nome_parlamentar, id",
    )
    .bind(tenant)
    .bind(&ids)
    .fetch_all(tx.conn())
    .await?)
}

/// One line of the roll.
#[derive(Debug, Clone, Serialize)]
pub struct LinhaPresenca {
    pub parlamentar_id: Uuid,
    pub nome: String,
    pub sessao: Option<&'static str>,
    pub ordem_do_dia: Option<&'static str>,
    pub justificativa: Option<String>,
}

impl LinhaPresenca {
    pub fn presente(&self) -> bool {
        self.sessao == Some("presente")
    }
    pub fn rotulo(&self) -> &'static str {
        self.sessao
            .and_then(SituacaoPresenca::parse)
            .map_or("Não registrada", SituacaoPresenca::label)
    }
}

/// The roll of a sessão and its quóruns.
#[derive(Debug, Clone, Serialize)]
pub struct Chamada {
    pub linhas: Vec<LinhaPresenca>,
    pub membros: i64,
    pub cadeiras: i64,
    /// Present in the roll that counts: the ordem do dia's once it has any mark, the
    /// sessão's before.
    pub presentes: i64,
    pub quorum_instalacao: i64,
    pub quorum_deliberacao: i64,
}

impl Chamada {
    pub fn instalacao(&self) -> bool {
        self.presentes >= self.quorum_instalacao
    }
    pub fn deliberacao(&self) -> bool {
        self.presentes >= self.quorum_deliberacao
    }
    /// The presentes' ids (in the roll that counts).
    pub fn presentes_ids(&self) -> Vec<Uuid> {
        let od = self.linhas.iter().any(|l| l.ordem_do_dia.is_some());
        self.linhas
            .iter()
            .filter(|l| {
                if od {
                    l.ordem_do_dia == Some("presente")
                } else {
                    l.sessao == Some("presente")
                }
            })
            .map(|l| l.parlamentar_id)
            .collect()
    }
}

/// The roll of `sessao_id`: every member of its day with their marks.
pub async fn chamada(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Chamada> {
    let s = lida(tx, sessao_id).await?;
    let membros = membros(tx, s.dia).await?;
    let tenant = tx.tenant_id();
    let marcas: Vec<(Uuid, String, String, Option<String>)> = sqlx::query_as(
        "SELECT parlamentar_id, ambito, situacao, justificativa FROM app.presenca
          WHERE tenant_id = $1 AND sessao_id = $2",
    )
    .bind(tenant)
    .bind(sessao_id)
    .fetch_all(tx.conn())
    .await?;
    let marca = |p: Uuid, a: Ambito| {
        marcas
            .iter()
            .find(|m| m.0 == p && m.1 == a.as_str())
            .and_then(|m| SituacaoPresenca::parse(&m.2))
            .map(SituacaoPresenca::as_str)
    };
    let linhas: Vec<LinhaPresenca> = membros
        .iter()
        .map(|m| LinhaPresenca {
            parlamentar_id: m.parlamentar_id,
            nome: m.nome.clone(),
            sessao: marca(m.parlamentar_id, Ambito::Sessao),
            ordem_do_dia: marca(m.parlamentar_id, Ambito::OrdemDoDia),
            justificativa: marcas
                .iter()
                .find(|x| x.0 == m.parlamentar_id && x.1 == "sessao")
                .and_then(|x| x.3.clone()),
        })
        .collect();
    let n = i64::try_from(membros.len()).unwrap_or(i64::MAX);
    let cadeiras = super::ciclo::regimento(tx, n).await?.cadeiras;
    let mut c = Chamada {
        linhas,
        membros: n,
        cadeiras,
        presentes: 0,
        quorum_instalacao: quorum_instalacao(cadeiras),
        quorum_deliberacao: quorum_deliberacao(cadeiras),
    };
    c.presentes = i64::try_from(c.presentes_ids().len()).unwrap_or(0);
    Ok(c)
}

/// A mark to record.
#[derive(Debug, Clone)]
pub struct Marca {
    pub parlamentar_id: Uuid,
    pub ambito: Ambito,
    pub situacao: SituacaoPresenca,
    pub justificativa: String,
    /// The councilor marks it from their own account (self check-in).
    pub pelo_proprio: bool,
}

/// Records (or changes) a mark. Refused for someone who is not a member on the sessão's
/// day, for a sessão that is not running (an agendada one takes marks on its day only),
/// and for an inconsistent justificativa.
pub async fn marcar(tx: &mut TenantTx, autor: &Autor, sessao_id: Uuid, m: &Marca) -> Result<()> {
    let s = lida(tx, sessao_id).await?;
    let aceita = s.status.em_curso() || (s.status == StatusSessao::Agendada && s.dia == s.hoje);
    if !aceita {
        return Err(Error::Conflict(
            "A presença só é registrada com a sessão aberta ou suspensa (ou no dia dela).".into(),
        ));
    }
    if let Some(porque) = m.situacao.impedimento(&m.justificativa) {
        return Err(invalido("justificativa", porque));
    }
    if !membros(tx, s.dia)
        .await?
        .iter()
        .any(|x| x.parlamentar_id == m.parlamentar_id)
    {
        return Err(invalido(
            "parlamentar",
            "Este parlamentar não está em exercício no dia da sessão.",
        ));
    }
    let tenant = tx.tenant_id();
    let justificativa =
        (m.situacao == SituacaoPresenca::Justificada).then(|| m.justificativa.trim().to_owned());
    let q = sqlx::query(
        "INSERT INTO app.presenca (tenant_id, id, sessao_id, parlamentar_id, ambito, situacao,
                                   justificativa, pelo_proprio, usuario_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tenant_id, sessao_id, parlamentar_id, ambito) DO UPDATE
            SET situacao = $6, justificativa = $7, pelo_proprio = $8, usuario_id = $9,
                registrada_em = now()",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(sessao_id)
    .bind(m.parlamentar_id)
    .bind(m.ambito.as_str())
    .bind(m.situacao.as_str())
    .bind(&justificativa)
    .bind(m.pelo_proprio)
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
        "presenca",
        Some(&sessao_id.to_string()),
        "marcar",
        None,
        Some(serde_json::json!({
            "parlamentar_id": m.parlamentar_id, "ambito": m.ambito.as_str(),
            "situacao": m.situacao.as_str(), "justificativa": justificativa,
            "pelo_proprio": m.pelo_proprio
        })),
    )
    .await
}
