//! `plenario proxy nginx`: the nginx configuration for every host this deployment answers
//! (each câmara's `<slug>.<base domain>` and custom domains, and the master panel's host),
//! in front of one or more app processes.
//!
//! What it writes, to be included in the `http` block of Debian's stock `nginx.conf`
//! (`/etc/nginx/conf.d/plenario.conf`):
//! * an `upstream` of every app process given (`--upstream`, repeated), with keep-alive;
//! * the proxy headers Plenário reads (`Host`, `X-Forwarded-For`, `X-Forwarded-Proto`,
//!   `X-Real-IP`), gzip of text answers, the body limit;
//! * port 80: the ACME http-01 webroot (`/.well-known/acme-challenge/`, for `certbot
//!   certonly --webroot`) and a 301 to HTTPS for every host with a certificate; a host
//!   whose certificate is not there yet answers 503 on HTTP (its challenge still works), so
//!   the first certificate can be issued with nginx running;
//! * port 443: one server per host with its certificate in the certbot layout
//!   (`<cert dir>/<host>/fullchain.pem`, `privkey.pem`), and a default server that refuses
//!   the TLS handshake for a name it does not serve (no câmara's certificate is shown for
//!   another name);
//! * the painel paths (`…/painel…`, `…/eventos`: server-sent events) unbuffered, without
//!   gzip, with hour-long timeouts.
//!
//! Regenerate after creating a câmara or a domain (and after certbot issues a
//! certificate: `--deploy-hook`), then `nginx -t && systemctl reload nginx`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use store::Store;

use crate::env::{CliError, DbArgs};

#[derive(Debug, Subcommand)]
pub enum ProxyCommand {
    /// Print (or write) the nginx configuration for every câmara's hosts and the platform's.
    Nginx {
        /// Write to this file (atomically) instead of printing.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        opcoes: Opcoes,
    },
}

/// What the configuration is made of, apart from the hosts.
#[derive(Debug, Clone, clap::Args)]
pub struct Opcoes {
    /// An app process (`plenario serve --listen`): host:port or unix:/path; repeat for
    /// several.
    #[arg(long = "upstream", default_value = "127.0.0.1:8080")]
    pub upstreams: Vec<String>,
    /// Address nginx listens on (default: every IPv4 and IPv6 address).
    #[arg(long)]
    pub listen: Option<String>,
    #[arg(long, default_value_t = 80)]
    pub http_port: u16,
    #[arg(long, default_value_t = 443)]
    pub https_port: u16,
    /// The certificates, one folder per host (certbot's layout).
    #[arg(long, default_value = "/etc/letsencrypt/live")]
    pub cert_dir: PathBuf,
    /// certbot's `--webroot -w` folder for the http-01 challenge.
    #[arg(long, default_value = "/var/www/letsencrypt")]
    pub acme_webroot: PathBuf,
    /// `client_max_body_size`, in bytes: Plenário's own limit (`PLENARIO_BODY_MAX`).
    #[arg(skip)]
    pub body_max: u64,
}

pub(super) async fn run(store: &Store, db: &DbArgs, command: ProxyCommand) -> Result<(), CliError> {
    let ProxyCommand::Nginx { out, mut opcoes } = command;
    opcoes.body_max = db.body_max;
    let hosts = hosts(store, db).await?;
    let texto = nginx(&opcoes, &hosts, |h| tem_certificado(&opcoes.cert_dir, h))
        .map_err(CliError::usage)?;
    match out {
        None => print!("{texto}"),
        Some(path) => {
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, &texto)?;
            std::fs::rename(&tmp, &path)?;
            let sem = hosts
                .iter()
                .filter(|h| !tem_certificado(&opcoes.cert_dir, h))
                .count();
            println!(
                "{}: {} endereços ({} aguardando certificado).",
                path.display(),
                hosts.len(),
                sem
            );
        }
    }
    Ok(())
}

/// Every host served: the platform's, then each câmara's own and its custom domains.
async fn hosts(store: &Store, db: &DbArgs) -> Result<Vec<String>, CliError> {
    let mut hosts = vec![
        db.platform_host
            .clone()
            .unwrap_or_else(|| format!("admin.{}", db.base_domain)),
    ];
    for (slug, dominios) in store::infra::catalog::servidos(store.control()).await? {
        hosts.push(format!("{slug}.{}", db.base_domain));
        hosts.extend(dominios);
    }
    let mut vistos = std::collections::HashSet::new();
    hosts.retain(|h| vistos.insert(h.clone()));
    Ok(hosts)
}

