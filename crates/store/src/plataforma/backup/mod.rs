//! Backup and restore of one câmara: its rows (every table of `app`, found in the system
//! catalogs), its uploaded files and its catalog entry, in one checksummed archive
//! ([`formato`]). Credentials are left out ([`segredos`]). Restoring works into any
//! placement, under the same or a new slug, all or nothing.

pub mod cifra;
pub mod destino;
pub mod drill;
pub mod formato;
pub mod registro;
mod restaurar;
pub mod segredos;

use std::collections::BTreeMap;

use serde_json::Value;
use sqlx::Connection;

pub use restaurar::{Restauracao, Restaurado, restaurar};

use crate::infra::catalog::{self, Tenant};
use crate::infra::migrate::{self, Scope};
use crate::infra::tenancy::scope_as_owner;
use crate::{DataDb, Error, Result, Store, quote_ident};
use formato::{FORMATO, Manifesto, Parte, VERSAO_FORMATO};

/// The catalog part of an archive.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Catalogo {
    pub slug: String,
    pub nome_oficial: String,
    pub municipio: String,
    pub uf: String,
    pub codigo_ibge: i32,
    pub status: String,
    pub admin_email: Option<String>,
    /// (host, primary).
    pub dominios: Vec<(String, bool)>,
    /// The operator's rate limits, requests per minute (`None`: the deployment's default;
    /// archives made before limits existed carry none).
    #[serde(default)]
    pub limite_ip: Option<i32>,
    #[serde(default)]
    pub limite_camara: Option<i32>,
}

/// A finished archive.
pub struct Backup {
    pub nome: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub manifesto: Manifesto,
}

/// The file name of an archive: `<slug>-<AAAAMMDDTHHMMSSZ>.plenario.tar.gz`.
pub fn nome_do_arquivo(slug: &str, quando: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    format!(
        "{slug}-{}.plenario.tar.gz",
        quando
            .to_offset(time::UtcOffset::UTC)
            .format(&f)
            .unwrap_or_default()
    )
}

/// Every row of the câmara, table by table (parents first), from one consistent
/// snapshot, each table ordered by id; and the time of the snapshot.
pub(crate) async fn linhas(
    store: &Store,
    tenant: &Tenant,
) -> Result<(Vec<(String, Vec<String>, Vec<Value>)>, time::OffsetDateTime)> {
    let db = DataDb::of(&tenant.placement);
    let mut conn = store.admin_connect(&db).await?;
    let tabelas = crate::infra::moves::app_tables(&mut conn).await?;
    let mut tx = conn
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    scope_as_owner(&mut tx, tenant.id).await?;
    let agora: time::OffsetDateTime = sqlx::query_scalar("SELECT now()")
        .fetch_one(&mut *tx)
        .await?;
    let mut out = Vec::with_capacity(tabelas.len());
    for t in tabelas {
        // Generated columns (proposicao.busca) are computed again on restore.
        let (cols, gerados) = (
            colunas(&mut tx, &t, false).await?,
            colunas(&mut tx, &t, true).await?,
        );
        let rows: Value = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT coalesce(jsonb_agg(to_jsonb(r) - $2::text[] ORDER BY r.id), '[]')
               FROM app.{} r WHERE r.tenant_id = $1",
            quote_ident(&t)
        )))
        .bind(tenant.id)
        .bind(&gerados)
        .fetch_one(&mut *tx)
        .await?;
        let rows = match rows {
            Value::Array(a) => a,
            _ => Vec::new(),
        };
        out.push((t, cols, rows));
    }
    tx.rollback().await?;
    let _ = conn.close().await;
    Ok((out, agora))
}

/// The columns of `app.<tabela>`, in order: the stored ones, or (`gerados`) the generated
/// ones, which are never copied (the database computes them).
pub(crate) async fn colunas(
    conn: &mut sqlx::PgConnection,
    tabela: &str,
    gerados: bool,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT attname::text FROM pg_attribute
          WHERE attrelid = ('app.' || quote_ident($1))::regclass AND attnum > 0
            AND NOT attisdropped AND (attgenerated <> '') = $2 ORDER BY attnum",
    )
    .bind(tabela)
    .bind(gerados)
    .fetch_all(conn)
    .await?)
}

