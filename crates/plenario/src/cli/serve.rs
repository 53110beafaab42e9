//! `plenario serve`: checks the databases, then serves the câmaras and the master panel.

use store::DataDb;
use store::infra::migrate;

use crate::env::{CliError, DbArgs, Env};

pub(super) async fn serve(
    env: &Env,
    args: &DbArgs,
    listener: tokio::net::TcpListener,
    metrics_listen: Option<std::net::SocketAddr>,
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
            limites: web::http::limite::Padroes {
                por_ip: args.limite_ip,
                por_camara: args.limite_camara,
            },
            trusted_proxies: web::http::pedido::parse_proxies(
                args.trusted_proxies.as_deref().unwrap_or(""),
            )
            .map_err(CliError::usage)?,
            ..web::WebConfig::new(args.base_domain.clone(), args.secure)
        },
    );
    // The job worker runs inside the server (dropped with it), unless PLENARIO_JOBS=0.
    let _worker = (args.jobs > 0)
        .then(|| {
            let paginas = state.paginas.clone();
            let esquecer: std::sync::Arc<dyn Fn(i32) + Send + Sync> =
                std::sync::Arc::new(move |t| paginas.esquecer(t));
            super::worker::worker(env, args, Some(esquecer))
        })
        .transpose()?
        .map(|w| AbortOnDrop(w.spawn()));
    web::state::spawn_catalog_listener(state.clone());
    web::http::metrics::spawn_flusher(state.clone());
    // /metrics on its own address only (never on a câmara's host).
    let _metricas = match metrics_listen {
        Some(addr) => {
            let l = tokio::net::TcpListener::bind(addr).await?;
            let addr = l.local_addr()?;
            tracing::info!(%addr, "metrics listening");
            println!("Métricas em http://{addr}/metrics");
            Some(AbortOnDrop(web::http::prometheus::spawn_listener(
                state.clone(),
                l,
            )))
        }
        None => None,
    };
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

/// Aborts the task when dropped (the worker stops with the server).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
