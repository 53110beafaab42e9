//! Real services around the `plenario` binary for the operating tests: `plenario serve`
//! processes on the test cluster, nginx run unprivileged from a folder of its own, curl as
//! the client (TLS, a chosen source address, SNI by name).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A free TCP port on loopback (bound then released: the service binds it next).
pub fn porta_livre() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills the child when dropped.
pub struct Filho(pub Child);

impl Drop for Filho {
    fn drop(&mut self) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        let fim = Instant::now() + Duration::from_secs(5);
        while Instant::now() < fim {
            if !matches!(self.0.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One `plenario serve` process on the test cluster, its JSON log in `log`.
pub struct Serve {
    pub porta: u16,
    pub log: PathBuf,
    _filho: Filho,
}

impl Serve {
    /// `database_url` is the administrative URL (`DATABASE_URL`); `extra` more variables.
    pub fn start(dir: &Path, nome: &str, database_url: &str, extra: &[(&str, &str)]) -> Self {
        let log = dir.join(format!("{nome}.log"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plenario"));
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .env("DATABASE_URL", database_url)
            .env_remove("PLENARIO_CLUSTERS")
            .env("PLENARIO_FILES_DIR", testkit::cluster::get().files_dir())
            .env("PLENARIO_BASE_DOMAIN", testkit::BASE_DOMAIN)
            .env("PLENARIO_JOBS", "0")
            .env("PLENARIO_LOG_FORMAT", "json")
            .env("PLENARIO_LOG", "info,sqlx=warn,tower_http=warn")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let filho = Filho(child);
        let mut linhas = BufReader::new(stdout).lines();
        let porta = loop {
            let Some(Ok(l)) = linhas.next() else {
                panic!(
                    "plenario serve ({nome}) saiu antes de servir:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            };
            if let Some(resto) = l.strip_prefix("Servindo em http://127.0.0.1:") {
                break resto.split('/').next().unwrap().parse::<u16>().unwrap();
            }
        };
        // Keep reading what it prints, so a later line never meets a closed pipe.
        std::thread::spawn(move || for _ in linhas {});
        Self {
            porta,
            log,
            _filho: filho,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Kills the process with SIGKILL (no shutdown of any kind) and reaps it.
    pub fn matar(&mut self) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self._filho.0.id() as i32, libc::SIGKILL) };
        let _ = self._filho.0.wait();
    }
}

/// nginx from a folder of its own (pid, logs, temp paths), with `incluir` in its `http`
/// block, in the foreground, as a child of the test.
pub struct Nginx {
    _filho: Filho,
}

impl Nginx {
    /// Starts nginx and waits until `porta` accepts connections.
    pub fn start(dir: &Path, incluir: &Path, porta: u16) -> Self {
        let bin = ["/usr/sbin/nginx", "/usr/bin/nginx"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("nginx não está instalado (apt-get install nginx-light; .ci/run o instala)");
        std::fs::create_dir_all(dir.join("tmp")).unwrap();
        let d = dir.display();
        let conf = dir.join("nginx.conf");
        std::fs::write(
            &conf,
            format!(
                "worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
                 events {{ worker_connections 256; }}\n\
                 http {{\n  access_log off;\n  client_body_temp_path {d}/tmp/body;\n  \
                 proxy_temp_path {d}/tmp/proxy;\n  fastcgi_temp_path {d}/tmp/fastcgi;\n  \
                 uwsgi_temp_path {d}/tmp/uwsgi;\n  scgi_temp_path {d}/tmp/scgi;\n  \
                 include {};\n}}\n",
                incluir.display()
            ),
        )
        .unwrap();
        let teste = Command::new(bin)
            .arg("-t")
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf)
            .output()
            .unwrap();
        assert!(
            teste.status.success(),
            "nginx -t recusou a configuração gerada:\n{}",
            String::from_utf8_lossy(&teste.stderr)
        );
        let filho = Filho(
            Command::new(bin)
                .arg("-p")
                .arg(dir)
                .arg("-c")
                .arg(&conf)
                .args(["-g", "daemon off;"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let mut n = Self { _filho: filho };
        let fim = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", porta)).is_err() {
            if !matches!(n._filho.0.try_wait(), Ok(None)) || Instant::now() > fim {
                panic!(
                    "nginx não subiu:\n{}",
                    std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        n
    }
}

/// A self-signed certificate for `host` in certbot's layout under `live`.
pub fn certificado(live: &Path, host: &str) {
    let d = live.join(host);
    std::fs::create_dir_all(&d).unwrap();
    let out = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .arg("ec_paramgen_curve:prime256v1")
        .args(["-nodes", "-days", "2", "-subj"])
        .arg(format!("/CN={host}"))
        .arg("-addext")
        .arg(format!("subjectAltName=DNS:{host}"))
        .arg("-keyout")
        .arg(d.join("privkey.pem"))
        .arg("-out")
        .arg(d.join("fullchain.pem"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// curl to `url` (its host resolved to 127.0.0.1), from the source address `origem`,
/// headers included in the output; `args` more options.
pub fn curl(url: &str, origem: &str, args: &[&str]) -> Output {
    let sem_esquema = url.split_once("://").map_or(url, |(_, r)| r);
    let autoridade = sem_esquema.split('/').next().unwrap();
    let (host, porta) = autoridade.rsplit_once(':').unwrap();
    Command::new("curl")
        .args(["-sS", "-k", "-i", "--max-time", "30", "--interface", origem])
        .arg("--resolve")
        .arg(format!("{host}:{porta}:127.0.0.1"))
        .args(args)
        .arg(url)
        .output()
        .unwrap()
}

pub fn texto(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
