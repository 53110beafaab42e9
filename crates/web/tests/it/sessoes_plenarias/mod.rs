//! Tests of sessoes_plenarias (see the module's routes): the admin, the public calendar and
//! pages, the .ics feeds, the open data, and a browser scheduling a sessão.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use domain::auth::Papel;
use store::auditoria::Autor;
use store::composicao;
use store::infra::catalog::Tenant;
use store::sessoes_plenarias::{self as sp, NovaSessao, SessaoPlenaria, TipoSessao};
use store::{Access, TenantTx, camara};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::host_of;
use time::{Date, Duration, PrimitiveDateTime, Time};

/// A câmara whose sessão legislativa runs from 200 days ago to 100 days ahead; its today.
mod admin;
mod ata;
mod painel;
mod painel_ao_vivo;
mod pauta;
mod publico;

async fn preparar(env: &TestEnv, prefix: &str) -> (Tenant, Date, Vec<TipoSessao>) {
    let t = env.camara(prefix, "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let hoje = camara::hoje(&mut tx).await.unwrap();
    let leg = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        hoje - Duration::days(400),
        hoje + Duration::days(400),
    )
    .await
    .unwrap();
    composicao::criar_sessao_legislativa(
        &mut tx,
        &a,
        leg.id,
        2,
        hoje - Duration::days(200),
        hoje + Duration::days(100),
    )
    .await
    .unwrap();
    let tipos = sp::tipos(&mut tx, true).await.unwrap();
    tx.commit().await.unwrap();
    (t, hoje, tipos)
}

fn dd_mm_aaaa(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

fn mes_iso(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

async fn agendar(
    env: &TestEnv,
    t: &Tenant,
    tipo: &TipoSessao,
    dia: Date,
    hora: u8,
    local: &str,
) -> SessaoPlenaria {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let s = sp::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovaSessao {
            tipo_id: tipo.id,
            inicio: PrimitiveDateTime::new(dia, Time::from_hms(hora, 0, 0).unwrap()),
            fim: None,
            local: local.into(),
            observacoes: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    s
}
