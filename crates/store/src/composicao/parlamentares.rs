//! Parlamentares: who they are, their gabinete, the admin list.

use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use super::*;
use crate::auditoria::Autor;
use crate::{Error, Result, TenantTx};

/// What an administrator fills in (validated by the database's checks and here).
#[derive(Debug, Clone, Default)]
pub struct NovoParlamentar {
    pub nome_civil: String,
    pub nome_parlamentar: String,
    pub biografia: String,
    pub email: String,
    pub telefone: String,
    pub cpf: Option<String>,
}

/// Every field of a parlamentar the admin edits.
#[derive(Debug, Clone, Default)]
pub struct DadosParlamentar {
    pub nome_civil: String,
    pub nome_parlamentar: String,
    /// Markdown.
    pub biografia: String,
    pub email: String,
    pub telefone: String,
    /// `None`: leave as it is (on edit) or none (on create); `Some("")`: remove;
    /// otherwise a CPF with or without punctuation, check digits verified.
    pub cpf: Option<String>,
    pub gabinete_sala: String,
    pub gabinete_telefone: String,
    /// `"feminino"`, `"masculino"` or `""` (not informed); anything else is refused by the
    /// table (`parlamentar_genero_check`).
    pub genero: String,
}

impl DadosParlamentar {
    /// Every problem at once (field, message), so the form can show each next to its input.
    /// Every problem the tables do not check, at once (`domain::composicao::validar_contatos`),
    /// so the form can show each next to its input; the lengths are the tables' checks.
    pub fn validar(&self) -> std::result::Result<(), Vec<domain::ValidationError>> {
        let erros = domain::composicao::validar_contatos(&domain::composicao::Contatos {
            nome_parlamentar: &self.nome_parlamentar,
            email: &self.email,
            telefone: &self.telefone,
            gabinete_telefone: &self.gabinete_telefone,
            cpf: self.cpf.as_deref(),
        });
        if erros.is_empty() { Ok(()) } else { Err(erros) }
    }

    fn primeiro_erro(&self) -> Result<()> {
        self.validar()
            .map_err(|mut v| Error::Validation(v.swap_remove(0)))
    }

    fn email(&self) -> String {
        let e = self.email.trim();
        domain::auth::parse_email(e).unwrap_or_else(|_| e.to_owned())
    }

    fn genero(&self) -> Option<&str> {
        Some(self.genero.trim()).filter(|g| !g.is_empty())
    }
}

/// Creates a parlamentar (the demo, the fixtures); as [`criar_parlamentar_dados`].
pub async fn criar_parlamentar(
    tx: &mut TenantTx,
    autor: &Autor,
    p: &NovoParlamentar,
) -> Result<(Uuid, String)> {
    let d = DadosParlamentar {
        nome_civil: p.nome_civil.clone(),
        nome_parlamentar: p.nome_parlamentar.clone(),
        biografia: p.biografia.clone(),
        email: p.email.clone(),
        telefone: p.telefone.clone(),
        cpf: p.cpf.clone(),
        ..Default::default()
    };
    criar_parlamentar_dados(tx, autor, &d).await
}

/// Creates a parlamentar from the admin's form; returns its id and slug (from the nome
/// parlamentar).
pub async fn criar_parlamentar_dados(
    tx: &mut TenantTx,
    autor: &Autor,
    d: &DadosParlamentar,
) -> Result<(Uuid, String)> {
    d.primeiro_erro()?;
    inserir_parlamentar(tx, autor, d).await
}

async fn inserir_parlamentar(
    tx: &mut TenantTx,
    autor: &Autor,
    d: &DadosParlamentar,
) -> Result<(Uuid, String)> {
    let slug = domain::slugify(&d.nome_parlamentar);
    let cpf = match d.cpf.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(domain::documentos::validar_cpf(c)?),
        None => None,
    };
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.parlamentar (tenant_id, id, nome_civil, nome_parlamentar, slug, biografia, email,
                                      telefone, cpf, gabinete_sala, gabinete_telefone, genero)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.nome_civil.trim())
    .bind(d.nome_parlamentar.trim())
    .bind(&slug)
    .bind(&d.biografia)
    .bind(d.email())
    .bind(d.telefone.trim())
    .bind(cpf)
    .bind(d.gabinete_sala.trim())
    .bind(d.gabinete_telefone.trim())
    .bind(d.genero())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    // The audit log keeps the entity without its CPF.
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "criar",
        None,
        Some(serde_json::json!({ "nome_parlamentar": d.nome_parlamentar.trim(), "slug": slug })),
    )
    .await?;
    Ok((id, slug))
}

