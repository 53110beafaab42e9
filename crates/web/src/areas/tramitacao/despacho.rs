//! The despacho form shared by the proposição's page and the lote screen (origem, one or
//! several destinos, status, text, prazo in dias úteis or as a date), and the choices it
//! offers.

use store::TenantTx;
use store::tramitacao::{self, NovaTramitacao, Prazo, Status, Unidade};
use uuid::Uuid;

use crate::error::WebError;
use crate::kit::formulario::{self, Erros, escolha};

/// A form posted as pairs: repeated fields (checkboxes) come as many pairs.
pub(super) type Pares = Vec<(String, String)>;

pub(super) fn valor(p: &Pares, nome: &str) -> String {
    p.iter()
        .find(|(k, _)| k == nome)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub(super) fn valores(p: &Pares, nome: &str) -> Vec<String> {
    p.iter()
        .filter(|(k, _)| k == nome)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// What was typed in the despacho form.
#[derive(Debug, Clone, Default)]
pub(super) struct FormDespacho {
    pub origem_id: String,
    pub destinos: Vec<String>,
    pub status_id: String,
    pub despacho: String,
    pub prazo_dias: String,
    pub prazo_data: String,
}

impl FormDespacho {
    pub fn de(p: &Pares) -> Self {
        Self {
            origem_id: valor(p, "origem_id"),
            destinos: valores(p, "destinos"),
            status_id: valor(p, "status_id"),
            despacho: valor(p, "despacho"),
            prazo_dias: valor(p, "prazo_dias"),
            prazo_data: valor(p, "prazo_data"),
        }
    }

    pub fn destino(&self, id: &Uuid) -> bool {
        let id = id.to_string();
        self.destinos.contains(&id)
    }

    pub fn origem(&self, id: &Uuid) -> bool {
        self.origem_id == id.to_string()
    }

    pub fn status(&self, id: &Uuid) -> bool {
        self.status_id == id.to_string()
    }

    /// The despacho, or nothing with every wrong field in `erros`.
    pub fn dados(&self, erros: &mut Erros) -> Option<NovaTramitacao> {
        let origem = erros.campo(escolha(
            "origem_id",
            &self.origem_id,
            "Escolha a unidade de origem.",
        ));
        let mut destinos = Vec::new();
        for d in &self.destinos {
            match d.parse::<Uuid>() {
                Ok(id) => destinos.push(id),
                Err(_) => {
                    erros.push(domain::ValidationError::new(
                        "destinos",
                        "Escolha as unidades de destino da lista.",
                    ));
                    break;
                }
            }
        }
        if self.destinos.is_empty() {
            erros.push(domain::ValidationError::new(
                "destinos",
                "Escolha ao menos uma unidade de destino.",
            ));
        }
        let status = erros.campo(escolha(
            "status_id",
            &self.status_id,
            "Escolha o status da tramitação.",
        ));
        let prazo = erros.campo(prazo(&self.prazo_dias, &self.prazo_data));
        if !erros.vazio() {
            return None;
        }
        Some(NovaTramitacao {
            origem_id: origem?,
            destinos,
            status_id: status?,
            despacho: self.despacho.clone(),
            prazo: prazo?,
        })
    }
}

/// The prazo of a form: dias úteis, or a date, or none (both at once refused).
pub(super) fn prazo(dias: &str, data: &str) -> Result<Prazo, domain::ValidationError> {
    let dias = formulario::inteiro_opt(
        "prazo_dias",
        dias,
        "Informe o prazo como um número de dias úteis.",
    )?;
    let data = formulario::data_opt("prazo_data", data)?;
    match (dias, data) {
        (Some(_), Some(_)) => Err(domain::ValidationError::new(
            "prazo_dias",
            "Informe o prazo em dias úteis ou a data em que termina, não os dois.",
        )),
        (Some(n), None) if (1..=365).contains(&n) => Ok(Prazo::DiasUteis(n as u16)),
        (Some(_), None) => Err(domain::ValidationError::new(
            "prazo_dias",
            "O prazo deve ser de 1 a 365 dias úteis.",
        )),
        (None, Some(d)) => Ok(Prazo::Data(d)),
        (None, None) => Ok(Prazo::Nenhum),
    }
}

/// The choices of the despacho form.
pub(super) struct Opcoes {
    pub unidades: Vec<Unidade>,
    pub status: Vec<Status>,
}

impl Opcoes {
    pub async fn carregar(tx: &mut TenantTx) -> Result<Self, WebError> {
        Ok(Self {
            unidades: tramitacao::ativas(tx).await?,
            status: tramitacao::listar_status(tx, false).await?,
        })
    }
}
