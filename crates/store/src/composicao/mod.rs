//! The câmara's composition: legislaturas, partidos, parlamentares, mandatos, filiações.

pub mod pagina_publica;

use serde::Serialize;
use sqlx::FromRow;
use time::Date;
use uuid::Uuid;

use crate::auditoria::{self, Autor};
use crate::error::invalido;
use crate::{Error, Result, TenantTx};

/// Appends one audit entry (no personal data in `depois`: never the CPF).
async fn auditar(
    tx: &mut TenantTx,
    autor: &Autor,
    entidade: &str,
    id: Uuid,
    acao: &str,
    antes: Option<serde_json::Value>,
    depois: Option<serde_json::Value>,
) -> Result<()> {
    auditoria::registrar(
        tx,
        autor,
        entidade,
        Some(&id.to_string()),
        acao,
        antes,
        depois,
    )
    .await
}

fn nao_encontrado(o: &str) -> Error {
    Error::NotFound(format!("{o} não encontrado."))
}

// ---------------------------------------------------------------- legislaturas

#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Legislatura {
    pub id: Uuid,
    pub numero: i32,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
}

/// Dates leave the system as ISO 8601 (`2025-01-01`), in JSON and CSV alike.
pub fn data_iso<S: serde::Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format!(
        "{:04}-{:02}-{:02}",
        d.year(),
        u8::from(d.month()),
        d.day()
    ))
}

/// An optional date as ISO 8601, or empty.
pub fn data_iso_opt<S: serde::Serializer>(
    d: &Option<Date>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => data_iso(d, s),
        None => s.serialize_none(),
    }
}

fn checar_periodo(inicio: Date, fim: Date) -> Result<()> {
    if fim <= inicio {
        return Err(invalido("fim", "O fim deve ser posterior ao início."));
    }
    Ok(())
}

pub async fn criar_legislatura(
    tx: &mut TenantTx,
    autor: &Autor,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<Legislatura> {
    if numero <= 0 {
        return Err(invalido(
            "numero",
            "O número da legislatura deve ser positivo.",
        ));
    }
    checar_periodo(inicio, fim)?;
    let tenant = tx.tenant_id();
    let l: Legislatura = sqlx::query_as(
        "INSERT INTO app.legislatura (tenant_id, id, numero, inicio, fim) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "legislatura",
        l.id,
        "criar",
        None,
        serde_json::to_value(&l).ok(),
    )
    .await?;
    Ok(l)
}

pub async fn legislatura(tx: &mut TenantTx, id: Uuid) -> Result<Option<Legislatura>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn legislatura_por_numero(tx: &mut TenantTx, numero: i32) -> Result<Option<Legislatura>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1 AND numero = $2",
    )
    .bind(tenant)
    .bind(numero)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn editar_legislatura(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<Legislatura> {
    if numero <= 0 {
        return Err(invalido(
            "numero",
            "O número da legislatura deve ser positivo.",
        ));
    }
    checar_periodo(inicio, fim)?;
    let antes = legislatura(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Legislatura"))?;
    let tenant = tx.tenant_id();
    let l: Legislatura = sqlx::query_as(
        "UPDATE app.legislatura SET numero = $3, inicio = $4, fim = $5 WHERE tenant_id = $1 AND id = $2
         RETURNING id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(id)
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    // Its sessões legislativas must still lie inside it.
    let fora: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM app.sessao_legislativa WHERE tenant_id = $1 AND legislatura_id = $2
                          AND (inicio < $3 OR fim > $4))",
    )
    .bind(tenant)
    .bind(id)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await?;
    if fora {
        return Err(invalido(
            "inicio",
            "Há sessões legislativas fora do novo período; ajuste-as antes.",
        ));
    }
    auditar(
        tx,
        autor,
        "legislatura",
        id,
        "editar",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&l).ok(),
    )
    .await?;
    Ok(l)
}

/// Deletes an empty legislatura (its sessões legislativas go with it). One with mandatos
/// is refused.
pub async fn excluir_legislatura(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = legislatura(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Legislatura"))?;
    let tenant = tx.tenant_id();
    let mandatos: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.mandato WHERE tenant_id = $1 AND legislatura_id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    if mandatos > 0 {
        return Err(Error::Conflict(format!(
            "A legislatura tem {mandatos} mandato(s) e não pode ser excluída."
        )));
    }
    sqlx::query("DELETE FROM app.legislatura WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "legislatura",
        id,
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

/// A legislatura in the admin list, with what hangs from it.
#[derive(Debug, Clone, FromRow)]
pub struct LegislaturaResumo {
    pub id: Uuid,
    pub numero: i32,
    pub inicio: Date,
    pub fim: Date,
    pub mandatos: i64,
    pub sessoes: i64,
}

/// Every legislatura, newest first, with its counts.
pub async fn legislaturas_resumo(tx: &mut TenantTx) -> Result<Vec<LegislaturaResumo>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT l.id, l.numero, l.inicio, l.fim,
                (SELECT count(*) FROM app.mandato m WHERE m.tenant_id = l.tenant_id AND m.legislatura_id = l.id) AS mandatos,
                (SELECT count(*) FROM app.sessao_legislativa s WHERE s.tenant_id = l.tenant_id AND s.legislatura_id = l.id) AS sessoes
           FROM app.legislatura l WHERE l.tenant_id = $1 ORDER BY l.numero DESC",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

/// The legislatura in force on `dia`, or else the latest one.
pub async fn legislatura_atual(tx: &mut TenantTx, dia: Date) -> Result<Option<Legislatura>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, numero, inicio, fim FROM app.legislatura WHERE tenant_id = $1
          ORDER BY (daterange(inicio, fim, '[]') @> $2::date) DESC, inicio DESC LIMIT 1",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_optional(tx.conn())
    .await?)
}

/// Legislaturas by number, after `depois`.
pub async fn legislaturas(
    tx: &mut TenantTx,
    depois: Option<i32>,
    limite: i64,
) -> Result<Vec<Legislatura>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, numero, inicio, fim FROM app.legislatura
          WHERE tenant_id = $1 AND ($2::int IS NULL OR numero > $2) ORDER BY numero LIMIT $3",
    )
    .bind(tenant)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?)
}

