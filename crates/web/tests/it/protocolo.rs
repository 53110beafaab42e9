//! The protocolo desk: a protocolo with its files, its receipt (PDF with accents, e-mailed
//! to an external interessado), the list's filters, the annulment keeping the number,
//! refused input re-rendered with every message, and the public verification page.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::{Access, TenantTx};
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of, multipart};
use testkit::smtp::SmtpSink;
use testkit::{BASE_DOMAIN, TestEnv};
use web::WebConfig;
use web::mail::Mailer;

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

fn sha256(dados: &[u8]) -> String {
    store::protocolo::sha256_hex(dados)
}

/// The id in a `Location: /admin/protocolo/<id>?salvo=1`.
pub fn id_do_destino(location: &str, prefixo: &str) -> String {
    location
        .strip_prefix(prefixo)
        .and_then(|r| r.split(['?', '/']).next())
        .unwrap_or_else(|| panic!("unexpected location {location}"))
        .to_owned()
}

async fn codigo(env: &TestEnv, t: &store::infra::catalog::Tenant, id: &str) -> String {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let p = store::protocolo::por_id(&mut tx, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    p.codigo
}

#[tokio::test]
async fn the_desk_registers_a_protocolo_with_files_receipt_and_email() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-balcao", "pool").await;
    let sink = SmtpSink::start().await;
    let app = TestApp::with_config(
        env.store.clone(),
        WebConfig {
            mailer: Mailer::new(Some(&sink.url()), "Plenário <nao-responda@teste.example>")
                .unwrap(),
            ..WebConfig::new(BASE_DOMAIN, false)
        },
    );
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    assert!(
        app.get_as(&host, "/admin", &cookie)
            .await
            .body
            .contains("/admin/protocolo")
    );
    let form = app.get_as(&host, "/admin/protocolo/novo", &cookie).await;
    assert_eq!(form.status, StatusCode::OK);

    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/protocolo?_csrf={csrf}"),
            &cookie,
            multipart(
                &[
                    ("tipo_documento", "Ofício"),
                    ("interessado_tipo", "cidadao"),
                    ("interessado_nome", "Maria da Conceição Souza"),
                    ("interessado_email", "Maria@Exemplo.example"),
                    ("assunto", "Solicita informações sobre a iluminação pública"),
                ],
                &[
                    ("arquivos", "oficio.pdf", "application/pdf", PDF),
                    (
                        "arquivos",
                        "anexo.pdf",
                        "application/pdf",
                        b"%PDF-1.7 outro",
                    ),
                ],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = id_do_destino(&r.location, "/admin/protocolo/");
    let detalhe = app.get_as(&host, &r.location, &cookie).await;
    assert!(detalhe.body.contains("Protocolo nº 1/"), "{}", detalhe.body);
    assert!(detalhe.body.contains(&sha256(PDF)));
    assert!(detalhe.body.contains("Maria da Conceição Souza"));

    // The receipt: a PDF whose text reads back with its accents.
    let pdf = app
        .get_as(
            &host,
            &format!("/admin/protocolo/{id}/comprovante.pdf"),
            &cookie,
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type, "application/pdf");
    let raw = baixar(
        &app,
        &host,
        &format!("/admin/protocolo/{id}/comprovante.pdf"),
        &cookie,
    )
    .await;
    let doc = lopdf::Document::load_mem(&raw).expect("a valid PDF");
    let texto = doc.extract_text(&[1]).unwrap();
    let codigo = codigo(&env, &t, &id).await;
    for esperado in [
        "Comprovante de protocolo",
        "Protocolo nº 1/",
        "Maria da Conceição Souza",
        "Solicita informações sobre a iluminação pública",
        "Código de verificação",
        &domain::protocolo::codigo_legivel(&codigo),
        &sha256(PDF),
    ] {
        assert!(texto.contains(esperado), "{esperado:?} not in {texto:?}");
    }

    // The external interessado got the receipt by e-mail, PDF attached: enqueued with the
    // protocolo, sent by the worker (nothing from the request itself).
    assert!(sink.recebidos().is_empty());
    trabalhar(&env, &t, &sink).await;
    let recebidos = sink.recebidos();
    assert_eq!(recebidos.len(), 1, "{recebidos:?}");
    assert_eq!(recebidos[0].para, vec!["maria@exemplo.example".to_owned()]);
    assert!(recebidos[0].dados.contains("application/pdf"));
    assert!(recebidos[0].dados.contains("protocolo-1-"));

    // A second one, without e-mail, sends nothing; the list filters by number and text.
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/protocolo?_csrf={csrf}"),
            &cookie,
            multipart(
                &[
                    ("tipo_documento", "Projeto de lei"),
                    ("interessado_tipo", "executivo"),
                    ("interessado_nome", "Prefeitura Municipal"),
                    ("assunto", "Encaminha o projeto da LDO"),
                ],
                &[],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    trabalhar(&env, &t, &sink).await;
    assert_eq!(sink.recebidos().len(), 1);
    let lista = app.get_as(&host, "/admin/protocolo?q=ldo", &cookie).await;
    assert!(lista.body.contains("Encaminha o projeto da LDO"));
    assert!(!lista.body.contains("iluminação"));
    let lista = app
        .get_as(&host, "/admin/protocolo?numero=1", &cookie)
        .await;
    assert!(lista.body.contains("iluminação"));
    assert!(lista.body.contains("1 protocolo(s)"));
    let ruim = app
        .get_as(&host, "/admin/protocolo?ano=abc&numero=x", &cookie)
        .await;
    assert!(ruim.body.contains("O ano deve ser um número"));
    assert!(ruim.body.contains("O número deve ser um número inteiro"));
}

pub async fn baixar(app: &TestApp, host: &str, path: &str, cookie: &str) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .uri(path)
        .header("host", host)
        .header("cookie", cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let resp = app.router.clone().oneshot(req).await.unwrap();
    resp.into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn refused_input_comes_back_with_every_message_and_what_was_typed() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-recusa", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/protocolo?_csrf={csrf}"),
            &cookie,
            multipart(
                &[
                    ("tipo_documento", "X"),
                    ("interessado_tipo", "ninguem"),
                    ("interessado_nome", "Fulano Digitado"),
                    ("interessado_email", "não é e-mail"),
                    ("assunto", ""),
                ],
                &[(
                    "arquivos",
                    "virus.exe",
                    "application/octet-stream",
                    b"MZ\x90\x00",
                )],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for m in [
        "Informe o tipo de documento",
        "Escolha o tipo de interessado da lista.",
        "Informe um e-mail válido",
        "Informe o assunto",
        "virus.exe: Tipo de arquivo não aceito",
    ] {
        assert!(r.body.contains(m), "{m:?} missing:\n{}", r.body);
    }
    assert!(r.body.contains("value=\"Fulano Digitado\""));
    // Nothing was numbered.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let escopo = domain::proposicoes::escopo_protocolo(time::OffsetDateTime::now_utc().year());
    assert_eq!(
        store::infra::contador::atual(&mut tx, &escopo)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn annulment_keeps_the_number_asks_a_motivo_and_shows_on_verification() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-anular", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/protocolo?_csrf={csrf}"),
            &cookie,
            multipart(
                &[
                    ("tipo_documento", "Requerimento"),
                    ("interessado_tipo", "entidade"),
                    ("interessado_nome", "Associação de Moradores"),
                    ("assunto", "Pede audiência pública"),
                ],
                &[],
            ),
        )
        .await;
    let id = id_do_destino(&r.location, "/admin/protocolo/");
    let confirmar = app
        .get_as(&host, &format!("/admin/protocolo/{id}/anular"), &cookie)
        .await;
    assert!(confirmar.body.contains("Motivo da anulação"));
    let sem = app
        .post_as(
            &host,
            &format!("/admin/protocolo/{id}/anular"),
            &cookie,
            &[("_csrf", &csrf), ("motivo", "")],
        )
        .await;
    assert_eq!(sem.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sem.body.contains("Informe o motivo da anulação"));
    let ok = app
        .post_as(
            &host,
            &format!("/admin/protocolo/{id}/anular"),
            &cookie,
            &[("_csrf", &csrf), ("motivo", "Entregue em duplicidade")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let lista = app.get_as(&host, "/admin/protocolo", &cookie).await;
    assert!(lista.body.contains("Anulado"));
    let de_novo = app
        .get_as(&host, &format!("/admin/protocolo/{id}/anular"), &cookie)
        .await;
    assert!(de_novo.body.contains("Este protocolo já foi anulado."));
    let codigo = codigo(&env, &t, &id).await;
    let v = app
        .get(&host, &format!("/documentos/verificar?codigo={codigo}"))
        .await;
    assert!(v.body.contains("Este protocolo foi anulado"), "{}", v.body);
    assert!(v.body.contains("Entregue em duplicidade"));
    // The audit log has it.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'protocolo' AND acao = 'anular'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn anyone_verifies_a_receipt_and_compares_a_files_hash() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-verif", "pool").await;
    let outra = env.camara("prot-verif-b", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let r = app
        .post_multipart_as(
            &host,
            &format!("/admin/protocolo?_csrf={csrf}"),
            &cookie,
            multipart(
                &[
                    ("tipo_documento", "Ofício"),
                    ("interessado_tipo", "cidadao"),
                    ("interessado_nome", "João Pedro Alves"),
                    ("interessado_email", "joao@exemplo.example"),
                    ("assunto", "Reclamação sobre buracos na via"),
                ],
                &[("arquivos", "fotos.pdf", "application/pdf", PDF)],
            ),
        )
        .await;
    let id = id_do_destino(&r.location, "/admin/protocolo/");
    let codigo = codigo(&env, &t, &id).await;
    assert_ne!(codigo, id, "the code is not the id");

    // The empty form.
    let f = app.get(&host, "/documentos/verificar").await;
    assert_eq!(f.status, StatusCode::OK);
    assert!(f.body.contains("Código de verificação"));
    // A good code, typed in lower case with its hyphens: number, assunto, masked name,
    // the document's hash; never the e-mail.
    let legivel = domain::protocolo::codigo_legivel(&codigo).to_lowercase();
    let v = app
        .get(&host, &format!("/documentos/verificar?codigo={legivel}"))
        .await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.body);
    assert!(v.body.contains("Protocolo nº 1/"));
    assert!(v.body.contains("Reclamação sobre buracos na via"));
    assert!(v.body.contains("João P. A."), "{}", v.body);
    assert!(!v.body.contains("João Pedro Alves"));
    assert!(!v.body.contains("joao@exemplo.example"));
    assert!(v.body.contains(&sha256(PDF)));
    // A bad code, and the good code on another câmara's host: not found.
    let ruim = app
        .get(&host, "/documentos/verificar?codigo=AAAA-BBBB-CCCC-DDDD")
        .await;
    assert_eq!(ruim.status, StatusCode::NOT_FOUND);
    assert!(ruim.body.contains("Nenhum protocolo com este código"));
    let alheio = app
        .get(
            &host_of(&outra),
            &format!("/documentos/verificar?codigo={codigo}"),
        )
        .await;
    assert_eq!(alheio.status, StatusCode::NOT_FOUND);
    assert!(!alheio.body.contains("buracos"));

    // The same file matches; a tampered one does not.
    let igual = app
        .send_bytes(
            Method::POST,
            &host,
            "/documentos/verificar",
            &[],
            &multipart(
                &[("codigo", &codigo)],
                &[("arquivo", "meu.pdf", "application/pdf", PDF)],
            )
            .0,
            multipart(
                &[("codigo", &codigo)],
                &[("arquivo", "meu.pdf", "application/pdf", PDF)],
            )
            .1,
        )
        .await;
    assert_eq!(igual.status, StatusCode::OK, "{}", igual.body);
    assert!(
        igual.body.contains("confere com o documento “fotos.pdf”"),
        "{}",
        igual.body
    );
    let mut adulterado = PDF.to_vec();
    adulterado[10] ^= 1;
    let (ct, corpo) = multipart(
        &[("codigo", &codigo)],
        &[("arquivo", "meu.pdf", "application/pdf", &adulterado)],
    );
    let diferente = app
        .send_bytes(
            Method::POST,
            &host,
            "/documentos/verificar",
            &[],
            &ct,
            corpo,
        )
        .await;
    assert_eq!(diferente.status, StatusCode::OK);
    assert!(diferente.body.contains("NÃO confere"), "{}", diferente.body);
    assert!(diferente.body.contains(&sha256(&adulterado)));
    // No code and no file: both messages.
    let (ct, corpo) = multipart(&[("codigo", "")], &[]);
    let nada = app
        .send_bytes(
            Method::POST,
            &host,
            "/documentos/verificar",
            &[],
            &ct,
            corpo,
        )
        .await;
    assert_eq!(nada.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nada.body.contains("Informe o código de verificação"));
    assert!(nada.body.contains("Escolha o arquivo a comparar."));
}

#[tokio::test]
async fn only_protocolo_gerir_reaches_the_desk() {
    let env = TestEnv::new().await;
    let t = env.camara("prot-perm", "pool").await;
    let app = env.app();
    let host = host_of(&t);
    for papel in [
        Papel::Parlamentar,
        Papel::Editor,
        Papel::Operador,
        Papel::Auxiliar,
    ] {
        let (_, cookie) = logged_in(&env.store, &t, papel).await;
        for path in [
            "/admin/protocolo",
            "/admin/protocolo/novo",
            "/admin/protocolo/eletronicas",
        ] {
            let r = app.get_as(&host, path, &cookie).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{papel:?} {path}");
        }
        let csrf = app.csrf(&host, &cookie).await;
        let r = app
            .post_multipart_as(
                &host,
                &format!("/admin/protocolo?_csrf={csrf}"),
                &cookie,
                multipart(&[("assunto", "Tentativa")], &[]),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{papel:?}");
        assert!(
            !app.get_as(&host, "/admin", &cookie)
                .await
                .body
                .contains("href=\"/admin/protocolo\"")
        );
    }
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM app.protocolo WHERE tenant_id = $1")
        .bind(t.id)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(n, 0);
}

/// One pass of the job worker over `t`'s queue, mailing to `sink`.
pub async fn trabalhar(env: &TestEnv, t: &store::infra::catalog::Tenant, sink: &SmtpSink) {
    let mailer = Mailer::new(Some(&sink.url()), "Plenário <nao-responda@teste.example>").unwrap();
    jobs::Worker::new(
        env.store.clone(),
        jobs::Tarefas::padrao(mailer),
        jobs::Config {
            camaras: Some(vec![t.id]),
            ..jobs::Config::default()
        },
    )
    .rodar_uma_vez()
    .await
    .unwrap();
}
