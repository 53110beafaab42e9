//! The demo câmaras of `plenario dev`.

use domain::{PlacementTarget, Slug};
use store::camara::{self, Contatos};
use store::infra::catalog;
use store::infra::provision::{self, NewTenant};
use store::{Access, Store, TenantTx};

use crate::env::CliError;

mod autografos;
mod conteudo;
pub mod gerador;
mod mesa_comissoes;
mod normas;
mod perfil;
mod sessoes;

/// Each demo câmara's generator seed: its data is the same on every machine.
fn semente(slug: &str) -> u64 {
    slug.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Demo {
    slug: &'static str,
    nome: &'static str,
    municipio: &'static str,
    uf: &'static str,
    placement: &'static str,
    cores: (&'static str, &'static str),
    endereco: &'static str,
    cep: &'static str,
    telefone: &'static str,
    instagram: &'static str,
}

const DEMOS: &[Demo] = &[
    Demo {
        slug: "olinda",
        nome: "Câmara Municipal de Olinda",
        municipio: "Olinda",
        uf: "PE",
        placement: "pool",
        cores: ("#0b4f8a", "#f2c230"),
        endereco: "Rua de São Bento, 123 — Varadouro",
        cep: "53020-080",
        telefone: "(81) 3429-0000",
        instagram: "https://instagram.com/camaraolinda",
    },
    Demo {
        slug: "ouro-preto",
        nome: "Câmara Municipal de Ouro Preto",
        municipio: "Ouro Preto",
        uf: "MG",
        placement: "pool",
        cores: ("#7a1f1f", "#d4a017"),
        endereco: "Praça Tiradentes, 41 — Centro",
        cep: "35400-000",
        telefone: "(31) 3551-0000",
        instagram: "https://instagram.com/camaraouropreto",
    },
    Demo {
        slug: "paraty",
        nome: "Câmara Municipal de Paraty",
        municipio: "Paraty",
        uf: "RJ",
        placement: "dedicated",
        cores: ("#1d5e3a", "#e8b93b"),
        endereco: "Rua Dr. Samuel Costa, 10 — Centro Histórico",
        cep: "23970-000",
        telefone: "(24) 3371-0000",
        instagram: "https://instagram.com/camaraparaty",
    },
];

/// The demo administrators' password (development only; printed by `plenario dev`).
pub const DEMO_PASSWORD: &str = "Plenario#Demo2026";

pub fn demo_admin(slug: &str) -> String {
    format!("admin@{slug}.example")
}

/// Creates the demo câmaras that do not exist yet.
pub async fn ensure_demo(store: &Store, base_domain: &str) -> Result<(), CliError> {
    for d in DEMOS {
        if catalog::find_by_slug(store.control(), d.slug)
            .await?
            .is_some()
        {
            continue;
        }
        let new = NewTenant {
            slug: Slug::parse(d.slug)?,
            nome_oficial: d.nome.to_owned(),
            municipio: domain::municipios::find(d.municipio, d.uf)?,
            domain: None,
            placement: PlacementTarget::parse(d.placement)?,
            admin_email: Some(demo_admin(d.slug)),
            mesmo_municipio: true,
        };
        let done = provision::create(store, new, base_domain, "dev:demo").await?;
        let mut tx = TenantTx::begin(store, &done.tenant, Access::Write).await?;
        camara::update_contatos(
            &mut tx,
            &Contatos {
                endereco: d.endereco.to_owned(),
                cep: d.cep.to_owned(),
                cnpj: String::new(),
                telefones: vec![d.telefone.to_owned()],
                email: format!("contato@{}.example", d.slug),
                horario_atendimento: "Segunda a sexta, das 8h às 14h".to_owned(),
            },
        )
        .await?;
        camara::update_cores(&mut tx, d.cores.0, d.cores.1).await?;
        camara::add_rede_social(&mut tx, "instagram", d.instagram, 1).await?;
        let hoje = camara::hoje(&mut tx).await?;
        let mut g = gerador::Gerador::new(
            store.arquivos(),
            gerador::Escala::DEMO,
            semente(d.slug),
            hoje,
            d.slug,
        );
        gerador::semear(&mut tx, &mut g).await?;
        // A known password for the demo administrator (development only).
        let autor = store::auditoria::Autor::cli("dev:demo");
        let admin = store::conta::usuarios::por_email(&mut tx, &demo_admin(d.slug)).await?;
        store::conta::usuarios::definir_senha(&mut tx, &autor, &admin, DEMO_PASSWORD, false, None)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}