// ---------------------------------------------------------------- sessões legislativas

/// A sessão legislativa: one yearly period of a legislatura.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct SessaoLegislativa {
    pub id: Uuid,
    pub legislatura_id: Uuid,
    pub numero: i32,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
}

pub async fn criar_sessao_legislativa(
    tx: &mut TenantTx,
    autor: &Autor,
    legislatura_id: Uuid,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<SessaoLegislativa> {
    if numero <= 0 {
        return Err(invalido(
            "numero",
            "O número da sessão legislativa deve ser positivo.",
        ));
    }
    checar_periodo(inicio, fim)?;
    let tenant = tx.tenant_id();
    let s: SessaoLegislativa = sqlx::query_as(
        "INSERT INTO app.sessao_legislativa (tenant_id, id, legislatura_id, numero, inicio, fim)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, legislatura_id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(Uuid::now_v7())
    .bind(legislatura_id)
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "sessao_legislativa",
        s.id,
        "criar",
        None,
        serde_json::to_value(&s).ok(),
    )
    .await?;
    Ok(s)
}

pub async fn sessao_legislativa(tx: &mut TenantTx, id: Uuid) -> Result<Option<SessaoLegislativa>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn editar_sessao_legislativa(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    numero: i32,
    inicio: Date,
    fim: Date,
) -> Result<SessaoLegislativa> {
    if numero <= 0 {
        return Err(invalido(
            "numero",
            "O número da sessão legislativa deve ser positivo.",
        ));
    }
    checar_periodo(inicio, fim)?;
    let antes = sessao_legislativa(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Sessão legislativa"))?;
    let tenant = tx.tenant_id();
    let s: SessaoLegislativa = sqlx::query_as(
        "UPDATE app.sessao_legislativa SET numero = $3, inicio = $4, fim = $5
          WHERE tenant_id = $1 AND id = $2
         RETURNING id, legislatura_id, numero, inicio, fim",
    )
    .bind(tenant)
    .bind(id)
    .bind(numero)
    .bind(inicio)
    .bind(fim)
    .fetch_one(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "sessao_legislativa",
        id,
        "editar",
        serde_json::to_value(&antes).ok(),
        serde_json::to_value(&s).ok(),
    )
    .await?;
    Ok(s)
}

/// Deletes a sessão legislativa nothing else hangs from (mesa, sessões plenárias refuse it).
pub async fn excluir_sessao_legislativa(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = sessao_legislativa(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Sessão legislativa"))?;
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.sessao_legislativa WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "sessao_legislativa",
        id,
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

/// The sessões legislativas of one legislatura, oldest first.
pub async fn sessoes_legislativas(
    tx: &mut TenantTx,
    legislatura_id: Uuid,
) -> Result<Vec<SessaoLegislativa>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND legislatura_id = $2 ORDER BY inicio",
    )
    .bind(tenant)
    .bind(legislatura_id)
    .fetch_all(tx.conn())
    .await?)
}

/// The sessão legislativa that contains `dia`, if any.
pub async fn sessao_legislativa_em(
    tx: &mut TenantTx,
    dia: Date,
) -> Result<Option<SessaoLegislativa>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, legislatura_id, numero, inicio, fim FROM app.sessao_legislativa
          WHERE tenant_id = $1 AND daterange(inicio, fim, '[]') @> $2::date",
    )
    .bind(tenant)
    .bind(dia)
    .fetch_optional(tx.conn())
    .await?)
}

// ---------------------------------------------------------------- partidos

/// A partido as the open data shows it (`/api/v1/partidos`).
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Partido {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub numero: Option<i32>,
    /// The logo's public address, if one was uploaded.
    pub logo: Option<String>,
}

const PARTIDO: &str = "id, sigla, nome, numero,
    CASE WHEN logo_key IS NULL THEN NULL
         ELSE '/partidos/' || id || '/logo.png?v=' || regexp_replace(logo_key, '^.*/([^/.]+)[.][a-z]+$', '\\1') END AS logo";

fn checar_partido(sigla: &str, nome: &str, numero: Option<i32>) -> Result<()> {
    let n = sigla.trim().chars().count();
    if !(2..=20).contains(&n) {
        return Err(invalido("sigla", "A sigla deve ter de 2 a 20 caracteres."));
    }
    if !(3..=200).contains(&nome.trim().chars().count()) {
        return Err(invalido(
            "nome",
            "O nome do partido deve ter de 3 a 200 caracteres.",
        ));
    }
    if numero.is_some_and(|n| !(10..=99).contains(&n)) {
        return Err(invalido(
            "numero",
            "O número eleitoral do partido vai de 10 a 99.",
        ));
    }
    Ok(())
}

pub async fn criar_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    sigla: &str,
    nome: &str,
    numero: Option<i32>,
) -> Result<Uuid> {
    checar_partido(sigla, nome, numero)?;
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.partido (tenant_id, id, sigla, nome, numero) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant)
    .bind(id)
    .bind(sigla.trim())
    .bind(nome.trim())
    .bind(numero)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "partido",
        id,
        "criar",
        None,
        Some(serde_json::json!({ "sigla": sigla.trim(), "nome": nome.trim(), "numero": numero })),
    )
    .await?;
    Ok(id)
}

pub async fn partido(tx: &mut TenantTx, id: Uuid) -> Result<Option<Partido>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PARTIDO} FROM app.partido WHERE tenant_id = $1 AND id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn editar_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    sigla: &str,
    nome: &str,
    numero: Option<i32>,
) -> Result<()> {
    checar_partido(sigla, nome, numero)?;
    let antes = partido(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Partido"))?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.partido SET sigla = $3, nome = $4, numero = $5 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(sigla.trim())
        .bind(nome.trim())
        .bind(numero)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "partido",
        id,
        "editar",
        serde_json::to_value(&antes).ok(),
        Some(serde_json::json!({ "sigla": sigla.trim(), "nome": nome.trim(), "numero": numero })),
    )
    .await
}

