//! A tiny SMTP server for tests: accepts every message and keeps it in memory.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A message as received: the envelope recipients and the raw data.
#[derive(Debug, Clone)]
pub struct Recebido {
    pub para: Vec<String>,
    pub dados: String,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    recebidos: Arc<Mutex<Vec<Recebido>>>,
}

impl SmtpSink {
    /// Listens on 127.0.0.1 (a free port) until the runtime ends.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let recebidos = Arc::new(Mutex::new(Vec::new()));
        let sink = Self {
            port,
            recebidos: recebidos.clone(),
        };
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recebidos = recebidos.clone();
                tokio::spawn(async move {
                    let (r, mut w) = stream.into_split();
                    let mut lines = BufReader::new(r).lines();
                    let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                    let mut para = Vec::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") {
                            b"250-sink\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            para.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
                            b"250 OK\r\n"
                        } else if upper == "DATA" {
                            let _ = w.write_all(b"354 go on\r\n").await;
                            let mut dados = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                dados.push_str(l.strip_prefix('.').unwrap_or(&l));
                                dados.push('\n');
                            }
                            recebidos.lock().unwrap().push(Recebido {
                                para: std::mem::take(&mut para),
                                dados,
                            });
                            b"250 queued\r\n"
                        } else if upper == "QUIT" {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 OK\r\n"
                        };
                        if w.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn recebidos(&self) -> Vec<Recebido> {
        self.recebidos.lock().unwrap().clone()
    }
}
