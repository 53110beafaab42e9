//! What every area stands on: the open-data row macro, the store and its pools, the tenant-scoped transaction, the
//! catalog of câmaras, migrations, the tenancy check, the embedded cluster, provisioning and
//! moves, the listeners of other processes' commits, uploaded files, the per-câmara limits, the refusal table, the cross-câmara id lookup
//! and the gapless counters.

pub mod aberto;
pub mod alheios;
pub mod arquivos;
pub mod catalog;
pub mod check;
pub mod contador;
pub mod datas;
pub mod embedded;
pub mod leitura;
pub mod like;
pub mod limites;
pub mod migrate;
pub mod moves;
pub mod ouvinte;
pub mod planos;
pub mod provision;
pub mod recusas;
pub(crate) mod store;
pub mod tenancy;
