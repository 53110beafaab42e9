//! The registry of proposições for the secretaria: the list with its filters, one
//! proposição with its history, the change of what may change (never the situação, which
//! only events move), and the deletion of one created by mistake.

use domain::ValidationError;
use domain::proposicoes::{Regime, Situacao};
use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::criar::{Criada, NovaProposicao, criar};
use crate::auditoria::{self, Autor};
use crate::infra::{contador, recusas};
use crate::{Error, Result, TenantTx};

/// At most this many assuntos (the table's `proposicao_assuntos_check`).
pub const MAX_ASSUNTOS: usize = 20;

/// The assuntos typed as "saúde, educação": trimmed, without empty or repeated ones.
pub fn ler_assuntos(s: &str) -> std::result::Result<Vec<String>, ValidationError> {
    let mut v: Vec<String> = Vec::new();
    for a in s.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        if a.chars().count() > 100 {
            return Err(ValidationError::new(
                "assuntos",
                "Cada assunto deve ter no máximo 100 caracteres.",
            ));
        }
        if !v.iter().any(|x| x.to_lowercase() == a.to_lowercase()) {
            v.push(a.to_owned());
        }
    }
    if v.len() > MAX_ASSUNTOS {
        return Err(ValidationError::new(
            "assuntos",
            format!(
                "Informe no máximo {MAX_ASSUNTOS} assuntos (foram {}).",
                v.len()
            ),
        ));
    }
    Ok(v)
}

/// What the secretaria may change in a proposição.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edicao {
    pub ementa: String,
    pub texto: String,
    pub justificativa: String,
    pub regime: Regime,
    pub indexacao: String,
    pub assuntos: Vec<String>,
}

/// The lengths the table holds, checked all at once so a form shows every message together
/// (the table's checks stay the backstop).
pub fn validar_textos(
    ementa: &str,
    texto: &str,
    justificativa: &str,
    indexacao: &str,
) -> Vec<ValidationError> {
    let mut v = Vec::new();
    let n = ementa.trim().chars().count();
    if !(10..=2000).contains(&n) {
        v.push(ValidationError::new(
            "ementa",
            "A ementa deve ter de 10 a 2.000 caracteres.",
        ));
    }
    if texto.chars().count() > 500_000 {
        v.push(ValidationError::new(
            "texto",
            "O texto deve ter no máximo 500.000 caracteres.",
        ));
    }
    if justificativa.chars().count() > 200_000 {
        v.push(ValidationError::new(
            "justificativa",
            "A justificativa deve ter no máximo 200.000 caracteres.",
        ));
    }
    if indexacao.chars().count() > 2000 {
        v.push(ValidationError::new(
            "indexacao",
            "A indexação deve ter no máximo 2.000 caracteres.",
        ));
    }
    v
}

/// The filters of the admin list.
#[derive(Debug, Clone, Default)]
pub struct Filtro {
    pub tipo_id: Option<Uuid>,
    pub ano: Option<i32>,
    pub numero: Option<i32>,
    pub situacao: Option<Situacao>,
    /// Words of the ementa (case and accents as typed).
    pub texto: Option<String>,
}

/// One line of the admin list.
#[derive(Debug, Clone, FromRow)]
pub struct Linha {
    pub id: Uuid,
    pub sigla: String,
    pub numero: i32,
    pub ano: i32,
    pub ementa: String,
    pub situacao: Option<String>,
    pub apresentada_em: Date,
    pub primeiro_autor: Option<String>,
}

impl Linha {
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    pub fn situacao_rotulo(&self) -> &'static str {
        rotulo_situacao(self.situacao.as_deref())
    }
}

pub fn rotulo_situacao(s: Option<&str>) -> &'static str {
    s.and_then(Situacao::parse).map_or("—", Situacao::rotulo)
}

/// The name an autoria shows (parlamentar, comissão or the name typed).
pub(crate) const NOME_AUTOR: &str = "coalesce(par.nome_parlamentar, com.nome, a.nome)";

