//! `plenario dev`, the README's first command: embedded cluster, demo câmaras, server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn http_get(port: u16, host: &str, path: &str) -> String {
    http(port, "GET", host, path, "", "")
}

fn http(port: u16, method: &str, host: &str, path: &str, cookie: &str, body: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// The value of `name` in a response's Set-Cookie headers.
fn set_cookie(resp: &str, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    resp.lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .find_map(|c| {
            c.split(';')
                .next()?
                .strip_prefix(&prefix)
                .map(str::to_owned)
        })
}

#[test]
fn dev_starts_demo_camaras_and_stops_cleanly_on_ctrl_c() {
    let home = std::env::temp_dir().join(testkit::unique("dev-home"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_plenario"))
        .args(["dev", "--listen", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .env("PLENARIO_HOME", &home)
        .env("PLENARIO_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    let port = loop {
        let line = lines.next().expect("dev exited early").unwrap();
        printed.push(line.clone());
        if let Some(rest) = line.strip_prefix("Servindo em http://127.0.0.1:") {
            break rest
                .trim_end_matches('/')
                .split('/')
                .next()
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse::<u16>()
                .unwrap();
        }
    };
    let all = printed.join("\n");
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
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(!home.join("data").join("postmaster.pid").exists());
    let _ = std::fs::remove_dir_all(&home);
}
