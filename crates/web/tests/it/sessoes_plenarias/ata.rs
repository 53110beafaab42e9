//! The ata's pages: the secretaria creates it from the draft, previews and saves versions
//! (PRG, every refusal in Portuguese, audited), sends it to a later sessão's pauta,
//! publishes it once that item approved it, and rectifies it with a motivo. The public sees
//! only a published ata (HTML and PDF); the votação and certidão PDFs read back with lopdf
//! (a secret votação's carries no name). A role without `sessao.gerir` is refused.

use domain::sessoes_plenarias::StatusSessao;
use domain::sessoes_plenarias::presenca::{Ambito, SituacaoPresenca};
use domain::sessoes_plenarias::quorum::Resultado;
use domain::sessoes_plenarias::votacao::{TipoAcao, TipoVotacao, Voto};
use store::sessoes_plenarias::ata::documento as ata;
use store::sessoes_plenarias::pauta::{self, NovoItem};
use store::sessoes_plenarias::presenca::{self, Marca};
use store::sessoes_plenarias::votacao::{self, Encerramento};
use testkit::http::TestApp;
use uuid::Uuid;

use super::*;
use crate::protocolo::baixar;

fn texto_pdf(raw: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(raw).expect("a valid PDF");
    let paginas: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&paginas).unwrap()
}

struct Sessoes {
    s: SessaoPlenaria,
    seguinte: SessaoPlenaria,
    nominal: Uuid,
    secreta: Uuid,
}

