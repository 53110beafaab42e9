//! The seeded generator of a câmara's data: the demo câmaras of `plenario dev` and the
//! benchmarks (`plenario seed`) use the same code at different sizes ([`Escala`]).
//!
//! The same seed gives the same câmara on every machine (ChaCha8). Dates hang from the
//! câmara's "today", so the current legislatura is always in force.

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use store::TenantTx;
use store::auditoria::Autor;
use store::composicao::{self, Legislatura, NovoParlamentar, SessaoLegislativa};
use store::infra::arquivos::Arquivos;
use time::{Date, Month};
use uuid::Uuid;

use crate::env::CliError;

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct Escala {
    /// Legislaturas, the last one in force today.
    pub legislaturas: u32,
    /// Seats (titulares) per legislatura.
    pub cadeiras: u32,
    /// Suplentes per legislatura.
    pub suplentes: u32,
    pub partidos: u32,
    pub comissoes: u32,
    /// Sessões plenárias in all (most in the past, some scheduled).
    pub sessoes: u32,
    pub noticias: u32,
}

impl Escala {
    /// `plenario dev`: two legislaturas, 15 seats.
    pub const DEMO: Escala = Escala {
        legislaturas: 2,
        cadeiras: 15,
        suplentes: 5,
        partidos: 6,
        comissoes: 4,
        sessoes: 30,
        noticias: 40,
    };
    /// A câmara of SAPL's size: 36 parlamentares over 3 legislaturas, 300 sessões, 500 notícias.
    pub const SAPL: Escala = Escala {
        legislaturas: 3,
        cadeiras: 13,
        suplentes: 3,
        partidos: 8,
        comissoes: 6,
        sessoes: 300,
        noticias: 500,
    };
    /// One of the many small câmaras around it in the benchmark.
    pub const PEQUENA: Escala = Escala {
        legislaturas: 1,
        cadeiras: 9,
        suplentes: 0,
        partidos: 3,
        comissoes: 0,
        sessoes: 0,
        noticias: 0,
    };

    pub fn parse(s: &str) -> Option<Escala> {
        match s {
            "demo" => Some(Self::DEMO),
            "sapl" => Some(Self::SAPL),
            "pequena" => Some(Self::PEQUENA),
            _ => None,
        }
    }
}

/// The generator's state: the random source and what every area needs.
pub struct Gerador<'a> {
    pub rng: ChaCha8Rng,
    pub arquivos: &'a Arquivos,
    pub escala: Escala,
    /// The câmara's today.
    pub hoje: Date,
    pub autor: Autor,
    /// The câmara's slug (for e-mail addresses and the like).
    pub slug: String,
}

