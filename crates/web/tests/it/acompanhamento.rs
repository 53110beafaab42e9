//! Acompanhar uma proposição by e-mail, through the HTTP routes, the job queue and the SMTP
//! sink: double opt-in, a notification per event with the one-click cancellation (RFC 8058),
//! nothing after cancelling, nothing ever to an unconfirmed address, per e-mail limits and
//! câmara isolation.

use axum::http::{Method, StatusCode};
use domain::proposicoes::{Evento, Regime, TipoAutor};
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::proposicoes::{self, AutorNovo, EventoNovo, NovaProposicao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::http::{TestApp, form, host_of};
use testkit::smtp::{Recebido, SmtpSink};
use uuid::Uuid;

async fn proposicao(env: &TestEnv, t: &Tenant) -> Uuid {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let tipo: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = 'PL'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    let d = time::macros::date!(2026 - 03 - 10);
    let c = proposicoes::criar(
        &mut tx,
        &Autor::cli("teste"),
        &NovaProposicao {
            tipo_id: tipo,
            mae_id: None,
            ementa: "Institui a semana municipal da leitura nas escolas.".into(),
            texto: String::new(),
            justificativa: String::new(),
            regime: Regime::Ordinario,
            apresentada_em: d,
            autores: vec![AutorNovo {
                tipo: TipoAutor::Executivo,
                parlamentar_id: None,
                comissao_id: None,
                nome: "Prefeito Municipal".into(),
                subscrito_em: d,
            }],
            descricao: String::new(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    c.id
}

async fn evento(env: &TestEnv, t: &Tenant, id: Uuid, descricao: &str) {
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    proposicoes::registrar_evento(
        &mut tx,
        &Autor::cli("teste"),
        id,
        &EventoNovo {
            evento: Evento::Correcao,
            unidade_id: None,
            descricao: descricao.into(),
            ocorrido_em: None,
            origem_id: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// The message decoded from quoted-printable, with folded header lines joined.
fn texto(m: &Recebido) -> String {
    m.dados
        .replace("=\n", "")
        .replace("=3D", "=")
        .replace("\n ", " ")
        .replace("\n\t", " ")
}

/// The path and query of the first link to `caminho` in the message.
fn link(m: &Recebido, caminho: &str) -> String {
    let t = texto(m);
    let i = t
        .find(caminho)
        .unwrap_or_else(|| panic!("no {caminho} in {t}"));
    let resto = &t[i..];
    resto[..resto
        .find(|c: char| c.is_whitespace() || c == '>')
        .unwrap_or(resto.len())]
        .to_owned()
}

fn para(sink: &SmtpSink, email: &str) -> Vec<Recebido> {
    sink.recebidos()
        .into_iter()
        .filter(|m| m.para.iter().any(|p| p == email))
        .collect()
}

struct Cenario {
    env: TestEnv,
    app: TestApp,
    sink: SmtpSink,
    worker: jobs::Worker,
}

async fn cenario(camaras: &[&Tenant], env: TestEnv) -> Cenario {
    let sink = SmtpSink::start().await;
    let mailer =
        web::mail::Mailer::new(Some(&sink.url()), "Plenário <nao-responda@teste.example>").unwrap();
    let worker = jobs::Worker::new(
        env.store.clone(),
        jobs::Tarefas::padrao(mailer),
        jobs::Config {
            camaras: Some(camaras.iter().map(|t| t.id).collect()),
            ..jobs::Config::default()
        },
    );
    Cenario {
        app: env.app(),
        env,
        sink,
        worker,
    }
}

impl Cenario {
    async fn trabalhar(&self) -> usize {
        let r = self.worker.rodar_uma_vez().await.unwrap();
        r.concluidos
    }

    async fn acompanhar(&self, t: &Tenant, id: Uuid, email: &str) -> testkit::http::TestResponse {
        self.app
            .send(
                Method::POST,
                &host_of(t),
                &format!("/legislativo/proposicoes/{id}/acompanhar"),
                &[],
                &form(&[("email", email)]),
            )
            .await
    }
}

#[tokio::test]
async fn a_citizen_confirms_gets_each_event_and_unsubscribes_in_one_click() {
    let env = TestEnv::new().await;
    let t = env.camara("acomp", "pool").await;
    let host = host_of(&t);
    let c = cenario(&[&t], env).await;
    let p = proposicao(&c.env, &t).await;
    let email = "cidada@exemplo.example";

    let r = c.acompanhar(&t, p, email).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Pedido recebido"), "{}", r.body);
    assert!(c.sink.recebidos().is_empty(), "sent only by the worker");
    // An event before confirmation tells nobody.
    evento(&c.env, &t, p, "Leitura em plenário antes da confirmação.").await;
    assert_eq!(c.trabalhar().await, 1, "only the confirmation job");
    let msgs = para(&c.sink, email);
    assert_eq!(msgs.len(), 1);
    let confirmacao = &msgs[0];
    assert!(texto(confirmacao).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(!texto(confirmacao).contains("antes da confirmação"));
    let confirmar = link(confirmacao, "/acompanhamento/confirmar?token=");

    // Following the link shows a button and confirms nothing yet.
    let r = c.app.get(&host, &confirmar).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("<button"), "{}", r.body);
    evento(&c.env, &t, p, "Despacho antes do clique.").await;
    assert_eq!(c.trabalhar().await, 0, "not confirmed by a GET");
    let r = c.app.send(Method::POST, &host, &confirmar, &[], "").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Acompanhamento confirmado"), "{}", r.body);

    evento(&c.env, &t, p, "Encaminhada à Comissão de Educação.").await;
    assert_eq!(c.trabalhar().await, 1);
    let msgs = para(&c.sink, email);
    assert_eq!(msgs.len(), 2);
    let aviso = texto(&msgs[1]);
    assert!(aviso.contains("Encaminhada"), "{aviso}");
    assert!(aviso.contains("List-Unsubscribe: <http://"), "{aviso}");
    assert!(aviso.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    let cancelar = link(&msgs[1], "/acompanhamento/cancelar?token=");

    // The link shows a button; the mail client's one-click POST (no cookie, the RFC 8058
    // body) cancels.
    let r = c.app.get(&host, &cancelar).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("PL 1/2026"), "{}", r.body);
    let r = c
        .app
        .send(
            Method::POST,
            &host,
            &cancelar,
            &[],
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("cancelado"), "{}", r.body);

    evento(&c.env, &t, p, "Parecer favorável.").await;
    assert_eq!(c.trabalhar().await, 0);
    assert_eq!(para(&c.sink, email).len(), 2, "nothing after cancelling");
    // The e-mail is gone from the table.
    let mut tx = TenantTx::begin(&c.env.store, &t, Access::Read)
        .await
        .unwrap();
    let guardados: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.acompanhamento WHERE tenant_id = $1 AND email IS NOT NULL",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(guardados, 0);
}

#[tokio::test]
async fn an_unconfirmed_address_gets_only_the_confirmation_and_requests_are_limited() {
    let env = TestEnv::new().await;
    let t = env.camara("acomp-lim", "pool").await;
    let c = cenario(&[&t], env).await;
    let p = proposicao(&c.env, &t).await;
    let email = "nao-confirma@exemplo.example";
    for _ in 0..store::acompanhamento::POR_HORA_EMAIL {
        let r = c.acompanhar(&t, p, email).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = c.acompanhar(&t, p, email).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // An invalid address is refused with the form again.
    let r = c.acompanhar(&t, p, "isto não é e-mail").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Informe um e-mail válido"), "{}", r.body);
    evento(&c.env, &t, p, "Distribuída.").await;
    evento(&c.env, &t, p, "Em pauta.").await;
    c.trabalhar().await;
    c.trabalhar().await;
    let msgs = para(&c.sink, email);
    // Each request replaced the previous one: its confirmation job finds it gone and sends
    // nothing; the last one's message is the only one. No notification.
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(texto(&msgs[0]).contains("/acompanhamento/confirmar?token="));
}

#[tokio::test]
async fn followers_and_tokens_belong_to_their_camara() {
    let env = TestEnv::new().await;
    let a = env.camara("acomp-a", "pool").await;
    let b = env.camara("acomp-b", "dedicated").await;
    let c = cenario(&[&a, &b], env).await;
    let pa = proposicao(&c.env, &a).await;
    let pb = proposicao(&c.env, &b).await;
    let email = "vizinha@exemplo.example";
    // A's proposição does not exist on B's host.
    let r = c.acompanhar(&b, pa, email).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(c.acompanhar(&a, pa, email).await.status, StatusCode::OK);
    c.trabalhar().await;
    let confirmar = link(&para(&c.sink, email)[0], "/acompanhamento/confirmar?token=");
    // A's token means nothing on B's host.
    let r = c
        .app
        .send(Method::POST, &host_of(&b), &confirmar, &[], "")
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = c
        .app
        .send(Method::POST, &host_of(&a), &confirmar, &[], "")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // B's events tell A's followers nothing.
    evento(&c.env, &b, pb, "Andamento em B.").await;
    assert_eq!(c.trabalhar().await, 0);
    evento(&c.env, &a, pa, "Andamento em A.").await;
    assert_eq!(c.trabalhar().await, 1);
    let msgs = para(&c.sink, email);
    assert_eq!(msgs.len(), 2);
    let cancelar = link(&msgs[1], "/acompanhamento/cancelar?token=");
    // Cancelling with A's token on B's host cancels nothing in A.
    c.app
        .send(Method::POST, &host_of(&b), &cancelar, &[], "")
        .await;
    evento(&c.env, &a, pa, "Outro andamento em A.").await;
    assert_eq!(c.trabalhar().await, 1);
    assert_eq!(para(&c.sink, email).len(), 3);
}
