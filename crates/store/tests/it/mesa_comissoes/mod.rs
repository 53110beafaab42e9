//! Database rules of the mesa diretora and the comissões: every refusal with its message,
//! history kept, the defaults of a new câmara.

use store::auditoria::Autor;
use store::comissoes::{self, DadosComissao, NovoMembroComissao};
use store::composicao::{self, NovoParlamentar};
use store::infra::catalog::Tenant;
use store::mesa::{self, NovoMembroMesa};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::Date;
use time::macros::date;
use uuid::Uuid;

/// Runs a write that must fail inside a savepoint (so the transaction goes on) and returns
/// its error.
macro_rules! recusa {
    ($tx:expr, $op:expr) => {{
        sqlx::query("SAVEPOINT recusa")
            .execute($tx.conn())
            .await
            .unwrap();
        let r = $op.await;
        sqlx::query("ROLLBACK TO SAVEPOINT recusa")
            .execute($tx.conn())
            .await
            .unwrap();
        match r {
            Ok(_) => panic!("a escrita deveria ter sido recusada"),
            Err(e) => e,
        }
    }};
}

mod regras_comissoes;
mod regras_mesa;

struct Cenario {
    legislatura: Uuid,
    /// Parlamentares with a mandato for the whole legislatura.
    com_mandato: Vec<Uuid>,
    /// One with a mandato only in 2025.
    curto: Uuid,
    /// One without any mandato.
    sem_mandato: Uuid,
}

async fn cenario(tx: &mut TenantTx) -> Cenario {
    let a = Autor::cli("t");
    let leg =
        composicao::criar_legislatura(tx, &a, 20, date!(2025 - 01 - 01), date!(2028 - 12 - 31))
            .await
            .unwrap();
    let pt = composicao::criar_partido(tx, &a, "PCA", "Partido da Câmara", None)
        .await
        .unwrap();
    let mut criar = async |nome: &str, mandato: Option<(Date, Date)>| {
        let (id, _) = composicao::criar_parlamentar(
            tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("{nome} da Silva"),
                nome_parlamentar: nome.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::filiar(tx, &a, id, pt, date!(2020 - 01 - 01), None)
            .await
            .unwrap();
        if let Some((i, f)) = mandato {
            composicao::criar_mandato(tx, &a, id, leg.id, true, None, i, f)
                .await
                .unwrap();
        }
        id
    };
    let inteiro = Some((date!(2025 - 01 - 01), date!(2028 - 12 - 31)));
    let mut com_mandato = Vec::new();
    for nome in ["Ana Lúcia", "Bruno Dias", "Carla Reis", "Davi Melo"] {
        com_mandato.push(criar(nome, inteiro).await);
    }
    let curto = criar(
        "Edu Curto",
        Some((date!(2025 - 01 - 01), date!(2025 - 12 - 31))),
    )
    .await;
    let sem_mandato = criar("Fábio Sem", None).await;
    Cenario {
        legislatura: leg.id,
        com_mandato,
        curto,
        sem_mandato,
    }
}

async fn cargo(tx: &mut TenantTx, nome: &str) -> Uuid {
    mesa::cargos(tx, true)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.nome == nome)
        .unwrap()
        .id
}

fn membro(periodo: Uuid, parlamentar: Uuid, cargo: Uuid, inicio: Date) -> NovoMembroMesa {
    NovoMembroMesa {
        periodo_id: periodo,
        parlamentar_id: parlamentar,
        cargo_id: cargo,
        inicio,
        fim: None,
        observacao: String::new(),
    }
}

async fn begin(env: &TestEnv, t: &Tenant) -> TenantTx {
    TenantTx::begin(&env.store, t, Access::Write).await.unwrap()
}

fn dados(tipo: &str, nome: &str, sigla: &str) -> DadosComissao {
    DadosComissao {
        tipo: tipo.into(),
        nome: nome.into(),
        sigla: sigla.into(),
        finalidade: "Opinar sobre a **constitucionalidade** das proposições.".into(),
        criacao: date!(2025 - 02 - 01),
        prazo: None,
    }
}

fn designacao(comissao: Uuid, parlamentar: Uuid, cargo: &str, dia: Date) -> NovoMembroComissao {
    NovoMembroComissao {
        comissao_id: comissao,
        parlamentar_id: parlamentar,
        cargo: cargo.into(),
        titular: true,
        designacao: dia,
    }
}

fn dados_de(c: &comissoes::Comissao) -> DadosComissao {
    DadosComissao {
        tipo: c.tipo.clone(),
        nome: c.nome.clone(),
        sigla: c.sigla.clone(),
        finalidade: c.finalidade.clone(),
        criacao: c.criacao,
        prazo: c.prazo,
    }
}