/// Deletes a partido nobody was ever filiated to.
pub async fn excluir_partido(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = partido(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Partido"))?;
    let tenant = tx.tenant_id();
    let filiacoes: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.filiacao WHERE tenant_id = $1 AND partido_id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    if filiacoes > 0 {
        return Err(Error::Conflict(format!(
            "O partido tem {filiacoes} filiação(ões) registrada(s) e não pode ser excluído."
        )));
    }
    sqlx::query("DELETE FROM app.partido WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "partido",
        id,
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

/// A partido in the admin list.
#[derive(Debug, Clone, FromRow)]
pub struct PartidoResumo {
    pub id: Uuid,
    pub sigla: String,
    pub nome: String,
    pub numero: Option<i32>,
    pub logo: Option<String>,
    /// Filiações in force today.
    pub filiados: i64,
    pub filiacoes: i64,
}

/// Partidos by sigla, matching `busca` (sigla or name), a page at a time; and the total.
pub async fn partidos_admin(
    tx: &mut TenantTx,
    busca: Option<&str>,
    limite: i64,
    deslocamento: i64,
) -> Result<(Vec<PartidoResumo>, i64)> {
    let tenant = tx.tenant_id();
    let termo = busca
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| format!("%{}%", b.replace(['%', '_'], "")));
    let total: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.partido WHERE tenant_id = $1
           AND ($2::text IS NULL OR sigla ILIKE $2 OR nome ILIKE $2)",
    )
    .bind(tenant)
    .bind(&termo)
    .fetch_one(tx.conn())
    .await?;
    let lista = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PARTIDO},
                (SELECT count(*) FROM app.filiacao f WHERE f.tenant_id = partido.tenant_id AND f.partido_id = partido.id
                    AND (f.fim IS NULL OR f.fim > current_date)) AS filiados,
                (SELECT count(*) FROM app.filiacao f WHERE f.tenant_id = partido.tenant_id AND f.partido_id = partido.id) AS filiacoes
           FROM app.partido WHERE tenant_id = $1
            AND ($2::text IS NULL OR sigla ILIKE $2 OR nome ILIKE $2)
          ORDER BY sigla LIMIT $3 OFFSET $4"
    )))
    .bind(tenant)
    .bind(&termo)
    .bind(limite)
    .bind(deslocamento)
    .fetch_all(tx.conn())
    .await?;
    Ok((lista, total))
}

/// Partidos by sigla, after `depois`.
pub async fn partidos(
    tx: &mut TenantTx,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<Partido>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PARTIDO} FROM app.partido
          WHERE tenant_id = $1 AND ($2::text IS NULL OR sigla > $2) ORDER BY sigla LIMIT $3"
    )))
    .bind(tenant)
    .bind(depois)
    .bind(limite)
    .fetch_all(tx.conn())
    .await?)
}

/// The partido with this sigla (case aside), for the API's `?partido=` filter.
pub async fn partido_por_sigla(tx: &mut TenantTx, sigla: &str) -> Result<Option<Partido>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PARTIDO} FROM app.partido WHERE tenant_id = $1 AND lower(sigla) = lower($2)"
    )))
    .bind(tenant)
    .bind(sigla)
    .fetch_optional(tx.conn())
    .await?)
}

/// The partido's logo: PNG (keeps transparency), at most 400 px, uploads up to 2 MB.
pub const LOGO: crate::infra::arquivos::Imagem = crate::infra::arquivos::Imagem {
    campo: "logo",
    nome: "do logotipo",
    max_bytes: 2 * 1024 * 1024,
    max_lado: 400,
    saida: crate::infra::arquivos::Saida::Png,
};

/// Stores an already processed logo (see [`LOGO`]) and points the partido at it.
pub async fn definir_logo_partido(
    tx: &mut TenantTx,
    autor: &Autor,
    arquivos: &crate::infra::arquivos::Arquivos,
    id: Uuid,
    png: Vec<u8>,
) -> Result<String> {
    let antes = logo_key(tx, id).await?;
    let tenant = tx.tenant_id();
    let key = arquivos.guardar(tenant, "partidos", "png", png).await?;
    let n = sqlx::query("UPDATE app.partido SET logo_key = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(&key)
        .execute(tx.conn())
        .await?
        .rows_affected();
    if n == 0 {
        return Err(nao_encontrado("Partido"));
    }
    auditar(
        tx,
        autor,
        "partido",
        id,
        "alterar_logo",
        Some(serde_json::json!({ "logo_key": antes })),
        Some(serde_json::json!({ "logo_key": key })),
    )
    .await?;
    Ok(key)
}

pub async fn remover_logo_partido(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = logo_key(tx, id).await?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.partido SET logo_key = NULL WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "partido",
        id,
        "remover_logo",
        Some(serde_json::json!({ "logo_key": antes })),
        None,
    )
    .await
}

/// The storage key of a partido's logo.
pub async fn logo_key(tx: &mut TenantTx, id: Uuid) -> Result<Option<String>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT logo_key FROM app.partido WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .flatten())
}

// ---------------------------------------------------------------- parlamentares

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
}