/// A page of the list, newest first, and the total.
pub async fn listar(
    tx: &mut TenantTx,
    f: &Filtro,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Linha>, i64)> {
    let tenant = tx.tenant_id();
    let texto = crate::infra::like::contendo(f.texto.as_deref());
    let filtro = "p.tenant_id = $1 AND ($2::uuid IS NULL OR p.tipo_id = $2)
        AND ($3::int IS NULL OR p.ano = $3) AND ($4::int IS NULL OR p.numero = $4)
        AND ($5::text IS NULL OR p.situacao = $5) AND ($6::text IS NULL OR p.ementa ILIKE $6)";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.proposicao p WHERE {filtro}"
    )))
    .bind(tenant)
    .bind(f.tipo_id)
    .bind(f.ano)
    .bind(f.numero)
    .bind(f.situacao.map(Situacao::as_str))
    .bind(&texto)
    .fetch_one(tx.conn())
    .await?;
    let linhas = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, t.sigla, p.numero, p.ano, p.ementa, p.situacao, p.apresentada_em,
                (SELECT {NOME_AUTOR} FROM app.proposicao_autor a
                   LEFT JOIN app.parlamentar par ON par.tenant_id = a.tenant_id AND par.id = a.parlamentar_id
                   LEFT JOIN app.comissao com ON com.tenant_id = a.tenant_id AND com.id = a.comissao_id
                  WHERE a.tenant_id = p.tenant_id AND a.proposicao_id = p.id AND a.primeiro) AS primeiro_autor
           FROM app.proposicao p JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE {filtro}
          ORDER BY p.ano DESC, p.apresentada_em DESC, p.id DESC LIMIT $7 OFFSET $8"
    )))
    .bind(tenant)
    .bind(f.tipo_id)
    .bind(f.ano)
    .bind(f.numero)
    .bind(f.situacao.map(Situacao::as_str))
    .bind(&texto)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((linhas, total))
}

/// One proposição, as the registry shows and edits it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Proposicao {
    pub id: Uuid,
    pub tipo_id: Uuid,
    pub sigla: String,
    pub tipo_nome: String,
    pub numero: i32,
    pub ano: i32,
    pub escopo: String,
    pub mae_id: Option<Uuid>,
    pub ementa: String,
    pub texto: String,
    pub justificativa: String,
    pub regime: String,
    pub apresentada_em: Date,
    pub indexacao: String,
    pub assuntos: Vec<String>,
    pub situacao: Option<String>,
}

impl Edicao {
    /// Its state for the audit log.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "ementa": self.ementa, "texto": self.texto, "justificativa": self.justificativa,
            "regime": self.regime.as_str(), "indexacao": self.indexacao, "assuntos": self.assuntos,
        })
    }
}

impl Proposicao {
    pub fn identificacao(&self) -> String {
        domain::proposicoes::identificacao(&self.sigla, i64::from(self.numero), self.ano)
    }

    pub fn situacao_rotulo(&self) -> &'static str {
        rotulo_situacao(self.situacao.as_deref())
    }

    pub fn regime_rotulo(&self) -> &'static str {
        Regime::parse(&self.regime).map_or("", Regime::rotulo)
    }

    pub fn edicao(&self) -> Edicao {
        Edicao {
            ementa: self.ementa.clone(),
            texto: self.texto.clone(),
            justificativa: self.justificativa.clone(),
            regime: Regime::parse(&self.regime).unwrap_or(Regime::Ordinario),
            indexacao: self.indexacao.clone(),
            assuntos: self.assuntos.clone(),
        }
    }
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Proposicao>> {
    tx.linha("SELECT p.id, p.tipo_id, t.sigla, t.nome AS tipo_nome, p.numero, p.ano, p.escopo, p.mae_id,
                p.ementa, p.texto, p.justificativa, p.regime, p.apresentada_em, p.indexacao,
                p.assuntos, p.situacao
           FROM app.proposicao p JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
          WHERE p.tenant_id = $1 AND p.id = $2", id).await
}

async fn gravar_indexacao(
    tx: &mut TenantTx,
    id: Uuid,
    indexacao: &str,
    assuntos: &[String],
) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.proposicao SET indexacao = $3, assuntos = $4, atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(indexacao.trim())
    .bind(assuntos)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    Ok(())
}

/// [`criar`] with the indexação and assuntos of the registry's form, in the same transaction.
pub async fn criar_registrada(
    tx: &mut TenantTx,
    autor: &Autor,
    nova: &NovaProposicao,
    indexacao: &str,
    assuntos: &[String],
) -> Result<Criada> {
    let c = criar(tx, autor, nova).await?;
    if !indexacao.trim().is_empty() || !assuntos.is_empty() {
        gravar_indexacao(tx, c.id, indexacao, assuntos).await?;
        auditoria::mudanca(
            tx,
            autor,
            "proposicao",
            c.id,
            "indexar",
            None,
            Some(serde_json::json!({ "indexacao": indexacao.trim(), "assuntos": assuntos })),
        )
        .await?;
    }
    Ok(c)
}

/// Changes the texts, regime, indexação and assuntos (audited before and after). The
/// situação is not among them: it follows the events.
pub async fn editar(tx: &mut TenantTx, autor: &Autor, id: Uuid, e: &Edicao) -> Result<()> {
    let antes = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição não encontrada.".into()))?
        .edicao();
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.proposicao SET ementa = $3, texto = $4, justificativa = $5, regime = $6,
                atualizado_em = now()
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(e.ementa.trim())
    .bind(e.texto.trim())
    .bind(e.justificativa.trim())
    .bind(e.regime.as_str())
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    gravar_indexacao(tx, id, &e.indexacao, &e.assuntos).await?;
    let depois = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição não encontrada.".into()))?
        .edicao();
    auditoria::editado(tx, autor, "proposicao", id, antes.json(), depois.json()).await
}

