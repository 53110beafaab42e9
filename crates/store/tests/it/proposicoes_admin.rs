//! The registry of proposições: anexadas following their principal, relations' rules, the
//! deletion of the last number only, tipos in use, autores, edits that never touch the
//! situação.

use domain::proposicoes::{EscopoNumeracao, Evento, Quorum, Regime, TipoAutor};
use store::auditoria::Autor;
use store::proposicoes::editar::{self, Edicao};
use store::proposicoes::relacionadas::{self, TipoRelacao};
use store::proposicoes::tipos::{self, DadosTipo};
use store::proposicoes::{self, AutorNovo, EventoNovo, NovaProposicao, autores};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::macros::date;
use uuid::Uuid;

async fn tipo(tx: &mut TenantTx, sigla: &str) -> Uuid {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = $2")
        .bind(tenant)
        .bind(sigla)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

fn nova(tipo_id: Uuid) -> NovaProposicao {
    NovaProposicao {
        tipo_id,
        mae_id: None,
        ementa: "Dispõe sobre a coleta seletiva de lixo.".into(),
        texto: String::new(),
        justificativa: String::new(),
        regime: Regime::Ordinario,
        apresentada_em: date!(2026 - 04 - 01),
        autores: vec![AutorNovo {
            tipo: TipoAutor::Mesa,
            parlamentar_id: None,
            comissao_id: None,
            nome: "Mesa Diretora".into(),
            subscrito_em: date!(2026 - 04 - 01),
        }],
        descricao: String::new(),
    }
}

fn ev(evento: Evento) -> EventoNovo {
    EventoNovo {
        evento,
        unidade_id: None,
        descricao: "Andamento de teste.".into(),
        ocorrido_em: None,
        origem_id: None,
    }
}

/// (tipo, situação, origem_id) of each event, oldest first.
async fn eventos(tx: &mut TenantTx, id: Uuid) -> Vec<(String, String, Option<Uuid>)> {
    let tenant = tx.tenant_id();
    sqlx::query_as(
        "SELECT tipo, situacao, origem_id FROM app.proposicao_evento
          WHERE tenant_id = $1 AND proposicao_id = $2 ORDER BY ocorrido_em, id",
    )
    .bind(tenant)
    .bind(id)
    .fetch_all(tx.conn())
    .await
    .unwrap()
}

async fn situacao(tx: &mut TenantTx, id: Uuid) -> Option<String> {
    editar::por_id(tx, id).await.unwrap().unwrap().situacao
}

#[tokio::test]
async fn an_anexada_follows_its_principal_and_theirs_follow_too_each_once() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-anexada", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl = tipo(&mut tx, "PL").await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(
            proposicoes::criar(&mut tx, &autor, &nova(pl))
                .await
                .unwrap()
                .id,
        );
    }
    let [a, b, c, d, e] = ids[..] else {
        unreachable!()
    };
    let hoje = date!(2026 - 04 - 02);
    // b and e anexadas to a, c anexada to b (so it follows a through b); d only apensada.
    for (p, r, tipo) in [
        (a, b, TipoRelacao::Anexada),
        (b, c, TipoRelacao::Anexada),
        (a, d, TipoRelacao::Apensada),
        (a, e, TipoRelacao::Anexada),
    ] {
        relacionadas::relacionar(&mut tx, &autor, p, r, tipo, hoje)
            .await
            .unwrap();
    }
    let (ev_a, s) = proposicoes::registrar_evento(&mut tx, &autor, a, &ev(Evento::Distribuida))
        .await
        .unwrap();
    for x in [b, c, e] {
        let h = eventos(&mut tx, x).await;
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(
            h[1],
            ("distribuida".into(), s.as_str().to_owned(), Some(ev_a)),
            "the anexada's copy points at the principal's event"
        );
        assert_eq!(situacao(&mut tx, x).await, situacao(&mut tx, a).await);
    }
    assert_eq!(
        eventos(&mut tx, d).await.len(),
        1,
        "an apensada does not follow"
    );
    assert_eq!(situacao(&mut tx, d).await.as_deref(), Some("protocolada"));
    // An event of an anexada itself stays on it (and on its own anexadas).
    proposicoes::registrar_evento(&mut tx, &autor, b, &ev(Evento::Parecer))
        .await
        .unwrap();
    assert_eq!(eventos(&mut tx, a).await.len(), 2);
    assert_eq!(eventos(&mut tx, c).await.len(), 3);

    // An anexada that cannot take the event refuses it for the principal too, by name.
    proposicoes::registrar_evento(&mut tx, &autor, e, &ev(Evento::Retirada))
        .await
        .unwrap();
    let antes = eventos(&mut tx, a).await.len();
    let r = tx
        .tentar(async |tx| {
            proposicoes::registrar_evento(tx, &autor, a, &ev(Evento::ProntaParaPauta)).await
        })
        .await;
    match r {
        Err(Error::Validation(v)) => assert!(v.message.contains("PL 5/2026"), "{}", v.message),
        r => panic!("{r:?}"),
    }
    assert_eq!(eventos(&mut tx, a).await.len(), antes, "nothing recorded");
    assert_eq!(
        eventos(&mut tx, b).await.len(),
        3,
        "nothing recorded on the others"
    );
}

