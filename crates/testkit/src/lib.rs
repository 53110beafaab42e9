//! Test support for Plenário.
//!
//! * [`cluster`]: one private PostgreSQL cluster per test binary, started on first use
//!   (as `nobody` when root), migrated once, stopped and removed when the binary exits.
//! * [`TestEnv`]: a store on that cluster; every test provisions its own câmaras, so tests
//!   are independent and run in parallel.
//! * [`fixtures`]: rows in every table of `app`, with canary strings.
//! * [`isolation`]: the isolation suite, generated from the system catalogs and the route
//!   table.

#![allow(clippy::unwrap_used)]

pub mod browser;
pub mod cluster;
pub mod escritas;
pub mod fixtures;
pub mod fuzz;
pub mod http;
pub mod isolation;
pub mod logs;
pub mod plataforma;
pub mod smtp;
pub mod sse;

use std::sync::atomic::{AtomicUsize, Ordering};

use domain::{PlacementTarget, Slug};
use sqlx::postgres::PgConnectOptions;
use store::infra::catalog::Tenant;
use store::infra::provision::{self, NewTenant};
use store::{DataDb, MAIN_CLUSTER, Store, StoreConfig};

pub use cluster::cluster;

/// The base domain tests use: câmaras answer on `<slug>.localhost`.
pub const BASE_DOMAIN: &str = "localhost";

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// A fresh name for this binary's cluster: `prefix-<n>` (slugs, databases, clusters).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", SEQ.fetch_add(1, Ordering::Relaxed))
}

/// A store on the test cluster.
pub struct TestEnv {
    pub store: Store,
}

impl TestEnv {
    /// The main cluster only, pools of the default size.
    pub async fn new() -> Self {
        Self::with(16, &[]).await
    }

    /// `pool_max` connections per pool; `extra` clusters as (name, database on the test
    /// server) pairs, each migrated as a pool database.
    pub async fn with(pool_max: u32, extra: &[(&str, &str)]) -> Self {
        let c = cluster::ready().await;
        let mut clusters = vec![(MAIN_CLUSTER.to_owned(), c.options("plenario"))];
        for (name, db) in extra {
            c.create_database(db).await;
            clusters.push(((*name).to_owned(), c.options(db)));
        }
        let store = Store::new(StoreConfig {
            clusters,
            app_password: None,
            pool_max,
            assert_clean_connections: true,
            files_dir: c.files_dir(),
            files_url: None,
            // A loaded test machine must not turn into timeouts.
            limites: store::Limites {
                acquire_timeout: std::time::Duration::from_secs(10),
                ..Default::default()
            },
        })
        .unwrap();
        if !extra.is_empty() {
            store::infra::migrate::migrate_control(&store)
                .await
                .unwrap();
            for (name, _) in extra {
                store::infra::migrate::migrate_database(&store, &DataDb::pool(name), &|| {})
                    .await
                    .unwrap();
            }
        }
        Self { store }
    }

    /// A scratch cluster: a database of its own on the test server, registered as a
    /// cluster named `name`, migrated. Mutation tests break it without touching others.
    pub async fn with_scratch(name: &str) -> Self {
        let db = format!("scratch_{name}");
        Self::with(4, &[(name, db.as_str())]).await
    }

    pub fn options(&self, database: &str) -> PgConnectOptions {
        cluster::get().options(database)
    }

    /// Provisions a câmara with a unique slug based on `prefix`, in the placement given
    /// (`pool`, `dedicated`, `pool@scratch`…).
    pub async fn camara(&self, prefix: &str, placement: &str) -> Tenant {
        self.camara_with_slug(&unique(prefix), placement).await
    }

    /// Provisions a câmara with exactly this slug.
    pub async fn camara_with_slug(&self, slug: &str, placement: &str) -> Tenant {
        let new = NewTenant {
            slug: Slug::parse(slug).unwrap(),
            nome_oficial: format!("Câmara Municipal de Teste {slug}"),
            municipio: domain::municipios::find("Olinda", "PE").unwrap(),
            domain: None,
            placement: PlacementTarget::parse(placement).unwrap(),
            admin_email: Some(format!("admin@{slug}.example")),
            mesmo_municipio: true,
        };
        provision::create(&self.store, new, BASE_DOMAIN, "test")
            .await
            .unwrap()
            .tenant
    }

    /// The router, as `serve` builds it.
    pub fn app(&self) -> http::TestApp {
        http::TestApp::new(self.store.clone())
    }

    /// Reloads a câmara from the catalog.
    pub async fn reload(&self, t: &Tenant) -> Tenant {
        store::infra::catalog::get_by_slug(self.store.control(), &t.slug)
            .await
            .unwrap()
    }
}
