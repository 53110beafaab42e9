//! Tramitação: prazos in dias úteis over the câmara's calendar, the origem rule, the
//! derived situação, several destinations, lote all or nothing, receipts, the immutable
//! history with corrections as new rows, and the prazos of the dashboard and the alerts.

use domain::auth::Papel;
use domain::proposicoes::{Regime, TipoAutor};
use store::auditoria::Autor;
use store::conta::usuarios::{self, NovoUsuario};
use store::infra::catalog::Tenant;
use store::proposicoes::{self, AutorNovo, NovaProposicao};
use store::tramitacao::{self as tr, Correcao, NovaTramitacao, Prazo};
use store::{Access, Error, TenantTx};
use testkit::TestEnv;
use time::macros::date;
use uuid::Uuid;

pub(super) fn autor() -> Autor {
    Autor::cli("teste")
}

pub(super) async fn begin(env: &TestEnv, t: &Tenant) -> TenantTx {
    TenantTx::begin(&env.store, t, Access::Write).await.unwrap()
}

pub(super) async fn proposicao(tx: &mut TenantTx) -> (Uuid, String) {
    let tenant = tx.tenant_id();
    let pl: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = 'PL'",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let c = proposicoes::criar(
        tx,
        &autor(),
        &NovaProposicao {
            tipo_id: pl,
            mae_id: None,
            ementa: "Dispõe sobre a arborização das vias públicas.".into(),
            texto: String::new(),
            justificativa: String::new(),
            regime: Regime::Ordinario,
            apresentada_em: date!(2026 - 03 - 10),
            autores: vec![AutorNovo {
                tipo: TipoAutor::Executivo,
                parlamentar_id: None,
                comissao_id: None,
                nome: "Prefeito Municipal".into(),
                subscrito_em: date!(2026 - 03 - 10),
            }],
            descricao: String::new(),
        },
    )
    .await
    .unwrap();
    (c.id, c.identificacao())
}

pub(super) async fn unidade(tx: &mut TenantTx, nome: &str) -> Uuid {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT id FROM app.unidade WHERE tenant_id = $1 AND nome = $2")
        .bind(tenant)
        .bind(nome)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

pub(super) async fn status(tx: &mut TenantTx, nome: &str) -> Uuid {
    tr::listar_status(tx, true)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.nome == nome)
        .unwrap()
        .id
}

pub(super) async fn comissao(tx: &mut TenantTx) -> Uuid {
    let c = store::comissoes::criar(
        tx,
        &autor(),
        &store::comissoes::DadosComissao {
            tipo: "permanente".into(),
            nome: "Comissão de Justiça".into(),
            sigla: "CJ".into(),
            finalidade: String::new(),
            criacao: date!(2025 - 01 - 01),
            prazo: None,
        },
    )
    .await
    .unwrap();
    unidade(tx, &c.nome).await
}

pub(super) async fn situacao(tx: &mut TenantTx, id: Uuid) -> String {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

pub(super) async fn contar(tx: &mut TenantTx, tabela: &str) -> i64 {
    let tenant = tx.tenant_id();
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.{tabela} WHERE tenant_id = $1"
    )))
    .bind(tenant)
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

pub(super) fn despacho(origem: Uuid, destinos: Vec<Uuid>, status_id: Uuid) -> NovaTramitacao {
    NovaTramitacao {
        origem_id: origem,
        destinos,
        status_id,
        despacho: "Encaminhe-se para as providências.".into(),
        prazo: Prazo::Nenhum,
    }
}

pub(super) fn mensagem(e: Error) -> String {
    match e {
        Error::Validation(v) => v.message,
        Error::Conflict(m) | Error::NotFound(m) => m,
        e => panic!("not a refusal: {e:?}"),
    }
}

