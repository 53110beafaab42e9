//! The running sessão (issue #12): its life, numbering by date, presença, the votação with
//! one vote per councilor, the computed result, secrecy, and 15 councilors racing a close.

use std::collections::BTreeSet;

use domain::proposicoes::{Evento, Regime, TipoAutor};
use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::presenca::{Ambito, SituacaoPresenca};
use domain::sessoes_plenarias::quorum::{Abstencao, Resultado, VotoPresidente};
use domain::sessoes_plenarias::votacao::{Acao, TipoAcao, TipoVotacao, Voto};
use store::auditoria::Autor;
use store::composicao;
use store::infra::catalog::Tenant;
use store::proposicoes::{self, AutorNovo, EventoNovo, NovaProposicao};
use store::sessoes_plenarias::pauta::{self, NovoItem};
use store::sessoes_plenarias::presenca::{self, Marca};
use store::sessoes_plenarias::votacao::{self, Encerramento, Registro};
use store::sessoes_plenarias::{self as sp, NovaSessao, Retificacao};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::PrimitiveDateTime;
use time::macros::{date, datetime};
use uuid::Uuid;

struct Cenario {
    t: Tenant,
    tipo: Uuid,
    parlamentares: Vec<Uuid>,
}

fn autor() -> Autor {
    Autor::cli("t")
}

