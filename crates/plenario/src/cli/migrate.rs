//! `plenario migrate`: the control plane, then every data-plane database, in parallel.

use std::sync::atomic::{AtomicU64, Ordering};

use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use store::infra::migrate::{self, Scope};
use store::{DataDb, Store};

use crate::env::CliError;

/// Migrates the control plane, then every data-plane database (quietly unless `verbose`).
pub async fn migrate_all(store: &Store, verbose: bool) -> Result<(), CliError> {
    let versions = migrate_with_progress_inner(store, 8, None).await?;
    if verbose {
        print_versions(&versions);
    }
    Ok(())
}

pub(super) async fn migrate_with_progress(
    store: &Store,
    parallel: usize,
) -> Result<Vec<migrate::DbVersions>, CliError> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} bancos ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("migrando");
    let result = migrate_with_progress_inner(store, parallel, Some(&bar)).await;
    bar.finish_and_clear();
    result
}

async fn migrate_with_progress_inner(
    store: &Store,
    parallel: usize,
    bar: Option<&ProgressBar>,
) -> Result<Vec<migrate::DbVersions>, CliError> {
    let control = migrate::migrate_control(store).await?;
    let dbs: Vec<DataDb> = store
        .data_databases()
        .await?
        .into_iter()
        .filter(|db| *db != control.db)
        .collect();
    if let Some(bar) = bar {
        bar.set_length(dbs.len() as u64 + 1);
        bar.inc(1);
    }
    let steps = AtomicU64::new(0);
    let on_step = || {
        steps.fetch_add(1, Ordering::Relaxed);
    };
    let results: Vec<Result<migrate::DbVersions, store::Error>> = futures::stream::iter(dbs.iter())
        .map(|db| {
            let on_step = &on_step;
            async move {
                let r = migrate::migrate_database(store, db, on_step).await;
                if let Some(bar) = bar {
                    bar.inc(1);
                }
                r
            }
        })
        .buffer_unordered(parallel)
        .collect()
        .await;
    let mut versions = vec![control];
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(v) => versions.push(v),
            Err(e) => failures.push(e.to_string()),
        }
    }
    versions.sort_by(|a, b| a.db.cmp(&b.db));
    if !failures.is_empty() {
        print_versions(&versions);
        return Err(CliError {
            message: format!(
                "{} de {} bancos não foram migrados (os demais estão atualizados; rode \
                 `plenario migrate` de novo para continuar):\n  - {}",
                failures.len(),
                dbs.len() + 1,
                failures.join("\n  - ")
            ),
            code: 1,
        });
    }
    Ok(versions)
}

pub(super) fn print_versions(versions: &[migrate::DbVersions]) {
    println!(
        "{:<40} {:>8} {:>8} {:>10}",
        "banco", "control", "app", "aplicadas"
    );
    for v in versions {
        let of = |s: Scope| {
            v.versions
                .iter()
                .find(|(scope, _)| *scope == s)
                .map_or("-".to_owned(), |(_, n)| n.to_string())
        };
        println!(
            "{:<40} {:>8} {:>8} {:>10}",
            v.db.to_string(),
            of(Scope::Control),
            of(Scope::App),
            v.applied_now
        );
    }
}
