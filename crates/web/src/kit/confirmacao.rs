//! One confirmation page before anything destructive, for every admin area: what will
//! happen, one button that posts, and the way back. A refused attempt comes back on the same
//! page with every message; an action that cannot be done shows why, and no button.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;
use crate::kit::formulario::Erros;
use crate::kit::shell::Shell;

/// A confirmation page (`kit/confirmar.html`).
#[derive(Template, WebTemplate)]
#[template(path = "kit/confirmar.html")]
pub struct Confirmacao {
    pub shell: Shell,
    pub titulo: String,
    pub texto: String,
    /// Where the button posts.
    pub acao: String,
    pub botao: &'static str,
    /// Where "Cancelar" goes.
    pub voltar: String,
    /// The messages of a refused attempt.
    pub erros: Vec<String>,
    /// Why the action cannot be done: then there is no button.
    pub impedimento: Option<String>,
    /// A motivo the action asks for: its label and what was typed.
    pub motivo: Option<(&'static str, String)>,
    /// A choice the action asks for (a required `<select>`), before the motivo.
    pub escolha: Option<Escolha>,
    /// Fields the action posts again as they were typed (a form confirmed before it is
    /// saved), as hidden inputs: name and value.
    pub campos: Vec<(String, String)>,
}

/// A required choice on a confirmation page: the field's name and label, the options
/// (value, text) and the one chosen.
pub struct Escolha {
    pub nome: &'static str,
    pub rotulo: &'static str,
    pub opcoes: Vec<(String, String)>,
    pub valor: String,
}

impl Confirmacao {
    pub fn new(
        shell: Shell,
        titulo: impl Into<String>,
        texto: impl Into<String>,
        acao: impl Into<String>,
        botao: &'static str,
        voltar: impl Into<String>,
    ) -> Self {
        Self {
            shell,
            titulo: titulo.into(),
            texto: texto.into(),
            acao: acao.into(),
            botao,
            voltar: voltar.into(),
            erros: Vec::new(),
            impedimento: None,
            motivo: None,
            escolha: None,
            campos: Vec::new(),
        }
    }

    /// The button posts these fields again (the form being confirmed).
    pub fn com_campos(mut self, campos: Vec<(String, String)>) -> Self {
        self.campos = campos;
        self
    }

    /// The action cannot be done now: say why, offer no button.
    pub fn impedida(mut self, porque: impl Into<String>) -> Self {
        self.impedimento = Some(porque.into());
        self
    }

    /// The action asks for a motivo (a required text field named `motivo`).
    pub fn pedindo_motivo(mut self, rotulo: &'static str, valor: impl Into<String>) -> Self {
        self.motivo = Some((rotulo, valor.into()));
        self
    }

    /// The action asks for a choice among `opcoes` (a required `<select>` named `nome`).
    pub fn pedindo_escolha(mut self, escolha: Escolha) -> Self {
        self.escolha = Some(escolha);
        self
    }

    pub fn com_erros(mut self, erros: &Erros) -> Self {
        self.erros = erros.mensagens().into_iter().map(str::to_owned).collect();
        self
    }

    /// The store refused the action: the page again, 409, with the reason; any other error
    /// passes through.
    pub fn recusada(self, e: store::Error) -> Result<Response, WebError> {
        let erros = Erros::do_store(e)?;
        Ok((StatusCode::CONFLICT, self.com_erros(&erros)).into_response())
    }
}

impl Confirmacao {
    /// An action that asks for a motivo was refused: the page again (422) with the motivo
    /// as typed and every message; any other error passes through.
    pub fn motivo_recusado(
        self,
        rotulo: &'static str,
        motivo: String,
        e: store::Error,
    ) -> Result<Response, WebError> {
        let erros = Erros::do_store(e)?;
        Ok(crate::kit::formulario::invalido(
            self.pedindo_motivo(rotulo, motivo).com_erros(&erros),
        ))
    }
}
