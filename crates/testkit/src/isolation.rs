//! The isolation suite. Nothing is registered by hand: tables come from the system
//! catalogs and routes from the web crate's route table. Each check returns findings
//! (empty = isolated), so the mutation tests can show that it fails when isolation breaks.

use std::collections::BTreeSet;

use axum::http::Method;
use futures::StreamExt;
use serde_json::Value;
use sqlx::{Connection, PgConnection};
use store::infra::catalog::Tenant;
use store::{DataDb, Store, quote_ident};

use crate::fixtures::canary;
use crate::http::{TestApp, host_of};

/// Runs `f` in a transaction scoped to `tenant` (or none) as the application role, and
/// rolls it back. Returns the SQLSTATE of an error, if any.
async fn as_app<T>(
    conn: &mut PgConnection,
    tenant: Option<i32>,
    f: impl AsyncFnOnce(&mut PgConnection) -> Result<T, sqlx::Error>,
) -> Result<T, String> {
    let mut tx = conn.begin().await.map_err(|e| e.to_string())?;
    if let Some(t) = tenant {
        sqlx::query("SELECT set_config('app.tenant_id', $1::text, true)")
            .bind(t)
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
    }
    let r = f(&mut tx).await;
    let _ = tx.rollback().await;
    r.map_err(|e| match &e {
        sqlx::Error::Database(d) => d.code().map(|c| c.into_owned()).unwrap_or_default(),
        _ => e.to_string(),
    })
}

/// The tables of schema `app` (from the catalog, as the application role sees it).
pub async fn app_tables(conn: &mut PgConnection) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT relname::text FROM pg_class
          WHERE relnamespace = 'app'::regnamespace AND relkind IN ('r', 'p') ORDER BY relname",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

/// Foreign keys from `table` to other tables of `app`: (referenced table, [(column,
/// referenced column)]) without the leading tenant pair, and whether the key holds that
/// pair (`tenant_id` → `tenant_id`).
async fn app_foreign_keys(
    conn: &mut PgConnection,
    table: &str,
) -> Vec<(String, Vec<(String, String)>, bool)> {
    let rows: Vec<(String, Vec<String>, Vec<String>)> = sqlx::query_as(
        "SELECT r.relname::text,
                array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),
                array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)
           FROM pg_constraint k
           JOIN pg_class r ON r.oid = k.confrelid
          WHERE k.contype = 'f' AND k.conrelid = ('app.' || quote_ident($1))::regclass
            AND r.relnamespace = 'app'::regnamespace",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(r, cols, rcols)| {
            let (tenant, pairs): (Vec<_>, Vec<_>) = cols
                .into_iter()
                .zip(rcols)
                .partition(|(c, _)| c == "tenant_id");
            let com_tenant = tenant.iter().any(|(_, rc)| rc == "tenant_id");
            (r, pairs, com_tenant)
        })
        .collect()
}

async fn rows_of(conn: &mut PgConnection, table: &str, tenant: i32) -> Vec<Value> {
    as_app(conn, Some(tenant), async |c| {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT to_jsonb(t) FROM app.{} t WHERE tenant_id = $1 ORDER BY t.id",
            quote_ident(table)
        )))
        .bind(tenant)
        .fetch_all(c)
        .await
    })
    .await
    .unwrap_or_default()
}

