//! Tramitação over HTTP: a despacho to several unidades, the origem rule's message, the
//! receipt and the correction; the lote (all or nothing); the unidades, status and
//! calendar admin; the dashboard's prazos; permissions; another câmara's ids.

use axum::http::StatusCode;
use domain::auth::Papel;
use domain::proposicoes::{Regime, TipoAutor};
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::proposicoes::{self, AutorNovo, NovaProposicao};
use store::tramitacao::{self as tr, NovaTramitacao, Prazo};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::host_of;
use time::macros::date;
use uuid::Uuid;

/// The HTML of the dashboard's card `id` (from its `<section>` to the next one).
fn cartao<'a>(body: &'a str, id: &str) -> &'a str {
    let inicio = body
        .find(&format!("id=\"cartao-{id}\""))
        .unwrap_or_else(|| panic!("no card {id}: {body}"));
    let resto = &body[inicio..];
    &resto[..resto.find("</section>").unwrap_or(resto.len())]
}

async fn begin(env: &TestEnv, t: &Tenant) -> TenantTx {
    TenantTx::begin(&env.store, t, Access::Write).await.unwrap()
}

/// A PL, committed; its id and "PL n/aaaa".
async fn proposicao(env: &TestEnv, t: &Tenant) -> (Uuid, String) {
    let mut tx = begin(env, t).await;
    let tenant = tx.tenant_id();
    let pl: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = 'PL'",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let c = proposicoes::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovaProposicao {
            tipo_id: pl,
            mae_id: None,
            ementa: "Institui a semana municipal do livro.".into(),
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
    tx.commit().await.unwrap();
    (c.id, c.identificacao())
}

async fn unidade(env: &TestEnv, t: &Tenant, nome: &str) -> Uuid {
    let mut tx = begin(env, t).await;
    tr::ativas(&mut tx)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.nome == nome)
        .unwrap()
        .id
}

async fn status(env: &TestEnv, t: &Tenant, nome: &str) -> Uuid {
    let mut tx = begin(env, t).await;
    tr::listar_status(&mut tx, true)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.nome == nome)
        .unwrap()
        .id
}

