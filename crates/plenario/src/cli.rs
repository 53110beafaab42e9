//! Subcommands.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use clap::{Parser, Subcommand};
use domain::{PlacementTarget, Slug, TenantStatus};
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use store::infra::catalog::{self, Tenant};
use store::infra::migrate::{self, Scope};
use store::infra::provision::{self, NewTenant};
use store::{DataDb, Store};

use crate::env::{CliError, DbArgs, Env, actor};

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
    },
    /// Development: embedded PostgreSQL, migrations, three demo câmaras, server on :8080.
    Dev {
        #[arg(long, env = "PLENARIO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
    },
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
}

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
        /// ADMIN, SECRETARIA, OPERADOR, EDITOR, PARLAMENTAR or AUXILIAR.
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

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Provision a new câmara.
    Create {
        /// Identifier used in URLs: <slug>.<base domain>.
        #[arg(long)]
        slug: String,
        /// Official name ("Câmara Municipal de …").
        #[arg(long)]
        nome: String,
        /// Município: name (accents optional) or IBGE code.
        #[arg(long)]
        municipio: String,
        #[arg(long)]
        uf: String,
        /// A custom domain (camara-x.sp.leg.br).
        #[arg(long)]
        domain: Option<String>,
        /// pool, pool@<cluster>, dedicated, dedicated@<cluster>[/<database>].
        #[arg(long, default_value = "pool")]
        placement: String,
        /// E-mail of the câmara's first administrator.
        #[arg(long)]
        admin_email: Option<String>,
    },
    /// List câmaras, a page at a time.
    List {
        #[arg(long, default_value_t = 1)]
        page: i64,
        #[arg(long, default_value_t = 50)]
        per_page: i64,
    },
    /// Show one câmara.
    Show { slug: String },
    /// Take a câmara's portal offline (maintenance page).
    Suspend { slug: String },
    /// Bring a suspended câmara back.
    Resume { slug: String },
    /// Delete a câmara and all its data. Requires --confirm <slug>.
    Delete {
        slug: String,
        /// Repeat the slug to confirm.
        #[arg(long)]
        confirm: Option<String>,
    },
    /// Move a câmara to another placement (pool, pool@c, dedicated, dedicated@c[/db]).
    Move {
        slug: String,
        #[arg(long)]
        to: String,
    },
    /// Print every row of a câmara as JSON.
    Export { slug: String },
    /// Fill a câmara with generated data (demos and benchmarks); the same seed gives the
    /// same data. Meant for an empty câmara.
    Seed {
        slug: String,
        /// demo (2 legislaturas, 15 cadeiras), sapl (3 legislaturas, 36 parlamentares,
        /// 300 sessões, 500 notícias) or pequena (9 vereadores).
        #[arg(long, default_value = "demo")]
        escala: String,
        #[arg(long, default_value_t = 42)]
        semente: u64,
    },
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Serve { listen } => {
            let mut env = Env::open(&cli.db).await?;
            env.supervise_embedded();
            let listener = tokio::net::TcpListener::bind(listen).await?;
            serve(&env, &cli.db, listener).await
        }
        Command::Dev { listen } => {
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
            serve(&env, &args, listener).await
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
            tenant(&env.store, &cli.db, command).await
        }
        Command::User { command } => {
            let env = Env::open(&cli.db).await?;
            user(&env.store, &cli.db, command).await
        }
        Command::PlatformAdmin {
            command: PlatformAdminCommand::Create { email, nome },
        } => {
            let env = Env::open(&cli.db).await?;
            let (admin, senha, url, secret) =
                store::plataforma::criar(&env.store, &email, &nome, &actor()).await?;
            let host = cli
                .db
                .platform_host
                .clone()
                .unwrap_or_else(|| format!("admin.{}", cli.db.base_domain));
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
        Command::PlatformAdmin {
            command: PlatformAdminCommand::ResetPassword { email },
        } => {
            let env = Env::open(&cli.db).await?;
            let senha = store::plataforma::redefinir_senha(&env.store, &email, &actor()).await?;
            println!("Nova senha provisória de {email}: {senha}");
            println!(
                "  trocada no primeiro acesso; vale 24 horas; as sessões abertas foram encerradas"
            );
            Ok(())
        }
    }
}

/// Migrates the control plane, then every data-plane database (quietly unless `verbose`).
pub async fn migrate_all(store: &Store, verbose: bool) -> Result<(), CliError> {
    let versions = migrate_with_progress_inner(store, 8, None).await?;
    if verbose {
        print_versions(&versions);
    }
    Ok(())
}

