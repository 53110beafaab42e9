//! Restoring an archive: into any placement, under its own slug or a new one, all or
//! nothing. The catalog row stays uncommitted until the rows are in; a failure drops a
//! database created for the restore (or the residency in a pool), so no half câmara is
//! ever visible.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use domain::{Placement, PlacementTarget, Slug};
use serde_json::Value;
use sqlx::Connection;

use super::formato::{self, Lido};
use super::{Catalogo, cifra};
use crate::infra::catalog::{self, Tenant};
use crate::infra::migrate::{self, Scope};
use crate::infra::provision;
use crate::infra::tenancy::scope_as_owner;
use crate::{DataDb, Error, MAIN_CLUSTER, Result, Store, quote_ident};

/// What the operator asked for.
#[derive(Debug, Clone)]
pub struct Restauracao {
    /// Restore under this slug (a copy beside the live câmara); `None` keeps the archive's.
    pub novo_slug: Option<String>,
    pub placement: PlacementTarget,
    pub base_domain: String,
    pub actor: String,
    /// Restore it suspended (the drill's scratch copy never serves).
    pub suspensa: bool,
    /// The operator's key: an archive with encrypted secrets gets them back.
    pub chave: Option<cifra::Chave>,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restaurado {
    pub tenant: Tenant,
    pub linhas: BTreeMap<String, i64>,
    pub arquivos: usize,
    /// Domains given back (only when the slug is the archive's).
    pub dominios: usize,
    /// Migrations between the archive's schema and this binary's.
    pub de_esquema: i32,
    pub segredos_omitidos: bool,
    pub duracao: Duration,
}

/// Stands in for an omitted password hash: no password ever matches it, so the user needs
/// `plenario user reset-password` (or the e-mail reset) after a restore.
pub const SENHA_OMITIDA: &str = "!omitida-no-backup";

/// Restores an archive. See the module documentation.
pub async fn restaurar(store: &Store, bytes: &[u8], r: &Restauracao) -> Result<Restaurado> {
    let started = Instant::now();
    let Lido { manifesto, partes } = formato::ler(bytes)?;
    let guardados = match (partes.get(cifra::PARTE), &r.chave) {
        (Some(dados), Some(chave)) => Some(
            serde_json::from_slice::<cifra::Segredos>(&chave.decifrar(dados)?)
                .map_err(|e| Error::Conflict(format!("segredos do backup: {e}")))?,
        ),
        _ => None,
    };
    let atual = Scope::App.latest();
    if manifesto.esquema_app > atual {
        return Err(Error::Conflict(format!(
            "O backup vem de um esquema mais novo (app {}) do que este programa (app {atual}): \
             atualize o Plenário antes de restaurar.",
            manifesto.esquema_app
        )));
    }
    let cat: Catalogo = serde_json::from_slice(
        partes
            .get("catalogo.json")
            .ok_or_else(|| Error::Conflict("Arquivo de backup sem catalogo.json.".into()))?,
    )
    .map_err(|e| Error::Conflict(format!("catalogo.json inválido: {e}")))?;
    let renomeada = r.novo_slug.as_deref().is_some_and(|s| s != cat.slug);
    let slug = Slug::parse(r.novo_slug.as_deref().unwrap_or(&cat.slug))?;
    catalog::validar_slug_livre(store.control(), slug.as_str(), &r.base_domain).await?;
    let placement = r.placement.resolve(&slug, MAIN_CLUSTER);
    if !store
        .cluster_names()
        .iter()
        .any(|c| c == placement.cluster())
    {
        return Err(Error::UnknownCluster(placement.cluster().to_owned()));
    }

    // 1. The catalog row, uncommitted until the data plane holds every row.
    let mut control = store.control().begin().await?;
    let tenant_id: i32 = sqlx::query_scalar(
        "INSERT INTO control.tenants
            (slug, nome_oficial, municipio, uf, codigo_ibge, placement_kind, cluster, database, admin_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(slug.as_str())
    .bind(&cat.nome_oficial)
    .bind(&cat.municipio)
    .bind(&cat.uf)
    .bind(cat.codigo_ibge)
    .bind(match placement {
        Placement::Pool { .. } => "pool",
        Placement::Dedicated { .. } => "dedicated",
    })
    .bind(placement.cluster())
    .bind(placement.database())
    .bind(&cat.admin_email)
    .fetch_one(&mut *control)
    .await
    .map_err(|e| conflito(e.into(), &slug, &placement))?;
    let mut dominios = 0;
    if !renomeada {
        for (host, primario) in &cat.dominios {
            sqlx::query(
                "INSERT INTO control.domains (host, tenant_id, is_primary) VALUES ($1, $2, $3)",
            )
            .bind(host)
            .bind(tenant_id)
            .bind(primario)
            .execute(&mut *control)
            .await
            .map_err(|e| match Error::from(e) {
                e if e.constraint() == Some("domains_pkey") => Error::Conflict(format!(
                    "O domínio \"{host}\" já pertence a outra câmara; restaure com --as NOVO_SLUG."
                )),
                e => e,
            })?;
            dominios += 1;
        }
    }
    if cat.limite_ip.is_some() || cat.limite_camara.is_some() {
        sqlx::query(
            "INSERT INTO control.limites_taxa (tenant_id, por_ip, por_camara, alterado_por)
             VALUES ($1, $2, $3, 'restauração')",
        )
        .bind(tenant_id)
        .bind(cat.limite_ip)
        .bind(cat.limite_camara)
        .execute(&mut *control)
        .await?;
    }

    // 2. The data plane.
    let db = DataDb::of(&placement);
    let criado = match &placement {
        Placement::Dedicated { cluster, database } => {
            provision::create_database(store, cluster, database).await?;
            true
        }
        Placement::Pool { .. } => false,
    };
    let dados = async {
        if criado {
            migrate::migrate_database(store, &db, &|| {}).await?;
        } else {
            store.app_pool(&db).await?; // refuses an outdated pool database
        }
        let chaves: Vec<String> = manifesto.arquivos().map(|(k, _)| k.to_owned()).collect();
        let arquivos =
            gravar_arquivos(store, &chaves, &partes, manifesto.tenant_id, tenant_id).await?;
        let linhas = inserir_linhas(
            store,
            &db,
            tenant_id,
            slug.as_str(),
            &manifesto,
            &partes,
            guardados.as_ref(),
        )
        .await?;
        Ok::<_, Error>((linhas, arquivos))
    }
    .await;
    let (linhas, arquivos) = match dados {
        Ok(x) => x,
        Err(e) => {
            desfazer(store, &db, tenant_id, criado).await;
            return Err(e);
        }
    };

    // 3. Make it visible.
    let status = if r.suspensa || cat.status == "suspended" {
        "suspended"
    } else {
        "active"
    };
    let fim = async {
        sqlx::query("UPDATE control.tenants SET status = $2 WHERE id = $1")
            .bind(tenant_id)
            .bind(status)
            .execute(&mut *control)
            .await?;
        sqlx::query(
            "INSERT INTO control.platform_audit (actor, action, tenant_id, tenant_slug, details)
             VALUES ($1, 'tenant.restore', $2, $3, $4)",
        )
        .bind(&r.actor)
        .bind(tenant_id)
        .bind(slug.as_str())
        .bind(serde_json::json!({
            "de": manifesto.slug,
            "instantaneo": manifesto.instantaneo,
            "esquema": manifesto.esquema_app,
            "placement": placement.to_string(),
            "segredos": manifesto.segredos,
        }))
        .execute(&mut *control)
        .await?;
        control.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    if let Err(e) = fim {
        desfazer(store, &db, tenant_id, criado).await;
        return Err(e);
    }
    Ok(Restaurado {
        tenant: catalog::get_by_slug(store.control(), slug.as_str()).await?,
        linhas,
        arquivos,
        dominios,
        de_esquema: manifesto.esquema_app,
        segredos_omitidos: guardados.is_none(),
        duracao: started.elapsed(),
    })
}

fn conflito(e: Error, slug: &Slug, placement: &Placement) -> Error {
    match e.constraint() {
        Some("tenants_slug_key") => Error::Conflict(format!(
            "Já existe uma câmara com o identificador \"{slug}\"; restaure com --as NOVO_SLUG."
        )),
        Some("tenants_dedicated_database") => {
            Error::Conflict(format!("O banco {placement} já é usado por outra câmara."))
        }
        _ => e,
    }
}

async fn desfazer(store: &Store, db: &DataDb, tenant_id: i32, criado: bool) {
    let r = match (&db.database, criado) {
        (Some(name), true) => provision::drop_database(store, &db.cluster, name).await,
        _ => provision::remove_resident(store, db, tenant_id).await,
    };
    if let Err(e) = r {
        tracing::error!(%db, tenant_id, error = %e, "could not undo a failed restore");
    }
}

/// The archive's rows and keys speak of the old câmara id: rewrite them to the new one.
fn reescrever(v: &mut Value, de: &str, para: &str) {
    match v {
        Value::String(s) if s.starts_with(de) => *s = format!("{para}{}", &s[de.len()..]),
        Value::Array(a) => a.iter_mut().for_each(|x| reescrever(x, de, para)),
        Value::Object(o) => o.values_mut().for_each(|x| reescrever(x, de, para)),
        _ => {}
    }
}

async fn gravar_arquivos(
    store: &Store,
    chaves: &[String],
    partes: &BTreeMap<String, Vec<u8>>,
    de: i32,
    para: i32,
) -> Result<usize> {
    let prefixo = format!("camaras/{de}/");
    for chave in chaves {
        let Some(resto) = chave.strip_prefix(&prefixo) else {
            return Err(Error::Conflict(format!(
                "Arquivo de backup inválido: a chave {chave} não é da câmara do backup."
            )));
        };
        let data = partes
            .get(&format!("arquivos/{chave}"))
            .cloned()
            .unwrap_or_default();
        store
            .arquivos()
            .gravar(para, &format!("camaras/{para}/{resto}"), data)
            .await?;
    }
    Ok(chaves.len())
}

async fn inserir_linhas(
    store: &Store,
    db: &DataDb,
    tenant_id: i32,
    slug: &str,
    manifesto: &formato::Manifesto,
    partes: &BTreeMap<String, Vec<u8>>,
    guardados: Option<&cifra::Segredos>,
) -> Result<BTreeMap<String, i64>> {
    let mut conn = store.admin_connect(db).await?;
    let tabelas = crate::infra::moves::app_tables(&mut conn).await?;
    let no_arquivo: BTreeMap<&str, &formato::Parte> = manifesto.tabelas().collect();
    if let Some(t) = no_arquivo.keys().find(|t| !tabelas.iter().any(|x| x == *t)) {
        return Err(Error::Conflict(format!(
            "O backup tem a tabela {t}, que não existe neste esquema (app {}).",
            Scope::App.latest()
        )));
    }
    let (de, para) = (
        format!("camaras/{}/", manifesto.tenant_id),
        format!("camaras/{tenant_id}/"),
    );
    let omitidos = guardados.is_none();
    let mut tx = conn.begin().await?;
    scope_as_owner(&mut tx, tenant_id).await?;
    sqlx::query("INSERT INTO plenario.resident (tenant_id, slug) VALUES ($1, $2)")
        .bind(tenant_id)
        .bind(slug)
        .execute(&mut *tx)
        .await?;
    let mut contagem = BTreeMap::new();
    for t in &tabelas {
        let Some(parte) = no_arquivo.get(t.as_str()) else {
            contagem.insert(t.clone(), 0);
            continue;
        };
        let mut rows: Vec<Value> = serde_json::from_slice(&partes[&parte.caminho])
            .map_err(|e| Error::Conflict(format!("{}: {e}", parte.caminho)))?;
        if rows.len() as i64 != parte.linhas.unwrap_or(0) {
            return Err(Error::Conflict(format!(
                "Arquivo de backup inválido: {} tem {} linhas, o manifesto diz {}.",
                parte.caminho,
                rows.len(),
                parte.linhas.unwrap_or(0)
            )));
        }
        if let Some(g) = guardados {
            cifra::juntar(t, &mut rows, g);
        }
        let esperadas = rows.len() as i64;
        for row in &mut rows {
            reescrever(row, &de, &para);
            if let Some(o) = row.as_object_mut() {
                o.insert("tenant_id".into(), Value::from(tenant_id));
                if omitidos && t == "usuario" && !o.contains_key("senha_hash") {
                    o.insert("senha_hash".into(), Value::from(SENHA_OMITIDA));
                    o.insert("trocar_senha".into(), Value::Bool(true));
                }
            }
        }
        // The columns of this schema that the archive knows; the others take their
        // defaults (an archive of an older schema).
        let atuais = super::colunas(&mut tx, t, false).await?;
        let conhecidas = parte.colunas.clone().unwrap_or_default();
        let mut cols: Vec<String> = atuais
            .iter()
            .filter(|c| conhecidas.contains(c) || c.as_str() == "tenant_id")
            .map(|c| quote_ident(c))
            .collect();
        if t == "usuario" && omitidos {
            for c in ["senha_hash", "trocar_senha"] {
                if !cols.contains(&quote_ident(c)) {
                    cols.push(quote_ident(c));
                }
            }
        }
        let cols = cols.join(", ");
        let table = format!("app.{}", quote_ident(t));
        for chunk in rows.chunks(500) {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO {table} ({cols})
                 SELECT {cols} FROM jsonb_populate_recordset(NULL::{table}, $1::jsonb)"
            )))
            .bind(Value::Array(chunk.to_vec()))
            .execute(&mut *tx)
            .await
            .map_err(|e| Error::Migration(format!("restauração de {table}: {e}")))?;
        }
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM {table} WHERE tenant_id = $1"
        )))
        .bind(tenant_id)
        .fetch_one(&mut *tx)
        .await?;
        if n != esperadas {
            return Err(Error::Migration(format!(
                "restauração de {table}: {n} linhas, o backup tem {esperadas}"
            )));
        }
        contagem.insert(t.clone(), n);
    }
    tx.commit().await?;
    let _ = conn.close().await;
    Ok(contagem)
}
