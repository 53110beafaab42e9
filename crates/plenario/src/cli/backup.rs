//! `plenario tenant backup|restore`, `plenario backup all` and `plenario dr drill`.

use std::sync::Arc;
use std::time::Instant;

use clap::Subcommand;
use domain::PlacementTarget;
use futures::StreamExt;
use store::Store;
use store::infra::catalog::{self, Tenant};
use store::plataforma::backup::cifra::Chave;
use store::plataforma::backup::destino::{Destino, Retencao};
use store::plataforma::backup::registro::{self, Tentativa};
use store::plataforma::backup::{self, Restauracao};

use crate::env::{CliError, DbArgs, actor};

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back up every câmara in parallel, then apply the retention to each.
    All {
        /// A folder or s3://bucket/prefixo.
        #[arg(long)]
        to: String,
        #[arg(long, default_value_t = 4)]
        jobs: usize,
        /// Keep the newest archive of each of the last N days…
        #[arg(long, default_value_t = 7)]
        diarios: usize,
        /// …of the last N weeks…
        #[arg(long, default_value_t = 4)]
        semanais: usize,
        /// …and of the last N months.
        #[arg(long, default_value_t = 12)]
        mensais: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum DrCommand {
    /// Restore the latest backup of a câmara into a scratch database, compare it with the
    /// live câmara, report the RPO and the time, remove the scratch copy.
    Drill {
        slug: String,
        /// Where the backups are (a folder or s3://bucket/prefixo).
        #[arg(long)]
        from: String,
    },
}

fn falha(e: store::Error) -> CliError {
    CliError::from(e)
}

/// Makes, writes and records one câmara's backup. Returns (where, bytes, sha256).
pub async fn backup_one(
    store: &Store,
    t: &Tenant,
    destino: &Destino,
) -> Result<(String, usize, String), store::Error> {
    let started = Instant::now();
    let feito = async {
        let chave = Chave::do_ambiente()?;
        let b = backup::fazer(store, t, chave.as_ref()).await?;
        let (n, sha, instantaneo) = (
            b.bytes.len(),
            b.sha256.clone(),
            b.manifesto.instantaneo.clone(),
        );
        let local = destino.gravar(&t.slug, &b.nome, b.bytes).await?;
        Ok::<_, store::Error>((local, n, sha, instantaneo))
    }
    .await;
    let duracao_ms = started.elapsed().as_millis() as i64;
    match feito {
        Ok((local, n, sha, instantaneo)) => {
            let instantaneo = time::OffsetDateTime::parse(
                &instantaneo,
                &time::format_description::well_known::Rfc3339,
            )
            .ok();
            registro::registrar(
                store,
                &Tentativa {
                    tenant_id: t.id,
                    instantaneo,
                    bytes: Some(n as i64),
                    sha256: Some(&sha),
                    local: Some(&local),
                    erro: None,
                    duracao_ms,
                },
            )
            .await?;
            store
                .audit_platform(
                    &actor(),
                    "tenant.backup",
                    Some((t.id, &t.slug)),
                    serde_json::json!({ "local": local, "bytes": n, "sha256": sha }),
                )
                .await?;
            Ok((local, n, sha))
        }
        Err(e) => {
            let msg = e.to_string();
            let _ = registro::registrar(
                store,
                &Tentativa {
                    tenant_id: t.id,
                    instantaneo: None,
                    bytes: None,
                    sha256: None,
                    local: Some(&destino.url),
                    erro: Some(&msg),
                    duracao_ms,
                },
            )
            .await;
            Err(e)
        }
    }
}

pub async fn tenant_backup(store: &Store, slug: &str, to: &str) -> Result<(), CliError> {
    let t = catalog::get_by_slug_input(store.control(), slug).await?;
    let destino = Destino::de_url(to)?;
    let started = Instant::now();
    let (local, n, sha) = backup_one(store, &t, &destino).await.map_err(falha)?;
    println!("Backup da câmara \"{}\": {local}", t.slug);
    println!("  {n} bytes, SHA-256 {sha}");
    if Chave::do_ambiente()?.is_some() {
        println!("  segredos (senhas, TOTP, tokens, sessões): cifrados com a chave do operador");
    } else {
        println!(
            "  segredos (senhas, TOTP, tokens, sessões): omitidos (defina PLENARIO_BACKUP_KEY \
             para cifrá-los); após restaurar, defina novas senhas"
        );
    }
    println!("  feito em {} ms", started.elapsed().as_millis());
    Ok(())
}

/// Reads an archive: a file path, or `s3://bucket/prefixo/<slug>/<nome>`.
async fn ler_arquivo(caminho: &str) -> Result<Vec<u8>, CliError> {
    if caminho.starts_with("s3://") {
        let mut partes: Vec<&str> = caminho.rsplitn(3, '/').collect();
        partes.reverse();
        let [base, slug, nome] = partes[..] else {
            return Err(CliError::usage(format!(
                "Backup \"{caminho}\": use s3://bucket/prefixo/<câmara>/<arquivo>."
            )));
        };
        return Ok(Destino::de_url(base)?.ler(slug, nome).await?);
    }
    tokio::fs::read(caminho)
        .await
        .map_err(|e| CliError::usage(format!("Não foi possível ler {caminho}: {e}")))
}

pub async fn tenant_restore(
    store: &Store,
    args: &DbArgs,
    arquivo: &str,
    como: Option<String>,
    placement: &str,
) -> Result<(), CliError> {
    let bytes = ler_arquivo(arquivo).await?;
    let r = backup::restaurar(
        store,
        &bytes,
        &Restauracao {
            novo_slug: como,
            placement: PlacementTarget::parse(placement)?,
            base_domain: args.base_domain.clone(),
            actor: actor(),
            suspensa: false,
            chave: Chave::do_ambiente()?,
        },
    )
    .await?;
    let t = &r.tenant;
    println!("Câmara \"{}\" restaurada em {}.", t.slug, t.placement);
    if r.de_esquema < store::infra::migrate::Scope::App.latest() {
        println!(
            "  backup do esquema app {} atualizado para o {}",
            r.de_esquema,
            store::infra::migrate::Scope::App.latest()
        );
    }
    let linhas: i64 = r.linhas.values().sum();
    println!(
        "  {linhas} linhas em {} tabelas, {} arquivos, {} domínios",
        r.linhas.len(),
        r.arquivos,
        r.dominios
    );
    if r.segredos_omitidos {
        println!(
            "  o backup não tem senhas nem segredos: defina novas senhas com \
             `plenario user reset-password --tenant {} --email …`",
            t.slug
        );
    }
    println!("  endereço: http://{}.{}/", t.slug, args.base_domain);
    println!("  restaurada em {} ms", r.duracao.as_millis());
    Ok(())
}

pub async fn run_backup(store: &Store, command: BackupCommand) -> Result<(), CliError> {
    let BackupCommand::All {
        to,
        jobs,
        diarios,
        semanais,
        mensais,
    } = command;
    let destino = Destino::de_url(&to)?;
    let retencao = Retencao {
        diarios,
        semanais,
        mensais,
    };
    let total = catalog::count(store.control()).await?;
    let camaras = catalog::list(store.control(), total.max(1), 0).await?;
    let camaras: Vec<Tenant> = camaras
        .into_iter()
        .filter(|t| {
            matches!(
                t.status,
                domain::TenantStatus::Active | domain::TenantStatus::Suspended
            )
        })
        .collect();
    let barra = indicatif::ProgressBar::new(camaras.len() as u64);
    barra.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} câmaras  {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    let barra = Arc::new(barra);
    let resultados: Vec<(String, Result<usize, String>)> =
        futures::stream::iter(camaras.iter().map(|t| {
            let (destino, barra) = (destino.clone(), barra.clone());
            async move {
                let r = match backup_one(store, t, &destino).await {
                    Ok((_, n, _)) => destino
                        .aplicar_retencao(&t.slug, retencao)
                        .await
                        .map(|_| n)
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                barra.set_message(t.slug.clone());
                barra.inc(1);
                (t.slug.clone(), r)
            }
        }))
        .buffer_unordered(jobs.max(1))
        .collect()
        .await;
    barra.finish_and_clear();
    let falhas: Vec<&(String, Result<usize, String>)> =
        resultados.iter().filter(|(_, r)| r.is_err()).collect();
    let bytes: usize = resultados.iter().filter_map(|(_, r)| r.as_ref().ok()).sum();
    println!(
        "{} câmaras copiadas para {} ({} bytes) em {:.2} s.",
        resultados.len() - falhas.len(),
        destino.url,
        bytes,
        started.elapsed().as_secs_f64()
    );
    for (slug, r) in &falhas {
        if let Err(e) = r {
            eprintln!("  falhou: {slug}: {e}");
        }
    }
    if falhas.is_empty() {
        Ok(())
    } else {
        Err(CliError {
            message: format!("{} backups falharam.", falhas.len()),
            code: 1,
        })
    }
}

pub async fn run_dr(store: &Store, args: &DbArgs, command: DrCommand) -> Result<(), CliError> {
    let DrCommand::Drill { slug, from } = command;
    let t = catalog::get_by_slug_input(store.control(), &slug).await?;
    let destino = Destino::de_url(&from)?;
    let chave = Chave::do_ambiente()?;
    let r = store::plataforma::backup::drill::exercicio(
        store,
        &t,
        &destino,
        &args.base_domain,
        &actor(),
        chave.as_ref(),
    )
    .await?;
    println!("Exercício de recuperação da câmara \"{}\"", t.slug);
    println!("  backup: {} (dados de {})", r.arquivo, r.instantaneo);
    println!("  RPO alcançado: {} s (idade do backup)", r.rpo.as_secs());
    println!(
        "  RTO medido: {} ms (leitura {} ms + restauração {} ms)",
        r.rto.as_millis(),
        r.leitura.as_millis(),
        r.restauracao.as_millis()
    );
    println!(
        "  cópia temporária: {} em {} (removida)",
        r.temporaria, r.placement
    );
    if r.diferencas.is_empty() {
        println!(
            "  comparação: idêntica à câmara em produção ({} tabelas)",
            r.tabelas
        );
    } else {
        println!("  comparação: diferenças desde o backup:");
        for d in &r.diferencas {
            println!("    {d}");
        }
    }
    Ok(())
}
