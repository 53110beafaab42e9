//! The worker: finds due jobs in every data database, claims them per câmara and runs up to
//! `concorrencia` at a time.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use store::infra::catalog::Tenant;
use store::jobs::{self, AposFalha, Job};
use store::{Access, Store, TenantTx};

use crate::Tarefas;

/// How the worker runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Jobs running at once.
    pub concorrencia: usize,
    /// How long a claim holds without its worker's transaction (a worker that died).
    pub lease: Duration,
    /// The pause between two looks when there was nothing to do.
    pub intervalo: Duration,
    /// The first retry's wait; each next one doubles, up to `espera_max`.
    pub espera_base: Duration,
    pub espera_max: Duration,
    /// Only these câmaras (`None`: every one). Tests use it to keep to their own câmaras on
    /// a shared cluster; a deployment could shard its workers with it.
    pub camaras: Option<Vec<i32>>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            concorrencia: 4,
            lease: Duration::from_secs(120),
            intervalo: Duration::from_secs(2),
            espera_base: Duration::from_secs(30),
            espera_max: Duration::from_secs(3600),
            camaras: None,
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rodada {
    pub concluidos: usize,
    pub reagendados: usize,
    pub falhos: usize,
    /// Claims another worker took over meanwhile.
    pub perdidos: usize,
}

impl Rodada {
    pub fn total(&self) -> usize {
        self.concluidos + self.reagendados + self.falhos + self.perdidos
    }
}

#[derive(Clone)]
pub struct Worker {
    store: Store,
    tarefas: Arc<Tarefas>,
    config: Config,
}

impl Worker {
    pub fn new(store: Store, tarefas: Tarefas, config: Config) -> Self {
        Self {
            store,
            tarefas: Arc::new(tarefas),
            config,
        }
    }

    /// Runs until the task is dropped or aborted (`plenario serve` spawns it; `plenario
    /// worker` runs only this). A pass that found work is followed at once by the next.
    pub async fn rodar(self) {
        tracing::info!(
            concorrencia = self.config.concorrencia,
            "job worker started"
        );
        loop {
            let feito = match self.rodar_uma_vez().await {
                Ok(r) => r.total(),
                Err(e) => {
                    tracing::warn!(error = %e, "job worker pass failed");
                    0
                }
            };
            if feito == 0 {
                tokio::time::sleep(self.config.intervalo).await;
            }
        }
    }

    /// Spawns [`rodar`](Self::rodar) on the runtime.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(self.rodar())
    }

    /// One pass: claims up to `concorrencia` due jobs across every câmara of every data
    /// database and runs them (at most `concorrencia` at once), then returns.
    pub async fn rodar_uma_vez(&self) -> store::Result<Rodada> {
        let mut reivindicados: Vec<(Tenant, Job)> = Vec::new();
        let livre = self.config.concorrencia.max(1);
        'bancos: for db in self.store.data_databases().await? {
            let camaras = match jobs::camaras_com_devidos(&self.store, &db).await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(%db, error = %e, "jobs: database unreadable");
                    continue;
                }
            };
            let servidas = camaras
                .into_iter()
                .filter(|t| self.config.camaras.as_ref().is_none_or(|so| so.contains(t)));
            for tenant_id in servidas {
                let falta = livre - reivindicados.len();
                if falta == 0 {
                    break 'bancos;
                }
                let Some(tenant) = jobs::camara(&self.store, tenant_id).await? else {
                    continue;
                };
                // A câmara resident here but placed elsewhere (a move) is served there.
                if store::DataDb::of(&tenant.placement) != db {
                    continue;
                }
                match self.reivindicar(&tenant, falta).await {
                    Ok(js) => reivindicados.extend(js.into_iter().map(|j| (tenant.clone(), j))),
                    Err(e) => {
                        tracing::warn!(tenant = tenant.slug, error = %e, "jobs: claim failed")
                    }
                }
            }
        }
        let resultados: Vec<Resultado> = futures::stream::iter(reivindicados)
            .map(|(t, j)| async move { self.executar(&t, j).await })
            .buffer_unordered(livre)
            .collect()
            .await;
        let mut r = Rodada::default();
        for x in resultados {
            match x {
                Resultado::Concluido => r.concluidos += 1,
                Resultado::Reagendado => r.reagendados += 1,
                Resultado::Falhou => r.falhos += 1,
                Resultado::Perdido => r.perdidos += 1,
            }
        }
        Ok(r)
    }

    async fn reivindicar(&self, tenant: &Tenant, n: usize) -> store::Result<Vec<Job>> {
        let mut tx = TenantTx::begin(&self.store, tenant, Access::Write).await?;
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let js = jobs::reivindicar(&mut tx, n, self.config.lease).await?;
        tx.commit().await?;
        Ok(js)
    }

    async fn executar(&self, tenant: &Tenant, job: Job) -> Resultado {
        let tentativa = AssertUnwindSafe(self.tentar(tenant, &job))
            .catch_unwind()
            .await
            .unwrap_or_else(|_| Err("a tarefa terminou com um pânico".into()));
        let erro = match tentativa {
            Ok(true) => return Resultado::Concluido,
            Ok(false) => return Resultado::Perdido,
            Err(e) => e,
        };
        tracing::warn!(tenant = tenant.slug, job = %job.id, tipo = job.tipo, tentativa = job.tentativas, erro, "job failed");
        let espera = jobs::espera(
            job.tentativas,
            self.config.espera_base,
            self.config.espera_max,
        );
        let registro = async {
            let mut tx = TenantTx::begin(&self.store, tenant, Access::Write).await?;
            let r = jobs::falhar(&mut tx, &job, &erro, espera).await?;
            tx.commit().await?;
            Ok::<_, store::Error>(r)
        };
        match registro.await {
            Ok(AposFalha::Reagendado) => Resultado::Reagendado,
            Ok(AposFalha::Falhou) => Resultado::Falhou,
            Ok(AposFalha::Perdido) => Resultado::Perdido,
            Err(e) => {
                // The lease will run out and the job be taken again.
                tracing::error!(tenant = tenant.slug, job = %job.id, error = %e, "could not record a job's failure");
                Resultado::Perdido
            }
        }
    }

    /// Ok(true): done and committed; Ok(false): the claim was no longer ours.
    async fn tentar(&self, tenant: &Tenant, job: &Job) -> Result<bool, String> {
        let handler = self
            .tarefas
            .de(&job.tipo)
            .ok_or_else(|| format!("tipo de tarefa desconhecido: {}", job.tipo))?;
        let mut tx = TenantTx::begin(&self.store, tenant, Access::Write)
            .await
            .map_err(|e| e.to_string())?;
        if !jobs::travar(&mut tx, job)
            .await
            .map_err(|e| e.to_string())?
        {
            return Ok(false);
        }
        handler.executar(&mut tx, job).await?;
        if !jobs::concluir(&mut tx, job)
            .await
            .map_err(|e| e.to_string())?
        {
            return Ok(false);
        }
        tx.commit().await.map_err(|e| e.to_string())?;
        Ok(true)
    }
}

enum Resultado {
    Concluido,
    Reagendado,
    Falhou,
    Perdido,
}
