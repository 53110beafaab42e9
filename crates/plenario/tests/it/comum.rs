//! `plenario dev` run as a child process, and a bare HTTP/1.1 client for it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub fn http_get(port: u16, host: &str, path: &str) -> String {
    http(port, "GET", host, path, "", "")
}

pub fn http(port: u16, method: &str, host: &str, path: &str, cookie: &str, body: &str) -> String {
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
pub fn set_cookie(resp: &str, name: &str) -> Option<String> {
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

/// `plenario dev` on a free port, with its own home (embedded cluster, demo câmaras).
pub struct DevServer {
    pub child: Child,
    pub port: u16,
    pub home: PathBuf,
    /// What it printed up to "Servindo em".
    pub printed: String,
}

impl DevServer {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// With more environment variables.
    pub fn start_with(extra: &[(&str, &str)]) -> Self {
        let home = std::env::temp_dir().join(testkit::unique("dev-home"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plenario"));
        cmd.args(["dev", "--listen", "127.0.0.1:0"])
            .env_remove("DATABASE_URL")
            .env("PLENARIO_HOME", &home)
            .env("PLENARIO_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
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
        Self {
            child,
            port,
            home,
            printed: printed.join("\n"),
        }
    }

    /// Ctrl-C, as an operator would; returns whether it exited cleanly.
    pub fn stop(&mut self) -> bool {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        self.child.wait().is_ok_and(|s| s.success())
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.stop();
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}
