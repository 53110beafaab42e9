//! The vínculos a norma makes (altera, acrescenta, revoga… a dispositivo of another norma),
//! checked against the other norma's text (`store::normas::vinculos::adicionar`).

use axum::response::Response;
use domain::ValidationError;
use domain::normas::TipoVinculo;
use serde::Deserialize;
use store::normas::consultas;
use store::normas::{NovoVinculo, vinculos};
use uuid::Uuid;

use super::admin::{FormNorma, MENU, form_page};
use crate::error::WebError;
use crate::http::auth::Admin;
use crate::http::entrada::{Form, Path};
use crate::kit::formulario::{Erros, data, id_de, invalido, redirecionar};
use crate::kit::shell::Shell;

/// The vínculo form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct FormVinculo {
    pub(super) alvo_id: String,
    pub(super) tipo: String,
    pub(super) dispositivo: String,
    pub(super) texto_novo: String,
    pub(super) vigencia: String,
    pub(super) observacao: String,
}

impl FormVinculo {
    fn validar(&self) -> Result<NovoVinculo, Erros> {
        let mut e = Erros::default();
        let alvo_id = e.campo(self.alvo_id.trim().parse::<Uuid>().map_err(|_| {
            ValidationError::new("alvo_id", "Escolha a norma que este vínculo atinge.")
        }));
        let tipo =
            e.campo(TipoVinculo::parse(&self.tipo).ok_or_else(|| {
                ValidationError::new("tipo", "Escolha um tipo de vínculo da lista.")
            }));
        let vigencia = e.campo(data("vigencia", &self.vigencia));
        match (alvo_id, tipo, vigencia, e.vazio()) {
            (Some(alvo_id), Some(tipo), Some(vigencia), true) => Ok(NovoVinculo {
                alvo_id,
                tipo,
                dispositivo: Some(self.dispositivo.trim().to_owned()).filter(|d| !d.is_empty()),
                texto_novo: self.texto_novo.clone(),
                vigencia,
                observacao: self.observacao.clone(),
            }),
            _ => Err(e),
        }
    }
}

pub(super) async fn adicionar(
    Admin(mut tx, current, logado): Admin,
    Path(id): Path<String>,
    Form(v): Form<FormVinculo>,
) -> Result<Response, WebError> {
    let id = id_de(&id)?;
    let n = consultas::norma(&mut tx, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let autor = logado.autor.clone();
    let r = match v.validar() {
        Ok(novo) => match tx
            .tentar(async |tx| vinculos::adicionar(tx, &autor, id, &novo).await)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => Err(Erros::do_store(e)?),
        },
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => {
            tx.commit().await?;
            Ok(redirecionar(&format!("/admin/normas/{id}?aviso=vinculo")))
        }
        Err(erros) => {
            let texto = consultas::texto(&mut tx, &n).await?.renderizar();
            let shell = Shell::new(&current, &logado, MENU);
            let f = FormNorma::de(&n, texto);
            let p = form_page(&mut tx, shell, f, erros, Vec::new(), Some(n), v).await?;
            Ok(invalido(p))
        }
    }
}