async fn migrate_with_progress(
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

fn print_versions(versions: &[migrate::DbVersions]) {
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

async fn serve(
    env: &Env,
    args: &DbArgs,
    listener: tokio::net::TcpListener,
) -> Result<(), CliError> {
    let listen = listener.local_addr()?;
    // Refuse outdated or leaky databases before taking traffic.
    migrate::ensure_current(env.store.control(), &DataDb::pool(store::MAIN_CLUSTER)).await?;
    store::infra::check::check_all(&env.store).await?;
    let state = web::AppState::new(
        env.store.clone(),
        web::WebConfig {
            mailer: web::mail::Mailer::new(args.smtp_url.as_deref(), &args.mail_from)
                .map_err(CliError::usage)?,
            platform_host: args
                .platform_host
                .clone()
                .unwrap_or_else(|| format!("admin.{}", args.base_domain)),
            cache_publico: std::time::Duration::from_secs(args.cache_publico),
            public_port: args.public_port,
            corpo: args.corpo(),
            trusted_proxies: web::http::auth::parse_proxies(
                args.trusted_proxies.as_deref().unwrap_or(""),
            )
            .map_err(CliError::usage)?,
            ..web::WebConfig::new(args.base_domain.clone(), args.secure)
        },
    );
    web::state::spawn_catalog_listener(state.clone());
    web::http::metrics::spawn_flusher(state.clone());
    tracing::info!(%listen, "plenario serving");
    println!("Servindo em http://{listen}/ (Ctrl-C para parar)");
    axum::serve(
        listener,
        web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("\nEncerrando…");
    })
    .await?;
    Ok(())
}

async fn tenant(store: &Store, args: &DbArgs, command: TenantCommand) -> Result<(), CliError> {
    let actor = actor();
    match command {
        TenantCommand::Create {
            slug,
            nome,
            municipio,
            uf,
            domain: dominio,
            placement,
            admin_email,
        } => {
            let new = NewTenant {
                slug: Slug::parse(&slug)?,
                nome_oficial: provision::validate_nome(&nome)?,
                municipio: domain::municipios::find(&municipio, &uf)?,
                domain: dominio
                    .as_deref()
                    .map(domain::host::parse_domain)
                    .transpose()?,
                placement: PlacementTarget::parse(&placement)?,
                admin_email: admin_email
                    .as_deref()
                    .map(provision::validate_email)
                    .transpose()?,
            };
            let done = provision::create(store, new, &args.base_domain, &actor).await?;
            let t = &done.tenant;
            println!(
                "Câmara criada: {} ({}/{}, IBGE {})",
                t.nome_oficial, t.municipio, t.uf, t.codigo_ibge
            );
            println!("  identificador: {}", t.slug);
            println!("  posicionamento: {}", t.placement);
            println!("  endereço: http://{}.{}/", t.slug, args.base_domain);
            for (host, _) in catalog::domains(store.control(), t.id).await? {
                println!("  domínio: http://{host}/");
            }
            if let (Some(email), Some(password)) = (&t.admin_email, &done.admin_password) {
                println!("  administrador: {email}");
                println!("  senha provisória: {password}  (trocada no primeiro acesso)");
                println!(
                    "  acesso: http://{}.{}/admin/login",
                    t.slug, args.base_domain
                );
            }
            println!("  provisionada em {} ms", done.elapsed.as_millis());
            Ok(())
        }
        TenantCommand::List { page, per_page } => {
            if page < 1 || !(1..=1000).contains(&per_page) {
                return Err(CliError::usage(
                    "--page começa em 1 e --per-page vai de 1 a 1000.",
                ));
            }
            let total = catalog::count(store.control()).await?;
            let rows = catalog::list(store.control(), per_page, (page - 1) * per_page).await?;
            println!(
                "{:<24} {:<12} {:<34} município",
                "slug", "estado", "posicionamento"
            );
            for t in &rows {
                println!(
                    "{:<24} {:<12} {:<34} {}/{}",
                    t.slug,
                    t.status.label(),
                    t.placement.to_string(),
                    t.municipio,
                    t.uf
                );
            }
            let pages = ((total + per_page - 1) / per_page).max(1);
            println!("página {page} de {pages} ({total} câmaras)");
            Ok(())
        }
        TenantCommand::Show { slug } => {
            let t = catalog::get_by_slug_input(store.control(), &slug).await?;
            print_tenant(store, args, &t).await
        }
        TenantCommand::Suspend { slug } => {
            set_status(
                store,
                &slug,
                TenantStatus::Suspended,
                "tenant.suspend",
                &actor,
            )
            .await
        }
        TenantCommand::Resume { slug } => {
            set_status(store, &slug, TenantStatus::Active, "tenant.resume", &actor).await
        }
        TenantCommand::Delete { slug, confirm } => {
            let t = catalog::get_by_slug_input(store.control(), &slug).await?;
            if confirm.as_deref() != Some(t.slug.as_str()) {
                return Err(CliError::usage(format!(
                    "Excluir a câmara \"{}\" apaga todos os seus dados ({}) e não pode ser \
                     desfeito. Para confirmar, repita o identificador: \
                     plenario tenant delete {} --confirm {}",
                    t.slug, t.placement, t.slug, t.slug
                )));
            }
            provision::delete(store, &t, &actor).await?;
            println!("Câmara \"{}\" excluída.", t.slug);
            Ok(())
        }
        TenantCommand::Move { slug, to } => {
            let target = PlacementTarget::parse(&to)?;
            let slug = Slug::parse(&slug)?;
            let report =
                store::infra::moves::move_tenant(store, slug.as_str(), &target, &actor, None)
                    .await?;
            println!(
                "Câmara \"{slug}\" transferida de {} para {}.",
                report.from, report.to
            );
            for (table, n) in &report.rows {
                println!("  {table}: {n} linhas");
            }
            println!(
                "  escrita suspensa por {} ms",
                report.frozen_for.as_millis()
            );
            Ok(())
        }
        TenantCommand::Seed {
            slug,
            escala,
            semente,
        } => {
            let escala = crate::demo::gerador::Escala::parse(&escala).ok_or_else(|| {
                CliError::usage(format!(
                    "escala desconhecida: \"{escala}\" (use demo, sapl ou pequena)"
                ))
            })?;
            let t = catalog::get_by_slug_input(store.control(), &slug).await?;
            let started = Instant::now();
            let mut tx = store::TenantTx::begin(store, &t, store::Access::Write).await?;
            let hoje = store::camara::hoje(&mut tx).await?;
            let mut g = crate::demo::gerador::Gerador::new(
                store.arquivos(),
                escala,
                semente,
                hoje,
                &t.slug,
            );
            let s = crate::demo::gerador::semear(&mut tx, &mut g).await?;
            tx.commit().await?;
            println!(
                "{}: {} legislaturas, {} parlamentares, {} partidos gerados em {} ms",
                t.slug,
                s.legislaturas.len(),
                s.parlamentares.len(),
                s.partidos.len(),
                started.elapsed().as_millis()
            );
            Ok(())
        }
        TenantCommand::Export { slug } => {
            let t = catalog::get_by_slug_input(store.control(), &slug).await?;
            let data = store::infra::moves::export(store, &t).await?;
            store
                .audit_platform(
                    &actor,
                    "tenant.export",
                    Some((t.id, &t.slug)),
                    serde_json::json!({}),
                )
                .await?;
            println!(
                "{}",
                serde_json::to_string_pretty(&data).map_err(|e| CliError {
                    message: e.to_string(),
                    code: 1
                })?
            );
            Ok(())
        }
    }
}

async fn set_status(
    store: &Store,
    slug: &str,
    to: TenantStatus,
    action: &str,
    actor: &str,
) -> Result<(), CliError> {
    let t = catalog::get_by_slug_input(store.control(), slug).await?;
    catalog::set_status(store.control(), &t, to).await?;
    store
        .audit_platform(actor, action, Some((t.id, &t.slug)), serde_json::json!({}))
        .await?;
    println!(
        "Câmara \"{}\": {} → {}.",
        t.slug,
        t.status.label(),
        to.label()
    );
    Ok(())
}

async fn print_tenant(store: &Store, args: &DbArgs, t: &Tenant) -> Result<(), CliError> {
    println!("{}", t.nome_oficial);
    println!("  id: {}", t.id);
    println!("  identificador: {}", t.slug);
    println!(
        "  município: {}/{} (IBGE {})",
        t.municipio, t.uf, t.codigo_ibge
    );
    println!("  estado: {}", t.status.label());
    println!("  posicionamento: {} (época {})", t.placement, t.epoch);
    println!("  endereço: http://{}.{}/", t.slug, args.base_domain);
    for (host, primary) in catalog::domains(store.control(), t.id).await? {
        println!(
            "  domínio: http://{host}/{}",
            if primary { " (principal)" } else { "" }
        );
    }
    if let Some(e) = &t.admin_email {
        println!("  e-mail do administrador: {e}");
    }
    println!(
        "  criada em: {}",
        t.created_at
            .format(time::macros::format_description!(
                "[day]/[month]/[year] [hour]:[minute] UTC"
            ))
            .unwrap_or_default()
    );
    Ok(())
}

async fn user(store: &Store, args: &DbArgs, command: UserCommand) -> Result<(), CliError> {
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
