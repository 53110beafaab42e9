//! Versioned SQL embedded in the binary, applied to the control plane and to every
//! data-plane database.
//!
//! Each migration runs in its own transaction as `plenario_owner` and records itself in
//! `plenario.migrations` in that same transaction, so a run that fails halfway leaves every
//! database at a clean version and the next run resumes where it stopped. A session
//! advisory lock serialises concurrent migrators on one database.

use sqlx::{Connection, PgConnection, PgPool};

use crate::{DataDb, Error, Result, Store, roles};

/// One versioned step.
pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migration {
    ($scope:literal, $version:literal, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../../migrations/", $scope, "/", $name, ".sql")),
        }
    };
}

/// A family of migrations with its own version sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Schema `control`: only in the primary cluster's main database.
    Control,
    /// Schema `app`: in every data-plane database.
    App,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Control => "control",
            Scope::App => "app",
        }
    }

    pub fn migrations(self) -> &'static [Migration] {
        match self {
            Scope::Control => CONTROL,
            Scope::App => APP,
        }
    }

    /// The version this binary expects.
    pub fn latest(self) -> i32 {
        self.migrations().last().map_or(0, |m| m.version)
    }
}

static CONTROL: &[Migration] = &[
    migration!("control", 1, "0001_catalog"),
    migration!("control", 2, "0002_security_events"),
    migration!("control", 3, "0003_platform_admins"),
    migration!("control", 4, "0004_request_stats"),
    migration!("control", 5, "0005_platform_admin_password"),
    migration!("control", 6, "0006_request_stats_4xx"),
    migration!("control", 7, "0007_backups"),
    migration!("control", 8, "0008_limites_taxa"),
];
static APP: &[Migration] = &[
    migration!("app", 1, "0001_tenancy"),
    migration!("app", 2, "0002_identidade"),
    migration!("app", 3, "0003_segundo_fator"),
    migration!("app", 4, "0004_senha_reset"),
    migration!("app", 5, "0005_parlamentares"),
    migration!("app", 6, "0006_usuario_parlamentar"),
    migration!("app", 7, "0007_sessao_legislativa"),
    migration!("app", 8, "0008_mesa_comissoes"),
    migration!("app", 9, "0009_sessao_plenaria"),
    migration!("app", 10, "0010_conteudo"),
    migration!("app", 11, "0011_parlamentar_perfil"),
    migration!("app", 12, "0012_portal"),
    migration!("app", 13, "0013_login_throttle"),
    migration!("app", 14, "0014_proposicoes"),
    migration!("app", 15, "0015_protocolo"),
    migration!("app", 16, "0016_proposicoes_admin"),
    migration!("app", 17, "0017_proposicoes_busca"),
    migration!("app", 18, "0018_tramitacao"),
    migration!("app", 19, "0019_jobs"),
    migration!("app", 20, "0020_comissoes_trabalho"),
    migration!("app", 21, "0021_comissao_membros"),
    migration!("app", 22, "0022_fila"),
    migration!("app", 23, "0023_busca"),
    migration!("app", 24, "0024_assessor"),
    migration!("app", 25, "0025_busca_autor"),
    migration!("app", 26, "0026_sessao_em_curso"),
    migration!("app", 27, "0027_normas"),
    migration!("app", 28, "0028_oradores"),
    migration!("app", 29, "0029_sancao_oai"),
    migration!("app", 30, "0030_pauta_situacao"),
    migration!("app", 31, "0031_genero"),
    migration!("app", 32, "0032_autografo"),
    migration!("app", 33, "0033_ata"),
    migration!("app", 34, "0034_tv_camara"),
    migration!("app", 35, "0035_indices_leitura"),
    migration!("app", 36, "0036_promulgacao_prefeito"),
    migration!("app", 37, "0037_mandato_tipo_no_indice"),
    migration!("app", 38, "0038_promulgacao_vice"),
    migration!("app", 39, "0039_lexml_publicador"),
    migration!("app", 40, "0040_norma_assuntos"),
    migration!("app", 41, "0041_campainha"),
];

