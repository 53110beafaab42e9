//! PgBouncer (issue #14, item 8): `plenario serve` with every connection (administrative
//! and `plenario_app`) through a real PgBouncer whose pool is smaller than the number of
//! câmaras, and câmaras' pages walked over HTTP concurrently: every answer is 200 and names
//! its own câmara only. The tenant setting is transaction-local (`SET LOCAL` inside each
//! request's transaction), so a server connection passed from one câmara's request to
//! another's carries nothing over.
//!
//! Session mode: Debian 12's PgBouncer (1.18) cannot carry sqlx's named prepared
//! statements in transaction mode (`prepared statement "sqlx_s_1" already exists`, seen
//! here); PgBouncer 1.21+ with `max_prepared_statements` can. See docs/operations.md.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::comum::http_get;
use super::servicos::{Filho, Serve, porta_livre};

/// PgBouncer from a folder of its own, in front of the test cluster's Unix socket.
fn pgbouncer(dir: &Path, porta: u16, pool: u32) -> Filho {
    let bin = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("pgbouncer não está instalado (apt-get install pgbouncer; .ci/run o instala)");
    std::fs::create_dir_all(dir).unwrap();
    let socket = testkit::cluster::get()
        .url("plenario")
        .rsplit_once("host=")
        .map(|(_, h)| h.to_owned())
        .unwrap();
    std::fs::write(
        dir.join("users.txt"),
        "\"postgres\" \"\"\n\"plenario_app\" \"\"\n",
    )
    .unwrap();
    let d = dir.display();
    std::fs::write(
        dir.join("pgbouncer.ini"),
        format!(
            "[databases]\n* = host={socket} port=5432\n\n[pgbouncer]\n\
             listen_addr = 127.0.0.1\nlisten_port = {porta}\nunix_socket_dir =\n\
             auth_type = trust\nauth_file = {d}/users.txt\npool_mode = session\n\
             default_pool_size = {pool}\nmin_pool_size = 0\nreserve_pool_size = 0\n\
             max_client_conn = 500\nlogfile = {d}/pgbouncer.log\npidfile = {d}/pgbouncer.pid\n\
             ignore_startup_parameters = extra_float_digits,options,application_name\n"
        ),
    )
    .unwrap();
    let mut cmd = Command::new(bin);
    cmd.arg(dir.join("pgbouncer.ini"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // PgBouncer refuses to run as root; the test cluster's socket is open to every user.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(dir, Some(65534), Some(65534)).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        std::os::unix::process::CommandExt::uid(&mut cmd, 65534);
        std::os::unix::process::CommandExt::gid(&mut cmd, 65534);
    }
    let mut filho = Filho(cmd.spawn().unwrap());
    let fim = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", porta)).is_err() {
        if !matches!(filho.0.try_wait(), Ok(None)) || Instant::now() > fim {
            panic!(
                "pgbouncer não subiu:\n{}",
                std::fs::read_to_string(dir.join("pgbouncer.log")).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    filho
}

#[tokio::test(flavor = "multi_thread")]
async fn camaras_walked_through_pgbouncer_with_a_pool_smaller_than_the_camaras_never_leak() {
    let env = testkit::TestEnv::new().await;
    let mut camaras = Vec::new();
    for _ in 0..10 {
        // "…pgb-5-x" is no part of "…pgb-55-x": a name found is that câmara's.
        let slug = format!("{}-x", testkit::unique("pgb"));
        camaras.push(env.camara_with_slug(&slug, "pool").await);
    }
    let dir = std::env::temp_dir().join(testkit::unique(&format!(
        "plenario-pgbouncer-{}",
        std::process::id()
    )));
    let porta = porta_livre();
    // 6 server connections per (database, role), fewer than the 10 câmaras walked at once:
    // Plenário's pools are per database, never per câmara (3 application connections).
    let _pgb = pgbouncer(&dir.join("pgb"), porta, 6);
    let url = format!("postgres://postgres@127.0.0.1:{porta}/plenario");
    let app = Serve::start(
        &dir,
        "app",
        &url,
        &[
            ("PLENARIO_POOL_MAX", "3"),
            ("PLENARIO_DB_ACQUIRE_TIMEOUT_MS", "10000"),
        ],
    );
    let porta_app = app.porta;
    let nomes: Vec<(String, String)> = camaras
        .iter()
        .map(|t| (testkit::http::host_of(t), t.nome_oficial.clone()))
        .collect();
    let caminhos = ["/", "/parlamentares", "/admin/login", "/api/v1/partidos"];
    let mut fios = Vec::new();
    for fio in 0..6 {
        let nomes = nomes.clone();
        fios.push(std::thread::spawn(move || {
            let mut achados = Vec::new();
            for volta in 0..3 {
                for (i, (host, nome)) in nomes.iter().enumerate() {
                    let caminho = caminhos[(i + fio + volta) % caminhos.len()];
                    let r = http_get(porta_app, host, caminho);
                    if !r.starts_with("HTTP/1.1 200") {
                        achados.push(format!(
                            "{host}{caminho}: {}",
                            r.lines().next().unwrap_or("")
                        ));
                    }
                    if caminho != "/api/v1/partidos" && !r.contains(nome.as_str()) {
                        achados.push(format!("{host}{caminho}: sem o nome da câmara"));
                    }
                    for (outro, outro_nome) in &nomes {
                        if outro != host && r.contains(outro_nome.as_str()) {
                            achados.push(format!("{host}{caminho}: mostra {outro}"));
                        }
                    }
                }
            }
            achados
        }));
    }
    let achados: Vec<String> = fios.into_iter().flat_map(|f| f.join().unwrap()).collect();
    assert!(achados.is_empty(), "{achados:#?}\n{}", app.log());
    let log = app.log();
    assert!(!log.contains("\"level\":\"ERROR\""), "{log}");
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}
