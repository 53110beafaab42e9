//! Subcommands: one module per command group.

use std::net::SocketAddr;
use std::time::Instant;

use clap::{Parser, Subcommand};
use store::infra::catalog;

use crate::env::{CliError, DbArgs, Env};

mod backup;
mod migrate;
mod platform_admin;
mod proxy;
mod serve;
mod tenant;
mod user;
mod worker;

pub use migrate::migrate_all;
use migrate::{migrate_with_progress, print_versions};
pub use platform_admin::PlatformAdminCommand;
use serve::serve;
pub use tenant::TenantCommand;
pub use user::UserCommand;

#[derive(Debug, Parser)]
#[command(
    name = "plenario",
    version,
    about = "Plenário: processo legislativo e portal das câmaras municipais"
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the câmaras over HTTP.
    Serve {
        #[arg(long, env = "PLENARIO_LISTEN", default_value = "0.0.0.0:8080")]
        listen: SocketAddr,
        /// Serve /metrics (Prometheus) on this address only; never on a câmara's host.
        #[arg(long, env = "PLENARIO_METRICS_LISTEN")]
        metrics_listen: Option<SocketAddr>,
    },
    /// Development: embedded PostgreSQL, migrations, three demo câmaras, server on :8080.
    Dev {
        #[arg(long, env = "PLENARIO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Serve /metrics (Prometheus) on this address only; never on a câmara's host.
        #[arg(long, env = "PLENARIO_METRICS_LISTEN")]
        metrics_listen: Option<SocketAddr>,
    },
    /// Run only the background job worker (e-mails, notifications), until Ctrl-C.
    Worker,
    /// Apply pending migrations to the control plane and every data-plane database.
    Migrate {
        /// How many databases to migrate at once.
        #[arg(long, default_value_t = 8)]
        parallel: usize,
    },
    /// Verify tenant isolation (RLS, keys, roles) in every data-plane database.
    Check,
    /// Manage câmaras.
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
    /// Manage a câmara's users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the platform's administrators (the master panel).
    PlatformAdmin {
        #[command(subcommand)]
        command: PlatformAdminCommand,
    },
    /// Back up every câmara (with retention).
    Backup {
        #[command(subcommand)]
        command: backup::BackupCommand,
    },
    /// Disaster recovery: the restore drill.
    Dr {
        #[command(subcommand)]
        command: backup::DrCommand,
    },
    /// The reverse proxy in front of the app processes (nginx, TLS per domain).
    Proxy {
        #[command(subcommand)]
        command: proxy::ProxyCommand,
    },
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Serve {
            listen,
            metrics_listen,
        } => {
            let mut env = Env::open(&cli.db).await?;
            env.supervise_embedded();
            let listener = tokio::net::TcpListener::bind(listen).await?;
            serve(&env, &cli.db, listener, metrics_listen).await
        }
        Command::Dev {
            listen,
            metrics_listen,
        } => {
            let mut env = Env::open(&cli.db).await?;
            env.supervise_embedded();
            if env.embedded.is_none() {
                eprintln!("aviso: DATABASE_URL definida; usando esse banco em vez do embutido.");
                migrate_all(&env.store, true).await?;
            }
            crate::demo::ensure_demo(&env.store, &cli.db.base_domain).await?;
            let listener = tokio::net::TcpListener::bind(listen).await?;
            let port = listener.local_addr()?.port();
            println!("\nCâmaras de demonstração:");
            for t in catalog::list(env.store.control(), 1000, 0).await? {
                println!(
                    "  {:<40} http://{}.{}:{port}/  ({})",
                    t.nome_oficial, t.slug, cli.db.base_domain, t.placement
                );
            }
            println!(
                "\nAdministração: http://<câmara>.{}:{port}/admin — usuário admin@<câmara>.example, senha {}",
                cli.db.base_domain,
                crate::demo::DEMO_PASSWORD
            );
            println!(
                "Painel da plataforma: http://admin.{}:{port}/admin-master (crie um acesso com \
                 `plenario platform-admin create --email … --nome …`)",
                cli.db.base_domain
            );
            println!();
            let mut args = cli.db.clone();
            args.public_port = args.public_port.or(Some(port));
            serve(&env, &args, listener, metrics_listen).await
        }
        Command::Worker => {
            let mut env = Env::open(&cli.db).await?;
            env.supervise_embedded();
            worker::run(&env, &cli.db).await
        }
        Command::Migrate { parallel } => {
            let env = Env::open(&cli.db).await?;
            if env.embedded.is_none() {
                let started = Instant::now();
                let versions = migrate_with_progress(&env.store, parallel.max(1)).await?;
                print_versions(&versions);
                println!(
                    "{} bancos atualizados em {:.2} s.",
                    versions.len(),
                    started.elapsed().as_secs_f64()
                );
            }
            let n = store::infra::check::check_all(&env.store).await?;
            println!("Verificação de isolamento: {n} bancos sem problemas.");
            Ok(())
        }
        Command::Check => {
            let env = Env::open(&cli.db).await?;
            let n = store::infra::check::check_all(&env.store).await?;
            println!("Verificação de isolamento: {n} bancos sem problemas.");
            Ok(())
        }
        Command::Tenant { command } => {
            let env = Env::open(&cli.db).await?;
            tenant::run(&env.store, &cli.db, command).await
        }
        Command::User { command } => {
            let env = Env::open(&cli.db).await?;
            user::run(&env.store, &cli.db, command).await
        }
        Command::PlatformAdmin { command } => {
            let env = Env::open(&cli.db).await?;
            platform_admin::run(&env.store, &cli.db, command).await
        }
        Command::Backup { command } => {
            let env = Env::open(&cli.db).await?;
            backup::run_backup(&env.store, command).await
        }
        Command::Dr { command } => {
            let env = Env::open(&cli.db).await?;
            backup::run_dr(&env.store, &cli.db, command).await
        }
        Command::Proxy { command } => {
            let env = Env::open(&cli.db).await?;
            proxy::run(&env.store, &cli.db, command).await
        }
    }
}
