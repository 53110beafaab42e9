//! Outgoing e-mail (SMTP through lettre). Without a configured server, messages are written
//! to the log instead (development).

use lettre::message::Mailbox;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// Development: the message goes to the log.
    Log { from: Mailbox },
}

impl Mailer {
    /// Development default: log every message.
    pub fn dev() -> Self {
        let address = lettre::Address::new("nao-responda", "plenario.invalid")
            .expect("a constant, valid address");
        Self::Log {
            from: Mailbox::new(Some("Plenário".into()), address),
        }
    }

    /// `url`: `smtp://host:port` (plain), `smtp://user:pass@host:587?tls=required`,
    /// or `smtps://user:pass@host:465`. `from`: `Nome <endereco@dominio>`.
    pub fn new(url: Option<&str>, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("remetente de e-mail inválido \"{from}\": {e}"))?;
        match url {
            None => Ok(Self::Log { from }),
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("PLENARIO_SMTP_URL inválida: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(15)))
                    .build();
                Ok(Self::Smtp { transport, from })
            }
        }
    }

    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), String> {
        self.enviar(&Email {
            para: to.to_owned(),
            assunto: subject.to_owned(),
            corpo: body,
            cabecalhos: Vec::new(),
        })
        .await
    }

    /// Sends one plain-text message with extra headers (`List-Unsubscribe`, …).
    pub async fn enviar(&self, email: &Email) -> Result<(), String> {
        let from = match self {
            Self::Smtp { from, .. } | Self::Log { from } => from.clone(),
        };
        let to: Mailbox = email
            .para
            .parse()
            .map_err(|e| format!("destinatário inválido: {e}"))?;
        let mut builder = Message::builder()
            .from(from)
            .to(to.clone())
            .subject(email.assunto.as_str())
            .header(lettre::message::header::ContentType::TEXT_PLAIN);
        for (nome, valor) in &email.cabecalhos {
            let nome = HeaderName::new_from_ascii(nome.clone())
                .map_err(|e| format!("cabeçalho inválido \"{nome}\": {e}"))?;
            builder = builder.raw_header(HeaderValue::new(nome, valor.clone()));
        }
        let message = builder
            .body(email.corpo.clone())
            .map_err(|e| e.to_string())?;
        match self {
            Self::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Self::Log { .. } => {
                tracing::info!(%to, subject = email.assunto, body = email.corpo, "e-mail (sem servidor SMTP configurado)");
                Ok(())
            }
        }
    }
}

/// One plain-text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub para: String,
    pub assunto: String,
    pub corpo: String,
    /// Extra headers, (name, value): ASCII names, values as they are to be written.
    pub cabecalhos: Vec<(String, String)>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Self::Log { from } => write!(f, "Mailer::Log(from {from})"),
        }
    }
}
impl Mailer {
    /// A plain-text message with one attached file (a receipt's PDF, say).
    pub async fn send_com_anexo(
        &self,
        to: &str,
        subject: &str,
        body: String,
        anexo: (&str, &str, Vec<u8>),
    ) -> Result<(), String> {
        use lettre::message::{Attachment, MultiPart, SinglePart, header::ContentType};
        let (nome, tipo, dados) = anexo;
        let from = match self {
            Self::Smtp { from, .. } | Self::Log { from } => from.clone(),
        };
        let to: Mailbox = to
            .parse()
            .map_err(|e| format!("destinatário inválido: {e}"))?;
        let tipo = ContentType::parse(tipo).map_err(|e| e.to_string())?;
        let tamanho = dados.len();
        let message = Message::builder()
            .from(from)
            .to(to.clone())
            .subject(subject)
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body.clone()))
                    .singlepart(Attachment::new(nome.to_owned()).body(dados, tipo)),
            )
            .map_err(|e| e.to_string())?;
        match self {
            Self::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Self::Log { .. } => {
                tracing::info!(%to, subject, body, anexo = nome, tamanho, "e-mail (sem servidor SMTP configurado)");
                Ok(())
            }
        }
    }
}