#[tokio::test]
async fn the_origem_is_where_the_proposicao_is_and_the_situacao_follows() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-origem", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = autor();
    let (p, ident) = proposicao(&mut tx).await;
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let plenario = unidade(&mut tx, "Plenário").await;
    let arquivo = unidade(&mut tx, "Arquivo").await;
    let secretaria = unidade(&mut tx, "Secretaria Legislativa").await;
    let cj = comissao(&mut tx).await;
    let enc = status(&mut tx, "Encaminhada").await;
    let r = tr::tramitar(&mut tx, &a, p, &despacho(protocolo, vec![cj], enc))
        .await
        .unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(situacao(&mut tx, p).await, "em_comissao");
    // The proposição is no longer at the Protocolo.
    let e = tr::tramitar(&mut tx, &a, p, &despacho(protocolo, vec![plenario], enc))
        .await
        .unwrap_err();
    let m = mensagem(e);
    assert!(
        m.contains(&format!("{ident} não está em Protocolo"))
            && m.contains("se encontra em Comissão de Justiça"),
        "{m}"
    );
    assert_eq!(contar(&mut tx, "tramitacao").await, 1);
    tr::tramitar(&mut tx, &a, p, &despacho(cj, vec![plenario], enc))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, p).await, "pronta_para_pauta");
    tr::tramitar(&mut tx, &a, p, &despacho(plenario, vec![arquivo], enc))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, p).await, "arquivada");
    // An archived proposição does not tramitar: the refused event refuses the tramitação.
    let e = tr::tramitar(&mut tx, &a, p, &despacho(arquivo, vec![secretaria], enc))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("encerrada"));
    assert_eq!(contar(&mut tx, "tramitacao").await, 3);

    // A status that "encerra a tramitação" archives, whatever the destination.
    let (q, _) = proposicao(&mut tx).await;
    let arq = status(&mut tx, "Arquivada").await;
    tr::tramitar(&mut tx, &a, q, &despacho(protocolo, vec![secretaria], arq))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, q).await, "arquivada");
    // To the Executivo: em tramitação.
    let (x, _) = proposicao(&mut tx).await;
    let executivo = unidade(&mut tx, "Poder Executivo").await;
    tr::tramitar(&mut tx, &a, x, &despacho(protocolo, vec![executivo], enc))
        .await
        .unwrap();
    assert_eq!(situacao(&mut tx, x).await, "em_tramitacao");
    // Origem equal to destino, an inactive status, no destination: refused with messages.
    let e = tr::tramitar(&mut tx, &a, x, &despacho(executivo, vec![executivo], enc))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("diferente da origem"));
    let e = tr::tramitar(&mut tx, &a, x, &despacho(executivo, vec![], enc))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("ao menos uma unidade"));
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn several_destinations_at_once_and_the_proposicao_is_in_each() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-multi", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = autor();
    let (p, _) = proposicao(&mut tx).await;
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let procuradoria = unidade(&mut tx, "Procuradoria Jurídica").await;
    let secretaria = unidade(&mut tx, "Secretaria Legislativa").await;
    let cj = comissao(&mut tx).await;
    let enc = status(&mut tx, "Para parecer").await;
    let r = tr::tramitar(
        &mut tx,
        &a,
        p,
        &despacho(protocolo, vec![procuradoria, cj], enc),
    )
    .await
    .unwrap();
    assert_eq!(r.len(), 2);
    let onde: Vec<Uuid> = tr::onde_esta(&mut tx, p)
        .await
        .unwrap()
        .iter()
        .map(|l| l.unidade_id)
        .collect();
    assert_eq!(onde, vec![procuradoria, cj]);
    // The last destination's event sets the situação.
    assert_eq!(situacao(&mut tx, p).await, "em_comissao");
    let tenant = tx.tenant_id();
    let passos: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT passo_id) FROM app.tramitacao WHERE tenant_id = $1",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(passos, 1);
    // The Procuradoria sends it on; the comissão still has it.
    tr::tramitar(
        &mut tx,
        &a,
        p,
        &despacho(procuradoria, vec![secretaria], enc),
    )
    .await
    .unwrap();
    let onde: Vec<Uuid> = tr::onde_esta(&mut tx, p)
        .await
        .unwrap()
        .iter()
        .map(|l| l.unidade_id)
        .collect();
    assert_eq!(onde, vec![cj, secretaria]);
    // A closing status goes to one destination only.
    let arq = status(&mut tx, "Arquivada").await;
    let e = tr::tramitar(
        &mut tx,
        &a,
        p,
        &despacho(cj, vec![protocolo, procuradoria], arq),
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("um só destino"));
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn a_lote_is_all_or_nothing() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-lote", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = autor();
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let secretaria = unidade(&mut tx, "Secretaria Legislativa").await;
    let arquivo = unidade(&mut tx, "Arquivo").await;
    let enc = status(&mut tx, "Encaminhada").await;
    let mut ids = Vec::new();
    let mut idents = Vec::new();
    for _ in 0..30 {
        let (p, i) = proposicao(&mut tx).await;
        ids.push(p);
        idents.push(i);
    }
    // The 30th is archived already: the lote of 30 is refused and records nothing.
    tr::tramitar(
        &mut tx,
        &a,
        ids[29],
        &despacho(protocolo, vec![arquivo], enc),
    )
    .await
    .unwrap();
    let antes_ev = contar(&mut tx, "proposicao_evento").await;
    let e = tr::lote(
        &mut tx,
        &a,
        &ids,
        &despacho(protocolo, vec![secretaria], enc),
    )
    .await
    .unwrap_err();
    let m = mensagem(e);
    assert!(m.starts_with(&format!("{}:", idents[29])), "{m}");
    assert_eq!(contar(&mut tx, "tramitacao").await, 1);
    assert_eq!(contar(&mut tx, "proposicao_evento").await, antes_ev);
    assert_eq!(situacao(&mut tx, ids[0]).await, "protocolada");
    // The other 29 go in one step.
    let r = tr::lote(
        &mut tx,
        &a,
        &ids[..29],
        &despacho(protocolo, vec![secretaria], enc),
    )
    .await
    .unwrap();
    assert_eq!(r.len(), 29);
    assert_eq!(contar(&mut tx, "tramitacao").await, 30);
    assert!(r.iter().all(|e| e.situacao.as_str() == "em_tramitacao"));
    // The lote screen offers what is now at the Secretaria.
    let (c, total) = tr::candidatas(
        &mut tx,
        &tr::FiltroLote {
            unidade_id: Some(secretaria),
            ..Default::default()
        },
        50,
        0,
    )
    .await
    .unwrap();
    assert_eq!(total, 29);
    assert!(c.iter().all(|x| x.onde == "Secretaria Legislativa"));
    assert!(
        tr::lote(
            &mut tx,
            &a,
            &[],
            &despacho(protocolo, vec![secretaria], enc)
        )
        .await
        .is_err()
    );
    tx.rollback().await.unwrap();
}