/// A câmara with a legislatura, the 2025 sessão legislativa and `n` councilors with
/// mandatos for the whole legislatura.
async fn cenario(env: &TestEnv, prefix: &str, n: usize) -> Cenario {
    let t = env.camara(prefix, "pool").await;
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let leg = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    composicao::criar_sessao_legislativa(
        &mut tx,
        &a,
        leg.id,
        1,
        date!(2025 - 02 - 01),
        date!(2025 - 12 - 22),
    )
    .await
    .unwrap();
    let mut parlamentares = Vec::new();
    for i in 0..n {
        let (p, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &composicao::NovoParlamentar {
                nome_civil: format!("Vereador Número {i:02}"),
                nome_parlamentar: format!("Vereador {i:02}"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::criar_mandato(
            &mut tx,
            &a,
            p,
            leg.id,
            true,
            None,
            date!(2025 - 01 - 01),
            date!(2028 - 12 - 31),
        )
        .await
        .unwrap();
        parlamentares.push(p);
    }
    sp::definir_regimento(
        &mut tx,
        &a,
        Some(i32::try_from(n).unwrap()),
        VotoPresidente::Desempate,
        Abstencao::Neutra,
    )
    .await
    .unwrap();
    let tipo = sp::tipos(&mut tx, true).await.unwrap()[0].id;
    tx.commit().await.unwrap();
    Cenario {
        t,
        tipo,
        parlamentares,
    }
}

fn nova(tipo: Uuid, inicio: PrimitiveDateTime) -> NovaSessao {
    NovaSessao {
        tipo_id: tipo,
        inicio,
        fim: None,
        local: "Plenário".into(),
        observacoes: String::new(),
    }
}

/// An opened sessão with every councilor present.
async fn aberta_com_todos(tx: &mut TenantTx, c: &Cenario, inicio: PrimitiveDateTime) -> Uuid {
    let s = sp::criar(tx, &autor(), &nova(c.tipo, inicio))
        .await
        .unwrap();
    sp::transicionar(tx, &autor(), s.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    for p in &c.parlamentares {
        presenca::marcar(tx, &autor(), s.id, &presente(*p))
            .await
            .unwrap();
    }
    s.id
}

fn presente(p: Uuid) -> Marca {
    Marca {
        parlamentar_id: p,
        ambito: Ambito::Sessao,
        situacao: SituacaoPresenca::Presente,
        justificativa: String::new(),
        pelo_proprio: false,
    }
}

fn item_livre(descricao: &str) -> NovoItem {
    NovoItem {
        proposicao_id: None,
        descricao: descricao.into(),
        tipo_acao: TipoAcao::Votacao,
        quorum: None,
        turno: 1,
        fase_id: None,
    }
}

fn constraint(e: &Error) -> Option<String> {
    e.constraint().map(str::to_owned)
}

#[tokio::test]
async fn a_sessao_moves_only_through_its_states_even_for_a_raw_update() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "ciclo", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-04 18:00)))
        .await
        .unwrap();
    // Skipping aberta is refused by the entry point…
    let r = tx
        .tentar(async |tx| sp::transicionar(tx, &a, s.id, StatusSessao::Encerrada, None).await)
        .await;
    assert!(matches!(r, Err(Error::Conflict(m)) if m.contains("aberta")));
    // …and by the database for a raw UPDATE.
    let tenant = tx.tenant_id();
    let raw = tx
        .tentar(async |tx| {
            sqlx::query("UPDATE app.sessao_plenaria SET status = 'encerrada', aberta_em = now(), encerrada_em = now() WHERE tenant_id = $1 AND id = $2")
                .bind(tenant)
                .bind(s.id)
                .execute(tx.conn())
                .await
                .map_err(Error::from)
        })
        .await
        .unwrap_err();
    assert_eq!(
        constraint(&raw).as_deref(),
        Some("sessao_plenaria_transicao")
    );
    let aberta = sp::transicionar(&mut tx, &a, s.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    assert_eq!(
        aberta.fase.as_deref(),
        Some("Pequeno Expediente"),
        "the first phase starts"
    );
    assert_eq!(aberta.status_label(), "Em andamento");
    let fases = sp::fases(&mut tx).await.unwrap();
    let od = fases.iter().find(|f| f.ordem_do_dia).unwrap();
    let s2 = sp::definir_fase(&mut tx, &a, s.id, od.id).await.unwrap();
    assert_eq!(s2.fase.as_deref(), Some("Ordem do Dia"));
    sp::transicionar(&mut tx, &a, s.id, StatusSessao::Suspensa, None)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| sp::transicionar(tx, &a, s.id, StatusSessao::Cancelada, None).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(_))),
        "an opened sessão is not cancelled"
    );
    sp::transicionar(&mut tx, &a, s.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    let fim = sp::transicionar(&mut tx, &a, s.id, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    assert_eq!(
        (fim.status_label(), fim.fase.as_deref()),
        ("Encerrada", None)
    );
    // An encerrada row changes only through a retificação.
    let raw = tx
        .tentar(async |tx| {
            sqlx::query("UPDATE app.sessao_plenaria SET observacoes = 'mexida' WHERE tenant_id = $1 AND id = $2")
                .bind(tenant)
                .bind(s.id)
                .execute(tx.conn())
                .await
                .map_err(Error::from)
        })
        .await
        .unwrap_err();
    assert_eq!(
        constraint(&raw).as_deref(),
        Some("sessao_plenaria_encerrada")
    );
    let curta = Retificacao {
        fim: None,
        local: "Plenário".into(),
        observacoes: "Ata corrigida".into(),
        motivo: "curto".into(),
    };
    assert!(
        tx.tentar(async |tx| sp::retificar(tx, &a, s.id, &curta).await)
            .await
            .is_err()
    );
    let r = Retificacao {
        motivo: "Erro de digitação no local da sessão.".into(),
        ..curta
    };
    let depois = sp::retificar(&mut tx, &a, s.id, &r).await.unwrap();
    assert_eq!(depois.observacoes, "Ata corrigida");
    assert_eq!(depois.status, StatusSessao::Encerrada);
    let acoes: Vec<String> = sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'sessao_plenaria' AND entidade_id = $2 ORDER BY em, id",
    )
    .bind(tenant)
    .bind(s.id.to_string())
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(
        acoes,
        [
            "criar",
            "abrir",
            "fase",
            "suspender",
            "retomar",
            "encerrar",
            "retificar"
        ]
    );
    let motivo: String = sqlx::query_scalar(
        "SELECT motivo FROM app.sessao_retificacao WHERE tenant_id = $1 AND sessao_id = $2",
    )
    .bind(tenant)
    .bind(s.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert!(motivo.contains("digitação"));
}

#[tokio::test]
async fn numbers_follow_the_date_and_are_fixed_when_the_sessao_opens() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "numeracao", 1).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let d10 = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-10 18:00)))
        .await
        .unwrap();
    let d20 = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-20 18:00)))
        .await
        .unwrap();
    // The operator is warned before a sessão numbered before an existing one…
    let aviso = sp::aviso_numeracao(&mut tx, c.tipo, datetime!(2025-03-15 18:00))
        .await
        .unwrap()
        .unwrap();
    assert!(
        aviso.contains("número 2") && aviso.contains("renumeradas"),
        "{aviso}"
    );
    assert_eq!(
        sp::aviso_numeracao(&mut tx, c.tipo, datetime!(2025-03-25 18:00))
            .await
            .unwrap(),
        None
    );
    // …and the numbers follow the dates.
    let d15 = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-15 18:00)))
        .await
        .unwrap();
    let numero = async |tx: &mut TenantTx, id| sp::por_id(tx, id).await.unwrap().unwrap().numero;
    assert_eq!(
        (
            numero(&mut tx, d10.id).await,
            numero(&mut tx, d15.id).await,
            numero(&mut tx, d20.id).await
        ),
        (1, 2, 3)
    );
    // Opening fixes the number: a sessão dated before an opened one is numbered after it.
    sp::transicionar(&mut tx, &a, d10.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    sp::transicionar(&mut tx, &a, d15.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    let aviso = sp::aviso_numeracao(&mut tx, c.tipo, datetime!(2025-03-12 18:00))
        .await
        .unwrap()
        .unwrap();
    assert!(aviso.contains("fora da ordem"), "{aviso}");
    let d12 = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-12 18:00)))
        .await
        .unwrap();
    assert_eq!(
        numero(&mut tx, d12.id).await,
        3,
        "takes the agendada d20's number"
    );
    assert_eq!(numero(&mut tx, d15.id).await, 2, "opened: fixed");
    assert_eq!(numero(&mut tx, d20.id).await, 4);
    // The database keeps an opened sessão's number.
    let tenant = tx.tenant_id();
    let raw = tx
        .tentar(async |tx| {
            sqlx::query(
                "UPDATE app.sessao_plenaria SET numero = 99 WHERE tenant_id = $1 AND id = $2",
            )
            .bind(tenant)
            .bind(d15.id)
            .execute(tx.conn())
            .await
            .map_err(Error::from)
        })
        .await
        .unwrap_err();
    assert_eq!(
        constraint(&raw).as_deref(),
        Some("sessao_plenaria_numero_fixo")
    );
}

