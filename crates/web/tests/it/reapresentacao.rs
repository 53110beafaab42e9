//! A refused write re-renders the form in the request's own transaction: every refusing
//! path of the admin posts a refused form as an administrator and checks the status, the
//! message, the submitted input, and that the request opened exactly two tenant
//! transactions (the admin guard's session check and the handler's) — not a third one to
//! read the page again.

use axum::http::{Method, StatusCode};
use domain::auth::Papel;
use store::auditoria::Autor;
use store::composicao::{self, NovoParlamentar};
use store::infra::catalog::Tenant;
use store::sessoes_plenarias as sp;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{TestApp, TestResponse, form, host_of};
use time::{Date, Duration, Month};
use uuid::Uuid;

const BOUNDARY: &str = "----plenario-reapresentacao-7e2d";

struct Cena {
    env: TestEnv,
    t: Tenant,
    app: TestApp,
    host: String,
    cookie: String,
    csrf: String,
    admin: Uuid,
    hoje: Date,
    /// The legislatura in force (four calendar years around today).
    leg: composicao::Legislatura,
    /// Two parlamentares with mandatos for the whole legislatura.
    p: Vec<Uuid>,
}

fn br(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// A câmara with a legislatura in force, a sessão legislativa around today, two
/// parlamentares with mandatos, and a logged-in administrator.
async fn cena(prefix: &str) -> Cena {
    let env = TestEnv::new().await;
    let t = env.camara(prefix, "pool").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let hoje = store::camara::hoje(&mut tx).await.unwrap();
    let ano = hoje.year() - (hoje.year() - 1).rem_euclid(4);
    let inicio = Date::from_calendar_date(ano, Month::January, 1).unwrap();
    let fim = Date::from_calendar_date(ano + 3, Month::December, 31).unwrap();
    let leg = composicao::criar_legislatura(&mut tx, &a, 20, inicio, fim)
        .await
        .unwrap();
    composicao::criar_sessao_legislativa(
        &mut tx,
        &a,
        leg.id,
        1,
        (hoje - Duration::days(60)).max(inicio),
        (hoje + Duration::days(60)).min(fim),
    )
    .await
    .unwrap();
    let pt = composicao::criar_partido(&mut tx, &a, "PCA", "Partido da Câmara", None)
        .await
        .unwrap();
    let mut p = Vec::new();
    for nome in ["Ana Lúcia", "Bruno Dias"] {
        let (id, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("{nome} da Silva"),
                nome_parlamentar: nome.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::filiar(&mut tx, &a, id, pt, inicio, None)
            .await
            .unwrap();
        composicao::criar_mandato(&mut tx, &a, id, leg.id, true, None, inicio, fim)
            .await
            .unwrap();
        p.push(id);
    }
    tx.commit().await.unwrap();
    let app = env.app();
    let host = host_of(&t);
    let (admin, cookie) = logged_in(&env.store, &t, Papel::Admin).await;
    let csrf = app
        .get_as(&host, "/admin/usuarios", &cookie)
        .await
        .field("_csrf")
        .unwrap();
    Cena {
        env,
        t,
        app,
        host,
        cookie,
        csrf,
        admin: admin.id,
        hoje,
        leg,
        p,
    }
}

impl Cena {
    /// Posts a form that must be accepted (a redirect); returns the Location.
    async fn aceito(&self, path: &str, pares: &[(&str, &str)]) -> String {
        let r = self.post(path, pares).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
        r.header("location").to_owned()
    }

    async fn post(&self, path: &str, pares: &[(&str, &str)]) -> TestResponse {
        let mut todos = vec![("_csrf", self.csrf.as_str())];
        todos.extend_from_slice(pares);
        self.app
            .send(
                Method::POST,
                &self.host,
                path,
                &[("cookie", &self.cookie)],
                &form(&todos),
            )
            .await
    }

    /// Posts a form that must be refused with `status`, showing `mensagem` and every one
    /// of `entradas` (the submitted input), in exactly two tenant transactions.
    async fn recusado(
        &self,
        path: &str,
        pares: &[(&str, &str)],
        status: StatusCode,
        mensagem: &str,
        entradas: &[&str],
    ) {
        let antes = self.env.store.aberturas(self.t.id);
        let r = self.post(path, pares).await;
        let depois = self.env.store.aberturas(self.t.id);
        self.conferir(path, r.status, &r.body, status, mensagem, entradas);
        assert_eq!(
            depois - antes,
            2,
            "{path}: the refused form must be re-rendered in the request's transaction"
        );
    }

    /// As [`Self::recusado`], for a multipart form (the token goes in the address).
    async fn recusado_multipart(
        &self,
        path: &str,
        pares: &[(&str, &str)],
        status: StatusCode,
        mensagem: &str,
        entradas: &[&str],
    ) {
        let antes = self.env.store.aberturas(self.t.id);
        let (s, _, body) = self.multipart(path, pares).await;
        let depois = self.env.store.aberturas(self.t.id);
        self.conferir(path, s, &body, status, mensagem, entradas);
        assert_eq!(
            depois - antes,
            2,
            "{path}: the refused form must be re-rendered in the request's transaction"
        );
    }

    fn conferir(
        &self,
        path: &str,
        recebido: StatusCode,
        body: &str,
        status: StatusCode,
        mensagem: &str,
        entradas: &[&str],
    ) {
        assert_eq!(recebido, status, "{path}: {body}");
        assert!(body.contains(mensagem), "{path}: no «{mensagem}» in {body}");
        for e in entradas {
            // A date comes back in its native input as aaaa-mm-dd.
            let iso = e
                .strip_prefix("value=\"")
                .and_then(|v| v.strip_suffix('"'))
                .map(|v| format!("value=\"{}\"", web::kit::formato::campo_data(v)));
            assert!(
                body.contains(e) || iso.is_some_and(|i| body.contains(&i)),
                "{path}: the input «{e}» is lost: {body}"
            );
        }
    }

    /// POSTs a multipart body of text fields; returns (status, Location, body).
    async fn multipart(&self, path: &str, pares: &[(&str, &str)]) -> (StatusCode, String, String) {
        let mut body = Vec::new();
        for (k, v) in pares {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let sep = if path.contains('?') { '&' } else { '?' };
        let r = self
            .app
            .send_bytes(
                axum::http::Method::POST,
                &self.host,
                &format!("{path}{sep}_csrf={}", self.csrf),
                &[("cookie", &self.cookie)],
                &format!("multipart/form-data; boundary={BOUNDARY}"),
                body,
            )
            .await;
        (r.status, r.location, r.body)
    }
}

#[tokio::test]
async fn mesa_refusals_re_render_in_the_same_transaction() {
    let c = cena("rr-mesa").await;
    let leg = c.leg.id.to_string();
    let inicio = br(c.leg.inicio);
    let fim_bienio =
        br(Date::from_calendar_date(c.leg.inicio.year() + 1, Month::December, 31).unwrap());
    let local = c
        .aceito(
            "/admin/mesa/periodos",
            &[
                ("legislatura", &leg),
                ("inicio", &inicio),
                ("fim", &fim_bienio),
                ("descricao", "Primeiro biênio"),
            ],
        )
        .await;
    let periodo = local.trim_start_matches("/admin/mesa?periodo=").to_owned();
    // An overlapping período.
    c.recusado(
        "/admin/mesa/periodos",
        &[
            ("legislatura", &leg),
            ("inicio", &inicio),
            ("fim", &fim_bienio),
            ("descricao", "Biênio sobreposto"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "O período se sobrepõe ao de outra composição da Mesa.",
        &["Biênio sobreposto"],
    )
    .await;

    let mut tx = TenantTx::begin(&c.env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let cargos = store::mesa::cargos(&mut tx, false).await.unwrap();
    drop(tx);
    let presidente = cargos[0].id.to_string();
    let (ana, bruno) = (c.p[0].to_string(), c.p[1].to_string());
    c.aceito(
        "/admin/mesa/membros",
        &[
            ("periodo", &periodo),
            ("parlamentar", &ana),
            ("cargo", &presidente),
            ("inicio", &inicio),
        ],
    )
    .await;
    // The cargo already held.
    c.recusado(
        "/admin/mesa/membros",
        &[
            ("periodo", &periodo),
            ("parlamentar", &bruno),
            ("cargo", &presidente),
            ("inicio", &inicio),
            ("observacao", "Segunda tentativa"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Esse cargo já tem um ocupante nesse período",
        &["Segunda tentativa"],
    )
    .await;
    // A período with members cannot be removed.
    c.recusado(
        &format!("/admin/mesa/periodos/{periodo}/remover"),
        &[],
        StatusCode::CONFLICT,
        "ele não pode ser removido",
        &["Primeiro biênio"],
    )
    .await;
    // A cargo name already taken, on creation and on edition.
    let nome = cargos[0].nome.clone();
    c.recusado(
        "/admin/mesa/cargos",
        &[("nome", &nome), ("ordem", "87")],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Já existe um cargo da Mesa com esse nome.",
        &["value=\"87\""],
    )
    .await;
    c.recusado(
        &format!("/admin/mesa/cargos/{}", cargos[1].id),
        &[("nome", &nome), ("ordem", "88"), ("ativo", "on")],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Já existe um cargo da Mesa com esse nome.",
        &[],
    )
    .await;
}

#[tokio::test]
async fn comissao_refusals_re_render_in_the_same_transaction() {
    let c = cena("rr-comissao").await;
    let criacao = br(c.leg.inicio + Duration::days(30));
    let primeira = c
        .aceito(
            "/admin/comissoes",
            &[
                ("tipo", "permanente"),
                ("nome", "Comissão de Finanças"),
                ("sigla", "CFO"),
                ("criacao", &criacao),
            ],
        )
        .await;
    let segunda = c
        .aceito(
            "/admin/comissoes",
            &[
                ("tipo", "permanente"),
                ("nome", "Comissão de Educação"),
                ("sigla", "CED"),
                ("criacao", &criacao),
            ],
        )
        .await;
    // A sigla already taken, on creation and on edition.
    c.recusado(
        "/admin/comissoes",
        &[
            ("tipo", "permanente"),
            ("nome", "Comissão de Orçamento Paralela"),
            ("sigla", "CFO"),
            ("finalidade", "Repetir a sigla"),
            ("criacao", &criacao),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Já existe uma comissão com essa sigla.",
        &["Comissão de Orçamento Paralela", "Repetir a sigla"],
    )
    .await;
    c.recusado(
        &segunda,
        &[
            ("tipo", "permanente"),
            ("nome", "Comissão de Educação e Cultura"),
            ("sigla", "CFO"),
            ("criacao", &criacao),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Já existe uma comissão com essa sigla.",
        &["Comissão de Educação e Cultura"],
    )
    .await;
    // A membro designated before the comissão existed (outside its vigência).
    let antes = br(c.leg.inicio + Duration::days(10));
    c.recusado(
        &format!("{primeira}/membros"),
        &[
            ("parlamentar", &c.p[0].to_string()),
            ("cargo", "membro"),
            ("titular", "titular"),
            ("designacao", &antes),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "A designação deve estar dentro da vigência da comissão",
        &[&format!("value=\"{antes}\"")],
    )
    .await;
}

#[tokio::test]
async fn sessao_refusals_re_render_in_the_same_transaction() {
    let c = cena("rr-sessao").await;
    let mut tx = TenantTx::begin(&c.env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let tipos = sp::tipos(&mut tx, true).await.unwrap();
    drop(tx);
    let tipo = tipos[0].id.to_string();
    let dia = br(c.hoje + Duration::days(3));
    c.aceito(
        "/admin/sessoes/nova",
        &[
            ("tipo", &tipo),
            ("data", &dia),
            ("hora", "18:00"),
            ("local", "Plenário"),
        ],
    )
    .await;
    c.aceito(
        "/admin/sessoes/nova",
        &[
            ("tipo", &tipo),
            ("data", &dia),
            ("hora", "20:00"),
            ("local", "Plenário"),
        ],
    )
    .await;
    let mensagem = "Já existe outra sessão marcada para o mesmo dia e horário.";
    // The same start, on scheduling and on edition.
    c.recusado(
        "/admin/sessoes/nova",
        &[
            ("tipo", &tipo),
            ("data", &dia),
            ("hora", "18:00"),
            ("local", "Auditório Anexo"),
            ("observacoes", "Sessão repetida"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        mensagem,
        &["Auditório Anexo", "Sessão repetida"],
    )
    .await;
    let mut tx = TenantTx::begin(&c.env.store, &c.t, Access::Read)
        .await
        .unwrap();
    let id: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.sessao_plenaria WHERE tenant_id = $1 ORDER BY inicio DESC LIMIT 1",
    )
    .bind(c.t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    drop(tx);
    c.recusado(
        &format!("/admin/sessoes/{id}/editar"),
        &[
            ("data", &dia),
            ("hora", "18:00"),
            ("local", "Sala das Comissões"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        mensagem,
        &["Sala das Comissões"],
    )
    .await;
    // A tipo name already taken.
    c.recusado(
        "/admin/sessoes/tipos",
        &[("nome", &tipos[0].nome), ("ordem", "77")],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Já existe um tipo de sessão com esse nome.",
        &["value=\"77\""],
    )
    .await;
}

#[tokio::test]
async fn conteudo_refusals_re_render_in_the_same_transaction() {
    let c = cena("rr-conteudo").await;
    // Notícias: a slug already taken, on creation and on edition.
    let noticia = |titulo: &'static str, slug: &'static str| {
        [
            ("titulo", titulo),
            ("slug", slug),
            ("resumo", "Resumo da notícia."),
            ("corpo", "Corpo da notícia."),
            ("categoria", "legislativo"),
            ("acao", "publicar"),
        ]
    };
    let (s, _, body) = c
        .multipart(
            "/admin/noticias",
            &noticia("Aviso de pauta", "aviso-de-pauta"),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let (s, outra, body) = c
        .multipart("/admin/noticias", &noticia("Outro aviso", "outro-aviso"))
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let outra = outra.split('?').next().unwrap().to_owned();
    let mensagem = "Já existe uma notícia com esse endereço (slug).";
    c.recusado_multipart(
        "/admin/noticias",
        &noticia("Aviso de pauta repetido", "aviso-de-pauta"),
        StatusCode::UNPROCESSABLE_ENTITY,
        mensagem,
        &["Aviso de pauta repetido"],
    )
    .await;
    c.recusado_multipart(
        &outra,
        &noticia("Outro aviso renomeado", "aviso-de-pauta"),
        StatusCode::UNPROCESSABLE_ENTITY,
        mensagem,
        &["Outro aviso renomeado"],
    )
    .await;

    // Páginas: a slug already taken, on creation and on edition; an attachment without
    // a file (refused before any SQL).
    let pagina = |titulo: &'static str, slug: &'static str| {
        [
            ("titulo", titulo),
            ("slug", slug),
            ("corpo", "Texto da página."),
            ("ordem", "1"),
        ]
    };
    c.aceito("/admin/paginas", &pagina("Página de teste", "pagina-rr-um"))
        .await;
    let outra = c
        .aceito("/admin/paginas", &pagina("Símbolos", "pagina-rr-dois"))
        .await;
    let outra = outra.split('?').next().unwrap().to_owned();
    let mensagem = "Já existe uma página com esse endereço (slug).";
    c.recusado(
        "/admin/paginas",
        &pagina("Outra história", "pagina-rr-um"),
        StatusCode::UNPROCESSABLE_ENTITY,
        mensagem,
        &["Outra história"],
    )
    .await;
    c.recusado(
        &outra,
        &pagina("Símbolos renomeados", "pagina-rr-um"),
        StatusCode::UNPROCESSABLE_ENTITY,
        mensagem,
        &["Símbolos renomeados"],
    )
    .await;
    c.recusado_multipart(
        &format!("{outra}/anexos"),
        &[("titulo", "Brasão oficial")],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Escolha o arquivo a anexar.",
        &["Símbolos"],
    )
    .await;
}

#[tokio::test]
async fn usuario_refusals_re_render_in_the_same_transaction() {
    let c = cena("rr-usuario").await;
    let (outro, _) = logged_in(&c.env.store, &c.t, Papel::Parlamentar).await;
    let (terceiro, _) = logged_in(&c.env.store, &c.t, Papel::Parlamentar).await;
    // An e-mail already taken.
    c.recusado(
        "/admin/usuarios",
        &[
            ("nome", "Fulano Repetido"),
            ("email", &outro.email),
            ("papel", "editor"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Já existe um usuário com o e-mail",
        &["Fulano Repetido", &outro.email],
    )
    .await;
    // A parlamentar already linked to another account.
    let ana = c.p[0].to_string();
    c.aceito(
        &format!("/admin/usuarios/{}/editar", outro.id),
        &[
            ("nome", &outro.nome),
            ("papel", "parlamentar"),
            ("parlamentar", &ana),
        ],
    )
    .await;
    c.recusado(
        &format!("/admin/usuarios/{}/editar", terceiro.id),
        &[
            ("nome", "Nome Novo Recusado"),
            ("papel", "parlamentar"),
            ("parlamentar", &ana),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "já está ligado a outr",
        &["Nome Novo Recusado"],
    )
    .await;
    // An action the rules refuse (deactivating oneself): refused in Rust, no SQL write.
    c.recusado(
        &format!("/admin/usuarios/{}/desativar", c.admin),
        &[],
        StatusCode::FORBIDDEN,
        "",
        &[&outro.email],
    )
    .await;
}

#[tokio::test]
async fn a_refused_form_shows_every_message_not_only_the_first() {
    let c = cena("rr-todas").await;
    // Mesa: no legislatura, a bad start and no end.
    c.recusado(
        "/admin/mesa/periodos",
        &[("inicio", "31/02/2025"), ("descricao", "Biênio sem datas")],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Escolha a legislatura.",
        &[
            // Each message next to its field.
            "id=\"erro-periodo-inicio\" class=\"erro-campo\">Data inválida: &#34;31/02/2025&#34;",
            "id=\"erro-periodo-fim\" class=\"erro-campo\">Informe a data (dd/mm/aaaa).",
            "Biênio sem datas",
        ],
    )
    .await;
    let local = c
        .aceito(
            "/admin/mesa/periodos",
            &[
                ("legislatura", &c.leg.id.to_string()),
                ("inicio", &br(c.leg.inicio)),
                ("fim", &br(c.leg.fim)),
            ],
        )
        .await;
    let periodo = local.trim_start_matches("/admin/mesa?periodo=").to_owned();
    c.recusado(
        "/admin/mesa/membros",
        &[
            ("periodo", &periodo),
            ("inicio", "ontem"),
            ("observacao", "Sem nada escolhido"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "Escolha o parlamentar.",
        &[
            "id=\"erro-cargo\" class=\"erro-campo\">Escolha o cargo.",
            "id=\"erro-inicio\" class=\"erro-campo\">Data inválida",
            "Sem nada escolhido",
        ],
    )
    .await;
    // Comissões: a bad creation date and a bad deadline.
    c.recusado(
        "/admin/comissoes",
        &[
            ("tipo", "temporaria"),
            ("nome", "Comissão Especial de Datas"),
            ("sigla", "CED"),
            ("criacao", "32/01/2026"),
            ("prazo", "amanhã"),
        ],
        StatusCode::UNPROCESSABLE_ENTITY,
        "id=\"erro-criacao\" class=\"erro-campo\">Data inválida: &#34;32/01/2026&#34;",
        &[
            "id=\"erro-prazo\" class=\"erro-campo\">Data inválida: &#34;amanhã&#34;",
            "Comissão Especial de Datas",
        ],
    )
    .await;
    // Usuários: a short name and a bad e-mail.
    c.recusado(
        "/admin/usuarios",
        &[("nome", "Zé"), ("email", "sem-arroba"), ("papel", "editor")],
        StatusCode::UNPROCESSABLE_ENTITY,
        "O nome deve ter de 3 a 200 caracteres.",
        &["E-mail inválido:", "sem-arroba"],
    )
    .await;
}
