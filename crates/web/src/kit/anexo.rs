//! The attachment form the páginas and the proposições share (multipart: `titulo` and
//! `arquivo`, plus whatever the area adds): read, the title validated, the file checked by
//! its content ([`store::conteudo::paginas::verificar_anexo`]), and, when refused, shown
//! again as typed ([`FormAnexo`]) with a good file kept for the next try ([`Retido`]).

use axum::extract::Multipart;
use domain::ValidationError;
use store::conteudo::paginas::{self, ArquivoVerificado};
use store::infra::arquivos::Arquivos;

use crate::error::WebError;
use crate::kit::formulario::Erros;
use crate::kit::multiparte::{Arquivo, Multiparte, Retido};

/// The form as shown again after a refusal: the title as typed, every message, the file kept.
#[derive(Default)]
pub struct FormAnexo {
    pub titulo: String,
    pub erros: Erros,
    pub retido: Option<Retido>,
}

/// An attachment form read and checked; the area adds its own checks to `erros`, then
/// [`Self::decidir`] gives the attachment or the form to show again.
pub struct AnexoEnviado {
    /// The other fields of the form.
    pub envio: Multiparte,
    pub erros: Erros,
    titulo_digitado: String,
    titulo: Option<String>,
    /// The name the browser gave and the checked file.
    pub arquivo: Option<(String, ArquivoVerificado)>,
}

impl AnexoEnviado {
    /// Reads and checks the form of câmara `tenant_id`; a form that comes back without a new
    /// file uses the one kept from its refused try, checked again.
    pub async fn ler(
        arquivos: &Arquivos,
        tenant_id: i32,
        mp: &mut Multipart,
    ) -> Result<Self, WebError> {
        let mut erros = Erros::default();
        let grande = "O anexo deve ter no máximo 20 MB.";
        let mut envio = Multiparte::ler_em(mp, &["arquivo"], grande, &mut erros).await;
        let titulo_digitado = envio.campo("titulo").to_owned();
        let titulo = erros.campo(paginas::validar_titulo_anexo(&titulo_digitado));
        let arquivo = match envio.arquivo("arquivo") {
            Some(a) => Some(a),
            None => Retido::retomar(arquivos, tenant_id, "arquivo", &envio).await?,
        };
        let arquivo = match arquivo {
            Some(a) => erros.campo(verificar(a).await),
            None => {
                if erros.de("arquivo").is_none() {
                    erros.push(ValidationError::new(
                        "arquivo",
                        "Escolha o arquivo a anexar.",
                    ));
                }
                None
            }
        };
        Ok(Self {
            envio,
            erros,
            titulo_digitado,
            titulo,
            arquivo,
        })
    }

    /// The title, the file's name and the checked file when nothing was refused; otherwise
    /// the form to show again, with a good file kept.
    pub async fn decidir(
        self,
        arquivos: &Arquivos,
        tenant_id: i32,
    ) -> Result<Result<(String, String, ArquivoVerificado), FormAnexo>, WebError> {
        let Self {
            erros,
            titulo_digitado,
            titulo,
            arquivo,
            ..
        } = self;
        let arquivo = match (erros.vazio(), titulo, arquivo) {
            (true, Some(titulo), Some((nome, v))) => return Ok(Ok((titulo, nome, v))),
            (_, _, arquivo) => arquivo,
        };
        let retido = match arquivo {
            Some((nome, v)) => {
                Some(Retido::guardar(arquivos, tenant_id, "arquivo", v.ext, v.dados, &nome).await?)
            }
            None => None,
        };
        Ok(Err(FormAnexo {
            titulo: titulo_digitado,
            erros,
            retido,
        }))
    }
}

/// Checks a file by its content off the async threads.
async fn verificar(a: Arquivo) -> Result<(String, ArquivoVerificado), ValidationError> {
    let nome = if a.nome.is_empty() {
        "anexo".to_owned()
    } else {
        a.nome
    };
    tokio::task::spawn_blocking(move || paginas::verificar_anexo(&nome, a.bytes).map(|v| (nome, v)))
        .await
        .unwrap_or_else(|_| {
            Err(ValidationError::new(
                "arquivo",
                "Não foi possível ler o arquivo enviado.",
            ))
        })
}