#[tokio::test]
async fn relations_refuse_self_cycles_and_a_second_principal() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-relacoes", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl = tipo(&mut tx, "PL").await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(
            proposicoes::criar(&mut tx, &autor, &nova(pl))
                .await
                .unwrap()
                .id,
        );
    }
    let [a, b, c, d] = ids[..] else {
        unreachable!()
    };
    let hoje = date!(2026 - 04 - 02);
    let anexar = async |tx: &mut TenantTx, p, r| {
        tx.tentar(async |tx| {
            relacionadas::relacionar(tx, &autor, p, r, TipoRelacao::Anexada, hoje).await
        })
        .await
    };
    anexar(&mut tx, a, b).await.unwrap();
    anexar(&mut tx, b, c).await.unwrap();
    for (p, r, campo) in [(c, a, "relacionada"), (a, a, "relacionada")] {
        match anexar(&mut tx, p, r).await {
            Err(Error::Validation(v)) => assert_eq!(v.field, campo, "{}", v.message),
            r => panic!("{p} {r:?}"),
        }
    }
    // One principal per anexada; the same pair once.
    assert!(matches!(
        anexar(&mut tx, d, b).await,
        Err(Error::Conflict(_))
    ));
    assert!(matches!(
        anexar(&mut tx, a, b).await,
        Err(Error::Conflict(_))
    ));
    // An apensada may be related to several.
    for p in [a, d] {
        relacionadas::relacionar(&mut tx, &autor, p, c, TipoRelacao::Apensada, hoje)
            .await
            .unwrap();
    }
    assert_eq!(relacionadas::listar(&mut tx, c).await.unwrap().len(), 3);
    assert_eq!(
        relacionadas::por_identificacao(&mut tx, " pl 3/2026 ")
            .await
            .unwrap(),
        Some(c)
    );
    assert_eq!(
        relacionadas::por_identificacao(&mut tx, "PL 9/2026")
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn only_the_last_number_without_history_is_deleted_and_its_number_returns() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-excluir", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl = tipo(&mut tx, "PL").await;
    let um = proposicoes::criar(&mut tx, &autor, &nova(pl))
        .await
        .unwrap();
    let dois = proposicoes::criar(&mut tx, &autor, &nova(pl))
        .await
        .unwrap();
    let p1 = editar::por_id(&mut tx, um.id).await.unwrap().unwrap();
    let m = editar::impedimento_exclusao(&mut tx, &p1).await.unwrap();
    assert!(m.is_some_and(|m| m.contains("última")));
    let r = tx
        .tentar(async |tx| editar::excluir(tx, &autor, um.id).await)
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    // The last one, once it has tramitado, stays.
    proposicoes::registrar_evento(&mut tx, &autor, dois.id, &ev(Evento::Distribuida))
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| editar::excluir(tx, &autor, dois.id).await)
        .await;
    assert!(
        matches!(r, Err(Error::Conflict(ref m)) if m.contains("tramitou")),
        "{r:?}"
    );
    // A third, fresh: deleted, and the next proposição takes its number again.
    let tres = proposicoes::criar(&mut tx, &autor, &nova(pl))
        .await
        .unwrap();
    assert_eq!(tres.numero, 3);
    editar::excluir(&mut tx, &autor, tres.id).await.unwrap();
    assert!(editar::por_id(&mut tx, tres.id).await.unwrap().is_none());
    let de_novo = proposicoes::criar(&mut tx, &autor, &nova(pl))
        .await
        .unwrap();
    assert_eq!(de_novo.numero, 3, "no gap");
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'proposicao' AND acao = 'excluir'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn editing_keeps_the_situacao_and_audits_before_and_after() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-editar", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl = tipo(&mut tx, "PL").await;
    let c = editar::criar_registrada(
        &mut tx,
        &autor,
        &nova(pl),
        "lixo",
        &["meio ambiente".into()],
    )
    .await
    .unwrap();
    proposicoes::registrar_evento(&mut tx, &autor, c.id, &ev(Evento::Distribuida))
        .await
        .unwrap();
    let e = Edicao {
        ementa: "Institui a coleta seletiva nas escolas municipais.".into(),
        texto: "Art. 1º Fica instituída…".into(),
        justificativa: "Porque sim.".into(),
        regime: Regime::Urgencia,
        indexacao: "coleta, escolas".into(),
        assuntos: editar::ler_assuntos(" educação , meio ambiente,, Educação ").unwrap(),
    };
    assert_eq!(e.assuntos, ["educação", "meio ambiente"]);
    editar::editar(&mut tx, &autor, c.id, &e).await.unwrap();
    let p = editar::por_id(&mut tx, c.id).await.unwrap().unwrap();
    assert_eq!(p.edicao(), e);
    assert_eq!(p.situacao.as_deref(), Some("em_comissao"));
    let (antes, depois): (serde_json::Value, serde_json::Value) = sqlx::query_as(
        "SELECT antes, depois FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'proposicao'
            AND acao = 'editar' ORDER BY em DESC, id DESC LIMIT 1",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(antes["regime"], "ordinario");
    assert_eq!(depois["regime"], "urgencia");
    assert_eq!(antes["assuntos"], serde_json::json!(["meio ambiente"]));
    let muitos = (0..21)
        .map(|i| format!("a{i}"))
        .collect::<Vec<_>>()
        .join(",");
    assert!(editar::ler_assuntos(&muitos).is_err());
}

