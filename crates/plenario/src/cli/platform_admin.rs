//! `plenario platform-admin …`: the master panel's administrators.

use clap::Subcommand;
use store::Store;

use crate::env::{CliError, DbArgs, actor};

#[derive(Debug, Subcommand)]
pub enum PlatformAdminCommand {
    /// Create a platform administrator: prints a one-time password and the TOTP key
    /// (two-factor login is mandatory on the master panel).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        nome: String,
    },
    /// Give a platform administrator a new one-time password (replaced at the next login,
    /// valid 24 hours unused); ends their sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

pub async fn run(
    store: &Store,
    args: &DbArgs,
    command: PlatformAdminCommand,
) -> Result<(), CliError> {
    match command {
        PlatformAdminCommand::Create { email, nome } => {
            let (admin, senha, url, secret) =
                store::plataforma::criar(store, &email, &nome, &actor()).await?;
            let host = args
                .platform_host
                .clone()
                .unwrap_or_else(|| format!("admin.{}", args.base_domain));
            println!(
                "Administrador da plataforma criado: {} <{}>",
                admin.nome, admin.email
            );
            println!("  senha provisória: {senha}  (trocada no primeiro acesso; vale 24 horas)");
            println!("  chave TOTP (cadastre no aplicativo autenticador): {secret}");
            println!("  {url}");
            println!("  acesso: http://{host}/admin-master/login");
            Ok(())
        }
        PlatformAdminCommand::ResetPassword { email } => {
            let senha = store::plataforma::redefinir_senha(store, &email, &actor()).await?;
            println!("Nova senha provisória de {email}: {senha}");
            println!(
                "  trocada no primeiro acesso; vale 24 horas; as sessões abertas foram encerradas"
            );
            Ok(())
        }
    }
}
