//! The public pages of the mesa and the comissões (current and past), their open data, and a browser creating a comissão.

use super::*;

#[tokio::test]
async fn public_pages_show_the_current_mesa_and_comissoes_and_their_past() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-publica", "pool").await;
    semear(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/parlamentares/mesa-diretora").await;
    assert_eq!(r.status, StatusCode::OK);
    let (atual, historico) = r.body.split_once("Histórico por período").unwrap();
    assert!(
        atual.contains("Bruno Dias") && atual.contains("Carla Reis"),
        "{atual}"
    );
    assert!(!atual.contains("Ana Lúcia"), "{atual}");
    assert!(
        historico.contains("Ana Lúcia")
            && historico.contains("<caption>1º período da 20ª legislatura"),
        "{historico}"
    );
    assert!(atual.contains("(PCA)"));
    assert!(!r.body.contains("52998224725"));

    let r = app.get(&host, "/legislativo/comissoes").await;
    assert_eq!(r.status, StatusCode::OK);
    let (ativas, extintas) = r.body.split_once("Comissões extintas").unwrap();
    assert!(
        ativas.contains("<h2 id=\"tipo-1\">Permanentes</h2>"),
        "{ativas}"
    );
    assert!(
        ativas.contains("href=\"/legislativo/comissoes/cjr\"")
            && ativas.contains("Finanças e Orçamento")
    );
    assert!(!ativas.contains("CPI da Merenda"));
    assert!(
        extintas.contains("CPI da Merenda") && extintas.contains("extinta em"),
        "{extintas}"
    );

    for caminho in [
        "/legislativo/comissoes/cjr",
        "/legislativo/comissoes/constituicao-justica-e-redacao",
    ] {
        let r = app.get(&host, caminho).await;
        assert_eq!(r.status, StatusCode::OK, "{caminho}");
        assert!(
            r.body
                .contains("<h1>Constituição, Justiça e Redação (CJR)</h1>"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("<strong>Constituição, Justiça e Redação</strong>"),
            "Markdown rendered"
        );
        assert!(r.body.contains("Ana Lúcia") && r.body.contains("Suplente"));
    }
    let r = app.get(&host, "/legislativo/comissoes/cfo").await;
    let (atual, anteriores) = r.body.split_once("Membros anteriores").unwrap();
    assert!(atual.contains("Nenhum membro em exercício"), "{atual}");
    assert!(
        anteriores.contains("Davi Melo") && anteriores.contains("Licença"),
        "{anteriores}"
    );
    let r = app.get(&host, "/legislativo/comissoes/cpi-1").await;
    assert!(r.body.contains("Extinta em"), "{}", r.body);
    assert_eq!(
        app.get(&host, "/legislativo/comissoes/nao-existe")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn open_data_for_comissoes_and_the_mesa_in_json_and_csv() {
    let env = TestEnv::new().await;
    let t = env.camara("mesa-api", "dedicated").await;
    semear(&env, &t).await;
    let app = env.app();
    let host = host_of(&t);
    let r = app.get(&host, "/api/v1/comissoes?itens=2").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let dados = v["dados"].as_array().unwrap();
    assert_eq!(
        dados
            .iter()
            .map(|d| d["sigla"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["CFO", "CJR"]
    );
    assert_eq!(dados[0]["membros"].as_array().unwrap().len(), 0);
    let cjr = dados[1]["membros"].as_array().unwrap();
    assert_eq!(cjr.len(), 3);
    assert_eq!(cjr[0]["nome_parlamentar"], "Ana Lúcia");
    assert_eq!(cjr[0]["cargo"], "presidente");
    assert_eq!(cjr[2]["titular"], false);
    assert_eq!(dados[1]["uri"], "/legislativo/comissoes/cjr");
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap();
    assert!(next["href"].as_str().unwrap().contains("cursor=CJR"));
    let r = app.get(&host, "/api/v1/comissoes?itens=2&cursor=CJR").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"][0]["sigla"], "CPI-1");
    assert_eq!(v["dados"][0]["ativa"], false);

    let csv = app.get(&host, "/api/v1/comissoes?formato=csv").await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'));
    let linhas: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(linhas.len(), 4, "{}", csv.body);
    assert!(
        linhas[0]
            .starts_with("id,sigla,nome,tipo,finalidade,criacao,prazo,extincao,ativa,uri,membros"),
        "{}",
        linhas[0]
    );
    assert!(
        linhas[2].contains("Ana Lúcia (presidente, titular); Bruno Dias (membro, titular); Carla Reis (membro, suplente)"),
        "{}",
        linhas[2]
    );

    let r = app.get(&host, "/api/v1/mesa-diretora").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let mesa = v["dados"].as_array().unwrap();
    assert_eq!(
        mesa.iter()
            .map(|m| (
                m["cargo"].as_str().unwrap(),
                m["nome_parlamentar"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        [
            ("Presidente", "Bruno Dias"),
            ("1º Secretário", "Carla Reis")
        ]
    );
    assert!(mesa[0].get("cpf").is_none() && !r.body.contains("52998224725"));
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    drop(tx);
    let r = app
        .get(&host, &format!("/api/v1/mesa-diretora?data={}", l.inicio))
        .await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["dados"][0]["nome_parlamentar"], "Ana Lúcia", "{}", r.body);
    let r = app.get(&host, "/api/v1/mesa-diretora?itens=1").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let next = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "next")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.get(&host, &next).await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        v["dados"][0]["nome_parlamentar"], "Carla Reis",
        "{}",
        r.body
    );
    let csv = app.get(&host, "/api/v1/mesa-diretora?formato=csv").await;
    let linhas: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(linhas.len(), 3, "{}", csv.body);
    assert!(
        linhas[0].starts_with("id,periodo_id,parlamentar_id,nome_parlamentar"),
        "{}",
        linhas[0]
    );
    assert_eq!(
        app.get(&host, "/api/v1/mesa-diretora?data=01/01/2025")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

/// In a real headless Chromium: the secretariat creates a comissão, designates its
/// presidente, and the public page shows them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_browser_the_secretariat_creates_a_comissao_and_designates_its_presidente() {
    let env = TestEnv::new().await;
    let Some(nav) = testkit::browser::Navegador::abrir(&env).await else {
        return;
    };
    let t = env.camara("mesa-nav", "pool").await;
    let s = compor(&env, &t).await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    let l = composicao::legislaturas(&mut tx, None, 1)
        .await
        .unwrap()
        .remove(0);
    drop(tx);
    nav.entrar(&env, &t, Papel::Secretaria).await;
    nav.esperar("nav.menu-admin a[href='/admin/comissoes']")
        .await;
    nav.client
        .goto(&format!("{}/admin/comissoes", nav.base(&t)))
        .await
        .unwrap();
    nav.esperar("#nome").await;
    nav.definir("tipo", "permanente").await;
    nav.preencher("nome", "Obras e Serviços Públicos").await;
    nav.preencher("sigla", "cosp").await;
    nav.preencher("criacao", &br(l.inicio)).await;
    nav.preencher("finalidade", "Opinar sobre **obras públicas**.")
        .await;
    nav.clicar("form[method=post][action='/admin/comissoes'] button[type=submit]")
        .await;
    nav.esperar("#designacao").await;
    assert!(
        nav.texto()
            .await
            .contains("Obras e Serviços Públicos (COSP)")
    );
    nav.definir("parlamentar", &s.p[1].to_string()).await;
    nav.definir("cargo", "presidente").await;
    nav.preencher("designacao", &br(l.inicio)).await;
    nav.clicar("form[action$='/membros'] button[type=submit]")
        .await;
    nav.esperar("a[href$='/desligar']").await;
    nav.client
        .goto(&format!("{}/legislativo/comissoes/cosp", nav.base(&t)))
        .await
        .unwrap();
    nav.esperar("table.composicao").await;
    let texto = nav.texto().await;
    assert!(
        texto.contains("Bruno Dias")
            && texto.contains("Presidente")
            && texto.contains("obras públicas"),
        "{texto}"
    );
    nav.fechar().await;
}