#[tokio::test]
async fn a_past_sessao_never_opened_is_nao_realizada_everywhere() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "naorealizada", 1).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let nunca = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-10 18:00)))
        .await
        .unwrap();
    let feita = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-11 18:00)))
        .await
        .unwrap();
    sp::transicionar(&mut tx, &a, feita.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    sp::transicionar(&mut tx, &a, feita.id, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    let nunca = sp::por_id(&mut tx, nunca.id).await.unwrap().unwrap();
    assert_eq!(nunca.status, StatusSessao::Agendada);
    assert_eq!(nunca.status_label(), "Não realizada");
    let dados = sp::dados(&mut tx, None, None, None, 10).await.unwrap();
    let status: Vec<&str> = dados.iter().map(|d| d.status.as_str()).collect();
    assert_eq!(status, ["nao_realizada", "encerrada"]);
}

#[tokio::test]
async fn presenca_counts_only_the_members_of_the_day() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "presenca", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let leg = composicao::legislaturas_resumo(&mut tx).await.unwrap()[0].id;
    // A councilor whose posse is in April, and a suplente in place of an afastado titular.
    let (tarde, _) = composicao::criar_parlamentar(
        &mut tx,
        &a,
        &composicao::NovoParlamentar {
            nome_civil: "Empossada Depois".into(),
            nome_parlamentar: "Empossada".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    composicao::criar_mandato(
        &mut tx,
        &a,
        tarde,
        leg,
        true,
        None,
        date!(2025 - 04 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let (suplente, _) = composicao::criar_parlamentar(
        &mut tx,
        &a,
        &composicao::NovoParlamentar {
            nome_civil: "Suplente em Exercício".into(),
            nome_parlamentar: "Suplente".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    composicao::criar_mandato(
        &mut tx,
        &a,
        suplente,
        leg,
        false,
        None,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let mandato_titular = composicao::mandatos_de(&mut tx, c.parlamentares[0])
        .await
        .unwrap()[0]
        .id;
    composicao::criar_afastamento(
        &mut tx,
        &a,
        mandato_titular,
        &composicao::DadosAfastamento {
            tipo: "licenca_saude".into(),
            inicio: date!(2025 - 03 - 01),
            fim: Some(date!(2025 - 03 - 31)),
            suplente: Some(suplente),
            observacao: String::new(),
        },
    )
    .await
    .unwrap();
    let s = sp::criar(&mut tx, &a, &nova(c.tipo, datetime!(2025-03-10 18:00)))
        .await
        .unwrap();
    sp::transicionar(&mut tx, &a, s.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    let ch = presenca::chamada(&mut tx, s.id).await.unwrap();
    let ids: BTreeSet<Uuid> = ch.linhas.iter().map(|l| l.parlamentar_id).collect();
    assert_eq!(
        ids,
        [suplente, c.parlamentares[1], c.parlamentares[2]]
            .into_iter()
            .collect()
    );
    for nao_membro in [tarde, c.parlamentares[0]] {
        let r = tx
            .tentar(async |tx| presenca::marcar(tx, &a, s.id, &presente(nao_membro)).await)
            .await;
        assert!(matches!(r, Err(Error::Validation(_))), "{r:?}");
    }
    presenca::marcar(&mut tx, &a, s.id, &presente(suplente))
        .await
        .unwrap();
    let sem = Marca {
        situacao: SituacaoPresenca::Justificada,
        ..presente(c.parlamentares[1])
    };
    assert!(
        tx.tentar(async |tx| presenca::marcar(tx, &a, s.id, &sem).await)
            .await
            .is_err()
    );
    let just = Marca {
        justificativa: "Missão oficial".into(),
        ..sem
    };
    presenca::marcar(&mut tx, &a, s.id, &just).await.unwrap();
    let ch = presenca::chamada(&mut tx, s.id).await.unwrap();
    // 3 seats: instalação ⌈3/3⌉ = 1, deliberação 2.
    assert_eq!(
        (ch.presentes, ch.quorum_instalacao, ch.quorum_deliberacao),
        (1, 1, 2)
    );
    assert!(ch.instalacao() && !ch.deliberacao());
    // Self check-in (marked by the councilor) is recorded as such; marking again updates.
    presenca::marcar(
        &mut tx,
        &a,
        s.id,
        &Marca {
            pelo_proprio: true,
            ..presente(c.parlamentares[2])
        },
    )
    .await
    .unwrap();
    presenca::marcar(
        &mut tx,
        &a,
        s.id,
        &Marca {
            pelo_proprio: true,
            ..presente(c.parlamentares[2])
        },
    )
    .await
    .unwrap();
    let ch = presenca::chamada(&mut tx, s.id).await.unwrap();
    assert!(ch.deliberacao());
    // Once the ordem do dia has a roll, it is the one that counts.
    presenca::marcar(
        &mut tx,
        &a,
        s.id,
        &Marca {
            ambito: Ambito::OrdemDoDia,
            ..presente(suplente)
        },
    )
    .await
    .unwrap();
    assert_eq!(
        presenca::chamada(&mut tx, s.id)
            .await
            .unwrap()
            .presentes_ids(),
        vec![suplente]
    );
}

#[tokio::test]
async fn one_vote_per_councilor_is_the_databases_rule_and_changes_keep_history() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "votounico", 3).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Requerimento de informação"))
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
        .await
        .unwrap();
    // A second live votação of the same (item, turno) is refused.
    let r = tx
        .tentar(async |tx| votacao::abrir(tx, &a, item.id, TipoVotacao::Nominal).await)
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    let p = c.parlamentares[0];
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, p, Voto::Sim)
            .await
            .unwrap(),
        Registro::Novo
    );
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, p, Voto::Sim)
            .await
            .unwrap(),
        Registro::Repetido
    );
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, p, Voto::Nao)
            .await
            .unwrap(),
        Registro::Alterado
    );
    let tenant = tx.tenant_id();
    let raw = tx
        .tentar(async |tx| {
            sqlx::query("INSERT INTO app.voto (tenant_id, id, votacao_id, parlamentar_id, voto) VALUES ($1, $2, $3, $4, 'sim')")
                .bind(tenant).bind(Uuid::now_v7()).bind(v.id).bind(p)
                .execute(tx.conn()).await.map_err(Error::from)
        })
        .await
        .unwrap_err();
    assert_eq!(constraint(&raw).as_deref(), Some("voto_unico"));
    let hist: Vec<(String, String)> =
        sqlx::query_as("SELECT anterior, novo FROM app.voto_historico WHERE tenant_id = $1")
            .bind(tenant)
            .fetch_all(tx.conn())
            .await
            .unwrap();
    assert_eq!(hist, [("sim".to_owned(), "nao".to_owned())]);
    // Absent: not eligible.
    presenca::marcar(
        &mut tx,
        &a,
        s,
        &Marca {
            situacao: SituacaoPresenca::Ausente,
            ..presente(c.parlamentares[1])
        },
    )
    .await
    .unwrap();
    let r = tx
        .tentar(async |tx| votacao::votar(tx, &a, v.id, c.parlamentares[1], Voto::Sim).await)
        .await;
    assert!(matches!(r, Err(Error::Validation(_))), "{r:?}");
    votacao::votar(&mut tx, &a, v.id, c.parlamentares[2], Voto::Sim)
        .await
        .unwrap();
    votacao::mover(&mut tx, &a, v.id, Acao::Travar, "")
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| votacao::votar(tx, &a, v.id, c.parlamentares[2], Voto::Nao).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(_))),
        "a locked votação takes no votes"
    );
    votacao::mover(&mut tx, &a, v.id, Acao::Destravar, "")
        .await
        .unwrap();
    let fim = votacao::encerrar(&mut tx, &a, v.id, &Encerramento::default())
        .await
        .unwrap();
    // 2 present of 3 seats (quórum 2): 1 × 1 → tie → rejected.
    assert_eq!(
        (fim.sim, fim.nao, fim.resultado.as_deref()),
        (1, 1, Some("rejeitada"))
    );
    // After the close, even a raw INSERT is refused by the database.
    let raw = tx
        .tentar(async |tx| {
            sqlx::query("UPDATE app.voto SET voto = 'sim' WHERE tenant_id = $1 AND votacao_id = $2")
                .bind(tenant)
                .bind(v.id)
                .execute(tx.conn())
                .await
                .map_err(Error::from)
        })
        .await
        .unwrap_err();
    assert_eq!(constraint(&raw).as_deref(), Some("voto_votacao_aberta"));
    // Reopen and cancel are audited steps with a motivo.
    assert!(
        tx.tentar(async |tx| votacao::mover(tx, &a, v.id, Acao::Reabrir, "curto").await)
            .await
            .is_err()
    );
    votacao::mover(
        &mut tx,
        &a,
        v.id,
        Acao::Reabrir,
        "Painel registrou voto errado.",
    )
    .await
    .unwrap();
    let c2 = votacao::mover(
        &mut tx,
        &a,
        v.id,
        Acao::Cancelar,
        "Votação anulada pela Mesa.",
    )
    .await
    .unwrap();
    assert_eq!(c2.status, "cancelada");
    let acoes: Vec<String> = sqlx::query_scalar("SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'votacao' ORDER BY em, id")
        .bind(tenant).fetch_all(tx.conn()).await.unwrap();
    assert_eq!(
        acoes,
        [
            "abrir",
            "travar",
            "destravar",
            "encerrar",
            "reabrir",
            "cancelar"
        ]
    );
}

