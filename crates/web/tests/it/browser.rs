//! In a real headless Chromium (Debian's chromium + chromium-driver): an administrator logs
//! in with a password and a TOTP code, creates a user, changes the câmara's colours and
//! sees them on the public home page.

use std::time::Duration;

use domain::auth::Papel;
use fantoccini::Locator;
use serde_json::json;
use store::auditoria::Autor;
use store::conta::segundo_fator;
use store::conta::usuarios::{self, NovoUsuario};
use store::{Access, TenantTx};
use testkit::TestEnv;
use testkit::browser::Navegador;

const SENHA: &str = "Navegador#Camara2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_logs_in_with_totp_creates_a_user_and_recolours_the_portal() {
    // The câmara, its administrator (password + TOTP), and the server on a real port.
    let env = TestEnv::new().await;
    let t = env.camara("navegador", "pool").await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Write)
        .await
        .unwrap();
    let autor = Autor::cli("teste");
    let (admin, _) = usuarios::criar(
        &mut tx,
        &autor,
        &NovoUsuario {
            nome: "Helena Administradora".into(),
            email: "helena@camara.example".into(),
            papel: Papel::Admin,
        },
    )
    .await
    .unwrap();
    usuarios::definir_senha(&mut tx, &autor, &admin, SENHA, false, None)
        .await
        .unwrap();
    let (secret, _) = segundo_fator::iniciar(&mut tx, &admin, "Plenário")
        .await
        .unwrap();
    segundo_fator::confirmar(
        &mut tx,
        &autor,
        &admin,
        &segundo_fator::codigo_atual(&secret).unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    tx.commit().await.unwrap();
    let Some(nav) = Navegador::abrir(&env).await else {
        return;
    };
    let base = nav.base(&t);
    let c = &nav.client;
    let wait = || c.wait().at_most(Duration::from_secs(15));

    // Log in: password, then the code of the next 30-second step.
    c.goto(&format!("{base}/admin/login")).await.unwrap();
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("helena@camara.example")
        .await
        .unwrap();
    c.find(Locator::Id("senha"))
        .await
        .unwrap()
        .send_keys(SENHA)
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let codigo = wait().for_element(Locator::Id("codigo")).await.unwrap();
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    codigo
        .send_keys(&segundo_fator::codigo_em(&secret, unix + 30).unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait()
        .for_element(Locator::Css("nav.menu-admin a[href='/admin/usuarios']"))
        .await
        .unwrap();

    // Create a user.
    c.goto(&format!("{base}/admin/usuarios")).await.unwrap();
    c.find(Locator::Id("nome"))
        .await
        .unwrap()
        .send_keys("Paulo Editor")
        .await
        .unwrap();
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("paulo@camara.example")
        .await
        .unwrap();
    c.execute("document.getElementById('papel').value = 'EDITOR';", vec![])
        .await
        .unwrap();
    c.find(Locator::Css(
        "form[action='/admin/usuarios'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    let senha = wait()
        .for_element(Locator::Css(".sucesso code.senha"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(senha.len(), 19, "one-time password shown: {senha}");

    // Change the colours: the preview follows as we type, the portal after saving.
    c.goto(&format!("{base}/admin/configuracoes"))
        .await
        .unwrap();
    let preview = c
        .execute(
            "const i = document.getElementById('cor_primaria'); i.value = '#8a1538';
             i.dispatchEvent(new Event('input'));
             return getComputedStyle(document.getElementById('previa')).getPropertyValue('--cor-primaria').trim();",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(preview, json!("#8a1538"));
    // The contrast of white text follows the colour: a warning for a light one.
    let contraste = |cor: &'static str| {
        let c = c.clone();
        async move {
            c.execute(
                "const i = document.getElementById('cor_primaria'); i.value = arguments[0];
                 i.dispatchEvent(new Event('input'));
                 return document.getElementById('contraste-primaria').textContent;",
                vec![json!(cor)],
            )
            .await
            .unwrap()
        }
    };
    let claro = contraste("#ffee88").await;
    assert!(
        claro
            .as_str()
            .unwrap_or_default()
            .starts_with("Contraste baixo com o texto branco: 1,1:1"),
        "{claro}"
    );
    let escuro = contraste("#8a1538").await;
    assert_eq!(
        escuro,
        json!("Contraste com o texto branco: 9,3:1 (o mínimo é 4,5:1).")
    );
    c.find(Locator::Css(
        "form[action^='/admin/configuracoes?'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    wait().for_element(Locator::Css("p.sucesso")).await.unwrap();
    c.goto(&format!("{base}/")).await.unwrap();
    let bg = c
        .execute(
            "return getComputedStyle(document.querySelector('header.topo')).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(bg, json!("rgb(138, 21, 56)"));

    nav.fechar().await;
    let mut tx = TenantTx::begin(&env.store, &t, Access::Read).await.unwrap();
    assert_eq!(
        usuarios::por_email(&mut tx, "paulo@camara.example")
            .await
            .unwrap()
            .papel,
        Papel::Editor
    );
}
