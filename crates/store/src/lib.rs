//! PostgreSQL for Plenário: migrations, the catalog of câmaras (control plane), their
//! placements, the tenant-scoped transaction, the tenancy check, provisioning and moves.
//!
//! Tenant rows are reachable only through [`TenantTx`]: a transaction on the application
//! role's pool that sets `app.tenant_id` locally before anything else runs. Row level
//! security, forced on every table of schema `app`, does the rest.

pub mod acompanhamento;
pub mod auditoria;
pub mod busca;
pub mod calendario;
pub mod camara;
pub mod comissoes;
pub mod composicao;
pub mod conta;
pub mod conteudo;
pub mod eletronica;
mod error;
pub mod infra;
pub mod inicio;
pub mod jobs;
pub mod mesa;
pub mod normas;
pub mod plataforma;
pub mod proposicoes;
pub mod protocolo;
pub mod sessoes_plenarias;
pub mod tramitacao;

pub use error::{Error, Result};
pub use infra::limites::Limites;
pub use infra::store::{CONTROL_KEY, DataDb, MAIN_CLUSTER, Store, StoreConfig};
pub use infra::tenancy::{Access, TenantTx};

/// The roles every cluster gets (DESIGN.md §2).
pub mod roles {
    /// Owns the schema; runs migrations; never serves requests.
    pub const OWNER: &str = "plenario_owner";
    /// Serves requests: owns nothing, no BYPASSRLS, DML grants only.
    pub const APP: &str = "plenario_app";
    /// The master panel's role: the same grants, used tenant by tenant, always audited.
    pub const PLATFORM: &str = "plenario_platform";
}

/// Quotes an SQL identifier (for names read from the catalog or validated by `domain`).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
