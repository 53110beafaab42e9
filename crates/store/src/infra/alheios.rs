//! Ids of other câmaras: which câmara a row id belongs to, looked up across câmaras in the
//! same database with the administrative connection. Used only to *record* an attempt to
//! reach another câmara's row (the request still gets a plain 404), never to serve it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sqlx::Connection;

use crate::{DataDb, Store, quote_ident};

/// The owners found so far: a row's câmara never changes (moves keep `tenant_id`), so a
/// staff member trying many paths with the same ids costs one lookup per id. An id found in
/// no câmara of the database is remembered for [`Donos::AUSENTE`] only (a câmara moved in
/// brings its rows). At most [`Donos::MAX`] entries; full, it starts again.
#[derive(Default)]
pub struct Donos(Mutex<HashMap<(DataDb, uuid::Uuid), Achado>>);

#[derive(Clone)]
enum Achado {
    Dono(i32, String),
    Ausente(Instant),
}

impl Donos {
    const MAX: usize = 10_000;
    const AUSENTE: Duration = Duration::from_secs(600);

    /// `Some(owner or None)` when known.
    fn get(&self, chave: &(DataDb, uuid::Uuid)) -> Option<Option<(i32, String)>> {
        match self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(chave)?
        {
            Achado::Dono(t, tabela) => Some(Some((*t, tabela.clone()))),
            Achado::Ausente(desde) if desde.elapsed() < Self::AUSENTE => Some(None),
            Achado::Ausente(_) => None,
        }
    }

    fn put(&self, chave: (DataDb, uuid::Uuid), dono: Option<(i32, String)>) {
        let mut m = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= Self::MAX {
            m.clear();
        }
        let achado = match dono {
            Some((t, tabela)) => Achado::Dono(t, tabela),
            None => Achado::Ausente(Instant::now()),
        };
        m.insert(chave, achado);
    }
}

/// The tables of schema `app` whose rows have a uuid `id` (every entity table).
pub async fn tabelas_com_id(conn: &mut sqlx::PgConnection) -> crate::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped
          WHERE c.relnamespace = 'app'::regnamespace AND c.relkind IN ('r', 'p')
            AND a.atttypid = 'uuid'::regtype
          ORDER BY 1",
    )
    .fetch_all(conn)
    .await?)
}

/// The câmara and table of the row whose `id` is `id`, in any table of `app` of database
/// `db`. Needs a role that may turn row security off (superuser or BYPASSRLS); otherwise,
/// or on any error, answers `None`.
pub async fn dono_do_id(store: &Store, db: &DataDb, id: uuid::Uuid) -> Option<(i32, String)> {
    let chave = (db.clone(), id);
    if let Some(dono) = store.donos().get(&chave) {
        return dono;
    }
    let dono = procurar(store, db, id).await?;
    store.donos().put(chave, dono.clone());
    dono
}

/// `None` when the lookup itself failed (nothing is remembered then).
async fn procurar(store: &Store, db: &DataDb, id: uuid::Uuid) -> Option<Option<(i32, String)>> {
    let mut conn = store.admin_connect(db).await.ok()?;
    let mut tx = conn.begin().await.ok()?;
    sqlx::raw_sql("SET LOCAL row_security = off")
        .execute(&mut *tx)
        .await
        .ok()?;
    let tabelas = tabelas_com_id(&mut tx).await.ok()?;
    if tabelas.is_empty() {
        return Some(None);
    }
    // Identifiers from the catalog, quoted; each branch says which table by its position.
    let sql = tabelas
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "SELECT tenant_id, {i}::integer AS n FROM app.{} WHERE id = $1",
                quote_ident(t)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
        + " LIMIT 1";
    let dono: Option<(i32, i32)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .ok()?;
    let _ = tx.rollback().await;
    let _ = conn.close().await;
    Some(match dono {
        Some((tenant, n)) => Some((tenant, tabelas.get(usize::try_from(n).ok()?)?.clone())),
        None => None,
    })
}
