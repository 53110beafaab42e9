//! The control plane's catalog: câmaras, their domains and placements.

use domain::{Placement, Slug, TenantStatus};
use sqlx::postgres::PgRow;
use sqlx::{FromRow, PgExecutor, Row};
use time::OffsetDateTime;

use crate::{Error, Result};

/// A câmara as the catalog knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub id: i32,
    pub slug: String,
    pub nome_oficial: String,
    pub municipio: String,
    pub uf: String,
    pub codigo_ibge: i32,
    pub status: TenantStatus,
    pub placement: Placement,
    pub epoch: i64,
    pub admin_email: Option<String>,
    pub created_at: OffsetDateTime,
    /// The operator's rate limits for this câmara, requests per minute (`control.limites_taxa`;
    /// `None`: the deployment's default, 0: off).
    pub limite_ip: Option<i32>,
    pub limite_camara: Option<i32>,
}

pub(crate) const TENANT_COLUMNS: &str = "t.id, t.slug, t.nome_oficial, t.municipio, t.uf, \
     t.codigo_ibge, t.status, t.placement_kind, t.cluster, t.database, t.epoch, t.admin_email, \
     t.created_at, \
     (SELECT l.por_ip FROM control.limites_taxa l WHERE l.tenant_id = t.id) AS limite_ip, \
     (SELECT l.por_camara FROM control.limites_taxa l WHERE l.tenant_id = t.id) AS limite_camara";

impl FromRow<'_, PgRow> for Tenant {
    fn from_row(row: &PgRow) -> sqlx::Result<Self> {
        let status: String = row.try_get("status")?;
        let kind: String = row.try_get("placement_kind")?;
        let cluster: String = row.try_get("cluster")?;
        let database: Option<String> = row.try_get("database")?;
        let placement = match (kind.as_str(), database) {
            ("dedicated", Some(database)) => Placement::Dedicated { cluster, database },
            _ => Placement::Pool { cluster },
        };
        Ok(Tenant {
            id: row.try_get("id")?,
            slug: row.try_get("slug")?,
            nome_oficial: row.try_get("nome_oficial")?,
            municipio: row.try_get("municipio")?,
            uf: row.try_get("uf")?,
            codigo_ibge: row.try_get("codigo_ibge")?,
            status: TenantStatus::parse(&status).ok_or_else(|| sqlx::Error::ColumnDecode {
                index: "status".into(),
                source: format!("unknown status {status}").into(),
            })?,
            placement,
            epoch: row.try_get("epoch")?,
            admin_email: row.try_get("admin_email")?,
            created_at: row.try_get("created_at")?,
            limite_ip: row.try_get("limite_ip")?,
            limite_camara: row.try_get("limite_camara")?,
        })
    }
}

pub async fn find_by_slug(db: impl PgExecutor<'_>, slug: &str) -> Result<Option<Tenant>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TENANT_COLUMNS} FROM control.tenants t WHERE t.slug = $1"
    )))
    .bind(slug)
    .fetch_optional(db)
    .await?)
}

/// Like [`find_by_slug`], with a Portuguese "not found" error.
pub async fn get_by_slug(db: impl PgExecutor<'_>, slug: &str) -> Result<Tenant> {
    find_by_slug(db, slug)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Câmara não encontrada: \"{slug}\".")))
}

/// The câmara a normalised host names: `<slug>.<base_domain>`, or a custom domain. A
/// câmara's own host always wins over a custom domain of the same name (such a domain can
/// no longer be added, see [`validar_dominio_proprio`]).
pub async fn find_by_host(
    db: impl PgExecutor<'_>,
    host: &str,
    base_domain: &str,
) -> Result<Option<Tenant>> {
    let slug = domain::host::slug_under_base(host, base_domain);
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TENANT_COLUMNS}, 1 AS rank FROM control.tenants t
           JOIN control.domains d ON d.tenant_id = t.id WHERE d.host = $1
         UNION ALL
         SELECT {TENANT_COLUMNS}, 0 FROM control.tenants t WHERE t.slug = $2
         ORDER BY rank LIMIT 1"
    )))
    .bind(host)
    .bind(slug)
    .fetch_optional(db)
    .await?)
}

/// One page of the catalog, ordered by slug.
pub async fn list(db: impl PgExecutor<'_>, limit: i64, offset: i64) -> Result<Vec<Tenant>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TENANT_COLUMNS} FROM control.tenants t ORDER BY t.slug LIMIT $1 OFFSET $2"
    )))
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await?)
}

pub async fn count(db: impl PgExecutor<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM control.tenants")
        .fetch_one(db)
        .await?)
}

/// The custom domains of a câmara, primary first.
pub async fn domains(db: impl PgExecutor<'_>, tenant_id: i32) -> Result<Vec<(String, bool)>> {
    Ok(sqlx::query_as(
        "SELECT host, is_primary FROM control.domains WHERE tenant_id = $1
          ORDER BY is_primary DESC, host",
    )
    .bind(tenant_id)
    .fetch_all(db)
    .await?)
}

