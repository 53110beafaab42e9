//! Pareceres: the relator's (conclusão, text in Markdown, optional PDF), the comissão's
//! recorded vote on it (one vote per current member, the result by
//! `domain::comissoes::apurar`), and the approved one as the parecer da comissão, attached
//! to the proposição by its `parecer` event.

use domain::comissoes::{Apuracao, Conclusao, Resultado, Voto};
use domain::proposicoes::Evento;
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::composicao::data_iso;
use crate::error::invalido;
use crate::infra::recusas;
use crate::proposicoes::{EventoNovo, registrar_evento};
use crate::{Error, Result, TenantTx};

/// A member serving in a comissão on a date: (membership id, parlamentar's name).
pub async fn membros_em(
    tx: &mut TenantTx,
    comissao_id: Uuid,
    data: Date,
) -> Result<Vec<(Uuid, String)>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT m.id, p.nome_parlamentar FROM app.membro_comissao m
           JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id
          WHERE m.tenant_id = $1 AND m.comissao_id = $2 AND m.designacao <= $3
            AND (m.desligamento IS NULL OR m.desligamento >= $3)
          ORDER BY array_position(ARRAY['presidente', 'vice-presidente', 'relator', 'membro'], m.cargo),
                   m.titular DESC, p.nome_parlamentar",
    )
    .bind(tenant)
    .bind(comissao_id)
    .bind(data)
    .fetch_all(tx.conn())
    .await?)
}

/// A parecer, with its comissão, relator and (once voted) the decisive count.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Parecer {
    pub id: Uuid,
    pub distribuicao_id: Uuid,
    pub proposicao_id: Uuid,
    pub comissao_id: Uuid,
    pub comissao_nome: String,
    pub comissao_sigla: String,
    pub relator: String,
    pub conclusao: String,
    pub texto: String,
    #[serde(serialize_with = "data_iso")]
    pub data: Date,
    pub arquivo_key: Option<String>,
    pub arquivo_nome: Option<String>,
    pub arquivo_tamanho: Option<i64>,
    pub resultado: Option<String>,
    pub votado_em: Option<Date>,
    pub sim: Option<i16>,
    pub nao: Option<i16>,
    pub abstencoes: Option<i16>,
    pub ausentes: Option<i16>,
}

impl Parecer {
    pub fn conclusao_label(&self) -> &'static str {
        Conclusao::parse(&self.conclusao)
            .map(Conclusao::rotulo)
            .unwrap_or("")
    }

    pub fn resultado_label(&self) -> &'static str {
        match self.resultado.as_deref().and_then(Resultado::parse) {
            Some(Resultado::Aprovado) => "Aprovado pela comissão",
            Some(Resultado::Rejeitado) => "Rejeitado pela comissão",
            _ => "Aguardando votação na comissão",
        }
    }

    /// The text as safe HTML (Markdown).
    pub fn texto_html(&self) -> String {
        domain::texto::markdown_seguro(&self.texto)
    }

    /// The public address of its PDF (served only for a parecer da comissão).
    pub fn caminho_arquivo(&self) -> String {
        format!("/legislativo/comissoes/pareceres/{}/arquivo", self.id)
    }
}

const PARECER: &str = "SELECT x.id, x.distribuicao_id, d.proposicao_id, d.comissao_id,
    c.nome AS comissao_nome, c.sigla AS comissao_sigla, pa.nome_parlamentar AS relator,
    x.conclusao, x.texto, x.data, x.arquivo_key, x.arquivo_nome, x.arquivo_tamanho, x.resultado,
    v.data AS votado_em, v.sim, v.nao, v.abstencoes, v.ausentes
    FROM app.parecer x
    JOIN app.distribuicao d ON d.tenant_id = x.tenant_id AND d.id = x.distribuicao_id
    JOIN app.comissao c ON c.tenant_id = d.tenant_id AND c.id = d.comissao_id
    JOIN app.relatoria r ON r.tenant_id = x.tenant_id AND r.id = x.relatoria_id
    JOIN app.membro_comissao m ON m.tenant_id = r.tenant_id AND m.id = r.membro_id
    JOIN app.parlamentar pa ON pa.tenant_id = m.tenant_id AND pa.id = m.parlamentar_id
    LEFT JOIN app.votacao_parecer v ON v.tenant_id = x.tenant_id AND v.parecer_id = x.id
         AND v.resultado <> 'sem_quorum'";

pub async fn parecer(tx: &mut TenantTx, id: Uuid) -> Result<Option<Parecer>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PARECER} WHERE x.tenant_id = $1 AND x.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Every parecer of a distribuição (pending, rejected, approved), the latest first.
pub async fn da_distribuicao(tx: &mut TenantTx, distribuicao_id: Uuid) -> Result<Vec<Parecer>> {
    tx.linhas(sqlx::AssertSqlSafe(format!(
        "{PARECER} WHERE x.tenant_id = $1 AND x.distribuicao_id = $2 ORDER BY x.criado_em DESC, x.id DESC"
    )), distribuicao_id).await
}

