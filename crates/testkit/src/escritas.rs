//! The isolation suite for writes: every form of A's admin, posted by A's administrator
//! with B's identifiers put where A's were (in the address and in the fields, each id
//! replaced by B's id of the same table), must be refused or answer "not found", and must
//! leave every row of B as it was. The forms come from crawling A's admin, so a new area
//! is covered without registering anything; each form is posted once, so the cost grows
//! with the number of forms, not with the number of B's rows.

use std::collections::BTreeMap;

use axum::http::Method;
use store::infra::catalog::Tenant;
use store::{Access, Store, TenantTx, quote_ident};
use uuid::Uuid;

use crate::fuzz::{Formulario, digest, rastrear_camara};
use crate::http::{TestApp, host_of};

/// Every row id of `tenant`, with its table (tables of `app` with a uuid `id`).
pub async fn ids_por_tabela(store: &Store, tenant: &Tenant) -> BTreeMap<Uuid, String> {
    let mut tx = TenantTx::begin(store, tenant, Access::Read).await.unwrap();
    let tabelas = store::infra::alheios::tabelas_com_id(tx.conn())
        .await
        .unwrap();
    let mut ids = BTreeMap::new();
    for t in tabelas {
        let linhas: Vec<Uuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM app.{} WHERE tenant_id = $1",
            quote_ident(&t)
        )))
        .bind(tenant.id)
        .fetch_all(tx.conn())
        .await
        .unwrap();
        for id in linhas {
            ids.insert(id, t.clone());
        }
    }
    let _ = tx.rollback().await;
    ids
}

/// One row id of `tenant` per table (the smallest).
pub async fn um_id_por_tabela(store: &Store, tenant: &Tenant) -> BTreeMap<String, Uuid> {
    let mut um = BTreeMap::new();
    for (id, t) in ids_por_tabela(store, tenant).await {
        um.entry(t).or_insert(id);
    }
    um
}

/// Replaces, in `s`, every id of A by B's id of the same table; says whether any was.
fn traduzir(
    s: &str,
    de_a: &BTreeMap<Uuid, String>,
    de_b: &BTreeMap<String, Uuid>,
) -> (String, bool) {
    let mut out = s.to_owned();
    let mut trocou = false;
    let mut i = 0;
    while i + 36 <= out.len() {
        let trecho = out.get(i..i + 36).and_then(|t| Uuid::parse_str(t).ok());
        if let Some(id) = trecho
            && let Some(b) = de_a.get(&id).and_then(|t| de_b.get(t))
        {
            out.replace_range(i..i + 36, &b.to_string());
            trocou = true;
            i += 36;
        } else {
            i += 1;
        }
    }
    (out, trocou)
}

/// What the walk did and found.
#[derive(Debug, Default)]
pub struct Resultado {
    pub achados: Vec<String>,
    /// Forms posted with B's identifiers.
    pub enviados: usize,
    /// Forms of A found by the crawl.
    pub formularios: usize,
}

/// The walk (see the module documentation). A and B must live in the same database for
/// B's ids to be refused by row level security rather than by their absence; both
/// placements are fine for the check itself.
pub async fn check_writes(app: &TestApp, store: &Store, a: &Tenant, b: &Tenant) -> Resultado {
    let (cookie, _) = crate::fuzz::admin(app, store, a).await;
    let rastro = rastrear_camara(app, store, a, &cookie).await;
    let de_a = ids_por_tabela(store, a).await;
    let de_b = um_id_por_tabela(store, b).await;
    let mut r = Resultado {
        formularios: rastro.formularios.len(),
        ..Default::default()
    };
    let antes = digest(store, b).await;
    for f in &rastro.formularios {
        if f.action.ends_with("/sair") {
            continue;
        }
        let Some((action, campos)) = com_ids_de_b(f, &de_a, &de_b) else {
            continue;
        };
        // A fresh session and token each time: a refused form must not end the walk.
        let (cookie, csrf) = crate::fuzz::admin(app, store, a).await;
        let corpo = campos
            .iter()
            .map(|(n, v)| {
                let v = if n == "_csrf" {
                    csrf.as_str()
                } else {
                    v.as_str()
                };
                format!(
                    "{}={}",
                    form_urlencoded::byte_serialize(n.as_bytes()).collect::<String>(),
                    form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                )
            })
            .chain((!campos.iter().any(|(n, _)| n == "_csrf")).then(|| format!("_csrf={csrf}")))
            .collect::<Vec<_>>()
            .join("&");
        let resp = app
            .send(
                Method::POST,
                &host_of(a),
                &action,
                &[("cookie", &cookie), ("accept", "text/html")],
                &corpo,
            )
            .await;
        r.enviados += 1;
        if resp.status.is_server_error() {
            r.achados.push(format!(
                "POST {action} com identificadores de B falhou com {}",
                resp.status
            ));
        }
        let depois = digest(store, b).await;
        let mudou: Vec<&String> = depois
            .iter()
            .filter(|(k, v)| antes.get(*k) != Some(v))
            .map(|(k, _)| k)
            .collect();
        if !mudou.is_empty() {
            r.achados.push(format!(
                "POST {action} no domínio de A ({}) alterou {mudou:?} de B",
                resp.status
            ));
            break;
        }
    }
    r
}

/// The form with B's ids where A's were, or `None` when it carries no id of A.
fn com_ids_de_b(
    f: &Formulario,
    de_a: &BTreeMap<Uuid, String>,
    de_b: &BTreeMap<String, Uuid>,
) -> Option<(String, Vec<(String, String)>)> {
    let (action, mut trocou) = traduzir(&f.action, de_a, de_b);
    let campos = f
        .campos
        .iter()
        .map(|(n, v)| {
            let (v, t) = traduzir(v, de_a, de_b);
            trocou |= t;
            (n.clone(), v)
        })
        .collect();
    trocou.then_some((action, campos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_a_become_ids_of_b_of_the_same_table() {
        let (pa, pb, ma) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let de_a = BTreeMap::from([(pa, "parlamentar".to_owned()), (ma, "mandato".to_owned())]);
        let de_b = BTreeMap::from([("parlamentar".to_owned(), pb)]);
        let (s, t) = traduzir(
            &format!("/admin/parlamentares/{pa}/mandatos/{ma}"),
            &de_a,
            &de_b,
        );
        assert!(t);
        assert_eq!(s, format!("/admin/parlamentares/{pb}/mandatos/{ma}"));
        let (s, t) = traduzir("/admin/noticias", &de_a, &de_b);
        assert!(!t && s == "/admin/noticias");
    }
}