impl DadosParlamentar {
    /// Every problem at once (field, message), so the form can show each next to its input.
    pub fn validar(&self) -> std::result::Result<(), Vec<domain::ValidationError>> {
        use domain::ValidationError as V;
        let mut erros = Vec::new();
        if !(3..=200).contains(&self.nome_civil.trim().chars().count()) {
            erros.push(V::new(
                "nome_civil",
                "O nome civil deve ter de 3 a 200 caracteres.",
            ));
        }
        let np = self.nome_parlamentar.trim().chars().count();
        if !(2..=100).contains(&np) || domain::slugify(&self.nome_parlamentar).is_empty() {
            erros.push(V::new(
                "nome_parlamentar",
                "Informe o nome parlamentar (de 2 a 100 caracteres).",
            ));
        }
        if !self.email.trim().is_empty() && domain::auth::parse_email(&self.email).is_err() {
            erros.push(V::new("email", "E-mail inválido."));
        }
        if !self.telefone.trim().is_empty()
            && !domain::documentos::telefone_valido(self.telefone.trim())
        {
            erros.push(V::new(
                "telefone",
                "Telefone inválido. Use o formato (81) 3429-0000.",
            ));
        }
        if !self.gabinete_telefone.trim().is_empty()
            && !domain::documentos::telefone_valido(self.gabinete_telefone.trim())
        {
            erros.push(V::new(
                "gabinete_telefone",
                "Telefone do gabinete inválido. Use o formato (81) 3429-0000.",
            ));
        }
        if self.gabinete_sala.trim().chars().count() > 100 {
            erros.push(V::new(
                "gabinete_sala",
                "A sala do gabinete tem no máximo 100 caracteres.",
            ));
        }
        if let Some(c) = self.cpf.as_deref().map(str::trim).filter(|c| !c.is_empty())
            && let Err(e) = domain::documentos::validar_cpf(c)
        {
            erros.push(e);
        }
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
}

pub async fn criar_parlamentar(
    tx: &mut TenantTx,
    autor: &Autor,
    p: &NovoParlamentar,
) -> Result<(Uuid, String)> {
    if domain::slugify(&p.nome_parlamentar).is_empty() {
        return Err(invalido("nome_parlamentar", "Informe o nome parlamentar."));
    }
    let cpf = p.cpf.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if let Some(c) = cpf {
        domain::documentos::validar_cpf(c)?;
    }
    let d = DadosParlamentar {
        nome_civil: p.nome_civil.clone(),
        nome_parlamentar: p.nome_parlamentar.clone(),
        biografia: p.biografia.clone(),
        email: p.email.clone(),
        telefone: p.telefone.clone(),
        cpf: cpf.map(str::to_owned),
        ..Default::default()
    };
    inserir_parlamentar(tx, autor, &d).await
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
                                      telefone, cpf, gabinete_sala, gabinete_telefone)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
            "tem_cpf": self.cpf.is_some(),
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
const FOTO_SQL: &str = "CASE WHEN p.foto_key IS NULL THEN NULL
    ELSE '/parlamentares/' || p.slug || '/foto.jpg?v=' || regexp_replace(p.foto_key, '^.*/([^/.]+)[.][a-z]+$', '\\1') END";

pub async fn parlamentar_admin(tx: &mut TenantTx, id: Uuid) -> Result<Option<ParlamentarAdmin>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, slug, nome_civil, nome_parlamentar, biografia, email, telefone, cpf, ativo,
                foto_key, gabinete_sala, gabinete_telefone
           FROM app.parlamentar WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
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
                telefone = $7, cpf = $8, gabinete_sala = $9, gabinete_telefone = $10
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
    if sala.trim().chars().count() > 100 {
        return Err(invalido(
            "gabinete_sala",
            "A sala do gabinete tem no máximo 100 caracteres.",
        ));
    }
    if !telefone.trim().is_empty() && !domain::documentos::telefone_valido(telefone.trim()) {
        return Err(invalido(
            "gabinete_telefone",
            "Telefone do gabinete inválido. Use o formato (81) 3429-0000.",
        ));
    }
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
    if mandatos > 0 {
        return Err(Error::Conflict(
            "O parlamentar tem mandatos e não pode ser excluído; desative-o.".into(),
        ));
    }
    sqlx::query("DELETE FROM app.parlamentar WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "excluir",
        Some(antes.auditavel()),
        None,
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
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, nome_parlamentar FROM app.parlamentar WHERE tenant_id = $1 ORDER BY nome_parlamentar",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}

// ---------------------------------------------------------------- photo

/// The parlamentar's photo: JPEG, at most 600 px, uploads up to 5 MB.
pub const FOTO: crate::infra::arquivos::Imagem = crate::infra::arquivos::Imagem {
    campo: "foto",
    nome: "da foto",
    max_bytes: 5 * 1024 * 1024,
    max_lado: 600,
    saida: crate::infra::arquivos::Saida::Jpeg,
};

/// Checks and re-encodes an uploaded photo (see [`FOTO`]). CPU-bound: run it off the
/// async threads.
pub fn processar_foto(data: &[u8]) -> std::result::Result<Vec<u8>, domain::ValidationError> {
    crate::infra::arquivos::processar_imagem(data, &FOTO)
}

/// Stores an already processed photo and points the parlamentar at it; returns the key.
pub async fn definir_foto(
    tx: &mut TenantTx,
    autor: &Autor,
    arquivos: &crate::infra::arquivos::Arquivos,
    id: Uuid,
    jpeg: Vec<u8>,
) -> Result<String> {
    let antes = parlamentar_admin(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Parlamentar"))?;
    let tenant = tx.tenant_id();
    let key = arquivos
        .guardar(tenant, "parlamentares", "jpg", jpeg)
        .await?;
    sqlx::query("UPDATE app.parlamentar SET foto_key = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(&key)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "alterar_foto",
        Some(serde_json::json!({ "foto_key": antes.foto_key })),
        Some(serde_json::json!({ "foto_key": key })),
    )
    .await?;
    Ok(key)
}

pub async fn remover_foto(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = parlamentar_admin(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Parlamentar"))?;
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.parlamentar SET foto_key = NULL WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "parlamentar",
        id,
        "remover_foto",
        Some(serde_json::json!({ "foto_key": antes.foto_key })),
        None,
    )
    .await
}

/// The storage key of the photo of the parlamentar at `slug` (active or not).
pub async fn foto_key_por_slug(tx: &mut TenantTx, slug: &str) -> Result<Option<String>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_scalar::<_, Option<String>>(
        "SELECT foto_key FROM app.parlamentar WHERE tenant_id = $1 AND slug = $2",
    )
    .bind(tenant)
    .bind(slug)
    .fetch_optional(tx.conn())
    .await?
    .flatten())
}

// ---------------------------------------------------------------- redes sociais

/// The networks a parlamentar's link may name, with their labels.
pub const REDES: &[(&str, &str)] = &[
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("youtube", "YouTube"),
    ("x", "X (Twitter)"),
    ("tiktok", "TikTok"),
    ("linkedin", "LinkedIn"),
    ("site", "Site"),
    ("outra", "Outra"),
];

pub fn rede_label(rede: &str) -> &'static str {
    REDES
        .iter()
        .find(|(r, _)| *r == rede)
        .map(|(_, l)| *l)
        .unwrap_or("Outra")
}