pub(super) async fn usuario(tx: &mut TenantTx, nome: &str) -> Uuid {
    usuarios::criar(
        tx,
        &autor(),
        &NovoUsuario {
            nome: nome.into(),
            email: format!("{}@teste.example", testkit::unique("u")),
            papel: Papel::Secretaria,
        },
    )
    .await
    .unwrap()
    .0
    .id
}

#[tokio::test]
async fn only_the_destinations_users_confirm_receipt_once() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-receb", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = autor();
    let (p, _) = proposicao(&mut tx).await;
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let procuradoria = unidade(&mut tx, "Procuradoria Jurídica").await;
    let enc = status(&mut tx, "Encaminhada").await;
    let r = tr::tramitar(
        &mut tx,
        &a,
        p,
        &despacho(protocolo, vec![procuradoria], enc),
    )
    .await
    .unwrap();
    let ana = usuario(&mut tx, "Ana Procuradora").await;
    let bia = usuario(&mut tx, "Bia de Fora").await;
    tr::vincular(&mut tx, &a, procuradoria, ana).await.unwrap();
    assert_eq!(tr::caixa(&mut tx, procuradoria, 20, 0).await.unwrap().1, 1);
    let e = tr::receber(&mut tx, &a, bia, r[0].id).await.unwrap_err();
    assert!(mensagem(e).contains("Só quem trabalha em Procuradoria Jurídica"));
    tr::receber(&mut tx, &a, ana, r[0].id).await.unwrap();
    let e = tx
        .tentar(async |tx| tr::receber(tx, &a, ana, r[0].id).await)
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("já teve o recebimento"));
    assert_eq!(tr::caixa(&mut tx, procuradoria, 20, 0).await.unwrap().1, 0);
    let h = tr::historico(&mut tx, p).await.unwrap();
    assert_eq!(h[0].recebida_por.as_deref(), Some("Ana Procuradora"));
    assert!(h[0].recebida_em.is_some());
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn the_history_cannot_be_rewritten_and_a_correction_is_a_new_row() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-imut", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = autor();
    let (p, _) = proposicao(&mut tx).await;
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let procuradoria = unidade(&mut tx, "Procuradoria Jurídica").await;
    let enc = status(&mut tx, "Encaminhada").await;
    let r = tr::tramitar(
        &mut tx,
        &a,
        p,
        &despacho(protocolo, vec![procuradoria], enc),
    )
    .await
    .unwrap();
    let ana = usuario(&mut tx, "Ana Procuradora").await;
    tr::vincular(&mut tx, &a, procuradoria, ana).await.unwrap();
    tr::receber(&mut tx, &a, ana, r[0].id).await.unwrap();
    tx.commit().await.unwrap();
    for sql in [
        "UPDATE app.tramitacao SET despacho = 'reescrito' WHERE tenant_id = $1",
        "DELETE FROM app.tramitacao WHERE tenant_id = $1",
        "UPDATE app.tramitacao_recebimento SET recebido_por = 'outro' WHERE tenant_id = $1",
        "DELETE FROM app.tramitacao_recebimento WHERE tenant_id = $1",
    ] {
        let mut tx = begin(&env, &t).await;
        let e = sqlx::query(sql)
            .bind(t.id)
            .execute(tx.conn())
            .await
            .unwrap_err();
        assert_eq!(
            e.as_database_error().and_then(|d| d.code()).as_deref(),
            Some("42501"),
            "{sql}: {e}"
        );
    }
    let mut tx = begin(&env, &t).await;
    let para = status(&mut tx, "Para manifestação jurídica").await;
    let c = tr::corrigir(
        &mut tx,
        &a,
        r[0].id,
        &Correcao {
            status_id: para,
            despacho: "À Procuradoria, para parecer jurídico.".into(),
            prazo: Prazo::DiasUteis(10),
            motivo: "Status e prazo errados".into(),
        },
    )
    .await
    .unwrap();
    let h = tr::historico(&mut tx, p).await.unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].despacho, "Encaminhe-se para as providências.");
    assert!(h[0].corrigida);
    assert_eq!(h[1].id, c);
    assert_eq!(h[1].corrige_id, Some(r[0].id));
    assert_eq!(h[1].status, "Para manifestação jurídica");
    assert!(h[1].prazo.is_some());
    // The correction is an event of its own; the situação stays.
    let tenant = tx.tenant_id();
    let tipos: Vec<String> = sqlx::query_scalar(
        "SELECT tipo FROM app.proposicao_evento WHERE tenant_id = $1 AND proposicao_id = $2
          ORDER BY ocorrido_em, id",
    )
    .bind(tenant)
    .bind(p)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    assert_eq!(tipos, ["protocolada", "tramitada", "correcao"]);
    assert_eq!(situacao(&mut tx, p).await, "em_tramitacao");
    let auditada: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'tramitacao'
            AND acao = 'corrigir' AND entidade_id = $2",
    )
    .bind(tenant)
    .bind(c.to_string())
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(auditada, 1);
    // A correction does not archive (that is a new tramitação), nor goes without motivo.
    let arq = status(&mut tx, "Arquivada").await;
    let mut k = Correcao {
        status_id: arq,
        despacho: "Arquive-se.".into(),
        prazo: Prazo::Nenhum,
        motivo: "Engano".into(),
    };
    let e = tr::corrigir(&mut tx, &a, r[0].id, &k).await.unwrap_err();
    assert!(mensagem(e).contains("nova tramitação"));
    k.status_id = enc;
    k.motivo = " ".into();
    let e = tr::corrigir(&mut tx, &a, r[0].id, &k).await.unwrap_err();
    assert!(mensagem(e).contains("motivo"));
    // The correction still counts where the proposição is (the original's destination).
    assert_eq!(tr::onde_esta(&mut tx, p).await.unwrap().len(), 1);
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn defaults_at_provisioning_and_unidades_of_comissoes_follow_the_comissao() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-padrao", "pool").await;
    let mut tx = begin(&env, &t).await;
    let a = autor();
    let s = tr::listar_status(&mut tx, true).await.unwrap();
    assert!(s.iter().any(|s| s.nome == "Arquivada" && s.encerra));
    assert!(
        s.iter()
            .any(|s| s.nome == "Devolvida ao autor" && s.retorna_ao_autor)
    );
    let cj = comissao(&mut tx).await;
    let e = tr::editar(
        &mut tx,
        &a,
        cj,
        &tr::DadosUnidade {
            nome: "Outra".into(),
            tipo: "comissao".into(),
            ativa: true,
        },
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("Comissões"));
    let e = tr::criar(
        &mut tx,
        &a,
        &tr::DadosUnidade {
            nome: "Comissão falsa".into(),
            tipo: "comissao".into(),
            ativa: true,
        },
    )
    .await
    .unwrap_err();
    assert!(mensagem(e).contains("criadas com a comissão"));
    let g = tr::criar(
        &mut tx,
        &a,
        &tr::DadosUnidade {
            nome: "Gabinete da Presidência".into(),
            tipo: "outra".into(),
            ativa: true,
        },
    )
    .await
    .unwrap();
    let e = tx
        .tentar(async |tx| {
            tr::criar(
                tx,
                &a,
                &tr::DadosUnidade {
                    nome: "Gabinete da Presidência".into(),
                    tipo: "outra".into(),
                    ativa: true,
                },
            )
            .await
        })
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("Já existe uma unidade"));
    let g = tr::editar(
        &mut tx,
        &a,
        g.id,
        &tr::DadosUnidade {
            nome: "Gabinete da Presidência".into(),
            tipo: "outra".into(),
            ativa: false,
        },
    )
    .await
    .unwrap();
    assert!(!g.ativa);
    // An inactive unidade receives nothing.
    let (p, _) = proposicao(&mut tx).await;
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let enc = status(&mut tx, "Encaminhada").await;
    let e = tr::tramitar(&mut tx, &a, p, &despacho(protocolo, vec![g.id], enc))
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("desativada"));
    // A status in use cannot be deleted (deactivate it).
    tr::tramitar(&mut tx, &a, p, &despacho(protocolo, vec![cj], enc))
        .await
        .unwrap();
    let e = tx
        .tentar(async |tx| tr::excluir_status(tx, &a, enc).await)
        .await
        .unwrap_err();
    assert!(mensagem(e).contains("desative-o"));
    tx.rollback().await.unwrap();
}
