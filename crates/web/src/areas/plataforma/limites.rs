//! A câmara's rate limits, set by the operator on its master-panel page (the same as
//! `plenario tenant limits`): requests per minute from one client and for the câmara in
//! all; blank keeps the deployment's default, 0 turns the limit off. Applied by
//! [`crate::http::limite`].

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use store::infra::catalog::Tenant;

use super::{camara, logado};
use crate::error::WebError;
use crate::http::entrada::{Form, Path};
use crate::kit::formulario::{Erros, inteiro_opt, invalido, redirecionar};
use crate::state::AppState;

/// The form's values, its errors and the defaults it names.
pub(super) struct Campos {
    pub por_ip: String,
    pub por_camara: String,
    pub erros: Erros,
    pub padrao_ip: u32,
    pub padrao_camara: u32,
}

impl Campos {
    /// The câmara's current limits, blank where it takes the default.
    pub fn da_camara(state: &AppState, t: &Tenant) -> Self {
        let v = |o: Option<i32>| o.map(|n| n.to_string()).unwrap_or_default();
        Self::com(state, v(t.limite_ip), v(t.limite_camara), Erros::default())
    }

    fn com(state: &AppState, por_ip: String, por_camara: String, erros: Erros) -> Self {
        Self {
            por_ip,
            por_camara,
            erros,
            padrao_ip: state.config.limites.por_ip,
            padrao_camara: state.config.limites.por_camara,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct LimitesForm {
    #[serde(default)]
    por_ip: String,
    #[serde(default)]
    por_camara: String,
}

const MSG: &str = "Informe um número inteiro de requisições por minuto (0: sem limite) ou deixe \
                   em branco para usar o padrão.";

fn limite(erros: &mut Erros, campo: &'static str, s: &str) -> Option<i32> {
    match erros.campo(inteiro_opt(campo, s, MSG)) {
        Some(Some(n)) if n < 0 => {
            erros.push(domain::ValidationError::new(campo, MSG));
            None
        }
        Some(v) => v,
        None => None,
    }
}

pub(super) async fn salvar(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
    Form(f): Form<LimitesForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let mut erros = Erros::default();
    let por_ip = limite(&mut erros, "por_ip", &f.por_ip);
    let por_camara = limite(&mut erros, "por_camara", &f.por_camara);
    if erros.vazio() {
        match store::plataforma::limites::definir(&state.store, &t, por_ip, por_camara, &l.actor())
            .await
        {
            Ok(()) => {
                return Ok(redirecionar(&format!(
                    "/admin-master/camaras/{}#limites",
                    t.slug
                )));
            }
            Err(e) => erros = Erros::do_store(e)?,
        }
    }
    let campos = Campos::com(&state, f.por_ip, f.por_camara, erros);
    let pagina = super::camaras::pagina_detalhe(&state, l, t, campos).await?;
    Ok(invalido(pagina))
}
