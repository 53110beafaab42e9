//! `plenario worker`: the background job worker alone (`plenario serve` runs one too).

use crate::env::{CliError, DbArgs, Env};

/// The worker with every handler, sending mail as `serve` does. `esquecer_paginas` empties
/// a câmara's page cache (the server's own; `None` alone, where caches expire by their TTL).
pub(super) fn worker(
    env: &Env,
    args: &DbArgs,
    esquecer_paginas: jobs::publicacao::Esquecer,
) -> Result<jobs::Worker, CliError> {
    let mailer = jobs::mail::Mailer::new(args.smtp_url.as_deref(), &args.mail_from)
        .map_err(CliError::usage)?;
    Ok(jobs::Worker::new(
        env.store.clone(),
        jobs::Tarefas::com_opcoes(
            mailer,
            jobs::Opcoes {
                origem: jobs::Origem {
                    base_domain: args.base_domain.clone(),
                    secure: args.secure,
                    public_port: args.public_port,
                    catalogo: Some(env.store.control().clone()),
                },
                esquecer_paginas,
            },
        ),
        jobs::Config {
            concorrencia: args.jobs.max(1),
            ..jobs::Config::default()
        },
    ))
}

pub(super) async fn run(env: &Env, args: &DbArgs) -> Result<(), CliError> {
    let w = worker(env, args, None)?;
    println!("Executando tarefas em segundo plano (Ctrl-C para parar)");
    tokio::select! {
        () = w.rodar() => {}
        _ = tokio::signal::ctrl_c() => eprintln!("\nEncerrando…"),
    }
    Ok(())
}
