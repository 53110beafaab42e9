//! The jobs of issue #10 item 6: the daily prazo alerts (once per day, unidade and e-mail,
//! even under two runs at once), the protocolo's receipt enqueued with the protocolo,
//! scheduled publication emptying the page cache, the avulso rendered by a job and served
//! publicly, "retorna ao autor", and the operator's confirmation before a discard.

use std::sync::Arc;

use axum::http::StatusCode;
use domain::auth::Papel;
use domain::proposicoes::{Regime, TipoAutor};
use domain::protocolo::TipoInteressado;
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::proposicoes::{self, AutorNovo, NovaProposicao};
use store::tramitacao::{self as tr, NovaTramitacao, Prazo};
use store::{Access, DataDb, TenantTx};
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of};
use testkit::smtp::SmtpSink;
use testkit::{BASE_DOMAIN, TestEnv};
use uuid::Uuid;

async fn begin(env: &TestEnv, t: &Tenant) -> TenantTx {
    TenantTx::begin(&env.store, t, Access::Write).await.unwrap()
}

fn worker(env: &TestEnv, t: &Tenant, tarefas: jobs::Tarefas) -> jobs::Worker {
    jobs::Worker::new(
        env.store.clone(),
        tarefas,
        jobs::Config {
            camaras: Some(vec![t.id]),
            ..jobs::Config::default()
        },
    )
}

fn mailer(sink: &SmtpSink) -> jobs::mail::Mailer {
    jobs::mail::Mailer::new(Some(&sink.url()), "Plenário <nao-responda@teste.example>").unwrap()
}

async fn contar(env: &TestEnv, t: &Tenant, onde: &str) -> i64 {
    let mut tx = begin(env, t).await;
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM app.job WHERE tenant_id = $1 AND {onde}"
    )))
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap()
}

/// What the owner may do that the application may not (time passing, a job falling due).
async fn como_dono(env: &TestEnv, t: &Tenant, sql: &str) {
    let mut admin = env
        .store
        .admin_connect(&DataDb::of(&t.placement))
        .await
        .unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(t.id)
        .execute(&mut admin)
        .await
        .unwrap();
}

async fn proposicao(env: &TestEnv, t: &Tenant, autores: Vec<AutorNovo>, texto: &str) -> Uuid {
    let mut tx = begin(env, t).await;
    let pl: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = 'PL'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let c = proposicoes::criar(
        &mut tx,
        &Autor::cli("t"),
        &NovaProposicao {
            tipo_id: pl,
            mae_id: None,
            ementa: "Institui a semana municipal da leitura e da ação cultural.".into(),
            texto: texto.into(),
            justificativa: "A leitura transforma a cidade.".into(),
            regime: Regime::Ordinario,
            apresentada_em: time::macros::date!(2026 - 03 - 10),
            autores,
            descricao: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    c.id
}

fn executivo() -> Vec<AutorNovo> {
    vec![AutorNovo {
        tipo: TipoAutor::Executivo,
        parlamentar_id: None,
        comissao_id: None,
        nome: "Prefeito Municipal".into(),
        subscrito_em: time::macros::date!(2026 - 03 - 10),
    }]
}

async fn unidade(tx: &mut TenantTx, nome: &str) -> Uuid {
    tr::ativas(tx)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.nome == nome)
        .unwrap()
        .id
}

async fn status(tx: &mut TenantTx, nome: &str) -> Uuid {
    tr::listar_status(tx, true)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.nome == nome)
        .unwrap()
        .id
}