/// Advisory lock key (class) for migrations; the object id is 0.
const LOCK_CLASS: i32 = 0x504c_4d47; // "PLMG"

/// Roles are cluster-wide; create them once per cluster, tolerating a concurrent creator.
const BOOTSTRAP_ROLES: &[&str] = &[
    "DO $$ BEGIN CREATE ROLE plenario_owner NOLOGIN NOINHERIT NOBYPASSRLS;
     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    "DO $$ BEGIN CREATE ROLE plenario_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    "DO $$ BEGIN CREATE ROLE plenario_platform LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
     EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    // A non-superuser administrator must be able to SET ROLE plenario_owner.
    "DO $$ BEGIN
       IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
         EXECUTE format('GRANT plenario_owner TO %I', current_user);
       END IF;
     END $$",
];

/// Per database, before any migration: the bookkeeping schema, owned by plenario_owner.
const BOOTSTRAP_DATABASE: &str = r#"
DO $$ BEGIN
  EXECUTE format('GRANT CREATE, CONNECT ON DATABASE %I TO plenario_owner', current_database());
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO plenario_app, plenario_platform', current_database());
  -- The text match may then be an index condition under RLS (0017_proposicoes_busca.sql).
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
  END IF;
END $$;
SET ROLE plenario_owner;
CREATE SCHEMA IF NOT EXISTS plenario;
CREATE TABLE IF NOT EXISTS plenario.migrations (
    scope       text NOT NULL,
    version     integer NOT NULL,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, version)
);
-- Which câmaras live in this database. Every table in app references it (ON DELETE
-- CASCADE), so no row can exist for a câmara that is not resident, and removing a câmara
-- from a database is one DELETE.
CREATE TABLE IF NOT EXISTS plenario.resident (
    tenant_id   integer PRIMARY KEY,
    slug        text NOT NULL,
    since       timestamptz NOT NULL DEFAULT now()
);
GRANT USAGE ON SCHEMA plenario TO plenario_app, plenario_platform;
GRANT SELECT ON plenario.migrations, plenario.resident TO plenario_app, plenario_platform;
RESET ROLE;
"#;

/// Which scopes a data-plane database carries.
pub fn scopes_for(db: &DataDb) -> &'static [Scope] {
    if db.cluster == crate::MAIN_CLUSTER && db.database.is_none() {
        &[Scope::Control, Scope::App]
    } else {
        &[Scope::App]
    }
}