/// The database-level suite, as the application role, on the database holding `a` and `b`:
/// for every table of `app`, câmara A can neither see, change, delete, insert nor point at
/// câmara B's rows, and without a câmara nothing is visible.
pub async fn check_database(store: &Store, a: &Tenant, b: &Tenant) -> Vec<String> {
    assert_eq!(
        DataDb::of(&a.placement),
        DataDb::of(&b.placement),
        "check_database needs two câmaras in the same database"
    );
    let pool = store.app_pool(&DataDb::of(&a.placement)).await.unwrap();
    let mut conn = pool.acquire().await.unwrap().detach();
    let mut findings = Vec::new();
    let tables = app_tables(&mut conn).await;
    if tables.is_empty() {
        findings.push("nenhuma tabela em app: a verificação não verificou nada".to_owned());
    }
    for table in &tables {
        let t = format!("app.{}", quote_ident(table));
        let name = format!("app.{table}");
        let a_rows = rows_of(&mut conn, table, a.id).await;
        let b_rows = rows_of(&mut conn, table, b.id).await;
        if a_rows.is_empty() || b_rows.is_empty() {
            findings.push(format!(
                "{name}: sem linhas de teste para as duas câmaras; acrescente-as em testkit::fixtures::populate"
            ));
            continue;
        }
        let b_ids: Vec<String> = b_rows
            .iter()
            .filter_map(|r| r["id"].as_str().map(str::to_owned))
            .collect();

        // No câmara set: nothing visible, nothing writable.
        let none = as_app(&mut conn, None, async |c| {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}")))
                .fetch_one(c)
                .await
        })
        .await;
        if none != Ok(0) {
            findings.push(format!(
                "{name}: sem câmara definida, a leitura devolveu {none:?} (esperado 0 linhas)"
            ));
        }
        // After a transaction that set a câmara and committed, the next one sees nothing.
        let _ = as_app(&mut conn, Some(b.id), async |_| Ok(())).await;
        let after = as_app(&mut conn, None, async |c| {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}")))
                .fetch_one(c)
                .await
        })
        .await;
        if after != Ok(0) {
            findings.push(format!(
                "{name}: depois de uma transação com câmara, a seguinte viu {after:?} (esperado 0)"
            ));
        }
        // Every column but the generated ones (the database computes those).
        let cols: Vec<String> = sqlx::query_scalar(
            "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = $1::regclass
                AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        )
        .bind(&t)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_default();
        let cols = cols.join(", ");
        let insert = format!(
            "INSERT INTO {t} ({cols}) SELECT {cols} FROM jsonb_populate_record(NULL::{t}, $1)"
        );
        let ins_none = as_app(&mut conn, None, async |c| {
            sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                .bind(&b_rows[0])
                .execute(c)
                .await
        })
        .await;
        if ins_none.as_ref().err().map(String::as_str) != Some("42501") {
            findings.push(format!("{name}: sem câmara definida, inserir uma linha resultou em {ins_none:?} (esperado 42501)"));
        }

        // With A set: B's rows are invisible…
        let seen = as_app(&mut conn, Some(a.id), async |c| {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT count(*) FROM {t} x WHERE x.tenant_id <> $1 OR x.id::text = ANY($2)"
            )))
            .bind(a.id)
            .bind(&b_ids)
            .fetch_one(c)
            .await
        })
        .await;
        if seen != Ok(0) {
            findings.push(format!(
                "{name}: a câmara A enxergou {seen:?} linhas de outra câmara"
            ));
        }
        // …cannot be updated or deleted…
        for (what, sql) in [
            (
                "UPDATE",
                format!(
                    "UPDATE {t} SET tenant_id = tenant_id WHERE tenant_id = $1 OR id::text = ANY($2)"
                ),
            ),
            (
                "DELETE",
                format!("DELETE FROM {t} WHERE tenant_id = $1 OR id::text = ANY($2)"),
            ),
        ] {
            let n = as_app(&mut conn, Some(a.id), async |c| {
                sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(b.id)
                    .bind(&b_ids)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected())
            })
            .await;
            // 0 rows, or no UPDATE/DELETE privilege at all (append-only tables).
            if n != Ok(0) && n != Err("42501".to_owned()) {
                findings.push(format!("{name}: {what} de linhas de B pela câmara A resultou em {n:?} (esperado 0 linhas)"));
            }
        }
        // …cannot be inserted, and A's rows cannot be given to B.
        let ins = as_app(&mut conn, Some(a.id), async |c| {
            sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                .bind(&b_rows[0])
                .execute(c)
                .await
        })
        .await;
        if ins.as_ref().err().map(String::as_str) != Some("42501") {
            findings.push(format!(
                "{name}: a câmara A inseriu uma linha de B: {ins:?} (esperado 42501)"
            ));
        }
        let give = as_app(&mut conn, Some(a.id), async |c| {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE {t} SET tenant_id = $2 WHERE tenant_id = $1"
            )))
            .bind(a.id)
            .bind(b.id)
            .execute(c)
            .await
        })
        .await;
        if give.as_ref().err().map(String::as_str) != Some("42501") {
            findings.push(format!(
                "{name}: a câmara A passou linhas para B: {give:?} (esperado 42501)"
            ));
        }
        // Foreign keys cannot point at B's rows.
        for (parent, pairs, com_tenant) in app_foreign_keys(&mut conn, table).await {
            if pairs.is_empty() {
                continue;
            }
            let parent_b = rows_of(&mut conn, &parent, b.id).await;
            let Some(target) = parent_b.first() else {
                findings.push(format!("app.{parent}: sem linhas de teste de B para testar a chave estrangeira de {name}"));
                continue;
            };
            let mut patch = serde_json::Map::new();
            for (col, rcol) in &pairs {
                patch.insert(col.clone(), target[rcol].clone());
            }
            let cols = pairs
                .iter()
                .map(|(c, _)| quote_ident(c))
                .collect::<Vec<_>>()
                .join(", ");
            let picks = pairs
                .iter()
                .map(|(c, _)| format!("r.{}", quote_ident(c)))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "UPDATE {t} SET ({cols}) = (SELECT {picks} FROM jsonb_populate_record(NULL::{t}, $1) r)
                  WHERE tenant_id = $2 AND id::text = $3"
            );
            // A row of A that uses this key (so only the key changes, no other rule trips).
            let a_row = a_rows
                .iter()
                .find(|r| pairs.iter().all(|(c, _)| !r[c].is_null()))
                .unwrap_or(&a_rows[0]);
            let a_id = a_row["id"].as_str().unwrap_or_default().to_owned();
            let mut fk = as_app(&mut conn, Some(a.id), async |c| {
                sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(Value::Object(patch.clone()))
                    .bind(a.id)
                    .bind(&a_id)
                    .execute(c)
                    .await
            })
            .await;
            let so_insercao = fk.as_ref().err().map(String::as_str) == Some("42501");
            if so_insercao {
                // An append-only table (no UPDATE): a new row of A pointing at B's.
                let mut copia = a_row.clone();
                if let Value::Object(m) = &mut copia {
                    m.extend(patch.clone());
                    m.insert("id".into(), Value::String(uuid::Uuid::now_v7().to_string()));
                }
                fk = as_app(&mut conn, Some(a.id), async |c| {
                    sqlx::query(sqlx::AssertSqlSafe(insert.clone()))
                        .bind(&copia)
                        .execute(c)
                        .await
                })
                .await;
            }
            // The copy of an append-only row may trip one of the table's own rules first
            // (a unique key, a check): then the key itself must hold the câmara.
            let pela_estrutura = so_insercao
                && com_tenant
                && matches!(
                    fk.as_ref().err().map(String::as_str),
                    Some("23505" | "23514")
                );
            if fk.as_ref().err().map(String::as_str) != Some("23503") && !pela_estrutura {
                findings.push(format!(
                    "{name}: uma linha de A passou a apontar para app.{parent} de B ({fk:?}; esperado 23503)"
                ));
            }
        }
    }
    let _ = conn.close().await;
    findings
}

