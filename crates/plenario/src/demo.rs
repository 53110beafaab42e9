//! The demo câmaras of `plenario dev`.

use domain::{PlacementTarget, Slug};
use store::camara::{self, Contatos};
use store::catalog;
use store::provision::{self, NewTenant};
use store::{Access, Store, TenantTx};

use crate::env::CliError;

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
        composicao(&mut tx, d.slug).await?;
        // A known password for the demo administrator (development only).
        let autor = store::auditoria::Autor::cli("dev:demo");
        let admin = store::usuarios::por_email(&mut tx, &demo_admin(d.slug)).await?;
        store::usuarios::definir_senha(&mut tx, &autor, &admin, DEMO_PASSWORD, false, None).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Nine parlamentares of the 2025–2028 legislatura, in three partidos.
async fn composicao(tx: &mut TenantTx, slug: &str) -> Result<(), CliError> {
    use store::parlamentares::{self, NovoParlamentar};
    use time::macros::date;
    const NOMES: [(&str, &str); 9] = [
        ("Ana Beatriz Cavalcanti", "Ana da Saúde"),
        ("Bruno Henrique Albuquerque", "Bruno Professor"),
        ("Carla Regina Monteiro", "Carla Monteiro"),
        ("Diego Ferreira Lins", "Diego do Bairro Novo"),
        ("Elaine Cristina Souza", "Elaine Souza"),
        ("Fábio Augusto Lopes", "Fábio Lopes"),
        ("Graça Maria Pessoa", "Graça Pessoa"),
        ("Heitor José Barbosa", "Heitor Barbosa"),
        ("Iara Santos de Melo", "Iara Melo"),
    ];
    let autor = store::auditoria::Autor::cli("dev:demo");
    let leg = parlamentares::criar_legislatura(
        tx,
        &autor,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await?;
    let mut partidos = Vec::new();
    for (sigla, nome, numero) in [
        ("PDC", "Partido Democrático da Cidade", 31),
        ("PTR", "Partido do Trabalho Regional", 42),
        ("UNA", "União Nacional Ambiental", 55),
    ] {
        partidos.push(parlamentares::criar_partido(tx, &autor, sigla, nome, Some(numero)).await?);
    }
    for (i, (civil, parlamentar)) in NOMES.iter().enumerate() {
        let email = format!("{}@{slug}.example", domain::slugify(parlamentar));
        let (id, _) = parlamentares::criar_parlamentar(
            tx,
            &autor,
            &NovoParlamentar {
                nome_civil: (*civil).to_owned(),
                nome_parlamentar: (*parlamentar).to_owned(),
                biografia: format!(
                    "{parlamentar} exerce o primeiro mandato na Câmara.\n\nAtua nas áreas de saúde, educação e mobilidade urbana."
                ),
                email,
                telefone: String::new(),
                cpf: None,
            },
        )
        .await?;
        parlamentares::criar_mandato(
            tx,
            &autor,
            id,
            leg.id,
            true,
            Some(1500 + 137 * i as i32),
            date!(2025 - 01 - 01),
            date!(2028 - 12 - 31),
        )
        .await?;
        parlamentares::filiar(tx, &autor, id, partidos[i % 3], date!(2023 - 04 - 01), None).await?;
    }
    Ok(())
}
