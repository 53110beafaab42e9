//! The câmara's tipos de proposição: sigla, nome, numbering, comissões by default, turnos
//! with their quóruns, interstício, sanção, votação nominal. A tipo in use is deactivated,
//! never deleted, and keeps its numbering (changing it would repeat numbers already given).

use domain::ValidationError;
use domain::proposicoes::{EscopoNumeracao, Quorum};
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::infra::recusas;
use crate::{Error, Result, TenantTx};

/// A tipo as the admin shows it.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct TipoProposicao {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub escopo_numeracao: String,
    pub vai_a_comissoes: bool,
    pub turnos: i16,
    pub intersticio_dias_uteis: i16,
    pub quorum: Vec<String>,
    pub sancao: bool,
    pub nominal_obrigatoria: bool,
    pub acessorio: bool,
    pub ativo: bool,
    pub ordem: i32,
    /// How many proposições have this tipo.
    pub proposicoes: i64,
    /// The comissões it goes to by default, in order.
    pub comissoes: Vec<Uuid>,
}

impl TipoProposicao {
    pub fn escopo_rotulo(&self) -> &'static str {
        EscopoNumeracao::parse(&self.escopo_numeracao).map_or("", EscopoNumeracao::rotulo)
    }

    /// "Maioria simples; dois terços".
    pub fn quoruns(&self) -> String {
        self.quorum
            .iter()
            .map(|q| Quorum::parse(q).map_or("?", Quorum::rotulo))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The quórum of turno `n` (1-based), as stored.
    pub fn quorum_do_turno(&self, n: usize) -> &str {
        self.quorum.get(n - 1).map_or("", String::as_str)
    }

    pub fn em_uso(&self) -> bool {
        self.proposicoes > 0
    }
}

/// A tipo's form, read.
#[derive(Debug, Clone)]
pub struct DadosTipo {
    pub sigla: String,
    pub nome: String,
    pub escopo_numeracao: EscopoNumeracao,
    pub vai_a_comissoes: bool,
    pub comissoes: Vec<Uuid>,
    pub turnos: i16,
    pub quorum: Vec<Quorum>,
    pub intersticio_dias_uteis: i16,
    pub sancao: bool,
    pub nominal_obrigatoria: bool,
    pub acessorio: bool,
    pub ativo: bool,
    pub ordem: i32,
}

impl DadosTipo {
    /// Its state for the audit log.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "sigla": self.sigla.trim(), "nome": self.nome.trim(),
            "escopo_numeracao": self.escopo_numeracao.as_str(),
            "vai_a_comissoes": self.vai_a_comissoes, "comissoes": self.comissoes,
            "turnos": self.turnos, "quorum": quoruns(self),
            "intersticio_dias_uteis": self.intersticio_dias_uteis, "sancao": self.sancao,
            "nominal_obrigatoria": self.nominal_obrigatoria, "acessorio": self.acessorio,
            "ativo": self.ativo, "ordem": self.ordem,
        })
    }
}

const TIPO: &str = "SELECT t.id, t.sigla, t.nome, t.escopo_numeracao, t.vai_a_comissoes, t.turnos,
        t.intersticio_dias_uteis, t.quorum, t.sancao, t.nominal_obrigatoria, t.acessorio, t.ativo,
        t.ordem,
        (SELECT count(*) FROM app.proposicao p WHERE p.tenant_id = t.tenant_id AND p.tipo_id = t.id) AS proposicoes,
        coalesce((SELECT array_agg(c.comissao_id ORDER BY c.ordem, c.id) FROM app.tipo_proposicao_comissao c
                   WHERE c.tenant_id = t.tenant_id AND c.tipo_id = t.id), '{}') AS comissoes
   FROM app.tipo_proposicao t";

/// Every tipo, in the câmara's order (the inactive ones too).
pub async fn listar(tx: &mut TenantTx) -> Result<Vec<TipoProposicao>> {
    tx.todas(sqlx::AssertSqlSafe(format!(
        "{TIPO} WHERE t.tenant_id = $1 ORDER BY t.ordem, t.sigla"
    )))
    .await
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<TipoProposicao>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{TIPO} WHERE t.tenant_id = $1 AND t.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

fn quoruns(d: &DadosTipo) -> Vec<&'static str> {
    d.quorum.iter().map(|q| q.as_str()).collect()
}

async fn gravar_comissoes(tx: &mut TenantTx, tipo: Uuid, d: &DadosTipo) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.tipo_proposicao_comissao WHERE tenant_id = $1 AND tipo_id = $2")
        .bind(tenant)
        .bind(tipo)
        .execute(tx.conn())
        .await?;
    if !d.vai_a_comissoes {
        return Ok(());
    }
    for (ordem, c) in d.comissoes.iter().enumerate() {
        sqlx::query(
            "INSERT INTO app.tipo_proposicao_comissao (tenant_id, id, tipo_id, comissao_id, ordem)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(tenant)
        .bind(Uuid::now_v7())
        .bind(tipo)
        .bind(c)
        .bind(i16::try_from(ordem).unwrap_or(i16::MAX))
        .execute(tx.conn())
        .await
        .map_err(recusas::mapear)?;
    }
    Ok(())
}