/// Identifiers found in `tenant`'s rows: ids, slugs and other keys a URL might carry. Of
/// each key-like column of each table, the value of one row is taken, a row that shows the
/// câmara's canary if there is one: every kind of key is tried, without walking every route
/// with every row (the walk grows as routes × identifiers).
pub async fn identifiers_of(store: &Store, tenant: &Tenant) -> BTreeSet<String> {
    let pool = store
        .app_pool(&DataDb::of(&tenant.placement))
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap().detach();
    let marca = canary(tenant);
    let mut ids = BTreeSet::from([tenant.slug.clone(), tenant.id.to_string()]);
    for table in app_tables(&mut conn).await {
        let mut rows = rows_of(&mut conn, &table, tenant.id).await;
        // Stable: canary rows first, then the rest in id order.
        rows.sort_by_key(|r| !r.to_string().contains(&marca));
        let mut colunas = BTreeSet::new();
        for row in rows {
            let Value::Object(map) = row else { continue };
            for (k, v) in map {
                let key_like = k == "id" || k == "slug" || k.ends_with("_id") || k == "numero";
                let valor = match v {
                    Value::String(s) if key_like => s,
                    Value::Number(n) if key_like && k != "tenant_id" => n.to_string(),
                    _ => continue,
                };
                if colunas.insert(k) {
                    ids.insert(valor);
                }
            }
        }
    }
    let _ = conn.close().await;
    ids
}