/// Creates the cluster-wide roles on a cluster (idempotent).
pub async fn bootstrap_roles(conn: &mut PgConnection, app_password: Option<&str>) -> Result<()> {
    for stmt in BOOTSTRAP_ROLES {
        sqlx::raw_sql(*stmt).execute(&mut *conn).await?;
    }
    if let Some(pw) = app_password {
        let stmt: String = sqlx::query_scalar("SELECT format('ALTER ROLE %I PASSWORD %L', $1, $2)")
            .bind(roles::APP)
            .bind(pw)
            .fetch_one(&mut *conn)
            .await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(stmt))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Versions applied to one database, per scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbVersions {
    pub db: DataDb,
    pub versions: Vec<(Scope, i32)>,
    pub applied_now: usize,
}

/// Brings one database up to date. `on_step` is called after each applied migration.
pub async fn migrate_database(
    store: &Store,
    db: &DataDb,
    on_step: &(dyn Fn() + Sync),
) -> Result<DbVersions> {
    let mut conn = store.admin_connect(db).await?;
    sqlx::query("SELECT pg_advisory_lock($1, 0)")
        .bind(LOCK_CLASS)
        .execute(&mut conn)
        .await?;
    let result = migrate_locked(&mut conn, db, on_step).await;
    // Closing the connection releases the lock even if the unlock fails.
    let _ = sqlx::query("SELECT pg_advisory_unlock($1, 0)")
        .bind(LOCK_CLASS)
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    result
}

async fn migrate_locked(
    conn: &mut PgConnection,
    db: &DataDb,
    on_step: &(dyn Fn() + Sync),
) -> Result<DbVersions> {
    sqlx::raw_sql(BOOTSTRAP_DATABASE)
        .execute(&mut *conn)
        .await?;
    let mut applied_now = 0;
    let mut versions = Vec::new();
    for &scope in scopes_for(db) {
        let applied: Vec<(i32, String, bool)> = sqlx::query_as(
            "SELECT m.version, m.name, coalesce(m.checksum = md5(x.sql), false)
               FROM plenario.migrations m
               LEFT JOIN unnest($2::int[], $3::text[]) AS x(version, sql) USING (version)
              WHERE m.scope = $1 ORDER BY m.version",
        )
        .bind(scope.as_str())
        .bind(
            scope
                .migrations()
                .iter()
                .map(|m| m.version)
                .collect::<Vec<_>>(),
        )
        .bind(scope.migrations().iter().map(|m| m.sql).collect::<Vec<_>>())
        .fetch_all(&mut *conn)
        .await?;
        for (version, name, same) in &applied {
            if !same {
                return Err(Error::Migration(format!(
                    "{db}: a migração {} {version} ({name}) aplicada neste banco difere da \
                     embutida neste binário (ou não existe nele).",
                    scope.as_str()
                )));
            }
        }
        let current = applied.last().map_or(0, |a| a.0);
        for m in scope.migrations().iter().filter(|m| m.version > current) {
            let mut tx = conn.begin().await?;
            sqlx::raw_sql("SET LOCAL ROLE plenario_owner")
                .execute(&mut *tx)
                .await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(m.sql))
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    Error::Migration(format!(
                        "{db}: a migração {} {} ({}) falhou: {e}",
                        scope.as_str(),
                        m.version,
                        m.name
                    ))
                })?;
            sqlx::query(
                "INSERT INTO plenario.migrations (scope, version, name, checksum)
                 VALUES ($1, $2, $3, md5($4))",
            )
            .bind(scope.as_str())
            .bind(m.version)
            .bind(m.name)
            .bind(m.sql)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            applied_now += 1;
            on_step();
        }
        versions.push((scope, scope.latest().max(current)));
    }
    Ok(DbVersions {
        db: db.clone(),
        versions,
        applied_now,
    })
}

/// The version of `scope` recorded in the database behind `pool` (0 if none).
pub async fn current_version(pool: &PgPool, scope: Scope) -> Result<i32> {
    let v: Option<i32> =
        sqlx::query_scalar("SELECT max(version) FROM plenario.migrations WHERE scope = $1")
            .bind(scope.as_str())
            .fetch_one(pool)
            .await
            .or_else(|e| match &e {
                // No bookkeeping schema yet: a database never migrated.
                sqlx::Error::Database(d) if d.code().as_deref() == Some("42P01") => Ok(None),
                _ => Err(e),
            })?;
    Ok(v.unwrap_or(0))
}

/// Refuses a database whose `app` schema is older than this binary expects.
pub async fn ensure_current(pool: &PgPool, db: &DataDb) -> Result<()> {
    for &scope in scopes_for(db) {
        let found = current_version(pool, scope).await?;
        if found < scope.latest() {
            return Err(Error::SchemaOutdated {
                database: db.to_string(),
                scope: scope.as_str(),
                found,
                expected: scope.latest(),
            });
        }
    }
    Ok(())
}

/// Creates the roles on every cluster and migrates the primary database, then registers
/// the configured clusters in the catalog.
pub async fn migrate_control(store: &Store) -> Result<DbVersions> {
    for cluster in store.cluster_names() {
        let mut conn = store.admin_connect(&DataDb::pool(&cluster)).await?;
        bootstrap_roles(&mut conn, store.config().app_password.as_deref()).await?;
        let _ = conn.close().await;
    }
    let v = migrate_database(store, &DataDb::pool(crate::MAIN_CLUSTER), &|| {}).await?;
    for cluster in store.cluster_names() {
        sqlx::query("INSERT INTO control.clusters (name) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(&cluster)
            .execute(store.control())
            .await?;
    }
    Ok(v)
}