/// Writes the tipo `id` (new or not) as `d` says.
async fn escrever(tx: &mut TenantTx, id: Uuid, d: &DadosTipo) -> Result<()> {
    let tenant = tx.tenant_id();
    sqlx::query(
        "INSERT INTO app.tipo_proposicao (tenant_id, id, sigla, nome, escopo_numeracao,
            vai_a_comissoes, turnos, intersticio_dias_uteis, quorum, sancao, nominal_obrigatoria,
            acessorio, ativo, ordem)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (tenant_id, id) DO UPDATE SET sigla = $3, nome = $4, escopo_numeracao = $5,
            vai_a_comissoes = $6, turnos = $7, intersticio_dias_uteis = $8, quorum = $9,
            sancao = $10, nominal_obrigatoria = $11, acessorio = $12, ativo = $13, ordem = $14",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.sigla.trim())
    .bind(d.nome.trim())
    .bind(d.escopo_numeracao.as_str())
    .bind(d.vai_a_comissoes)
    .bind(d.turnos)
    .bind(d.intersticio_dias_uteis)
    .bind(quoruns(d))
    .bind(d.sancao)
    .bind(d.nominal_obrigatoria)
    .bind(d.acessorio)
    .bind(d.ativo)
    .bind(d.ordem)
    .execute(tx.conn())
    .await
    .map_err(recusas::mapear)?;
    gravar_comissoes(tx, id, d).await
}

/// A new tipo with its comissões.
pub async fn criar(tx: &mut TenantTx, autor: &Autor, d: &DadosTipo) -> Result<Uuid> {
    let id = Uuid::now_v7();
    escrever(tx, id, d).await?;
    auditoria::criado(tx, autor, "tipo_proposicao", id, d.json()).await?;
    Ok(id)
}

/// Changes a tipo. Its numbering and whether it is acessório stay while it has proposições.
pub async fn editar(tx: &mut TenantTx, autor: &Autor, id: Uuid, d: &DadosTipo) -> Result<()> {
    let antes = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de proposição não encontrado.".into()))?;
    if antes.em_uso() {
        let mut v = Vec::new();
        if antes.escopo_numeracao != d.escopo_numeracao.as_str() {
            v.push("escopo_numeracao");
        }
        if antes.acessorio != d.acessorio {
            v.push("acessorio");
        }
        if let Some(campo) = v.first() {
            let msg = if *campo == "escopo_numeracao" {
                "A numeração não muda num tipo que já tem proposições: os números já dados se \
                 repetiriam. Crie um novo tipo."
            } else {
                "Um tipo que já tem proposições não deixa de ser (nem passa a ser) acessório."
            };
            return Err(ValidationError::new(campo, msg).into());
        }
    }
    escrever(tx, id, d).await?;
    auditoria::editado(
        tx,
        autor,
        "tipo_proposicao",
        id,
        serde_json::json!(antes),
        d.json(),
    )
    .await
}

/// Deactivates (or reactivates) a tipo: no new proposição of it while inactive.
pub async fn definir_ativo(tx: &mut TenantTx, autor: &Autor, id: Uuid, ativo: bool) -> Result<()> {
    let tenant = tx.tenant_id();
    let r =
        sqlx::query("UPDATE app.tipo_proposicao SET ativo = $3 WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(id)
            .bind(ativo)
            .execute(tx.conn())
            .await?;
    if r.rows_affected() == 0 {
        return Err(Error::NotFound("Tipo de proposição não encontrado.".into()));
    }
    let acao = if ativo { "reativar" } else { "desativar" };
    auditoria::mudanca(tx, autor, "tipo_proposicao", id, acao, None, None).await
}

/// Why a tipo cannot be deleted, if it cannot.
pub fn impedimento_exclusao(t: &TipoProposicao) -> Option<String> {
    t.em_uso().then(|| {
        format!(
            "O tipo {} tem {} proposição(ões) e não pode ser excluído; desative-o para que não \
             seja mais usado.",
            t.sigla, t.proposicoes
        )
    })
}

/// Deletes an unused tipo (its comissões go with it).
pub async fn excluir(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let t = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Tipo de proposição não encontrado.".into()))?;
    if let Some(m) = impedimento_exclusao(&t) {
        return Err(Error::Conflict(m));
    }
    // The foreign key of app.proposicao still refuses it if one was created meanwhile.
    auditoria::apagar(
        tx,
        autor,
        "tipo_proposicao",
        id,
        "excluir",
        auditoria::json(&t),
    )
    .await
}