#[tokio::test]
async fn the_result_is_computed_overridden_only_with_a_justification_and_fed_to_the_proposicao() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "resultado", 5).await;
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let a = autor();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let tenant = tx.tenant_id();
    let pl: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = 'PL'",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let prop = proposicoes::criar(
        &mut tx,
        &a,
        &NovaProposicao {
            tipo_id: pl,
            mae_id: None,
            ementa: "Dispõe sobre a coleta seletiva de lixo.".into(),
            texto: String::new(),
            justificativa: String::new(),
            regime: Regime::Ordinario,
            apresentada_em: date!(2025 - 03 - 01),
            autores: vec![AutorNovo {
                tipo: TipoAutor::Mesa,
                parlamentar_id: None,
                comissao_id: None,
                nome: "Mesa Diretora".into(),
                subscrito_em: date!(2025 - 03 - 01),
            }],
            descricao: String::new(),
        },
    )
    .await
    .unwrap();
    proposicoes::registrar_evento(
        &mut tx,
        &a,
        prop.id,
        &EventoNovo {
            evento: Evento::ProntaParaPauta,
            unidade_id: None,
            descricao: "Pronta.".into(),
            ocorrido_em: None,
            origem_id: None,
        },
    )
    .await
    .unwrap();
    let item = pauta::adicionar_item(
        &mut tx,
        &a,
        s,
        &NovoItem {
            proposicao_id: Some(prop.id),
            ..item_livre("")
        },
    )
    .await
    .unwrap();
    assert!(item.titulo.starts_with("PL 1/2025"), "{}", item.titulo);
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
        .await
        .unwrap();
    for (p, voto) in
        c.parlamentares
            .iter()
            .zip([Voto::Sim, Voto::Sim, Voto::Sim, Voto::Nao, Voto::Abstencao])
    {
        votacao::votar(&mut tx, &a, v.id, *p, voto).await.unwrap();
    }
    // Overriding the computed result without a justification is refused.
    let sem = Encerramento {
        alterar_para: Some(Resultado::Rejeitada),
        ..Encerramento::default()
    };
    let r = tx
        .tentar(async |tx| votacao::encerrar(tx, &a, v.id, &sem).await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref e)) if e.field == "justificativa"),
        "{r:?}"
    );
    let fim = votacao::encerrar(&mut tx, &a, v.id, &Encerramento::default())
        .await
        .unwrap();
    assert_eq!(
        (fim.sim, fim.nao, fim.abstencao, fim.presentes),
        (3, 1, 1, Some(5))
    );
    assert_eq!(fim.resultado.as_deref(), Some("aprovada"));
    assert_eq!(fim.resultado_calculado.as_deref(), Some("aprovada"));
    let situacao: Option<String> =
        sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(prop.id)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    assert_eq!(situacao.as_deref(), Some("aprovada"));
    // A result recorded on the proposição is not reopened here.
    let r = tx
        .tentar(async |tx| {
            votacao::mover(tx, &a, v.id, Acao::Reabrir, "Quero votar de novo.").await
        })
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))));
    // An override with its justification is kept next to the computed result.
    let item2 = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Moção de aplauso"))
        .await
        .unwrap();
    let v2 = votacao::abrir(&mut tx, &a, item2.id, TipoVotacao::Simbolica)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| votacao::votar(tx, &a, v2.id, c.parlamentares[0], Voto::Sim).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(_))),
        "symbolic: no individual votes"
    );
    let fim2 = votacao::encerrar(
        &mut tx,
        &a,
        v2.id,
        &Encerramento {
            contagem: Some((2, 2, 1)),
            alterar_para: Some(Resultado::Aprovada),
            justificativa: "O presidente declarou aprovada por contraste visível.".into(),
            ..Encerramento::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(fim2.resultado_calculado.as_deref(), Some("rejeitada"));
    assert_eq!(fim2.resultado.as_deref(), Some("aprovada"));
    assert!(fim2.alterado());
}

/// Every row of every table of `app` for this câmara, as text.
async fn fotografia(tx: &mut TenantTx) -> BTreeSet<(String, String)> {
    let tabelas: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'app' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(tx.conn())
    .await
    .unwrap();
    let mut linhas = BTreeSet::new();
    for t in tabelas {
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT row_to_json(x)::text FROM app.{t} x"
        )))
        .fetch_all(tx.conn())
        .await
        .unwrap();
        linhas.extend(rows.into_iter().map(|r| (t.clone(), r)));
    }
    linhas
}

