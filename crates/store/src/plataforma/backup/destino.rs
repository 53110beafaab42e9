//! Where archives go: a local folder or an S3-compatible store (through `object_store`,
//! like the uploads), as `<slug>/<slug>-<AAAAMMDDTHHMMSSZ>.plenario.tar.gz`; and the
//! retention that keeps a number of daily, weekly and monthly archives per câmara.

use std::collections::BTreeSet;
use std::sync::Arc;

use futures::TryStreamExt;
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use crate::{Error, Result};

#[derive(Clone)]
pub struct Destino {
    inner: Arc<dyn ObjectStore>,
    /// As the operator wrote it (recorded with each backup).
    pub url: String,
}

fn erro(e: impl std::fmt::Display) -> Error {
    Error::Embedded(format!("destino de backup: {e}"))
}

impl Destino {
    /// A folder (created if missing) or `s3://bucket[/prefixo]`, configured by the standard
    /// `AWS_*` variables (`AWS_ENDPOINT` and `AWS_ALLOW_HTTP=true` for MinIO, Garage…).
    pub fn de_url(url: &str) -> Result<Self> {
        if let Some(resto) = url.strip_prefix("s3://") {
            let (bucket, prefixo) = resto.split_once('/').unwrap_or((resto, ""));
            if bucket.is_empty() {
                return Err(Error::Validation(domain::ValidationError::new(
                    "to",
                    format!("Destino \"{url}\": falta o nome do bucket (s3://bucket/prefixo)."),
                )));
            }
            let b = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
            return Self::s3(b, prefixo, url);
        }
        let caminho = url.strip_prefix("file://").unwrap_or(url);
        if caminho.is_empty() || caminho.contains("://") {
            return Err(Error::Validation(domain::ValidationError::new(
                "to",
                format!("Destino \"{url}\": use uma pasta ou s3://bucket/prefixo."),
            )));
        }
        std::fs::create_dir_all(caminho)?;
        let fs = object_store::local::LocalFileSystem::new_with_prefix(caminho).map_err(erro)?;
        Ok(Self {
            inner: Arc::new(fs),
            url: url.to_owned(),
        })
    }

    /// An S3 bucket (under `prefixo`), as `builder` configures it.
    pub fn s3(
        builder: object_store::aws::AmazonS3Builder,
        prefixo: &str,
        url: &str,
    ) -> Result<Self> {
        let s3 = builder.build().map_err(erro)?;
        let prefixo = prefixo.trim_matches('/');
        let inner: Arc<dyn ObjectStore> = if prefixo.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(s3, prefixo))
        };
        Ok(Self {
            inner,
            url: url.to_owned(),
        })
    }

    fn key(slug: &str, nome: &str) -> Key {
        Key::from(format!("{slug}/{nome}"))
    }

    /// Writes an archive; returns where it is (for the record).
    pub async fn gravar(&self, slug: &str, nome: &str, bytes: Vec<u8>) -> Result<String> {
        self.inner
            .put(&Self::key(slug, nome), PutPayload::from(bytes))
            .await
            .map_err(erro)?;
        Ok(format!("{}/{slug}/{nome}", self.url.trim_end_matches('/')))
    }

    pub async fn ler(&self, slug: &str, nome: &str) -> Result<Vec<u8>> {
        let r = self.inner.get(&Self::key(slug, nome)).await.map_err(erro)?;
        Ok(r.bytes().await.map_err(erro)?.to_vec())
    }

    /// The archives of a câmara, oldest first, with the time in their name.
    pub async fn listar(&self, slug: &str) -> Result<Vec<(String, OffsetDateTime)>> {
        let prefixo = Key::from(slug);
        let metas: Vec<_> = self
            .inner
            .list(Some(&prefixo))
            .try_collect()
            .await
            .map_err(erro)?;
        let mut out: Vec<(String, OffsetDateTime)> = metas
            .into_iter()
            .filter_map(|m| {
                let nome = m.location.filename()?.to_owned();
                let quando = quando_do_nome(slug, &nome)?;
                Some((nome, quando))
            })
            .collect();
        out.sort_by_key(|(n, q)| (*q, n.clone()));
        Ok(out)
    }

    pub async fn apagar(&self, slug: &str, nome: &str) -> Result<()> {
        self.inner
            .delete(&Self::key(slug, nome))
            .await
            .map_err(erro)
    }

    /// Applies the retention to one câmara's archives; returns the names removed.
    pub async fn aplicar_retencao(&self, slug: &str, r: Retencao) -> Result<Vec<String>> {
        let todos = self.listar(slug).await?;
        let manter = r.manter(&todos);
        let mut apagados = Vec::new();
        for (nome, _) in &todos {
            if !manter.contains(nome) {
                self.apagar(slug, nome).await?;
                apagados.push(nome.clone());
            }
        }
        Ok(apagados)
    }
}

/// `<slug>-AAAAMMDDTHHMMSSZ.plenario.tar.gz` → the time.
pub fn quando_do_nome(slug: &str, nome: &str) -> Option<OffsetDateTime> {
    let meio = nome
        .strip_prefix(slug)?
        .strip_prefix('-')?
        .strip_suffix(".plenario.tar.gz")?;
    let f = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    Some(PrimitiveDateTime::parse(meio, &f).ok()?.assume_utc())
}

/// The period a date falls in (a day, an ISO week, a month).
type Periodo = fn(Date) -> (i32, u32);

/// How many archives to keep: the newest of each of the last `diarios` days, of the last
/// `semanais` ISO weeks and of the last `mensais` months (the newest archive always stays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retencao {
    pub diarios: usize,
    pub semanais: usize,
    pub mensais: usize,
}

impl Retencao {
    /// Which of `todos` (any order) stay.
    pub fn manter(&self, todos: &[(String, OffsetDateTime)]) -> BTreeSet<String> {
        let mut ordenados: Vec<&(String, OffsetDateTime)> = todos.iter().collect();
        ordenados.sort_by_key(|(n, q)| std::cmp::Reverse((*q, n.clone())));
        let mut manter = BTreeSet::new();
        if let Some((n, _)) = ordenados.first() {
            manter.insert(n.clone());
        }
        let periodos: [(usize, Periodo); 3] = [
            (self.diarios, |d| (d.year(), d.ordinal() as u32)),
            (self.semanais, |d| {
                let (y, w, _) = d.to_iso_week_date();
                (y, w as u32)
            }),
            (self.mensais, |d| (d.year(), d.month() as u32)),
        ];
        for (quantos, periodo) in periodos {
            let mut vistos = BTreeSet::new();
            for (nome, quando) in &ordenados {
                if vistos.len() >= quantos {
                    break;
                }
                if vistos.insert(periodo(quando.date())) {
                    manter.insert(nome.clone());
                }
            }
        }
        manter
    }
}
