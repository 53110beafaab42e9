//! Background work on a queue in PostgreSQL, one per câmara (`app.job`, under row level
//! security), run through the same tenant-scoped transaction as a request
//! ([`store::TenantTx`]). The SQL is in `store::jobs`; this crate holds the worker, the
//! handlers and the mailer.
//!
//! How a job runs (docs/architecture.md, "Background work"):
//!
//! 1. The worker asks every data database the store knows (each cluster's pool and every
//!    dedicated database) which câmaras have a job due (`store::jobs::camaras_com_devidos`).
//! 2. For each, in a TenantTx of that câmara, it claims due jobs with
//!    `FOR UPDATE SKIP LOCKED`, counts the attempt, takes a lease, and commits.
//! 3. Each job runs in a new TenantTx: its row is locked first (so no one else may take it
//!    while this transaction lives), the handler does its work in that transaction, and the
//!    job is marked done in it: the handler's writes and the completion commit together.
//! 4. A failed attempt goes back to `pendente` after an exponential wait, or to `falhou`
//!    with its last error when no attempts are left. A worker that dies leaves its job
//!    `executando`: the lock goes with its connection, and once the lease runs out any
//!    worker takes it again.
//!
//! Handlers that talk to the outside world (e-mail) are at least once: a worker that dies
//! after the SMTP server took a message but before the commit sends it again.

pub mod acompanhamento;
pub mod avulso;
pub mod comprovante;
pub mod email;
pub mod mail;
pub mod pdf;
pub mod prazos;
pub mod publicacao;
pub mod retorno;
mod worker;

pub use worker::{Config, Rodada, Worker};

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use store::TenantTx;
use store::jobs::Job;

/// What a handler returns: an error is the attempt's message (kept as `ultimo_erro`).
pub type Resultado = Result<(), String>;

/// A handler's future.
pub type Futuro<'a> = Pin<Box<dyn Future<Output = Resultado> + Send + 'a>>;

/// Runs one tipo of job in the câmara's transaction. Make it idempotent: a job may run
/// again after a crash (its earlier writes were rolled back with its transaction).
pub trait Handler: Send + Sync + 'static {
    fn executar<'a>(&'a self, tx: &'a mut TenantTx, job: &'a Job) -> Futuro<'a>;
}

/// The handlers by tipo.
#[derive(Clone, Default)]
pub struct Tarefas {
    handlers: HashMap<String, Arc<dyn Handler>>,
}

impl Tarefas {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every handler Plenário has, with the default [`Opcoes`] (links to
    /// `http://<slug>.localhost`, no page cache to empty).
    pub fn padrao(mailer: mail::Mailer) -> Self {
        Self::com_opcoes(mailer, Opcoes::default())
    }

    /// Every handler Plenário has: e-mail, the acompanhamento's messages, the protocolo's
    /// receipt, the daily prazo alerts, scheduled publication, the avulso and "retorna ao
    /// autor".
    pub fn com_opcoes(mailer: mail::Mailer, opcoes: Opcoes) -> Self {
        Self::new()
            .com(comprovante::TIPO, comprovante::Enviar(mailer.clone()))
            .com(prazos::TIPO, prazos::Alertas(opcoes.origem))
            .com(
                publicacao::TIPO,
                publicacao::Publicar(opcoes.esquecer_paginas),
            )
            .com(store::jobs::avulso::JOB_AVULSO, avulso::Renderizar)
            .com(
                store::jobs::retorno::JOB_RETORNO,
                retorno::Avisar(mailer.clone()),
            )
            .com(email::TIPO, email::Enviar(mailer.clone()))
            .com(
                store::acompanhamento::JOB_CONFIRMACAO,
                acompanhamento::Confirmacao(mailer.clone()),
            )
            .com(
                store::acompanhamento::JOB_NOTIFICACAO,
                acompanhamento::Notificacao(mailer),
            )
    }

    /// Adds (or replaces) the handler of `tipo`.
    pub fn com(mut self, tipo: &str, handler: impl Handler) -> Self {
        self.handlers.insert(tipo.to_owned(), Arc::new(handler));
        self
    }

    fn de(&self, tipo: &str) -> Option<Arc<dyn Handler>> {
        self.handlers.get(tipo).cloned()
    }
}

/// What the handlers need of the deployment.
#[derive(Clone, Default)]
pub struct Opcoes {
    /// How the câmaras' addresses are written (links in the prazo alerts).
    pub origem: Origem,
    /// Empties a câmara's page cache (scheduled publication); see [`publicacao::Esquecer`].
    pub esquecer_paginas: publicacao::Esquecer,
}

/// The câmaras' public addresses: `http[s]://<slug>.<base domain>[:port]` (the host every
/// câmara answers on, whatever its own domain).
#[derive(Debug, Clone)]
pub struct Origem {
    pub base_domain: String,
    pub secure: bool,
    pub public_port: Option<u16>,
    /// The control plane, to read each câmara's primary domain (its own, when it has one);
    /// without it every link is `<slug>.<base domain>`.
    pub catalogo: Option<sqlx::PgPool>,
}

impl Default for Origem {
    fn default() -> Self {
        Self {
            base_domain: "localhost".into(),
            secure: false,
            public_port: None,
            catalogo: None,
        }
    }
}

impl Origem {
    pub fn da_camara(&self, slug: &str) -> String {
        self.de_host(&format!("{slug}.{}", self.base_domain))
    }

    /// `http[s]://<host>[:port]`.
    pub fn de_host(&self, host: &str) -> String {
        let (esquema, padrao) = if self.secure {
            ("https", 443)
        } else {
            ("http", 80)
        };
        match self.public_port {
            Some(p) if p != padrao => format!("{esquema}://{host}:{p}"),
            _ => format!("{esquema}://{host}"),
        }
    }

    /// The câmara's address on its primary domain (the catalog's), as its visitors know it;
    /// `<slug>.<base domain>` when the catalog can't be read.
    pub async fn da_camara_principal(&self, tenant_id: i32, slug: &str) -> String {
        if let Some(db) = &self.catalogo {
            match store::infra::catalog::domains(db, tenant_id).await {
                Ok(d) => {
                    if let Some((host, _)) = d.into_iter().find(|(_, primario)| *primario) {
                        return self.de_host(&host);
                    }
                }
                Err(e) => tracing::warn!(tenant_id, error = %e, "domínio principal ilegível"),
            }
        }
        self.da_camara(slug)
    }
}

/// A text field of a job's data.
pub(crate) fn texto_de(dados: &serde_json::Value, campo: &str) -> Result<String, String> {
    dados
        .get(campo)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("tarefa sem \"{campo}\""))
}

/// An id field of a job's data.
pub(crate) fn uuid_de(dados: &serde_json::Value, campo: &str) -> Result<uuid::Uuid, String> {
    texto_de(dados, campo)?
        .parse()
        .map_err(|_| format!("tarefa com \"{campo}\" inválido"))
}