/// What changed in the database with one vote of `p`: the rows that mention `p` and are new.
async fn rastros_do_voto(
    env: &TestEnv,
    c: &Cenario,
    tipo: TipoVotacao,
) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let s = aberta_com_todos(&mut tx, c, datetime!(2025-03-10 18:00)).await;
    let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Veto ao projeto"))
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, tipo).await.unwrap();
    let antes = fotografia(&mut tx).await;
    let p = c.parlamentares[0];
    votacao::votar(&mut tx, &a, v.id, p, Voto::Sim)
        .await
        .unwrap();
    let depois = fotografia(&mut tx).await;
    tx.rollback().await.unwrap();
    let novas: Vec<(String, String)> = depois.difference(&antes).cloned().collect();
    let com_p = novas
        .iter()
        .filter(|(_, r)| r.contains(&p.to_string()))
        .cloned()
        .collect();
    (novas, com_p)
}

#[tokio::test]
async fn a_secret_vote_leaves_no_row_or_audit_entry_linking_it_to_the_councilor() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "secreta", 3).await;
    let (novas, com_p) = rastros_do_voto(&env, &c, TipoVotacao::Secreta).await;
    // The only rows that changed: the votação's totals and the councilor's participation.
    let tabelas: BTreeSet<&str> = novas.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        tabelas,
        ["votacao", "votacao_participacao"].into_iter().collect(),
        "{novas:#?}"
    );
    assert!(
        !novas.iter().any(|(t, _)| t == "auditoria"),
        "no audit entry per secret vote"
    );
    // The one row naming the councilor says only that they took part: no vote, no time.
    assert_eq!(com_p.len(), 1, "{com_p:#?}");
    let (t, linha) = &com_p[0];
    assert_eq!(t, "votacao_participacao");
    for proibido in ["sim", "nao", "abstencao", "voto\"", "_em\""] {
        assert!(!linha.contains(proibido), "{linha} contains {proibido}");
    }
    // The inspection does find the link of a nominal vote (it can fail).
    let (_, com_p) = rastros_do_voto(&env, &c, TipoVotacao::Nominal).await;
    assert!(
        com_p
            .iter()
            .any(|(t, r)| t == "voto" && r.contains("\"sim\"")),
        "{com_p:#?}"
    );
    assert!(com_p.iter().any(|(t, _)| t == "auditoria"));
}