/// The pareceres das comissões of a proposição (the approved ones), in the order of the
/// distribution: what its public page shows.
pub async fn pareceres_da_proposicao(
    tx: &mut TenantTx,
    proposicao_id: Uuid,
) -> Result<Vec<Parecer>> {
    tx.linhas(
        sqlx::AssertSqlSafe(format!(
            "{PARECER} WHERE x.tenant_id = $1 AND d.proposicao_id = $2 AND x.resultado = 'aprovado'
          ORDER BY d.ordem, x.id"
        )),
        proposicao_id,
    )
    .await
}

/// A PDF already stored for a parecer.
#[derive(Debug, Clone)]
pub struct ArquivoParecer {
    pub key: String,
    pub nome: String,
    pub tamanho: i64,
}

/// What the relator presents.
#[derive(Debug, Clone)]
pub struct NovoParecer {
    pub distribuicao_id: Uuid,
    pub conclusao: Conclusao,
    pub texto: String,
    pub data: Date,
    pub arquivo: Option<ArquivoParecer>,
    /// The emendas (app.emenda ids) a "favorável com emendas" proposes.
    pub emendas: Vec<Uuid>,
}

/// Records the current relator's parecer, waiting for the comissão's vote. Run it behind
/// `TenantTx::tentar`.
pub async fn apresentar(tx: &mut TenantTx, autor: &Autor, n: &NovoParecer) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let d = super::distribuicao::distribuicao(tx, n.distribuicao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Distribuição não encontrada.".into()))?;
    if d.concluida {
        return Err(Error::Conflict(
            "A comissão já aprovou o seu parecer sobre esta proposição.".into(),
        ));
    }
    let Some(relatoria) = super::relatoria::atual(tx, d.id).await? else {
        return Err(Error::Conflict(
            "Designe o relator antes de registrar o parecer.".into(),
        ));
    };
    if n.data < relatoria.designada_em {
        return Err(invalido(
            "data",
            "O parecer não pode ser anterior à designação do relator.",
        ));
    }
    match (n.conclusao, n.emendas.is_empty()) {
        (Conclusao::FavoravelComEmendas, true) => {
            return Err(invalido(
                "emendas",
                "Um parecer favorável com emendas indica as emendas que propõe (cadastre-as em Emendas).",
            ));
        }
        (Conclusao::Favoravel | Conclusao::Contrario, false) => {
            return Err(invalido(
                "emendas",
                "Só um parecer favorável com emendas propõe emendas.",
            ));
        }
        _ => {}
    }
    let id = Uuid::now_v7();
    let arquivo = n.arquivo.as_ref();
    sqlx::query(
        "INSERT INTO app.parecer (tenant_id, id, relatoria_id, distribuicao_id, conclusao, texto,
                                  data, arquivo_key, arquivo_nome, arquivo_tamanho)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant)
    .bind(id)
    .bind(relatoria.id)
    .bind(d.id)
    .bind(n.conclusao.as_str())
    .bind(n.texto.trim())
    .bind(n.data)
    .bind(arquivo.map(|a| a.key.as_str()))
    .bind(arquivo.map(|a| a.nome.as_str()))
    .bind(arquivo.map(|a| a.tamanho))
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    if !n.emendas.is_empty() {
        let ligadas = sqlx::query(
            "UPDATE app.emenda e SET parecer_id = $3
               FROM app.proposicao p
              WHERE e.tenant_id = $1 AND e.id = ANY($2) AND p.tenant_id = e.tenant_id
                AND p.id = e.proposicao_id AND p.mae_id = $4",
        )
        .bind(tenant)
        .bind(&n.emendas)
        .bind(id)
        .bind(d.proposicao_id)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?
        .rows_affected();
        if ligadas != n.emendas.len() as u64 {
            return Err(invalido("emendas", "Escolha emendas desta proposição."));
        }
    }
    let depois = parecer(tx, id).await?;
    auditoria::mudanca(
        tx,
        autor,
        "parecer",
        id,
        "criar",
        None,
        auditoria::json(&depois),
    )
    .await?;
    Ok(id)
}