async fn tramitacoes(env: &TestEnv, t: &Tenant) -> i64 {
    let mut tx = begin(env, t).await;
    sqlx::query_scalar("SELECT count(*) FROM app.tramitacao WHERE tenant_id = $1")
        .bind(t.id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

async fn vincular(env: &TestEnv, t: &Tenant, unidade: Uuid, usuario: Uuid) {
    let mut tx = begin(env, t).await;
    tr::vincular(&mut tx, &Autor::cli("t"), unidade, usuario)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_despacho_to_several_unidades_then_receipt_and_correction() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-http", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (p, ident) = proposicao(&env, &t).await;
    let (eu, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let (_, outra) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let protocolo = unidade(&env, &t, "Protocolo").await.to_string();
    let procuradoria = unidade(&env, &t, "Procuradoria Jurídica").await;
    let plenario = unidade(&env, &t, "Plenário").await.to_string();
    let executivo = unidade(&env, &t, "Poder Executivo").await.to_string();
    let enc = status(&env, &t, "Encaminhada").await.to_string();
    let caminho = format!("/admin/tramitacao/proposicoes/{p}");
    let page = app.get_as(&host, &caminho, &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&ident) && page.body.contains("Ainda sem tramitação"));
    let pr = procuradoria.to_string();
    // Nothing chosen: every message at once.
    let r = app
        .post_as(
            &host,
            &caminho,
            &cookie,
            &[("_csrf", &csrf), ("despacho", "Ao exame.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Escolha a unidade de origem")
            && r.body.contains("ao menos uma unidade de destino")
            && r.body.contains("Escolha o status"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Ao exame."), "keeps what was typed");
    let r = app
        .post_as(
            &host,
            &caminho,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("origem_id", &protocolo),
                ("destinos", &pr),
                ("destinos", &executivo),
                ("status_id", &enc),
                ("despacho", "Para análise."),
                ("prazo_dias", "5"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(tramitacoes(&env, &t).await, 2);
    let page = app.get_as(&host, &caminho, &cookie).await;
    assert!(
        page.body.contains("aguardando recebimento"),
        "{}",
        page.body
    );
    assert!(page.body.contains("(5 dias úteis)"), "{}", page.body);
    // From where it is not: the message says where it is, and keeps the input.
    let r = app
        .post_as(
            &host,
            &caminho,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("origem_id", &protocolo),
                ("destinos", &plenario),
                ("status_id", &enc),
                ("despacho", "À pauta, com urgência."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(&format!("A proposição {ident} não está em Protocolo"))
            && r.body
                .contains("se encontra em Procuradoria Jurídica, Poder Executivo"),
        "{}",
        r.body
    );
    assert!(r.body.contains("À pauta, com urgência."));
    assert_eq!(tramitacoes(&env, &t).await, 2);

    // The receipt: only a user of the Procuradoria.
    vincular(&env, &t, procuradoria, eu.id).await;
    let caixa = format!("/admin/tramitacao/unidades/{procuradoria}/caixa");
    let page = app.get_as(&host, &caixa, &cookie).await;
    assert!(
        page.body.contains("1 tramitação(ões) a receber"),
        "{}",
        page.body
    );
    let mut tx = begin(&env, &t).await;
    let tid = tr::onde_esta(&mut tx, p)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.unidade_id == procuradoria)
        .unwrap()
        .tramitacao_id;
    drop(tx);
    let receber = format!("/admin/tramitacao/tramitacoes/{tid}/receber");
    let csrf_outra = app.csrf(&host, &outra).await;
    let r = app
        .post_as(&host, &receber, &outra, &[("_csrf", &csrf_outra)])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body.contains("Só quem trabalha em Procuradoria Jurídica"),
        "{}",
        r.body
    );
    let r = app
        .post_as(
            &host,
            &receber,
            &cookie,
            &[("_csrf", &csrf), ("voltar", &caixa)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location, caixa);
    let page = app.get_as(&host, &caixa, &cookie).await;
    assert!(page.body.contains("0 tramitação(ões) a receber"));
    // An outside address is not followed.
    let mut tx = begin(&env, &t).await;
    let outra_t = tr::onde_esta(&mut tx, p)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.unidade_id != procuradoria)
        .unwrap();
    drop(tx);
    vincular(&env, &t, outra_t.unidade_id, eu.id).await;
    let r = app
        .post_as(
            &host,
            &format!(
                "/admin/tramitacao/tramitacoes/{}/receber",
                outra_t.tramitacao_id
            ),
            &cookie,
            &[("_csrf", &csrf), ("voltar", "https://mal.example/")],
        )
        .await;
    assert_eq!(r.location, caminho);

    // A correction: a new row with its motivo; the original stays.
    let corrigir = format!("/admin/tramitacao/tramitacoes/{tid}/corrigir");
    assert_eq!(
        app.get_as(&host, &corrigir, &cookie).await.status,
        StatusCode::OK
    );
    let r = app
        .post_as(
            &host,
            &corrigir,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("status_id", &enc),
                ("despacho", "Para parecer jurídico."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("motivo da correção"), "{}", r.body);
    let r = app
        .post_as(
            &host,
            &corrigir,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("status_id", &enc),
                ("despacho", "Para parecer jurídico."),
                ("prazo_dias", "10"),
                ("motivo", "Texto incompleto"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &caminho, &cookie).await;
    assert!(
        page.body.contains("Para análise.")
            && page.body.contains("Para parecer jurídico.")
            && page.body.contains("Motivo da correção: Texto incompleto"),
        "{}",
        page.body
    );
    assert_eq!(tramitacoes(&env, &t).await, 3);
}

#[tokio::test]
async fn a_lote_over_http_is_all_or_nothing() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-lote-http", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let protocolo = unidade(&env, &t, "Protocolo").await;
    let secretaria = unidade(&env, &t, "Secretaria Legislativa")
        .await
        .to_string();
    let arquivo = unidade(&env, &t, "Arquivo").await;
    let enc = status(&env, &t, "Encaminhada").await;
    let (a, _) = proposicao(&env, &t).await;
    let (b, _) = proposicao(&env, &t).await;
    let (c, ic) = proposicao(&env, &t).await;
    let mut tx = begin(&env, &t).await;
    tr::tramitar(
        &mut tx,
        &Autor::cli("t"),
        c,
        &NovaTramitacao {
            origem_id: protocolo,
            destinos: vec![arquivo],
            status_id: enc,
            despacho: "Arquive-se.".into(),
            prazo: Prazo::Nenhum,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let page = app
        .get_as(
            &host,
            &format!("/admin/tramitacao/lote?unidade_id={protocolo}"),
            &cookie,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("2 proposição(ões) em tramitação"),
        "{}",
        page.body
    );
    let (a, b, c) = (a.to_string(), b.to_string(), c.to_string());
    let (protocolo, enc) = (protocolo.to_string(), enc.to_string());
    let mut pares = vec![
        ("_csrf", csrf.as_str()),
        ("proposicoes", a.as_str()),
        ("proposicoes", b.as_str()),
        ("proposicoes", c.as_str()),
        ("origem_id", protocolo.as_str()),
        ("destinos", secretaria.as_str()),
        ("status_id", enc.as_str()),
        ("despacho", "À Secretaria."),
    ];
    let r = app
        .post_as(&host, "/admin/tramitacao/lote", &cookie, &pares)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains(&format!("{ic}: A proposição {ic} não está em Protocolo")),
        "{}",
        r.body
    );
    assert!(r.body.contains("À Secretaria."));
    assert_eq!(tramitacoes(&env, &t).await, 1, "nothing of the lote stayed");
    pares.retain(|(k, v)| !(*k == "proposicoes" && *v == c));
    let r = app
        .post_as(&host, "/admin/tramitacao/lote", &cookie, &pares)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location.ends_with("feito=2"), "{}", r.location);
    assert_eq!(tramitacoes(&env, &t).await, 3);
    let page = app.get_as(&host, &r.location, &cookie).await;
    assert!(page.body.contains("2 proposição(ões) tramitada(s)"));
    // Nothing marked.
    let r = app
        .post_as(&host, "/admin/tramitacao/lote", &cookie, &pares[4..])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no csrf");
    let mut sem = vec![("_csrf", csrf.as_str())];
    sem.extend_from_slice(&pares[3..]);
    let r = app
        .post_as(&host, "/admin/tramitacao/lote", &cookie, &sem)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Marque ao menos uma proposição"));
}

#[tokio::test]
async fn unidades_status_and_calendar_admin() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-adm", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    // Unidades.
    let novo = [
        ("_csrf", csrf.as_str()),
        ("nome", "Gabinete da Presidência"),
        ("tipo", "outra"),
        ("ativa", "on"),
    ];
    let r = app
        .post_as(&host, "/admin/tramitacao/unidades", &cookie, &novo)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let gabinete = r.location.clone();
    let r = app
        .post_as(&host, "/admin/tramitacao/unidades", &cookie, &novo)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Já existe uma unidade com esse nome"));
    let r = app
        .post_as(
            &host,
            &gabinete,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("nome", "Gabinete da Presidência"),
                ("tipo", "outra"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let lista = app
        .get_as(&host, "/admin/tramitacao/unidades", &cookie)
        .await;
    assert!(lista.body.contains("Desativada") && lista.body.contains("Arquivo"));
    // Status.
    let r = app
        .post_as(
            &host,
            "/admin/tramitacao/status",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("nome", "Aguardando documentos"),
                ("ativo", "on"),
                ("ordem", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("A ordem deve ser um número"));
    let r = app
        .post_as(
            &host,
            "/admin/tramitacao/status",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("nome", "Aguardando documentos"),
                ("ativo", "on"),
                ("ordem", "20"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id = status(&env, &t, "Aguardando documentos").await;
    let excluir = format!("/admin/tramitacao/status/{id}/excluir");
    assert_eq!(
        app.get_as(&host, &excluir, &cookie).await.status,
        StatusCode::OK
    );
    let r = app
        .post_as(&host, &excluir, &cookie, &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !app.get_as(&host, "/admin/tramitacao/status", &cookie)
            .await
            .body
            .contains("Aguardando documentos")
    );
    // Calendar: the year with its national and municipal holidays.
    let r = app
        .post_as(
            &host,
            "/admin/calendario/feriados",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("data", "31/02/2027"),
                ("nome", "Padroeira"),
                ("abrangencia", "municipal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Data inválida"));
    assert!(r.body.contains("value=\"Padroeira\""));
    let r = app
        .post_as(
            &host,
            "/admin/calendario/feriados",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("data", "10/02/2027"),
                ("nome", "Padroeira"),
                ("abrangencia", "municipal"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location, "/admin/calendario?ano=2027");
    let r = app
        .post_as(
            &host,
            "/admin/calendario/recessos",
            &cookie,
            &[
                ("_csrf", &csrf),
                ("inicio", "01/07/2027"),
                ("fim", "31/07/2027"),
                ("descricao", "Recesso de julho"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let ano = app
        .get_as(&host, "/admin/calendario?ano=2027", &cookie)
        .await;
    for s in [
        "08/02/2027",
        "Carnaval (segunda-feira)",
        "Corpus Christi",
        "10/02/2027",
        "Padroeira",
        "Feriado municipal",
        "Recesso de julho",
        "quarta-feira",
    ] {
        assert!(ano.body.contains(s), "{s}: {}", ano.body);
    }
    let mut tx = begin(&env, &t).await;
    let f = store::calendario::feriados(&mut tx)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        tr::prazo_em(&mut tx, date!(2027 - 02 - 09), 1)
            .await
            .unwrap(),
        date!(2027 - 02 - 11)
    );
    drop(tx);
    let excluir = format!("/admin/calendario/feriados/{}/excluir", f.id);
    assert!(
        app.get_as(&host, &excluir, &cookie)
            .await
            .body
            .contains("Padroeira")
    );
    let r = app
        .post_as(&host, &excluir, &cookie, &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !app.get_as(&host, "/admin/calendario?ano=2027", &cookie)
            .await
            .body
            .contains("Padroeira")
    );
}

#[tokio::test]
async fn the_dashboard_shows_the_prazos_of_the_users_unidades() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-painel", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (eu, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let (_, outro) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let procuradoria = unidade(&env, &t, "Procuradoria Jurídica").await;
    let (p, ident) = proposicao(&env, &t).await;
    let mut tx = begin(&env, &t).await;
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    tr::tramitar(
        &mut tx,
        &Autor::cli("t"),
        p,
        &NovaTramitacao {
            origem_id: unidade(&env, &t, "Protocolo").await,
            destinos: vec![procuradoria],
            status_id: status(&env, &t, "Encaminhada").await,
            despacho: "Com urgência.".into(),
            prazo: Prazo::Data(hoje),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    vincular(&env, &t, procuradoria, eu.id).await;
    let painel = app.get_as(&host, "/admin", &cookie).await;
    let prazos = cartao(&painel.body, "prazos");
    assert!(
        prazos.contains(&ident) && prazos.contains("Procuradoria Jurídica · vence em"),
        "{prazos}"
    );
    // It also waits for its receipt there.
    assert!(cartao(&painel.body, "a-receber").contains(&ident));
    let painel = app.get_as(&host, "/admin", &outro).await;
    assert!(
        cartao(&painel.body, "prazos").contains("Nenhum prazo vencido ou vencendo")
            && !painel.body.contains(&ident),
        "{}",
        painel.body
    );
    let tram = app.get_as(&host, "/admin/tramitacao", &cookie).await;
    assert!(
        tram.body.contains("Prazos de tramitação das suas unidades")
            && tram.body.contains("Vencendo"),
        "{}",
        tram.body
    );
    let inicio = app.get_as(&host, "/admin/tramitacao", &cookie).await;
    assert!(
        inicio
            .body
            .contains("Procuradoria Jurídica</a>: 1 a receber"),
        "{}",
        inicio.body
    );
}

#[tokio::test]
async fn parlamentar_and_editor_never_reach_the_tramitacao() {
    let env = TestEnv::new().await;
    let t = env.camara("tram-perm", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (p, _) = proposicao(&env, &t).await;
    let protocolo = unidade(&env, &t, "Protocolo").await.to_string();
    let secretaria = unidade(&env, &t, "Secretaria Legislativa")
        .await
        .to_string();
    let enc = status(&env, &t, "Encaminhada").await.to_string();
    for papel in [Papel::Parlamentar, Papel::Editor] {
        let (_, cookie) = logged_in(&env.store, &t, papel).await;
        for caminho in [
            "/admin/tramitacao".to_owned(),
            "/admin/tramitacao/unidades".into(),
            "/admin/tramitacao/status".into(),
            "/admin/tramitacao/lote".into(),
            "/admin/calendario".into(),
            format!("/admin/tramitacao/proposicoes/{p}"),
        ] {
            let r = app.get_as(&host, &caminho, &cookie).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{papel:?} {caminho}");
        }
        let csrf = app.csrf(&host, &cookie).await;
        let r = app
            .post_as(
                &host,
                &format!("/admin/tramitacao/proposicoes/{p}"),
                &cookie,
                &[
                    ("_csrf", &csrf),
                    ("origem_id", &protocolo),
                    ("destinos", &secretaria),
                    ("status_id", &enc),
                    ("despacho", "Tentativa."),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{papel:?}");
        let painel = app.get_as(&host, "/admin", &cookie).await;
        assert!(
            !painel.body.contains("/admin/tramitacao\""),
            "no menu item for {papel:?}"
        );
    }
    assert_eq!(tramitacoes(&env, &t).await, 0);
}

#[tokio::test]
async fn another_camaras_ids_are_refused_and_recorded() {
    let env = TestEnv::new().await;
    let a = env.camara("tram-alheio-a", "pool").await;
    let b = env.camara("tram-alheio-b", "pool").await;
    let app = env.app();
    let host = host_of(&a);
    let (_, cookie) = logged_in(&env.store, &a, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let (pb, _) = proposicao(&env, &b).await;
    let (pa, _) = proposicao(&env, &a).await;
    let r = app
        .get_as(
            &host,
            &format!("/admin/tramitacao/proposicoes/{pb}"),
            &cookie,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let eventos: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM control.security_events
          WHERE kind = 'id_de_outra_camara' AND host_tenant_id = $1 AND details->>'id' = $2",
    )
    .bind(a.id)
    .bind(pb.to_string())
    .fetch_one(env.store.control())
    .await
    .unwrap();
    assert_eq!(eventos, 1);
    // B's unidade and status in a form of A: refused, nothing recorded anywhere.
    let protocolo = unidade(&env, &a, "Protocolo").await.to_string();
    let destino_b = unidade(&env, &b, "Secretaria Legislativa")
        .await
        .to_string();
    let status_b = status(&env, &b, "Encaminhada").await.to_string();
    let r = app
        .post_as(
            &host,
            &format!("/admin/tramitacao/proposicoes/{pa}"),
            &cookie,
            &[
                ("_csrf", &csrf),
                ("origem_id", &protocolo),
                ("destinos", &destino_b),
                ("status_id", &status_b),
                ("despacho", "Tentativa."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(tramitacoes(&env, &a).await, 0);
    assert_eq!(tramitacoes(&env, &b).await, 0);
}