#[tokio::test]
async fn prazo_alerts_are_seeded_daily_and_sent_once_even_when_two_runs_race() {
    let env = TestEnv::new().await;
    let t = env.camara("fila-prazos", "pool").await;
    // Provisioning seeded the daily job, at 07:00 in the câmara's time zone.
    let mut tx = begin(&env, &t).await;
    let hora: String = sqlx::query_scalar(
        "SELECT to_char(j.executar_em AT TIME ZONE c.fuso_horario, 'HH24:MI')
           FROM app.job j JOIN app.camara_config c ON c.tenant_id = j.tenant_id
          WHERE j.tenant_id = $1 AND j.tipo = 'prazos.alertas'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(hora, "07:00");
    // A prazo vencendo today at the Procuradoria, whose user is told.
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let procuradoria = unidade(&mut tx, "Procuradoria Jurídica").await;
    let enc = status(&mut tx, "Encaminhada").await;
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    drop(tx);
    let p = proposicao(&env, &t, executivo(), "").await;
    let (ana, _) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let mut tx = begin(&env, &t).await;
    tr::vincular(&mut tx, &Autor::cli("t"), procuradoria, ana.id)
        .await
        .unwrap();
    tr::tramitar(
        &mut tx,
        &Autor::cli("t"),
        p,
        &NovaTramitacao {
            origem_id: protocolo,
            destinos: vec![procuradoria],
            status_id: enc,
            despacho: "Para parecer.".into(),
            prazo: Prazo::Data(hoje),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // Two runs of the same day at once (two workers, or a retry racing the first).
    // The câmara's own primary domain is the one its alerts link to.
    store::infra::catalog::add_domain(
        env.store.control(),
        &t,
        "camaraprazos.sp.gov.br",
        true,
        "localhost",
    )
    .await
    .unwrap();
    let origem = jobs::Origem {
        catalogo: Some(env.store.control().clone()),
        ..jobs::Origem::default()
    };
    let rodar = || async {
        let mut tx = begin(&env, &t).await;
        let n = jobs::prazos::enfileirar_do_dia(&mut tx, "2026-12-01", &origem)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        n
    };
    let (a, b) = tokio::join!(rodar(), rodar());
    assert_eq!(a + b, 1, "one alert e-mail between both runs ({a} + {b})");
    assert_eq!(rodar().await, 0, "a third run adds nothing");
    assert_eq!(
        contar(&env, &t, "chave LIKE 'prazos:2026-12-01:%'").await,
        1
    );
    // The next day's job, once however often it was asked for.
    assert_eq!(contar(&env, &t, "tipo = 'prazos.alertas'").await, 1);

    // The e-mail goes out through the queue.
    let sink = SmtpSink::start().await;
    let w = worker(&env, &t, jobs::Tarefas::padrao(mailer(&sink)));
    w.rodar_uma_vez().await.unwrap();
    let recebidos = sink.recebidos();
    assert_eq!(recebidos.len(), 1, "{recebidos:?}");
    assert_eq!(recebidos[0].para, vec![ana.email.to_lowercase()]);
    assert!(
        recebidos[0].dados.contains("vencendo"),
        "{}",
        recebidos[0].dados
    );
    assert!(
        recebidos[0]
            .dados
            .contains("http://camaraprazos.sp.gov.br/admin"),
        "{}",
        recebidos[0].dados
    );

    // Figure: 1,000 daily jobs enqueued under their keys in one transaction, as the
    // scheduling of 1,000 câmaras costs a database (printed, not asserted).
    let mut tx = begin(&env, &t).await;
    let inicio = std::time::Instant::now();
    for i in 0..1000 {
        store::jobs::enfileirar_unico(
            &mut tx,
            &store::jobs::Novo {
                executar_em: Some(time::OffsetDateTime::now_utc() + time::Duration::days(1)),
                ..store::jobs::Novo::agora("prazos.alertas", serde_json::json!({ "dia": i }))
            },
            &format!("medida:{i}"),
        )
        .await
        .unwrap();
    }
    let gasto = inicio.elapsed();
    tx.rollback().await.unwrap();
    println!("1000 daily jobs enqueued with their unique keys in {gasto:?}");
}

#[tokio::test]
async fn the_receipt_is_enqueued_with_the_protocolo_and_a_rollback_enqueues_nothing() {
    let env = TestEnv::new().await;
    let t = env.camara("fila-recibo", "pool").await;
    let novo = store::protocolo::NovoProtocolo {
        tipo_documento: "Ofício".into(),
        interessado_nome: "José da Silva".into(),
        interessado_email: "jose@exemplo.example".into(),
        interessado_tipo: TipoInteressado::Cidadao,
        assunto: "Pede a poda das árvores da praça".into(),
    };
    let registrar = |commit: bool| {
        let (env, t, novo) = (&env, &t, &novo);
        async move {
            let mut tx = begin(env, t).await;
            let p = store::protocolo::registrar(&mut tx, &Autor::cli("t"), novo, &[])
                .await
                .unwrap();
            jobs::comprovante::enfileirar(&mut tx, p.id, "Câmara de Teste", "http://x.example/v")
                .await
                .unwrap();
            if commit {
                tx.commit().await.unwrap();
            } else {
                tx.rollback().await.unwrap();
            }
        }
    };
    registrar(false).await;
    assert_eq!(contar(&env, &t, "tipo = 'protocolo.comprovante'").await, 0);
    registrar(true).await;
    assert_eq!(contar(&env, &t, "tipo = 'protocolo.comprovante'").await, 1);
    let sink = SmtpSink::start().await;
    let r = worker(&env, &t, jobs::Tarefas::padrao(mailer(&sink)))
        .rodar_uma_vez()
        .await
        .unwrap();
    assert_eq!(r.concluidos, 1, "{r:?}");
    let recebidos = sink.recebidos();
    assert_eq!(recebidos.len(), 1);
    assert_eq!(recebidos[0].para, vec!["jose@exemplo.example".to_owned()]);
    assert!(recebidos[0].dados.contains("application/pdf"));
}

#[tokio::test]
async fn a_scheduled_noticia_reaches_the_cached_home_page_when_its_job_runs() {
    use store::conteudo::noticias::{self, NoticiaValida, Publicacao};
    let env = TestEnv::new().await;
    let t = env.camara("fila-agenda", "pool").await;
    let app = TestApp::with_config(
        env.store.clone(),
        web::WebConfig {
            cache_publico: std::time::Duration::from_secs(3600),
            ..web::WebConfig::new(BASE_DOMAIN, false)
        },
    );
    let host = host_of(&t);
    let titulo = "Audiência pública sobre o orçamento";
    let daqui = |dias: i64| {
        let d = time::OffsetDateTime::now_utc() + time::Duration::days(dias);
        time::PrimitiveDateTime::new(d.date(), d.time())
    };
    let valida = |p| NoticiaValida {
        titulo: titulo.into(),
        slug: "audiencia-orcamento".into(),
        resumo: "Resumo.".into(),
        corpo: "Corpo da notícia.".into(),
        categoria: "institucional".into(),
        tags: Vec::new(),
        capa_alt: String::new(),
        publicacao: p,
    };
    let mut tx = begin(&env, &t).await;
    let n = noticias::criar(
        &mut tx,
        &Autor::cli("t"),
        &valida(Publicacao::Agendada(daqui(2))),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        contar(
            &env,
            &t,
            "tipo = 'noticia.publicar' AND estado = 'pendente'"
        )
        .await,
        1
    );
    // A new date re-schedules it (one pending job, at the new time); a draft has none.
    let mut tx = begin(&env, &t).await;
    noticias::atualizar(
        &mut tx,
        &Autor::cli("t"),
        n.id,
        &valida(Publicacao::Agendada(daqui(3))),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        contar(&env, &t, "tipo = 'noticia.publicar' AND estado = 'pendente' AND executar_em > now() + interval '2 days 12 hours'").await,
        1
    );
    assert_eq!(
        contar(
            &env,
            &t,
            "tipo = 'noticia.publicar' AND estado = 'pendente'"
        )
        .await,
        1
    );
    let mut tx = begin(&env, &t).await;
    noticias::atualizar(
        &mut tx,
        &Autor::cli("t"),
        n.id,
        &valida(Publicacao::Rascunho),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        contar(
            &env,
            &t,
            "tipo = 'noticia.publicar' AND estado = 'pendente'"
        )
        .await,
        0
    );
    let mut tx = begin(&env, &t).await;
    noticias::atualizar(
        &mut tx,
        &Autor::cli("t"),
        n.id,
        &valida(Publicacao::Agendada(daqui(1))),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let antes = app.get(&host, "/").await;
    assert_eq!(antes.status, StatusCode::OK);
    assert!(!antes.body.contains(titulo));
    // Its time comes (the clock moved for the notícia and its job alike).
    como_dono(
        &env,
        &t,
        "UPDATE app.noticia SET publicar_em = now() - interval '1 second' WHERE tenant_id = $1",
    )
    .await;
    // (The owner's update discarded the pending job, as an edit would: its time was moved.)
    como_dono(
        &env,
        &t,
        "UPDATE app.job j SET estado = 'pendente', executar_em = now(),
                dados = jsonb_build_object('noticia', n.id, 'publicar_em', n.publicar_em)
           FROM app.noticia n
          WHERE j.tenant_id = $1 AND n.tenant_id = $1 AND j.tipo = 'noticia.publicar'
            AND j.dados->>'noticia' = n.id::text
            AND j.executar_em BETWEEN now() + interval '12 hours' AND now() + interval '36 hours'",
    )
    .await;
    // Visible by its date, but the cached home page is the old one until the job runs.
    assert!(!app.get(&host, "/").await.body.contains(titulo));
    let paginas = app.state.paginas.clone();
    let esquecer: Arc<dyn Fn(i32) + Send + Sync> = Arc::new(move |t| paginas.esquecer(t));
    let tarefas = jobs::Tarefas::com_opcoes(
        jobs::mail::Mailer::dev(),
        jobs::Opcoes {
            esquecer_paginas: Some(esquecer),
            ..jobs::Opcoes::default()
        },
    );
    let r = worker(&env, &t, tarefas).rodar_uma_vez().await.unwrap();
    assert!(r.concluidos >= 1, "{r:?}");
    assert!(app.get(&host, "/").await.body.contains(titulo));
    let mut tx = begin(&env, &t).await;
    let auditado: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND acao = 'publicada (agendada)'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(auditado, 1);
}

#[tokio::test]
async fn the_avulso_is_rendered_by_a_job_and_served_publicly() {
    let env = TestEnv::new().await;
    let t = env.camara("fila-avulso", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let texto = "# Art. 1º\n\nFica instituída a semana da leitura.\n\n- nas escolas;\n- nas praças.\n\n1. primeiro\n2. segundo";
    let id = proposicao(&env, &t, executivo(), texto).await;
    let mut tx = begin(&env, &t).await;
    let ident: (i32, i32) =
        sqlx::query_as("SELECT ano, numero FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(t.id)
            .bind(id)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    drop(tx);
    let pagina = format!("/legislativo/proposicoes/{}/pl/{}", ident.0, ident.1);
    let url = format!("{pagina}/avulso.pdf");
    // Enqueued with the proposição, debounced; not rendered yet: 404, no link.
    assert_eq!(
        contar(
            &env,
            &t,
            "tipo = 'proposicao.avulso' AND estado = 'pendente'"
        )
        .await,
        1
    );
    assert_eq!(app.get(&host, &url).await.status, StatusCode::NOT_FOUND);
    assert!(!app.get(&host, &pagina).await.body.contains("avulso.pdf"));
    como_dono(&env, &t, "UPDATE app.job SET executar_em = now() WHERE tenant_id = $1 AND tipo = 'proposicao.avulso'").await;
    let w = worker(&env, &t, jobs::Tarefas::padrao(jobs::mail::Mailer::dev()));
    assert_eq!(w.rodar_uma_vez().await.unwrap().concluidos, 1);
    let r = app.get(&host, &url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "application/pdf");
    assert!(app.get(&host, &pagina).await.body.contains(&url));
    let raw = super::protocolo::baixar(&app, &host, &url, "").await;
    assert!(
        r.header("etag")
            .contains(&store::protocolo::sha256_hex(&raw))
    );
    let doc = lopdf::Document::load_mem(&raw).expect("a valid PDF");
    let lido = doc.extract_text(&[1]).unwrap();
    for esperado in [
        "Avulso",
        "semana municipal da leitura e da ação cultural",
        "Prefeito Municipal",
        "Art. 1º",
        "nas praças",
        "2. segundo",
        "Justificativa",
    ] {
        assert!(lido.contains(esperado), "{esperado:?} not in {lido:?}");
    }
    // A change of its text re-arms the same job (one row per proposição).
    let mut tx = begin(&env, &t).await;
    let mut e = store::proposicoes::editar::por_id(&mut tx, id)
        .await
        .unwrap()
        .unwrap()
        .edicao();
    e.texto = "Art. 1º Texto novo.".into();
    store::proposicoes::editar::editar(&mut tx, &Autor::cli("t"), id, &e)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        contar(
            &env,
            &t,
            "tipo = 'proposicao.avulso' AND estado = 'pendente'"
        )
        .await,
        1
    );
    assert_eq!(contar(&env, &t, "tipo = 'proposicao.avulso'").await, 1);
}

#[tokio::test]
async fn a_proposicao_returned_to_its_author_tells_them_and_shows_on_their_page() {
    let env = TestEnv::new().await;
    let t = env.camara("fila-retorno", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (u, cookie) = logged_in(&env.store, &t, Papel::Parlamentar).await;
    let mut tx = begin(&env, &t).await;
    let (parl, _) = store::composicao::criar_parlamentar(
        &mut tx,
        &Autor::cli("t"),
        &store::composicao::NovoParlamentar {
            nome_civil: "Joana Vereadora".into(),
            nome_parlamentar: "Joana Vereadora".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    sqlx::query("UPDATE app.usuario SET parlamentar_id = $3 WHERE tenant_id = $1 AND id = $2")
        .bind(t.id)
        .bind(u.id)
        .bind(parl)
        .execute(tx.conn())
        .await
        .unwrap();
    let protocolo = unidade(&mut tx, "Protocolo").await;
    let procuradoria = unidade(&mut tx, "Procuradoria Jurídica").await;
    let enc = status(&mut tx, "Encaminhada").await;
    let devolvida = status(&mut tx, "Devolvida ao autor").await;
    tx.commit().await.unwrap();
    let autores = vec![AutorNovo {
        tipo: TipoAutor::Parlamentar,
        parlamentar_id: Some(parl),
        comissao_id: None,
        nome: String::new(),
        subscrito_em: time::macros::date!(2026 - 03 - 10),
    }];
    let p = proposicao(&env, &t, autores, "").await;
    let passo = |origem, destino, status_id, despacho: &str| NovaTramitacao {
        origem_id: origem,
        destinos: vec![destino],
        status_id,
        despacho: despacho.into(),
        prazo: Prazo::Nenhum,
    };
    let mut tx = begin(&env, &t).await;
    tr::tramitar(
        &mut tx,
        &Autor::cli("t"),
        p,
        &passo(protocolo, procuradoria, enc, "Para parecer."),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        contar(&env, &t, "tipo = 'proposicao.retorno'").await,
        0,
        "an ordinary status tells no one"
    );
    let minhas = app
        .get_as(&host, "/admin/minhas-proposicoes", &cookie)
        .await;
    assert!(
        !minhas.body.contains("Devolvida ao autor"),
        "{}",
        minhas.body
    );
    let mut tx = begin(&env, &t).await;
    tr::tramitar(
        &mut tx,
        &Autor::cli("t"),
        p,
        &passo(
            procuradoria,
            protocolo,
            devolvida,
            "Falta a estimativa de impacto orçamentário.",
        ),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(contar(&env, &t, "tipo = 'proposicao.retorno'").await, 1);
    let sink = SmtpSink::start().await;
    let r = worker(&env, &t, jobs::Tarefas::padrao(mailer(&sink)))
        .rodar_uma_vez()
        .await
        .unwrap();
    assert!(r.concluidos >= 1, "{r:?}");
    let recebidos = sink.recebidos();
    assert_eq!(recebidos.len(), 1, "{recebidos:?}");
    assert_eq!(recebidos[0].para, vec![u.email.to_lowercase()]);
    let minhas = app
        .get_as(&host, "/admin/minhas-proposicoes", &cookie)
        .await;
    assert!(
        minhas.body.contains("Devolvida ao autor"),
        "{}",
        minhas.body
    );
    assert!(
        minhas
            .body
            .contains("Falta a estimativa de impacto orçamentário.")
    );
}

#[tokio::test]
async fn discarding_a_job_is_confirmed_first() {
    let env = TestEnv::new().await;
    let app = env.app();
    let t = env.camara("fila-descarte", "pool").await;
    let op = testkit::plataforma::logada(&app, &env.store).await;
    let mut tx = begin(&env, &t).await;
    let id = store::jobs::enfileirar(
        &mut tx,
        &store::jobs::Novo {
            executar_em: Some(time::OffsetDateTime::now_utc() + time::Duration::days(1)),
            ..store::jobs::Novo::agora("email", serde_json::json!({}))
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let caminho = format!("/admin-master/camaras/{}/jobs/{id}/descartar", t.slug);
    let r = app.get_as("admin.localhost", &caminho, &op.cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Descartar tarefa"), "{}", r.body);
    assert!(
        r.body.contains(&format!("action=\"{caminho}\"")),
        "{}",
        r.body
    );
    // Asking changed nothing.
    assert_eq!(
        contar(&env, &t, &format!("id = '{id}' AND estado = 'pendente'")).await,
        1
    );
    let outra = app
        .get_as(
            "admin.localhost",
            &format!(
                "/admin-master/camaras/{}/jobs/{}/descartar",
                t.slug,
                Uuid::now_v7()
            ),
            &op.cookie,
        )
        .await;
    assert_eq!(outra.status, StatusCode::NOT_FOUND);
}
