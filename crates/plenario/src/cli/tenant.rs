//! `plenario tenant …`: provision, list, show, suspend, resume, delete, move, export,
//! back up, restore and seed câmaras.

use std::time::Instant;

use clap::Subcommand;
use domain::{PlacementTarget, Slug, TenantStatus};
use store::Store;
use store::infra::catalog::{self, Tenant};
use store::infra::provision::{self, NewTenant};
use store::plataforma::backup::segredos;

use crate::env::{CliError, DbArgs, actor};

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
        /// Create it even if the município already has a câmara (refused otherwise).
        #[arg(long)]
        mesmo_municipio: bool,
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
    /// Print every row of a câmara as JSON. Password hashes, TOTP secrets, tokens and
    /// sessions are omitted and CPFs masked unless --incluir-segredos is given.
    Export {
        slug: String,
        /// Print secrets too (password hashes, TOTP secrets, tokens, unmasked CPFs).
        #[arg(long)]
        incluir_segredos: bool,
    },
    /// Write one câmara's backup archive (rows, files, catalog; no secrets).
    Backup {
        slug: String,
        /// A folder or s3://bucket/prefixo.
        #[arg(long, default_value = "backups")]
        to: String,
    },
    /// Restore a backup archive (a file or s3://…/<câmara>/<arquivo>) into any placement.
    Restore {
        archive: String,
        /// Restore under a new slug (a copy beside the live câmara; domains are not taken).
        #[arg(long = "as")]
        como: Option<String>,
        /// pool, pool@<cluster>, dedicated, dedicated@<cluster>[/<database>].
        #[arg(long, default_value = "pool")]
        placement: String,
    },
    /// Rate limits of a câmara, requests per minute: a number, 0 (no limit) or `padrao`
    /// (the deployment's default). Without options, shows them.
    Limits {
        slug: String,
        /// From one client.
        #[arg(long)]
        por_ip: Option<String>,
        /// For the câmara in all (per app process).
        #[arg(long)]
        por_camara: Option<String>,
    },
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

pub async fn run(store: &Store, args: &DbArgs, command: TenantCommand) -> Result<(), CliError> {
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
            mesmo_municipio,
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
                mesmo_municipio,
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
        TenantCommand::Limits {
            slug,
            por_ip,
            por_camara,
        } => limits(store, args, &slug, por_ip, por_camara, &actor).await,
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
        TenantCommand::Export {
            slug,
            incluir_segredos,
        } => {
            let t = catalog::get_by_slug_input(store.control(), &slug).await?;
            let mut data = store::infra::moves::export(store, &t).await?;
            let modo = if incluir_segredos {
                segredos::Modo::Tudo
            } else {
                segredos::Modo::Exportacao
            };
            segredos::aplicar(&mut data, modo);
            store
                .audit_platform(
                    &actor,
                    "tenant.export",
                    Some((t.id, &t.slug)),
                    serde_json::json!({ "segredos": incluir_segredos }),
                )
                .await?;
            if incluir_segredos {
                eprintln!(
                    "ATENÇÃO: esta exportação contém segredos (hashes de senha, segredos TOTP, \
                     tokens e CPFs completos). Guarde-a como uma senha."
                );
            } else {
                eprintln!(
                    "Segredos omitidos (\"{}\") e CPFs mascarados; use --incluir-segredos para \
                     exportá-los.",
                    segredos::OMITIDO
                );
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&data).map_err(|e| CliError {
                    message: e.to_string(),
                    code: 1
                })?
            );
            Ok(())
        }
        TenantCommand::Backup { slug, to } => super::backup::tenant_backup(store, &slug, &to).await,
        TenantCommand::Restore {
            archive,
            como,
            placement,
        } => super::backup::tenant_restore(store, args, &archive, como, &placement).await,
    }
}

/// `tenant limits`: shows, or changes then shows, a câmara's rate limits.
async fn limits(
    store: &Store,
    args: &DbArgs,
    slug: &str,
    por_ip: Option<String>,
    por_camara: Option<String>,
    actor: &str,
) -> Result<(), CliError> {
    let t = catalog::get_by_slug_input(store.control(), slug).await?;
    let ler = |opcao: &str, v: Option<String>, atual: Option<i32>| match v.as_deref() {
        None => Ok(atual),
        Some("padrao" | "padrão") => Ok(None),
        Some(n) => n.trim().parse::<i32>().map(Some).map_err(|_| {
            CliError::usage(format!(
                "--{opcao}: use um número de requisições por minuto, 0 (sem limite) ou padrao."
            ))
        }),
    };
    let mudou = por_ip.is_some() || por_camara.is_some();
    let ip = ler("por-ip", por_ip, t.limite_ip)?;
    let camara = ler("por-camara", por_camara, t.limite_camara)?;
    let t = if mudou {
        store::plataforma::limites::definir(store, &t, ip, camara, actor).await?;
        catalog::get_by_slug(store.control(), &t.slug).await?
    } else {
        t
    };
    let efetivos = web::http::limite::Padroes {
        por_ip: args.limite_ip,
        por_camara: args.limite_camara,
    }
    .da_camara(&t);
    let mostrar = |v: u32, proprio: Option<i32>| {
        let n = if v == 0 {
            "sem limite".to_owned()
        } else {
            format!("{v} por minuto")
        };
        if proprio.is_some() {
            n
        } else {
            format!("{n} (padrão)")
        }
    };
    println!("Limites de \"{}\":", t.slug);
    println!("  por cliente: {}", mostrar(efetivos.por_ip, t.limite_ip));
    println!(
        "  pela câmara: {}",
        mostrar(efetivos.por_camara, t.limite_camara)
    );
    Ok(())
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
