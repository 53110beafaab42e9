//! `plenario worker`: the background job worker alone (`plenario serve` runs one too).

use crate::env::{CliError, DbArgs, Env};

/// The worker with every handler, sending mail as `serve` does.
pub(super) fn worker(env: &Env, args: &DbArgs) -> Result<jobs::Worker, CliError> {
    let mailer = jobs::mail::Mailer::new(args.smtp_url.as_deref(), &args.mail_from)
        .map_err(CliError::usage)?;
    Ok(jobs::Worker::new(
        env.store.clone(),
        jobs::Tarefas::padrao(mailer),
        jobs::Config {
            concorrencia: args.jobs.max(1),
            ..jobs::Config::default()
        },
    ))
}

pub(super) async fn run(env: &Env, args: &DbArgs) -> Result<(), CliError> {
    let w = worker(env, args)?;
    println!("Executando tarefas em segundo plano (Ctrl-C para parar)");
    tokio::select! {
        () = w.rodar() => {}
        _ = tokio::signal::ctrl_c() => eprintln!("\nEncerrando…"),
    }
    Ok(())
}