/// The comissão's vote on a parecer: `votos` gives each member's vote (members left out
/// are ausentes). Without quórum nothing is decided (the parecer can be voted again);
/// approved, it becomes the parecer da comissão (the proposição's `parecer` event).
/// Run it behind `TenantTx::tentar`.
pub async fn votar(
    tx: &mut TenantTx,
    autor: &Autor,
    parecer_id: Uuid,
    data: Date,
    votos: &[(Uuid, Voto)],
) -> Result<Apuracao> {
    let tenant = tx.tenant_id();
    let p = parecer(tx, parecer_id)
        .await?
        .ok_or_else(|| Error::NotFound("Parecer não encontrado.".into()))?;
    if p.resultado.is_some() {
        return Err(Error::Conflict(
            "Este parecer já foi votado pela comissão.".into(),
        ));
    }
    if data < p.data {
        return Err(invalido(
            "data",
            "A votação não pode ser anterior ao parecer.",
        ));
    }
    let membros = membros_em(tx, p.comissao_id, data).await?;
    let mut lista = Vec::with_capacity(membros.len());
    for (membro, _) in &membros {
        let v = votos
            .iter()
            .find(|(m, _)| m == membro)
            .map(|(_, v)| *v)
            .unwrap_or(Voto::Ausente);
        lista.push((*membro, v));
    }
    if let Some((m, _)) = votos
        .iter()
        .find(|(m, _)| !membros.iter().any(|(x, _)| x == m))
    {
        return Err(invalido(
            "votos",
            format!("Só votam os membros em exercício na comissão na data da votação ({m})."),
        ));
    }
    let eletronica = super::participacao::conferir_com_eletronica(tx, p.id, data, votos).await?;
    let so_votos: Vec<Voto> = lista
        .iter()
        .map(|(_, v)| *v)
        .filter(|v| *v != Voto::Ausente)
        .collect();
    let n = u32::try_from(membros.len()).unwrap_or(u32::MAX);
    let a = domain::comissoes::apurar(n, &so_votos)?;
    let votacao = Uuid::now_v7();
    let pequeno = |x: u32| i16::try_from(x).unwrap_or(i16::MAX);
    sqlx::query(
        "INSERT INTO app.votacao_parecer (tenant_id, id, parecer_id, data, membros, sim, nao,
                                          abstencoes, ausentes, resultado)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant)
    .bind(votacao)
    .bind(p.id)
    .bind(data)
    .bind(pequeno(a.membros))
    .bind(pequeno(a.sim))
    .bind(pequeno(a.nao))
    .bind(pequeno(a.abstencoes))
    .bind(pequeno(a.ausentes))
    .bind(a.resultado.as_str())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    if let Some(e) = eletronica {
        super::participacao::fechar(tx, e, votacao).await?;
    }
    for (membro, v) in &lista {
        sqlx::query(
            "INSERT INTO app.voto_parecer (tenant_id, id, votacao_id, membro_id, voto)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(votacao)
        .bind(membro)
        .bind(v.as_str())
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    let mut evento_id = None;
    if a.resultado == Resultado::Aprovado {
        let unidade = super::distribuicao::unidade_da_comissao(tx, p.comissao_id).await?;
        let evento = EventoNovo {
            evento: Evento::Parecer,
            unidade_id: Some(unidade),
            descricao: format!(
                "Parecer da {} ({}): {}, relator {}. Aprovado por {} votos a {}, {} abstenção(ões).",
                p.comissao_nome,
                p.comissao_sigla,
                p.conclusao_label().to_lowercase(),
                p.relator,
                a.sim,
                a.nao,
                a.abstencoes
            ),
            ocorrido_em: None,
            origem_id: None,
        };
        evento_id = Some(
            registrar_evento(tx, autor, p.proposicao_id, &evento)
                .await?
                .0,
        );
    }
    if a.resultado != Resultado::SemQuorum {
        sqlx::query(
            "UPDATE app.parecer SET resultado = $3, evento_id = $4 WHERE tenant_id = $1 AND id = $2",
        )
        .bind(tenant)
        .bind(p.id)
        .bind(a.resultado.as_str())
        .bind(evento_id)
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    auditoria::registrar(
        tx,
        autor,
        "parecer",
        Some(&p.id.to_string()),
        "votar",
        None,
        Some(serde_json::json!({
            "votacao": votacao, "data": data.to_string(), "resultado": a.resultado.as_str(),
            "sim": a.sim, "nao": a.nao, "abstencoes": a.abstencoes, "ausentes": a.ausentes,
            "votos": lista.iter().map(|(m, v)| (m.to_string(), v.as_str())).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(a)
}

/// One member's vote in a votação, for the parecer's page.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct VotoRegistrado {
    pub votacao_id: Uuid,
    #[serde(serialize_with = "data_iso")]
    pub data: Date,
    pub resultado: String,
    pub nome_parlamentar: String,
    pub voto: String,
}

impl VotoRegistrado {
    pub fn voto_label(&self) -> &'static str {
        Voto::parse(&self.voto).map(Voto::rotulo).unwrap_or("")
    }

    pub fn resultado_label(&self) -> &'static str {
        Resultado::parse(&self.resultado)
            .map(Resultado::rotulo)
            .unwrap_or("")
    }
}

/// Every vote recorded on a parecer (each votação, the latest first).
pub async fn votos(tx: &mut TenantTx, parecer_id: Uuid) -> Result<Vec<VotoRegistrado>> {
    tx.linhas(
        "SELECT v.id AS votacao_id, v.data, v.resultado, p.nome_parlamentar, o.voto
           FROM app.votacao_parecer v
           JOIN app.voto_parecer o ON o.tenant_id = v.tenant_id AND o.votacao_id = v.id
           JOIN app.membro_comissao m ON m.tenant_id = o.tenant_id AND m.id = o.membro_id
           JOIN app.parlamentar p ON p.tenant_id = m.tenant_id AND p.id = m.parlamentar_id
          WHERE v.tenant_id = $1 AND v.parecer_id = $2
          ORDER BY v.criado_em DESC, v.id DESC, p.nome_parlamentar",
        parecer_id,
    )
    .await
}