#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct RedeParlamentar {
    pub id: Uuid,
    pub rede: String,
    pub url: String,
}

impl RedeParlamentar {
    pub fn label(&self) -> &'static str {
        rede_label(&self.rede)
    }
}

pub async fn redes(tx: &mut TenantTx, parlamentar: Uuid) -> Result<Vec<RedeParlamentar>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(
        "SELECT id, rede, url FROM app.parlamentar_rede WHERE tenant_id = $1 AND parlamentar_id = $2
          ORDER BY ordem, rede, url",
    )
    .bind(tenant)
    .bind(parlamentar)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn adicionar_rede(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    rede: &str,
    url: &str,
) -> Result<Uuid> {
    let url = url.trim();
    if !REDES.iter().any(|(r, _)| *r == rede) {
        return Err(invalido("rede", "Escolha uma rede social da lista."));
    }
    if !url.starts_with("https://")
        || url.len() < 12
        || url.len() > 500
        || url.contains(char::is_whitespace)
    {
        return Err(invalido(
            "url",
            "O endereço deve começar com https:// (por exemplo, https://instagram.com/perfil).",
        ));
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.parlamentar_rede (tenant_id, id, parlamentar_id, rede, url, ordem)
         SELECT $1, $2, $3, $4, $5, coalesce(max(ordem), 0) + 1 FROM app.parlamentar_rede
          WHERE tenant_id = $1 AND parlamentar_id = $3",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(rede)
    .bind(url)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "parlamentar_rede",
        id,
        "criar",
        None,
        Some(serde_json::json!({ "parlamentar": parlamentar, "rede": rede, "url": url })),
    )
    .await?;
    Ok(id)
}

/// A link and the parlamentar it belongs to.
pub async fn rede(tx: &mut TenantTx, id: Uuid) -> Result<Option<(Uuid, RedeParlamentar)>> {
    let tenant = tx.tenant_id();
    let r: Option<(Uuid, Uuid, String, String)> = sqlx::query_as(
        "SELECT parlamentar_id, id, rede, url FROM app.parlamentar_rede WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    Ok(r.map(|(p, id, rede, url)| (p, RedeParlamentar { id, rede, url })))
}

pub async fn remover_rede(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let (p, r) = rede(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Rede social"))?;
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.parlamentar_rede WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "parlamentar_rede",
        id,
        "excluir",
        Some(serde_json::json!({ "parlamentar": p, "rede": r.rede, "url": r.url })),
        None,
    )
    .await
}

// ---------------------------------------------------------------- mandatos

/// A mandato must lie inside its legislatura.
async fn checar_mandato(
    tx: &mut TenantTx,
    legislatura_id: Uuid,
    inicio: Date,
    fim: Date,
) -> Result<()> {
    if fim < inicio {
        return Err(invalido(
            "fim",
            "O fim do mandato não pode ser anterior ao início.",
        ));
    }
    let l = legislatura(tx, legislatura_id)
        .await?
        .ok_or_else(|| invalido("legislatura", "Escolha uma legislatura."))?;
    if inicio < l.inicio || fim > l.fim {
        return Err(invalido(
            "inicio",
            "O mandato deve estar dentro do período da legislatura.",
        ));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn criar_mandato(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    legislatura: Uuid,
    titular: bool,
    votos: Option<i32>,
    inicio: Date,
    fim: Date,
) -> Result<Uuid> {
    checar_mandato(tx, legislatura, inicio, fim).await?;
    if votos.is_some_and(|v| v < 0) {
        return Err(invalido(
            "votos",
            "O número de votos não pode ser negativo.",
        ));
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.mandato (tenant_id, id, parlamentar_id, legislatura_id, tipo, votos, inicio, fim)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(legislatura)
    .bind(if titular { "titular" } else { "suplente" })
    .bind(votos)
    .bind(inicio)
    .bind(fim)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "mandato", id, "criar", None, Some(serde_json::json!({ "parlamentar": parlamentar, "legislatura": legislatura, "titular": titular, "votos": votos, "inicio": inicio, "fim": fim }))).await?;
    Ok(id)
}

/// A mandato, with its legislatura's number and its afastamentos.
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct Mandato {
    pub id: Uuid,
    pub parlamentar_id: Uuid,
    pub legislatura_id: Uuid,
    pub legislatura_numero: i32,
    /// `titular` or `suplente`.
    pub tipo: String,
    pub votos: Option<i32>,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso")]
    pub fim: Date,
    #[sqlx(skip)]
    pub afastamentos: Vec<Afastamento>,
}

impl Mandato {
    pub fn titular(&self) -> bool {
        self.tipo == "titular"
    }
}

const MANDATO: &str = "m.id, m.parlamentar_id, m.legislatura_id, l.numero AS legislatura_numero, m.tipo, m.votos, m.inicio, m.fim
    FROM app.mandato m JOIN app.legislatura l ON l.tenant_id = m.tenant_id AND l.id = m.legislatura_id";

pub async fn mandato(tx: &mut TenantTx, id: Uuid) -> Result<Option<Mandato>> {
    let tenant = tx.tenant_id();
    let m: Option<Mandato> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MANDATO} WHERE m.tenant_id = $1 AND m.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(mut m) = m else { return Ok(None) };
    m.afastamentos = afastamentos_do_mandato(tx, id).await?;
    Ok(Some(m))
}

/// A parlamentar's mandatos, newest first, each with its afastamentos.
pub async fn mandatos_de(tx: &mut TenantTx, parlamentar: Uuid) -> Result<Vec<Mandato>> {
    let tenant = tx.tenant_id();
    let mut lista: Vec<Mandato> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MANDATO} WHERE m.tenant_id = $1 AND m.parlamentar_id = $2 ORDER BY m.inicio DESC"
    )))
    .bind(tenant)
    .bind(parlamentar)
    .fetch_all(tx.conn())
    .await?;
    let todos: Vec<Afastamento> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {AFASTAMENTO} WHERE a.tenant_id = $1 AND m.parlamentar_id = $2 ORDER BY a.inicio"
    )))
    .bind(tenant)
    .bind(parlamentar)
    .fetch_all(tx.conn())
    .await?;
    for m in &mut lista {
        m.afastamentos = todos
            .iter()
            .filter(|a| a.mandato_id == m.id)
            .cloned()
            .collect();
    }
    Ok(lista)
}

