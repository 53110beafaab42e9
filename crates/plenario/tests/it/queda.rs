//! `kill -9` of a `plenario serve` process during a burst of writes (issue #14's quality
//! bar): every write it acknowledged with a 2xx is in the database afterwards, and a new
//! process serves at once. The writes are citizens' requests to follow a proposição (public,
//! one row each), from eight clients at once, each request from its own address through the
//! trusted proxy header so the per-address limit of the form does not stop the burst.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::comum::http_get;
use super::servicos::Serve;

/// One POST; `None` when the connection fails or ends without an answer (the process died).
fn seguir(porta: u16, host: &str, proposicao: Uuid, email: &str, ip: &str) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", porta)).ok()?;
    let corpo = format!("email={}", email.replace('@', "%40"));
    write!(
        s,
        "POST /legislativo/proposicoes/{proposicao}/acompanhar HTTP/1.1\r\nHost: {host}\r\n\
         Connection: close\r\nX-Forwarded-For: {ip}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{corpo}",
        corpo.len()
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    out.split(' ').nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_during_a_burst_of_writes_loses_no_acknowledged_write() {
    let env = testkit::TestEnv::new().await;
    let a = env.camara("queda", "pool").await;
    testkit::fixtures::populate(&env.store, &a).await;
    let mut su = testkit::cluster::get().superuser("plenario").await;
    let proposicao: Uuid =
        sqlx::query_scalar("SELECT id FROM app.proposicao WHERE tenant_id = $1 LIMIT 1")
            .bind(a.id)
            .fetch_one(&mut su)
            .await
            .unwrap();
    let dir = std::env::temp_dir().join(testkit::unique(&format!(
        "plenario-queda-{}",
        std::process::id()
    )));
    std::fs::create_dir_all(&dir).unwrap();
    let url = testkit::cluster::get().url("plenario");
    let extra = [
        ("PLENARIO_TRUSTED_PROXIES", "127.0.0.1"),
        ("PLENARIO_LIMITE_IP", "0"),
        ("PLENARIO_LIMITE_CAMARA", "0"),
    ];
    let mut p1 = Serve::start(&dir, "app1", &url, &extra);
    let host = format!("{}.{}", a.slug, testkit::BASE_DOMAIN);

    let aceitos = Arc::new(Mutex::new(Vec::<String>::new()));
    let contagem = Arc::new(AtomicUsize::new(0));
    let fim = Arc::new(AtomicBool::new(false));
    let porta = p1.porta;
    let clientes: Vec<_> = (0..8u32)
        .map(|c| {
            let (aceitos, contagem, fim, host) =
                (aceitos.clone(), contagem.clone(), fim.clone(), host.clone());
            std::thread::spawn(move || {
                let mut recusados = 0;
                for i in 0u32.. {
                    if fim.load(Ordering::Acquire) {
                        break;
                    }
                    let email = format!("queda-{c}-{i}@cidadao.example");
                    let ip = format!("10.{c}.{}.{}", i / 250, i % 250 + 1);
                    match seguir(porta, &host, proposicao, &email, &ip) {
                        Some(s) if (200..300).contains(&s) => {
                            aceitos.lock().unwrap().push(email);
                            contagem.fetch_add(1, Ordering::AcqRel);
                        }
                        Some(s) => panic!("{email}: {s}"),
                        // The process is gone: this client stops after a few refusals.
                        None => {
                            recusados += 1;
                            if recusados > 3 {
                                break;
                            }
                        }
                    }
                }
            })
        })
        .collect();

    // Mid-burst: at least 40 writes acknowledged, then SIGKILL.
    let prazo = Instant::now() + Duration::from_secs(120);
    while contagem.load(Ordering::Acquire) < 40 {
        assert!(Instant::now() < prazo, "the burst never got going");
        std::thread::sleep(Duration::from_millis(10));
    }
    p1.matar();
    fim.store(true, Ordering::Release);
    for c in clientes {
        c.join().unwrap();
    }
    let aceitos = aceitos.lock().unwrap().clone();
    assert!(aceitos.len() >= 40, "{}", aceitos.len());

    // Every acknowledged write is there.
    let guardados: Vec<String> = sqlx::query_scalar(
        "SELECT lower(email) FROM app.acompanhamento WHERE tenant_id = $1 AND email LIKE 'queda-%'",
    )
    .bind(a.id)
    .fetch_all(&mut su)
    .await
    .unwrap();
    let faltam: Vec<_> = aceitos
        .iter()
        .filter(|e| !guardados.contains(&e.to_lowercase()))
        .collect();
    assert!(faltam.is_empty(), "lost after kill -9: {faltam:?}");
    eprintln!(
        "{} writes acknowledged before kill -9, {} rows found",
        aceitos.len(),
        guardados.len()
    );

    // A new process serves at once, and the next write is acknowledged and kept.
    let p2 = Serve::start(&dir, "app2", &url, &extra);
    let r = http_get(p2.porta, &host, "/");
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let s = seguir(
        p2.porta,
        &host,
        proposicao,
        "depois@cidadao.example",
        "10.99.0.1",
    );
    assert_eq!(s, Some(200));
    let _ = std::fs::remove_dir_all(&dir);
}