#[tokio::test]
async fn a_tipo_in_use_keeps_its_numbering_is_deactivated_not_deleted() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-tipos", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let mut d = DadosTipo {
        sigla: "PLO".into(),
        nome: "Projeto de Lei Ordinária".into(),
        escopo_numeracao: EscopoNumeracao::Unico,
        vai_a_comissoes: false,
        comissoes: vec![],
        turnos: 2,
        quorum: vec![Quorum::MaioriaSimples, Quorum::MaioriaAbsoluta],
        intersticio_dias_uteis: 5,
        sancao: true,
        nominal_obrigatoria: true,
        acessorio: false,
        ativo: true,
        ordem: 20,
    };
    let id = tipos::criar(&mut tx, &autor, &d).await.unwrap();
    let t1 = tipos::por_id(&mut tx, id).await.unwrap().unwrap();
    assert_eq!(t1.quorum, ["maioria_simples", "maioria_absoluta"]);
    assert!(tipos::impedimento_exclusao(&t1).is_none());
    // Quóruns must match the turnos (the table says so).
    d.turnos = 3;
    let r = tx
        .tentar(async |tx| tipos::editar(tx, &autor, id, &d).await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref v)) if v.field == "quorum"),
        "{r:?}"
    );
    d.turnos = 2;
    // In use: numbering and acessório are fixed, deletion refused, deactivation works.
    let a = proposicoes::criar(&mut tx, &autor, &nova(id))
        .await
        .unwrap();
    let b = proposicoes::criar(&mut tx, &autor, &nova(id))
        .await
        .unwrap();
    assert_eq!((a.numero, b.numero), (1, 2));
    d.escopo_numeracao = EscopoNumeracao::Ano;
    let r = tx
        .tentar(async |tx| tipos::editar(tx, &autor, id, &d).await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref v)) if v.field == "escopo_numeracao"),
        "{r:?}"
    );
    d.escopo_numeracao = EscopoNumeracao::Unico;
    d.nome = "Projeto de Lei".into();
    tipos::editar(&mut tx, &autor, id, &d).await.unwrap();
    let r = tx
        .tentar(async |tx| tipos::excluir(tx, &autor, id).await)
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    tipos::definir_ativo(&mut tx, &autor, id, false)
        .await
        .unwrap();
    let r = tx
        .tentar(async |tx| proposicoes::criar(tx, &autor, &nova(id)).await)
        .await;
    assert!(
        matches!(r, Err(Error::Validation(ref v)) if v.field == "tipo_id"),
        "{r:?}"
    );
    // An unused tipo goes.
    d.sigla = "TMP".into();
    let tmp = tipos::criar(&mut tx, &autor, &d).await.unwrap();
    tipos::excluir(&mut tx, &autor, tmp).await.unwrap();
    assert!(tipos::por_id(&mut tx, tmp).await.unwrap().is_none());
}

#[tokio::test]
async fn the_primeiro_autor_is_replaced_before_it_is_removed() {
    let env = TestEnv::new().await;
    let t = env.camara("prop-autores", "pool").await;
    let autor = Autor::cli("teste");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let pl = tipo(&mut tx, "PL").await;
    let c = proposicoes::criar(&mut tx, &autor, &nova(pl))
        .await
        .unwrap();
    let co = autores::adicionar(
        &mut tx,
        &autor,
        c.id,
        &AutorNovo {
            tipo: TipoAutor::Popular,
            parlamentar_id: None,
            comissao_id: None,
            nome: "Associação de Moradores".into(),
            subscrito_em: date!(2026 - 04 - 05),
        },
    )
    .await
    .unwrap();
    let lista = autores::listar(&mut tx, c.id).await.unwrap();
    assert_eq!(lista.len(), 2);
    let primeiro = lista[0].id;
    assert!(lista[0].primeiro && !lista[1].primeiro);
    let r = tx
        .tentar(async |tx| autores::remover(tx, &autor, primeiro).await)
        .await;
    assert!(matches!(r, Err(Error::Conflict(_))), "{r:?}");
    autores::tornar_primeiro(&mut tx, &autor, co).await.unwrap();
    autores::remover(&mut tx, &autor, primeiro).await.unwrap();
    let lista = autores::listar(&mut tx, c.id).await.unwrap();
    assert_eq!(lista.len(), 1);
    assert!(lista[0].primeiro && lista[0].nome == "Associação de Moradores");
}
