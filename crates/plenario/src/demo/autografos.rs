//! Demo autógrafos (Olinda only): a projeto de lei sanctioned with a veto parcial, the
//! veto derrubado and the vetoed inciso promulgated by the Prefeito within his 48 horas; and another one
//! aguardando sanção, its prazo running.

use domain::normas::sancao::EstadoAutografo;
use domain::proposicoes::{Evento, Regime, TipoAutor};
use store::TenantTx;
use store::normas::autografos::{self, NovoAutografo};
use store::normas::passos::{self, NovoPasso};
use store::proposicoes::{self as pr, AutorNovo, EventoNovo, NovaProposicao};
use time::Duration;
use uuid::Uuid;

use super::gerador::{Gerador, Semeado};
use crate::env::CliError;

const RECICLA: &str = "\
Art. 1º Fica instituído o Programa Municipal de Coleta Seletiva.
Art. 2º O Programa compreende:
I – pontos de entrega voluntária em cada bairro;
II – apoio às cooperativas de catadores;
III – isenção da taxa de coleta para quem aderir ao Programa.
Art. 3º Esta Lei entra em vigor na data de sua publicação.";

const LIVRO: &str = "\
Art. 1º Fica instituída a Semana Municipal do Livro, na segunda semana de abril.
Art. 2º Esta Lei entra em vigor na data de sua publicação.";

async fn aprovada(
    tx: &mut TenantTx,
    g: &Gerador<'_>,
    autor: Uuid,
    ementa: &str,
    texto: &str,
) -> Result<Option<Uuid>, CliError> {
    let tipo = store::proposicoes::tipos::listar(tx)
        .await?
        .into_iter()
        .find(|t| t.sigla == "PL")
        .map(|t| t.id);
    let Some(tipo) = tipo else { return Ok(None) };
    let apresentada = g.hoje - Duration::days(90);
    let p = pr::criar(
        tx,
        &g.autor,
        &NovaProposicao {
            tipo_id: tipo,
            mae_id: None,
            texto: texto.to_owned(),
            ementa: ementa.to_owned(),
            justificativa: String::new(),
            regime: Regime::Ordinario,
            apresentada_em: apresentada,
            autores: vec![AutorNovo {
                tipo: TipoAutor::Parlamentar,
                parlamentar_id: Some(autor),
                comissao_id: None,
                nome: String::new(),
                subscrito_em: apresentada,
            }],
            descricao: String::new(),
        },
    )
    .await?;
    for (evento, descricao) in [
        (Evento::ProntaParaPauta, "Incluída na pauta."),
        (
            Evento::Votada {
                aprovada: true,
                ultimo_turno: true,
            },
            "Aprovada em votação única.",
        ),
    ] {
        let e = EventoNovo {
            evento,
            unidade_id: None,
            descricao: descricao.to_owned(),
            ocorrido_em: None,
            origem_id: None,
        };
        pr::registrar_evento(tx, &g.autor, p.id, &e).await?;
    }
    Ok(Some(p.id))
}

pub async fn semear(tx: &mut TenantTx, g: &mut Gerador<'_>, s: &Semeado) -> Result<(), CliError> {
    if g.slug != "olinda" {
        return Ok(());
    }
    let (Some(autor), Some(lo)) = (
        s.parlamentares.first().map(|p| p.id),
        store::normas::tipos::por_sigla(tx, "LO").await?,
    ) else {
        return Ok(());
    };
    let hoje = g.hoje;
    let dia = |n: i64| hoje - Duration::days(n);
    let ementa = "Institui o Programa Municipal de Coleta Seletiva.";
    if let Some(p) = aprovada(tx, g, autor, ementa, RECICLA).await? {
        let novo = NovoAutografo {
            proposicao_id: p,
            tipo_norma_id: lo.id,
            texto: RECICLA.to_owned(),
            enviado_em: Some(dia(40)),
            recebido_em: Some(dia(39)),
        };
        let id = autografos::criar(tx, &g.autor, &novo, hoje).await?;
        let passo = |estado, data| NovoPasso {
            estado: Some(estado),
            data: Some(data),
            ..NovoPasso::default()
        };
        let etapas = [
            NovoPasso {
                dispositivos: vec!["art2_inc3".to_owned()],
                razoes: "A isenção da taxa de coleta cria renúncia de receita sem a estimativa de impacto \
                         orçamentário exigida pela Lei de Responsabilidade Fiscal."
                    .to_owned(),
                veto_recebido_em: Some(dia(29)),
                ..passo(EstadoAutografo::SancionadoParcialmente, dia(30))
            },
            passo(EstadoAutografo::VetoDerrubado, dia(10)),
            passo(EstadoAutografo::Promulgado, dia(8)),
        ];
        for n in &etapas {
            passos::registrar(tx, &g.autor, id, n, hoje).await?;
        }
    }
    let ementa = "Institui a Semana Municipal do Livro.";
    if let Some(p) = aprovada(tx, g, autor, ementa, LIVRO).await? {
        let novo = NovoAutografo {
            proposicao_id: p,
            tipo_norma_id: lo.id,
            texto: LIVRO.to_owned(),
            enviado_em: Some(dia(4)),
            recebido_em: Some(dia(3)),
        };
        autografos::criar(tx, &g.autor, &novo, hoje).await?;
    }
    Ok(())
}
