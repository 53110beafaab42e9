//! The whole legislative path in a real browser (issue #10): a PARLAMENTAR writes a
//! proposição eletrônica and sends it → the SECRETARIA receives it on the protocolo desk →
//! a citizen follows it on its public page (double opt-in, the link from the SMTP sink) →
//! the secretaria distributes it to a comissão and designates the relator → the relator,
//! from their own account, gives the parecer → the secretaria opens the vote, two members
//! vote from their accounts, the secretaria closes it → pronta para a pauta → the public
//! page shows it with the parecer, and the citizen got one e-mail per andamento. Every step
//! through the forms; screenshots of the members' pages at 390 px and 1366 px.

use domain::auth::Papel;
use store::infra::catalog::Tenant;
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::browser::Navegador;
use testkit::smtp::{Recebido, SmtpSink};
use uuid::Uuid;

use crate::comissoes_trabalho::cenario;

/// Logs the browser in as a new user with `papel` (cookies of the previous one dropped),
/// linked to the parlamentar of the comissão membership `membro` when given.
async fn como(nav: &Navegador, env: &TestEnv, t: &Tenant, papel: Papel, membro: Option<Uuid>) {
    nav.client.delete_all_cookies().await.unwrap();
    let u = nav.entrar(env, t, papel).await;
    if let Some(m) = membro {
        let mut tx = TenantTx::begin(&env.store, t, Access::Write).await.unwrap();
        // One account per parlamentar: this browser's earlier one for them lets go.
        sqlx::query(
            "UPDATE app.usuario SET parlamentar_id = NULL WHERE tenant_id = $1 AND parlamentar_id =
                (SELECT parlamentar_id FROM app.membro_comissao WHERE tenant_id = $1 AND id = $2)",
        )
        .bind(t.id)
        .bind(m)
        .execute(tx.conn())
        .await
        .unwrap();
        sqlx::query(
            "UPDATE app.usuario SET parlamentar_id = (SELECT parlamentar_id FROM app.membro_comissao
                WHERE tenant_id = $1 AND id = $3) WHERE tenant_id = $1 AND id = $2",
        )
        .bind(t.id)
        .bind(u.id)
        .bind(m)
        .execute(tx.conn())
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn ir(nav: &Navegador, t: &Tenant, caminho: &str) {
    nav.client
        .goto(&format!("{}{caminho}", nav.base(t)))
        .await
        .unwrap();
}

/// Clicks the link whose text is `texto`.
async fn link(nav: &Navegador, texto: &str) {
    nav.client
        .find(fantoccini::Locator::LinkText(texto))
        .await
        .unwrap_or_else(|e| panic!("no link {texto}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn enviar(nav: &Navegador, form: &str) {
    nav.clicar(&format!("{form} button[type=submit]")).await;
}

/// Waits (up to 15 s, polling the page as it loads) until the page says `trecho`.
async fn ve(nav: &Navegador, trecho: &str) -> String {
    let mut texto = String::new();
    for _ in 0..300 {
        if let Ok(body) = nav.client.find(fantoccini::Locator::Css("body")).await
            && let Ok(t) = body.text().await
        {
            texto = t;
            if texto.contains(trecho) {
                return texto;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{trecho:?} not in: {texto}");
}

/// The message decoded from quoted-printable, with folded header lines joined.
fn decodificado(m: &Recebido) -> String {
    m.dados
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
        .replace("\n ", " ")
        .replace("\n\t", " ")
}

fn caminho_do_link(m: &Recebido, caminho: &str) -> String {
    let t = decodificado(m);
    let i = t
        .find(caminho)
        .unwrap_or_else(|| panic!("no {caminho} in {t}"));
    let resto = &t[i..];
    resto[..resto
        .find(|c: char| c.is_whitespace() || c == '>' || c == '"')
        .unwrap_or(resto.len())]
        .to_owned()
}

async fn foto(nav: &Navegador, nome: &str) {
    let dir = std::env::temp_dir().join("plenario-percurso");
    std::fs::create_dir_all(&dir).unwrap();
    for (largura, altura) in [(390, 844), (1366, 900)] {
        nav.client.set_window_size(largura, altura).await.unwrap();
        let png = nav.client.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(dir.join(format!("{nome}-{largura}.png")), png).unwrap();
        // No horizontal scrolling on a phone.
        let largura_pagina = nav
            .client
            .execute("return document.documentElement.scrollWidth;", vec![])
            .await
            .unwrap();
        assert!(
            largura_pagina.as_u64().unwrap_or(0) <= largura as u64 + 1,
            "{nome} at {largura}px is {largura_pagina} wide"
        );
    }
    nav.client.set_window_size(1280, 900).await.unwrap();
}

#[tokio::test]
async fn from_the_parlamentar_draft_to_pronta_para_pauta_in_the_browser() {
    let env = TestEnv::new().await;
    let t = env.camara("percurso", "pool").await;
    let c = cenario(&env, &t).await;
    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    let sink = SmtpSink::start().await;
    let mailer =
        web::mail::Mailer::new(Some(&sink.url()), "Plenário <nao-responda@teste.example>").unwrap();
    let worker = jobs::Worker::new(
        env.store.clone(),
        jobs::Tarefas::padrao(mailer),
        jobs::Config {
            camaras: Some(vec![t.id]),
            ..jobs::Config::default()
        },
    );
    let (autora, relator) = (c.membros[0], c.membros[1]);

    // 1. The parlamentar writes and sends a proposição eletrônica.
    como(&nav, &env, &t, Papel::Parlamentar, Some(autora)).await;
    ir(&nav, &t, "/admin/minhas-proposicoes").await;
    link(&nav, "Escrever nova proposição").await;
    nav.esperar("#ementa").await;
    nav.client
        .execute(
            "const s = document.getElementById('tipo_id');
             const o = [...s.options].find(o => o.text.startsWith('PL') || o.text.includes('Projeto de Lei'));
             s.value = o.value;",
            vec![],
        )
        .await
        .unwrap();
    nav.preencher(
        "ementa",
        "Institui a semana municipal do livro nas escolas.",
    )
    .await;
    nav.preencher(
        "texto",
        "Art. 1º Fica instituída a semana municipal do livro.",
    )
    .await;
    enviar(&nav, "form.formulario").await;
    nav.esperar("a[href$='/enviar']").await;
    link(&nav, "Enviar ao protocolo").await;
    enviar(&nav, "form.formulario").await;
    ve(&nav, "Proposição enviada ao protocolo").await;

    // 2. The secretaria receives it on the protocolo desk: protocolada and numbered.
    como(&nav, &env, &t, Papel::Secretaria, None).await;
    ir(&nav, &t, "/admin/protocolo/eletronicas").await;
    link(&nav, "Institui a semana municipal do livro nas escolas.").await;
    link(&nav, "Receber e protocolar").await;
    enviar(&nav, "form.formulario").await;
    let texto = ve(&nav, "Proposição recebida e protocolada: PL ").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let (pl, ano, numero, situacao): (Uuid, i32, i32, String) = sqlx::query_as(
        "SELECT id, ano, numero, situacao FROM app.proposicao WHERE tenant_id = $1 AND ementa LIKE 'Institui a semana municipal do livro nas%'",
    )
    .bind(t.id)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    drop(tx);
    assert_eq!(situacao, "protocolada");
    assert!(
        texto.contains(&format!("PL {numero}/{ano}, protocolo nº")),
        "{texto}"
    );
    let publica = format!("/legislativo/proposicoes/{ano}/pl/{numero}");

    // 3. A citizen follows it: double opt-in with the link e-mailed.
    let email = "cidada@exemplo.example";
    nav.client.delete_all_cookies().await.unwrap();
    ir(&nav, &t, &publica).await;
    nav.preencher("acompanhar-email", email).await;
    enviar(&nav, "section.acompanhar form").await;
    ve(&nav, "Pedido recebido").await;
    worker.rodar_uma_vez().await.unwrap();
    let msgs: Vec<Recebido> = sink.recebidos();
    assert_eq!(msgs.len(), 1, "the confirmation");
    ir(
        &nav,
        &t,
        &caminho_do_link(&msgs[0], "/acompanhamento/confirmar?token="),
    )
    .await;
    nav.clicar("form button[type=submit]").await;
    ve(&nav, "Acompanhamento confirmado").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let eventos_antes: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.proposicao_evento WHERE tenant_id = $1 AND proposicao_id = $2",
    )
    .bind(t.id)
    .bind(pl)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    drop(tx);

    // 4. The secretaria distributes it to the CJ and designates the relator.
    como(&nav, &env, &t, Papel::Secretaria, None).await;
    ir(&nav, &t, &format!("/admin/comissoes/materias/{pl}")).await;
    nav.clicar(&format!("input[name=comissao][value='{}']", c.cj))
        .await;
    nav.preencher("despacho", "À Comissão de Justiça, para parecer.")
        .await;
    enviar(&nav, "form[action$='/distribuir']").await;
    nav.esperar("a[href^='/admin/comissoes/distribuicoes/']")
        .await;
    nav.clicar("a[href^='/admin/comissoes/distribuicoes/']")
        .await;
    nav.esperar("#membro").await;
    nav.definir("membro", &relator.to_string()).await;
    enviar(&nav, "form[action$='/relator']").await;
    ve(&nav, "Em curso").await;

    // 5. The relator, from their own account, gives the parecer.
    como(&nav, &env, &t, Papel::Parlamentar, Some(relator)).await;
    ir(&nav, &t, "/admin/minhas-comissoes").await;
    ve(&nav, "Matérias em que sou relator").await;
    foto(&nav, "minhas-comissoes").await;
    nav.clicar("a[href^='/admin/minhas-comissoes/relatorias/']")
        .await;
    nav.esperar("#texto").await;
    foto(&nav, "relatoria").await;
    nav.clicar("input[name=conclusao][value=favoravel]").await;
    nav.preencher(
        "texto",
        "Pela aprovação: o projeto é constitucional e de interesse local.",
    )
    .await;
    enviar(&nav, "form[action*='/parecer']").await;
    ve(&nav, "O seu parecer aguarda a votação da comissão").await;

    // 6. The secretaria opens the vote; two members vote from their accounts.
    como(&nav, &env, &t, Papel::Secretaria, None).await;
    ir(&nav, &t, &format!("/admin/comissoes/materias/{pl}")).await;
    nav.clicar("a[href^='/admin/comissoes/distribuicoes/']")
        .await;
    nav.esperar("a[href^='/admin/comissoes/pareceres/']").await;
    nav.clicar("a[href^='/admin/comissoes/pareceres/']").await;
    enviar(&nav, "form[action$='/votacao-eletronica']").await;
    ve(&nav, "Nenhum voto ainda").await;
    for (membro, voto) in [(autora, "sim"), (relator, "sim")] {
        como(&nav, &env, &t, Papel::Parlamentar, Some(membro)).await;
        ir(&nav, &t, "/admin/minhas-comissoes").await;
        ve(&nav, "Você ainda não votou").await;
        nav.clicar("a[href^='/admin/minhas-comissoes/votacoes/']")
            .await;
        nav.esperar("input[name=voto]").await;
        if voto == "sim" && membro == autora {
            foto(&nav, "votacao").await;
        }
        nav.clicar(&format!("input[name=voto][value={voto}]")).await;
        enviar(&nav, "form.formulario").await;
        ve(&nav, "Seu voto foi registrado: Sim").await;
    }

    // 7. The secretaria closes the vote (apuração), then marks it pronta para a pauta.
    como(&nav, &env, &t, Papel::Secretaria, None).await;
    ir(&nav, &t, &format!("/admin/comissoes/materias/{pl}")).await;
    nav.clicar("a[href^='/admin/comissoes/distribuicoes/']")
        .await;
    nav.esperar("a[href^='/admin/comissoes/pareceres/']").await;
    nav.clicar("a[href^='/admin/comissoes/pareceres/']").await;
    ve(&nav, "Votos dados até agora (2 de 3 membros)").await;
    link(&nav, "Encerrar a votação e apurar").await;
    enviar(&nav, "form.formulario").await;
    ve(&nav, "Aprovado pela comissão").await;
    ir(&nav, &t, &format!("/admin/comissoes/materias/{pl}/pronta")).await;
    enviar(&nav, "form.formulario").await;
    nav.esperar("h1").await;

    // 8. The public page shows the situação and the parecer; one e-mail per andamento.
    nav.client.delete_all_cookies().await.unwrap();
    ir(&nav, &t, &publica).await;
    let texto = ve(&nav, "Pronta para a pauta").await;
    assert!(
        texto.contains("Relator: Bruno Dias · Conclusão: Favorável"),
        "{texto}"
    );
    nav.clicar("section.pareceres summary").await;
    ve(&nav, "o projeto é constitucional e de interesse local").await;
    worker.rodar_uma_vez().await.unwrap();
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let eventos: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app.proposicao_evento WHERE tenant_id = $1 AND proposicao_id = $2",
    )
    .bind(t.id)
    .bind(pl)
    .fetch_one(tx.conn())
    .await
    .unwrap();
    drop(tx);
    let novos = eventos - eventos_antes;
    assert!(novos >= 3, "distribuída, parecer, pronta: {novos}");
    let avisos: Vec<String> = sink
        .recebidos()
        .iter()
        .skip(1)
        .filter(|m| m.para.iter().any(|p| p == email))
        .map(decodificado)
        .collect();
    assert_eq!(avisos.len() as i64, novos, "{avisos:#?}");
    assert!(
        avisos
            .iter()
            .any(|m| m.contains("Pronta para a pauta") || m.contains("pronta")),
        "{avisos:#?}"
    );
    nav.fechar().await;
}
