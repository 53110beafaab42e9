//! `plenario user …`: a câmara's users, managed by the operator as the platform.

use clap::Subcommand;
use store::Store;
use store::infra::catalog;

use crate::env::{CliError, DbArgs, actor};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; prints a one-time password (changed at first login).
    Create {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        nome: String,
        /// ADMIN, SECRETARIA, OPERADOR, EDITOR, PARLAMENTAR, ASSESSOR or AUXILIAR.
        #[arg(long)]
        papel: String,
    },
    /// List a câmara's users, a page at a time.
    List {
        #[arg(long)]
        tenant: String,
        #[arg(long, default_value_t = 1)]
        page: i64,
        #[arg(long, default_value_t = 50)]
        per_page: i64,
    },
    /// Replace a user's password with a one-time password and end their sessions.
    ResetPassword {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
    },
    /// Deactivate a user and end their sessions.
    Disable {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
    },
}

pub async fn run(store: &Store, args: &DbArgs, command: UserCommand) -> Result<(), CliError> {
    use store::auditoria::Autor;
    use store::conta::usuarios::{self, NovoUsuario};
    use store::{Access, TenantTx};

    let actor = actor();
    let autor = Autor::cli(&actor);
    let slug = match &command {
        UserCommand::Create { tenant, .. }
        | UserCommand::List { tenant, .. }
        | UserCommand::ResetPassword { tenant, .. }
        | UserCommand::Disable { tenant, .. } => tenant.clone(),
    };
    let t = catalog::get_by_slug_input(store.control(), &slug).await?;
    let access = match command {
        UserCommand::List { .. } => Access::Read,
        _ => Access::Write,
    };
    // The operator acts as the platform: above the câmara's roles, within
    // `pode_gerir_como_plataforma` (docs/identity.md, "Who manages whom"); audited below.
    let acao = match &command {
        UserCommand::Create { .. } => Some(domain::auth::AcaoUsuario::Criar),
        UserCommand::ResetPassword { .. } => Some(domain::auth::AcaoUsuario::RedefinirSenha),
        UserCommand::Disable { .. } => Some(domain::auth::AcaoUsuario::Desativar),
        UserCommand::List { .. } => None,
    };
    if let Some(acao) = acao {
        domain::auth::pode_gerir_como_plataforma(acao)
            .map_err(|r| CliError::usage(r.to_string()))?;
    }
    let mut tx = TenantTx::begin(store, &t, access).await?;
    let (action, detail) = match command {
        UserCommand::Create {
            email, nome, papel, ..
        } => {
            let novo = NovoUsuario::validar(&nome, &email, &papel)?;
            let (u, senha) = usuarios::criar(&mut tx, &autor, &novo).await?;
            tx.commit().await?;
            println!(
                "Usuário criado em {}: {} <{}> ({})",
                t.nome_oficial,
                u.nome,
                u.email,
                u.papel.label()
            );
            println!("  senha provisória: {senha}  (trocada no primeiro acesso)");
            println!(
                "  acesso: http://{}.{}/admin/login",
                t.slug, args.base_domain
            );
            (
                "user.create",
                serde_json::json!({ "email": u.email, "papel": u.papel }),
            )
        }
        UserCommand::List { page, per_page, .. } => {
            if page < 1 || !(1..=1000).contains(&per_page) {
                return Err(CliError::usage(
                    "--page começa em 1 e --per-page vai de 1 a 1000.",
                ));
            }
            let (rows, total) = usuarios::listar(&mut tx, per_page, (page - 1) * per_page).await?;
            tx.commit().await?;
            println!("{:<36} {:<28} {:<12} situação", "e-mail", "nome", "perfil");
            for u in &rows {
                println!(
                    "{:<36} {:<28} {:<12} {}{}",
                    u.email,
                    u.nome,
                    u.papel.as_str(),
                    if u.ativo { "ativo" } else { "desativado" },
                    if u.trocar_senha {
                        ", senha provisória"
                    } else {
                        ""
                    }
                );
            }
            let pages = ((total + per_page - 1) / per_page).max(1);
            println!("página {page} de {pages} ({total} usuários)");
            ("user.list", serde_json::json!({ "pagina": page }))
        }
        UserCommand::ResetPassword { email, .. } => {
            let email = domain::auth::parse_email(&email)?;
            let u = usuarios::por_email(&mut tx, &email).await?;
            let senha = usuarios::senha_provisoria()?;
            usuarios::definir_senha(&mut tx, &autor, &u, &senha, true, None).await?;
            tx.commit().await?;
            println!("Nova senha provisória de {} <{}>: {senha}", u.nome, u.email);
            println!(
                "  as sessões abertas foram encerradas; a senha será trocada no primeiro acesso"
            );
            (
                "user.reset_password",
                serde_json::json!({ "email": u.email }),
            )
        }
        UserCommand::Disable { email, .. } => {
            let email = domain::auth::parse_email(&email)?;
            let u = usuarios::por_email(&mut tx, &email).await?;
            usuarios::definir_ativo(&mut tx, &autor, &u, false).await?;
            tx.commit().await?;
            println!(
                "Usuário {} <{}> desativado; as sessões abertas foram encerradas.",
                u.nome, u.email
            );
            ("user.disable", serde_json::json!({ "email": u.email }))
        }
    };
    store
        .audit_platform(&actor, action, Some((t.id, &t.slug)), detail)
        .await?;
    Ok(())
}
