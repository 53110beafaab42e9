//! Rows in every table of `app`, for the isolation suite.
//!
//! When a migration adds a table, add rows for it here: the suite fails on any table that
//! has no fixture rows (see [`isolation::check_database`](crate::isolation::check_database)).

use store::camara::{self, Contatos};
use store::catalog::Tenant;
use store::{Access, Store, TenantTx, contador};

/// A string unique to `tenant`, planted in its free-text columns. Another câmara's
/// response containing it is a leak.
pub fn canary(tenant: &Tenant) -> String {
    format!("CANARIO-{}-{}", tenant.slug, tenant.id)
}

/// Fills every table of `app` for `tenant` with a few rows carrying its canary.
pub async fn populate(store: &Store, tenant: &Tenant) {
    let c = canary(tenant);
    let mut tx = TenantTx::begin(store, tenant, Access::Write).await.unwrap();
    camara::update_contatos(
        &mut tx,
        &Contatos {
            endereco: format!("Rua {c}, 100"),
            cep: "53020-080".into(),
            cnpj: String::new(),
            telefones: vec!["(81) 3429-0000".into()],
            email: format!("contato@{}.example", tenant.slug),
            horario_atendimento: format!("Atendimento {c}"),
        },
    )
    .await
    .unwrap();
    camara::add_rede_social(
        &mut tx,
        "instagram",
        &format!("https://instagram.com/{c}"),
        1,
    )
    .await
    .unwrap();
    camara::add_rede_social(&mut tx, "youtube", &format!("https://youtube.com/{c}"), 2)
        .await
        .unwrap();
    contador::proximo(&mut tx, &format!("{c}:PL:2026"))
        .await
        .unwrap();
    contador::proximo(&mut tx, "sessao:ordinaria:2026")
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
