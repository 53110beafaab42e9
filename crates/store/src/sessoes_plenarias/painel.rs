//! The painel's state: what every screen (the public painel, the operator console, the
//! councilor's page, all fed by the same SSE stream) shows of a running sessão. The server
//! computes it whole ([`quadro`]); clients only display it.

use serde::Deserialize;
use uuid::Uuid;

use crate::{Error, Result, TenantTx};

/// A votação on the painel: a secret one's totals stay zero until the close.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct VotacaoPainel {
    pub id: Uuid,
    pub item: String,
    pub turno: i16,
    pub tipo: String,
    pub status: String,
    pub sim: i32,
    pub nao: i32,
    pub abstencao: i32,
    pub votantes: i64,
    pub resultado: Option<String>,
    /// Filled by [`quadro`]: "Nominal", "Aberta", "Aprovada".
    #[serde(default)]
    pub tipo_label: String,
    #[serde(default)]
    pub status_label: String,
    #[serde(default)]
    pub resultado_label: Option<String>,
}

/// The state of a sessão's painel.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct EstadoPainel {
    pub sessao_id: Uuid,
    pub status: String,
    pub fase: Option<String>,
    /// Marked present in the sessão's roll.
    pub presentes: i64,
    /// The votação open (or locked) now, if any; else the last closed one.
    pub votacao: Option<VotacaoPainel>,
    /// Bumped on every change of the sessão (for the SSE painel's "is it stale").
    pub versao: i32,
    /// How many times the bell rang, and whether the last ring is recent (10 s).
    pub campainha: i32,
    pub campainha_recente: bool,
}

/// Reads the painel's state in one statement.
pub async fn estado(tx: &mut TenantTx, sessao_id: Uuid) -> Result<EstadoPainel> {
    let tenant = tx.tenant_id();
    let v: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT jsonb_build_object(
            'sessao_id', s.id, 'status', s.status, 'versao', s.versao,
            'campainha', s.campainha,
            'campainha_recente', coalesce(s.campainha_em > now() - interval '10 seconds', false),
            'fase', (SELECT f.nome FROM app.fase_sessao f WHERE f.tenant_id = s.tenant_id AND f.id = s.fase_id),
            'presentes', (SELECT count(*) FROM app.presenca p WHERE p.tenant_id = s.tenant_id
                           AND p.sessao_id = s.id AND p.ambito = 'sessao' AND p.situacao = 'presente'),
            'votacao', (SELECT jsonb_build_object(
                    'id', v.id, 'turno', v.turno, 'tipo', v.tipo, 'status', v.status,
                    'item', coalesce(t.sigla || ' ' || pr.numero || '/' || pr.ano, i.descricao),
                    -- Closed: the totals. Open: a nominal votação's running count from its
                    -- votes; a secret one's totals stay hidden (turnout only).
                    'sim', CASE WHEN v.status = 'encerrada' THEN v.sim WHEN v.tipo = 'nominal'
                        THEN (SELECT count(*) FROM app.voto x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id AND x.voto = 'sim')
                        ELSE 0 END,
                    'nao', CASE WHEN v.status = 'encerrada' THEN v.nao WHEN v.tipo = 'nominal'
                        THEN (SELECT count(*) FROM app.voto x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id AND x.voto = 'nao')
                        ELSE 0 END,
                    'abstencao', CASE WHEN v.status = 'encerrada' THEN v.abstencao WHEN v.tipo = 'nominal'
                        THEN (SELECT count(*) FROM app.voto x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id AND x.voto = 'abstencao')
                        ELSE 0 END,
                    'votantes', CASE WHEN v.tipo = 'secreta'
                        THEN (SELECT count(*) FROM app.votacao_participacao x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id)
                        ELSE (SELECT count(*) FROM app.voto x WHERE x.tenant_id = v.tenant_id AND x.votacao_id = v.id) END,
                    'resultado', v.resultado)
                  FROM app.votacao v
                  JOIN app.pauta_item i ON i.tenant_id = v.tenant_id AND i.id = v.item_id
                  LEFT JOIN app.proposicao pr ON pr.tenant_id = i.tenant_id AND pr.id = i.proposicao_id
                  LEFT JOIN app.tipo_proposicao t ON t.tenant_id = pr.tenant_id AND t.id = pr.tipo_id
                 WHERE v.tenant_id = s.tenant_id AND v.sessao_id = s.id AND v.status <> 'cancelada'
                 ORDER BY (v.status IN ('aberta', 'travada')) DESC, v.aberta_em DESC LIMIT 1))
           FROM app.sessao_plenaria s WHERE s.tenant_id = $1 AND s.id = $2",
    )
    .bind(tenant)
    .bind(sessao_id)
    .fetch_optional(tx.conn())
    .await?;
    let v = v.ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    serde_json::from_value(v).map_err(|e| Error::Conflict(format!("Painel ilegível: {e}")))
}