fn tem_certificado(dir: &Path, host: &str) -> bool {
    dir.join(host).join("fullchain.pem").is_file() && dir.join(host).join("privkey.pem").is_file()
}

/// A name nginx may take as it is (the catalog's hosts are validated; this is the last look).
fn host_seguro(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

fn caminho_seguro(p: &Path) -> Result<String, String> {
    let s = p.to_string_lossy();
    if s.chars()
        .any(|c| c.is_whitespace() || matches!(c, ';' | '{' | '}' | '"' | '\''))
    {
        return Err(format!("Caminho inválido para o nginx: \"{s}\"."));
    }
    Ok(s.into_owned())
}

/// The `listen` lines of a port.
fn listens(o: &Opcoes, porta: u16, extra: &str) -> String {
    match &o.listen {
        Some(a) => format!("    listen {a}:{porta}{extra};\n"),
        None => format!("    listen {porta}{extra};\n    listen [::]:{porta}{extra};\n"),
    }
}

/// The configuration (pure: the hosts and which of them have a certificate are given).
pub fn nginx(
    o: &Opcoes,
    hosts: &[String],
    tem_certificado: impl Fn(&str) -> bool,
) -> Result<String, String> {
    if o.upstreams.is_empty() {
        return Err("Informe ao menos um processo do Plenário (--upstream).".into());
    }
    for u in &o.upstreams {
        if u.is_empty()
            || u.chars()
                .any(|c| c.is_whitespace() || matches!(c, ';' | '{' | '}'))
        {
            return Err(format!("Processo inválido em --upstream: \"{u}\"."));
        }
    }
    let certs = caminho_seguro(&o.cert_dir)?;
    let webroot = caminho_seguro(&o.acme_webroot)?;
    let (com, sem): (Vec<&String>, Vec<&String>) = hosts
        .iter()
        .filter(|h| host_seguro(h))
        .partition(|h| tem_certificado(h));
    let https = if o.https_port == 443 {
        "https://$host".to_owned()
    } else {
        format!("https://$host:{}", o.https_port)
    };
    let mut c = String::new();
    let _ = write!(
        c,
        "# Gerado por `plenario proxy nginx`: não edite; gere de novo depois de criar uma\n\
         # câmara ou um domínio, ou de emitir um certificado.\n\
         # {} endereços: {} com certificado, {} aguardando certificado.\n\n",
        com.len() + sem.len(),
        com.len(),
        sem.len()
    );
    c.push_str("server_names_hash_bucket_size 128;\nserver_names_hash_max_size 65536;\n\n");
    c.push_str("upstream plenario {\n");
    for u in &o.upstreams {
        let _ = writeln!(c, "    server {u} max_fails=3 fail_timeout=10s;");
    }
    c.push_str("    keepalive 64;\n}\n\n");
    let _ = write!(
        c,
        "proxy_http_version 1.1;\n\
         proxy_set_header Connection \"\";\n\
         proxy_set_header Host $host;\n\
         proxy_set_header X-Real-IP $remote_addr;\n\
         proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
         proxy_set_header X-Forwarded-Proto $scheme;\n\
         proxy_set_header X-Forwarded-Host $host;\n\
         proxy_connect_timeout 5s;\n\
         proxy_read_timeout 60s;\n\
         proxy_next_upstream error timeout http_502;\n\
         client_max_body_size {};\n\
         gzip_vary on;\n\
         gzip_proxied any;\n\
         gzip_min_length 1024;\n\
         gzip_types text/css text/plain text/csv text/calendar application/javascript \
         application/json application/problem+json application/xml application/rss+xml \
         application/atom+xml image/svg+xml;\n\n",
        o.body_max
    );
    let acme = format!(
        "    location ^~ /.well-known/acme-challenge/ {{\n        root {webroot};\n        \
         default_type text/plain;\n    }}\n"
    );
    if !com.is_empty() {
        c.push_str("# HTTP: the ACME challenge, then HTTPS.\nserver {\n");
        c.push_str(&listens(o, o.http_port, ""));
        let _ = writeln!(c, "    server_name {};", nomes(&com));
        c.push_str(&acme);
        let _ = writeln!(
            c,
            "    location / {{\n        return 301 {https}$request_uri;\n    }}\n}}\n"
        );
    }
    if !sem.is_empty() {
        c.push_str(
            "# Without a certificate yet: the ACME challenge only (certbot certonly --webroot).\n\
             server {\n",
        );
        c.push_str(&listens(o, o.http_port, ""));
        let _ = writeln!(c, "    server_name {};", nomes(&sem));
        c.push_str(&acme);
        c.push_str(
            "    location / {\n        default_type text/plain;\n        return 503 \
             \"Certificado TLS ainda não emitido para este endereço.\\n\";\n    }\n}\n\n",
        );
    }
    c.push_str("# HTTPS: a name not served here gets no certificate at all.\nserver {\n");
    c.push_str(&listens(o, o.https_port, " ssl http2 default_server"));
    c.push_str("    ssl_reject_handshake on;\n}\n\n");
    for h in &com {
        c.push_str("server {\n");
        c.push_str(&listens(o, o.https_port, " ssl http2"));
        let _ = write!(
            c,
            "    server_name {h};\n    ssl_certificate {certs}/{h}/fullchain.pem;\n    \
             ssl_certificate_key {certs}/{h}/privkey.pem;\n    gzip on;\n    \
             location / {{\n        proxy_pass http://plenario;\n    }}\n    \
             # The painel and its server-sent events: unbuffered, long-lived.\n    \
             location ~ /(painel|eventos)(/|$) {{\n        proxy_pass http://plenario;\n        \
             proxy_buffering off;\n        proxy_cache off;\n        gzip off;\n        \
             proxy_read_timeout 1h;\n        proxy_send_timeout 1h;\n    }}\n}}\n\n"
        );
    }
    Ok(c)
}

fn nomes(hosts: &[&String]) -> String {
    hosts
        .iter()
        .map(|h| h.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opcoes() -> Opcoes {
        Opcoes {
            upstreams: vec!["127.0.0.1:8080".into(), "127.0.0.1:8081".into()],
            listen: None,
            http_port: 80,
            https_port: 443,
            cert_dir: "/etc/letsencrypt/live".into(),
            acme_webroot: "/var/www/letsencrypt".into(),
            body_max: 1024,
        }
    }

    #[test]
    fn every_host_with_a_certificate_gets_its_server_and_the_others_wait() {
        let hosts = vec![
            "admin.plenario.app".to_owned(),
            "olinda.plenario.app".to_owned(),
            "camara.olinda.pe.leg.br".to_owned(),
            "nova.plenario.app".to_owned(),
            "mal;formado".to_owned(),
        ];
        let c = nginx(&opcoes(), &hosts, |h| !h.starts_with("nova")).unwrap();
        assert!(c.contains("server 127.0.0.1:8080 max_fails=3"));
        assert!(c.contains("server 127.0.0.1:8081 max_fails=3"));
        assert!(c.contains(
            "ssl_certificate /etc/letsencrypt/live/camara.olinda.pe.leg.br/fullchain.pem;"
        ));
        assert!(c.contains(
            "server_name admin.plenario.app olinda.plenario.app camara.olinda.pe.leg.br;"
        ));
        assert!(c.contains("server_name nova.plenario.app;"));
        assert!(!c.contains("/nova.plenario.app/fullchain.pem"));
        assert!(!c.contains("mal;formado"));
        assert!(c.contains("return 301 https://$host$request_uri;"));
        assert!(c.contains("listen [::]:443 ssl http2;"));
        assert_eq!(c.matches("proxy_buffering off;").count(), 3);
        assert!(c.contains("# 4 endereços: 3 com certificado, 1 aguardando certificado."));
    }

    #[test]
    fn other_ports_are_in_the_redirect_and_bad_input_is_refused() {
        let o = Opcoes {
            listen: Some("127.0.0.1".into()),
            https_port: 8443,
            ..opcoes()
        };
        let c = nginx(&o, &["a.x".to_owned()], |_| true).unwrap();
        assert!(c.contains("return 301 https://$host:8443$request_uri;"));
        assert!(c.contains("listen 127.0.0.1:8443 ssl http2;"));
        assert!(!c.contains("[::]"));
        let sem = Opcoes {
            upstreams: vec![],
            ..opcoes()
        };
        assert!(nginx(&sem, &[], |_| true).is_err());
        let mau = Opcoes {
            upstreams: vec!["x; include /etc/passwd".into()],
            ..opcoes()
        };
        assert!(nginx(&mau, &[], |_| true).is_err());
        let caminho = Opcoes {
            cert_dir: "/tmp/a b".into(),
            ..opcoes()
        };
        assert!(nginx(&caminho, &[], |_| true).is_err());
    }
}