/// A parlamentar as the admin sees it (personal data included: admin only).
#[derive(Debug, Clone, FromRow)]
pub struct ParlamentarAdmin {
    pub id: Uuid,
    pub slug: String,
    pub nome_civil: String,
    pub nome_parlamentar: String,
    pub biografia: String,
    pub email: String,
    pub telefone: String,
    pub cpf: Option<String>,
    pub ativo: bool,
    pub foto_key: Option<String>,
    pub gabinete_sala: String,
    pub gabinete_telefone: String,
    /// `feminino`, `masculino`, or none (not informed).
    pub genero: Option<String>,
}

impl ParlamentarAdmin {
    /// The photo's public address, if there is one.
    pub fn foto(&self) -> Option<String> {
        self.foto_key.as_deref().map(|k| foto_url(&self.slug, k))
    }

    /// The entity for the audit log: never the CPF.
    fn auditavel(&self) -> serde_json::Value {
        serde_json::json!({
            "nome_civil": self.nome_civil, "nome_parlamentar": self.nome_parlamentar,
            "email": self.email, "telefone": self.telefone, "ativo": self.ativo,
            "gabinete_sala": self.gabinete_sala, "gabinete_telefone": self.gabinete_telefone,
            "genero": self.genero, "tem_cpf": self.cpf.is_some(),
        })
    }
}

/// `/parlamentares/<slug>/foto.jpg?v=<version>`: the version (the stored file's name)
/// changes with the photo, so the address can be cached for long.
pub fn foto_url(slug: &str, foto_key: &str) -> String {
    let versao = foto_key
        .rsplit('/')
        .next()
        .and_then(|f| f.split('.').next())
        .unwrap_or_default();
    format!("/parlamentares/{slug}/foto.jpg?v={versao}")
}

/// The same address, computed in SQL (`p` is the parlamentar).
pub(super) const FOTO_SQL: &str = "CASE WHEN p.foto_key IS NULL THEN NULL
    ELSE '/parlamentares/' || p.slug || '/foto.jpg?v=' || regexp_replace(p.foto_key, '^.*/([^/.]+)[.][a-z]+$', '\\1') END";

pub async fn parlamentar_admin(tx: &mut TenantTx, id: Uuid) -> Result<Option<ParlamentarAdmin>> {
    tx.linha(
        "SELECT id, slug, nome_civil, nome_parlamentar, biografia, email, telefone, cpf, ativo,
                foto_key, gabinete_sala, gabinete_telefone, genero
           FROM app.parlamentar WHERE tenant_id = $1 AND id = $2",
        id,
    )
    .await
}

/// Saves the admin's edits. The slug stays (public addresses do not break).
pub async fn editar_parlamentar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosParlamentar,
) -> Result<()> {
    d.primeiro_erro()?;
    let antes = parlamentar_admin(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Parlamentar"))?;
    let cpf = match d.cpf.as_deref().map(str::trim) {
        None => antes.cpf.clone(),
        Some("") => None,
        Some(c) => Some(domain::documentos::validar_cpf(c)?),
    };
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.parlamentar SET nome_civil = $3, nome_parlamentar = $4, biografia = $5, email = $6,
                telefone = $7, cpf = $8, gabinete_sala = $9, gabinete_telefone = $10, genero = $11
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.nome_civil.trim())
    .bind(d.nome_parlamentar.trim())
    .bind(&d.biografia)
    .bind(d.email())
    .bind(d.telefone.trim())
    .bind(cpf)
    .bind(d.gabinete_sala.trim())
    .bind(d.gabinete_telefone.trim())
    .bind(d.genero())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    let depois = parlamentar_admin(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Parlamentar"))?;
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "editar",
        Some(antes.auditavel()),
        Some(depois.auditavel()),
    )
    .await
}

