//! `plenario dev`, the README's first command: embedded cluster, demo câmaras, server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn http_get(port: u16, host: &str, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
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

    // Ctrl-C: the server and its private PostgreSQL stop.
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(!home.join("data").join("postmaster.pid").exists());
    let _ = std::fs::remove_dir_all(&home);
}
