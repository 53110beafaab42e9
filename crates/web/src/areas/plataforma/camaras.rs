//! The câmaras of the platform: the paged list, one câmara's page, and a new câmara.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{PlacementTarget, Slug};
use serde::Deserialize;
use store::infra::catalog::{self, Tenant};
use store::infra::provision::{self, NewTenant};
use store::{Access, TenantTx};

use super::{PaginaQuery, camara, logado, pagina_de_camaras};
use crate::error::WebError;
use crate::http::entrada::{Form, Path, Query};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/camaras.html")]
pub(super) struct CamarasPage {
    admin: String,
    csrf: String,
    camaras: Vec<Tenant>,
    total: i64,
    pagina: i64,
    paginas: i64,
    base_domain: String,
}

pub(super) async fn camaras(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Query(q): Query<PaginaQuery>,
) -> Result<CamarasPage, WebError> {
    let l = logado(&ext)?;
    let (camaras, pagina, paginas, total) = pagina_de_camaras(&state, q.pagina).await?;
    Ok(CamarasPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        camaras,
        total,
        pagina,
        paginas,
        base_domain: state.config.base_domain.clone(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/detalhe.html")]
pub(super) struct DetalhePage {
    admin: String,
    csrf: String,
    t: Tenant,
    dominios: Vec<(String, bool)>,
    usuarios: i64,
    base_domain: String,
}

pub(super) async fn detalhe(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Path(slug): Path<String>,
) -> Result<DetalhePage, WebError> {
    let l = logado(&ext)?;
    let t = camara(&state, &slug).await?;
    let dominios = catalog::domains(state.store.control(), t.id).await?;
    // Reading inside a câmara: through its scoped transaction, and audited.
    let mut tx = TenantTx::begin(&state.store, &t, Access::Read).await?;
    let (_, usuarios) = store::conta::usuarios::listar(&mut tx, 1, 0).await?;
    drop(tx);
    l.leu(&state, &t, "contagem de usuários").await?;
    Ok(DetalhePage {
        admin: l.admin.nome,
        csrf: l.csrf,
        t,
        dominios,
        usuarios,
        base_domain: state.config.base_domain.clone(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "plataforma/nova.html")]
pub(super) struct NovaPage {
    admin: String,
    csrf: String,
    f: NovaForm,
    erro: Option<String>,
    criada: Option<(Tenant, Option<String>, u128)>,
    base_domain: String,
}

#[derive(Deserialize, Default, Clone)]
pub(super) struct NovaForm {
    slug: String,
    nome: String,
    municipio: String,
    uf: String,
    #[serde(default)]
    dominio: String,
    #[serde(default)]
    posicionamento: String,
    #[serde(default)]
    admin_email: String,
}

pub(super) async fn nova_form(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
) -> Result<NovaPage, WebError> {
    let l = logado(&ext)?;
    Ok(NovaPage {
        admin: l.admin.nome,
        csrf: l.csrf,
        f: NovaForm {
            posicionamento: "pool".into(),
            ..Default::default()
        },
        erro: None,
        criada: None,
        base_domain: state.config.base_domain.clone(),
    })
}

pub(super) async fn nova(
    State(state): State<AppState>,
    ext: axum::http::Extensions,
    Form(f): Form<NovaForm>,
) -> Result<Response, WebError> {
    let l = logado(&ext)?;
    let parsed = (|| -> Result<NewTenant, store::Error> {
        Ok(NewTenant {
            slug: Slug::parse(&f.slug)?,
            nome_oficial: provision::validate_nome(&f.nome)?,
            municipio: domain::municipios::find(&f.municipio, &f.uf)?,
            domain: (!f.dominio.trim().is_empty())
                .then(|| domain::host::parse_domain(&f.dominio))
                .transpose()?,
            placement: PlacementTarget::parse(if f.posicionamento.is_empty() {
                "pool"
            } else {
                &f.posicionamento
            })?,
            admin_email: (!f.admin_email.trim().is_empty())
                .then(|| provision::validate_email(&f.admin_email))
                .transpose()?,
        })
    })();
    let result = match parsed {
        Ok(new) => {
            provision::create(&state.store, new, &state.config.base_domain, &l.actor()).await
        }
        Err(e) => Err(e),
    };
    let page = |erro, criada| NovaPage {
        admin: l.admin.nome.clone(),
        csrf: l.csrf.clone(),
        f: f.clone(),
        erro,
        criada,
        base_domain: state.config.base_domain.clone(),
    };
    match result {
        Ok(done) => Ok((
            StatusCode::CREATED,
            page(
                None,
                Some((done.tenant, done.admin_password, done.elapsed.as_millis())),
            ),
        )
            .into_response()),
        Err(
            e @ (store::Error::Validation(_)
            | store::Error::Conflict(_)
            | store::Error::UnknownCluster(_)),
        ) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(Some(e.to_string()), None),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
