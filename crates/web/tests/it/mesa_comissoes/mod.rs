//! The mesa diretora and the comissões over HTTP: admin flows with their validation
//! messages and permissions, the public pages (current and past), the open data, and the
//! static `/parlamentares/mesa-diretora` winning over `/parlamentares/{slug}`.

use axum::http::StatusCode;
use domain::auth::Papel;
use store::auditoria::Autor;
use store::comissoes::{self, DadosComissao, NovoMembroComissao};
use store::composicao::{self, NovoParlamentar};
use store::infra::catalog::Tenant;
use store::mesa::{self, NovoMembroMesa};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::host_of;
use time::macros::date;
use uuid::Uuid;

mod admin_comissoes;
mod admin_mesa;
mod genero;
mod publico;

struct Composicao {
    legislatura: Uuid,
    /// Ana, Bruno, Carla, Davi: mandatos for the whole legislatura.
    p: Vec<Uuid>,
    /// No mandato at all.
    sem_mandato: Uuid,
}

/// A legislatura in force (2025–2028, the tests' "today" falls inside) and parlamentares.
async fn compor(env: &TestEnv, t: &Tenant) -> Composicao {
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let ano = hoje.year() - (hoje.year() - 1).rem_euclid(4);
    let inicio = time::Date::from_calendar_date(ano, time::Month::January, 1).unwrap();
    let fim = time::Date::from_calendar_date(ano + 3, time::Month::December, 31).unwrap();
    let leg = composicao::criar_legislatura(&mut tx, &a, 20, inicio, fim)
        .await
        .unwrap();
    let pt = composicao::criar_partido(&mut tx, &a, "PCA", "Partido da Câmara", None)
        .await
        .unwrap();
    let mut p = Vec::new();
    for nome in [
        "Ana Lúcia",
        "Bruno Dias",
        "Carla Reis",
        "Davi Melo",
        "Fábio Sem",
    ] {
        let (id, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("{nome} da Silva"),
                nome_parlamentar: nome.into(),
                cpf: Some("52998224725".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::filiar(&mut tx, &a, id, pt, date!(2020 - 01 - 01), None)
            .await
            .unwrap();
        if nome != "Fábio Sem" {
            composicao::criar_mandato(&mut tx, &a, id, leg.id, true, None, inicio, fim)
                .await
                .unwrap();
        }
        p.push(id);
    }
    tx.commit().await.unwrap();
    let sem_mandato = p.pop().unwrap();
    Composicao {
        legislatura: leg.id,
        p,
        sem_mandato,
    }
}

fn br(d: time::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// A mesa with history and comissões (one CPI extinct), straight through the store.
async fn semear(env: &TestEnv, t: &Tenant) -> Composicao {
    let s = compor(env, t).await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let cargos = mesa::cargos(&mut tx, false).await.unwrap();
    let p = mesa::criar_periodo(&mut tx, &a, l.id, l.inicio, l.fim, "")
        .await
        .unwrap();
    // Ana presided until yesterday; Bruno from today.
    let ontem = hoje.previous_day().unwrap().max(l.inicio);
    let novo = |parl, cargo, inicio, fim| NovoMembroMesa {
        periodo_id: p.id,
        parlamentar_id: parl,
        cargo_id: cargo,
        inicio,
        fim,
        observacao: String::new(),
    };
    mesa::designar(
        &mut tx,
        &a,
        &novo(s.p[0], cargos[0].id, l.inicio, Some(ontem)),
    )
    .await
    .unwrap();
    mesa::designar(
        &mut tx,
        &a,
        &novo(s.p[1], cargos[0].id, ontem.next_day().unwrap(), None),
    )
    .await
    .unwrap();
    mesa::designar(&mut tx, &a, &novo(s.p[2], cargos[2].id, l.inicio, None))
        .await
        .unwrap();
    let dados = |tipo: &str, nome: &str, sigla: &str, prazo| DadosComissao {
        tipo: tipo.into(),
        nome: nome.into(),
        sigla: sigla.into(),
        finalidade: format!("Cuidar de **{nome}**."),
        criacao: l.inicio,
        prazo,
    };
    let cjr = comissoes::criar(
        &mut tx,
        &a,
        &dados("permanente", "Constituição, Justiça e Redação", "CJR", None),
    )
    .await
    .unwrap();
    let cfo = comissoes::criar(
        &mut tx,
        &a,
        &dados("permanente", "Finanças e Orçamento", "CFO", None),
    )
    .await
    .unwrap();
    let cpi = comissoes::criar(
        &mut tx,
        &a,
        &dados(
            "cpi",
            "CPI da Merenda",
            "CPI-1",
            Some(l.inicio.next_day().unwrap()),
        ),
    )
    .await
    .unwrap();
    let membro = |c, parl, cargo: &str, titular| NovoMembroComissao {
        comissao_id: c,
        parlamentar_id: parl,
        cargo: cargo.into(),
        titular,
        designacao: l.inicio,
    };
    comissoes::designar(&mut tx, &a, &membro(cjr.id, s.p[0], "presidente", true))
        .await
        .unwrap();
    comissoes::designar(&mut tx, &a, &membro(cjr.id, s.p[1], "membro", true))
        .await
        .unwrap();
    comissoes::designar(&mut tx, &a, &membro(cjr.id, s.p[2], "membro", false))
        .await
        .unwrap();
    let saiu = comissoes::designar(&mut tx, &a, &membro(cfo.id, s.p[3], "relator", true))
        .await
        .unwrap();
    comissoes::desligar(&mut tx, &a, saiu, l.inicio, "Licença")
        .await
        .unwrap();
    comissoes::designar(&mut tx, &a, &membro(cpi.id, s.p[3], "presidente", true))
        .await
        .unwrap();
    comissoes::extinguir(&mut tx, &a, cpi.id, l.inicio.next_day().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    s
}
