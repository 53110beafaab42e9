//! A real HTTP client of Server-Sent Events: the application served on a TCP port (the
//! router `serve` builds), a plain HTTP/1.1 connection, the chunked body decoded and read
//! event by event. Waits on the stream itself with a timeout, never a sleep.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::http::TestApp;

/// The application listening on a local port until dropped.
pub struct Servidor {
    pub addr: SocketAddr,
    tarefa: tokio::task::JoinHandle<()>,
}

impl Drop for Servidor {
    fn drop(&mut self) {
        self.tarefa.abort();
    }
}

impl Servidor {
    pub async fn iniciar(app: &TestApp) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = app.router.clone();
        let tarefa = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        Self { addr, tarefa }
    }

    /// Opens `path` on `host` as an event stream (with a session cookie, if given).
    pub async fn assinar(&self, host: &str, path: &str, cookie: Option<&str>) -> Fluxo {
        let mut s = TcpStream::connect(self.addr).await.unwrap();
        let cookie = cookie.map_or(String::new(), |c| format!("Cookie: {c}\r\n"));
        let pedido = format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n{cookie}\r\n"
        );
        s.write_all(pedido.as_bytes()).await.unwrap();
        let mut leitor = BufReader::new(s);
        let mut linha = String::new();
        leitor.read_line(&mut linha).await.unwrap();
        let status: u16 = linha
            .split_whitespace()
            .nth(1)
            .and_then(|x| x.parse().ok())
            .unwrap_or(0);
        let mut cabecalhos = Vec::new();
        loop {
            let mut l = String::new();
            leitor.read_line(&mut l).await.unwrap();
            if l.trim_end().is_empty() {
                break;
            }
            cabecalhos.push(l.trim_end().to_lowercase());
        }
        let chunked = cabecalhos
            .iter()
            .any(|h| h.starts_with("transfer-encoding:") && h.contains("chunked"));
        Fluxo {
            status,
            cabecalhos,
            leitor,
            chunked,
            pendente: String::new(),
            fim: false,
        }
    }
}

/// An open event stream.
pub struct Fluxo {
    pub status: u16,
    /// The response's headers, lowercased.
    pub cabecalhos: Vec<String>,
    leitor: BufReader<TcpStream>,
    chunked: bool,
    pendente: String,
    fim: bool,
}

impl Fluxo {
    /// More of the body, decoded; `false` at its end.
    async fn ler(&mut self) -> bool {
        if self.fim {
            return false;
        }
        if !self.chunked {
            let mut buf = [0u8; 4096];
            let n = self.leitor.read(&mut buf).await.unwrap_or(0);
            self.pendente.push_str(&String::from_utf8_lossy(&buf[..n]));
            self.fim = n == 0;
            return n > 0;
        }
        let mut tamanho = String::new();
        if self.leitor.read_line(&mut tamanho).await.unwrap_or(0) == 0 {
            self.fim = true;
            return false;
        }
        let n = usize::from_str_radix(tamanho.trim(), 16).unwrap_or(0);
        let mut corpo = vec![0u8; n + 2];
        if n == 0 || self.leitor.read_exact(&mut corpo).await.is_err() {
            self.fim = true;
            return false;
        }
        self.pendente
            .push_str(&String::from_utf8_lossy(&corpo[..n]));
        true
    }

    /// The next event's `(event, data)`, `None` when the stream ended or `espera` passed.
    pub async fn proximo(&mut self, espera: Duration) -> Option<(String, String)> {
        let ate = tokio::time::Instant::now() + espera;
        loop {
            if let Some(i) = self.pendente.find("\n\n") {
                let bloco: String = self.pendente.drain(..i + 2).collect();
                let mut evento = String::from("message");
                let mut dados = Vec::new();
                for l in bloco.lines() {
                    if let Some(v) = l.strip_prefix("event:") {
                        evento = v.trim().to_owned();
                    } else if let Some(v) = l.strip_prefix("data:") {
                        dados.push(v.strip_prefix(' ').unwrap_or(v).to_owned());
                    }
                }
                if dados.is_empty() {
                    continue; // a comment (keep-alive) or a retry line
                }
                return Some((evento, dados.join("\n")));
            }
            match tokio::time::timeout_at(ate, self.ler()).await {
                Ok(true) => {}
                Ok(false) | Err(_) => return None,
            }
        }
    }

    /// The next `estado` snapshot, parsed.
    pub async fn estado(&mut self, espera: Duration) -> Option<serde_json::Value> {
        loop {
            let (evento, dados) = self.proximo(espera).await?;
            if evento == "estado" {
                return Some(serde_json::from_str(&dados).unwrap());
            }
        }
    }

    /// Snapshots until one satisfies `ate`; panics after `espera` or at the stream's end,
    /// with every snapshot seen.
    pub async fn esperar(
        &mut self,
        espera: Duration,
        ate: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let limite = tokio::time::Instant::now() + espera;
        let mut vistos = Vec::new();
        loop {
            let resta = limite.saturating_duration_since(tokio::time::Instant::now());
            match self.estado(resta).await {
                Some(q) if ate(&q) => return q,
                Some(q) => vistos.push(q),
                None => panic!("nenhum estado esperado em {espera:?}; vistos: {vistos:#?}"),
            }
        }
    }

    /// Whether the stream ends within `espera` (after any events still pending).
    pub async fn termina(&mut self, espera: Duration) -> bool {
        let limite = tokio::time::Instant::now() + espera;
        loop {
            let resta = limite.saturating_duration_since(tokio::time::Instant::now());
            if self.proximo(resta).await.is_none() {
                return self.fim;
            }
        }
    }
}
