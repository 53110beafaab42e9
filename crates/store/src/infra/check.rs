//! The tenancy check: reads the system catalogs of a data-plane database and lists every
//! way its tenant tables could leak. Runs after every migration, at start-up and as
//! `plenario check`; any finding stops the server.

use std::fmt;

use sqlx::PgConnection;

use crate::{DataDb, Error, Result, Store, roles};

/// One problem, precise enough to fix without reading this code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub object: String,
    pub problem: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.object, self.problem)
    }
}

/// SECURITY DEFINER functions that were reviewed and may exist. Each must set an empty
/// search_path and filter by tenant itself.
pub const SECURITY_DEFINER_ALLOWLIST: &[&str] = &[];

/// The policy expression every tenant table must carry, as PostgreSQL deparses it.
pub const POLICY_EXPR: &str =
    "(tenant_id = (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::integer)";

/// Each query returns (object, problem) rows. `$1` = app role, `$2` = platform role,
/// `$3` = owner role, `$4` = expected policy expression, `$5` = definer allow-list.
const CHECKS: &[&str] = &[
    // Tenant tables must carry tenant_id integer NOT NULL.
    "SELECT 'app.' || c.relname, 'falta a coluna tenant_id integer NOT NULL'
       FROM pg_class c
      WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                           AND a.atttypid = 'int4'::regtype AND a.attnotnull)",
    // RLS enabled and forced.
    "SELECT 'app.' || c.relname,
            CASE WHEN NOT c.relrowsecurity
                 THEN 'row level security desligada (ALTER TABLE app.' || c.relname || ' ENABLE ROW LEVEL SECURITY)'
                 ELSE 'row level security não está forçada (ALTER TABLE app.' || c.relname || ' FORCE ROW LEVEL SECURITY)' END
       FROM pg_class c
      WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
        AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
    // Exactly one permissive policy, for all commands and roles, with the tenant expression
    // in USING and WITH CHECK. (Restrictive policies may add rules; they can only narrow.)
    "SELECT 'app.' || c.relname,
            CASE WHEN count(p.oid) = 0 THEN 'não tem a política de isolamento tenant_isolation'
                 ELSE 'política permissiva diferente da de isolamento: ' ||
                      string_agg(p.polname || ' (' || p.polcmd::text || ', USING ' ||
                                 coalesce(pg_get_expr(p.polqual, p.polrelid), '-') || ', WITH CHECK ' ||
                                 coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-') || ')', '; ') END
       FROM pg_class c
       LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polpermissive
      WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
      GROUP BY c.oid, c.relname
     HAVING count(p.oid) <> 1
         OR bool_or(p.polcmd <> '*' OR p.polroles <> '{0}'
                    OR pg_get_expr(p.polqual, p.polrelid) IS DISTINCT FROM $4
                    OR pg_get_expr(p.polwithcheck, p.polrelid) IS DISTINCT FROM $4)",
    // A primary key is required.
    "SELECT 'app.' || c.relname, 'não tem chave primária (use PRIMARY KEY (tenant_id, id))'
       FROM pg_class c
      WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')",
    // Every key, unique, exclusion and foreign key constraint leads with tenant_id.
    "SELECT 'app.' || c.relname || ' / ' || k.conname,
            CASE k.contype WHEN 'p' THEN 'a chave primária' WHEN 'u' THEN 'a restrição UNIQUE'
                           WHEN 'x' THEN 'a restrição de exclusão' ELSE 'a chave estrangeira' END
            || ' não começa por tenant_id'
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE c.relnamespace = 'app'::regnamespace AND k.contype IN ('p', 'u', 'x', 'f')
        AND a.attname <> 'tenant_id'",
    // A foreign key between tenant tables pairs tenant_id with tenant_id.
    "SELECT 'app.' || c.relname || ' / ' || k.conname,
            'a chave estrangeira para ' || r.relnamespace::regnamespace || '.' || r.relname ||
            ' deve ligar tenant_id a tenant_id, na primeira posição'
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class r ON r.oid = k.confrelid
       JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
      WHERE c.relnamespace = 'app'::regnamespace AND k.contype = 'f'
        AND ra.attname <> 'tenant_id'",
    // Indexes (unique or not) lead with tenant_id.
    "SELECT 'app.' || c.relname || ' / ' || i.relname, 'o índice não começa por tenant_id'
       FROM pg_index x
       JOIN pg_class c ON c.oid = x.indrelid
       JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
      WHERE c.relnamespace = 'app'::regnamespace
        AND (a.attname IS NULL OR a.attname <> 'tenant_id')",
    // Every tenant table hangs from plenario.resident, so a câmara leaves a database whole.
    "SELECT 'app.' || c.relname,
            'falta FOREIGN KEY (tenant_id) REFERENCES plenario.resident (tenant_id) ON DELETE CASCADE'
       FROM pg_class c
      WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                         WHERE k.conrelid = c.oid AND k.contype = 'f'
                           AND k.confrelid = 'plenario.resident'::regclass AND k.confdeltype = 'c')",
    // Views run with the caller's rights; materialized views would hold rows of all câmaras.
    "SELECT n.nspname || '.' || c.relname,
            CASE c.relkind WHEN 'm' THEN 'visão materializada não pode conter dados de câmaras'
                 ELSE 'a visão roda com os direitos do dono (use WITH (security_invoker = true))' END
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('app', 'plenario', 'public', 'control')
        AND ((c.relkind = 'v' AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)
                               AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=on'], false))
             OR (c.relkind = 'm' AND n.nspname = 'app'))",
    // SECURITY DEFINER functions only from the reviewed allow-list.
    "SELECT n.nspname || '.' || p.proname || '()', 'função SECURITY DEFINER fora da lista revisada'
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE p.prosecdef AND n.nspname IN ('app', 'plenario', 'public', 'control')
        AND NOT (n.nspname || '.' || p.proname = ANY ($5))",
    // The serving roles: no superuser, no bypass, no ownership, no way into the owner.
    "SELECT 'papel ' || r.rolname,
            concat_ws('; ',
              CASE WHEN r.rolsuper THEN 'é superusuário' END,
              CASE WHEN r.rolbypassrls THEN 'tem BYPASSRLS' END,
              CASE WHEN pg_has_role(r.oid, $3::name, 'MEMBER') THEN 'é membro de ' || $3 END,
              CASE WHEN EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid)
                   THEN 'é dono de tabelas ou visões' END,
              CASE WHEN EXISTS (SELECT 1 FROM pg_namespace s WHERE s.nspowner = r.oid)
                   THEN 'é dono de esquemas' END)
       FROM pg_roles r
      WHERE r.rolname IN ($1, $2)
        AND (r.rolsuper OR r.rolbypassrls OR pg_has_role(r.oid, $3::name, 'MEMBER')
             OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid)
             OR EXISTS (SELECT 1 FROM pg_namespace s WHERE s.nspowner = r.oid))",
    // TRUNCATE, TRIGGER and REFERENCES ignore row level security.
    "SELECT 'app.' || c.relname, 'o papel ' || r.rolname || ' tem ' || priv || ', que ignora RLS'
       FROM pg_class c
      CROSS JOIN pg_roles r
      CROSS JOIN unnest(ARRAY['TRUNCATE', 'TRIGGER', 'REFERENCES']) AS priv
      WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
        AND r.rolname IN ($1, $2)
        AND has_table_privilege(r.oid, c.oid, priv)",
    // The roles must exist at all.
    "SELECT 'papel ' || want, 'não existe neste cluster (execute plenario migrate)'
       FROM unnest(ARRAY[$1, $2, $3]) AS want
      WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = want)",
];

