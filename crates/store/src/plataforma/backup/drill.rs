//! The disaster-recovery drill: restore the latest archive of a câmara into a scratch
//! dedicated database (suspended, so it never serves), compare it with the live câmara,
//! measure the RPO (age of the archive's snapshot) and the time, remove the copy.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use domain::PlacementTarget;
use serde_json::Value;

use super::destino::Destino;
use super::{Restauracao, restaurar, segredos};
use crate::infra::catalog::Tenant;
use crate::infra::{moves, provision};
use crate::{Error, Result, Store};

/// What the drill found.
#[derive(Debug, Clone)]
pub struct Exercicio {
    pub arquivo: String,
    pub instantaneo: String,
    pub rpo: Duration,
    pub leitura: Duration,
    pub restauracao: Duration,
    pub rto: Duration,
    pub temporaria: String,
    pub placement: String,
    pub tabelas: usize,
    /// Per table, what differs between the copy and the live câmara.
    pub diferencas: Vec<String>,
}

/// A câmara's full export as a comparison sees them: the catalog id taken out of rows and
/// file keys. With `sem_credenciais` (a copy restored without the operator key), also
/// without the credentials, which such a copy cannot have. A câmara and its restored copy
/// compare equal.
pub async fn comparavel(
    store: &Store,
    t: &Tenant,
    sem_credenciais: bool,
) -> Result<BTreeMap<String, Vec<Value>>> {
    let v = moves::export(store, t).await?;
    let prefixo = format!("camaras/{}/", t.id);
    let mut out = BTreeMap::new();
    if let Value::Object(tabelas) = v {
        for (nome, linhas) in tabelas {
            if sem_credenciais && segredos::TABELAS_DE_CREDENCIAIS.contains(&nome.as_str()) {
                continue;
            }
            let mut linhas = match linhas {
                Value::Array(a) => a,
                _ => Vec::new(),
            };
            for l in &mut linhas {
                sem_id_do_catalogo(l, &prefixo);
                if sem_credenciais && let Some(o) = l.as_object_mut() {
                    for (tab, col, tr) in segredos::COLUNAS {
                        if *tab == nome && *tr == segredos::Tratamento::Credencial {
                            o.remove(*col);
                        }
                    }
                    if nome == "usuario" {
                        o.remove("totp_ativo");
                        o.remove("trocar_senha");
                    }
                }
            }
            out.insert(nome, linhas);
        }
    }
    Ok(out)
}

/// Takes the catalog id out of an exported row (any depth): `tenant_id` becomes null and
/// the file keys' `camaras/<id>/` becomes `camaras/_/`.
pub fn sem_id_do_catalogo(v: &mut Value, prefixo: &str) {
    match v {
        Value::String(s) if s.starts_with(prefixo) => {
            *s = format!("camaras/_/{}", &s[prefixo.len()..]);
        }
        Value::Array(a) => a.iter_mut().for_each(|x| sem_id_do_catalogo(x, prefixo)),
        Value::Object(o) => {
            if o.contains_key("tenant_id") {
                o.insert("tenant_id".into(), Value::Null);
            }
            o.values_mut().for_each(|x| sem_id_do_catalogo(x, prefixo));
        }
        _ => {}
    }
}

/// The differences between two comparable exports, one line per table that differs.
pub fn diferencas(
    copia: &BTreeMap<String, Vec<Value>>,
    viva: &BTreeMap<String, Vec<Value>>,
) -> Vec<String> {
    let mut out = Vec::new();
    let vazio = Vec::new();
    for nome in copia
        .keys()
        .chain(viva.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (a, b) = (
            copia.get(nome).unwrap_or(&vazio),
            viva.get(nome).unwrap_or(&vazio),
        );
        if a == b {
            continue;
        }
        let ids = |x: &Vec<Value>| -> BTreeMap<String, Value> {
            x.iter().map(|l| (l["id"].to_string(), l.clone())).collect()
        };
        let (ia, ib) = (ids(a), ids(b));
        let novas = ib.keys().filter(|k| !ia.contains_key(*k)).count();
        let sumidas = ia.keys().filter(|k| !ib.contains_key(*k)).count();
        let alteradas = ia
            .iter()
            .filter(|(k, v)| ib.get(*k).is_some_and(|w| w != *v))
            .count();
        out.push(format!(
            "{nome}: {} linhas no backup, {} em produção ({novas} novas, {sumidas} removidas, \
             {alteradas} alteradas desde o backup)",
            a.len(),
            b.len()
        ));
    }
    out
}

/// Runs the drill. The scratch câmara is removed whatever happens after it was made.
pub async fn exercicio(
    store: &Store,
    t: &Tenant,
    destino: &Destino,
    base_domain: &str,
    actor: &str,
    chave: Option<&super::cifra::Chave>,
) -> Result<Exercicio> {
    let started = Instant::now();
    let (arquivo, _) = destino.listar(&t.slug).await?.pop().ok_or_else(|| {
        Error::NotFound(format!(
            "Nenhum backup da câmara \"{}\" em {}.",
            t.slug, destino.url
        ))
    })?;
    let bytes = destino.ler(&t.slug, &arquivo).await?;
    let leitura = started.elapsed();
    let manifesto = super::formato::ler(&bytes)?.manifesto;
    let temporaria = format!(
        "dr-{}",
        uuid::Uuid::now_v7()
            .simple()
            .to_string()
            .get(20..32)
            .unwrap_or("0")
    );
    let r = restaurar(
        store,
        &bytes,
        &Restauracao {
            novo_slug: Some(temporaria.clone()),
            placement: PlacementTarget::Dedicated {
                cluster: None,
                database: None,
            },
            base_domain: base_domain.to_owned(),
            actor: actor.to_owned(),
            suspensa: true,
            chave: chave.cloned(),
        },
    )
    .await?;
    let restauracao = r.duracao;
    let rto = started.elapsed();
    let comparado = async {
        let copia = comparavel(store, &r.tenant, r.segredos_omitidos).await?;
        let viva = comparavel(store, t, r.segredos_omitidos).await?;
        Ok::<_, Error>((copia.len(), diferencas(&copia, &viva)))
    }
    .await;
    let removida = provision::delete(store, &r.tenant, actor).await;
    let (tabelas, diferencas) = comparado?;
    removida?;
    let instantaneo = time::OffsetDateTime::parse(
        &manifesto.instantaneo,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|e| Error::Conflict(format!("instante do backup inválido: {e}")))?;
    let rpo = (time::OffsetDateTime::now_utc() - instantaneo)
        .try_into()
        .unwrap_or_default();
    store
        .audit_platform(
            actor,
            "tenant.dr_drill",
            Some((t.id, &t.slug)),
            serde_json::json!({
                "arquivo": arquivo,
                "rpo_s": Duration::as_secs(&rpo),
                "rto_ms": rto.as_millis() as u64,
                "diferencas": diferencas.len(),
            }),
        )
        .await?;
    Ok(Exercicio {
        arquivo,
        instantaneo: manifesto.instantaneo,
        rpo,
        leitura,
        restauracao,
        rto,
        temporaria,
        placement: r.tenant.placement.to_string(),
        tabelas,
        diferencas,
    })
}