impl<'a> Gerador<'a> {
    pub fn new(
        arquivos: &'a Arquivos,
        escala: Escala,
        semente: u64,
        hoje: Date,
        slug: &str,
    ) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(semente),
            arquivos,
            escala,
            hoje,
            autor: Autor::cli("dev:gerador"),
            slug: slug.to_owned(),
        }
    }

    /// One of `items`, at random.
    pub fn um<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        #[allow(clippy::expect_used)]
        items.choose(&mut self.rng).expect("a non-empty list")
    }

    /// A paragraph of plausible civic prose.
    pub fn paragrafo(&mut self) -> String {
        let n = self.rng.random_range(2..5);
        (0..n)
            .map(|_| *self.um(FRASES))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A parlamentar the generator created, with where it sat.
#[derive(Debug, Clone)]
pub struct ParlamentarGerado {
    pub id: Uuid,
    pub nome_parlamentar: String,
    pub slug: String,
    /// Indexes into [`Semeado::legislaturas`] where it held a mandato, and whether as titular.
    pub mandatos: Vec<(usize, bool)>,
}

/// What the composition produced, for the other areas to hang their rows from.
#[derive(Debug, Clone, Default)]
pub struct Semeado {
    /// Oldest first; the last one is in force.
    pub legislaturas: Vec<Legislatura>,
    /// Per legislatura (same index), oldest first.
    pub sessoes_legislativas: Vec<Vec<SessaoLegislativa>>,
    pub partidos: Vec<Uuid>,
    pub parlamentares: Vec<ParlamentarGerado>,
}

impl Semeado {
    /// The titulares of legislatura `i`.
    pub fn titulares(&self, i: usize) -> Vec<&ParlamentarGerado> {
        self.parlamentares
            .iter()
            .filter(|p| p.mandatos.contains(&(i, true)))
            .collect()
    }
}

/// Generates everything, area by area.
pub async fn semear(tx: &mut TenantTx, g: &mut Gerador<'_>) -> Result<Semeado, CliError> {
    let s = composicao(tx, g).await?;
    super::perfil::semear(tx, g, &s).await?;
    super::mesa_comissoes::semear(tx, g, &s).await?;
    super::sessoes::semear(tx, g, &s).await?;
    super::conteudo::semear(tx, g, &s).await?;
    super::normas::semear(tx, g).await?;
    super::autografos::semear(tx, g, &s).await?;
    Ok(s)
}

fn data(ano: i32, mes: Month, dia: u8) -> Result<Date, CliError> {
    Date::from_calendar_date(ano, mes, dia)
        .map_err(|e| CliError::usage(format!("data inválida no gerador: {e}")))
}

/// Legislaturas (4 years each, ending with the one in force), their sessões legislativas,
/// partidos, parlamentares with mandatos (titulares and suplentes, about half re-elected)
/// and filiações (some change party between legislaturas).
async fn composicao(tx: &mut TenantTx, g: &mut Gerador<'_>) -> Result<Semeado, CliError> {
    let e = g.escala;
    let mut s = Semeado::default();
    // Legislaturas start in years ≡ 1 (mod 4): 2021, 2025, 2029…
    let atual_inicio = g.hoje.year() - (g.hoje.year() - 1).rem_euclid(4);
    let primeira = atual_inicio - 4 * (e.legislaturas.max(1) as i32 - 1);
    for k in 0..e.legislaturas.max(1) as i32 {
        let ano = primeira + 4 * k;
        let numero = 20 - (e.legislaturas as i32 - 1) + k;
        let leg = composicao::criar_legislatura(
            tx,
            &g.autor,
            numero,
            data(ano, Month::January, 1)?,
            data(ano + 3, Month::December, 31)?,
        )
        .await?;
        let mut sls = Vec::new();
        for n in 0..4 {
            sls.push(
                composicao::criar_sessao_legislativa(
                    tx,
                    &g.autor,
                    leg.id,
                    n + 1,
                    data(ano + n, Month::February, 1)?,
                    data(ano + n, Month::December, 22)?,
                )
                .await?,
            );
        }
        s.legislaturas.push(leg);
        s.sessoes_legislativas.push(sls);
    }
    for (sigla, nome, numero) in PARTIDOS.iter().take(e.partidos.max(1) as usize) {
        s.partidos
            .push(composicao::criar_partido(tx, &g.autor, sigla, nome, Some(*numero)).await?);
    }

    let mut usados = std::collections::HashSet::new();
    let mut anterior: Vec<usize> = Vec::new();
    for li in 0..s.legislaturas.len() {
        let leg = s.legislaturas[li].clone();
        // About half of the previous titulares are re-elected.
        let mut eleitos: Vec<usize> = anterior
            .iter()
            .copied()
            .filter(|_| g.rng.random_bool(0.5))
            .take(e.cadeiras as usize)
            .collect();
        while eleitos.len() < (e.cadeiras + e.suplentes) as usize {
            let idx = novo_parlamentar(tx, g, &mut s, &mut usados, leg.inicio).await?;
            eleitos.push(idx);
        }
        for (pos, &idx) in eleitos.iter().enumerate() {
            let titular = pos < e.cadeiras as usize;
            let votos = if titular {
                g.rng.random_range(900..4_800)
            } else {
                g.rng.random_range(300..900)
            };
            composicao::criar_mandato(
                tx,
                &g.autor,
                s.parlamentares[idx].id,
                leg.id,
                titular,
                Some(votos),
                leg.inicio,
                leg.fim,
            )
            .await?;
            s.parlamentares[idx].mandatos.push((li, titular));
        }
        anterior = eleitos.iter().copied().take(e.cadeiras as usize).collect();
    }
    Ok(s)
}

/// A new parlamentar with a unique name and a filiação from before `desde`; one in five
/// changed party at some point.
async fn novo_parlamentar(
    tx: &mut TenantTx,
    g: &mut Gerador<'_>,
    s: &mut Semeado,
    usados: &mut std::collections::HashSet<String>,
    desde: Date,
) -> Result<usize, CliError> {
    let (civil, parlamentar) = loop {
        let feminino = g.rng.random_bool(0.5);
        let nome = *g.um(if feminino { NOMES_F } else { NOMES_M });
        let s1 = *g.um(SOBRENOMES);
        let s2 = *g.um(SOBRENOMES);
        let civil = format!("{nome} {s1} {s2}");
        let parlamentar = if g.rng.random_bool(0.3) {
            format!(
                "{nome} {}",
                g.um(if feminino { EPITETOS_F } else { EPITETOS_M })
            )
        } else {
            format!("{nome} {s2}")
        };
        if s1 != s2 && usados.insert(domain::slugify(&parlamentar)) {
            break (civil, parlamentar);
        }
    };
    let biografia = format!(
        "{parlamentar} nasceu no município e {}.\n\n{}\n\nÁreas de atuação: {}.",
        g.um(TRAJETORIAS),
        g.paragrafo(),
        g.um(AREAS)
    );
    let (id, slug) = composicao::criar_parlamentar(
        tx,
        &g.autor,
        &NovoParlamentar {
            nome_civil: civil,
            nome_parlamentar: parlamentar.clone(),
            biografia,
            email: format!("{}@{}.example", domain::slugify(&parlamentar), g.slug),
            telefone: String::new(),
            cpf: None,
        },
    )
    .await?;
    let partido = *g.um(&s.partidos);
    let filiado = data(desde.year() - g.rng.random_range(2..9), Month::April, 1)?;
    if s.partidos.len() > 1 && g.rng.random_bool(0.2) {
        let outro = *g.um(&s.partidos);
        if outro != partido {
            let troca = data(desde.year() - 1, Month::March, 15)?;
            composicao::filiar(tx, &g.autor, id, outro, filiado, Some(troca)).await?;
            composicao::filiar(tx, &g.autor, id, partido, troca, None).await?;
        } else {
            composicao::filiar(tx, &g.autor, id, partido, filiado, None).await?;
        }
    } else {
        composicao::filiar(tx, &g.autor, id, partido, filiado, None).await?;
    }
    s.parlamentares.push(ParlamentarGerado {
        id,
        nome_parlamentar: parlamentar,
        slug,
        mandatos: Vec::new(),
    });
    Ok(s.parlamentares.len() - 1)
}

/// Fictional parties (no real one is implied).
const PARTIDOS: &[(&str, &str, i32)] = &[
    ("PDC", "Partido Democrático da Cidade", 31),
    ("PTR", "Partido do Trabalho Regional", 42),
    ("UNA", "União Nacional Ambiental", 55),
    ("MPM", "Movimento Popular Municipalista", 61),
    ("PRB", "Partido Republicano dos Bairros", 27),
    ("FCS", "Frente Cidadã Solidária", 73),
    ("PLV", "Partido Liberal Verde", 38),
    ("ADS", "Aliança Democrática Social", 19),
];

const NOMES_F: &[&str] = &[
    "Ana",
    "Beatriz",
    "Carla",
    "Débora",
    "Elaine",
    "Fernanda",
    "Graça",
    "Helena",
    "Iara",
    "Joana",
    "Kátia",
    "Luíza",
    "Márcia",
    "Neide",
    "Olívia",
    "Patrícia",
    "Raquel",
    "Sônia",
    "Tânia",
    "Vera",
];
const NOMES_M: &[&str] = &[
    "André", "Bruno", "César", "Diego", "Edson", "Fábio", "Gilberto", "Heitor", "Ivan", "João",
    "Kléber", "Lucas", "Márcio", "Nélson", "Otávio", "Paulo", "Renato", "Sérgio", "Tiago", "Vítor",
];
const SOBRENOMES: &[&str] = &[
    "Albuquerque",
    "Barbosa",
    "Cavalcanti",
    "Duarte",
    "Esteves",
    "Ferreira",
    "Gonçalves",
    "Holanda",
    "Lins",
    "Monteiro",
    "Nogueira",
    "Oliveira",
    "Pessoa",
    "Queiroz",
    "Ribeiro",
    "Souza",
    "Teixeira",
    "Uchôa",
    "Vasconcelos",
    "Xavier",
];
const EPITETOS_F: &[&str] = &[
    "da Saúde",
    "Professora",
    "do Povo",
    "Enfermeira",
    "da Feira",
];
const EPITETOS_M: &[&str] = &[
    "Professor",
    "do Bairro Novo",
    "da Farmácia",
    "Motorista",
    "do Esporte",
];
const TRAJETORIAS: &[&str] = &[
    "atuou por vinte anos como professora da rede municipal",
    "foi presidente da associação de moradores do seu bairro",
    "é servidor da saúde pública e trabalhou no posto central",
    "é comerciante no centro histórico",
    "coordenou projetos sociais com a juventude",
];
const AREAS: &[&str] = &[
    "saúde, educação e mobilidade urbana",
    "cultura, turismo e patrimônio histórico",
    "meio ambiente e saneamento",
    "assistência social e direitos da pessoa idosa",
    "esporte, lazer e juventude",
];
pub const FRASES: &[&str] = &[
    "A Câmara aprovou em votação única o projeto que amplia o horário das unidades de saúde.",
    "O debate reuniu moradores, entidades e representantes do Executivo municipal.",
    "A proposta segue agora para a sanção do prefeito.",
    "Os vereadores destacaram a importância da participação popular nas audiências públicas.",
    "O texto recebeu emendas na comissão de Constituição e Justiça.",
    "A sessão foi transmitida ao vivo pelos canais oficiais da Câmara.",
    "O requerimento pede informações sobre as obras de pavimentação nos bairros.",
    "A audiência pública discutiu o orçamento do próximo exercício.",
    "A homenagem reconheceu o trabalho voluntário de agentes comunitários.",
    "O plenário rejeitou o veto por maioria absoluta.",
];
