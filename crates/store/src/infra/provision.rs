//! Creating and deleting câmaras: all or nothing.

use std::time::{Duration, Instant};

use domain::municipios::Municipio;
use domain::{Placement, PlacementTarget, Slug, TenantStatus};
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use crate::infra::catalog::{self, Tenant};
use crate::infra::migrate;
use crate::{DataDb, Error, MAIN_CLUSTER, Result, Store, quote_ident};

/// What the operator asked for (already validated by `domain`).
#[derive(Debug, Clone)]
pub struct NewTenant {
    pub slug: Slug,
    pub nome_oficial: String,
    pub municipio: &'static Municipio,
    pub domain: Option<String>,
    pub placement: PlacementTarget,
    pub admin_email: Option<String>,
    /// A second câmara for a município that already has one is refused unless the operator
    /// says so (`--mesmo-municipio`, the master panel's checkbox): usually a typo of the
    /// município, or a câmara being created twice.
    pub mesmo_municipio: bool,
}

/// The outcome of a provisioning.
#[derive(Debug, Clone)]
pub struct Provisioned {
    pub tenant: Tenant,
    pub elapsed: Duration,
    /// The first administrator's one-time password, when an e-mail was given.
    pub admin_password: Option<String>,
}

/// Validates the free-text fields of a new câmara.
pub fn validate_nome(nome: &str) -> Result<String> {
    let nome = nome.trim();
    if nome.chars().count() < 3 || nome.chars().count() > 200 {
        return Err(domain::ValidationError::new(
            "nome",
            "O nome oficial deve ter de 3 a 200 caracteres (ex.: \"Câmara Municipal de Olinda\").",
        )
        .into());
    }
    Ok(nome.to_owned())
}

pub fn validate_email(email: &str) -> Result<String> {
    Ok(domain::auth::parse_email(email)
        .map_err(|e| domain::ValidationError::new("admin_email", e.message))?)
}