/// Runs every check on the database behind `conn`.
pub async fn check_connection(conn: &mut PgConnection) -> Result<Vec<Finding>> {
    let has_app: bool = sqlx::query_scalar("SELECT to_regnamespace('app') IS NOT NULL")
        .fetch_one(&mut *conn)
        .await?;
    if !has_app {
        return Ok(vec![Finding {
            object: "esquema app".into(),
            problem: "não existe (execute plenario migrate)".into(),
        }]);
    }
    let mut findings = Vec::new();
    for sql in CHECKS {
        let rows: Vec<(String, String)> = sqlx::query_as(*sql)
            .bind(roles::APP)
            .bind(roles::PLATFORM)
            .bind(roles::OWNER)
            .bind(POLICY_EXPR)
            .bind(SECURITY_DEFINER_ALLOWLIST)
            .fetch_all(&mut *conn)
            .await?;
        findings.extend(
            rows.into_iter()
                .map(|(object, problem)| Finding { object, problem }),
        );
    }
    Ok(findings)
}

/// Checks one data-plane database.
pub async fn check_database(store: &Store, db: &DataDb) -> Result<Vec<Finding>> {
    let mut conn = store.admin_connect(db).await?;
    let findings = check_connection(&mut conn).await?;
    Ok(findings
        .into_iter()
        .map(|f| Finding {
            object: format!("[{db}] {}", f.object),
            problem: f.problem,
        })
        .collect())
}

/// Checks every data-plane database; an error lists every finding.
pub async fn check_all(store: &Store) -> Result<usize> {
    use futures::StreamExt;
    let dbs = store.data_databases().await?;
    let results: Vec<Result<Vec<Finding>>> = futures::stream::iter(dbs.iter())
        .map(|db| check_database(store, db))
        .buffer_unordered(8)
        .collect()
        .await;
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    all.sort_by(|a, b| a.object.cmp(&b.object));
    if all.is_empty() {
        Ok(dbs.len())
    } else {
        Err(Error::TenancyCheck(
            all.iter()
                .map(|f| format!("  - {f}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ))
    }
}
