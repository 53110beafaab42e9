//! The secretaria's registry of proposições over HTTP: the tipos, the new proposição's form
//! (every message at once, numbering per tipo and ano), the page (the situação shown and
//! never edited), autores, anexos, relacionadas with the anexada following its principal,
//! the deletion rules, and who may open any of it.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use domain::proposicoes::Evento;
use store::auditoria::Autor;
use store::infra::catalog::Tenant;
use store::proposicoes::{self, EventoNovo};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, host_of, multipart};
use uuid::Uuid;

pub(crate) struct Cenario {
    pub(crate) t: Tenant,
    app: TestApp,
    host: String,
    cookie: String,
    csrf: String,
    parlamentar: Uuid,
}

pub(crate) async fn cenario(env: &TestEnv, slug: &str) -> Cenario {
    let t = env.camara(slug, "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let (parlamentar, _) = store::composicao::criar_parlamentar(
        &mut tx,
        &Autor::cli("t"),
        &store::composicao::NovoParlamentar {
            nome_civil: "Maria da Silva".into(),
            nome_parlamentar: "Vereadora Maria".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let app = env.app();
    let host = host_of(&t);
    let csrf = app.csrf(&host, &cookie).await;
    Cenario {
        t,
        app,
        host,
        cookie,
        csrf,
        parlamentar,
    }
}

pub(crate) async fn tipo(env: &TestEnv, t: &Tenant, sigla: &str) -> String {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let id: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = $2",
    )
    .bind(t.id)
    .bind(sigla)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    id.to_string()
}

impl Cenario {
    pub(crate) async fn post(
        &self,
        path: &str,
        campos: &[(&str, &str)],
    ) -> testkit::http::TestResponse {
        let mut c = vec![("_csrf", self.csrf.as_str())];
        c.extend_from_slice(campos);
        self.app.post_as(&self.host, path, &self.cookie, &c).await
    }

    pub(crate) async fn get(&self, path: &str) -> testkit::http::TestResponse {
        self.app.get_as(&self.host, path, &self.cookie).await
    }

    /// A new proposição of `tipo` presented on `data` by the parlamentar; its id.
    pub(crate) async fn nova(&self, tipo: &str, data: &str) -> Uuid {
        let p = self.parlamentar.to_string();
        let r = self
            .post(
                "/admin/proposicoes",
                &[
                    ("tipo_id", tipo),
                    ("apresentada_em", data),
                    ("ementa", "Dispõe sobre a iluminação pública dos bairros."),
                    ("regime", "ordinario"),
                    ("assuntos", "iluminação, bairros"),
                    ("autor_0_tipo", "parlamentar"),
                    ("autor_0_parlamentar", &p),
                    ("autor_1_tipo", "executivo"),
                    ("autor_1_nome", "Prefeito Municipal"),
                    ("autor_1_data", "05/03/2026"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let id = r
            .location
            .trim_start_matches("/admin/proposicoes/")
            .split('?')
            .next()
            .unwrap();
        id.parse().unwrap()
    }
}

async fn situacao(env: &TestEnv, t: &Tenant, id: Uuid) -> Option<String> {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    store::proposicoes::editar::por_id(&mut tx, id)
        .await
        .unwrap()
        .unwrap()
        .situacao
}

#[tokio::test]
async fn a_refused_form_shows_every_message_and_keeps_the_input() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "prop-form").await;
    let form = c.get("/admin/proposicoes/nova").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Nova proposição"));
    let muitos = (0..21)
        .map(|i| format!("a{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let r = c
        .post(
            "/admin/proposicoes",
            &[
                ("tipo_id", ""),
                ("apresentada_em", "31/02/2026"),
                ("ementa", "Curta"),
                ("justificativa", "Minha justificativa guardada"),
                ("regime", "lento"),
                ("assuntos", &muitos),
                ("autor_0_tipo", "parlamentar"),
                ("autor_1_tipo", "popular"),
                ("autor_1_nome", "X"),
                ("autor_2_tipo", "mesa"),
                ("autor_2_nome", "Mesa Diretora"),
                ("autor_2_data", "99/99/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for m in [
        "Escolha um tipo de proposição da lista.",
        "Data inválida: &#34;31/02/2026&#34;",
        "A ementa deve ter de 10 a 2.000 caracteres.",
        "Escolha um regime de tramitação da lista.",
        "Informe no máximo 20 assuntos (foram 21).",
        "Escolha o parlamentar do primeiro autor.",
        "Informe o nome do coautor (de 2 a 200 caracteres).",
        "Data de subscrição do coautor",
    ] {
        assert!(r.body.contains(m), "missing {m:?} in {}", r.body);
    }
    assert!(
        r.body.contains("Minha justificativa guardada"),
        "input kept"
    );
    assert!(r.body.contains("Mesa Diretora"), "input kept");
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM app.proposicao WHERE tenant_id = $1")
        .bind(c.t.id)
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing written");
}

#[tokio::test]
async fn numbers_run_per_tipo_and_ano_and_the_list_filters() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "prop-numeros").await;
    let (pl, pr) = (tipo(&env, &c.t, "PL").await, tipo(&env, &c.t, "PR").await);
    let mut ids = vec![];
    for (t, d) in [
        (&pl, "02/03/2026"),
        (&pl, "03/03/2026"),
        (&pr, "03/03/2026"),
        (&pl, "10/12/2025"),
    ] {
        ids.push(c.nova(t, d).await);
    }
    let mut idents = vec![];
    for id in &ids {
        let p = c.get(&format!("/admin/proposicoes/{id}")).await;
        assert_eq!(p.status, StatusCode::OK);
        let h1 = p
            .body
            .split("<h1>")
            .nth(1)
            .unwrap()
            .split("</h1>")
            .next()
            .unwrap();
        idents.push(h1.to_owned());
        assert!(
            p.body.contains("Vereadora Maria (primeiro autor)"),
            "{}",
            p.body
        );
        assert!(p.body.contains("Prefeito Municipal") && p.body.contains("05/03/2026"));
        assert!(p.body.contains("iluminação, bairros"));
    }
    assert_eq!(idents, ["PL 1/2026", "PL 2/2026", "PR 1/2026", "PL 1/2025"]);
    // Filters: tipo and ano, número, situação, texto.
    let l = c
        .get(&format!("/admin/proposicoes?tipo={pl}&ano=2026"))
        .await;
    assert!(l.body.contains("2 proposição(ões)"), "{}", l.body);
    assert!(l.body.contains("PL 2/2026") && !l.body.contains("PR 1/2026"));
    let l = c.get("/admin/proposicoes?numero=1&ano=2025").await;
    assert!(l.body.contains("1 proposição(ões)") && l.body.contains("PL 1/2025"));
    let l = c.get("/admin/proposicoes?texto=ILUMINA%C3%87%C3%83O").await;
    assert!(l.body.contains("4 proposição(ões)"), "{}", l.body);
    let l = c.get("/admin/proposicoes?situacao=em_comissao").await;
    assert!(l.body.contains("0 proposição(ões)"));
    let l = c.get("/admin/proposicoes?texto=saneamento").await;
    assert!(l.body.contains("0 proposição(ões)"));
}

#[tokio::test]
async fn the_situacao_is_shown_and_a_post_cannot_set_it() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "prop-situacao").await;
    let id = c.nova(&tipo(&env, &c.t, "PL").await, "02/03/2026").await;
    let path = format!("/admin/proposicoes/{id}");
    let r = c
        .post(
            &path,
            &[
                (
                    "ementa",
                    "Dispõe sobre a iluminação pública com lâmpadas LED.",
                ),
                ("texto", "Art. 1º Ficam trocadas as lâmpadas."),
                ("regime", "urgencia"),
                ("assuntos", "energia"),
                ("situacao", "aprovada"),
                ("situacao_desde", "2020-01-01T00:00:00Z"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        situacao(&env, &c.t, id).await.as_deref(),
        Some("protocolada")
    );
    let p = c.get(&path).await;
    assert!(
        p.body
            .contains("<strong id=\"situacao\">Protocolada</strong>"),
        "{}",
        p.body
    );
    assert!(p.body.contains("lâmpadas LED") && p.body.contains("Urgência"));
    assert!(!p.body.contains("name=\"situacao\""), "no situação field");
    // The edit form's own refusals come back with the input.
    let r = c
        .post(
            &path,
            &[
                ("ementa", "x"),
                ("regime", "urgencia"),
                ("texto", "Texto guardado"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("A ementa deve ter de 10 a 2.000 caracteres.")
            && r.body.contains("Texto guardado")
    );
}

#[tokio::test]
async fn autores_anexos_and_an_anexada_following_its_principal() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "prop-pagina").await;
    let pl = tipo(&env, &c.t, "PL").await;
    let principal = c.nova(&pl, "02/03/2026").await;
    let anexada = c.nova(&pl, "03/03/2026").await;
    let pagina = format!("/admin/proposicoes/{principal}");

    // A coautor, then made primeiro; the primeiro cannot be removed.
    let r = c
        .post(
            &format!("{pagina}/autores"),
            &[
                ("autor_tipo", "popular"),
                ("autor_nome", "Associação do Bairro"),
                ("autor_data", "09/03/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c
        .post(&format!("{pagina}/autores"), &[("autor_tipo", "comissao")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Escolha a comissão do coautor."),
        "{}",
        r.body
    );
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let autores = proposicoes::autores::listar(&mut tx, principal)
        .await
        .unwrap();
    drop(tx);
    assert_eq!(autores.len(), 3);
    let primeiro = &autores[0];
    let conf = c
        .get(&format!(
            "/admin/proposicoes/autores/{}/excluir",
            primeiro.id
        ))
        .await;
    assert!(
        conf.body.contains("escolha outro primeiro autor"),
        "{}",
        conf.body
    );
    let r = c
        .post(
            &format!("/admin/proposicoes/autores/{}/excluir", primeiro.id),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let assoc = autores
        .iter()
        .find(|a| a.nome == "Associação do Bairro")
        .unwrap();
    let r = c
        .post(
            &format!("/admin/proposicoes/autores/{}/primeiro", assoc.id),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = c
        .post(
            &format!("/admin/proposicoes/autores/{}/excluir", primeiro.id),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = c.get(&pagina).await;
    assert!(
        p.body.contains("Associação do Bairro (primeiro autor)")
            && !p.body.contains("<th scope=\"row\">Vereadora Maria")
    );

    // An anexo: a PDF as the texto integral; something else refused by its content.
    let csrf = format!("{pagina}/anexos?_csrf={}", c.csrf);
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    // Sent first without its title: refused, the PDF kept and used when the title comes.
    let r = c
        .app
        .post_multipart_as(
            &c.host,
            &csrf,
            &c.cookie,
            multipart(
                &[("titulo", " "), ("texto_integral", "1")],
                &[("arquivo", "projeto.pdf", "application/pdf", pdf)],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("O anexo não foi enviado."), "{}", r.body);
    let token = r.field("arquivo_retido").expect("the kept PDF's token");
    let r = c
        .app
        .post_multipart_as(
            &c.host,
            &csrf,
            &c.cookie,
            multipart(
                &[
                    ("titulo", "Texto original assinado"),
                    ("texto_integral", "1"),
                    ("arquivo_retido", &token),
                    ("arquivo_retido_nome", "projeto.pdf"),
                ],
                &[],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c
        .app
        .post_multipart_as(
            &c.host,
            &csrf,
            &c.cookie,
            multipart(
                &[("titulo", "Planilha")],
                &[("arquivo", "x.pdf", "application/pdf", b"MZ\x90\x00nada")],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Tipo de arquivo não aceito"), "{}", r.body);
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let anexos = proposicoes::anexos::listar(&mut tx, principal)
        .await
        .unwrap();
    drop(tx);
    assert_eq!(anexos.len(), 1);
    assert!(anexos[0].texto_integral);
    let d = c
        .get(&format!("/admin/proposicoes/anexos/{}", anexos[0].id))
        .await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.content_type, "application/pdf");
    assert_eq!(d.body.as_bytes(), pdf);
    assert!(d.header("cache-control").contains("no-store"));
    // The public page lists it; anyone downloads it, on this câmara's host only.
    let (ano, sigla, numero): (i32, String, i32) = {
        let mut tx = TenantTx::begin(&env.store, &c.t, Access::Read)
            .await
            .unwrap();
        sqlx::query_as(
            "SELECT p.ano, lower(t.sigla), p.numero FROM app.proposicao p
               JOIN app.tipo_proposicao t ON t.tenant_id = p.tenant_id AND t.id = p.tipo_id
              WHERE p.tenant_id = $1 AND p.id = $2",
        )
        .bind(c.t.id)
        .bind(principal)
        .fetch_one(tx.conn())
        .await
        .unwrap()
    };
    let publica_url = format!("/legislativo/proposicoes/{ano}/{sigla}/{numero}");
    let publico_url = format!("/legislativo/proposicoes/anexos/{}", anexos[0].id);
    let publica = c.app.get(&c.host, &publica_url).await;
    assert!(publica.body.contains(&publico_url), "{}", publica.body);
    assert!(publica.body.contains("Texto original assinado"));
    assert!(publica.body.contains("texto integral"));
    let d = c.app.get(&c.host, &publico_url).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body.as_bytes(), pdf);
    assert!(d.header("cache-control").starts_with("public"));
    let outra = env.camara("anexo-outra", "pool").await;
    assert_eq!(
        c.app.get(&host_of(&outra), &publico_url).await.status,
        StatusCode::NOT_FOUND
    );
    let r = c
        .post(
            &format!("/admin/proposicoes/anexos/{}/excluir", anexos[0].id),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        c.get(&format!("/admin/proposicoes/anexos/{}", anexos[0].id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        c.app.get(&c.host, &publico_url).await.status,
        StatusCode::NOT_FOUND
    );

    // PL 2/2026 anexada to PL 1/2026; a cycle refused with a message.
    let r = c
        .post(
            &format!("{pagina}/relacionadas"),
            &[
                ("tipo", "anexada"),
                ("proposicao", "PL 2/2026"),
                ("desde", "10/03/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = c
        .post(
            &format!("/admin/proposicoes/{anexada}/relacionadas"),
            &[
                ("tipo", "anexada"),
                ("proposicao", "PL 1/2026"),
                ("desde", "10/03/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Anexação circular"), "{}", r.body);
    let r = c
        .post(
            &format!("{pagina}/relacionadas"),
            &[
                ("tipo", "apensada"),
                ("proposicao", "PL 77/2026"),
                ("desde", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("PL 77/2026") && r.body.contains("Informe a data"),
        "{}",
        r.body
    );

    // The principal goes to a comissão: the anexada follows, and its page says so.
    let mut tx = TenantTx::begin(&env.store, &c.t, Access::Write)
        .await
        .unwrap();
    proposicoes::registrar_evento(
        &mut tx,
        &Autor::cli("t"),
        principal,
        &EventoNovo {
            evento: Evento::Distribuida,
            unidade_id: None,
            descricao: "Distribuída à Comissão de Justiça.".into(),
            ocorrido_em: None,
            origem_id: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        situacao(&env, &c.t, anexada).await.as_deref(),
        Some("em_comissao")
    );
    let p = c.get(&format!("/admin/proposicoes/{anexada}")).await;
    assert!(
        p.body
            .contains("Distribuída à Comissão de Justiça. (acompanhando PL 1/2026)"),
        "{}",
        p.body
    );
    assert!(
        p.body
            .contains("<strong id=\"situacao\">Em comissão</strong>")
    );
}

#[tokio::test]
async fn only_the_last_fresh_proposicao_is_deleted_through_the_confirmation() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "prop-exclusao").await;
    let pl = tipo(&env, &c.t, "PL").await;
    let um = c.nova(&pl, "02/03/2026").await;
    let dois = c.nova(&pl, "03/03/2026").await;
    let conf = c.get(&format!("/admin/proposicoes/{um}/excluir")).await;
    assert_eq!(conf.status, StatusCode::OK);
    assert!(
        conf.body.contains("Só a última proposição da numeração"),
        "{}",
        conf.body
    );
    assert!(
        !conf.body.contains("Excluir proposição</button>"),
        "no button"
    );
    let r = c
        .post(&format!("/admin/proposicoes/{um}/excluir"), &[])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let conf = c.get(&format!("/admin/proposicoes/{dois}/excluir")).await;
    assert!(conf.body.contains("volta à numeração"), "{}", conf.body);
    let r = c
        .post(&format!("/admin/proposicoes/{dois}/excluir"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        c.get(&format!("/admin/proposicoes/{dois}")).await.status,
        StatusCode::NOT_FOUND
    );
    let tres = c.nova(&pl, "04/03/2026").await;
    let p = c.get(&format!("/admin/proposicoes/{tres}")).await;
    assert!(
        p.body.contains("<h1>PL 2/2026</h1>"),
        "the number came back"
    );
}

#[tokio::test]
async fn parlamentar_and_editor_are_refused_on_every_route_of_the_registry() {
    let env = TestEnv::new().await;
    let c = cenario(&env, "prop-permissoes").await;
    let id = c
        .nova(&tipo(&env, &c.t, "PL").await, "02/03/2026")
        .await
        .to_string();
    let rotas: Vec<_> = web::routes::route_info()
        .into_iter()
        .filter(|r| r.path.starts_with("/admin/proposicoes"))
        .collect();
    assert!(rotas.len() >= 20, "{rotas:?}");
    for papel in [Papel::Parlamentar, Papel::Editor] {
        let (_, cookie) = logged_in(&env.store, &c.t, papel).await;
        let csrf = c.app.csrf(&c.host, &cookie).await;
        for r in &rotas {
            let path = testkit::isolation::fill_path(r.path, &id);
            let resp = if r.method == Method::GET {
                c.app.get_as(&c.host, &path, &cookie).await
            } else {
                c.app
                    .post_as(
                        &c.host,
                        &path,
                        &cookie,
                        &[
                            ("_csrf", &csrf),
                            ("ementa", "Tentativa de alteração indevida."),
                        ],
                    )
                    .await
            };
            assert_eq!(
                resp.status,
                StatusCode::FORBIDDEN,
                "{papel:?} {} {}",
                r.method,
                r.path
            );
        }
        let shell = c.app.get_as(&c.host, "/admin", &cookie).await;
        assert!(
            !shell.body.contains("href=\"/admin/proposicoes\""),
            "no menu entry for {papel:?}"
        );
    }
    let p = c.get(&format!("/admin/proposicoes/{id}")).await;
    assert!(
        !p.body.contains("Tentativa de alteração indevida."),
        "nothing changed"
    );
    let shell = c.get("/admin").await;
    assert!(
        shell.body.contains("href=\"/admin/proposicoes\""),
        "the secretaria sees it"
    );
}

#[tokio::test]
async fn another_camaras_ids_are_refused_recorded_and_change_nothing() {
    let env = TestEnv::new().await;
    let a = env.camara("prop-alheio-a", "pool").await;
    let b = env.camara("prop-alheio-b", "pool").await;
    testkit::fixtures::populate(&env.store, &a).await;
    testkit::fixtures::populate(&env.store, &b).await;
    let ids_b = testkit::escritas::um_id_por_tabela(&env.store, &b).await;
    let antes = store::infra::moves::export(&env.store, &b).await.unwrap();
    let (_, cookie) = logged_in(&env.store, &a, Papel::Secretaria).await;
    let app = env.app();
    let host = host_of(&a);
    let csrf = app.csrf(&host, &cookie).await;
    let eventos = async || -> i64 {
        sqlx::query_scalar(
            "SELECT count(*) FROM control.security_events
              WHERE kind = 'id_de_outra_camara' AND host_tenant_id = $1 AND other_tenant_id = $2",
        )
        .bind(a.id)
        .bind(b.id)
        .fetch_one(env.store.control())
        .await
        .unwrap()
    };
    let mut n = eventos().await;
    let (p, anexo, autor, rel, tipo) = (
        ids_b["proposicao"],
        ids_b["proposicao_anexo"],
        ids_b["proposicao_autor"],
        ids_b["proposicao_relacao"],
        ids_b["tipo_proposicao"],
    );
    for (m, path) in [
        (Method::GET, format!("/admin/proposicoes/{p}")),
        (Method::POST, format!("/admin/proposicoes/{p}")),
        (Method::POST, format!("/admin/proposicoes/{p}/autores")),
        (Method::POST, format!("/admin/proposicoes/{p}/relacionadas")),
        (Method::POST, format!("/admin/proposicoes/{p}/excluir")),
        (Method::GET, format!("/admin/proposicoes/anexos/{anexo}")),
        (
            Method::POST,
            format!("/admin/proposicoes/anexos/{anexo}/excluir"),
        ),
        (
            Method::POST,
            format!("/admin/proposicoes/autores/{autor}/primeiro"),
        ),
        (
            Method::POST,
            format!("/admin/proposicoes/autores/{autor}/excluir"),
        ),
        (
            Method::POST,
            format!("/admin/proposicoes/relacionadas/{rel}/excluir"),
        ),
        (Method::POST, format!("/admin/proposicoes/tipos/{tipo}")),
        (
            Method::POST,
            format!("/admin/proposicoes/tipos/{tipo}/ativo"),
        ),
        (
            Method::POST,
            format!("/admin/proposicoes/tipos/{tipo}/excluir"),
        ),
    ] {
        let r = if m == Method::GET {
            app.get_as(&host, &path, &cookie).await
        } else {
            let campos = [
                ("_csrf", csrf.as_str()),
                ("ementa", "Ementa trocada por outra câmara."),
                ("regime", "urgencia"),
                ("autor_tipo", "outro"),
                ("autor_nome", "Intruso"),
                ("tipo", "apensada"),
                ("proposicao", "PLX 1/2026"),
                ("desde", "01/04/2026"),
            ];
            app.post_as(&host, &path, &cookie, &campos).await
        };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{m} {path}");
        assert!(!r.body.contains(&testkit::fixtures::canary(&b)), "{path}");
        let agora = eventos().await;
        assert_eq!(agora, n + 1, "{m} {path} not recorded");
        n = agora;
    }
    assert_eq!(
        store::infra::moves::export(&env.store, &b).await.unwrap(),
        antes,
        "B unchanged"
    );
}