/// Two councilors (Ana present, Bruno with a justified absence); a sessão held today, with
/// a nominal and a secret votação, encerrada; another a week later, agendada.
async fn sessoes(env: &TestEnv, t: &Tenant, hoje: Date, tipos: &[TipoSessao]) -> Sessoes {
    let s = agendar(env, t, &tipos[0], hoje, 9, "Plenário").await;
    let seguinte = agendar(env, t, &tipos[0], hoje + Duration::days(7), 9, "Plenário").await;
    let a = Autor::cli("t");
    let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
    let leg = composicao::legislatura_atual(&mut tx, hoje)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut ids = Vec::new();
    for nome in ["Ana Zuleica", "Bruno Xavier"] {
        let (p, _) = composicao::criar_parlamentar(
            &mut tx,
            &a,
            &composicao::NovoParlamentar {
                nome_civil: nome.into(),
                nome_parlamentar: nome.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        composicao::criar_mandato(
            &mut tx,
            &a,
            p,
            leg,
            true,
            None,
            hoje - Duration::days(300),
            hoje + Duration::days(300),
        )
        .await
        .unwrap();
        ids.push(p);
    }
    sp::transicionar(&mut tx, &a, s.id, StatusSessao::Aberta, None)
        .await
        .unwrap();
    let marca = |p, situacao, justificativa: &str| Marca {
        parlamentar_id: p,
        ambito: Ambito::Sessao,
        situacao,
        justificativa: justificativa.into(),
        pelo_proprio: false,
    };
    presenca::marcar(
        &mut tx,
        &a,
        s.id,
        &marca(ids[0], SituacaoPresenca::Presente, ""),
    )
    .await
    .unwrap();
    presenca::marcar(
        &mut tx,
        &a,
        s.id,
        &marca(ids[1], SituacaoPresenca::Justificada, "Licença médica"),
    )
    .await
    .unwrap();
    let mut votacoes = Vec::new();
    for (d, tipo) in [
        ("Moção de aplauso à escola municipal", TipoVotacao::Nominal),
        ("Eleição do ouvidor da câmara", TipoVotacao::Secreta),
    ] {
        let i = pauta::adicionar_item(
            &mut tx,
            &a,
            s.id,
            &NovoItem {
                proposicao_id: None,
                descricao: d.into(),
                tipo_acao: TipoAcao::Votacao,
                quorum: None,
                turno: 1,
                fase_id: None,
            },
        )
        .await
        .unwrap();
        let v = votacao::abrir(&mut tx, &a, i.id, tipo).await.unwrap();
        votacao::votar(&mut tx, &a, v.id, ids[0], Voto::Sim)
            .await
            .unwrap();
        votacao::encerrar(&mut tx, &a, v.id, &Encerramento::default())
            .await
            .unwrap();
        votacoes.push(v.id);
    }
    sp::transicionar(&mut tx, &a, s.id, StatusSessao::Encerrada, None)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Sessoes {
        s,
        seguinte,
        nominal: votacoes[0],
        secreta: votacoes[1],
    }
}

async fn post(
    app: &TestApp,
    host: &str,
    path: &str,
    cookie: &str,
    campos: &[(&str, &str)],
) -> testkit::http::TestResponse {
    let csrf = app.csrf(host, cookie).await;
    let mut v = vec![("_csrf", csrf.as_str())];
    v.extend_from_slice(campos);
    app.post_as(host, path, cookie, &v).await
}

#[tokio::test]
async fn the_secretaria_edits_sends_publishes_and_rectifies_the_ata_and_only_then_it_is_public() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "ata-web").await;
    let app = env.app();
    let host = host_of(&t);
    let x = sessoes(&env, &t, hoje, &tipos).await;
    let sid = x.s.id;
    let (_, sec) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let pagina = format!("/admin/sessoes/{sid}/ata");

    // Before it exists: the draft and the button.
    let r = app.get_as(&host, &pagina, &sec).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Criar a ata a partir do rascunho"),
        "{}",
        r.body
    );
    let r = post(&app, &host, &pagina, &sec, &[("acao", "criar")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.header("location"), pagina);
    let r = app.get_as(&host, &pagina, &sec).await;
    assert!(r.body.contains("<textarea id=\"texto\""), "{}", r.body);
    assert!(r.body.contains("Ana Zuleica"), "{}", r.body);

    // The preview renders the text and saves nothing.
    let r = post(
        &app,
        &host,
        &pagina,
        &sec,
        &[
            ("acao", "previa"),
            (
                "texto",
                "# Ata\n\nTexto com **destaque** <script>x</script>",
            ),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<strong>destaque</strong>"), "{}", r.body);
    assert!(!r.body.contains("<script>x"), "sanitized: {}", r.body);
    let versao = async || {
        let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
        ata::da_sessao(&mut tx, sid).await.unwrap().unwrap()
    };
    assert_eq!(versao().await.versao, 1);
    // A refused text comes back in Portuguese, as typed.
    let r = post(
        &app,
        &host,
        &pagina,
        &sec,
        &[("acao", "salvar"), ("texto", "curta")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body
            .contains("Escreva o texto da ata (de 10 a 200.000 caracteres)."),
        "{}",
        r.body
    );
    let texto = format!("{}\n\nO público lotou as galerias.", versao().await.texto);
    let r = post(
        &app,
        &host,
        &pagina,
        &sec,
        &[("acao", "salvar"), ("texto", &texto)],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(versao().await.versao, 2);
    let r = app.get_as(&host, &pagina, &sec).await;
    assert!(
        r.body.contains("Versão 2") && r.body.contains("Versão 1"),
        "{}",
        r.body
    );

    // Not published before the approval: the confirmation says why, the POST is refused.
    let r = app.get_as(&host, &format!("{pagina}/publicar"), &sec).await;
    assert!(
        r.body
            .contains("A ata só é publicada depois de aprovada em sessão posterior."),
        "{}",
        r.body
    );
    let r = post(&app, &host, &format!("{pagina}/publicar"), &sec, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    for p in ["ata", "ata.pdf"] {
        let r = app
            .get(&host, &format!("/legislativo/sessoes/{sid}/{p}"))
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{p}: an unpublished ata is never public"
        );
    }
    let r = app.get(&host, &format!("/legislativo/sessoes/{sid}")).await;
    assert!(
        !r.body.contains(&format!("/legislativo/sessoes/{sid}/ata")),
        "{}",
        r.body
    );

    // To the approval: the later sessão is chosen.
    let r = app
        .get_as(&host, &format!("{pagina}/aprovacao"), &sec)
        .await;
    assert!(r.body.contains(&x.seguinte.id.to_string()), "{}", r.body);
    let r = post(
        &app,
        &host,
        &format!("{pagina}/aprovacao"),
        &sec,
        &[("sessao_destino", "")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body
            .contains("Escolha a sessão em que a ata será votada."),
        "{}",
        r.body
    );
    let r = post(
        &app,
        &host,
        &format!("{pagina}/aprovacao"),
        &sec,
        &[("sessao_destino", &x.seguinte.id.to_string())],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Now it is not edited any more.
    let r = post(
        &app,
        &host,
        &pagina,
        &sec,
        &[("acao", "salvar"), ("texto", &format!("{texto} Mais."))],
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

    // The later sessão approves it (the Mesa declares a symbolic approval).
    {
        let a = Autor::cli("t");
        let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
            .await
            .unwrap();
        let item = ata::da_sessao(&mut tx, sid)
            .await
            .unwrap()
            .unwrap()
            .item_id
            .unwrap();
        sp::transicionar(&mut tx, &a, x.seguinte.id, StatusSessao::Aberta, None)
            .await
            .unwrap();
        let v = votacao::abrir(&mut tx, &a, item, TipoVotacao::Simbolica)
            .await
            .unwrap();
        votacao::encerrar(
            &mut tx,
            &a,
            v.id,
            &Encerramento {
                declarado: Some(Resultado::Aprovada),
                ..Encerramento::default()
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let r = post(&app, &host, &format!("{pagina}/publicar"), &sec, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Public: the page, the link from the sessão and the PDF.
    let r = app
        .get(&host, &format!("/legislativo/sessoes/{sid}/ata"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("O público lotou as galerias."),
        "{}",
        r.body
    );
    let r = app.get(&host, &format!("/legislativo/sessoes/{sid}")).await;
    assert!(
        r.body
            .contains(&format!("/legislativo/sessoes/{sid}/ata.pdf")),
        "{}",
        r.body
    );
    let r = app
        .get(&host, &format!("/legislativo/sessoes/{sid}/ata.pdf"))
        .await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (StatusCode::OK, "application/pdf")
    );
    let pdf = texto_pdf(
        &baixar(
            &app,
            &host,
            &format!("/legislativo/sessoes/{sid}/ata.pdf"),
            "",
        )
        .await,
    );
    let data = dd_mm_aaaa(hoje);
    for esperado in [
        t.nome_oficial.as_str(),
        "Ata",
        data.as_str(),
        "galerias",
        "Ana Zuleica",
    ] {
        assert!(pdf.contains(esperado), "{esperado:?} not in {pdf:?}");
    }

    // A retificação: both fields checked at once, then a new version.
    let r = post(
        &app,
        &host,
        &format!("{pagina}/retificar"),
        &sec,
        &[("texto", ""), ("motivo", "x")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Escreva o texto da ata")
            && r.body
                .contains("Informe o motivo da retificação (de 10 a 2.000 caracteres)."),
        "{}",
        r.body
    );
    let corrigido = format!("{texto}\n\nRetificação: a sessão terminou às 12h.");
    let r = post(
        &app,
        &host,
        &format!("{pagina}/retificar"),
        &sec,
        &[
            ("texto", &corrigido),
            ("motivo", "Horário do encerramento omitido"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .get(&host, &format!("/legislativo/sessoes/{sid}/ata"))
        .await;
    assert!(
        r.body.contains("terminou às 12h") && r.body.contains("retificada"),
        "{}",
        r.body
    );

    // Every step audited with who did it.
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let acoes: Vec<String> = sqlx::query_scalar(
        "SELECT acao FROM app.auditoria WHERE tenant_id = $1 AND entidade = 'ata'
            AND usuario_id IS NOT NULL ORDER BY id",
    )
    .bind(t.id)
    .fetch_all(tx.conn())
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        acoes,
        [
            "criar",
            "editar",
            "enviar_aprovacao",
            "publicar",
            "retificar"
        ]
    );
}

#[tokio::test]
async fn the_pdfs_of_votacoes_and_the_certidao_read_back_and_a_secret_vote_names_nobody() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "ata-pdfs").await;
    let app = env.app();
    let host = host_of(&t);
    let x = sessoes(&env, &t, hoje, &tipos).await;
    let data = dd_mm_aaaa(hoje);

    let nominal = format!("/legislativo/votacoes/{}/votacao.pdf", x.nominal);
    let r = app.get(&host, &nominal).await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (StatusCode::OK, "application/pdf")
    );
    let txt = texto_pdf(&baixar(&app, &host, &nominal, "").await);
    for esperado in [
        t.nome_oficial.as_str(),
        "Votação nominal",
        data.as_str(),
        "Moção de aplauso à escola municipal",
        "Ana Zuleica: SIM",
        "SIM 1, NÃO 0, ABSTENÇÃO 0",
        // One of two present: computed by the quórum, printed as computed.
        "Resultado\nSem quórum",
    ] {
        assert!(txt.contains(esperado), "{esperado:?} not in {txt:?}");
    }
    let secreta = format!("/legislativo/votacoes/{}/votacao.pdf", x.secreta);
    let txt = texto_pdf(&baixar(&app, &host, &secreta, "").await);
    assert!(
        txt.contains("Votação secreta") && txt.contains("SIM 1"),
        "{txt:?}"
    );
    assert!(!txt.contains("Ana") && !txt.contains("Bruno"), "{txt:?}");
    // The public sessão page links both.
    let r = app
        .get(&host, &format!("/legislativo/sessoes/{}", x.s.id))
        .await;
    assert!(
        r.body.contains(&nominal) && r.body.contains(&secreta),
        "{}",
        r.body
    );

    // The certidão: public for the encerrada sessão, with the roll and the justification.
    let certidao = format!("/legislativo/sessoes/{}/certidao-presenca.pdf", x.s.id);
    let r = app.get(&host, &certidao).await;
    assert_eq!(r.status, StatusCode::OK);
    let txt = texto_pdf(&baixar(&app, &host, &certidao, "").await);
    for esperado in [
        t.nome_oficial.as_str(),
        "Certidão de presença",
        data.as_str(),
        "Presentes (1)",
        "Ana Zuleica",
        "Bruno Xavier — Licença médica",
    ] {
        assert!(txt.contains(esperado), "{esperado:?} not in {txt:?}");
    }
    // Not public before the sessão is encerrada; the staff has it.
    let r = app
        .get(
            &host,
            &format!(
                "/legislativo/sessoes/{}/certidao-presenca.pdf",
                x.seguinte.id
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let (_, op) = logged_in(&env.store, &t, Papel::Operador).await;
    let r = app
        .get_as(
            &host,
            &format!("/admin/sessoes/{}/certidao-presenca.pdf", x.s.id),
            &op,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .get_as(
            &host,
            &format!("/admin/sessoes/{}/certidao-presenca.pdf", x.seguinte.id),
            &op,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "an agendada sessão has no roll"
    );
    // An unknown votação is a 404.
    let r = app
        .get(
            &host,
            &format!("/legislativo/votacoes/{}/votacao.pdf", Uuid::now_v7()),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_role_without_sessao_gerir_gets_no_ata_page_and_no_write() {
    let env = TestEnv::new().await;
    let (t, hoje, tipos) = preparar(&env, "ata-papel").await;
    let app = env.app();
    let host = host_of(&t);
    let s = agendar(&env, &t, &tipos[0], hoje, 9, "Plenário").await;
    let (_, sec) = logged_in(&env.store, &t, Papel::Secretaria).await;
    let csrf = app.csrf(&host, &sec).await;
    let (_, parl) = logged_in(&env.store, &t, Papel::Parlamentar).await;
    let pagina = format!("/admin/sessoes/{}/ata", s.id);
    assert_eq!(
        app.get_as(&host, &pagina, &parl).await.status,
        StatusCode::FORBIDDEN
    );
    let csrf_p = app.csrf(&host, &parl).await;
    for p in ["", "/publicar", "/aprovacao", "/retificar", "/regenerar"] {
        let r = app
            .post_as(
                &host,
                &format!("{pagina}{p}"),
                &parl,
                &[("_csrf", &csrf_p), ("acao", "criar")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{p}");
    }
    // An agendada sessão: no ata yet, said in Portuguese.
    let r = app.get_as(&host, &pagina, &sec).await;
    assert!(
        r.body.contains("ela é criada depois de aberta a sessão"),
        "{}",
        r.body
    );
    let r = app
        .post_as(&host, &pagina, &sec, &[("_csrf", &csrf), ("acao", "criar")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("A ata é de uma sessão realizada"),
        "{}",
        r.body
    );
}
