//! One step of an autógrafo (`POST /admin/normas/autografos/{id}/passos`): every step is
//! irreversible, so the first post checks it (`store::normas::passos::conferir`) and
//! shows the confirmation page with what will happen and the form's fields carried
//! along; the confirmed post records it (`passos::registrar`). A refusal comes back on
//! the autógrafo's page with the form as typed and every message, nothing written.

use axum::response::{IntoResponse, Response};
use domain::ValidationError;
use domain::normas::sancao::{EstadoAutografo, Promulgador};
use serde::Deserialize;
use store::normas::passos::{self, NovoPasso};

use super::admin_autografos::{MENU, montar};
use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Path};
use crate::kit::confirmacao::Confirmacao;
use crate::kit::formulario::{Erros, data, data_opt, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

/// The step's form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct FormPasso {
    pub(crate) estado: String,
    pub(crate) data: String,
    /// LexML ids separated by commas, semicolons or spaces.
    pub(crate) dispositivos: String,
    pub(crate) razoes: String,
    pub(crate) veto_recebido_em: String,
    pub(crate) sessao_id: String,
    pub(crate) observacao: String,
    /// After a sanção tácita or a derrubada: "prefeito", "presidente" or "vice_presidente".
    pub(crate) promulgador: String,
    /// "1" on the confirmation page's post.
    pub(crate) confirmado: String,
}

impl FormPasso {
    pub(crate) fn valor(&self, campo: &str) -> String {
        match campo {
            "data" => &self.data,
            "dispositivos" => &self.dispositivos,
            "razoes" => &self.razoes,
            "veto_recebido_em" => &self.veto_recebido_em,
            "sessao_id" => &self.sessao_id,
            "observacao" => &self.observacao,
            "promulgador" => &self.promulgador,
            _ => "",
        }
        .to_owned()
    }

    fn campos(&self) -> Vec<(String, String)> {
        [
            "estado",
            "data",
            "dispositivos",
            "razoes",
            "veto_recebido_em",
            "sessao_id",
            "observacao",
            "promulgador",
        ]
        .into_iter()
        .map(|c| {
            let v = if c == "estado" {
                self.estado.clone()
            } else {
                self.valor(c)
            };
            (c.to_owned(), v)
        })
        .chain([("confirmado".to_owned(), "1".to_owned())])
        .collect()
    }

    fn validar(&self) -> Result<NovoPasso, Erros> {
        let mut e = Erros::default();
        let estado = EstadoAutografo::parse(&self.estado);
        if estado.is_none() {
            e.push(ValidationError::new(
                "estado",
                "Escolha o próximo passo do autógrafo.",
            ));
        }
        let data = e.campo(data("data", &self.data));
        let veto_recebido_em = e
            .campo(data_opt("veto_recebido_em", &self.veto_recebido_em))
            .flatten();
        let sessao_id = match self.sessao_id.trim() {
            "" => None,
            s => e
                .campo(s.parse().map_err(|_| {
                    ValidationError::new("sessao_id", "Escolha uma sessão da lista.")
                })),
        };
        let promulgador = match self.promulgador.trim() {
            "" => None,
            s => e.campo(
                Promulgador::parse(s)
                    .filter(|p| *p != Promulgador::Mesa)
                    .ok_or_else(|| {
                        ValidationError::new(
                            "promulgador",
                            "Escolha quem promulga: o Prefeito, o Presidente da Câmara ou o Vice-Presidente.",
                        )
                    }),
            ),
        };
        let dispositivos = self
            .dispositivos
            .split([',', ';', ' ', '\n', '\r', '\t'])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect();
        if !e.vazio() {
            return Err(e);
        }
        Ok(NovoPasso {
            estado,
            data,
            dispositivos,
            razoes: self.razoes.clone(),
            veto_recebido_em,
            sessao_id,
            observacao: self.observacao.clone(),
            promulgador,
        })
    }
}

pub(super) async fn registrar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(f): Form<FormPasso>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    if store::normas::autografos::por_id(&mut tx, id)
        .await?
        .is_none()
    {
        return Err(WebError::NotFound);
    }
    let hoje = store::camara::hoje(&mut tx).await?;
    let shell = || Shell::new(&current, &logado, MENU);
    let novo = match f.validar() {
        Ok(n) => n,
        Err(erros) => {
            return Ok(invalido(
                montar(&mut tx, shell(), id, f, erros, None).await?,
            ));
        }
    };
    if f.confirmado != "1" {
        return match passos::conferir(&mut tx, id, &novo, hoje).await {
            Ok((q, plano)) => {
                tx.commit().await?;
                Ok(Confirmacao::new(
                    shell(),
                    format!("{}: {}", q.autografo.identificacao(), plano.estado.rotulo()),
                    format!("{} Este passo não pode ser desfeito.", plano.descricao),
                    format!("/admin/normas/autografos/{id}/passos"),
                    "Confirmar",
                    format!("/admin/normas/autografos/{id}"),
                )
                .com_campos(f.campos())
                .into_response())
            }
            Err(e) => {
                let erros = Erros::do_store(e)?;
                Ok(invalido(
                    montar(&mut tx, shell(), id, f, erros, None).await?,
                ))
            }
        };
    }
    let autor = logado.autor.clone();
    match tx
        .tentar(async |tx| passos::registrar(tx, &autor, id, &novo, hoje).await)
        .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(redirecionar(&format!(
                "/admin/normas/autografos/{id}?aviso=passo"
            )))
        }
        Err(e) => {
            let erros = Erros::do_store(e)?;
            Ok(invalido(
                montar(&mut tx, shell(), id, f, erros, None).await?,
            ))
        }
    }
}