/// What the mandato form edits.
#[derive(Debug, Clone)]
pub struct DadosMandato {
    pub legislatura: Uuid,
    pub titular: bool,
    pub votos: Option<i32>,
    pub inicio: Date,
    pub fim: Date,
}

pub async fn editar_mandato(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosMandato,
) -> Result<()> {
    let antes = mandato(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Mandato"))?;
    checar_mandato(tx, d.legislatura, d.inicio, d.fim).await?;
    if d.votos.is_some_and(|v| v < 0) {
        return Err(invalido(
            "votos",
            "O número de votos não pode ser negativo.",
        ));
    }
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.mandato SET legislatura_id = $3, tipo = $4, votos = $5, inicio = $6, fim = $7
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(d.legislatura)
    .bind(if d.titular { "titular" } else { "suplente" })
    .bind(d.votos)
    .bind(d.inicio)
    .bind(d.fim)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "mandato",
        id,
        "editar",
        serde_json::to_value(&antes).ok(),
        Some(serde_json::json!({ "legislatura": d.legislatura, "titular": d.titular, "votos": d.votos, "inicio": d.inicio, "fim": d.fim })),
    )
    .await
}

/// Ends a mandato early (renúncia, cassação, morte…) on `fim`.
pub async fn encerrar_mandato(tx: &mut TenantTx, autor: &Autor, id: Uuid, fim: Date) -> Result<()> {
    let m = mandato(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Mandato"))?;
    if fim < m.inicio || fim > m.fim {
        return Err(invalido(
            "fim",
            "A data de encerramento deve estar entre o início e o fim do mandato.",
        ));
    }
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.mandato SET fim = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(fim)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "mandato",
        id,
        "encerrar",
        Some(serde_json::json!({ "fim": m.fim })),
        Some(serde_json::json!({ "fim": fim })),
    )
    .await
}

/// Deletes a mandato registered by mistake (its afastamentos go with it).
pub async fn excluir_mandato(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = mandato(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Mandato"))?;
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.mandato WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "mandato",
        id,
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

// ---------------------------------------------------------------- afastamentos

/// The kinds of afastamento, with their labels.
pub const TIPOS_AFASTAMENTO: &[(&str, &str)] = &[
    ("licenca_saude", "Licença para tratamento de saúde"),
    (
        "licenca_particular",
        "Licença para tratar de interesse particular",
    ),
    ("cargo_executivo", "Investidura em cargo no Executivo"),
    ("outro", "Outro"),
];

pub fn tipo_afastamento_label(tipo: &str) -> &'static str {
    TIPOS_AFASTAMENTO
        .iter()
        .find(|(t, _)| *t == tipo)
        .map(|(_, l)| *l)
        .unwrap_or("Outro")
}

#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct Afastamento {
    pub id: Uuid,
    pub mandato_id: Uuid,
    pub tipo: String,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    #[serde(serialize_with = "data_iso_opt")]
    pub fim: Option<Date>,
    pub suplente_id: Option<Uuid>,
    pub suplente_nome: Option<String>,
    pub suplente_slug: Option<String>,
    pub observacao: String,
}

impl Afastamento {
    pub fn tipo_label(&self) -> &'static str {
        tipo_afastamento_label(&self.tipo)
    }
}

const AFASTAMENTO: &str = "a.id, a.mandato_id, a.tipo, a.inicio, a.fim, a.suplente_id,
        s.nome_parlamentar AS suplente_nome, s.slug AS suplente_slug, a.observacao
    FROM app.afastamento a
    JOIN app.mandato m ON m.tenant_id = a.tenant_id AND m.id = a.mandato_id
    LEFT JOIN app.parlamentar s ON s.tenant_id = a.tenant_id AND s.id = a.suplente_id";

async fn afastamentos_do_mandato(tx: &mut TenantTx, mandato: Uuid) -> Result<Vec<Afastamento>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {AFASTAMENTO} WHERE a.tenant_id = $1 AND a.mandato_id = $2 ORDER BY a.inicio"
    )))
    .bind(tenant)
    .bind(mandato)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn afastamento(tx: &mut TenantTx, id: Uuid) -> Result<Option<Afastamento>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {AFASTAMENTO} WHERE a.tenant_id = $1 AND a.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// What the afastamento form edits.
#[derive(Debug, Clone)]
pub struct DadosAfastamento {
    pub tipo: String,
    pub inicio: Date,
    pub fim: Option<Date>,
    pub suplente: Option<Uuid>,
    pub observacao: String,
}

fn checar_afastamento(d: &DadosAfastamento) -> Result<()> {
    if !TIPOS_AFASTAMENTO.iter().any(|(t, _)| *t == d.tipo) {
        return Err(invalido("tipo", "Escolha o tipo de afastamento."));
    }
    if d.fim.is_some_and(|f| f < d.inicio) {
        return Err(invalido(
            "fim",
            "O fim do afastamento não pode ser anterior ao início.",
        ));
    }
    if d.observacao.chars().count() > 2000 {
        return Err(invalido(
            "observacao",
            "A observação tem no máximo 2000 caracteres.",
        ));
    }
    Ok(())
}

