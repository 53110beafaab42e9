//! `plenario dev`, the README's first command: embedded cluster, demo câmaras, server.

use super::comum::{DevServer, http, http_get, set_cookie};

#[test]
fn dev_starts_demo_camaras_and_stops_cleanly_on_ctrl_c() {
    let mut dev = DevServer::start();
    let port = dev.port;
    let home = dev.home.clone();
    let all = dev.printed.clone();
    for slug in ["olinda", "ouro-preto", "paraty"] {
        assert!(
            all.contains(&format!("http://{slug}.localhost:{port}/")),
            "{all}"
        );
    }
    assert!(
        all.contains("dedicated@main/plenario_paraty") && all.contains("pool@main"),
        "{all}"
    );
    let page = http_get(port, "paraty.localhost", "/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Câmara Municipal de Paraty"), "{page}");
    assert!(http_get(port, "ouro-preto.localhost", "/").contains("Praça Tiradentes"));
    assert!(http_get(port, "desconhecida.localhost", "/").starts_with("HTTP/1.1 404"));
    let parl = http_get(port, "olinda.localhost", "/parlamentares");
    assert!(
        parl.starts_with("HTTP/1.1 200") && parl.matches("href=\"/parlamentares/").count() >= 15,
        "the generated 15 seats: {parl}"
    );

    // The demo administrator logs in with the password `dev` printed.
    assert!(
        all.contains("admin@<câmara>.example, senha Plenario#Demo2026"),
        "{all}"
    );
    let form = http_get(port, "olinda.localhost", "/admin/login");
    let csrf = set_cookie(&form, "plenario_csrf").expect("csrf cookie");
    let body = format!(
        "_csrf={csrf}&email=admin%40olinda.example&senha=Plenario%23Demo2026&volta=%2Fadmin"
    );
    let logged = http(
        port,
        "POST",
        "olinda.localhost",
        "/admin/login",
        &format!("plenario_csrf={csrf}"),
        &body,
    );
    assert!(logged.starts_with("HTTP/1.1 303"), "{logged}");
    assert!(
        logged.to_lowercase().contains("location: /admin\r\n"),
        "{logged}"
    );
    let session = set_cookie(&logged, "plenario_sessao").expect("session cookie");
    let painel = http(
        port,
        "GET",
        "olinda.localhost",
        "/admin",
        &format!("plenario_sessao={session}"),
        "",
    );
    assert!(
        painel.starts_with("HTTP/1.1 200") && painel.contains("Administrador"),
        "{painel}"
    );

    // Ctrl-C: the server and its private PostgreSQL stop.
    assert!(dev.stop(), "dev did not exit cleanly");
    assert!(!home.join("data").join("postmaster.pid").exists());
}