/// Makes the archive of one câmara. Nothing is written anywhere: see [`destino`].
pub async fn fazer(store: &Store, tenant: &Tenant, chave: Option<&cifra::Chave>) -> Result<Backup> {
    let (tabelas, instantaneo) = linhas(store, tenant).await?;
    let esquema_app = migrate::current_version(
        &store.app_pool(&DataDb::of(&tenant.placement)).await?,
        Scope::App,
    )
    .await?;
    let esquema_control = migrate::current_version(store.control(), Scope::Control).await?;
    let prefixo = format!("camaras/{}/", tenant.id);
    let mut partes: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut lista = Vec::new();
    let mut chaves = std::collections::BTreeSet::new();
    let mut guardados = cifra::Segredos::default();
    for (t, colunas, mut rows) in tabelas {
        cifra::separar(&t, &mut rows, &mut guardados);
        for row in &mut rows {
            chaves_de_arquivos(row, &prefixo, &mut chaves);
        }
        let caminho = format!("tabelas/{t}.json");
        lista.push(Parte {
            caminho: caminho.clone(),
            bytes: 0,
            sha256: String::new(),
            linhas: Some(rows.len() as i64),
            colunas: Some(colunas),
        });
        partes.insert(caminho, json(&Value::Array(rows))?);
    }
    for chave in chaves {
        // A key in a row whose file is gone is reported, not invented.
        let Some(data) = store.arquivos().ler(tenant.id, &chave).await? else {
            tracing::warn!(slug = %tenant.slug, %chave, "file referenced by a row is missing");
            continue;
        };
        let caminho = format!("arquivos/{chave}");
        lista.push(parte(&caminho));
        partes.insert(caminho, data.to_vec());
    }
    // Read now, not from `tenant` (which may predate the operator's last change).
    let (limite_ip, limite_camara): (Option<i32>, Option<i32>) =
        sqlx::query_as("SELECT por_ip, por_camara FROM control.limites_taxa WHERE tenant_id = $1")
            .bind(tenant.id)
            .fetch_optional(store.control())
            .await?
            .unwrap_or_default();
    let cat = Catalogo {
        slug: tenant.slug.clone(),
        nome_oficial: tenant.nome_oficial.clone(),
        municipio: tenant.municipio.clone(),
        uf: tenant.uf.clone(),
        codigo_ibge: tenant.codigo_ibge,
        status: tenant.status.as_str().to_owned(),
        admin_email: tenant.admin_email.clone(),
        dominios: catalog::domains(store.control(), tenant.id).await?,
        limite_ip,
        limite_camara,
    };
    if let Some(chave) = chave {
        let claro = serde_json::to_vec(&guardados).map_err(|e| Error::Migration(e.to_string()))?;
        lista.push(parte(cifra::PARTE));
        partes.insert(cifra::PARTE.into(), chave.cifrar(&claro)?);
    }
    lista.push(parte("catalogo.json"));
    partes.insert(
        "catalogo.json".into(),
        json(&serde_json::to_value(&cat).map_err(|e| Error::Migration(e.to_string()))?)?,
    );
    let mut manifesto = Manifesto {
        formato: FORMATO.into(),
        versao_formato: VERSAO_FORMATO,
        slug: tenant.slug.clone(),
        nome_oficial: tenant.nome_oficial.clone(),
        tenant_id: tenant.id,
        placement: tenant.placement.to_string(),
        instantaneo: instantaneo
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        esquema_app,
        esquema_control,
        segredos: if chave.is_some() {
            cifra::CIFRADOS
        } else {
            cifra::OMITIDOS
        }
        .into(),
        partes: lista,
    };
    let bytes = formato::escrever(&mut manifesto, &partes)?;
    Ok(Backup {
        nome: nome_do_arquivo(&tenant.slug, instantaneo),
        sha256: formato::sha256_hex(&bytes),
        bytes,
        manifesto,
    })
}

fn parte(caminho: &str) -> Parte {
    Parte {
        caminho: caminho.into(),
        bytes: 0,
        sha256: String::new(),
        linhas: None,
        colunas: None,
    }
}

fn json(v: &Value) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| Error::Migration(format!("JSON: {e}")))
}

/// Every string in a row (at any depth) that is a storage key of this câmara.
fn chaves_de_arquivos(v: &Value, prefixo: &str, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::String(s) if s.starts_with(prefixo) && !s.contains("..") => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| chaves_de_arquivos(x, prefixo, out)),
        Value::Object(o) => o.values().for_each(|x| chaves_de_arquivos(x, prefixo, out)),
        _ => {}
    }
}