pub async fn criar_afastamento(
    tx: &mut TenantTx,
    autor: &Autor,
    mandato: Uuid,
    d: &DadosAfastamento,
) -> Result<Uuid> {
    checar_afastamento(d)?;
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.afastamento (tenant_id, id, mandato_id, tipo, inicio, fim, suplente_id, observacao)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(id)
    .bind(mandato)
    .bind(&d.tipo)
    .bind(d.inicio)
    .bind(d.fim)
    .bind(d.suplente)
    .bind(d.observacao.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "afastamento", id, "criar", None, Some(serde_json::json!({ "mandato": mandato, "tipo": d.tipo, "inicio": d.inicio, "fim": d.fim, "suplente": d.suplente }))).await?;
    Ok(id)
}

pub async fn editar_afastamento(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    d: &DadosAfastamento,
) -> Result<()> {
    checar_afastamento(d)?;
    let antes = afastamento(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Afastamento"))?;
    let tenant = tx.tenant_id();
    sqlx::query(
        "UPDATE app.afastamento SET tipo = $3, inicio = $4, fim = $5, suplente_id = $6, observacao = $7
          WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant)
    .bind(id)
    .bind(&d.tipo)
    .bind(d.inicio)
    .bind(d.fim)
    .bind(d.suplente)
    .bind(d.observacao.trim())
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "afastamento", id, "editar", serde_json::to_value(&antes).ok(), Some(serde_json::json!({ "tipo": d.tipo, "inicio": d.inicio, "fim": d.fim, "suplente": d.suplente }))).await
}

pub async fn excluir_afastamento(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = afastamento(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Afastamento"))?;
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.afastamento WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "afastamento",
        id,
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

// ---------------------------------------------------------------- filiações

pub async fn filiar(
    tx: &mut TenantTx,
    autor: &Autor,
    parlamentar: Uuid,
    partido: Uuid,
    inicio: Date,
    fim: Option<Date>,
) -> Result<Uuid> {
    if fim.is_some_and(|f| f <= inicio) {
        return Err(invalido(
            "fim",
            "A data de desfiliação deve ser posterior à de filiação.",
        ));
    }
    let tenant = tx.tenant_id();
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app.filiacao (tenant_id, id, parlamentar_id, partido_id, inicio, fim) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant)
    .bind(id)
    .bind(parlamentar)
    .bind(partido)
    .bind(inicio)
    .bind(fim)
    .execute(tx.conn())
    .await
    .map_err(crate::infra::recusas::mapear)?;
    auditar(tx, autor, "filiacao", id, "criar", None, Some(serde_json::json!({ "parlamentar": parlamentar, "partido": partido, "inicio": inicio, "fim": fim }))).await?;
    Ok(id)
}

/// One filiação of a parlamentar's party history.
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct Filiacao {
    pub id: Uuid,
    pub parlamentar_id: Uuid,
    pub partido_id: Uuid,
    pub sigla: String,
    pub partido_nome: String,
    #[serde(serialize_with = "data_iso")]
    pub inicio: Date,
    /// The desfiliação (exclusive); none while it lasts.
    #[serde(serialize_with = "data_iso_opt")]
    pub fim: Option<Date>,
}

const FILIACAO: &str =
    "f.id, f.parlamentar_id, f.partido_id, pa.sigla, pa.nome AS partido_nome, f.inicio, f.fim
    FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id";

/// A parlamentar's party history, newest first.
pub async fn filiacoes_de(tx: &mut TenantTx, parlamentar: Uuid) -> Result<Vec<Filiacao>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FILIACAO} WHERE f.tenant_id = $1 AND f.parlamentar_id = $2 ORDER BY f.inicio DESC"
    )))
    .bind(tenant)
    .bind(parlamentar)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn filiacao(tx: &mut TenantTx, id: Uuid) -> Result<Option<Filiacao>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {FILIACAO} WHERE f.tenant_id = $1 AND f.id = $2"
    )))
    .bind(tenant)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Records the desfiliação of an open filiação on `fim`.
