//! `plenario proxy nginx` (issue #14 item 5): the generated configuration in a real nginx
//! in front of two `plenario serve` processes. Routing by Host over TLS (a self-signed
//! certificate per host, certbot's layout), HTTP → HTTPS, the ACME webroot, a host without a
//! certificate yet, a name not served refused at the handshake, the client's address through
//! the proxy (a forged X-Forwarded-For ignored) in the log and in the login record, both
//! processes answering, rate limits per client behind the proxy, and a server-sent event
//! stream on a painel path passed unbuffered.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::servicos::{Nginx, Serve, certificado, curl, porta_livre, texto};

fn gerar(dir: &Path, saida: &Path, upstreams: &[u16], http: u16, https: u16) {
    let url = testkit::cluster::get().url("plenario");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plenario"));
    cmd.args(["proxy", "nginx", "--listen", "127.0.0.1"])
        .arg("--out")
        .arg(saida)
        .args(["--http-port", &http.to_string()])
        .args(["--https-port", &https.to_string()])
        .arg("--cert-dir")
        .arg(dir.join("live"))
        .arg("--acme-webroot")
        .arg(dir.join("acme"))
        .env("DATABASE_URL", url)
        .env_remove("PLENARIO_CLUSTERS")
        .env("PLENARIO_BASE_DOMAIN", testkit::BASE_DOMAIN)
        .env("PLENARIO_LOG", "warn");
    for p in upstreams {
        cmd.args(["--upstream", &format!("127.0.0.1:{p}")]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", texto(&out));
    assert!(
        texto(&out).contains("aguardando certificado"),
        "{}",
        texto(&out)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn nginx_in_front_of_two_processes_routes_redirects_forwards_and_streams() {
    let env = testkit::TestEnv::new().await;
    let a = env.camara("prx-a", "pool").await;
    let b = env.camara("prx-b", "pool").await;
    let dominio_b = format!("camara-{}.leg.test", b.slug);
    store::infra::catalog::add_domain(
        env.store.control(),
        &b,
        &dominio_b,
        true,
        testkit::BASE_DOMAIN,
    )
    .await
    .unwrap();
    let host_a = format!("{}.{}", a.slug, testkit::BASE_DOMAIN);
    let host_b_sem_cert = format!("{}.{}", b.slug, testkit::BASE_DOMAIN);

    let dir = std::env::temp_dir().join(testkit::unique(&format!(
        "plenario-proxy-{}",
        std::process::id()
    )));
    std::fs::create_dir_all(dir.join("acme/.well-known/acme-challenge")).unwrap();
    certificado(&dir.join("live"), &host_a);
    certificado(&dir.join("live"), &dominio_b);
    std::fs::write(
        dir.join("acme/.well-known/acme-challenge/desafio-1"),
        "resposta-do-desafio",
    )
    .unwrap();

    let url = testkit::cluster::get().url("plenario");
    let proxies = [("PLENARIO_TRUSTED_PROXIES", "127.0.0.1")];
    let p1 = Serve::start(&dir, "app1", &url, &proxies);
    let p2 = Serve::start(&dir, "app2", &url, &proxies);
    let (http, https) = (porta_livre(), porta_livre());
    let conf = dir.join("plenario.conf");
    gerar(&dir, &conf, &[p1.porta, p2.porta], http, https);
    let gerado = std::fs::read_to_string(&conf).unwrap();
    assert!(gerado.contains(&format!(
        "{}/{dominio_b}/fullchain.pem",
        dir.join("live").display()
    )));
    let _nginx = Nginx::start(&dir.join("nginx"), &conf, https);

    // Routing by Host, over TLS, each host with its own certificate.
    for _ in 0..2 {
        let r = texto(&curl(
            &format!("https://{host_a}:{https}/"),
            "127.0.0.2",
            &[],
        ));
        assert!(r.starts_with("HTTP/2 200"), "{r}");
        assert!(r.contains(&a.nome_oficial), "{r}");
        let r = texto(&curl(
            &format!("https://{dominio_b}:{https}/"),
            "127.0.0.2",
            &[],
        ));
        assert!(r.starts_with("HTTP/2 200"), "{r}");
        assert!(
            r.contains(&b.nome_oficial) && !r.contains(&a.nome_oficial),
            "{r}"
        );
    }
    // Both processes answered (round robin over the upstream).
    for p in [&p1, &p2] {
        let log = p.log();
        assert!(log.contains("\"message\":\"respondido\""), "{log}");
    }

    // HTTP: the redirect keeps the path and query; the ACME challenge is served as a file.
    let r = texto(&curl(
        &format!("http://{host_a}:{http}/parlamentares?pagina=2"),
        "127.0.0.2",
        &[],
    ));
    assert!(r.starts_with("HTTP/1.1 301"), "{r}");
    assert!(
        r.to_lowercase().contains(&format!(
            "location: https://{host_a}:{https}/parlamentares?pagina=2"
        )),
        "{r}"
    );
    for h in [&host_a, &host_b_sem_cert] {
        let r = texto(&curl(
            &format!("http://{h}:{http}/.well-known/acme-challenge/desafio-1"),
            "127.0.0.2",
            &[],
        ));
        assert!(
            r.starts_with("HTTP/1.1 200") && r.ends_with("resposta-do-desafio"),
            "{r}"
        );
    }
    // A host without a certificate yet waits on HTTP; a name not served gets no handshake.
    let r = texto(&curl(
        &format!("http://{host_b_sem_cert}:{http}/"),
        "127.0.0.2",
        &[],
    ));
    assert!(
        r.starts_with("HTTP/1.1 503") && r.contains("Certificado TLS ainda não"),
        "{r}"
    );
    let recusa = curl(
        &format!("https://ninguem.leg.test:{https}/"),
        "127.0.0.2",
        &[],
    );
    assert!(!recusa.status.success(), "{}", texto(&recusa));

    // The client's address through the proxy: 127.0.0.2, never the forged header's.
    let jar = dir.join("cookies");
    let jar = jar.to_str().unwrap();
    let login = format!("https://{host_a}:{https}/admin/login");
    let form = texto(&curl(&login, "127.0.0.2", &["-c", jar]));
    assert!(form.starts_with("HTTP/2 200"), "{form}");
    let cookies = std::fs::read_to_string(jar).unwrap();
    let csrf = cookies
        .lines()
        .find_map(|l| l.split('\t').nth(6).filter(|_| l.contains("plenario_csrf")))
        .expect("csrf cookie")
        .to_owned();
    let r = texto(&curl(
        &login,
        "127.0.0.2",
        &[
            "-b",
            jar,
            "-H",
            "X-Forwarded-For: 6.6.6.6",
            "--data",
            &format!("_csrf={csrf}&email=ninguem%40x.example&senha=errada&volta=%2Fadmin"),
        ],
    ));
    assert!(r.starts_with("HTTP/2 "), "{r}");
    let mut su = testkit::cluster::get().superuser("plenario").await;
    let ips: Vec<String> =
        sqlx::query_scalar("SELECT host(ip) FROM app.login_falha WHERE tenant_id = $1")
            .bind(a.id)
            .fetch_all(&mut su)
            .await
            .unwrap();
    assert_eq!(ips, vec!["127.0.0.2".to_owned()]);
    let logs = format!("{}{}", p1.log(), p2.log());
    assert!(
        logs.lines().any(|l| l.contains("\"ip\":\"127.0.0.2\"")
            && l.contains(&format!("\"camara\":\"{}\"", a.slug))),
        "{logs}"
    );
    assert!(!logs.contains("6.6.6.6"), "{logs}");

    // Rate limits per client through the proxy, set by the operator's command: both
    // processes pick the change up from the catalog's NOTIFY; the client behind the proxy
    // (127.0.0.3) is refused, another one (127.0.0.4) is not.
    let out = Command::new(env!("CARGO_BIN_EXE_plenario"))
        .args(["tenant", "limits", &a.slug, "--por-ip", "2"])
        .env("DATABASE_URL", &url)
        .env_remove("PLENARIO_CLUSTERS")
        .env("PLENARIO_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", texto(&out));
    assert!(
        texto(&out).contains("por cliente: 2 por minuto"),
        "{}",
        texto(&out)
    );
    let pagina = format!("https://{host_a}:{https}/parlamentares");
    let recusado = (0..60)
        .map(|_| texto(&curl(&pagina, "127.0.0.3", &[])))
        .find(|r| r.starts_with("HTTP/2 429"))
        .expect("no 429 through the proxy");
    assert!(
        recusado.to_lowercase().contains("retry-after: 30"),
        "{recusado}"
    );
    assert!(recusado.contains("Muitas requisições"), "{recusado}");
    let r = texto(&curl(&pagina, "127.0.0.4", &[]));
    assert!(r.starts_with("HTTP/2 200"), "{r}");

    // A server-sent event stream on a painel path: the first event reaches the client
    // before the upstream writes the second, behind the same configuration (a stub
    // upstream: no SSE route exists yet). nginx 1.22 passes a trickle on even with
    // buffering on; what the painel location adds (no buffering of bursts, no gzip, 1 h
    // timeouts instead of 60 s) is checked in the generator's unit test.
    let fluxo = TcpListener::bind("127.0.0.1:0").unwrap();
    let porta_fluxo = fluxo.local_addr().unwrap().port();
    let (segue, espera) = mpsc::channel::<()>();
    let upstream = std::thread::spawn(move || {
        let (mut s, _) = fluxo.accept().unwrap();
        let mut pedido = Vec::new();
        let mut b = [0u8; 1];
        while !pedido.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut b).unwrap();
            pedido.push(b[0]);
        }
        let evento = |t: &str| format!("{:x}\r\n{t}\r\n", t.len());
        write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
             Transfer-Encoding: chunked\r\n\r\n{}",
            evento("data: um\n\n")
        )
        .unwrap();
        s.flush().unwrap();
        espera.recv_timeout(Duration::from_secs(30)).unwrap();
        write!(s, "{}0\r\n\r\n", evento("data: dois\n\n")).unwrap();
        String::from_utf8_lossy(&pedido).into_owned()
    });
    let (http2, https2) = (porta_livre(), porta_livre());
    let conf2 = dir.join("fluxo.conf");
    gerar(&dir, &conf2, &[porta_fluxo], http2, https2);
    let _nginx2 = Nginx::start(&dir.join("nginx2"), &conf2, https2);
    let mut cliente = Command::new("curl")
        .args(["-sS", "-k", "-N", "--max-time", "60", "--resolve"])
        .arg(format!("{host_a}:{https2}:127.0.0.1"))
        .arg(format!(
            "https://{host_a}:{https2}/sessoes/1/painel/eventos"
        ))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (linhas_tx, linhas) = mpsc::channel::<String>();
    let saida = cliente.stdout.take().unwrap();
    std::thread::spawn(move || {
        for l in BufReader::new(saida).lines().map_while(Result::ok) {
            if linhas_tx.send(l).is_err() {
                break;
            }
        }
    });
    let primeira = linhas
        .recv_timeout(Duration::from_secs(30))
        .expect("the first event was held by the proxy");
    assert_eq!(primeira, "data: um");
    segue.send(()).unwrap();
    let resto: Vec<String> = linhas.iter().collect();
    assert!(resto.contains(&"data: dois".to_owned()), "{resto:?}");
    assert!(cliente.wait().unwrap().success());
    let pedido = upstream.join().unwrap().to_lowercase();
    assert!(pedido.contains("x-forwarded-proto: https"), "{pedido}");
    assert!(pedido.contains("x-forwarded-for: 127.0.0.1"), "{pedido}");
    drop((_nginx, _nginx2, p1, p2));
    let _ = std::fs::remove_dir_all(&dir);
}