/// Creates a câmara: catalog row, dedicated database when asked, residency and default
/// configuration. On any failure nothing is left behind: the catalog row is never
/// committed and a database created for it is dropped.
pub async fn create(
    store: &Store,
    new: NewTenant,
    base_domain: &str,
    actor: &str,
) -> Result<Provisioned> {
    let started = Instant::now();
    let placement = new.placement.resolve(&new.slug, MAIN_CLUSTER);
    if !store
        .cluster_names()
        .iter()
        .any(|c| c == placement.cluster())
    {
        return Err(Error::UnknownCluster(placement.cluster().to_owned()));
    }
    if let Some(d) = &new.domain {
        crate::infra::catalog::validar_dominio_proprio(d, base_domain)?;
    }
    crate::infra::catalog::validar_slug_livre(store.control(), new.slug.as_str(), base_domain)
        .await?;
    let nome = validate_nome(&new.nome_oficial)?;
    if !new.mesmo_municipio {
        let existente: Option<String> = sqlx::query_scalar(
            "SELECT slug FROM control.tenants WHERE codigo_ibge = $1 ORDER BY id LIMIT 1",
        )
        .bind(new.municipio.codigo_ibge as i32)
        .fetch_optional(store.control())
        .await?;
        if let Some(slug) = existente {
            return Err(domain::ValidationError::new(
                "municipio",
                format!(
                    "{}/{} já tem uma câmara ({slug}). Para criar outra no mesmo município, \
                     confirme explicitamente (--mesmo-municipio na linha de comando, ou a \
                     caixa \"Outra câmara no mesmo município\" no painel).",
                    new.municipio.nome, new.municipio.uf
                ),
            )
            .into());
        }
    }
    let admin = match &new.admin_email {
        Some(email) => {
            let password = crate::conta::usuarios::senha_provisoria()?;
            let hash = crate::conta::usuarios::hash_senha(&password).await?;
            Some((email.clone(), password, hash))
        }
        None => None,
    };

    // 1. The catalog row, held uncommitted until the data plane is ready.
    let mut control = store.control().begin().await?;
    let tenant_id: i32 = sqlx::query_scalar(
        "INSERT INTO control.tenants
            (slug, nome_oficial, municipio, uf, codigo_ibge, placement_kind, cluster, database, admin_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id",
    )
    .bind(new.slug.as_str())
    .bind(&nome)
    .bind(new.municipio.nome)
    .bind(new.municipio.uf)
    .bind(new.municipio.codigo_ibge as i32)
    .bind(match placement {
        Placement::Pool { .. } => "pool",
        Placement::Dedicated { .. } => "dedicated",
    })
    .bind(placement.cluster())
    .bind(placement.database())
    .bind(&new.admin_email)
    .fetch_one(&mut *control)
    .await
    .map_err(|e| catalog_conflict(e.into(), &new, &placement))?;
    if let Some(d) = &new.domain {
        sqlx::query(
            "INSERT INTO control.domains (host, tenant_id, is_primary) VALUES ($1, $2, true)",
        )
        .bind(d)
        .bind(tenant_id)
        .execute(&mut *control)
        .await
        .map_err(|e| catalog_conflict(e.into(), &new, &placement))?;
    }

    // 2. The data plane.
    let db = DataDb::of(&placement);
    let created_db = match &placement {
        Placement::Dedicated { database, .. } => {
            create_database(store, placement.cluster(), database).await?;
            true
        }
        Placement::Pool { .. } => false,
    };
    let data = async {
        if created_db {
            migrate::migrate_database(store, &db, &|| {}).await?;
        } else {
            store.app_pool(&db).await?; // refuses an outdated pool database
        }
        let mut conn = store.admin_connect(&db).await?;
        let admin = admin
            .as_ref()
            .map(|(email, _, hash)| (email.as_str(), hash.as_str()));
        make_resident(&mut conn, tenant_id, &new, &nome, admin).await?;
        let _ = conn.close().await;
        Ok::<_, Error>(())
    }
    .await;
    if let Err(e) = data {
        undo_data_plane(store, &db, tenant_id, created_db).await;
        return Err(e);
    }

    // 3. Make it visible.
    let finish = async {
        sqlx::query("UPDATE control.tenants SET status = 'active' WHERE id = $1")
            .bind(tenant_id)
            .execute(&mut *control)
            .await?;
        sqlx::query(
            "INSERT INTO control.platform_audit (actor, action, tenant_id, tenant_slug, details)
             VALUES ($1, 'tenant.create', $2, $3, $4)",
        )
        .bind(actor)
        .bind(tenant_id)
        .bind(new.slug.as_str())
        .bind(serde_json::json!({
            "placement": placement.to_string(),
            "municipio": new.municipio.nome,
            "uf": new.municipio.uf,
            "dominio": new.domain,
        }))
        .execute(&mut *control)
        .await?;
        control.commit().await?;
        Ok::<_, Error>(())
    }
    .await;
    if let Err(e) = finish {
        undo_data_plane(store, &db, tenant_id, created_db).await;
        return Err(e);
    }
    let tenant = catalog::get_by_slug(store.control(), new.slug.as_str()).await?;
    Ok(Provisioned {
        tenant,
        elapsed: started.elapsed(),
        admin_password: admin.map(|(_, password, _)| password),
    })
}

/// Turns catalog unique violations into messages about the input.
fn catalog_conflict(e: Error, new: &NewTenant, placement: &Placement) -> Error {
    match (e.sqlstate().as_deref(), e.constraint()) {
        (Some("23505"), Some("tenants_slug_key")) => Error::Conflict(format!(
            "Já existe uma câmara com o identificador \"{}\".",
            new.slug
        )),
        (Some("23505"), Some("domains_pkey")) => Error::Conflict(format!(
            "O domínio \"{}\" já pertence a outra câmara.",
            new.domain.as_deref().unwrap_or_default()
        )),
        (Some("23505"), Some("tenants_dedicated_database")) => {
            Error::Conflict(format!("O banco {placement} já é usado por outra câmara."))
        }
        (Some("23503"), _) => Error::UnknownCluster(placement.cluster().to_owned()),
        _ => e,
    }
}

/// Registers the câmara in a data-plane database and writes its default configuration.
async fn make_resident(
    conn: &mut PgConnection,
    tenant_id: i32,
    new: &NewTenant,
    nome: &str,
    admin: Option<(&str, &str)>,
) -> Result<()> {
    let mut tx = conn.begin().await?;
    crate::infra::tenancy::scope_as_owner(&mut tx, tenant_id).await?;
    sqlx::query("INSERT INTO plenario.resident (tenant_id, slug) VALUES ($1, $2)")
        .bind(tenant_id)
        .bind(new.slug.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO app.camara_config (tenant_id, id, nome, municipio, uf, email, fuso_horario)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(nome)
    .bind(new.municipio.nome)
    .bind(new.municipio.uf)
    .bind(new.admin_email.as_deref().unwrap_or(""))
    .bind(domain::municipios::fuso_horario(new.municipio))
    .execute(&mut *tx)
    .await?;
    // What every câmara starts with: tipos de sessão, cargos da mesa, páginas institucionais,
    // tipos de proposição and unidades de tramitação.
    crate::sessoes_plenarias::padroes(&mut tx, tenant_id).await?;
    crate::mesa::padroes(&mut tx, tenant_id).await?;
    crate::conteudo::paginas::padroes(&mut tx, tenant_id).await?;
    crate::proposicoes::padroes(&mut tx, tenant_id).await?;
    crate::normas::padroes(&mut tx, tenant_id).await?;
    crate::tramitacao::padroes(&mut tx, tenant_id).await?;
    crate::jobs::agendar_alertas_de_prazo(&mut tx, tenant_id).await?;
    if let Some((email, hash)) = admin {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO app.usuario (tenant_id, id, nome, email, papel, senha_hash, trocar_senha)
             VALUES ($1, $2, 'Administrador', $3, 'ADMIN', $4, true)",
        )
        .bind(tenant_id)
        .bind(id)
        .bind(email)
        .bind(hash)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO app.auditoria (tenant_id, id, usuario_email, entidade, entidade_id, acao, depois)
             VALUES ($1, $2, 'plataforma', 'usuario', $3, 'criar', $4)",
        )
        .bind(tenant_id)
        .bind(Uuid::now_v7())
        .bind(id.to_string())
        .bind(serde_json::json!({ "email": email, "papel": "ADMIN" }))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn undo_data_plane(store: &Store, db: &DataDb, tenant_id: i32, created_db: bool) {
    let result = if created_db {
        match &db.database {
            Some(name) => drop_database(store, &db.cluster, name).await,
            None => Ok(()),
        }
    } else {
        remove_resident(store, db, tenant_id).await
    };
    if let Err(e) = result {
        tracing::error!(%db, tenant_id, error = %e, "could not undo a failed provisioning");
    }
}

/// Removes a câmara and all its rows from a data-plane database (cascading from
/// `plenario.resident`).
pub(crate) async fn remove_resident(store: &Store, db: &DataDb, tenant_id: i32) -> Result<()> {
    let mut conn = store.admin_connect(db).await?;
    let mut tx = conn.begin().await?;
    crate::infra::tenancy::scope_as_owner(&mut tx, tenant_id).await?;
    sqlx::query("DELETE FROM plenario.resident WHERE tenant_id = $1")
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let _ = conn.close().await;
    Ok(())
}

pub(crate) async fn create_database(store: &Store, cluster: &str, name: &str) -> Result<()> {
    domain::tenant::valid_name(name).ok_or_else(|| {
        Error::Validation(domain::ValidationError::new(
            "placement",
            format!("Nome de banco inválido: \"{name}\"."),
        ))
    })?;
    let mut conn = store.admin_connect(&DataDb::pool(cluster)).await?;
    let result = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'",
        quote_ident(name)
    )))
    .execute(&mut conn)
    .await;
    let _ = conn.close().await;
    match result {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {
            Err(Error::Conflict(format!(
                "O banco \"{name}\" já existe no cluster {cluster}; escolha outro nome ou remova-o."
            )))
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn drop_database(store: &Store, cluster: &str, name: &str) -> Result<()> {
    let db = DataDb {
        cluster: cluster.to_owned(),
        database: Some(name.to_owned()),
    };
    store.drop_app_pool(&db).await;
    let mut conn = store.admin_connect(&DataDb::pool(cluster)).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quote_ident(name)
    )))
    .execute(&mut conn)
    .await?;
    let _ = conn.close().await;
    Ok(())
}