/// Changes a câmara's status, if the transition is allowed from its current one.
pub async fn set_status(db: impl PgExecutor<'_>, tenant: &Tenant, to: TenantStatus) -> Result<()> {
    if !tenant.status.can_become(to) {
        return Err(Error::Conflict(format!(
            "A câmara \"{}\" está {}; não pode passar a {}.",
            tenant.slug,
            tenant.status.label(),
            to.label()
        )));
    }
    let n = sqlx::query(
        "UPDATE control.tenants SET status = $2, updated_at = now()
          WHERE id = $1 AND status = $3",
    )
    .bind(tenant.id)
    .bind(to.as_str())
    .bind(tenant.status.as_str())
    .execute(db)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(Error::Conflict(format!(
            "A câmara \"{}\" mudou de estado enquanto a operação era preparada; tente novamente.",
            tenant.slug
        )));
    }
    Ok(())
}

/// Validates a slug given on the command line and loads its câmara.
pub async fn get_by_slug_input(db: impl PgExecutor<'_>, input: &str) -> Result<Tenant> {
    let slug = Slug::parse(input)?;
    get_by_slug(db, slug.as_str()).await
}

/// A custom domain may not be the base domain nor anything under it: every name there
/// belongs to the platform (`<slug>.<base>` is a câmara's own host, `admin.<base>` the
/// master panel), so a custom domain there would take another câmara's host. Used by every
/// path that adds domains (panel, CLI, provisioning).
pub fn validar_dominio_proprio(host: &str, base_domain: &str) -> Result<()> {
    let base = base_domain.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == base || host.ends_with(&format!(".{base}")) {
        return Err(domain::ValidationError::new(
            "dominio",
            format!(
                "O domínio \"{host}\" fica sob o domínio base da plataforma ({base}), que é \
                 reservado aos endereços próprios das câmaras (<slug>.{base}); use um domínio \
                 da câmara, como camara-exemplo.sp.leg.br."
            ),
        )
        .into());
    }
    Ok(())
}

/// Refuses a new câmara's slug whose host (`<slug>.<base>`) is already some câmara's
/// custom domain (recorded before custom domains under the base domain were refused).
pub async fn validar_slug_livre(
    db: impl PgExecutor<'_>,
    slug: &str,
    base_domain: &str,
) -> Result<()> {
    let host = format!("{slug}.{base_domain}");
    let usado: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM control.domains WHERE host = $1)")
            .bind(&host)
            .fetch_one(db)
            .await?;
    if usado {
        return Err(Error::Conflict(format!(
            "O endereço {host} já é o domínio próprio de outra câmara; escolha outro \
             identificador."
        )));
    }
    Ok(())
}

/// Adds a custom domain to a câmara (as its primary one if asked).
pub async fn add_domain(
    db: &sqlx::PgPool,
    tenant: &Tenant,
    host: &str,
    primary: bool,
    base_domain: &str,
) -> Result<()> {
    validar_dominio_proprio(host, base_domain)?;
    let mut tx = db.begin().await?;
    if primary {
        sqlx::query("UPDATE control.domains SET is_primary = false WHERE tenant_id = $1")
            .bind(tenant.id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO control.domains (host, tenant_id, is_primary) VALUES ($1, $2, $3)")
        .bind(host)
        .bind(tenant.id)
        .bind(primary)
        .execute(&mut *tx)
        .await
        .map_err(|e| match Error::from(e) {
            e if e.constraint() == Some("domains_pkey") => {
                Error::Conflict(format!("O domínio \"{host}\" já está em uso."))
            }
            e => e,
        })?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_domain(db: &sqlx::PgPool, tenant: &Tenant, host: &str) -> Result<()> {
    let n = sqlx::query("DELETE FROM control.domains WHERE tenant_id = $1 AND host = $2")
        .bind(tenant.id)
        .bind(host)
        .execute(db)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(Error::NotFound(format!("Domínio não encontrado: {host}.")));
    }
    Ok(())
}

/// Every câmara that answers on its hosts (active, suspended: the maintenance page,
/// moving), by slug, with its custom domains (primary first): what the proxy serves.
pub async fn servidos(db: impl PgExecutor<'_>) -> Result<Vec<(String, Vec<String>)>> {
    Ok(sqlx::query_as(
        "SELECT t.slug,
                coalesce(array_agg(d.host ORDER BY d.is_primary DESC, d.host)
                         FILTER (WHERE d.host IS NOT NULL), '{}')
           FROM control.tenants t LEFT JOIN control.domains d ON d.tenant_id = t.id
          WHERE t.status IN ('active', 'suspended', 'moving')
          GROUP BY t.slug ORDER BY t.slug",
    )
    .fetch_all(db)
    .await?)
}
