//! Unidades de tramitação and the users who work in each. The unidades of the comissões
//! follow their comissão (store::comissoes keeps them in step) and are not edited here.

use domain::proposicoes::TipoUnidade;
use serde::Serialize;
use sqlx::FromRow;
use uuid::Uuid;

use crate::auditoria::{self, Autor, json};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct Unidade {
    pub id: Uuid,
    pub nome: String,
    pub tipo: String,
    pub comissao_id: Option<Uuid>,
    pub ativa: bool,
    /// How many users work in it.
    #[serde(skip)]
    pub usuarios: i64,
}

impl Unidade {
    pub fn tipo_unidade(&self) -> TipoUnidade {
        TipoUnidade::parse(&self.tipo).unwrap_or(TipoUnidade::Outra)
    }

    pub fn tipo_label(&self) -> &'static str {
        self.tipo_unidade().rotulo()
    }

    pub fn da_comissao(&self) -> bool {
        self.comissao_id.is_some()
    }
}

const UNIDADE: &str = "SELECT u.id, u.nome, u.tipo, u.comissao_id, u.ativa,
       (SELECT count(*) FROM app.unidade_usuario x
         WHERE x.tenant_id = u.tenant_id AND x.unidade_id = u.id) AS usuarios
  FROM app.unidade u";

/// The kinds an administrator may give a unidade (comissões come from the comissões).
pub fn tipos_editaveis() -> Vec<TipoUnidade> {
    TipoUnidade::ALL
        .iter()
        .copied()
        .filter(|t| *t != TipoUnidade::Comissao)
        .collect()
}

/// What an administrator fills in for a unidade that is not a comissão.
#[derive(Debug, Clone)]
pub struct DadosUnidade {
    pub nome: String,
    pub tipo: String,
    pub ativa: bool,
}

impl DadosUnidade {
    fn validar(&self) -> Result<TipoUnidade> {
        match TipoUnidade::parse(&self.tipo) {
            Some(TipoUnidade::Comissao) => Err(invalido(
                "tipo",
                "As unidades das comissões são criadas com a comissão, em Comissões.",
            )),
            Some(t) => Ok(t),
            None => Err(invalido("tipo", "Escolha o tipo da unidade.")),
        }
    }
}

/// One page of unidades by name (inactive ones too, when `todas`), and the total.
pub async fn listar(
    tx: &mut TenantTx,
    todas: bool,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<Unidade>, i64)> {
    let tenant = tx.tenant_id();
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.unidade WHERE tenant_id = $1 AND ($2 OR ativa)",
    )
    .bind(tenant)
    .bind(todas)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{UNIDADE} WHERE u.tenant_id = $1 AND ($2 OR u.ativa)
          ORDER BY u.comissao_id IS NOT NULL, u.nome, u.id LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(todas)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// The active unidades, for the forms' choices.
pub async fn ativas(tx: &mut TenantTx) -> Result<Vec<Unidade>> {
    Ok(listar(tx, false, 1000, 0).await?.0)
}

pub async fn por_id(tx: &mut TenantTx, id: Uuid) -> Result<Option<Unidade>> {
    tx.linha(
        sqlx::AssertSqlSafe(format!("{UNIDADE} WHERE u.tenant_id = $1 AND u.id = $2")),
        id,
    )
    .await
}

/// The unidade, or a refusal on `campo` when it does not exist here.
pub(crate) async fn exigir(tx: &mut TenantTx, id: Uuid, campo: &'static str) -> Result<Unidade> {
    por_id(tx, id)
        .await?
        .ok_or_else(|| invalido(campo, "Unidade inexistente nesta câmara."))
}

pub async fn criar(tx: &mut TenantTx, autor: &Autor, d: &DadosUnidade) -> Result<Unidade> {
    let tipo = d.validar()?;
    let tenant = tx.tenant_id();
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO app.unidade (tenant_id, id, nome, tipo, ativa) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(d.nome.trim())
    .bind(tipo.as_str())
    .bind(d.ativa)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let u = exigir(tx, id, "dados").await?;
    auditoria::mudanca(tx, autor, "unidade", id, "criar", None, json(&u)).await?;
    Ok(u)
}