#[tokio::test]
async fn a_secret_votacao_counts_once_per_councilor_and_shows_totals_only_after_the_close() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "secreta2", 3).await;
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre("Cassação de mandato"))
        .await
        .unwrap();
    let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Secreta)
        .await
        .unwrap();
    votacao::votar(&mut tx, &a, v.id, c.parlamentares[0], Voto::Sim)
        .await
        .unwrap();
    // A repeated submit (even with another choice) does not count twice.
    assert_eq!(
        votacao::votar(&mut tx, &a, v.id, c.parlamentares[0], Voto::Nao)
            .await
            .unwrap(),
        Registro::Repetido
    );
    votacao::votar(&mut tx, &a, v.id, c.parlamentares[1], Voto::Sim)
        .await
        .unwrap();
    let aberta = votacao::publica(&votacao::por_id(&mut tx, v.id).await.unwrap());
    assert_eq!(
        (aberta.sim, aberta.nao, aberta.votantes),
        (0, 0, 2),
        "no running totals"
    );
    let estado = sp::painel::estado(&mut tx, s).await.unwrap();
    let vp = estado.votacao.unwrap();
    assert_eq!((vp.sim, vp.votantes, estado.presentes), (0, 2, 3));
    let fim = votacao::encerrar(&mut tx, &a, v.id, &Encerramento::default())
        .await
        .unwrap();
    assert_eq!((fim.sim, fim.nao, fim.votantes), (2, 0, 2));
    assert!(votacao::votos(&mut tx, v.id).await.unwrap().is_empty());
}