pub async fn encerrar_filiacao(
    tx: &mut TenantTx,
    autor: &Autor,
    id: Uuid,
    fim: Date,
) -> Result<()> {
    let f = filiacao(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Filiação"))?;
    if f.fim.is_some() {
        return Err(Error::Conflict("Esta filiação já está encerrada.".into()));
    }
    if fim <= f.inicio {
        return Err(invalido(
            "fim",
            "A data de desfiliação deve ser posterior à de filiação.",
        ));
    }
    let tenant = tx.tenant_id();
    sqlx::query("UPDATE app.filiacao SET fim = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .bind(fim)
        .execute(tx.conn())
        .await
        .map_err(crate::infra::recusas::mapear)?;
    auditar(
        tx,
        autor,
        "filiacao",
        id,
        "encerrar",
        Some(serde_json::json!({ "fim": null })),
        Some(serde_json::json!({ "fim": fim })),
    )
    .await
}

/// Deletes a filiação registered by mistake.
pub async fn excluir_filiacao(tx: &mut TenantTx, autor: &Autor, id: Uuid) -> Result<()> {
    let antes = filiacao(tx, id)
        .await?
        .ok_or_else(|| nao_encontrado("Filiação"))?;
    let tenant = tx.tenant_id();
    sqlx::query("DELETE FROM app.filiacao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .execute(tx.conn())
        .await?;
    auditar(
        tx,
        autor,
        "filiacao",
        id,
        "excluir",
        serde_json::to_value(&antes).ok(),
        None,
    )
    .await
}

// ---------------------------------------------------------------- public

/// A parlamentar as the public portal shows them (no personal data: never the CPF).
#[derive(Debug, Clone, FromRow, Serialize, serde::Deserialize)]
pub struct ParlamentarPublico {
    pub id: Uuid,
    pub slug: String,
    pub nome_parlamentar: String,
    pub nome_civil: String,
    pub partido: Option<String>,
    /// `titular` or `suplente` in the legislatura asked for.
    pub mandato: Option<String>,
    pub email: String,
    pub telefone: String,
    pub biografia: String,
    pub gabinete_sala: String,
    pub gabinete_telefone: String,
    /// The photo's public address (see [`foto_url`]).
    pub foto: Option<String>,
}

impl ParlamentarPublico {
    /// The initials shown in place of a missing photo ("Zé da Farmácia" → "ZF").
    pub fn iniciais(&self) -> String {
        iniciais(&self.nome_parlamentar)
    }
}

/// "Zé da Farmácia" → "ZF" (the first and last capitalised words).
pub fn iniciais(nome: &str) -> String {
    let palavras: Vec<&str> = nome
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let mut s: String = palavras
        .first()
        .map(|w| w.chars().take(1).collect())
        .unwrap_or_default();
    if palavras.len() > 1
        && let Some(w) = palavras.last()
    {
        s.extend(w.chars().take(1));
    }
    s
}

const PUBLICO: &str = "p.id, p.slug, p.nome_parlamentar, p.nome_civil,
    (SELECT pa.sigla FROM app.filiacao f JOIN app.partido pa ON pa.tenant_id = f.tenant_id AND pa.id = f.partido_id
      WHERE f.tenant_id = p.tenant_id AND f.parlamentar_id = p.id AND daterange(f.inicio, f.fim, '[)') @> $2::date
      LIMIT 1) AS partido,
    (SELECT m.tipo FROM app.mandato m
      WHERE m.tenant_id = p.tenant_id AND m.parlamentar_id = p.id AND m.legislatura_id = $3
      ORDER BY m.inicio DESC LIMIT 1) AS mandato,
    p.email, p.telefone, p.biografia, p.gabinete_sala, p.gabinete_telefone";

/// The parlamentares with a mandato in `legislatura`, by name; `depois` is the cursor (the
/// last slug of the previous page).
pub async fn da_legislatura(
    tx: &mut TenantTx,
    legislatura: Uuid,
    dia: Date,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<ParlamentarPublico>> {
    da_legislatura_filtrada(tx, legislatura, dia, None, depois, limite).await
}

/// As [`da_legislatura`], only those filiated to the partido `sigla` on `dia` (any case).
pub async fn da_legislatura_filtrada(
    tx: &mut TenantTx,
    legislatura: Uuid,
    dia: Date,
    sigla: Option<&str>,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<ParlamentarPublico>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM (SELECT {PUBLICO}, {FOTO_SQL} AS foto FROM app.parlamentar p
          WHERE p.tenant_id = $1 AND p.ativo
            AND EXISTS (SELECT 1 FROM app.mandato m WHERE m.tenant_id = p.tenant_id
                         AND m.parlamentar_id = p.id AND m.legislatura_id = $3)
            AND ($4::text IS NULL OR p.slug > $4)) x
          WHERE ($6::text IS NULL OR lower(x.partido) = lower($6))
          ORDER BY x.slug LIMIT $5"
    )))
    .bind(tenant)
    .bind(dia)
    .bind(legislatura)
    .bind(depois)
    .bind(limite)
    .bind(sigla)
    .fetch_all(tx.conn())
    .await?)
}

pub async fn por_slug(
    tx: &mut TenantTx,
    slug: &str,
    legislatura: Option<Uuid>,
    dia: Date,
) -> Result<Option<ParlamentarPublico>> {
    let tenant = tx.tenant_id();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PUBLICO}, {FOTO_SQL} AS foto FROM app.parlamentar p WHERE p.tenant_id = $1 AND p.slug = $4"
    )))
    .bind(tenant)
    .bind(dia)
    .bind(legislatura)
    .bind(slug)
    .fetch_optional(tx.conn())
    .await?)
}

/// A parlamentar as `/api/v1/parlamentares` gives it (JSON and CSV): no personal data.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ParlamentarDados {
    pub id: Uuid,
    pub slug: String,
    pub nome_parlamentar: String,
    pub nome_civil: String,
    pub partido: Option<String>,
    pub mandato: Option<String>,
    pub email: String,
    pub telefone: String,
    pub gabinete_sala: String,
    pub gabinete_telefone: String,
    /// The photo's address (relative to the câmara's portal).
    pub foto: Option<String>,
    /// `rede url` pairs separated by `; ` (a flat field, so the CSV keeps one row per
    /// parlamentar).
    pub redes_sociais: String,
    pub uri: String,
}

/// The open-data rows of the parlamentares with a mandato in `legislatura`.
pub async fn dados_abertos(
    tx: &mut TenantTx,
    legislatura: Uuid,
    dia: Date,
    sigla: Option<&str>,
    depois: Option<&str>,
    limite: i64,
) -> Result<Vec<ParlamentarDados>> {
    let lista = da_legislatura_filtrada(tx, legislatura, dia, sigla, depois, limite).await?;
    let ids: Vec<Uuid> = lista.iter().map(|p| p.id).collect();
    let tenant = tx.tenant_id();
    let redes: Vec<(Uuid, String, String)> = sqlx::query_as(
        "SELECT parlamentar_id, rede, url FROM app.parlamentar_rede
          WHERE tenant_id = $1 AND parlamentar_id = ANY($2) ORDER BY ordem, rede, url",
    )
    .bind(tenant)
    .bind(&ids)
    .fetch_all(tx.conn())
    .await?;
    Ok(lista
        .into_iter()
        .map(|p| ParlamentarDados {
            redes_sociais: redes
                .iter()
                .filter(|(id, _, _)| *id == p.id)
                .map(|(_, r, u)| format!("{r} {u}"))
                .collect::<Vec<_>>()
                .join("; "),
            uri: format!("/parlamentares/{}", p.slug),
            id: p.id,
            slug: p.slug,
            nome_parlamentar: p.nome_parlamentar,
            nome_civil: p.nome_civil,
            partido: p.partido,
            mandato: p.mandato,
            email: p.email,
            telefone: p.telefone,
            gabinete_sala: p.gabinete_sala,
            gabinete_telefone: p.gabinete_telefone,
            foto: p.foto,
        })
        .collect())
}