/// Deletes a câmara for good: its rows (or its dedicated database) and its catalog entry.
/// The platform audit log keeps the record of it.
pub async fn delete(store: &Store, tenant: &Tenant, actor: &str) -> Result<()> {
    if tenant.status == TenantStatus::Moving {
        return Err(Error::Conflict(format!(
            "A câmara \"{}\" está em mudança de servidor; aguarde o fim da mudança.",
            tenant.slug
        )));
    }
    // Stop serving it first, so nobody reads a half-deleted câmara.
    sqlx::query("UPDATE control.tenants SET status = 'archived', updated_at = now() WHERE id = $1")
        .bind(tenant.id)
        .execute(store.control())
        .await?;
    match &tenant.placement {
        Placement::Dedicated { cluster, database } => {
            drop_database(store, cluster, database).await?
        }
        Placement::Pool { .. } => {
            remove_resident(store, &DataDb::of(&tenant.placement), tenant.id).await?
        }
    }
    let mut tx = store.control().begin().await?;
    sqlx::query("DELETE FROM control.tenants WHERE id = $1")
        .bind(tenant.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO control.platform_audit (actor, action, tenant_id, tenant_slug, details)
         VALUES ($1, 'tenant.delete', $2, $3, $4)",
    )
    .bind(actor)
    .bind(tenant.id)
    .bind(&tenant.slug)
    .bind(serde_json::json!({ "placement": tenant.placement.to_string() }))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