/// Sets only the gabinete (sala and telefone), audited.
pub async fn definir_gabinete(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    sala: &str,
    telefone: &str,
) -> Result<()> {
    domain::composicao::telefone_do_gabinete(telefone)?;
    let tenant = tx.tenant_id();
    let n = sqlx::query(
        "UPDATE app.parlamentar SET gabinete_sala = $3, gabinete_telefone = $4 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(sala.trim())
    .bind(telefone.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?
    .rows_affected();
    if n == 0 {
        return Err(nao_encontrado("Parlamentar"));
    }
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "alterar_gabinete",
        None,
        Some(serde_json::json!({ "gabinete_sala": sala.trim(), "gabinete_telefone": telefone.trim() })),
    )
    .await
}

/// Deactivates or reactivates (a parlamentar with mandatos is never deleted, only
/// deactivated; inactive ones leave the public lists).
pub async fn definir_ativo_parlamentar(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    ativo: bool,
) -> Result<()> {
    let tenant = tx.tenant_id();
    let n = sqlx::query("UPDATE app.parlamentar SET ativo = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(ativo)
        .execute(tx.conn())
        .await?
        .rows_affected();
    if n == 0 {
        return Err(nao_encontrado("Parlamentar"));
    }
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        if ativo { "reativar" } else { "desativar" },
        Some(serde_json::json!({ "ativo": !ativo })),
        Some(serde_json::json!({ "ativo": ativo })),
    )
    .await
}

/// Deletes a parlamentar registered by mistake. One with mandatos is refused (deactivate
/// it instead), as is one other records point at.
pub async fn excluir_parlamentar(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = parlamentar_admin(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Parlamentar"))?;
    let tenant = tx.tenant_id();
    let mandatos: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.mandato WHERE tenant_id = $1 AND parlamentar_id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    domain::composicao::exclusao_do_parlamentar(mandatos).map_err(|m| Error::Conflict(m.into()))?;
    crate::auditoria::apagar(
        tx,
        autor,
        "parlamentar",
        id,
        "excluir",
        Some(antes.auditavel()),
    )
    .await
}

/// The admin list's filters.
#[derive(Debug, Clone, Default)]
pub struct FiltroParlamentares {
    /// Part of the nome parlamentar or civil (accents and case aside).
    pub busca: Option<String>,
    pub ativo: Option<bool>,
    /// Only those with a mandato in this legislatura.
    pub legislatura: Option<Uuid>,
}

/// A row of the admin list.
#[derive(Debug, Clone, FromRow)]
pub struct ParlamentarLinha {
    pub id: Uuid,
    pub slug: String,
    pub nome_parlamentar: String,
    pub nome_civil: String,
    pub ativo: bool,
    /// Partido today.
    pub partido: Option<String>,
    pub mandatos: i64,
    pub foto: Option<String>,
}

/// The admin list, by name, a page at a time; and the total matching.
pub async fn listar_admin(
    tx: &mut TenantTx,
    f: &FiltroParlamentares,
    dia: Date,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<ParlamentarLinha>, i64)> {
    let tenant = tx.tenant_id();
    let (like, slug) = match f.busca.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => (
            Some(format!("%{}%", b.replace(['%', '_'], ""))),
            Some(format!("%{}%", domain::slugify(b))),
        ),
        None => (None, None),
    };
    const ONDE: &str = "p.tenant_id = $1
        AND ($2::text IS NULL OR p.nome_parlamentar ILIKE $2 OR p.nome_civil ILIKE $2 OR p.slug LIKE $3)
        AND ($4::bool IS NULL OR p.ativo = $4)
        AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM app.mandato m WHERE m.tenant_id = p.tenant_id
                                          AND m.parlamentar_id = p.id AND m.legislatura_id = $5))";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.parlamentar p WHERE {ONDE}"
    )))
    .bind(tenant)
    .bind(&like)
    .bind(&slug)
    .bind(f.ativo)
    .bind(f.legislatura)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT p.id, p.slug, p.nome_parlamentar, p.nome_civil, p.ativo,
                (SELECT pa.sigla FROM app.filiacao fi JOIN app.partido pa ON pa.tenant_id = fi.tenant_id AND pa.id = fi.partido_id
                  WHERE fi.tenant_id = p.tenant_id AND fi.parlamentar_id = p.id AND daterange(fi.inicio, fi.fim, '[)') @> $6::date
                  LIMIT 1) AS partido,
                (SELECT count(*) FROM app.mandato m WHERE m.tenant_id = p.tenant_id AND m.parlamentar_id = p.id) AS mandatos,
                {FOTO_SQL} AS foto
           FROM app.parlamentar p WHERE {ONDE}
          ORDER BY p.nome_parlamentar, p.id LIMIT $7 OFFSET $8"
    )))
    .bind(tenant)
    .bind(&like)
    .bind(&slug)
    .bind(f.ativo)
    .bind(f.legislatura)
    .bind(dia)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// Every parlamentar of the câmara, by name (for choosing one in a form).
pub async fn opcoes(tx: &mut TenantTx) -> Result<Vec<(Uuid, String)>> {
    tx.todas("SELECT id, nome_parlamentar FROM app.parlamentar WHERE tenant_id = $1 ORDER BY nome_parlamentar").await
}