pub async fn editar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosUnidade,
) -> Result<Unidade> {
    let antes = por_id(tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("Unidade não encontrada.".into()))?;
    if antes.da_comissao() {
        return Err(Error::Conflict(
            "A unidade de uma comissão segue a comissão: altere-a em Comissões.".into(),
        ));
    }
    let tipo = d.validar()?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.unidade SET nome = $3, tipo = $4, ativa = $5 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.nome.trim())
    .bind(tipo.as_str())
    .bind(d.ativa)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = exigir(tx, id, "dados").await?;
    auditoria::mudanca(
        tx,
        autor,
        "unidade",
        id,
        "editar",
        json(&antes),
        json(&depois),
    )
    .await?;
    Ok(depois)
}

/// A user working in a unidade.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct UsuarioDaUnidade {
    /// The link's id (to remove it).
    pub id: Uuid,
    pub usuario_id: Uuid,
    pub nome: String,
    pub email: String,
    pub ativo: bool,
}

pub async fn usuarios(tx: &mut TenantTx, unidade_id: Uuid) -> Result<Vec<UsuarioDaUnidade>> {
    tx.linhas(
        "SELECT x.id, u.id AS usuario_id, u.nome, u.email, u.ativo
           FROM app.unidade_usuario x
           JOIN app.usuario u ON u.tenant_id = x.tenant_id AND u.id = x.usuario_id
          WHERE x.tenant_id = $1 AND x.unidade_id = $2
          ORDER BY u.nome, x.id",
        unidade_id,
    )
    .await
}

/// The ids of the unidades `usuario_id` works in.
pub async fn do_usuario(tx: &mut TenantTx, usuario_id: Uuid) -> Result<Vec<Uuid>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar(
        "SELECT unidade_id FROM app.unidade_usuario WHERE tenant_id = $1 AND usuario_id = $2",
    )
    .bind(tenant)
    .bind(usuario_id)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn vincular(
    tx: &mut TenantTx,
    autor: &Autor,
    unidade_id: Uuid,
    usuario_id: Uuid,
) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.unidade_usuario (tenant_id, id, unidade_id, usuario_id)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(tenant)
    .bind(id)
    .bind(unidade_id)
    .bind(usuario_id)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = serde_json::json!({ "unidade_id": unidade_id, "usuario_id": usuario_id });
    auditoria::mudanca(
        tx,
        autor,
        "unidade_usuario",
        id,
        "criar",
        None,
        Some(depois),
    )
    .await?;
    Ok(id)
}

/// Removes a link; gives the unidade it was of.
pub async fn desvincular(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<Uuid> {
    let tenant = tx.tenant_id();
    let unidade: Option<(Uuid, Uuid)> = sqlx::query_as(
        "SELECT unidade_id, usuario_id FROM app.unidade_usuario WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some((unidade_id, usuario_id)) = unidade else {
        return Err(Error::NotFound("Vínculo não encontrado.".into()));
    };
    let antes = serde_json::json!({ "unidade_id": unidade_id, "usuario_id": usuario_id });
    auditoria::apagar(tx, autor, "unidade_usuario", id, "excluir", Some(antes)).await?;
    Ok(unidade_id)
}

/// A link between a unidade and a user: the unidade's id and the user's name.
pub async fn vinculo(tx: &mut TenantTx, id: Uuid) -> Result<Option<(Uuid, String)>> {
    tx.linha(
        "SELECT x.unidade_id, u.nome FROM app.unidade_usuario x
           JOIN app.usuario u ON u.tenant_id = x.tenant_id AND u.id = x.usuario_id
          WHERE x.tenant_id = $1 AND x.id = $2",
        id,
    )
    .await
}