/// One event of the history, as the admin shows it.
#[derive(Debug, Clone, FromRow)]
pub struct EventoLinha {
    pub id: Uuid,
    pub tipo: String,
    pub situacao: String,
    pub descricao: String,
    /// dd/mm/aaaa hh:mm in the câmara's time zone.
    pub quando: String,
    pub unidade: Option<String>,
    pub usuario: Option<String>,
    /// The principal this event came from (an anexada follows it).
    pub origem: Option<String>,
}

impl EventoLinha {
    pub fn tipo_rotulo(&self) -> &'static str {
        domain::proposicoes::TipoEvento::parse(&self.tipo).map_or("", |t| t.rotulo())
    }

    pub fn situacao_rotulo(&self) -> &'static str {
        rotulo_situacao(Some(&self.situacao))
    }
}

/// The history, oldest first.
pub async fn historico(tx: &mut TenantTx, id: Uuid) -> Result<Vec<EventoLinha>> {
    tx.linhas("SELECT e.id, e.tipo, e.situacao, e.descricao,
                to_char(e.ocorrido_em AT TIME ZONE coalesce(cfg.fuso_horario, 'America/Sao_Paulo'),
                        'DD/MM/YYYY HH24:MI') AS quando,
                u.nome AS unidade, us.nome AS usuario,
                CASE WHEN o.id IS NOT NULL THEN t.sigla || ' ' || op.numero || '/' || op.ano END AS origem
           FROM app.proposicao_evento e
           LEFT JOIN app.camara_config cfg ON cfg.tenant_id = e.tenant_id
           LEFT JOIN app.unidade u ON u.tenant_id = e.tenant_id AND u.id = e.unidade_id
           LEFT JOIN app.usuario us ON us.tenant_id = e.tenant_id AND us.id = e.usuario_id
           LEFT JOIN app.proposicao_evento o ON o.tenant_id = e.tenant_id AND o.id = e.origem_id
           LEFT JOIN app.proposicao op ON op.tenant_id = o.tenant_id AND op.id = o.proposicao_id
           LEFT JOIN app.tipo_proposicao t ON t.tenant_id = op.tenant_id AND t.id = op.tipo_id
          WHERE e.tenant_id = $1 AND e.proposicao_id = $2
          ORDER BY e.ocorrido_em, e.id", id).await
}

/// Why `p` cannot be deleted, if it cannot: only the last number of its scope, with no
/// history beyond its protocolo and no emendas, goes (its number is given back).
pub async fn impedimento_exclusao(tx: &mut TenantTx, p: &Proposicao) -> Result<Option<String>> {
    let tenant = tx.tenant_id();
    let ultimo = contador::atual(tx, &p.escopo).await?;
    if ultimo != i64::from(p.numero) {
        return Ok(Some(format!(
            "Só a última proposição da numeração pode ser excluída: {} não é a última ({} já \
             foi dado), e a exclusão abriria um buraco na numeração.",
            p.identificacao(),
            ultimo
        )));
    }
    let (andamentos, emendas): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM app.proposicao_evento
                  WHERE tenant_id = $1 AND proposicao_id = $2 AND tipo <> 'protocolada'),
                (SELECT count(*) FROM app.proposicao WHERE tenant_id = $1 AND mae_id = $2)",
    )
    .bind(tenant)
    .bind(p.id)
    .fetch_one(tx.conn())
    .await?;
    if andamentos > 0 {
        return Ok(Some(format!(
            "{} já tramitou ({andamentos} andamento(s) além do protocolo) e não pode ser \
             excluída; ela pode ser arquivada.",
            p.identificacao()
        )));
    }
    if emendas > 0 {
        return Ok(Some(format!(
            "{} tem {emendas} emenda(s) e não pode ser excluída.",
            p.identificacao()
        )));
    }
    Ok(None)
}

/// Deletes a proposição created by mistake and gives its number back (see
/// [`impedimento_exclusao`]); its autores, anexos and relations go with it.
pub async fn excluir(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let p = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Proposição não encontrada.".into()))?;
    // No number of the scope is handed out while we decide.
    contador::travar(tx, &p.escopo).await?;
    sqlx::query("SELECT 1 FROM app.proposicao WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
        .bind(tx.tenant_id())
        .bind(id)
        .execute(tx.conn())
        .await?;
    if let Some(m) = impedimento_exclusao(tx, &p).await? {
        return Err(Error::Conflict(m));
    }
    auditoria::apagar(tx, autor, "proposicao", id, "excluir", auditoria::json(&p)).await?;
    if !contador::devolver(tx, &p.escopo, i64::from(p.numero)).await? {
        return Err(Error::Conflict(
            "A numeração mudou enquanto a proposição era excluída; tente de novo.".into(),
        ));
    }
    Ok(())
}