/// 15 councilors vote at once while the operator closes the votação: the tally is exactly
/// the votes that committed, and none lands after the close (the instants are
/// `clock_timestamp()`: a vote's insert against the close's UPDATE, which runs only once
/// the votes in flight have committed). Repeated `RODADAS` times.
#[tokio::test]
async fn fifteen_councilors_voting_while_the_operator_closes_keep_an_exact_tally() {
    const RODADAS: usize = 100;
    let env = TestEnv::new().await;
    let c = cenario(&env, "corrida", 15).await;
    let a = autor();
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    let s = aberta_com_todos(&mut tx, &c, datetime!(2025-03-10 18:00)).await;
    tx.commit().await.unwrap();
    let mut fechadas_cedo = 0;
    for rodada in 0..RODADAS {
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
            .await
            .unwrap();
        let item = pauta::adicionar_item(&mut tx, &a, s, &item_livre(&format!("Item {rodada}")))
            .await
            .unwrap();
        let v = votacao::abrir(&mut tx, &a, item.id, TipoVotacao::Nominal)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let votos = c.parlamentares.iter().enumerate().map(|(i, p)| {
            let (store, t, p) = (env.store.clone(), c.t.clone(), *p);
            async move {
                let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
                let voto = if i % 3 == 0 { Voto::Nao } else { Voto::Sim };
                match votacao::votar(&mut tx, &autor(), v.id, p, voto).await {
                    Ok(_) => {
                        tx.commit().await.unwrap();
                        Some(voto)
                    }
                    Err(Error::Conflict(m)) => {
                        assert!(m.contains("não recebe votos"), "{m}");
                        None
                    }
                    Err(e) => panic!("{e:?}"),
                }
            }
        });
        let (store, t) = (env.store.clone(), c.t.clone());
        let fechar = async move {
            let mut tx = TenantTx::begin(&store, &t, Access::Write).await.unwrap();
            let fim = votacao::encerrar(&mut tx, &autor(), v.id, &Encerramento::default())
                .await
                .unwrap();
            tx.commit().await.unwrap();
            fim
        };
        let (aceitos, fim) = futures::future::join(futures::future::join_all(votos), fechar).await;
        let aceitos: Vec<Voto> = aceitos.into_iter().flatten().collect();
        let sim = aceitos.iter().filter(|v| **v == Voto::Sim).count();
        let nao = aceitos.len() - sim;
        assert_eq!(
            (fim.sim as usize, fim.nao as usize),
            (sim, nao),
            "rodada {rodada}"
        );
        if aceitos.len() < 15 {
            fechadas_cedo += 1;
        }
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
            .await
            .unwrap();
        let tenant = tx.tenant_id();
        let (linhas, depois): (i64, i64) = sqlx::query_as(
            "SELECT count(*), count(*) FILTER (WHERE x.registrado_em > v.encerrada_em)
               FROM app.voto x JOIN app.votacao v ON v.tenant_id = x.tenant_id AND v.id = x.votacao_id
              WHERE x.tenant_id = $1 AND x.votacao_id = $2",
        )
        .bind(tenant).bind(v.id).fetch_one(tx.conn()).await.unwrap();
        assert_eq!(
            (linhas as usize, depois),
            (aceitos.len(), 0),
            "rodada {rodada}"
        );
        // A vote after the close is refused.
        let r = votacao::votar(&mut tx, &autor(), v.id, c.parlamentares[14], Voto::Sim).await;
        assert!(matches!(r, Err(Error::Conflict(_))));
    }
    eprintln!("{fechadas_cedo} of {RODADAS} rounds closed before every vote arrived");
}