/// Whether `value` can fill the parameters of `path`: a route whose parameters are all
/// `{id}` takes only uuids and numbers (anything else is refused before any handler runs).
fn fits(path: &str, value: &str) -> bool {
    let so_ids = path
        .split('/')
        .filter(|seg| seg.starts_with('{'))
        .all(|seg| seg == "{id}");
    !so_ids || uuid::Uuid::parse_str(value).is_ok() || value.bytes().all(|b| b.is_ascii_digit())
}

/// Fills the `{param}` segments of a route path with `value`.
pub fn fill_path(path: &str, value: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                value
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The HTTP-level suite: every GET route of the route table, requested on A's host with
/// each of B's identifiers, never shows B's canary. As a control, B's own home page must
/// show it (otherwise the check could not fail).
pub async fn check_http(app: &TestApp, store: &Store, a: &Tenant, b: &Tenant) -> Vec<String> {
    // As a visitor, and as A's administrator (every admin page open to them).
    let (_, cookie) = crate::fixtures::logged_in(store, a, domain::auth::Papel::Admin).await;
    let mut findings = check_http_as(app, store, a, b, None).await;
    findings.extend(check_http_as(app, store, a, b, Some(&cookie)).await);
    // Control: logged in, A's own admin shows A's rows, so the check could fail.
    let own = app.get_as(&host_of(a), "/admin/usuarios", &cookie).await;
    if !own.body.contains(&canary(a)) {
        findings.push(format!(
            "a lista de usuários de A não mostra o canário de A ({}): a verificação logada não teria como falhar",
            own.status
        ));
    }
    findings
}

async fn check_http_as(
    app: &TestApp,
    store: &Store,
    a: &Tenant,
    b: &Tenant,
    cookie: Option<&str>,
) -> Vec<String> {
    let mut findings = Vec::new();
    let b_canary = canary(b);
    let own = app.get(&host_of(b), "/").await;
    if !own.body.contains(&b_canary) {
        findings.push(format!(
            "a página inicial de B não mostra o canário de B ({}): a verificação HTTP não teria como falhar",
            own.status
        ));
    }
    let ids = identifiers_of(store, b).await;
    let routes: Vec<_> = web::routes::route_info()
        .into_iter()
        .filter(|r| r.method == Method::GET)
        // A visitor on a route that needs a permission is sent to the login page before any
        // handler runs (the routing tests prove it): the visitor walks the public routes.
        .filter(|r| cookie.is_some() || r.permissao.is_none())
        .collect();
    if routes.is_empty() {
        findings.push("a tabela de rotas não tem rotas GET".into());
    }
    let host = host_of(a);
    let paths: Vec<String> = routes
        .iter()
        .flat_map(|route| {
            if route.path.contains('{') {
                ids.iter()
                    .filter(|id| fits(route.path, id))
                    .map(|id| fill_path(route.path, id))
                    .collect()
            } else {
                vec![route.path.to_owned()]
            }
        })
        .collect();
    let inicio = std::time::Instant::now();
    let pedidos = paths.len();
    // Eight at a time: the server side runs on the database's cores as well as the test's.
    let answers: Vec<(String, crate::http::TestResponse)> = futures::stream::iter(paths)
        .map(|path| {
            let (app, host) = (app.clone(), host.clone());
            async move {
                let resp = match cookie {
                    Some(c) => app.get_as(&host, &path, c).await,
                    None => app.get(&host, &path).await,
                };
                (path, resp)
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    eprintln!(
        "isolamento HTTP ({}): {pedidos} pedidos com {} identificadores de B, {:?}",
        if cookie.is_some() {
            "administrador de A"
        } else {
            "visitante"
        },
        ids.len(),
        inicio.elapsed()
    );
    for (path, resp) in answers {
        if resp.body.contains(&b_canary) {
            findings.push(format!(
                "GET {path} no domínio de A mostrou dados de B ({})",
                resp.status
            ));
        }
        if resp.status.is_server_error() {
            findings.push(format!(
                "GET {path} no domínio de A falhou com {}",
                resp.status
            ));
        }
    }
    findings
}
