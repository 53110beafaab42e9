//! The comissões at work over HTTP: the secretaria takes a proposição through distribuição,
//! relatoria, parecer (with its PDF) and the comissão's vote to "pronta para a pauta"; the
//! relator must be a current member; emendas and the substitutivo; the screens refused to
//! PARLAMENTAR and EDITOR; another câmara's ids refused and recorded.

use axum::http::{Method, StatusCode};
use domain::auth::{Papel, Permissao};
use domain::proposicoes::{Regime, TipoAutor};
use store::auditoria::Autor;
use store::comissoes::{self, DadosComissao, NovoMembroComissao};
use store::composicao::{self, NovoParlamentar};
use store::infra::catalog::Tenant;
use store::proposicoes::{self, AutorNovo, NovaProposicao};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::fixtures::logged_in;
use testkit::http::{host_of, multipart};
use testkit::isolation::fill_path;
use time::macros::date;
use uuid::Uuid;

pub(crate) struct Cenario {
    pub(crate) pl: Uuid,
    pub(crate) cj: Uuid,
    /// Memberships of the CJ's three current members.
    pub(crate) membros: Vec<Uuid>,
    /// A parlamentar's membership in the other comissão.
    pub(crate) de_fora: Uuid,
}

async fn tipo(tx: &mut TenantTx, sigla: &str) -> Uuid {
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT id FROM app.tipo_proposicao WHERE tenant_id = $1 AND sigla = $2")
        .bind(tenant)
        .bind(sigla)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

/// Every `href="<prefix><uuid>"` of a page, in order: `<prefix><uuid>`.
pub(crate) fn links(body: &str, prefix: &str) -> Vec<String> {
    let alvo = format!("href=\"{prefix}");
    body.match_indices(&alvo)
        .filter_map(|(i, _)| body.get(i + alvo.len()..i + alvo.len() + 36))
        .filter(|id| id.parse::<Uuid>().is_ok())
        .map(|id| format!("{prefix}{id}"))
        .collect()
}

pub(crate) async fn situacao(env: &TestEnv, t: &Tenant, id: Uuid) -> String {
    let mut tx = TenantTx::begin(&env.store, t, Access::Read).await.unwrap();
    let tenant = tx.tenant_id();
    sqlx::query_scalar("SELECT situacao FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
        .bind(tenant)
        .bind(id)
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

/// A legislatura 2025–2028, comissões CJ (3 members) and CF (1), and a PL.
pub(crate) async fn cenario(env: &TestEnv, t: &Tenant) -> Cenario {
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let leg = composicao::criar_legislatura(
        &mut tx,
        &a,
        20,
        date!(2025 - 01 - 01),
        date!(2028 - 12 - 31),
    )
    .await
    .unwrap();
    let mut membros = Vec::new();
    let mut comissao = Vec::new();
    for (sigla, nome) in [
        ("CJ", "Comissão de Justiça"),
        ("CF", "Comissão de Finanças"),
    ] {
        let c = comissoes::criar(
            &mut tx,
            &a,
            &DadosComissao {
                tipo: "permanente".into(),
                nome: nome.into(),
                sigla: sigla.into(),
                finalidade: String::new(),
                criacao: date!(2025 - 01 - 01),
                prazo: None,
            },
        )
        .await
        .unwrap();
        comissao.push(c.id);
    }
    for (i, nome) in ["Ana Lúcia", "Bruno Dias", "Carla Reis", "Davi Melo"]
        .iter()
        .enumerate()
    {
        let (p, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &NovoParlamentar {
                nome_civil: format!("{nome} da Silva"),
                nome_parlamentar: (*nome).into(),
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
        let m = comissoes::designar(
            &mut tx,
            &a,
            &NovoMembroComissao {
                comissao_id: comissao[usize::from(i == 3)],
                parlamentar_id: p,
                cargo: if i == 0 { "presidente" } else { "membro" }.into(),
                titular: true,
                designacao: date!(2025 - 02 - 01),
            },
        )
        .await
        .unwrap();
        membros.push(m);
    }
    let de_fora = membros.pop().unwrap();
    let tipo_pl = tipo(&mut tx, "PL").await;
    let pl = proposicoes::criar(
        &mut tx,
        &a,
        &NovaProposicao {
            tipo_id: tipo_pl,
            mae_id: None,
            ementa: "Institui a semana municipal do livro.".into(),
            texto: "Art. 1º Fica instituída a semana do livro.".into(),
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
    .unwrap()
    .id;
    tx.commit().await.unwrap();
    Cenario {
        pl,
        cj: comissao[0],
        membros,
        de_fora,
    }
}

#[tokio::test]
async fn secretaria_takes_a_proposicao_through_the_comissoes_to_the_pauta() {
    let env = TestEnv::new().await;
    let t = env.camara("comtrab-caminho", "pool").await;
    let c = cenario(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let materia = format!("/admin/comissoes/materias/{}", c.pl);
    let lista = app
        .get_as(&host, "/admin/comissoes/materias?q=pl+1/2026", &cookie)
        .await;
    assert_eq!(lista.status, StatusCode::OK);
    assert!(lista.body.contains(&materia), "{}", lista.body);

    // Every problem at once, and the input kept.
    let r = app
        .post_as(
            &host,
            &format!("{materia}/distribuir"),
            &cookie,
            &[("_csrf", &csrf), ("data", "31/02/2026"), ("despacho", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("31/02/2026") && r.body.contains("Data inválida"),
        "{}",
        r.body
    );
    assert_eq!(situacao(&env, &t, c.pl).await, "protocolada");
    let cj = c.cj.to_string();
    let r = app
        .post_as(
            &host,
            &format!("{materia}/distribuir"),
            &cookie,
            &[
                ("_csrf", &csrf),
                ("comissao", &cj),
                ("data", "01/04/2026"),
                ("despacho", "À Comissão de Justiça."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(situacao(&env, &t, c.pl).await, "em_comissao");
    let page = app.get_as(&host, &materia, &cookie).await;
    let distribuicao = links(&page.body, "/admin/comissoes/distribuicoes/").remove(0);
    assert!(
        page.body.contains("Pronta para a pauta: ainda não"),
        "{}",
        page.body
    );

    // The relator: a member of the other comissão is refused with the reason.
    let relator = |membro: Uuid| {
        let m = membro.to_string();
        let csrf = csrf.clone();
        let (app, host, cookie, d) = (&app, &host, &cookie, &distribuicao);
        async move {
            app.post_as(
                host,
                &format!("{d}/relator"),
                cookie,
                &[
                    ("_csrf", &csrf),
                    ("membro", &m),
                    ("data", "01/04/2026"),
                    ("prazo_dias", "5"),
                ],
            )
            .await
        }
    };
    let r = relator(c.de_fora).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("O relator deve ser membro da comissão em exercício"),
        "{}",
        r.body
    );
    let r = relator(c.membros[1]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The relator's membership cannot be removed (its relatoria would lose its relator).
    let remover = format!("/admin/comissoes/membros/{}/remover", c.membros[1]);
    let r = app
        .post_as(&host, &remover, &cookie, &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("use \"Desligar\"")
            || r.body.contains("use &quot;Desligar&quot;")
            || r.body.contains("use &#34;Desligar&#34;"),
        "{}",
        r.body
    );
    let page = app.get_as(&host, &distribuicao, &cookie).await;
    // 5 dias úteis from 1 April 2026: Good Friday (3 April) does not count.
    assert!(
        page.body.contains("5 dias úteis, até 09/04/2026"),
        "{}",
        page.body
    );

    // The parecer, with its PDF; a file that is not a PDF is refused, the text kept.
    let parecer = |arquivo: &'static [u8]| {
        let corpo = multipart(
            &[
                ("conclusao", "favoravel"),
                ("texto", "Pela aprovação do projeto, constitucional."),
                ("data", "06/04/2026"),
            ],
            &[("arquivo", "parecer.pdf", "application/pdf", arquivo)],
        );
        let (app, host, cookie, d, csrf) = (&app, &host, &cookie, &distribuicao, &csrf);
        async move {
            app.post_multipart_as(host, &format!("{d}/parecer?_csrf={csrf}"), cookie, corpo)
                .await
        }
    };
    let r = parecer(b"nada de pdf").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Envie o parecer em PDF") && r.body.contains("Pela aprovação do projeto"),
        "{}",
        r.body
    );
    // A good PDF beside a wrong date: nothing saved, the PDF kept for the corrected form.
    let caminho = format!("{distribuicao}/parecer?_csrf={csrf}");
    let texto = ("texto", "Pela aprovação do projeto, constitucional.");
    let pdf: &[u8] = b"%PDF-1.4 parecer assinado";
    let corpo = multipart(
        &[("conclusao", "favoravel"), texto, ("data", "31/02/2026")],
        &[("arquivo", "parecer.pdf", "application/pdf", pdf)],
    );
    let r = app.post_multipart_as(&host, &caminho, &cookie, corpo).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("O parecer não foi registrado"),
        "{}",
        r.body
    );
    let token = r.field("arquivo_retido").expect("the kept PDF's token");
    let corpo = multipart(
        &[
            ("conclusao", "favoravel"),
            texto,
            ("data", "06/04/2026"),
            ("arquivo_retido", &token),
        ],
        &[],
    );
    let r = app.post_multipart_as(&host, &caminho, &cookie, corpo).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let pagina_parecer = r.location.clone();
    assert_eq!(situacao(&env, &t, c.pl).await, "em_comissao");
    let pdf = app
        .get_as(&host, &format!("{pagina_parecer}/arquivo"), &cookie)
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with("%PDF-1.4"));
    let id_parecer = pagina_parecer.rsplit('/').next().unwrap().to_owned();
    let publico = format!("/legislativo/comissoes/pareceres/{id_parecer}/arquivo");
    assert_eq!(
        app.get(&host, &publico).await.status,
        StatusCode::NOT_FOUND,
        "not public before the vote"
    );

    // The vote: 2 sim, 1 ausente of 3 members.
    let votos = |um: &'static str, dois: &'static str, tres: &'static str| {
        let campos: Vec<(String, String)> = vec![
            ("_csrf".into(), csrf.clone()),
            ("data".into(), "07/04/2026".into()),
            (format!("voto_{}", c.membros[0]), um.into()),
            (format!("voto_{}", c.membros[1]), dois.into()),
            (format!("voto_{}", c.membros[2]), tres.into()),
        ];
        let (app, host, cookie, p) = (&app, &host, &cookie, &pagina_parecer);
        async move {
            let pares: Vec<(&str, &str)> = campos
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_as(host, &format!("{p}/votacao"), cookie, &pares)
                .await
        }
    };
    let r = votos("sim", "ausente", "ausente").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &pagina_parecer, &cookie).await;
    assert!(
        page.body.contains("Sem quórum") && page.body.contains("Aguardando votação"),
        "{}",
        page.body
    );
    assert_eq!(situacao(&env, &t, c.pl).await, "em_comissao");
    let r = votos("sim", "sim", "ausente").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &pagina_parecer, &cookie).await;
    assert!(
        page.body.contains("Aprovado pela comissão"),
        "{}",
        page.body
    );
    assert_eq!(app.get(&host, &publico).await.status, StatusCode::OK);
    let page = app.get_as(&host, &materia, &cookie).await;
    assert!(
        page.body.contains("Pareceres das comissões") && page.body.contains("2 sim, 0 não"),
        "{}",
        page.body
    );
    assert_eq!(situacao(&env, &t, c.pl).await, "em_comissao");

    // Ready for the pauta, after a confirmation.
    let confirmar = app
        .get_as(&host, &format!("{materia}/pronta"), &cookie)
        .await;
    assert_eq!(confirmar.status, StatusCode::OK);
    assert!(confirmar.body.contains("Marcar como pronta para a pauta"));
    let r = app
        .post_as(
            &host,
            &format!("{materia}/pronta"),
            &cookie,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(situacao(&env, &t, c.pl).await, "pronta_para_pauta");
    // Twice: refused on the confirmation page, nothing recorded.
    let r = app
        .post_as(
            &host,
            &format!("{materia}/pronta"),
            &cookie,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("já está pronta"), "{}", r.body);
}

#[tokio::test]
async fn reunioes_with_pauta_presenca_and_ata_show_on_the_public_page() {
    let env = TestEnv::new().await;
    let t = env.camara("comtrab-reuniao", "pool").await;
    let c = cenario(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let base = format!("/admin/comissoes/{}/reunioes", c.cj);
    let r = app
        .post_as(
            &host,
            &base,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("data", "xx"),
                ("hora", "25:00"),
                ("local", "Sala 2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Data inválida") && r.body.contains("Hora inválida"),
        "{}",
        r.body
    );
    let r = app
        .post_as(
            &host,
            &base,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("data", "07/04/2026"),
                ("hora", "14:30"),
                ("local", "Sala 2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let reuniao = r.location.clone();
    let pl = c.pl.to_string();
    let r = app
        .post_as(
            &host,
            &format!("{reuniao}/pauta"),
            &cookie,
            &[("_csrf", &csrf), ("proposicao", &pl)],
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not distributed to the CJ"
    );
    assert!(
        r.body.contains("distribuídas a esta comissão"),
        "{}",
        r.body
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    comissoes::distribuir(
        &mut tx,
        &Autor::cli("t"),
        c.pl,
        &[c.cj],
        date!(2026 - 04 - 01),
        "À CJ.",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let r = app
        .post_as(
            &host,
            &format!("{reuniao}/pauta"),
            &cookie,
            &[("_csrf", &csrf), ("proposicao", &pl)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (m0, m2) = (c.membros[0].to_string(), c.membros[2].to_string());
    let r = app
        .post_as(
            &host,
            &format!("{reuniao}/presenca"),
            &cookie,
            &[("_csrf", &csrf), ("presente", &m0), ("presente", &m2)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let fora = c.de_fora.to_string();
    let r = app
        .post_as(
            &host,
            &format!("{reuniao}/presenca"),
            &cookie,
            &[("_csrf", &csrf), ("presente", &fora)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_as(
            &host,
            &reuniao,
            &cookie,
            &[
                ("_csrf", &csrf),
                ("data", "07/04/2026"),
                ("hora", "14:30"),
                ("local", "Sala 2"),
                ("ata", "Aprovado o **parecer**."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &reuniao, &cookie).await;
    assert_eq!(page.body.matches("checked").count(), 2, "{}", page.body);
    let publica = app.get(&host, "/legislativo/comissoes/cj").await;
    assert_eq!(publica.status, StatusCode::OK);
    assert!(
        publica.body.contains("1ª Reunião de 2026")
            && publica.body.contains("PL 1/2026")
            && publica.body.contains("<strong>parecer</strong>"),
        "{}",
        publica.body
    );
}

#[tokio::test]
async fn emendas_over_http_numbered_within_the_proposicao_and_the_substitutivo_replaces_the_text() {
    let env = TestEnv::new().await;
    let t = env.camara("comtrab-emendas", "pool").await;
    let c = cenario(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let (_, cookie) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (eme, sub, subs) = (
        tipo(&mut tx, "EME").await,
        tipo(&mut tx, "SUB").await,
        tipo(&mut tx, "SUBS").await,
    );
    let parl: Uuid = sqlx::query_scalar(
        "SELECT id FROM app.parlamentar WHERE tenant_id = $1 ORDER BY nome_parlamentar LIMIT 1",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    drop(tx);
    let base = format!("/admin/emendas/proposicoes/{}", c.pl);
    let autor = format!("p:{parl}");
    let enviar =
        |tipo: Uuid, tipo_emenda: &'static str, emenda: String, dispositivo: &'static str| {
            let tipo = tipo.to_string();
            let (app, host, cookie, base, csrf, autor) =
                (&app, &host, &cookie, &base, &csrf, &autor);
            async move {
                app.post_as(
                    host,
                    base,
                    cookie,
                    &[
                        ("_csrf", csrf),
                        ("tipo_id", &tipo),
                        ("tipo_emenda", tipo_emenda),
                        ("emenda_id", &emenda),
                        ("autor", autor),
                        ("dispositivo", dispositivo),
                        ("ementa", "Altera a redação do artigo primeiro."),
                        ("texto", "Art. 1º Nova redação do substitutivo."),
                        ("apresentada_em", "20/03/2026"),
                    ],
                )
                .await
            }
        };
    for _ in 0..2 {
        let r = enviar(eme, "aditiva", String::new(), "art. 3º, § 2º").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    // A subemenda without its emenda: refused, with the input kept.
    let r = enviar(sub, "modificativa", String::new(), "art. 3º, § 2º").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("pertence a uma emenda") && r.body.contains("art. 3º, § 2º"),
        "{}",
        r.body
    );
    let page = app.get_as(&host, &base, &cookie).await;
    assert!(
        page.body.contains("Emenda nº 1") && page.body.contains("Emenda nº 2"),
        "{}",
        page.body
    );
    let emendas = links(&page.body, "/admin/emendas/");
    assert_eq!(emendas.len(), 2, "{emendas:?}");
    let segunda = emendas[1].rsplit('/').next().unwrap().to_owned();
    let r = enviar(sub, "modificativa", segunda, "art. 3º, § 2º, I").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = enviar(subs, "substitutiva", String::new(), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &base, &cookie).await;
    assert!(
        page.body.contains("Subemenda nº 1 à Emenda nº 2")
            && page.body.contains("Substitutivo nº 1"),
        "{}",
        page.body
    );
    // The substitutivo is listed first: approve it after the confirmation.
    let substitutivo = links(&page.body, "/admin/emendas/").remove(0);
    let confirmar = app
        .get_as(&host, &format!("{substitutivo}/aprovar"), &cookie)
        .await;
    assert!(
        confirmar.body.contains("passa a ser o texto da proposição"),
        "{}",
        confirmar.body
    );
    let r = app
        .post_as(
            &host,
            &format!("{substitutivo}/aprovar"),
            &cookie,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get_as(&host, &base, &cookie).await;
    assert!(
        page.body.contains("Substitutivo aprovado") && page.body.contains("Texto original"),
        "{}",
        page.body
    );
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let texto: String =
        sqlx::query_scalar("SELECT texto FROM app.proposicao WHERE tenant_id = $1 AND id = $2")
            .bind(t.id)
            .bind(c.pl)
            .fetch_one(tx.conn())
            .await
            .unwrap();
    drop(tx);
    assert_eq!(texto, "Art. 1º Nova redação do substitutivo.");
    let r = app
        .post_as(
            &host,
            &format!("{substitutivo}/rejeitar"),
            &cookie,
            &[("_csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "a result is recorded once");
}

#[tokio::test]
async fn parlamentar_and_editor_are_refused_every_screen_of_the_secretaria() {
    let env = TestEnv::new().await;
    let t = env.camara("comtrab-perm", "pool").await;
    let c = cenario(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let mut vistas = 0;
    for papel in [Papel::Parlamentar, Papel::Editor] {
        let (_, cookie) = logged_in(&env.store, &t, papel).await;
        let csrf = app.csrf(&host, &cookie).await;
        for r in web::routes::route_info() {
            if r.permissao != Some(Permissao::TramitacaoGerir)
                || !(r.path.starts_with("/admin/comissoes") || r.path.starts_with("/admin/emendas"))
            {
                continue;
            }
            let path = fill_path(r.path, &c.pl.to_string());
            let resp = if r.method == Method::GET {
                app.get_as(&host, &path, &cookie).await
            } else {
                app.post_as(
                    &host,
                    &path,
                    &cookie,
                    &[("_csrf", &csrf), ("comissao", &c.cj.to_string())],
                )
                .await
            };
            assert_eq!(
                resp.status,
                StatusCode::FORBIDDEN,
                "{papel:?} {} {path}",
                r.method
            );
            vistas += 1;
        }
    }
    assert!(vistas >= 40, "{vistas}");
    assert_eq!(situacao(&env, &t, c.pl).await, "protocolada");
}

#[tokio::test]
async fn another_camaras_ids_are_refused_and_recorded() {
    let env = TestEnv::new().await;
    let a = env.camara("comtrab-a", "pool").await;
    let b = env.camara("comtrab-b", "pool").await;
    let ca = cenario(&env, &a).await;
    let cb = cenario(&env, &b).await;
    let app = env.app();
    let host = host_of(&a);
    let (_, cookie) = logged_in(&env.store, &a, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &cookie).await;
    let eventos = async || -> i64 {
        sqlx::query_scalar(
            "SELECT count(*) FROM control.security_events WHERE kind = 'id_de_outra_camara' AND host_tenant_id = $1",
        )
        .bind(a.id)
        .fetch_one(env.store.control())
        .await
        .unwrap()
    };
    let antes = eventos().await;
    for path in [
        format!("/admin/comissoes/materias/{}", cb.pl),
        format!("/admin/emendas/proposicoes/{}", cb.pl),
        format!("/admin/comissoes/{}/reunioes", cb.cj),
    ] {
        let r = app.get_as(&host, &path, &cookie).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(eventos().await, antes + 3);
    // B's comissão in A's distribution form: refused, nothing distributed anywhere.
    let r = app
        .post_as(
            &host,
            &format!("/admin/comissoes/materias/{}/distribuir", ca.pl),
            &cookie,
            &[
                ("_csrf", &csrf),
                ("comissao", &cb.cj.to_string()),
                ("data", "01/04/2026"),
                ("despacho", "À CJ."),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Comissão inexistente nesta câmara"),
        "{}",
        r.body
    );
    assert_eq!(situacao(&env, &a, ca.pl).await, "protocolada");
    assert_eq!(situacao(&env, &b, cb.pl).await, "protocolada");
}