/// One councilor on the painel's roll.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PresencaPainel {
    pub nome: String,
    /// "Presente", "Ausente", "Ausência justificada", "Não registrada".
    pub situacao: &'static str,
    pub presente: bool,
}

/// A councilor's vote on the painel.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VotoPainel {
    pub nome: String,
    pub voto: String,
    /// "SIM", "NÃO", "ABSTENÇÃO".
    pub rotulo: &'static str,
}

/// Everything a screen of the sessão shows, computed by the server: one JSON snapshot per
/// event of the SSE stream, and the first render of the pages.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Quadro {
    pub sessao_id: Uuid,
    pub titulo: String,
    /// `agendada`, `aberta`, … or `nao_realizada`.
    pub status: &'static str,
    pub status_label: &'static str,
    /// Whether the stream stays open ([`domain::sessoes_plenarias::Exibicao::ao_vivo`]).
    pub ao_vivo: bool,
    pub fase: Option<String>,
    /// The server's clock when the snapshot was taken (RFC 3339).
    pub agora: String,
    pub presenca: Vec<PresencaPainel>,
    pub presentes: i64,
    pub membros: i64,
    pub quorum_instalacao: bool,
    pub quorum_deliberacao: bool,
    /// The votação open now, or the last closed one.
    pub votacao: Option<VotacaoPainel>,
    /// Each councilor's vote of a nominal votação, as it comes; empty for a secret or
    /// symbolic one.
    pub votos: Vec<VotoPainel>,
    /// The speakers of the current phase, in order, each with the time left computed by
    /// the server (`restante_ms` as of `agora`; `correndo` while it runs).
    pub oradores: Vec<super::oradores::Orador>,
    /// The one on the floor (speaking or paused), if any.
    pub tribuna: Option<super::oradores::Orador>,
    pub versao: i32,
    /// The bell's count ([`tocar_campainha`](super::tocar_campainha)): a screen rings when
    /// it grows, if the ring is recent (a screen connecting later stays quiet).
    pub campainha: i32,
    pub campainha_recente: bool,
}

/// The painel's whole state of `sessao_id` (not found: another câmara's, or none).
pub async fn quadro(tx: &mut TenantTx, sessao_id: Uuid) -> Result<Quadro> {
    let s = super::por_id(tx, sessao_id)
        .await?
        .ok_or_else(|| Error::NotFound("Sessão não encontrada.".into()))?;
    let mut e = estado(tx, sessao_id).await?;
    if let Some(v) = e.votacao.as_mut() {
        use domain::sessoes_plenarias::{quorum, votacao as dv};
        v.tipo_label = dv::TipoVotacao::parse(&v.tipo)
            .map_or("", |t| t.rotulo())
            .into();
        v.status_label = dv::StatusVotacao::parse(&v.status)
            .map_or("", |t| t.rotulo())
            .into();
        v.resultado_label = v
            .resultado
            .as_deref()
            .and_then(quorum::Resultado::parse)
            .map(|r| r.label().to_owned());
    }
    let chamada = super::presenca::chamada(tx, sessao_id).await?;
    let votos = match &e.votacao {
        Some(v) if v.tipo == "nominal" => super::votacao::votos(tx, v.id)
            .await?
            .into_iter()
            .map(|x| VotoPainel {
                rotulo: x.voto_label(),
                nome: x.nome,
                voto: x.voto,
            })
            .collect(),
        _ => Vec::new(),
    };
    let todos = super::oradores::da_sessao(tx, sessao_id).await?;
    let tribuna = todos
        .iter()
        .find(|o| o.status == "falando" || o.status == "pausado")
        .cloned();
    let oradores = todos
        .into_iter()
        .filter(|o| Some(o.fase_id) == s.fase_id)
        .collect();
    let exibicao = s.exibicao();
    Ok(Quadro {
        sessao_id,
        titulo: s.titulo(),
        status: exibicao.as_str(),
        status_label: exibicao.label(),
        ao_vivo: exibicao.ao_vivo(),
        fase: e.fase,
        agora: super::rfc3339(time::OffsetDateTime::now_utc()),
        presenca: chamada
            .linhas
            .iter()
            .map(|l| PresencaPainel {
                nome: l.nome.clone(),
                situacao: l.rotulo(),
                presente: l.presente(),
            })
            .collect(),
        presentes: chamada.presentes,
        membros: chamada.membros,
        quorum_instalacao: chamada.instalacao(),
        quorum_deliberacao: chamada.deliberacao(),
        votacao: e.votacao,
        votos,
        oradores,
        tribuna,
        versao: e.versao,
        campainha: e.campainha,
        campainha_recente: e.campainha_recente,
    })
}
